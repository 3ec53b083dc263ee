// The quiz package under real Pyodide (the npm package, run by Node), installed from the package
// file the site ships as quiz/web/worker.mjs installs it: each source written under /atlas/quiz,
// /atlas put first on sys.path. For the tests that run the quiz under Pyodide without a browser.
import { readFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

// `stdLibURL`: the standard library zip to start with (the npm package's whole one by default).
export async function loadQuiz(packagePath, { stderr = () => {}, stdLibURL } = {}) {
  const pyodide = await loadPyodide({ stdout: () => {}, stderr, ...(stdLibURL ? { stdLibURL } : {}) });
  const { files } = JSON.parse(await readFile(packagePath, "utf8"));
  pyodide.FS.mkdirTree("/atlas/quiz");
  for (const [name, source] of Object.entries(files)) {
    pyodide.FS.writeFile(`/atlas/quiz/${name}`, source);
  }
  pyodide.pyimport("sys").path.insert(0, "/atlas");
  return pyodide;
}
