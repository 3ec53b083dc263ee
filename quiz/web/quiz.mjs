// The quiz on one page, loaded by page.mjs only where there is `form#quiz`: `mountQuiz(form)`
// connects the form, the saved answers, the result view, the kept results and the scoring
// engine, and carries out what the visitor asks for: a score, a share link, clearing, exporting
// and importing answers. Answers, progress and saving work without the engine; the rest waits
// for it, and says so. Saved answers that answer every question of the current set are scored
// as soon as the engine is ready, so that a reload shows their result again.

import { EXPORT_FILE_NAME, offerDownload, readChosenFile } from "./answer-file.mjs";
import { AnswerStorage } from "./answer-storage.mjs";
import { EngineClient, engineConfig } from "./engine-client.mjs";
import { parkEngine, takeEngine } from "./engine-handover.mjs";
import { watchEngineStart } from "./engine-progress.mjs";
import { ProgressView } from "./progress-view.mjs";
import { QuizForm, plural } from "./quiz-form.mjs";
import { ResultView } from "./result-view.mjs";
import { dropShareFragment, shareFragment } from "./share-link.mjs";
import { fetchSpecNames } from "./spec-names.mjs";

/** Starts the quiz on `form`; returns the quiz, whose `dispose()` stops it. */
export function mountQuiz(form) {
  return new Quiz(form);
}

class Quiz {
  #aborter = new AbortController();
  #disposed = false;
  #form;
  #storage;
  #results;
  /** "Your results over time" under the result, or null on a page without it. */
  #progress;
  #config;
  #engine;
  #stopWatching;
  /** The Retry button's paragraph, shown while the engine has failed. */
  #retry;
  /** A share link's fragment to open once the engine is ready, or null. */
  #pendingShare = shareFragment();
  /** Whether a submit waits for the engine. */
  #scoreWhenReady = false;
  /** Sequence number of the latest score request: older replies are dropped. */
  #scoreSeq = 0;

  constructor(form) {
    const signal = this.#aborter.signal;
    this.#form = new QuizForm(form);
    this.#storage = new AnswerStorage(this.#form.storageKey);
    const section = document.getElementById("quiz-results");
    this.#results = section ? new ResultView(section, signal) : null;
    this.#progress = this.#mountProgress(form, signal);
    this.#restoreSaved();
    this.#form.updateProgress();
    this.#listen(signal);
    this.#config = engineConfig(form.dataset);
    this.#retry = form.querySelector("#quiz-engine-retry");
    this.#useEngine(takeEngine(this.#config));
  }

