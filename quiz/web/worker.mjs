// The quiz's module worker: starts Pyodide, installs the quiz package (the JSON file the build
// makes of its sources, generator/quiz_assets.py) and answers the page's requests by calling
// `quiz.api.Engine`, which takes and returns JSON text.
//
// Messages are `{type, id, ...}`. In: "init" (once), then "score", "parse-share", "parse-import",
// "export", "score-team". Out: "progress" (loading steps), "ready" or "failed" (for init),
// "reply" (the rest).

/** Request type → Engine method and the message field its one string argument comes from. */
const METHODS = {
  score: { method: "score", argument: (message) => JSON.stringify(message.answers ?? null) },
  "parse-share": { method: "parse_share", argument: (message) => String(message.fragment ?? "") },
  "parse-import": { method: "parse_import", argument: (message) => String(message.text ?? "") },
  export: { method: "export", argument: (message) => JSON.stringify(message.answers ?? null) },
  "score-team": { method: "score_team", argument: (message) => JSON.stringify(message.team ?? null) },
};

/** Resolves to the Engine's PyProxy once init has succeeded; null until init arrives. */
let engine = null;

/** Lines Pyodide wrote to stderr while loading: the likeliest explanation of a failure. */
const stderrLines = [];

function post(message) {
  self.postMessage(message);
}

function progress(message) {
  post({ type: "progress", message });
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

/** The response to `url`, with reasons a visitor can act on when there is none. */
async function download(url, what, integrity) {
  let response;
  try {
    response = await fetch(url, integrity ? { integrity } : {});
  } catch {
    // With `integrity`, the browser refuses a file whose digest differs as a network error; a
    // second look tells that apart from a real network failure.
    if (integrity && (await fetch(url, { method: "HEAD" }).then((r) => r.ok, () => false))) {
      throw new Error(`${what} did not match its checksum (the file on the server was changed)`);
    }
    throw new Error(`${what} could not be downloaded (network error)`);
  }
  if (!response.ok) {
    throw new Error(`${what} could not be downloaded (HTTP ${response.status})`);
  }
  return response;
}

/** The package file's `{name: source}`, checked for shape: only plain module names. */
async function packageFiles(url, integrity) {
  const what = "the scoring package";
  const response = await download(url, what, integrity);
  let bundle;
  try {
    bundle = await response.json();
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
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

async function start({ indexURL, lockFileURL, packageURL, packageIntegrity, specURL }) {
  if (!indexURL || !lockFileURL || !packageURL || !packageIntegrity || !specURL) {
    throw new Error("the quiz page does not say where the scoring engine's files are");
  }
  const base = indexURL.endsWith("/") ? indexURL : `${indexURL}/`;
  // The quiz package and the questions download while Python starts; `.catch` keeps an early
  // failure from being reported as unhandled before it is awaited below.
  const files = packageFiles(packageURL, packageIntegrity);
  files.catch(() => {});
  const specText = download(specURL, "the questions").then((response) => response.text());
  specText.catch(() => {});

  progress("Starting Python…");
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL("pyodide.mjs", base).href));
  } catch {
    throw new Error("the Python runtime could not be downloaded");
  }
  const pyodide = await loadPyodide({
    indexURL: base,
    lockFileURL,
    // The quiz prints nothing; anything Python writes must not reach the console.
    stdout: () => {},
    stderr: (line) => {
      stderrLines.push(line);
      if (stderrLines.length > 20) stderrLines.shift();
    },
  });

  progress("Installing the scoring package…");
  installPackage(pyodide, await files);

  progress("Reading the questions…");
  const text = await specText;
  const api = pyodide.pyimport("quiz.api");
  try {
    return api.Engine(text);
  } finally {
    api.destroy();
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
