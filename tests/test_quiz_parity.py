"""The quiz package gives the same results in CPython (here) and in Pyodide (the browser's Python).

The package file the site ships is built from the imported `quiz` package, installed into the npm
`pyodide` runtime under Node, and asked to score the same answer sets as CPython. Results, the
result HTML, share links, team views (teams made of those answer sets) and comparisons of each
result with the next must be identical, byte for byte.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator.quiz_assets import build_quiz_package, pyodide_runtime, quiz_package_dir
from quiz.api import Engine
from tests.conftest import MODELS, PROJECT
from tests.fixture_atlas import ATLAS, quiz_spec

SCRIPT = Path(__file__).with_name("pyodide_parity.mjs")
# The fixture atlas reaches every placement rule; the real models are what the site ships.
SPECS = {"fixture": ATLAS, "real": MODELS}


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


def _teams(answer_sets: list[dict[str, str]]) -> list[list[dict[str, object]]]:
    """Teams of one to seven of the answer sets, in turn."""
    teams = []
    start = 0
    for size in range(1, 8):
        members = answer_sets[start : start + size]
        teams.append([{"name": f"Member {i}", "answers": a} for i, a in enumerate(members)])
        start += size
    return teams


def test_pyodide_scores_exactly_like_cpython(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide headless for this test"
    pyodide_runtime(PROJECT)  # fails with a clear message when `npm ci` has not run
    package = build_quiz_package(quiz_package_dir())
    package_path = tmp_path / package.file_name
    package_path.write_bytes(package.data)
    specs = {name: quiz_spec(models) for name, models in SPECS.items()}
    answer_sets = {name: _answer_sets(spec) for name, spec in specs.items()}
    arguments = []
    for name, spec in specs.items():
        (tmp_path / f"{name}-spec.json").write_text(json.dumps(spec), encoding="utf-8")
        (tmp_path / f"{name}-answers.json").write_text(
            json.dumps({"answers": answer_sets[name], "teams": _teams(answer_sets[name])}),
            encoding="utf-8",
        )
        arguments += [str(tmp_path / f"{name}-spec.json"), str(tmp_path / f"{name}-answers.json")]

    completed = subprocess.run(
        [node, str(SCRIPT), str(package_path), *arguments],
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
    assert len(browser["replies"]) == len(specs)

    for (name, spec), theirs_all in zip(specs.items(), browser["replies"], strict=True):
        engine = Engine(json.dumps(spec))
        expected = [json.loads(engine.score(json.dumps(answers))) for answers in answer_sets[name]]
        assert all(reply["ok"] for reply in expected)
        assert len(theirs_all["scores"]) == len(expected)
        for answers, ours, theirs in zip(
            answer_sets[name], expected, theirs_all["scores"], strict=True
        ):
            assert theirs == ours, f"Pyodide and CPython differ for {answers} ({name})"
        teams = _teams(answer_sets[name])
        expected_teams = [json.loads(engine.score_team(json.dumps(team))) for team in teams]
        assert all(reply["ok"] for reply in expected_teams)
        assert theirs_all["teams"] == expected_teams, f"team views differ ({name})"
        kept = [{"date": f"day {i}", "result": r["result"]} for i, r in enumerate(expected)]
        expected_comparisons = [
            json.loads(engine.compare(json.dumps({"earlier": a, "later": b})))
            for a, b in itertools.pairwise(kept)
        ]
        assert all(reply["ok"] for reply in expected_comparisons)
        assert theirs_all["comparisons"] == expected_comparisons, f"comparisons differ ({name})"
        # The sets really exercise the placements: several different stages on every model.
        for model in spec["models"]:
            stages = {
                p["stage"]
                for reply in expected
                for p in reply["result"]["placements"]
                if p["model"] == model["id"]
            }
            assert len(stages) >= min(2, len(model["stages"])), (name, model["id"])
