// The quiz page's first script: site_overrides/main.html inlines it into the <head> (the build
// reads this file), so it runs while the page is still arriving, before the theme's script, the
// stylesheets' layout or DOMContentLoaded can hold it up. It starts the scoring engine's worker
// and keeps what the worker says until engine-handover.mjs adopts it for the quiz form. It
// changes nothing on the page: every outcome, failures included, is shown by the form, which
// also starts the engine itself when this did not (no WebAssembly, or a page reached by instant
// navigation, which does not run <head> scripts).
(() => {
  const script = document.currentScript;
  if (script === null || typeof WebAssembly !== "object" || typeof Worker !== "function") return;
  const data = script.dataset;
  const absolute = (value) => (value ? new URL(value, document.baseURI).href : "");
  // The same fields, in the same order, as engineConfig() in engine-client.mjs: the handover
  // compares them.
  const config = {
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
  let worker;
  try {
    worker = new Worker(absolute(data.worker), { type: "module", name: "atlas-quiz" });
  } catch {
    return;
  }
  const boot = { config, worker, initId: 1, messages: [], error: null };
  const keep = (event) => boot.messages.push(event.data);
  const fail = (event) => {
    event.preventDefault();
    boot.error = event.message ? `the worker stopped: ${event.message}` : "the worker could not be loaded";
  };
  worker.addEventListener("message", keep);
  worker.addEventListener("error", fail);
  boot.release = () => {
    worker.removeEventListener("message", keep);
    worker.removeEventListener("error", fail);
  };
  worker.postMessage({ type: "init", id: boot.initId, ...config });
  window.atlasQuizBoot = boot;
})();