  #useEngine(engine) {
    this.#engine = engine;
    this.#stopWatching = watchEngineStart(engine, {
      bar: document.getElementById("quiz-engine-progress"),
      say: (text) => this.#form.setStatus(text),
      onState: (state) => this.#engineChanged(state),
    });
  }

  /** Stops this quiz; `keepEngine` parks a live engine for the next quiz or team page. */
  dispose({ keepEngine = false } = {}) {
    this.#disposed = true;
    this.#aborter.abort();
    this.#stopWatching();
    const engine = this.#engine;
    // With Material's instant navigation the page stays loaded while the visitor browses other
    // pages (or while the theme re-fetches this one on an in-page navigation): the next quiz or
    // team page takes the engine over instead of starting Python again.
    if (keepEngine && (engine.state === "loading" || engine.state === "ready")) {
      parkEngine(this.#config, engine);
    } else {
      engine.terminate();
    }
  }

  #listen(signal) {
    const form = this.#form.form;
    form.addEventListener(
      "change",
      (event) => {
        const target = event.target;
        if (target instanceof HTMLInputElement && (target.type === "radio" || target.type === "checkbox")) {
          if (target.type === "checkbox") this.#form.keepExclusive(target);
          this.#saveAnswers();
          this.#form.updateProgress();
          this.#results?.markStale(this.#form.readAnswers());
        } else if (target instanceof HTMLInputElement && target.dataset.action === "import") {
          this.#importAnswers(target);
        }
      },
      { signal },
    );
    form.addEventListener(
      "submit",
      (event) => {
        event.preventDefault();
        this.#submit();
      },
      { signal },
    );
    form.addEventListener(
      "click",
      (event) => {
        const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
        if (button?.dataset.action === "clear") this.#clear();
        else if (button?.dataset.action === "export") this.#exportAnswers();
        else if (button?.dataset.action === "retry-engine") this.#retryEngine();
      },
      { signal },
    );
    this.#form.linkUnansweredQuestions(signal);
    window.addEventListener(
      "hashchange",
      () => {
        const fragment = shareFragment();
        // The result's own share link changes the hash to what is on show already.
        if (fragment === null || this.#results?.isShowing(fragment, this.#form.readAnswers())) return;
        const state = this.#engine.state;
        if (state === "ready") this.#applyShare(fragment);
        else if (state === "loading") this.#pendingShare = fragment;
        else this.#form.say("This link's answers cannot be read: the scoring engine is not running.");
      },
      { signal },
    );
  }

  // ---- The engine ----------------------------------------------------------------------------

  #engineChanged(state) {
    if (this.#disposed) return;
    this.#form.engineState = state === "stopped" ? "failed" : state;
    if (this.#retry) this.#retry.hidden = !this.#canRetry();
    if (state === "ready") {
      this.#form.setStatus("Scoring engine ready.");
      this.#whenReady();
    } else if (state === "failed" || state === "stopped") {
      const text = this.#failureText();
      this.#form.setStatus(text);
      if (this.#scoreWhenReady) {
        this.#scoreWhenReady = false;
        this.#form.say(text);
      }
    }
  }

  /** Whether a new engine may help: it failed or stopped, in a browser that can run one. */
  #canRetry() {
    const state = this.#engine.state;
    return (state === "failed" || state === "stopped") && this.#engine.failure?.during !== "unsupported";
  }

  /** Starts a new engine (a new worker) in place of one that failed. The status line, which
   *  screen readers follow, takes the focus from the button that disappears. */
  #retryEngine() {
    if (!this.#canRetry()) return;
    this.#stopWatching();
    this.#engine.terminate();
    if (this.#form.status) {
      this.#form.status.tabIndex = -1;
      this.#form.status.focus();
    }
    this.#form.sayNothing();
    this.#useEngine(EngineClient.start(this.#config));
  }

  /** What the visitor is told about an engine that failed. */
  #failureText() {
    const { reason, during } = this.#engine.failure ?? { reason: "unknown error", during: "loading" };
    const why = reason.replace(/\.$/, "");
    if (during === "unsupported") {
      return (
        "This browser cannot run the scoring engine: it lacks WebAssembly / Web Workers. " +
        "Your answers are still saved here; try a current browser."
      );
    }
    if (during === "ready") return `The scoring engine stopped: ${why}. Press Retry to start it again.`;
    return `The scoring engine could not start: ${why}. Your answers are still saved here; press Retry to try again.`;
  }

  /** Work that waited for the engine: a share link in the URL, then a submit made meanwhile. */
  async #whenReady() {
    if (this.#pendingShare !== null) {
      const fragment = this.#pendingShare;
      this.#pendingShare = null;
      await this.#applyShare(fragment);
    }
    if (this.#scoreWhenReady && !this.#disposed) {
      this.#scoreWhenReady = false;
      await this.#submit({ automatic: true });
    }
  }

  /** Whether the engine is (or, once loaded, became) ready; says why not when it is not. */
  async #engineReady(waitingMessage) {
    if (this.#engine.state === "loading" && waitingMessage) this.#form.say(waitingMessage);
    await this.#engine.settled;
    if (this.#disposed) return false;
    if (this.#engine.state !== "ready") {
      this.#form.say(this.#failureText());
      return false;
    }
    return true;
  }

  /** A request's reply, or null when the engine failed meanwhile (which is said). */
  async #request(type, fields) {
    try {
      return await this.#engine.request(type, fields);
    } catch {
      if (!this.#disposed) this.#form.say(this.#failureText());
      return null;
    }
  }

  // ---- Scoring -------------------------------------------------------------------------------

  async #submit({ automatic = false } = {}) {
    const missing = this.#form.unanswered();
    if (missing.length > 0) {
      if (!automatic) {
        this.#form.sayUnanswered(missing);
        this.#form.focusQuestion(missing[0]);
      }
      return;
    }
    const state = this.#engine.state;
    if (state === "loading") {
      this.#scoreWhenReady = true;
      this.#form.say("Your result will appear as soon as the scoring engine is ready.");
    } else if (state === "ready") {
      await this.#score();
    } else {
      this.#form.say(this.#failureText());
    }
  }

  async #score() {
    const answers = this.#form.readAnswers();
    const seq = ++this.#scoreSeq;
    this.#results?.scoring();
    const reply = await this.#request("score", { answers });
    if (this.#disposed || seq !== this.#scoreSeq || !this.#results) return;
    if (reply === null || !reply.ok) {
      this.#results.scoringFailed();
      if (reply) this.#form.say(reply.error);
      return;
    }
    this.#form.sayNothing();
    this.#results.show(reply, answers);
    this.#progress?.show(reply.result);
  }

  #mountProgress(form, signal) {
    const section = document.getElementById("quiz-kept");
    if (!section) return null;
    let names = null;
    return new ProgressView(section, {
      compare: (pair) => this.#request("compare", { pair }),
      // Fetched when a comparison is first shown: the page needs the spec for nothing else.
      names: () => {
        names ??= fetchSpecNames(new URL(form.dataset.spec, document.baseURI), form.dataset.specIntegrity, location.href);
        names.catch(() => {
          names = null;
        });
        return names;
      },
      version: this.#form.version,
      signal,
    });
  }

  // ---- Answers: saved, shared, cleared, exported and imported --------------------------------

  #saveAnswers() {
    this.#storage.save(this.#form.version, this.#form.readAnswers());
  }

  #restoreSaved() {
    const saved = this.#storage.load();
    if (saved === null) return;
    const restored = this.#form.check(saved.answers);
    const current = saved.version === this.#form.version;
    if (restored > 0 && current && this.#pendingShare === null && this.#form.unanswered().length === 0) {
      // Complete answers of this question set: their result comes back with the engine, as a
      // share link's would.
      this.#scoreWhenReady = true;
    } else if (restored > 0 && saved.version && !current) {
      this.#form.say(
        `Your saved answers were made with an earlier set of questions; ` +
          `${plural(restored, "answer still fits", "answers still fit")} and ` +
          `${restored === 1 ? "has" : "have"} been filled in. Check them before scoring.`,
      );
    }
  }

  async #applyShare(fragment) {
    if (!(await this.#engineReady(null))) return;
    const reply = await this.#request("parse-share", { fragment });
    if (reply) await this.#applyRestored(reply, null);
  }

  /** Fills the form from a parse-share / parse-import reply and scores it when it is current. */
  async #applyRestored(reply, confirmation) {
    if (this.#disposed) return;
    if (!reply.ok) {
      this.#form.say(reply.error);
      return;
    }
    this.#form.fill(reply.answers ?? {});
    this.#saveAnswers();
    this.#form.updateProgress();
    this.#results?.markStale(this.#form.readAnswers());
    if (reply.message) this.#form.say(reply.message);
    else if (confirmation) this.#form.say(confirmation);
    else this.#form.sayNothing();
    if (reply.status === "current" && this.#form.unanswered().length === 0) {
      this.#scoreWhenReady = false;
      await this.#score();
      if (confirmation && !reply.message) this.#form.say(confirmation);
    }
  }

  #clear() {
    this.#form.clear();
    this.#storage.forget();
    this.#scoreSeq += 1;
    this.#scoreWhenReady = false;
    this.#results?.reset();
    this.#progress?.reset();
    dropShareFragment();
    this.#form.updateProgress();
    this.#form.say("Your answers have been cleared.");
  }

  async #exportAnswers() {
    if (!(await this.#engineReady("The export will start as soon as the scoring engine is ready."))) return;
    const reply = await this.#request("export", { answers: this.#form.readAnswers() });
    if (reply === null || this.#disposed) return;
    if (!reply.ok) {
      this.#form.say(reply.error);
      return;
    }
    offerDownload(reply.text);
    this.#form.say(`Your answers were saved as ${EXPORT_FILE_NAME}.`);
  }

  async #importAnswers(input) {
    let text;
    try {
      text = await readChosenFile(input);
    } catch {
      this.#form.say("This file could not be read. Nothing was imported.");
      return;
    }
    if (text === null) return;
    if (!(await this.#engineReady("The import will finish as soon as the scoring engine is ready."))) return;
    const reply = await this.#request("parse-import", { text });
    if (reply) await this.#applyRestored(reply, "Your answers were imported.");
  }
}
