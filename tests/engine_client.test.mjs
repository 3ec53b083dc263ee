// The engine client's state machine and the handover of engines, in Node with a fake worker
// (`node --test`, run by tests/test_engine_client.py): the paths a browser test cannot reach at
// will, such as a worker that dies after it was ready, or the start's time limit.

import assert from "node:assert/strict";
import { beforeEach, describe, mock, test } from "node:test";

/** Stands in for a module worker: records what the page posts, and says what a test makes it. */
class FakeWorker {
  static made = [];

  constructor(url, options) {
    this.url = String(url);
    this.options = options;
    this.posted = [];
    this.listeners = {};
    this.terminated = false;
    FakeWorker.made.push(this);
  }

  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }

  removeEventListener(type, listener) {
    this.listeners[type] = (this.listeners[type] ?? []).filter((l) => l !== listener);
  }

  postMessage(message) {
    this.posted.push(message);
  }

  terminate() {
    this.terminated = true;
  }

  /** The worker says `data`. */
  say(data) {
    for (const listener of this.listeners.message ?? []) listener({ data });
  }

  crash(message) {
    for (const listener of this.listeners.error ?? []) listener({ message, preventDefault() {} });
  }
}

globalThis.Worker = FakeWorker;
globalThis.WebAssembly ??= {};

const { EngineClient } = await import("../quiz/web/engine-client.mjs");
const { parkEngine, takeEngine } = await import("../quiz/web/engine-handover.mjs");

const CONFIG = {
  indexURL: "http://site/assets/pyodide/",
  lockFileURL: "http://site/lock.json",
  packageURL: "http://site/package.json",
  packageIntegrity: "sha256-x",
  specURL: "http://site/spec.json",
};

