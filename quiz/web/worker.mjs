// The quiz's module worker: starts Pyodide, installs the quiz package from our own lock file and
// answers the page's requests by calling `quiz.api.Engine`, which takes and returns JSON text.
//
// Messages are `{type, id, ...}`. In: "init" (once), then "score", "parse-share", "parse-import",
// "export". Out: "progress" (loading steps), "ready" or "failed" (for init), "reply" (the rest).

/** Request type → Engine method and the message field its one string argument comes from. */
const METHODS = {
  score: { method: "score", argument: (message) => JSON.stringify(message.answers ?? null) },
  "parse-share": { method: "parse_share", argument: (message) => String(message.fragment ?? "") },
  "parse-import": { method: "parse_import", argument: (message) => String(message.text ?? "") },
  export: { method: "export", argument: (message) => JSON.stringify(message.answers ?? null) },
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

async function fetchText(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(`${what} could not be downloaded (network error)`);
  }
  if (!response.ok) {
    throw new Error(`${what} could not be downloaded (HTTP ${response.status})`);
  }
  return response.text();
}

function canonicalName(name) {
  return String(name).toLowerCase().replace(/[-_.]+/g, "-");
}

async function start({ indexURL, lockFileURL, packageName, specURL }) {
  if (!indexURL || !lockFileURL || !packageName || !specURL) {
    throw new Error("the quiz page does not say where the scoring engine's files are");
  }
  const base = indexURL.endsWith("/") ? indexURL : `${indexURL}/`;
  // The questions download while Python starts; `.catch` keeps an early failure from being
  // reported as unhandled before it is awaited below.
  const specText = fetchText(specURL, "the questions");
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
    // The quiz wheel sits next to the lock file, which is also Pyodide's default; said
    // explicitly so a change of that default cannot break the install.
    packageBaseUrl: new URL(".", lockFileURL).href,
    // The quiz prints nothing; anything Python writes must not reach the console.
    stdout: () => {},
    stderr: (line) => {
      stderrLines.push(line);
      if (stderrLines.length > 20) stderrLines.shift();
    },
  });

  progress("Installing the scoring package…");
  const errors = [];
  const loaded = await pyodide.loadPackage(packageName, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
    checkIntegrity: true,
  });
  // loadPackage reports a failed download or checksum through errorCallback, not by throwing.
  if (!loaded.some((entry) => canonicalName(entry.name) === canonicalName(packageName))) {
    const detail = errors.filter((line) => line.trim()).at(-1);
    throw new Error(
      `the scoring package could not be installed${detail ? ` (${detail.trim()})` : ""}`,
    );
  }

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
