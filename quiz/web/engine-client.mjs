// The scoring engine's client on the page: one module worker (worker.mjs) that runs the quiz in
// Pyodide, one promise per request id, and one state machine for the engine's life.
//
//   const engine = EngineClient.start(engineConfig(form.dataset));  // or adopt / unsupported
//   const stop = engine.watch({ onState, onProgress });
//   const reply = await engine.request("score", { answers });  // {ok: true, ...} | {ok: false, error}
//   engine.terminate();
//
// States: "loading" → "ready" → "failed" | "stopped", or "loading" → "failed" | "stopped".
// "failed" and "stopped" are final; `failure` then says why and when.

/**
 * The last resort: how long a loading engine's worker may say nothing before it is given up. The
 * worker itself tells every failed or stalled download at once (engine-files.mjs), and reports
 * progress while it downloads; this only catches a worker that goes quiet for another reason,
 * such as Python's start hanging once every file has arrived (it takes seconds).
 */
const SILENCE_LIMIT_MS = 60_000;

/** The states each state may move to. */
const NEXT_STATES = {
  loading: ["ready", "failed", "stopped"],
  ready: ["failed", "stopped"],
  failed: [],
  stopped: [],
};

export class EngineClient {
  #worker;
  #nextId = 1;
  /** Request id → {resolve, reject} of a request's promise (the init request's too). */
  #pending = new Map();
  #timer = 0;
  #state = "loading";
  #failure = null;
  /** The latest loading stage the worker told, or null. */
  #lastProgress = null;
  #watchers = new Set();
  #settled;
  #settle;

