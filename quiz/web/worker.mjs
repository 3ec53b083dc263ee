// The quiz's module worker: starts Pyodide, installs the quiz package (the JSON file the build
// makes of its sources, generator/quiz_assets.py) and answers the page's requests by calling
// `quiz.api.Engine`, which takes and returns JSON text. It downloads the engine's files itself
// (engine-files.mjs), so that a failed start is told at once and by its cause.
//
// Messages are `{type, id, ...}`. In: "init" (once), then "score", "parse-share", "parse-import",
// "export", "score-team". Out: "progress" (the loading stage, see `progress`), "ready" or
// "failed" (for init), "reply" (the rest).

import { EngineDownloads, fileName, handOver, progressText, stallMilliseconds } from "./engine-files.mjs";

/** Request type → Engine method and the message field its one string argument comes from. */
const METHODS = {
  score: { method: "score", argument: (message) => JSON.stringify(message.answers ?? null) },
  "parse-share": { method: "parse_share", argument: (message) => String(message.fragment ?? "") },
  "parse-import": { method: "parse_import", argument: (message) => String(message.text ?? "") },
  export: { method: "export", argument: (message) => JSON.stringify(message.answers ?? null) },
  "score-team": { method: "score_team", argument: (message) => JSON.stringify(message.team ?? null) },
  compare: { method: "compare", argument: (message) => JSON.stringify(message.pair ?? null) },
};

/** Resolves to the Engine's PyProxy once init has succeeded; null until init arrives. */
let engine = null;

/** Lines Pyodide wrote to stderr while loading: the likeliest explanation of a failure. */
const stderrLines = [];

function post(message) {
  self.postMessage(message);
}

/** The stages of the engine's start, in order, and the latest one told. */
const STAGES = ["download", "compile", "start", "quiz"];
let stageReached = 0;

/**
 * Tells the page the stage the start has reached, in order: "download" (with the bytes `received`
 * so far and the `expected` total, 0 while unknown), "compile" (the WebAssembly's compilation,
 * which runs while it downloads, goes on after the last byte), "start" (Python's interpreter
 * starts), "quiz" (the quiz package and the questions are loaded); `step` of `steps` counts them,
 * and `message` says it in words that follow "Loading the scoring engine: step 1 of 4, ".
 */
function progress(stage, message, bytes = {}) {
  const order = STAGES.indexOf(stage);
  if (order < stageReached) return; // a late report of an earlier stage
  stageReached = order;
  post({ type: "progress", stage, message, step: order + 1, steps: STAGES.length, ...bytes });
}

/**
 * Calls `onDone` once Pyodide's WebAssembly module is compiled and instantiated: Pyodide does not
 * tell, so `WebAssembly.instantiateStreaming` (and `instantiate`, its fallback) are watched until
 * the returned function puts them back.
 */
function watchInstantiation(onDone, scope = globalThis.WebAssembly) {
  const originals = Object.entries({ instantiateStreaming: scope.instantiateStreaming, instantiate: scope.instantiate })
    .filter(([, original]) => typeof original === "function");
  for (const [name, original] of originals) {
    scope[name] = function (...args) {
      const result = original.apply(scope, args);
      // Only the instantiation of a module, which resolves to {module, instance}, is the runtime's.
      Promise.resolve(result).then((value) => value?.instance && onDone(), () => {});
      return result;
    };
  }
  return () => Object.assign(scope, Object.fromEntries(originals));
}

/** The visitor-facing reason of an error; a Python traceback is cut down to its last line. */
function reason(error) {
  const text = String(error?.message ?? error ?? "unknown error").trim();
  if (error?.constructor?.name === "PythonError" || text.startsWith("Traceback")) {
    const lines = text.split("\n").filter((line) => line.trim());
    return lines.at(-1)?.trim() ?? text;
  }
  return text;
}

/** Where the quiz package's sources are written; put first on `sys.path`. */
const PACKAGE_ROOT = "/atlas";
const PACKAGE_FORMAT = "social-media-maturity-atlas/quiz-package@1";
const MODULE_FILE = /^[A-Za-z_][A-Za-z0-9_]*\.py$/;

