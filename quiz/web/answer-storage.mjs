// The visitor's answers in this browser's localStorage, under the quiz's one key, so that a
// reload keeps them until "Clear my answers". Storage may be disabled or full: the quiz then
// works without it.
//
// localStorage is shared by every site of an origin (all of a user's GitHub Pages sites are on
// <user>.github.io), so the key starts with the site's own path, as the theme's keys do
// ("/atlas/.atlas-quiz-answers" beside "/atlas/.__palette"): another site there can neither read
// these answers nor plant answers for this one. Answers kept under the unscoped key of earlier
// versions are not carried over, for the same reason: any site of the origin could have put them
// there.

/**
 * `name` scoped by the site's path. The site's root is found from this module's own URL (the
 * build serves it at `<site>/assets/quiz/`, generator/quiz_assets.py), so every page of a site
 * gets the same key, whatever its depth.
 */
export function scopedKey(name, moduleURL = import.meta.url) {
  return `${new URL("../../", moduleURL).pathname}.${name}`;
}

export class AnswerStorage {
  /** Answers under `name`, scoped by the site's path (see scopedKey). */
  constructor(name, moduleURL = import.meta.url) {
    this.key = scopedKey(name, moduleURL);
  }

  /** Keeps `{question: value}` with the question-set version they were given for. */
  save(version, answers) {
    try {
      localStorage.setItem(this.key, JSON.stringify({ version, answers }));
    } catch {
      // Storage disabled or full.
    }
  }

  /** `{version, answers}` as saved, answers only as strings; null when nothing usable is there. */
  load() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(this.key) ?? "null");
    } catch {
      return null;
    }
    const answers = saved?.answers;
    if (answers === null || typeof answers !== "object" || Array.isArray(answers)) return null;
    return {
      version: saved.version ?? null,
      answers: Object.fromEntries(Object.entries(answers).filter(([, value]) => typeof value === "string")),
    };
  }

  forget() {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // As in save.
    }
  }
}
