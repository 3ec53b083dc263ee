// Scores answer sets with the quiz package under real Pyodide (the npm package, run by Node),
// for tests/test_quiz_parity.py.
// Usage: node pyodide_parity.mjs PACKAGE_JSON SPEC_JSON ANSWERS_JSON [SPEC_JSON ANSWERS_JSON...]
// ANSWERS_JSON holds {"answers": [answer set...], "teams": [[{name, answers}...]...]}.
// Prints {"python": "3.14.x", "replies": [{"scores": [<Engine.score reply>...],
// "teams": [<Engine.score_team reply>...], "comparisons": [<Engine.compare reply> of each score
// with the next one]} for each spec]} as JSON.
import { readFile } from "node:fs/promises";
import { loadQuiz } from "./pyodide_quiz.mjs";

const [packagePath, ...pairs] = process.argv.slice(2);
const pyodide = await loadQuiz(packagePath, { stderr: (line) => console.error(line) });
const api = pyodide.pyimport("quiz.api");
const replies = [];
for (let index = 0; index < pairs.length; index += 2) {
  const engine = api.Engine(await readFile(pairs[index], "utf8"));
  const { answers, teams } = JSON.parse(await readFile(pairs[index + 1], "utf8"));
  const scores = answers.map((set) => JSON.parse(engine.score(JSON.stringify(set))));
  const kept = (index) => ({ date: `day ${index}`, result: scores[index].result });
  replies.push({
    scores,
    teams: teams.map((team) => JSON.parse(engine.score_team(JSON.stringify(team)))),
    comparisons: scores.slice(1).map((_, index) =>
      JSON.parse(engine.compare(JSON.stringify({ earlier: kept(index), later: kept(index + 1) }))),
    ),
  });
}
const python = pyodide.runPython("import platform; platform.python_version()");
process.stdout.write(JSON.stringify({ python, replies }));
