// The scoring engine's start as the quiz and team pages show it: a status line (a polite live
// region, `role="status"`) that names the stage the start has reached, and a progress bar beside
// it that follows the download's bytes, then runs without a value until the engine is ready.
//
// A screen reader reads out every change of a live region, so the line changes with each stage
// (and its first numbers) and, within a stage, at most every TEXT_INTERVAL_MS; the bar, which would say the same thing
// many times a second, is hidden from assistive technology (`aria-hidden` in the templates).

/** Within a stage, the status line says new numbers at most this often. */
export const TEXT_INTERVAL_MS = 5_000;

/** The status line's text for a progress report of the engine (engine-client.mjs). */
export function progressStatus({ message, step, steps }) {
  const where = step > 0 && steps > 0 ? `step ${step} of ${steps}, ` : "";
  return `Loading the scoring engine: ${where}${message}`;
}

export class EngineProgress {
  #bar;
  #say;
  #kind = "";
  #saidAt = 0;
  #timer = 0;

  /** `bar`: the page's <progress> element (or null); `say(text)` sets the status line. */
  constructor(bar, say) {
    this.#bar = bar;
    this.#say = say;
    if (bar) {
      bar.removeAttribute("value");
      bar.hidden = false;
    }
  }

  /** Shows a progress report: `{stage, message, step, steps, received, expected}`. */
  show(progress) {
    const bar = this.#bar;
    if (bar) {
      bar.hidden = false;
      if (progress.stage === "download" && progress.expected > 0) {
        bar.max = progress.expected;
        bar.value = Math.min(progress.received, progress.expected);
      } else {
        bar.removeAttribute("value");
      }
    }
    clearTimeout(this.#timer);
    const wait = this.#saidAt + TEXT_INTERVAL_MS - Date.now();
    // A new stage is news, and so are the first numbers of one.
    const kind = `${progress.stage}${progress.received > 0 ? " with numbers" : ""}`;
    if (kind !== this.#kind || wait <= 0) {
      this.#kind = kind;
      this.#tell(progress);
    } else {
      // The latest numbers are said once the interval is over, unless a newer report comes first.
      this.#timer = setTimeout(() => this.#tell(progress), wait);
    }
  }

  /** The engine is no longer loading: the bar goes, and no late text follows. */
  stop() {
    clearTimeout(this.#timer);
    if (this.#bar) this.#bar.hidden = true;
  }

  #tell(progress) {
    this.#saidAt = Date.now();
    this.#say(progressStatus(progress));
  }
}

/**
 * Follows `engine` (engine-client.mjs) for a page: its progress on `bar` and through `say(text)`
 * while it loads, and each change of state to `onState(state)`. Returns the function that stops.
 */
export function watchEngineStart(engine, { bar, say, onState }) {
  const view = new EngineProgress(bar, say);
  const stopWatching = engine.watch({
    onState: (state) => {
      if (state !== "loading") view.stop();
      onState(state);
    },
    onProgress: (progress) => view.show(progress),
  });
  return () => {
    stopWatching();
    view.stop();
  };
}