  /** Use `start`, `adopt` or `unsupported`. */
  constructor(worker) {
    this.#settled = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.#worker = worker;
    if (worker === null) return;
    worker.addEventListener("message", (event) => this.#receive(event.data));
    worker.addEventListener("error", (event) => {
      // An ErrorEvent carries a message when the worker threw; a plain Event means its script
      // (or a module it imports statically) could not be loaded or parsed.
      event.preventDefault();
      this.#fail(event.message ? `the worker stopped: ${event.message}` : "the worker could not be loaded");
    });
    worker.addEventListener("messageerror", () => this.#fail("a message from the worker could not be read"));
  }

  /** A new worker, told to load Pyodide and the quiz from `config` (see engineConfig). */
  static start(config) {
    let worker;
    try {
      worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module", name: "atlas-quiz" });
    } catch (error) {
      const engine = new EngineClient(null);
      engine.#fail(`the worker could not be started: ${error?.message ?? error}`);
      return engine;
    }
    const engine = new EngineClient(worker);
    const init = engine.#send({ type: "init", ...config });
    engine.#awaitReady(init);
    return engine;
  }

  /**
   * Takes over the worker boot.js started (its `window.atlasQuizBoot`), whose init is under way:
   * what the worker said meanwhile is replayed.
   */
  static adopt(boot) {
    boot.release();
    const engine = new EngineClient(boot.worker);
    engine.#nextId = boot.initId + 1;
    const init = new Promise((resolve, reject) => {
      engine.#pending.set(boot.initId, { resolve, reject });
    });
    engine.#awaitReady(init);
    for (const message of boot.messages) engine.#receive(message);
    if (boot.error !== null) engine.#fail(boot.error);
    return engine;
  }

  /** An engine that cannot run in this browser (no WebAssembly or no Web Workers). */
  static unsupported() {
    const engine = new EngineClient(null);
    engine.#fail("this browser lacks WebAssembly / Web Workers", "failed", "unsupported");
    return engine;
  }

  /** Whether this browser can run the engine at all. */
  static get supported() {
    return typeof WebAssembly === "object" && typeof Worker === "function";
  }

  /** "loading" | "ready" | "failed" | "stopped" */
  get state() {
    return this.#state;
  }

  /** Why the engine failed or stopped: `{reason, during}`, `during` being "unsupported",
   *  "loading" or "ready" (the state it failed in); null while it runs. */
  get failure() {
    return this.#failure;
  }

  /** Resolves to the state once it is no longer "loading"; never rejects. */
  get settled() {
    return this.#settled;
  }

  /**
   * Calls `onState(state, engine)` now and on every change of state, and `onProgress(progress)`
   * with the latest loading stage now and with each new report: `{stage, message, step, steps,
   * received, expected}` (see worker.mjs; numbers are 0 where unknown). Returns the function that
   * stops it.
   */
  watch({ onState = () => {}, onProgress = () => {} }) {
    const watcher = { onState, onProgress };
    this.#watchers.add(watcher);
    if (this.#lastProgress !== null && this.#state === "loading") onProgress(this.#lastProgress);
    onState(this.#state, this);
    return () => this.#watchers.delete(watcher);
  }

  /** Sends one request ("score", "parse-share", "parse-import", "export"); resolves to its reply,
   *  rejects when the engine fails or stops first. */
  request(type, fields = {}) {
    return this.#send({ ...fields, type });
  }

  /** Stops the worker; pending requests reject. */
  terminate() {
    this.#fail("the scoring engine was stopped", "stopped");
  }

  /** The init request `init` must succeed, the worker never staying silent for SILENCE_LIMIT_MS. */
  #awaitReady(init) {
    this.#heard();
    init.then(
      () => this.#enter("ready"),
      () => {}, // #fail has already moved to "failed" or "stopped"
    );
  }

  /** The worker said something while loading: the silence limit starts over. */
  #heard() {
    if (this.#state !== "loading") return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => this.#fail(`it stopped answering: nothing happened for ${SILENCE_LIMIT_MS / 1000} seconds`),
      SILENCE_LIMIT_MS,
    );
  }

  #enter(state) {
    if (!NEXT_STATES[this.#state].includes(state)) return false;
    this.#state = state;
    if (state !== "loading") {
      clearTimeout(this.#timer);
      this.#settle(state);
    }
    for (const watcher of [...this.#watchers]) watcher.onState(state, this);
    return true;
  }

  #send(message) {
    if (this.#failure !== null) return Promise.reject(new Error(this.#failure.reason));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  #receive(message) {
    if (message === null || typeof message !== "object" || this.#failure !== null) return;
    this.#heard();
    if (message.type === "progress") {
      const count = (value) => (Number.isFinite(value) && value > 0 ? value : 0);
      this.#lastProgress = {
        stage: String(message.stage ?? ""),
        message: String(message.message ?? ""),
        step: count(message.step),
        steps: count(message.steps),
        received: count(message.received),
        expected: count(message.expected),
      };
      for (const watcher of [...this.#watchers]) watcher.onProgress(this.#lastProgress);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    if (message.type === "ready" || message.type === "reply") {
      this.#pending.delete(message.id);
      pending.resolve(message.reply);
    } else if (message.type === "failed") {
      // Only init fails this way, and the worker cannot serve anything after a failed init.
      this.#fail(String(message.message ?? "unknown error"));
    } else {
      // A worker that speaks another protocol cannot be relied on for anything else either.
      this.#fail(`unexpected message type ${JSON.stringify(message.type)}`);
    }
  }

  #fail(reason, state = "failed", during = this.#state) {
    if (this.#failure !== null) return;
    this.#failure = { reason, during };
    this.#worker?.terminate();
    const error = new Error(reason);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    this.#enter(state);
  }
}

/**
 * The engine's files as absolute URLs, with their digests, from the `data-*` attributes the build
 * writes on the quiz form and on the <head> script (generator/templates/quiz.md.j2): spec,
 * spec-integrity, pyodide, stdlib, runtime-integrity, lock, package, integrity. `data-stall-seconds`, a
 * shorter stall bound for the tests, is never written by the build (engine-files.mjs only lets
 * it shorten the bound). boot.js builds the same fields in the same order: the handover compares
 * them.
 */
export function engineConfig(data) {
  const absolute = (value) => (value ? new URL(value, document.baseURI).href : "");
  return {
    indexURL: absolute(data.pyodide),
    stdlibURL: absolute(data.stdlib),
    runtimeIntegrity: data.runtimeIntegrity ?? "",
    lockFileURL: absolute(data.lock),
    packageURL: absolute(data.package),
    packageIntegrity: data.integrity ?? "",
    specURL: absolute(data.spec),
    specIntegrity: data.specIntegrity ?? "",
    stallSeconds: data.stallSeconds ?? "",
  };
}
