// The quiz form as the visitor sees it (`form#quiz`, generator/templates/quiz.md.j2): its
// answers, the questions still unanswered, the progress bar, the message under the questions
// and the engine's status line. Plain DOM: it works without the engine.

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

export class QuizForm {
  constructor(form) {
    this.form = form;
    this.status = document.getElementById("quiz-engine-status");
    this.progressBar = document.getElementById("quiz-progress");
    this.answered = document.getElementById("quiz-answered");
    this.message = document.getElementById("quiz-form-message");
  }

  /** The question-set version the page was built with. */
  get version() {
    return this.form.dataset.version ?? null;
  }

  get storageKey() {
    return this.form.dataset.storageKey || "atlas-quiz-answers";
  }

  /** The engine's state as the page shows it (and tests wait on): `form[data-engine]`. */
  set engineState(state) {
    this.form.dataset.engine = state;
  }

  questions() {
    return [...this.form.querySelectorAll("fieldset[data-question]")];
  }

  /** The answer inputs: a radio per option, or a checkbox per option of a question that takes
   *  several (`fieldset[data-multiple]`, the kinds of business). */
  inputs() {
    return [...this.form.querySelectorAll('fieldset[data-question] input:is([type="radio"], [type="checkbox"])')];
  }

  /** `{question: value}`: a checked radio's value, or the checked boxes' values joined by a
   *  comma in the page's order (the engine checks and reads them). */
  readAnswers() {
    const answers = {};
    for (const input of this.inputs()) {
      if (!input.checked) continue;
      answers[input.name] = Object.hasOwn(answers, input.name) ? `${answers[input.name]},${input.value}` : input.value;
    }
    return answers;
  }

  /** Whether `input` stands for a part of the answer `value`. */
  static #holds(input, value) {
    return input.type === "checkbox" ? value.split(",").includes(input.value) : value === input.value;
  }

  /** Checks the options `answers` names and unchecks all others; returns how many questions
   *  were answered. */
  fill(answers) {
    const filled = new Set();
    for (const input of this.inputs()) {
      input.checked = Object.hasOwn(answers, input.name) && QuizForm.#holds(input, answers[input.name]);
      if (input.checked) filled.add(input.name);
    }
    return filled.size;
  }

  /** Checks the options `answers` names that the form has, leaving other questions as they
   *  are; returns how many questions were found. */
  check(answers) {
    const found = new Set();
    for (const input of this.inputs()) {
      if (!Object.hasOwn(answers, input.name)) continue;
      const holds = QuizForm.#holds(input, answers[input.name]);
      if (input.type === "checkbox") input.checked = holds;
      else if (holds) input.checked = true;
      if (holds) found.add(input.name);
    }
    return found.size;
  }

  clear() {
    for (const input of this.inputs()) input.checked = false;
  }

  /** Keeps "none of these" exclusive in a question that takes several options: choosing it
   *  clears the others, choosing another clears it. */
  keepExclusive(changed) {
    const fieldset = changed.closest("fieldset[data-multiple]");
    if (!fieldset || !changed.checked) return;
    const none = fieldset.dataset.none;
    for (const box of fieldset.querySelectorAll('input[type="checkbox"]')) {
      if (box === changed) continue;
      if (changed.value === none || box.value === none) box.checked = false;
    }
  }

  unanswered() {
    return this.questions().filter((fieldset) => !fieldset.querySelector("input:checked"));
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

  focusQuestion(fieldset) {
    const input = fieldset.querySelector("input");
    (input ?? fieldset).focus({ preventScroll: true });
    fieldset.scrollIntoView({ block: "start" });
  }

  // ---- The message under the questions, and the status line ------------------------------

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

  /** Names each unanswered question, each a link that moves focus to it. */
  sayUnanswered(missing) {
    if (!this.message) return;
    const count = missing.length;
    this.message.replaceChildren(`${plural(count, "question is", "questions are")} not answered yet: `);
    let last = "";
    missing.forEach((fieldset, index) => {
      const link = document.createElement("a");
      link.href = `#${fieldset.id}`;
      link.dataset.question = fieldset.dataset.question;
      link.textContent = fieldset.querySelector("legend")?.textContent.trim() || fieldset.dataset.question;
      last = link.textContent;
      this.message.append(index === 0 ? "" : "; ", link);
    });
    // A question's own text ends with "?" or "."; a full stop after it would read "?.".
    if (!/[.?!]$/.test(last)) this.message.append(".");
    this.message.hidden = false;
  }

  setStatus(text) {
    if (this.status) this.status.textContent = text;
  }

  /** Links to unanswered questions move focus to the question's first option, until `signal`. */
  linkUnansweredQuestions(signal) {
    // Stopping the event keeps Material's instant navigation from handling it as a page anchor.
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
      { signal },
    );
  }
}
