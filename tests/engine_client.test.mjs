// The engine client's state machine and the handover of engines, in Node with a fake worker
// (`node --test`, run by tests/test_engine_client.py): the paths a browser test cannot reach at
// will, such as a worker that dies after it was ready, or the start's time limit. Then the
// worker's downloads (engine-files.mjs) with a fake `fetch`, and the answers' storage key.

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
  runtimeIntegrity: '{"pyodide.asm.wasm": "sha256-w"}',
  lockFileURL: "http://site/lock.json",
  packageURL: "http://site/package.json",
  packageIntegrity: "sha256-x",
  specURL: "http://site/spec.json",
  specIntegrity: "sha256-y",
  stallSeconds: "",
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
    worker.say({ type: "progress", stage: "start", message: "starting Python…", step: 3, steps: 4 });
    worker.say({ type: "ready", id: 1 });
    assert.equal(await engine.settled, "ready");
    const told = { stage: "start", message: "starting Python…", step: 3, steps: 4, received: 0, expected: 0 };
    assert.deepEqual(seen, { states: ["loading", "ready"], progress: [told] });

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

  test("gives up on a worker silent for a minute while loading; any message starts the count over", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const slow = EngineClient.start(CONFIG);
      const [worker] = FakeWorker.made;
      mock.timers.tick(59_000);
      worker.say({ type: "progress", stage: "download", received: 1_000_000, expected: 12_000_000 });
      mock.timers.tick(59_000);
      assert.equal(slow.state, "loading", "a download in progress is never given up by the clock");
      mock.timers.tick(1_000);
      assert.equal(slow.state, "failed");
      assert.match(slow.failure.reason, /nothing happened for 60 seconds/);

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

  test("ignores what a failed worker still says", async () => {
    const engine = EngineClient.start(CONFIG);
    const [worker] = FakeWorker.made;
    const seen = watched(engine);
    worker.say({ type: "failed", id: 1, message: "the questions (spec.json) is missing on the server (HTTP 404)" });
    worker.say({ type: "progress", stage: "start", message: "starting Python…" });
    assert.deepEqual(seen.progress, []);
    assert.equal(engine.state, "failed");
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
      { type: "progress", stage: "quiz", message: "loading the quiz…" },
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

  test("an engine that fails while parked is let go, and the next form starts a new one", async () => {
    const first = takeEngine(CONFIG);
    parkEngine(CONFIG, first);
    FakeWorker.made[0].say({ type: "failed", id: 1, message: "the download stalled" });
    assert.equal(await first.settled, "failed");
    const next = takeEngine(CONFIG);
    assert.notEqual(next, first);
    assert.equal(FakeWorker.made.length, 2);
    next.terminate();
  });
});

const { EngineProgress, TEXT_INTERVAL_MS, progressStatus } = await import("../quiz/web/engine-progress.mjs");

/** Stands in for a <progress> element: without a value, it shows activity, not an amount. */
class FakeBar {
  hidden = true;
  max = 1;
  #value = null;

  get value() {
    return this.#value ?? 0;
  }

  set value(value) {
    this.#value = value;
  }

  get determinate() {
    return this.#value !== null;
  }

  removeAttribute(name) {
    if (name === "value") this.#value = null;
  }
}

describe("the engine's start as the page shows it", () => {
  test("says each stage at once, new numbers within a stage at most every few seconds", () => {
    mock.timers.enable({ apis: ["setTimeout", "Date"] });
    try {
      const said = [];
      const bar = new FakeBar();
      const view = new EngineProgress(bar, (text) => said.push(text));
      assert.equal(bar.hidden, false);
      const download = (received) => ({ stage: "download", message: `${received} bytes`, step: 1, steps: 4, received, expected: 1000 });
      view.show({ stage: "download", message: "downloading Python…", step: 1, steps: 4, received: 0, expected: 0 });
      view.show(download(100)); // the first numbers are said at once
      view.show(download(200));
      view.show(download(300));
      assert.deepEqual(said, [
        "Loading the scoring engine: step 1 of 4, downloading Python…",
        "Loading the scoring engine: step 1 of 4, 100 bytes",
      ]);
      assert.deepEqual([bar.value, bar.max, bar.determinate], [300, 1000, true], "the bar follows every report");
      mock.timers.tick(TEXT_INTERVAL_MS);
      assert.deepEqual(said.at(-1), "Loading the scoring engine: step 1 of 4, 300 bytes", "the latest numbers, once");
      assert.equal(said.length, 3);
      view.show({ stage: "start", message: "starting Python…", step: 3, steps: 4, received: 0, expected: 0 });
      assert.equal(said.at(-1), "Loading the scoring engine: step 3 of 4, starting Python…");
      assert.equal(bar.determinate, false, "no numbers: the bar runs without a value");
      view.show(download(400)); // late, from a stage before: said as it comes, not lost in a timer
      view.stop();
      mock.timers.tick(TEXT_INTERVAL_MS * 2);
      assert.equal(bar.hidden, true);
      assert.equal(said.length, 5);
    } finally {
      mock.timers.reset();
    }
  });

  test("a report without a step is said without one", () => {
    assert.equal(progressStatus({ message: "starting Python…", step: 0, steps: 0 }), "Loading the scoring engine: starting Python…");
  });
});

const { EngineDownloads, STALL_SECONDS, fileName, handOver, matchesDigest, progressText, stallMilliseconds } =
  await import("../quiz/web/engine-files.mjs");
const { scopedKey } = await import("../quiz/web/answer-storage.mjs");

/** A fetch that answers each URL of `routes` with what its function returns (or throws). */
function fakeFetch(routes) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    calls.push({ url: String(url), init });
    const route = routes[String(url)];
    if (route === undefined) throw new TypeError("Failed to fetch");
    return route(init);
  };
  return { fetch, calls };
}