/** The package file's `{name: source}`, checked for shape: only plain module names. */
function packageFiles(bundle, what) {
  const files = bundle?.files;
  if (bundle?.format !== PACKAGE_FORMAT || bundle.package !== "quiz" || typeof files !== "object" || files === null) {
    throw new Error(`${what} is not in the format this page expects (${PACKAGE_FORMAT})`);
  }
  for (const [name, source] of Object.entries(files)) {
    if (!MODULE_FILE.test(name) || typeof source !== "string") {
      throw new Error(`${what} holds an unexpected entry ${JSON.stringify(name)}`);
    }
  }
  return files;
}

/** Writes the package into Pyodide's file system, where `import quiz` finds it. */
function installPackage(pyodide, files) {
  const folder = `${PACKAGE_ROOT}/quiz`;
  pyodide.FS.mkdirTree(folder);
  for (const [name, source] of Object.entries(files)) {
    pyodide.FS.writeFile(`${folder}/${name}`, source);
  }
  const sys = pyodide.pyimport("sys");
  try {
    sys.path.insert(0, PACKAGE_ROOT);
  } finally {
    sys.destroy();
  }
}

/** `{file name: integrity}` of the Pyodide runtime's files, from the page's JSON text. */
function runtimeDigests(text) {
  try {
    const digests = JSON.parse(text || "{}");
    return digests !== null && typeof digests === "object" ? digests : {};
  } catch {
    return {};
  }
}

/** A tiny valid WebAssembly module: compiling it tells whether this worker may compile any. */
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Throws, with the reason, when this worker cannot run WebAssembly at all. */
function checkWebAssembly() {
  if (typeof WebAssembly !== "object") throw new Error("this browser lacks WebAssembly");
  try {
    new WebAssembly.Module(EMPTY_WASM);
  } catch (error) {
    // The one thing that refuses a valid module: a Content-Security-Policy without
    // 'wasm-unsafe-eval', which Pyodide's own attempt would only log. The browser's words (which
    // name the directive) go to the console for whoever debugs it.
    console.warn("Quiz engine: WebAssembly refused:", String(error?.message ?? error));
    throw new Error("this page's security policy does not allow WebAssembly");
  }
}

