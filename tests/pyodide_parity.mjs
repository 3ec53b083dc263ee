// Scores answer sets with the quiz package under real Pyodide (the npm package, run by Node),
// for tests/test_quiz_parity.py. Usage: node pyodide_parity.mjs PACKAGE_JSON SPEC_JSON ANSWERS_JSON
// Prints {"python": "3.14.x", "replies": [<Engine.score reply>...]} as JSON on stdout.
import { readFile } from "node:fs/promises";
import { loadQuiz } from "./pyodide_quiz.mjs";

const [packagePath, specPath, answersPath] = process.argv.slice(2);
const pyodide = await loadQuiz(packagePath, { stderr: (line) => console.error(line) });
const api = pyodide.pyimport("quiz.api");
const engine = api.Engine(await readFile(specPath, "utf8"));
const answerSets = JSON.parse(await readFile(answersPath, "utf8"));
const replies = answerSets.map((answers) => JSON.parse(engine.score(JSON.stringify(answers))));
const python = pyodide.runPython("import platform; platform.python_version()");
process.stdout.write(JSON.stringify({ python, replies }));
