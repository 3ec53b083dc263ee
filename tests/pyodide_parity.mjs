// Scores answer sets with the quiz package under real Pyodide (the npm package, run by Node),
// for tests/test_quiz_parity.py.
// Usage: node pyodide_parity.mjs PACKAGE_JSON SPEC_JSON ANSWERS_JSON [SPEC_JSON ANSWERS_JSON...]
// With ATLAS_STDLIB set, Pyodide starts with that standard library zip instead of its own.
// ANSWERS_JSON holds {"answers": [answer set...], "teams": [[{name, answers}...]...],
// "links": [share link fragment...], "files": [answers file text...]}.
// Prints {"python": "3.14.x", "replies": [{"scores": [<Engine.score reply>...],
// "teams": [<Engine.score_team reply>...], "comparisons": [<Engine.compare reply> of each score
// with the next one], "links": [<Engine.parse_share reply>...], "files": [<Engine.parse_import
// reply>...]} for each spec], "modules": {name: __spec__.origin of every module loaded}} as JSON.
import { readFile } from "node:fs/promises";
import { loadQuiz } from "./pyodide_quiz.mjs";

const [packagePath, ...pairs] = process.argv.slice(2);
const pyodide = await loadQuiz(packagePath, {
  stderr: (line) => console.error(line),
  stdLibURL: process.env.ATLAS_STDLIB,
});
const api = pyodide.pyimport("quiz.api");
const replies = [];
for (let index = 0; index < pairs.length; index += 2) {
  const engine = api.Engine(await readFile(pairs[index], "utf8"));
  const { answers, teams, links, files } = JSON.parse(await readFile(pairs[index + 1], "utf8"));
  const scores = answers.map((set) => JSON.parse(engine.score(JSON.stringify(set))));
  const kept = (index) => ({ date: `day ${index}`, result: scores[index].result });
  replies.push({
    scores,
    teams: teams.map((team) => JSON.parse(engine.score_team(JSON.stringify(team)))),
    comparisons: scores.slice(1).map((_, index) =>
      JSON.parse(engine.compare(JSON.stringify({ earlier: kept(index), later: kept(index + 1) }))),
    ),
    links: links.map((fragment) => JSON.parse(engine.parse_share(fragment))),
    files: files.map((text) => JSON.parse(engine.parse_import(text))),
  });
}
const python = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
// Every module loaded, with where it came from: the record of the standard library the site
// ships (generator/python_stdlib.py). Read last, so that it covers all the work above.
const modules = JSON.parse(
  pyodide.runPython(`
import json, sys
json.dumps({
    name: getattr(getattr(module, "__spec__", None), "origin", None)
    for name, module in sorted(sys.modules.items())
})
`),
);
process.stdout.write(JSON.stringify({ python, replies, modules }));
