// The bare page's module worker: loads Pyodide from the site's own copy, as the quiz's worker
// does (same runtime files, same trimmed lock file), and says when it is ready.
const params = new URL(import.meta.url).searchParams;
const indexURL = params.get("index");
const lockFileURL = params.get("lock");
let engine = null;

const pyodideReady = (async () => {
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  return loadPyodide({ indexURL, lockFileURL, packageBaseUrl: new URL(".", lockFileURL).href });
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
    await pyodide.loadPackage(data.package, { checkIntegrity: true });
    const installed = performance.now();
    const api = pyodide.pyimport("quiz.api");
    const imported = performance.now();
    engine = api.Engine(spec);
    const ready = performance.now();
    self.postMessage({
      type: "quiz-ready",
      id: data.id,
      steps: { loadPackage: installed - start, importApi: imported - installed, engine: ready - imported },
    });
  } else if (data.type === "score") {
    const start = performance.now();
    const reply = engine.score(JSON.stringify(data.answers));
    self.postMessage({ type: "scored", id: data.id, reply, pythonMs: performance.now() - start });
  }
});