/** Lets promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function watched(engine) {
  const seen = { states: [], progress: [] };
  engine.watch({
    onState: (state) => seen.states.push(state),
    onProgress: (step) => seen.progress.push(step),
  });
  return seen;
}

beforeEach(() => {
  FakeWorker.made = [];
});

describe("a started engine", () => {
  test("sends init, becomes ready, answers requests by id", async () => {
    const engine = EngineClient.start(CONFIG);
    const [worker] = FakeWorker.made;
    assert.equal(worker.options.type, "module");
    assert.deepEqual(worker.posted, [{ type: "init", ...CONFIG, id: 1 }]);
    const seen = watched(engine);
    worker.say({ type: "progress", message: "Starting Python…" });
    worker.say({ type: "ready", id: 1 });
    assert.equal(await engine.settled, "ready");
    assert.deepEqual(seen, { states: ["loading", "ready"], progress: ["Starting Python…"] });

    const reply = engine.request("score", { answers: { a: "1" } });
    assert.deepEqual(worker.posted[1], { answers: { a: "1" }, type: "score", id: 2 });
    worker.say({ type: "reply", id: 99, reply: { ok: false } }); // no such request: ignored
    worker.say({ type: "reply", id: 2, reply: { ok: true, html: "<p>" } });
    assert.deepEqual(await reply, { ok: true, html: "<p>" });
    engine.terminate();
  });

  test("fails when init fails, and refuses requests after", async () => {
    const engine = EngineClient.start(CONFIG);
    const [worker] = FakeWorker.made;
    const seen = watched(engine);
    worker.say({ type: "failed", id: 1, message: "the questions could not be downloaded" });
    assert.equal(await engine.settled, "failed");
    assert.deepEqual(engine.failure, { reason: "the questions could not be downloaded", during: "loading" });
    assert.deepEqual(seen.states, ["loading", "failed"]);
    assert.ok(worker.terminated);
    await assert.rejects(engine.request("score", {}), /could not be downloaded/);
  });

  test("fails when the worker dies after it was ready; pending requests reject", async () => {
    const engine = EngineClient.start(CONFIG);
    const [worker] = FakeWorker.made;
    worker.say({ type: "ready", id: 1 });
    await engine.settled;
    const seen = watched(engine);
    const reply = engine.request("export", {});
    worker.crash("out of memory");
    await assert.rejects(reply, /the worker stopped: out of memory/);
    assert.deepEqual(engine.failure, { reason: "the worker stopped: out of memory", during: "ready" });
    assert.deepEqual(seen.states, ["ready", "failed"]);
  });

  test("fails on a reply of a type it does not know", async () => {
    const engine = EngineClient.start(CONFIG);
    const [worker] = FakeWorker.made;
    worker.say({ type: "ready", id: 1 });
    await engine.settled;
    const reply = engine.request("score", {});
    worker.say({ type: "surprise", id: 2 });
    await assert.rejects(reply, /unexpected message type "surprise"/);
    assert.equal(engine.state, "failed");
  });

  test("gives up when it is not ready within its time limit, and only then", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const slow = EngineClient.start(CONFIG);
      mock.timers.tick(59_000);
      assert.equal(slow.state, "loading");
      mock.timers.tick(1_000);
      assert.equal(slow.state, "failed");
      assert.match(slow.failure.reason, /did not start within 60 seconds/);

      const quick = EngineClient.start(CONFIG);
      FakeWorker.made[1].say({ type: "ready", id: 1 });
      await settle();
      mock.timers.tick(120_000);
      assert.equal(quick.state, "ready");
      quick.terminate();
    } finally {
      mock.timers.reset();
    }
  });

  test("stops for good when terminated", async () => {
    const engine = EngineClient.start(CONFIG);
    const pending = engine.request("score", {});
    engine.terminate();
    await assert.rejects(pending, /was stopped/);
    assert.equal(await engine.settled, "stopped");
    FakeWorker.made[0].say({ type: "ready", id: 1 });
    await settle();
    assert.equal(engine.state, "stopped");
  });
});

describe("engines that cannot start", () => {
  test("a browser without WebAssembly gets an engine that has failed already", async () => {
    const engine = EngineClient.unsupported();
    assert.equal(engine.state, "failed");
    assert.equal(engine.failure.during, "unsupported");
    assert.equal(await engine.settled, "failed");
    assert.deepEqual(FakeWorker.made, []);
  });
});

describe("the handover", () => {
  /** What boot.js leaves in `window.atlasQuizBoot`, with its worker. */
  function boot(config, messages = [], error = null) {
    const worker = new FakeWorker("worker.mjs", { type: "module" });
    worker.posted.push({ type: "init", ...config, id: 1 });
    const released = { count: 0 };
    globalThis.atlasQuizBoot = {
      config,
      worker,
      initId: 1,
      messages,
      error,
      release: () => {
        released.count += 1;
      },
    };
    return { worker, released };
  }

  test("takes over boot.js's engine once, replaying what its worker said", async () => {
    const { worker, released } = boot(CONFIG, [
      { type: "progress", message: "Installing the scoring package…" },
      { type: "ready", id: 1 },
    ]);
    const engine = takeEngine(CONFIG);
    assert.equal(released.count, 1);
    assert.equal(globalThis.atlasQuizBoot, undefined);
    assert.equal(await engine.settled, "ready");
    engine.request("score", {}).catch(() => {});
    assert.deepEqual(worker.posted.at(-1), { type: "score", id: 2 });
    assert.equal(FakeWorker.made.length, 1, "no second worker");
    engine.terminate();
  });

  test("a boot whose worker could not load is replaced by a new engine", () => {
    const { worker } = boot(CONFIG, [], "the worker could not be loaded");
    const engine = takeEngine(CONFIG);
    assert.ok(worker.terminated);
    assert.equal(engine.state, "loading");
    assert.equal(FakeWorker.made.length, 2);
    assert.deepEqual(FakeWorker.made[1].posted, [{ type: "init", ...CONFIG, id: 1 }]);
    engine.terminate();
  });

  test("a parked engine goes to the next form of the same files, else it is stopped", async () => {
    const first = takeEngine(CONFIG);
    assert.equal(FakeWorker.made.length, 1);
    parkEngine(CONFIG, first);
    assert.equal(takeEngine(CONFIG), first);

    parkEngine(CONFIG, first);
    const other = takeEngine({ ...CONFIG, specURL: "http://site/spec-2.json" });
    assert.notEqual(other, first);
    assert.equal(first.state, "stopped");
    assert.equal(FakeWorker.made.length, 2);

    parkEngine(CONFIG, other);
    other.terminate();
    const third = takeEngine(CONFIG);
    assert.notEqual(third, other, "a stopped engine is never handed over");
    third.terminate();
  });
});
