// The bare page's module worker: loads Pyodide from the site's own copy, as the quiz's worker
// does (same runtime files, same trimmed standard library and lock file), and says when it is
// ready. For the steps
// after that it installs the quiz package as quiz/web/worker.mjs does (written into the file
// system, first on sys.path), timing each.
const params = new URL(import.meta.url).searchParams;
const indexURL = params.get("index");
const stdLibURL = params.get("stdlib");
const lockFileURL = params.get("lock");
let engine = null;

const pyodideReady = (async () => {
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  return loadPyodide({ indexURL, stdLibURL, lockFileURL });
})();
pyodideReady.then(
  () => self.postMessage({ type: "ready" }),
  (error) => self.postMessage({ type: "failed", message: String(error) }),
);

self.addEventListener("message", async ({ data }) => {
  const pyodide = await pyodideReady;
  if (data.type === "quiz") {
    // Timed step by step, to show where the quiz page's time after loadPyodide goes.
    const spec = await (await fetch(data.spec)).text();
    const start = performance.now();
    const { files } = await (await fetch(data.package, { integrity: data.integrity })).json();
    const fetched = performance.now();
    pyodide.FS.mkdirTree("/atlas/quiz");
    for (const [name, source] of Object.entries(files)) pyodide.FS.writeFile(`/atlas/quiz/${name}`, source);
    const sys = pyodide.pyimport("sys");
    sys.path.insert(0, "/atlas");
    sys.destroy();
    const installed = performance.now();
    const api = pyodide.pyimport("quiz.api");
    const imported = performance.now();
    engine = api.Engine(spec);
    const ready = performance.now();
    self.postMessage({
      type: "quiz-ready",
      id: data.id,
      steps: {
        fetchPackage: fetched - start,
        installPackage: installed - fetched,
        importApi: imported - installed,
        engine: ready - imported,
      },
    });
  } else if (data.type === "score") {
    const start = performance.now();
    const reply = engine.score(JSON.stringify(data.answers));
    self.postMessage({ type: "scored", id: data.id, reply, pythonMs: performance.now() - start });
  }
});
