// Installed by the benchmarks before any script of a page runs (Playwright's add_init_script).
// It records moments in performance.now() milliseconds, i.e. from the start of the navigation,
// and changes nothing the page does:
// - engineReadyAt: the quiz form's data-engine became "ready";
// - answerableAt: the first frame in which the quiz's first radio was rendered and enabled;
// - firstAnswerAt: a real input changed the first answer (and the engine's state at that moment);
// - posts / replies: each message the page posted to a worker and each reply it got back, so a
//   submit can be split into page work, worker round trip and DOM update;
// - quizWorkers: when each scoring-engine worker (quiz/web/worker.mjs) was created, so that a
//   benchmark can tell whether a page started Python again;
// - shownEpoch / heading: when the page's first frame after DOMContentLoaded ran (epoch ms) and
//   its h1, for the live-reload benchmark.
(() => {
  if (window.__bench) return;
  const bench = (window.__bench = { posts: [], replies: [], quizWorkers: [] });

  const NativeWorker = window.Worker;
  if (typeof NativeWorker === "function") {
    // A subclass, so that its message listener is added before the page's own: it sees the
    // reply arrive before the page starts handling it.
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        super(...args);
        if (String(args[0]).includes("/assets/quiz/worker.mjs")) bench.quizWorkers.push(performance.now());
        this.addEventListener("message", (event) => {
          const type = event.data?.type;
          if (typeof type === "string") {
            bench.replies.push({ type, at: performance.now(), message: String(event.data.message ?? "") });
          }
        });
      }

      postMessage(message, ...rest) {
        if (typeof message?.type === "string") bench.posts.push({ type: message.type, at: performance.now() });
        return super.postMessage(message, ...rest);
      }
    };
  }

  const watchEngine = () => {
    const form = document.querySelector("form#quiz");
    if (form && bench.engineReadyAt === undefined && form.dataset.engine === "ready") {
      bench.engineReadyAt = performance.now();
    }
  };
  new MutationObserver(watchEngine).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-engine"],
  });

  const watchFirstRadio = () => {
    const radio = document.querySelector('form#quiz input[type="radio"]');
    const visible = radio && (radio.checkVisibility ? radio.checkVisibility() : radio.offsetParent !== null);
    if (radio && visible && !radio.disabled && !radio.closest("[inert]")) {
      bench.answerableAt = performance.now();
      bench.engineWhenAnswerable = radio.form?.dataset.engine;
      return;
    }
    if (!radio && document.readyState === "complete") return; // not a quiz page
    requestAnimationFrame(watchFirstRadio);
  };
  requestAnimationFrame(watchFirstRadio);

  document.addEventListener(
    "change",
    (event) => {
      const target = event.target;
      if (bench.firstAnswerAt !== undefined || !event.isTrusted) return;
      if (target instanceof HTMLInputElement && target.type === "radio" && target.closest("form#quiz")) {
        bench.firstAnswerAt = performance.now();
        bench.firstAnswerChecked = target.checked;
        bench.engineWhenAnswered = target.form?.dataset.engine;
      }
    },
    true,
  );

  addEventListener("DOMContentLoaded", () => {
    requestAnimationFrame(() => {
      bench.shownEpoch = performance.timeOrigin + performance.now();
      bench.heading = document.querySelector("h1")?.textContent ?? "";
    });
  });
})();
