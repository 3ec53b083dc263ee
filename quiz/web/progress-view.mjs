// "Your results over time" (`#quiz-kept`, under the result): the visitor may keep the result on
// show in this browser with today's date (kept-results.mjs), sees the results kept before, each
// with its date, and compares the result on show with one of them (comparison-view.mjs).
// Nothing is kept unless asked; each entry, or all of them, can be forgotten.
//
// Each kept entry is checked by the engine against the result on show as soon as the list is
// drawn ("compare", which refuses an entry of the wrong shape with a reason): an entry it refuses
// is listed with that reason and can still be forgotten; the others compare as usual.
// Hooks the tests read: `[data-kept]` items (their index in the stored list) with `data-date`,
// `data-state` ("checking", "ready" or "refused") and `data-version` ("current" or "earlier").

import { comparisonBlock } from "./comparison-view.mjs";
import { element } from "./dom.mjs";
import { MAX_KEPT, KeptResults, dateText, today } from "./kept-results.mjs";

export class ProgressView {
  #section;
  #storage;
  #compare;
  #names;
  #version;
  /** The result on show (the score reply's `result`), or null. */
  #current = null;
  /** Entry index → the engine's reply comparing it with the result on show. */
  #replies = new Map();
  /** Drawing number: checks of an older list are dropped. */
  #drawn = 0;
  #status;
  #keep;
  #list;
  #comparison;