async function start(config) {
  const { indexURL, lockFileURL, packageURL, packageIntegrity, specURL, specIntegrity } = config;
  if (!indexURL || !lockFileURL || !packageURL || !packageIntegrity || !specURL || !specIntegrity) {
    throw new Error("the quiz page does not say where the scoring engine's files are");
  }
  checkWebAssembly();
  const base = indexURL.endsWith("/") ? indexURL : `${indexURL}/`;
  const named = (what, url) => `${what} (${fileName(url)})`;
  const digests = runtimeDigests(config.runtimeIntegrity);
  const downloads = new EngineDownloads({
    stallMs: stallMilliseconds(config.stallSeconds),
    onProgress: (bytes) => progress("download", progressText(bytes.received, bytes.expected), bytes),
  });
  let restoreFetch = () => {};
  let restoreInstantiation = () => {};
  try {
    progress("download", "downloading Python…");
    // Every file starts downloading now, at once; each failure rejects `downloads.failed`.
    const wasmURL = new URL("pyodide.asm.wasm", base).href;
    // The part of the standard library the quiz needs (generator/python_stdlib.py), or, where a
    // page names none, Pyodide's own whole one.
    const stdlibURL = config.stdlibURL || new URL("python_stdlib.zip", base).href;
    const wasm = downloads.stream(wasmURL, named("the Python runtime", wasmURL), {
      integrity: digests[fileName(wasmURL)] ?? "",
      type: "application/wasm",
    });
    const stdlib = downloads.stream(stdlibURL, named("Python's standard library", stdlibURL), {
      integrity: digests[fileName(stdlibURL)] ?? "",
    });
    const lock = downloads.jsonText(
      lockFileURL,
      named("the Python runtime's lock file", lockFileURL),
      digests[fileName(lockFileURL)] ?? "",
    );
    const loaderURL = new URL("pyodide.asm.mjs", base).href;
    downloads.module(loaderURL, named("the Python runtime's script", loaderURL)).catch(() => {});
    const packageWhat = named("the scoring package", packageURL);
    const files = downloads
      .jsonText(packageURL, packageWhat, packageIntegrity)
      .then((text) => packageFiles(JSON.parse(text), packageWhat));
    const specText = downloads.jsonText(specURL, named("the questions", specURL), specIntegrity);
    for (const pending of [wasm, stdlib, lock, files, specText]) pending.catch(() => {});

    const pyodideURL = new URL("pyodide.mjs", base).href;
    const { loadPyodide } = await downloads.race(downloads.module(pyodideURL, named("Pyodide's loader", pyodideURL)));
    // A failed download has failed the start already; Pyodide, which holds its standard
    // library's download unhandled until it needs it, is left waiting instead of rejecting.
    const quiet = (response) => response.catch(() => new Promise(() => {}));
    restoreFetch = handOver(
      new Map([
        [wasmURL, quiet(wasm)],
        [stdlibURL, quiet(stdlib)],
      ]),
    );
    // Once every download is done, Python's start has nothing left to wait for but the CPU:
    // first the rest of the WebAssembly's compilation, then the interpreter's start.
    let downloaded = false;
    let instantiated = false;
    restoreInstantiation = watchInstantiation(() => {
      if (instantiated) return;
      instantiated = true;
      if (downloaded) progress("start", "starting Python…");
    });
    const starting = loadPyodide({
      indexURL: base,
      stdLibURL: stdlibURL,
      lockFileContents: lock,
      // Where packages named in the lock file would be (the site ships none).
      packageBaseUrl: new URL(".", lockFileURL).href,
      // The quiz prints nothing; anything Python writes must not reach the console.
      stdout: () => {},
      stderr: (line) => {
        stderrLines.push(line);
        if (stderrLines.length > 20) stderrLines.shift();
      },
    });
    starting.catch(() => {});
    downloads.whenIdle().then(() => {
      downloaded = true;
      if (instantiated) progress("start", "starting Python…");
      else progress("compile", "compiling Python…");
    });
    const pyodide = await downloads.race(starting);
    restoreInstantiation();

    progress("quiz", "loading the quiz…");
    installPackage(pyodide, await downloads.race(files));
    const text = await downloads.race(specText);
    const api = pyodide.pyimport("quiz.api");
    try {
      return api.Engine(text);
    } finally {
      api.destroy();
    }
  } finally {
    downloads.stop();
    restoreFetch();
    restoreInstantiation();
  }
}

async function init(message) {
  if (engine !== null) {
    // A second init (should not happen) gets the outcome of the first.
    try {
      await engine;
      post({ type: "ready", id: message.id });
    } catch (error) {
      post({ type: "failed", id: message.id, message: reason(error) });
    }
    return;
  }
  engine = start(message);
  try {
    await engine;
    post({ type: "ready", id: message.id });
  } catch (error) {
    const last = stderrLines.at(-1);
    const text = reason(error);
    post({
      type: "failed",
      id: message.id,
      message: last && !text.includes(last) ? `${text} (${last})` : text,
    });
  }
}

async function answer(message, { method, argument }) {
  let reply;
  try {
    if (engine === null) throw new Error("the scoring engine was not started");
    const instance = await engine;
    reply = JSON.parse(instance[method](argument(message)));
  } catch (error) {
    // Expected problems come back as {ok: false} from Python itself; this is a bug or a dead
    // engine, so the details go to the console for whoever debugs it.
    console.error("Quiz engine:", error);
    reply = { ok: false, error: `The scoring engine failed: ${reason(error)}` };
  }
  post({ type: "reply", id: message.id, reply });
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message === null || typeof message !== "object") return;
  if (message.type === "init") {
    init(message);
  } else if (Object.hasOwn(METHODS, message.type)) {
    answer(message, METHODS[message.type]);
  } else {
    post({
      type: "reply",
      id: message.id,
      reply: { ok: false, error: `Unknown request type ${JSON.stringify(message.type)}.` },
    });
  }
});
