// The quiz engine's page side, for the quiz form (client.mjs):
//
// - `QuizEngine`, the API of the worker: one module worker, one promise per request id.
//     const engine = new QuizEngine({ onProgress });
//     await engine.start(config);      // engineConfig(...) below; also engine.ready
//     const reply = await engine.request("score", { answers });  // {ok: true, ...} | {ok: false, error}
//     engine.terminate();
// - `engineConfig(data)`, the engine's file URLs from an element's data-* attributes.
// - `claim(config)`: the engine already loading these files, if any: the one boot.js started
//   from the quiz page's <head>, or one a swapped-out quiz page handed on with `park`. Python
//   never starts twice for the same page.

const READY_TIMEOUT_MS = 60_000;

export class QuizEngine {
  #worker;
  #nextId = 1;
  /** Request id → {resolve, reject} of the promise `request` or `start` returned. */
  #pending = new Map();
  #timer = 0;
  #failure = null;
  /** "idle" | "loading" | "ready" | "failed" | "stopped" */
  state = "idle";
  /** The promise `start` returned, or null before. */
  ready = null;
  /** Called with each loading step the worker reports. */
  onProgress;

  /**
   * Creates the worker (the page only does this where a quiz is shown), or takes over the one
   * boot.js started: `booted` is its `window.atlasQuizBoot`, whose init is then under way.
   */
  constructor({ onProgress = () => {}, booted = null } = {}) {
    this.onProgress = onProgress;
    this.#worker =
      booted?.worker ??
      new Worker(new URL("./worker.mjs", import.meta.url), { type: "module", name: "atlas-quiz" });
    this.#worker.addEventListener("message", (event) => this.#receive(event.data));
    this.#worker.addEventListener("error", (event) => {
      // An ErrorEvent carries a message when the worker threw; a plain Event means its script
      // (or a module it imports statically) could not be loaded or parsed.
      event.preventDefault();
      this.#fail(event.message ? `the worker stopped: ${event.message}` : "the worker could not be loaded");
    });
    this.#worker.addEventListener("messageerror", () => this.#fail("a message from the worker could not be read"));
    if (booted !== null) this.#adopt(booted);
  }

  /** Loads Pyodide and the quiz in the worker; rejects with the reason if that fails or stalls. */
  start({ indexURL, lockFileURL, packageURL, packageIntegrity, specURL }) {
    return this.#begin(
      this.#send({ type: "init", indexURL, lockFileURL, packageURL, packageIntegrity, specURL }),
    );
  }

  /** `ready` follows the init request `init`, within READY_TIMEOUT_MS. */
  #begin(init) {
    if (this.state !== "idle") throw new Error("QuizEngine.start called twice");
    this.state = "loading";
    this.#timer = setTimeout(
      () => this.#fail(`it did not start within ${READY_TIMEOUT_MS / 1000} seconds`),
      READY_TIMEOUT_MS,
    );
    this.ready = init.then(() => {
      clearTimeout(this.#timer);
      this.state = "ready";
    });
    return this.ready;
  }

  /** Continues boot.js's engine: its init becomes `ready`; what the worker said is replayed. */
  #adopt(booted) {
    booted.release();
    this.#nextId = booted.initId + 1;
    const init = new Promise((resolve, reject) => {
      this.#pending.set(booted.initId, { resolve, reject });
    });
    this.#begin(init).catch(() => {});
    for (const message of booted.messages) this.#receive(message);
    if (booted.error !== null) this.#fail(booted.error);
  }

  /** Sends one request ("score", "parse-share", "parse-import", "export"); resolves to its reply. */
  request(type, fields = {}) {
    return this.#send({ ...fields, type });
  }

  /** Stops the worker; pending promises reject. */
  terminate() {
    this.#fail("the scoring engine was stopped", "stopped");
  }

  #send(message) {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  #receive(message) {
    if (message === null || typeof message !== "object") return;
    if (message.type === "progress") {
      this.onProgress(String(message.message ?? ""));
      return;
    }
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (message.type === "ready") {
      pending.resolve();
    } else if (message.type === "reply") {
      pending.resolve(message.reply);
    } else if (message.type === "failed") {
      // The worker cannot serve anything after a failed init.
      pending.reject(new Error(String(message.message ?? "unknown error")));
      this.#fail(String(message.message ?? "unknown error"));
    } else {
      pending.reject(new Error(`unexpected message type ${JSON.stringify(message.type)}`));
    }
  }

  #fail(reason, state = "failed") {
    if (this.#failure !== null) return;
    clearTimeout(this.#timer);
    this.#failure = new Error(reason);
    this.state = state;
    this.#worker.terminate();
    for (const { reject } of this.#pending.values()) reject(this.#failure);
    this.#pending.clear();
  }
}

/** Whether this browser can run the engine at all (the form says so when it cannot). */
export function canRunEngine() {
  return typeof WebAssembly === "object" && typeof Worker === "function";
}

/**
 * The engine's files as absolute URLs, from the `data-*` attributes the build writes on the quiz
 * form and on the <head> script (generator/templates/quiz.md.j2): spec, pyodide, lock, package,
 * integrity.
 */
export function engineConfig(data) {
  const absolute = (value) => (value ? new URL(value, document.baseURI).href : "");
  return {
    indexURL: absolute(data.pyodide),
    lockFileURL: absolute(data.lock),
    packageURL: absolute(data.package),
    packageIntegrity: data.integrity ?? "",
    specURL: absolute(data.spec),
  };
}

/** An engine waiting for a quiz form: `{key, engine}`, or null. */
let parked = null;

function keyOf(config) {
  return JSON.stringify(config);
}

/**
 * Keeps a loading or ready engine for the next quiz form of the same files; replaces (and stops)
 * any engine parked before.
 */
export function park(config, engine) {
  if (parked !== null && parked.engine !== engine) parked.engine.terminate();
  parked = { key: keyOf(config), engine };
}

/** The engine boot.js started, taken over (once) and parked; see boot.js. */
function adoptBooted() {
  const booted = globalThis.atlasQuizBoot;
  if (booted === undefined) return;
  delete globalThis.atlasQuizBoot;
  park(booted.config, new QuizEngine({ booted }));
}

/** The parked engine when it loads the same files as `config`; otherwise stops it. */
export function claim(config) {
  adoptBooted();
  const found = parked;
  parked = null;
  if (found === null) return null;
  if (found.key === keyOf(config) && (found.engine.state === "loading" || found.engine.state === "ready")) {
    return found.engine;
  }
  found.engine.terminate();
  return null;
}

/** A new engine, started; a failure is left for whoever awaits `engine.ready` to report. */
export function startEngine(config, options) {
  const engine = new QuizEngine(options);
  engine.start(config).catch(() => {});
  return engine;
}
