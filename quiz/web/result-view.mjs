// The result section (`#quiz-results`): the engine's result HTML, built by Python from data
// (quiz/report.py) and checked here before it is shown, with what only the page can add: a note
// when the answers have changed since, a button to copy the share link, a spoken summary, and
// focus on the result.
// `data-state` says "empty", "scoring" or "ready" (tests wait on "ready").

import { shareURL, showShareLink } from "./share-link.mjs";

// The engine's HTML is made by quiz/markup.py, which escapes every text and attribute value and
// cannot write a script, an event handler or a link that is not relative or http(s). It is still
// not trusted as a string here: it is parsed in a <template> (whose content is inert: nothing in
// it runs or loads) and checked element by element before it joins the page, so that a fault in
// the engine, or an engine file changed on the server, cannot put code on the page. Checking the
// parsed nodes, not the string, sees exactly what the browser would build. Anything unexpected
// is removed and reported on the console (which the browser tests treat as a failure).
// The elements quiz/markup.py may write (its TAGS; tests/test_quiz_scoring.py compares the two).
const RESULT_TAGS = new Set([
  "a", "article", "code", "div", "figure", "h2", "h3", "h4", "label", "li", "ol", "p",
  "progress", "q", "span", "strong", "ul",
  "desc", "line", "rect", "svg", "text", "title",
]);
const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src", "action", "formaction"]);

/** Whether a link to `value` stays on the web (relative or http), as the browser reads it. */
function isWebLink(value) {
  try {
    const { protocol } = new URL(value, document.baseURI);
    return protocol === "http:" || protocol === "https:" || protocol === location.protocol;
  } catch {
    return false;
  }
}

/** The result HTML as checked nodes, ready to insert. */
export function resultNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const removed = [];
  for (const element of template.content.querySelectorAll("*")) {
    if (!RESULT_TAGS.has(element.localName)) {
      removed.push(`<${element.localName}>`);
      element.remove();
      continue;
    }
    for (const { name, value } of [...element.attributes]) {
      if (name.toLowerCase().startsWith("on") || (URL_ATTRIBUTES.has(name) && !isWebLink(value))) {
        removed.push(`${name}="${value}" of <${element.localName}>`);
        element.removeAttribute(name);
      }
    }
  }
  if (removed.length > 0) console.error(`Removed from the quiz result: ${removed.join(", ")}`);
  return template.content;
}

export class ResultView {
  /** `section` is #quiz-results; `signal` ends its event listeners. */
  constructor(section, signal) {
    this.section = section;
    this.placeholder = [...section.childNodes].map((node) => node.cloneNode(true));
    this.label = section.getAttribute("aria-labelledby");
    /** The share fragment and answers (as JSON) of the result on show, or null. */
    this.shown = null;
    section.addEventListener("click", (event) => this.#click(event), { signal });
  }

  /** Whether `share` is the share link of the result on show, made from `answers`. */
  isShowing(share, answers) {
    return this.shown !== null && this.shown.share === share && !this.isStale(answers);
  }

  isStale(answers) {
    return this.shown !== null && this.shown.answers !== JSON.stringify(answers);
  }

  scoring() {
    this.section.dataset.state = "scoring";
    this.section.setAttribute("aria-busy", "true");
  }

  /** Scoring ended without a new result: back to what was shown before. */
  scoringFailed() {
    this.section.removeAttribute("aria-busy");
    this.section.dataset.state = this.shown === null ? "empty" : "ready";
  }

  /** Shows the engine's `reply` to a score request for `answers`. */
  show(reply, answers) {
    const section = this.section;
    section.removeAttribute("aria-busy");
    section.replaceChildren(resultNodes(reply.html));
    this.shown = { share: reply.share, answers: JSON.stringify(answers) };
    const heading = section.querySelector("#quiz-result-heading");
    if (heading) section.setAttribute("aria-labelledby", heading.id);
    this.#addStaleNote(heading);
    this.#addCopyButton();
    section.dataset.state = "ready";
    this.#announce();
    const target = heading ?? section;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }

  /** Shows or hides the note that the answers have changed since the result was made. */
  markStale(answers) {
    const note = this.section.querySelector(".atlas-results__stale");
    if (note) note.hidden = !this.isStale(answers);
  }

  /** Back to the page's placeholder, as before any result. */
  reset() {
    this.shown = null;
    this.section.replaceChildren(...this.placeholder.map((node) => node.cloneNode(true)));
    this.section.removeAttribute("aria-busy");
    if (this.label) this.section.setAttribute("aria-labelledby", this.label);
    else this.section.removeAttribute("aria-labelledby");
    this.section.dataset.state = "empty";
  }

  #click(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest("button.atlas-share-copy")) {
      this.#copyShareLink();
      return;
    }
    // Following the result's own share link only needs to put it in the address bar (to
    // bookmark or copy): the page already shows that result. Left to Material's instant
    // navigation, the click would re-fetch the whole page.
    const link = target?.closest("a.atlas-share-link");
    if (link && event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)) {
      event.preventDefault();
      event.stopPropagation();
      showShareLink(link.href);
    }
  }

  // Screen readers hear a short summary from a status region (the result itself is too long to
  // be read out at once); focus then lands on the result's heading to read on from there.
  #announce() {
    const announcer = document.getElementById("quiz-announcer");
    if (!announcer) return;
    // Each card says in a few words where the answers place (data-announce, made by the engine).
    const stages = [...this.section.querySelectorAll("[data-model]")].map((card) => {
      const model = card.querySelector("h3")?.textContent.trim() ?? "";
      return `${model}: ${card.dataset.announce ?? ""}`;
    });
    announcer.textContent = `Your result is ready. ${stages.join("; ")}.`;
  }

  #addStaleNote(heading) {
    const note = document.createElement("p");
    note.className = "atlas-results__stale";
    note.hidden = true;
    note.textContent =
      "You have changed your answers since this result was made: choose “Show where we stand” to update it.";
    if (heading) heading.after(note);
    else this.section.prepend(note);
  }

  #addCopyButton() {
    const link = this.section.querySelector("a.atlas-share-link");
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

  async #copyShareLink() {
    const url = shareURL(this.shown?.share ?? "");
    const field = this.section.querySelector("input.atlas-share-url");
    const done = this.section.querySelector(".atlas-share-status");
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
}
