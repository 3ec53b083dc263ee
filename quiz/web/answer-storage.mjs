// The visitor's answers in this browser's localStorage, under the quiz's one key, so that a
// reload keeps them until "Clear my answers". Storage may be disabled or full: the quiz then
// works without it.

export class AnswerStorage {
  constructor(key) {
    this.key = key;
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
