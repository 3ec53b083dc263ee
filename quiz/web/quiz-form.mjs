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

  /** Checks the radios `answers` names and unchecks all others; returns how many were set. */
  fill(answers) {
    let filled = 0;
    for (const radio of this.radios()) {
      radio.checked = Object.hasOwn(answers, radio.name) && answers[radio.name] === radio.value;
      if (radio.checked) filled += 1;
    }
    return filled;
  }

  /** Checks the radios `answers` names that the form has, leaving others as they are; returns
   *  how many were found. */
  check(answers) {
    let checked = 0;
    for (const [name, value] of Object.entries(answers)) {
      const radio = this.form.querySelector(
        `input[type="radio"][name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`,
      );
      if (radio) {
        radio.checked = true;
        checked += 1;
      }
    }
    return checked;
  }

  clear() {
    for (const radio of this.radios()) radio.checked = false;
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

  focusQuestion(fieldset) {
    const radio = fieldset.querySelector('input[type="radio"]');
    (radio ?? fieldset).focus({ preventScroll: true });
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
    missing.forEach((fieldset, index) => {
      const link = document.createElement("a");
      link.href = `#${fieldset.id}`;
      link.dataset.question = fieldset.dataset.question;
      link.textContent = fieldset.querySelector("legend")?.textContent.trim() || fieldset.dataset.question;
      this.message.append(index === 0 ? "" : "; ", link);
    });
    this.message.append(".");
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
