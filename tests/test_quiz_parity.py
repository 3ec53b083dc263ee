"""The quiz package gives the same results in CPython (here) and in Pyodide (the browser's Python).

The package file the site ships is built from the imported `quiz` package, installed into the npm
`pyodide` runtime under Node, and asked to score the same answer sets as CPython. Results, the
result HTML and share links must be identical, byte for byte.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator.atlas import load_atlas
from generator.quiz_assets import build_quiz_package, pyodide_runtime, quiz_package_dir
from generator.render import QuizEngineFiles, SiteRenderer
from quiz.api import Engine
from tests.conftest import MODELS, PROJECT

ENGINE_FILES = QuizEngineFiles(
    "assets/pyodide/314.0.7/",
    "assets/pyodide/314.0.7/pyodide-lock.0123456789.json",
    "assets/quiz/quiz-package.0123456789.json",
    "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
)
SCRIPT = Path(__file__).with_name("pyodide_parity.mjs")


def _answer_sets(spec: dict[str, Any]) -> list[dict[str, str]]:
    questions = [spec["business_kind_question"], *spec["questions"]]
    values = [[o["value"] for o in q["options"]] for q in questions]
    sets = []
    for pick in (0, 1, 2, 3, 4, -1):
        sets.append(
            {q["id"]: v[min(pick, len(v) - 1)] for q, v in zip(questions, values, strict=False)}
        )
    rng = random.Random(20261125)
    for _ in range(24):
        sets.append({q["id"]: rng.choice(v) for q, v in zip(questions, values, strict=False)})
    # Late practices without the basics: high everywhere except one capability.
    for index in range(1, len(questions)):
        answers = {q["id"]: v[-1] for q, v in zip(questions, values, strict=False)}
        answers[questions[index]["id"]] = values[index][0]
        sets.append(answers)
    return sets


def test_pyodide_scores_exactly_like_cpython(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide headless for this test"
    pyodide_runtime(PROJECT)  # fails with a clear message when `npm ci` has not run
    spec = SiteRenderer(load_atlas(MODELS), ENGINE_FILES).quiz_spec
    spec_json = json.dumps(spec)
    answer_sets = _answer_sets(spec)

    package = build_quiz_package(quiz_package_dir())
    package_path = tmp_path / package.file_name
    package_path.write_bytes(package.data)
    (tmp_path / "spec.json").write_text(spec_json, encoding="utf-8")
    (tmp_path / "answers.json").write_text(json.dumps(answer_sets), encoding="utf-8")

    completed = subprocess.run(
        [
            node,
            str(SCRIPT),
            str(package_path),
            str(tmp_path / "spec.json"),
            str(tmp_path / "answers.json"),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
        check=False,
    )
    # Pyodide prints its whole minified runtime with a stack trace: keep only the end.
    assert completed.returncode == 0, completed.stderr[-3000:]
    browser = json.loads(completed.stdout)
    assert browser["python"].startswith("3.14."), browser["python"]

    engine = Engine(spec_json)
    expected = [json.loads(engine.score(json.dumps(answers))) for answers in answer_sets]
    assert all(reply["ok"] for reply in expected)
    assert len(browser["replies"]) == len(expected)
    for answers, ours, theirs in zip(answer_sets, expected, browser["replies"], strict=True):
        assert theirs == ours, f"Pyodide and CPython differ for {answers}"
    # The sets really exercise the placements: several different stages on every model.
    for model in spec["models"]:
        stages = {
            p["stage"]
            for reply in expected
            for p in reply["result"]["placements"]
            if p["model"] == model["id"]
        }
        assert len(stages) >= 2, model["id"]
