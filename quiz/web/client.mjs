// Everything the quiz page does, loaded by page.mjs only on a page with `form#quiz`:
// `mountQuiz(form)`, the form's behaviour. The form works without the engine: progress, saving
// and restoring answers are plain DOM and localStorage. Scoring, share links and import/export go
// through the Python engine (engine.mjs), which boot.js may already have started.

import { canRunEngine, claim, engineConfig, park, startEngine } from "./engine.mjs";

// ---- The quiz form ------------------------------------------------------------------------------

/** Starts the quiz behaviour on `form`; returns the controller, whose `dispose()` stops it. */
export function mountQuiz(form) {
  return new Quiz(form);
}

const EXPORT_FILE_NAME = "atlas-quiz-answers.json";
// Bigger files are cut here; the engine then rejects them with its own size message.
const IMPORT_READ_LIMIT = 128 * 1024;

/** A share link's fragment (without '#') when the URL carries one, otherwise null. */
function shareFragment() {
  const fragment = location.hash.slice(1);
  return fragment.includes("=") ? fragment : null;
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

class Quiz {
  constructor(form) {
    this.form = form;
    this.aborter = new AbortController();
    this.engine = null;
    this.enginePromise = null;
    this.disposed = false;
    this.scoreWhenReady = false;
    this.pendingShare = shareFragment();
    /** Sequence number of the latest score request: older replies are dropped. */
    this.scoreSeq = 0;
    /** Answers and share fragment of the result on show, or null. */
    this.shown = null;

    this.status = document.getElementById("quiz-engine-status");
    this.progressBar = document.getElementById("quiz-progress");
    this.answered = document.getElementById("quiz-answered");
    this.message = document.getElementById("quiz-form-message");
    this.results = document.getElementById("quiz-results");
    this.resultsPlaceholder = this.results?.innerHTML ?? "";
    this.resultsLabel = this.results?.getAttribute("aria-labelledby") ?? null;

    this.restoreSaved();
    this.updateProgress();
    this.listen();
    this.startEngine();
  }

  // ---- Questions and answers ---------------------------------------------------------------

  get storageKey() {
    return this.form.dataset.storageKey || "atlas-quiz-answers";
  }

  questions() {
    return [...this.form.querySelectorAll("fieldset[data-question]")];
  }

  radios() {
    return [...this.form.querySelectorAll('input[type="radio"]')];
  }

  /** `{question: value}` of the checked radios. */
  readAnswers() {
    const answers = {};
    for (const radio of this.radios()) {
      if (radio.checked) answers[radio.name] = radio.value;
    }
    return answers;
  }

  /** Check the radios `answers` names and uncheck all others; returns how many were set. */
  fill(answers) {
    let filled = 0;
    for (const radio of this.radios()) {
      radio.checked = Object.hasOwn(answers, radio.name) && answers[radio.name] === radio.value;
      if (radio.checked) filled += 1;
    }
    return filled;
  }

  unanswered() {
    return this.questions().filter((fieldset) => !fieldset.querySelector('input[type="radio"]:checked'));
  }

  updateProgress() {
    const total = this.questions().length;
    const done = total - this.unanswered().length;
    if (this.progressBar) {
      this.progressBar.max = total;
      this.progressBar.value = done;
    }
    if (this.answered) this.answered.textContent = `${done} of ${plural(total, "question", "questions")} answered`;
  }

  // ---- Storage: only this quiz's own key, and storage may be disabled -----------------------

  save() {
    try {
      localStorage.setItem(
        this.storageKey,
        JSON.stringify({ version: this.form.dataset.version ?? null, answers: this.readAnswers() }),
      );
    } catch {
      // Storage disabled or full: the quiz works without it.
    }
  }

  forget() {
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      // As above.
    }
  }

  restoreSaved() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(this.storageKey) ?? "null");
    } catch {
      return;
    }
    const answers = saved?.answers;
    if (answers === null || typeof answers !== "object" || Array.isArray(answers)) return;
    let restored = 0;
    for (const [name, value] of Object.entries(answers)) {
      if (typeof value !== "string") continue;
      const radio = this.form.querySelector(
        `input[type="radio"][name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`,
      );
      if (radio) {
        radio.checked = true;
        restored += 1;
      }
    }
    if (restored > 0 && saved.version && saved.version !== this.form.dataset.version) {
      this.say(
        `Your saved answers were made with an earlier set of questions; ` +
          `${plural(restored, "answer still fits", "answers still fit")} and ` +
          `${restored === 1 ? "has" : "have"} been filled in. Check them before scoring.`,
      );
    }
  }

  // ---- Messages ------------------------------------------------------------------------------

  say(text) {
    if (!this.message) return;
    this.message.textContent = text;
    this.message.hidden = false;
  }

  sayNothing() {
    if (!this.message) return;
    this.message.hidden = true;
    this.message.textContent = "";
  }

  sayUnanswered(missing) {
    if (!this.message) return;
    const count = missing.length;
    this.message.replaceChildren(
      `${plural(count, "question is", "questions are")} not answered yet: `,
    );
    missing.forEach((fieldset, index) => {
      const link = document.createElement("a");
      link.href = `#${fieldset.id}`;
      link.dataset.question = fieldset.dataset.question;
      link.textContent =
        fieldset.querySelector("legend")?.textContent.trim() || fieldset.dataset.question;
      this.message.append(index === 0 ? "" : "; ", link);
    });
    this.message.append(".");
    this.message.hidden = false;
  }

  setStatus(text) {
    if (this.status) this.status.textContent = text;
  }

  // ---- Events --------------------------------------------------------------------------------

  listen() {
    const options = { signal: this.aborter.signal };
    this.form.addEventListener(
      "change",
      (event) => {
        const target = event.target;
        if (target instanceof HTMLInputElement && target.type === "radio") {
          this.save();
          this.updateProgress();
          this.markStale();
        } else if (target instanceof HTMLInputElement && target.dataset.action === "import") {
          this.importFile(target);
        }
      },
      options,
    );
    this.form.addEventListener(
      "submit",
      (event) => {
        event.preventDefault();
        this.submit();
      },
      options,
    );
    this.form.addEventListener(
      "click",
      (event) => {
        const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
        if (button?.dataset.action === "clear") this.clear();
        else if (button?.dataset.action === "export") this.exportFile();
      },
      options,
    );
    // Links to unanswered questions move focus to the question's first option. Stopping the
    // event keeps Material's instant navigation from handling it as a page anchor.
    this.message?.addEventListener(
      "click",
      (event) => {
        const link = event.target instanceof Element ? event.target.closest("a[data-question]") : null;
        if (!link) return;
        const fieldset = this.questions().find((f) => f.dataset.question === link.dataset.question);
        if (!fieldset) return;
        event.preventDefault();
        event.stopPropagation();
        this.focusQuestion(fieldset);
      },
      options,
    );
    this.results?.addEventListener(
      "click",
      (event) => {
        const target = event.target instanceof Element ? event.target : null;
        if (target?.closest("button.atlas-share-copy")) {
          this.copyShareLink();
          return;
        }
        // Following the result's own share link only needs to put it in the address bar (to
        // bookmark or copy): the page already shows that result. Left to Material's instant
        // navigation, the click would re-fetch the whole page.
        const link = target?.closest("a.atlas-share-link");
        if (link && event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)) {
          event.preventDefault();
          event.stopPropagation();
          history.replaceState(history.state, "", link.href);
        }
      },
      options,
    );
    window.addEventListener(
      "hashchange",
      () => {
        const fragment = shareFragment();
        // The result's own share link changes the hash to what is on show already.
        if (fragment === null || (this.shown?.share === fragment && !this.isStale())) return;
        const state = this.form.dataset.engine;
        if (state === "ready") this.applyShare(fragment);
        else if (state === "loading") this.pendingShare = fragment;
        else this.say("This link's answers cannot be read: the scoring engine is not running.");
      },
      options,
    );
  }

  focusQuestion(fieldset) {
    const radio = fieldset.querySelector('input[type="radio"]');
    (radio ?? fieldset).focus({ preventScroll: true });
    fieldset.scrollIntoView({ block: "start" });
  }

  /** Stops this quiz; `keepEngine` parks a live engine for the quiz page that follows. */
  dispose({ keepEngine = false } = {}) {
    this.disposed = true;
    this.aborter.abort();
    const engine = this.engine;
    if (engine === null) return;
    // Material's instant navigation re-fetches and swaps the page on the first in-page navigation
    // (following a share link, editing the fragment): the quiz page that replaces this one
    // claims the engine instead of starting Python again.
    if (keepEngine && (engine.state === "loading" || engine.state === "ready")) {
      park(this.engineConfig, engine);
    } else {
      engine.terminate();
    }
  }

  // ---- Engine --------------------------------------------------------------------------------

  startEngine() {
    if (!canRunEngine()) {
      this.engineFailed(
        "This browser cannot run the scoring engine: it lacks WebAssembly / Web Workers. " +
          "Your answers are still saved here; try a current browser.",
      );
      return;
    }
    this.form.dataset.engine = "loading";
    this.engineConfig = engineConfig(this.form.dataset);
    // Resolves to true once the engine is ready, false if it failed; never rejects.
    this.enginePromise = Promise.resolve()
      .then(() => {
        const onProgress = (step) => this.setStatus(`Loading the scoring engine: ${step}`);
        // Never two workers at a time: claiming stops a parked engine of other files.
        this.engine = claim(this.engineConfig) ?? startEngine(this.engineConfig);
        this.engine.onProgress = onProgress;
        return this.engine.ready;
      })
      .then(
        () => {
          if (this.disposed) return false;
          this.form.dataset.engine = "ready";
          this.setStatus("Scoring engine ready.");
          return true;
        },
        (error) => {
          if (!this.disposed) {
            this.engineFailed(
              `The scoring engine could not start: ${error.message.replace(/\.$/, "")}. Your answers are still ` +
                "saved here; reload the page to try again.",
            );
          }
          return false;
        },
      );
    this.enginePromise.then((ready) => {
      if (ready) this.whenReady();
    });
  }

  /** Work that waited for the engine: a share link in the URL, then a submit made meanwhile. */
  async whenReady() {
    if (this.pendingShare !== null) {
      const fragment = this.pendingShare;
      this.pendingShare = null;
      await this.applyShare(fragment);
    }
    if (this.scoreWhenReady && !this.disposed) {
      this.scoreWhenReady = false;
      await this.submit({ automatic: true });
    }
  }

  engineFailed(text) {
    this.form.dataset.engine = "failed";
    this.failure = text;
    this.setStatus(text);
    if (this.scoreWhenReady) {
      this.scoreWhenReady = false;
      this.say(text);
    }
  }

  /** The engine once ready, or null (with a message said) when it is not available. */
  async readyEngine(waitingMessage) {
    if (this.form.dataset.engine === "loading" && waitingMessage) this.say(waitingMessage);
    const ready = await this.enginePromise;
    if (this.disposed) return null;
    if (!ready || this.engine?.state !== "ready") {
      this.say(this.failure ?? "The scoring engine is not available.");
      return null;
    }
    return this.engine;
  }

  /** A request's reply, or null when the engine died (the message is said). */
  async request(type, fields) {
    try {
      return await this.engine.request(type, fields);
    } catch (error) {
      if (!this.disposed) {
        this.engineFailed(
          `The scoring engine stopped: ${error.message.replace(/\.$/, "")}. Reload the page to try again.`,
        );
        this.say(this.failure);
      }
      return null;
    }
  }

  // ---- Scoring -------------------------------------------------------------------------------

  async submit({ automatic = false } = {}) {
    const missing = this.unanswered();
    if (missing.length > 0) {
      if (!automatic) {
        this.sayUnanswered(missing);
        this.focusQuestion(missing[0]);
      }
      return;
    }
    const state = this.form.dataset.engine;
    if (state === "failed") {
      this.say(this.failure ?? "The scoring engine is not available.");
      return;
    }
    if (state !== "ready" || this.engine?.state !== "ready") {
      this.scoreWhenReady = true;
      this.say("Your result will appear as soon as the scoring engine is ready.");
      return;
    }
    await this.score();
  }

  async score() {
    const answers = this.readAnswers();
    const seq = ++this.scoreSeq;
    if (this.results) {
      this.results.dataset.state = "scoring";
      this.results.setAttribute("aria-busy", "true");
    }
    const reply = await this.request("score", { answers });
    if (this.disposed || seq !== this.scoreSeq || !this.results) return;
    this.results.removeAttribute("aria-busy");
    if (reply === null || !reply.ok) {
      this.results.dataset.state = this.shown === null ? "empty" : "ready";
      if (reply) this.say(reply.error);
      return;
    }
    this.sayNothing();
    this.showResult(reply, answers);
  }

  showResult(reply, answers) {
    const results = this.results;
    results.innerHTML = reply.html;
    this.shown = { share: reply.share, answers: JSON.stringify(answers) };
    const heading = results.querySelector("#quiz-result-heading");
    if (heading) results.setAttribute("aria-labelledby", heading.id);
    this.addStaleNote();
    this.addCopyButton();
    results.dataset.state = "ready";
    this.announce(results);
    const target = heading ?? results;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }

  // Screen readers hear a short summary from a status region (the result itself is too long to
  // be read out at once); focus then lands on the result's heading to read on from there.
  announce(results) {
    const announcer = document.getElementById("quiz-announcer");
    if (!announcer) return;
    const stages = [...results.querySelectorAll("[data-model]")].map((card) => {
      const model = card.querySelector("h3")?.textContent.trim() ?? "";
      const stage = card.querySelector(".atlas-result-card__stage strong")?.textContent.trim();
      return `${model}: ${stage ?? ""}`;
    });
    announcer.textContent = `Your result is ready. ${stages.join("; ")}.`;
  }

  addStaleNote() {
    const note = document.createElement("p");
    note.className = "atlas-results__stale";
    note.hidden = true;
    note.textContent =
      "You have changed your answers since this result was made: " +
      "choose “Show where we stand” to update it.";
    const heading = this.results.querySelector("#quiz-result-heading");
    if (heading) heading.after(note);
    else this.results.prepend(note);
  }

  isStale() {
    return this.shown !== null && this.shown.answers !== JSON.stringify(this.readAnswers());
  }

  markStale() {
    const note = this.results?.querySelector(".atlas-results__stale");
    if (note) note.hidden = !this.isStale();
  }

  // ---- Share links ---------------------------------------------------------------------------

  shareURL() {
    const url = new URL(location.href);
    url.hash = this.shown?.share ?? "";
    return url.href;
  }

  addCopyButton() {
    const link = this.results.querySelector("a.atlas-share-link");
    if (!link) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button atlas-share-copy";
    button.textContent = "Copy link";
    const field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.hidden = true;
    field.className = "atlas-share-url";
    field.setAttribute("aria-label", "Link to this result");
    const done = document.createElement("span");
    done.className = "atlas-share-status";
    done.setAttribute("role", "status");
    const actions = document.createElement("p");
    actions.className = "atlas-share-actions";
    actions.append(button, " ", done, field);
    (link.closest("p") ?? link).after(actions);
  }

  async copyShareLink() {
    const url = this.shareURL();
    const field = this.results.querySelector("input.atlas-share-url");
    const done = this.results.querySelector(".atlas-share-status");
    try {
      await navigator.clipboard.writeText(url);
      if (field) field.hidden = true;
      if (done) done.textContent = "Link copied.";
    } catch {
      if (!field) return;
      field.value = url;
      field.hidden = false;
      field.focus();
      field.select();
      if (done) done.textContent = "Copy the selected link (Ctrl+C or ⌘C).";
    }
  }

  async applyShare(fragment) {
    const engine = await this.readyEngine(null);
    if (!engine) return;
    const reply = await this.request("parse-share", { fragment });
    if (reply) await this.applyRestored(reply, null);
  }

  /** Fill the form from a parse-share / parse-import reply and score it when it is current. */
  async applyRestored(reply, confirmation) {
    if (this.disposed) return;
    if (!reply.ok) {
      this.say(reply.error);
      return;
    }
    this.fill(reply.answers ?? {});
    this.save();
    this.updateProgress();
    this.markStale();
    if (reply.message) this.say(reply.message);
    else if (confirmation) this.say(confirmation);
    else this.sayNothing();
    if (reply.status === "current" && this.unanswered().length === 0) {
      this.scoreWhenReady = false;
      await this.score();
      if (confirmation && !reply.message) this.say(confirmation);
    }
  }

  // ---- Clear, export, import -----------------------------------------------------------------

  clear() {
    for (const radio of this.radios()) radio.checked = false;
    this.forget();
    this.scoreSeq += 1;
    this.scoreWhenReady = false;
    this.shown = null;
    if (this.results) {
      this.results.innerHTML = this.resultsPlaceholder;
      this.results.removeAttribute("aria-busy");
      if (this.resultsLabel) this.results.setAttribute("aria-labelledby", this.resultsLabel);
      else this.results.removeAttribute("aria-labelledby");
      this.results.dataset.state = "empty";
    }
    if (shareFragment() !== null) {
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    this.updateProgress();
    this.say("Your answers have been cleared.");
  }

  async exportFile() {
    const engine = await this.readyEngine("The export will start as soon as the scoring engine is ready.");
    if (!engine) return;
    const reply = await this.request("export", { answers: this.readAnswers() });
    if (reply === null || this.disposed) return;
    if (!reply.ok) {
      this.say(reply.error);
      return;
    }
    const url = URL.createObjectURL(new Blob([reply.text], { type: "application/json" }));
    // A detached link: its click never reaches Material's instant navigation.
    const link = document.createElement("a");
    link.href = url;
    link.download = EXPORT_FILE_NAME;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.say(`Your answers were saved as ${EXPORT_FILE_NAME}.`);
  }

  async importFile(input) {
    const file = input.files?.[0];
    if (!file) return;
    let text;
    try {
      text = await file.slice(0, IMPORT_READ_LIMIT).text();
    } catch {
      this.say("This file could not be read. Nothing was imported.");
      return;
    } finally {
      // Lets the same file be chosen again.
      input.value = "";
    }
    const engine = await this.readyEngine("The import will finish as soon as the scoring engine is ready.");
    if (!engine) return;
    const reply = await this.request("parse-import", { text });
    if (reply) await this.applyRestored(reply, "Your answers were imported.");
  }
}