  /**
   * `section` is #quiz-kept (its `data-storage-key` names the key); `compare(pair)` asks the
   * engine (null when it failed); `names()` resolves to the spec's names (SpecNames); `version`
   * is the current question set's.
   */
  constructor(section, { compare, names, version, signal }) {
    this.#section = section;
    this.#storage = new KeptResults(section.dataset.storageKey);
    this.#compare = compare;
    this.#names = names;
    this.#version = version;
    this.#build();
    section.addEventListener("click", (event) => this.#click(event), { signal });
  }

  #build() {
    this.#keep = element(
      "button",
      { type: "button", class: "md-button", "data-action": "keep-result" },
      "Keep this result in this browser (with today’s date)",
    );
    this.#status = element("p", { class: "atlas-kept__status", role: "status", tabindex: -1 });
    this.#list = element("div", { class: "atlas-kept__list" });
    this.#comparison = element("div", { class: "atlas-kept__comparison" });
    this.#section.replaceChildren(
      element("h2", { id: "quiz-kept-heading" }, "Your results over time"),
      element(
        "p",
        { class: "atlas-kept__about" },
        "To see later what has moved, keep this result in this browser with today’s date. Nothing is " +
          `kept unless you ask, and nothing leaves this browser. Up to ${MAX_KEPT} results are kept: ` +
          "keeping one more forgets the oldest.",
      ),
      element("p", { class: "atlas-kept__actions" }, this.#keep),
      this.#status,
      this.#list,
      this.#comparison,
    );
    this.#section.setAttribute("aria-labelledby", "quiz-kept-heading");
  }

  /** A new result is on show (`result`: the score reply's data): offer to keep it, and list. */
  show(result) {
    this.#current = result;
    this.#section.hidden = false;
    this.#status.textContent = "";
    this.#comparison.replaceChildren();
    this.#draw();
  }

  /** No result on show any more (the answers were cleared). */
  reset() {
    this.#current = null;
    this.#drawn += 1;
    this.#section.hidden = true;
    this.#status.textContent = "";
    this.#list.replaceChildren();
    this.#comparison.replaceChildren();
  }

  #say(text) {
    this.#status.textContent = text;
  }

  /** Moves the focus to the status line, where the words of what just happened are. */
  #sayAndFocus(text) {
    this.#say(text);
    this.#status.focus();
  }

  #click(event) {
    const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    if (!button) return;
    const index = Number(button.closest("[data-kept]")?.dataset.kept);
    switch (button.dataset.action) {
      case "keep-result":
        this.#keepCurrent();
        break;
      case "compare-kept":
        this.#showComparison(index);
        break;
      case "forget-kept":
        this.#forget(index);
        break;
      case "forget-all-kept":
        this.#forgetAll();
        break;
    }
  }

  #keepCurrent() {
    if (this.#current === null) return;
    const date = today();
    const { kept, forgotten } = this.#storage.keep(date, this.#current);
    if (!kept) {
      this.#sayAndFocus("This browser did not keep the result: its storage is full or turned off.");
      return;
    }
    let text = `This result is kept in this browser with the date ${dateText(date)}.`;
    if (forgotten.length) {
      const dates = forgotten.map((entry) => dateText(entry?.date)).join(", ");
      text += ` Only ${MAX_KEPT} results are kept: the oldest (${dates}) was forgotten.`;
    }
    this.#draw();
    this.#sayAndFocus(text);
  }

  #forget(index) {
    const entry = this.#storage.load().entries[index];
    this.#storage.forget(index);
    this.#comparison.replaceChildren();
    this.#draw();
    this.#sayAndFocus(`The result kept with the date ${dateText(entry?.date)} is forgotten.`);
  }

  #forgetAll() {
    const done = this.#storage.forgetAll();
    this.#comparison.replaceChildren();
    this.#draw();
    this.#sayAndFocus(
      done ? "All kept results are forgotten." : "This browser did not let the page delete the kept results.",
    );
  }

  /** The list of kept results, each checked against the result on show by the engine. */
  #draw() {
    const drawing = ++this.#drawn;
    this.#replies.clear();
    const { entries, readable } = this.#storage.load();
    const forgetAll = element(
      "button",
      { type: "button", class: "md-button", "data-action": "forget-all-kept" },
      "Forget all kept results",
    );
    if (!readable) {
      this.#list.replaceChildren(
        element(
          "p",
          { "data-kept-unreadable": "" },
          "The results kept in this browser cannot be read (they are not a list of results). " +
            "Keeping this result starts a new list; ",
          forgetAll,
          " deletes them.",
        ),
      );
      return;
    }
    if (!entries.length) {
      this.#list.replaceChildren(element("p", {}, "No result is kept in this browser yet."));
      return;
    }
    const items = entries.map((entry, index) => this.#item(entry, index));
    this.#list.replaceChildren(
      element("h3", { id: "quiz-kept-list-heading" }, "Kept results"),
      element("ul", { class: "atlas-kept__entries", "aria-labelledby": "quiz-kept-list-heading" }, items),
      element("p", {}, forgetAll),
    );
    entries.forEach((entry, index) => this.#check(drawing, entry, index, items[index]));
  }

  #item(entry, index) {
    const date = typeof entry?.date === "string" ? entry.date : "";
    const earlierQuestions = typeof entry?.result?.version === "string" && entry.result.version !== this.#version;
    const dateId = `quiz-kept-date-${index}`;
    return element(
      "li",
      {
        "data-kept": index,
        "data-date": date,
        "data-state": "checking",
        "data-version": earlierQuestions ? "earlier" : "current",
      },
      element("span", { id: dateId, class: "atlas-kept__date" }, `Kept on ${dateText(entry?.date)}`),
      earlierQuestions ? element("span", { class: "atlas-kept__note" }, " (made with an earlier set of questions)") : null,
      " ",
      element("span", { class: "atlas-kept__reason" }),
      " ",
      element(
        "button",
        { type: "button", class: "md-button", "data-action": "compare-kept", "aria-describedby": dateId, hidden: true },
        "Compare with this one",
      ),
      " ",
      element(
        "button",
        { type: "button", class: "md-button", "data-action": "forget-kept", "aria-describedby": dateId },
        "Forget this one",
      ),
    );
  }

  async #check(drawing, entry, index, item) {
    const later = { date: today(), result: this.#current };
    const reply = this.#current === null ? null : await this.#compare({ earlier: entry, later });
    if (drawing !== this.#drawn) return;
    const reason = item.querySelector(".atlas-kept__reason");
    if (reply === null) {
      item.dataset.state = "refused";
      reason.textContent = "It cannot be compared now: the scoring engine is not running.";
      return;
    }
    if (!reply.ok) {
      item.dataset.state = "refused";
      reason.textContent = reply.error;
      return;
    }
    this.#replies.set(index, { reply, earlier: entry, later });
    item.dataset.state = "ready";
    item.querySelector("button[data-action=compare-kept]").hidden = false;
  }

  async #showComparison(index) {
    const found = this.#replies.get(index);
    if (!found) return;
    let names;
    try {
      names = await this.#names();
    } catch {
      this.#sayAndFocus("The names of the models could not be loaded. Reload the page to try again.");
      return;
    }
    const block = comparisonBlock(names, found.reply, found.earlier, found.later);
    this.#comparison.replaceChildren(block);
    this.#say(`The comparison with the result kept on ${dateText(found.earlier.date)} is shown below.`);
    const heading = block.querySelector("h3");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }
}
