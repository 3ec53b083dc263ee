// Results the visitor chose to keep in this browser, each with the date it was kept, so that a
// later result can be compared with them ("compare with an earlier result"). Nothing is written
// until the visitor asks to keep a result; "Forget all kept results" removes the key.
//
// One localStorage key, scoped by the site's path as the answers' key is (answer-storage.mjs),
// holds a JSON list `[{date, result}]`, oldest first: `date` is the local calendar date
// (YYYY-MM-DD) and `result` the score reply's `result` data as the engine gave it
// (quiz/api.py result_data), so a result made with an earlier set of questions is kept as it
// was. At most MAX_KEPT are kept: keeping one more forgets the oldest, and the page says so.
//
// Anything on the origin's path could have written this key. It is read back as it is and never
// trusted: the page shows only dates from it (as text), and the engine checks each entry's
// shape before comparing it (quiz/progress.py read_kept).

import { scopedKey } from "./answer-storage.mjs";

export const MAX_KEPT = 20;

/** Today's date in this browser's time zone, as YYYY-MM-DD. */
export function today(now = new Date()) {
  const two = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** A kept date in the visitor's own words: their locale's long date, else the text as kept. */
export function dateText(date) {
  if (typeof date !== "string") return "(no date)";
  const match = ISO_DATE.exec(date);
  if (!match) return date;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(day.getTime()) ? date : day.toLocaleDateString(undefined, { dateStyle: "long" });
}

export class KeptResults {
  /** Kept results under `name`, scoped by the site's path (see scopedKey). */
  constructor(name, moduleURL = import.meta.url) {
    this.key = scopedKey(name, moduleURL);
  }

  /**
   * `{entries, readable}`: the stored list as it is (each entry unchecked), or, when the key
   * holds something that is not a list, no entries and `readable` false.
   */
  load() {
    let stored;
    try {
      stored = JSON.parse(localStorage.getItem(this.key) ?? "[]");
    } catch {
      return { entries: [], readable: false };
    }
    return Array.isArray(stored) ? { entries: stored, readable: true } : { entries: [], readable: false };
  }

  /**
   * Keeps `result` with `date`, after the ones kept before (an unreadable list is replaced).
   * Returns `{kept, forgotten}`: whether the browser stored it, and the oldest entries dropped to
   * stay within MAX_KEPT.
   */
  keep(date, result) {
    const entries = [...this.load().entries, { date, result }];
    const forgotten = entries.splice(0, Math.max(0, entries.length - MAX_KEPT));
    return { kept: this.#write(entries), forgotten };
  }

  /** Forgets the entry at `index` of the list as loaded; the key goes with the last entry. */
  forget(index) {
    const { entries, readable } = this.load();
    if (!readable) return this.forgetAll();
    entries.splice(index, 1);
    return entries.length ? this.#write(entries) : this.forgetAll();
  }

  forgetAll() {
    try {
      localStorage.removeItem(this.key);
      return true;
    } catch {
      return false;
    }
  }

  #write(entries) {
    try {
      localStorage.setItem(this.key, JSON.stringify(entries));
      return true;
    } catch {
      // Storage disabled or full.
      return false;
    }
  }
}
