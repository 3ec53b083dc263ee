// Scores answer sets with the quiz wheel under real Pyodide (the npm package, run by Node),
// for tests/test_quiz_parity.py. Usage: node pyodide_parity.mjs WHEEL SPEC_JSON ANSWERS_JSON
// Prints {"python": "3.14.x", "replies": [<Engine.score reply>...]} as JSON on stdout.
import { readFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const [wheelPath, specPath, answersPath] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => console.error(line) });
pyodide.unpackArchive(new Uint8Array(await readFile(wheelPath)), "wheel");
const api = pyodide.pyimport("quiz.api");
const engine = api.Engine(await readFile(specPath, "utf8"));
const answerSets = JSON.parse(await readFile(answersPath, "utf8"));
const replies = answerSets.map((answers) => JSON.parse(engine.score(JSON.stringify(answers))));
const python = pyodide.runPython("import platform; platform.python_version()");
process.stdout.write(JSON.stringify({ python, replies }));
