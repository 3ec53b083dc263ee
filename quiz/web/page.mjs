// Loaded on every page of the site. Does nothing unless the page has `form#quiz` (or the team
// page's `form#team`, which loads team.mjs the same way); there, it loads
// the quiz's code (quiz.mjs), which takes over the scoring engine boot.js started from the
// page's <head>, or starts it when the page came by instant navigation. Material's instant navigation
// swaps pages without reloading scripts, so this runs on each `document$` emission and makes sure
// that at most one quiz (and one worker) is alive. A quiz or team page left for any other page
// parks its engine (engine-handover.mjs), so that coming back, or going on to the other of the
// two, finds Python running instead of starting it again; only a full page load starts afresh.

let current = null;
/** The team page on show (`form#team`): `{form, team, left}`, or null. */
let currentTeam = null;
/** Whether this page load has run the engine (or fetched its files ahead): then its files are
 *  in the browser's cache, or on their way there. */
let engineFilesFetched = false;

// ---- Ahead of a visit: the engine's files, fetched once a visitor heads for the quiz ----------
//
// Pages without the engine load none of its files. When a visitor points at or focuses a link
// to the quiz or team page, the engine's files (listed on every page by site_overrides/main.html)
// are fetched at low priority with `<link rel="prefetch">`, so that the page, once there, finds
// them in the browser's HTTP cache: the browser keeps a prefetched file for a few minutes even
// unvalidated, and the worker's own downloads (with their digests) then read it from there.
// Never when the visitor asked the browser to save data.

/** How long a pointer rests on a link before it counts as heading there (one passing over a link
 *  on its way elsewhere does not). */
const HOVER_MS = 65;

/** `{files, pages}`: absolute URLs of the engine's files and of the pages that run it; null on a
 *  page without the list (a page of the theme, or a built site without the quiz). */
function engineIntent() {
  const meta = document.querySelector('meta[name="atlas-engine-files"]');
  if (meta === null) return null;
  // The list holds site paths; the site's root is two folders above this module
  // (assets/quiz/page.mjs), whatever page the visitor is on.
  const root = new URL("../../", import.meta.url);
  const urls = (text) => (text ?? "").split(/\s+/).filter(Boolean).map((path) => new URL(path, root).href);
  return { files: urls(meta.content), pages: new Set(urls(meta.dataset.pages)) };
}

/** Whether the browser was asked to save data (a Save-Data request header goes with it). */
function savingData() {
  return navigator.connection?.saveData === true;
}

/** Fetches the engine's files into the HTTP cache, once per page load. */
function fetchEngineFiles(files) {
  if (engineFilesFetched || savingData()) return;
  engineFilesFetched = true;
  for (const href of files) {
    const link = document.createElement("link");
    link.rel = "prefetch";
    link.href = href;
    // In the body, not the <head>: instant navigation drops from the <head> what the next page's
    // lacks, and the files are for the next page.
    document.body.append(link);
  }
}

/** Watches, for this whole page load (instant navigation keeps the document), for a visitor
 *  heading to a link to the quiz or team page. */
function watchIntent() {
  const intent = engineIntent();
  if (intent === null) return;
  const headsForEngine = (target) => {
    const link = target instanceof Element ? target.closest("a[href]") : null;
    if (link === null) return null;
    const url = new URL(link.href);
    url.hash = url.search = "";
    return intent.pages.has(url.href) ? link : null;
  };
  let timer = 0;
  document.addEventListener("pointerover", (event) => {
    if (headsForEngine(event.target)) {
      clearTimeout(timer);
      timer = setTimeout(() => fetchEngineFiles(intent.files), HOVER_MS);
    }
  });
  document.addEventListener("pointerout", (event) => {
    const link = headsForEngine(event.target);
    if (link && !(event.relatedTarget instanceof Node && link.contains(event.relatedTarget))) clearTimeout(timer);
  });
  document.addEventListener("focusin", (event) => {
    if (headsForEngine(event.target)) fetchEngineFiles(intent.files);
  });
}

/** The team page ("Compare results") loads team.mjs, as a quiz page loads quiz.mjs. Run before
 *  the quiz's own start, so that an engine the team page leaves is parked for the quiz. */
function initTeam() {
  const form = document.querySelector("form#team");
  if (currentTeam !== null && currentTeam.form !== form) {
    currentTeam.left = true;
    currentTeam.team?.dispose({ keepEngine: true });
    currentTeam = null;
  }
  if (form === null || currentTeam !== null) return;
  engineFilesFetched = true;
  const entry = { form, team: null, left: false };
  currentTeam = entry;
  import("./team.mjs").then(
    ({ mountTeam }) => {
      if (!entry.left) entry.team = mountTeam(form);
    },
    () => {
      if (entry.left) return;
      form.dataset.engine = "failed";
      const status = document.getElementById("team-engine-status");
      if (status) status.textContent = "This page's script could not be loaded. Reload the page to try again.";
    },
  );
}

function init() {
  initTeam();
  const offline = document.getElementById("quiz-offline");
  if (offline !== null) import("./offline.mjs").then(({ mountOfflineSwitch }) => mountOfflineSwitch(offline), () => {});
  const form = document.querySelector("form#quiz");
  if (current !== null && current.form !== form) {
    current.left = true;
    // Whatever page follows (Material also re-fetches the quiz page itself on an in-page
    // navigation), the engine waits for the next quiz or team page instead of stopping.
    current.quiz?.dispose({ keepEngine: true });
    current = null;
  }
  if (form === null || current !== null) return;
  engineFilesFetched = true;
  const entry = { form, quiz: null, left: false };
  current = entry;
  import("./quiz.mjs").then(
    ({ mountQuiz }) => {
      if (!entry.left) entry.quiz = mountQuiz(form);
    },
    () => {
      if (entry.left) return;
      form.dataset.engine = "failed";
      const status = document.getElementById("quiz-engine-status");
      if (status) {
        status.textContent =
          "The quiz's script could not be loaded, so answers cannot be scored. Reload the page to try again.";
      }
    },
  );
}

watchIntent();
if (typeof globalThis.document$?.subscribe === "function") {
  globalThis.document$.subscribe(() => init());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init, { once: true });
} else {
  init();
}