const sri = async (bytes) =>
  `sha256-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))))}`;

/** The reason `promise` rejects with. */
async function reason(promise) {
  try {
    await promise;
  } catch (error) {
    return error.message;
  }
  assert.fail("it did not fail");
}

describe("the engine's downloads", () => {
  const URL_ = "http://site/assets/pyodide/pyodide-lock.abc.json";

  test("each failure says which file and why, and fails every wait", async () => {
    const { fetch } = fakeFetch({
      [URL_]: () => new Response("<!doctype html><title>Oops</title>", { status: 200 }),
      "http://site/missing.json": () => new Response("<html>Not found</html>", { status: 404 }),
      "http://site/broken.json": () => new Response("", { status: 503 }),
    });
    const downloads = new EngineDownloads({ fetch });
    const never = new Promise(() => {});
    const waiting = downloads.race(never);
    assert.match(await reason(downloads.jsonText(URL_, "the lock file (x.json)")), /the lock file \(x\.json\) is not valid JSON \(the server sent a web page instead\)/);
    assert.match(await reason(waiting), /not valid JSON/, "a wait on something else ends with the first failure");
    assert.match(await reason(downloads.jsonText("http://site/missing.json", "m")), /^m is missing on the server \(HTTP 404\)$/);
    assert.match(await reason(downloads.jsonText("http://site/broken.json", "b")), /^b could not be downloaded \(HTTP 503\)$/);
    assert.match(await reason(downloads.jsonText("http://site/blocked.json", "k")), /^k could not be downloaded \(the connection failed/);
    downloads.stop();
  });

  test("a file refused for its digest is told apart from an error page and a lost connection", async () => {
    const refused = () => {
      throw new TypeError("Failed to fetch");
    };
    const secondLook = (response) => (init) => (init.integrity ? refused() : response());
    const cases = [
      [() => new Response('{"changed": true}'), /did not match its checksum \(the file on the server was changed\)/],
      [() => new Response("<html>Not found</html>", { status: 404 }), /is missing on the server \(HTTP 404\)/],
      [() => new Response("<html>Sign in</html>"), /is not valid JSON \(the server sent a web page instead\)/],
      [refused, /could not be downloaded \(the connection failed/],
    ];
    for (const [response, expected] of cases) {
      const { fetch, calls } = fakeFetch({ [URL_]: secondLook(response) });
      const downloads = new EngineDownloads({ fetch });
      assert.match(await reason(downloads.jsonText(URL_, "the lock file", "sha256-abc")), expected);
      assert.deepEqual(calls[0].init, { integrity: "sha256-abc" });
      downloads.stop();
    }
  });

  test("a streamed file reaches Pyodide as the network gave it; one that differs from its digest fails the start", async () => {
    const bytes = new TextEncoder().encode("pretend this is WebAssembly").buffer;
    const digest = await sri(bytes);
    const served = (body) => () => new Response(body, { headers: { "Content-Type": "application/wasm" } });
    const wasm = "http://site/pyodide.asm.wasm";

    let network = null;
    const keep = (response) => {
      network = response;
      return response;
    };
    let downloads = new EngineDownloads({ fetch: fakeFetch({ [wasm]: () => keep(served(bytes)()) }).fetch });
    const response = await downloads.stream(wasm, "the runtime", { integrity: digest, type: "application/wasm" });
    // The very response (the browser keeps compiled code for it), not one rebuilt from its bytes.
    assert.equal(response, network);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array(bytes));
    await downloads.whenIdle();
    downloads.stop();

    downloads = new EngineDownloads({ fetch: fakeFetch({ [wasm]: served(bytes) }).fetch });
    await downloads.stream(wasm, "the runtime", { integrity: digest.replace("sha256-", "sha256-A") });
    assert.match(await reason(downloads.failed), /the runtime did not match its checksum/);

    downloads = new EngineDownloads({ fetch: fakeFetch({ [wasm]: () => new Response("<html>", { headers: { "Content-Type": "text/html" } }) }).fetch });
    assert.match(await reason(downloads.stream(wasm, "the runtime", { type: "application/wasm" })), /^the runtime was sent as text\/html, not as application\/wasm$/);
  });

  test("stalls only after the bound passes with nothing arriving on any download", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      let feed;
      const body = new ReadableStream({ start: (controller) => (feed = controller) });
      const { fetch } = fakeFetch({
        "http://site/slow.zip": () => new Response(body, { headers: { "Content-Length": "300" } }),
        "http://site/queued.json": () => new Promise(() => {}),
      });
      const progress = [];
      const downloads = new EngineDownloads({ stallMs: 10_000, fetch, onProgress: (bytes) => progress.push(bytes) });
      const slow = downloads.stream("http://site/slow.zip", "the library (slow.zip)");
      downloads.jsonText("http://site/queued.json", "the lock (queued.json)").catch(() => {});
      await slow;
      for (let i = 0; i < 3; i += 1) {
        mock.timers.tick(9_000);
        feed.enqueue(new Uint8Array(100));
        await settle();
      }
      assert.deepEqual(await Promise.race([downloads.failed.catch((e) => e.message), settle().then(() => "still running")]), "still running");
      // Bytes so far of the total the response announced (the last report waits for its turn).
      assert.ok(progress.length > 0 && progress.at(-1).received >= 100 && progress.at(-1).expected === 300, progress);
      mock.timers.tick(10_000);
      const told = await reason(downloads.failed);
      assert.match(told, /^the download stalled: nothing arrived for 10 seconds while waiting for /);
      assert.match(told, /the library \(slow\.zip\), the lock \(queued\.json\)/);
    } finally {
      mock.timers.reset();
    }
  });

  test("the stall bound can only be shortened by the page, never lengthened or broken", () => {
    assert.equal(stallMilliseconds(""), STALL_SECONDS * 1000);
    assert.equal(stallMilliseconds("2"), 2000);
    for (const setting of ["0", "-5", "abc", "1e9", String(STALL_SECONDS + 1), undefined]) {
      assert.equal(stallMilliseconds(setting), STALL_SECONDS * 1000, setting);
    }
  });

  test("progress is told in megabytes, with the total where the sizes are known", () => {
    assert.equal(progressText(3_100_000, 12_100_000), "downloading Python (3.1 of 12.1 MB)");
    assert.equal(progressText(3_100_000, 0), "downloading Python (3.1 MB so far)");
    assert.equal(fileName("http://site/atlas/assets/pyodide/1/python_stdlib.zip"), "python_stdlib.zip");
  });

  test("digests: any one listed digest that matches is enough", async () => {
    const bytes = new TextEncoder().encode("x");
    const good = await sri(bytes);
    assert.equal(await matchesDigest(bytes, good), true);
    assert.equal(await matchesDigest(bytes, `sha256-AAAA ${good}`), true);
    assert.equal(await matchesDigest(bytes, "sha256-AAAA"), false);
  });

  test("hands Pyodide each fetched response once, for a GET of its URL only", async () => {
    const scope = { location: { href: "http://site/atlas/assets/quiz/worker.mjs" }, calls: [] };
    scope.fetch = function (input, init) {
      this.calls.push([String(input), init?.method ?? "GET"]);
      return Promise.resolve("from the network");
    };
    const restore = handOver(new Map([["http://site/atlas/a.wasm", Promise.resolve("fetched already")]]), scope);
    assert.equal(await scope.fetch(new URL("http://site/atlas/a.wasm"), {}), "fetched already");
    assert.equal(await scope.fetch("../../a.wasm", { method: "HEAD" }), "from the network");
    assert.equal(await scope.fetch("http://site/atlas/a.wasm"), "from the network");
    restore();
    assert.deepEqual(scope.calls, [
      ["../../a.wasm", "HEAD"],
      ["http://site/atlas/a.wasm", "GET"],
    ]);
    assert.equal(Object.hasOwn(scope, "fetch"), true);
  });
});

describe("the answers' storage key", () => {
  test("is scoped by the site's path, the same from every page of the site", () => {
    const at = (site) => `http://user.github.io${site}assets/quiz/answer-storage.mjs`;
    assert.equal(scopedKey("atlas-quiz-answers", at("/atlas/")), "/atlas/.atlas-quiz-answers");
    assert.equal(scopedKey("atlas-quiz-answers", at("/")), "/.atlas-quiz-answers");
    assert.notEqual(scopedKey("k", at("/atlas/")), scopedKey("k", at("/other-atlas/")));
  });
});
