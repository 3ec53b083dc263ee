"""The quiz package gives the same results in CPython (here) and in Pyodide (the browser's Python).

The package file the site ships is built from the imported `quiz` package, installed into the npm
`pyodide` runtime under Node, started with the trimmed standard library the site ships
(generator/python_stdlib.py), and asked the same things as CPython: to score answer sets, teams
and comparisons, and to read share links and answer files, good and bad. The modules that work
loads must be exactly the record the trimmed library is made from; `ATLAS_UPDATE_STDLIB=1` traces
them again with Pyodide's whole library and rewrites the record. Results, the
result HTML, share links, team views (teams made of those answer sets) and comparisons of each
result with the next must be identical, byte for byte.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator import python_stdlib
from generator.quiz_assets import build_quiz_package, pyodide_runtime, quiz_package_dir
from quiz.api import Engine
from tests.conftest import MODELS, PROJECT
from tests.fixture_atlas import ATLAS, quiz_spec

SCRIPT = Path(__file__).with_name("pyodide_parity.mjs")
# The fixture atlas reaches every placement rule; the real models are what the site ships.
SPECS = {"fixture": ATLAS, "real": MODELS}
STDLIB_MANIFEST = quiz_package_dir() / "web" / python_stdlib.MANIFEST_NAME


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


# Share links and answer files, good and bad, so that the error paths' imports are traced too.
HOSTILE_FILES = [
    "",
    "{",
    '{"a": "' + '\\"' * 50,
    "[" * 40 + "]" * 40,
    '{"format": NaN}',
    '{"a": 1, "a": 2}',
    "1" * 5000,
    '"\\ud800"',
]
HOSTILE_LINKS = ["", "#v=zz", "#%", "#v=0000000000&x=%ZZ", "#" + "&".join(["x=1"] * 300)]


def _exchanges(spec: dict[str, Any], answer_sets: list[dict[str, str]]) -> dict[str, Any]:
    """What the engine is asked, for one spec: scores, teams, links and files."""
    engine = Engine(json.dumps(spec))
    links = list(HOSTILE_LINKS)
    files = list(HOSTILE_FILES)
    for answers in answer_sets[:3]:
        links.append("#" + json.loads(engine.score(json.dumps(answers)))["share"])
        files.append(json.loads(engine.export(json.dumps(answers)))["text"])
    return {"answers": answer_sets, "teams": _teams(answer_sets), "links": links, "files": files}


def _expected(spec: dict[str, Any], exchanges: dict[str, Any]) -> dict[str, Any]:
    """CPython's replies to the same exchanges."""
    engine = Engine(json.dumps(spec))
    scores = [json.loads(engine.score(json.dumps(a))) for a in exchanges["answers"]]
    kept = [{"date": f"day {i}", "result": r["result"]} for i, r in enumerate(scores)]
    return {
        "scores": scores,
        "teams": [json.loads(engine.score_team(json.dumps(t))) for t in exchanges["teams"]],
        "comparisons": [
            json.loads(engine.compare(json.dumps({"earlier": a, "later": b})))
            for a, b in itertools.pairwise(kept)
        ],
        "links": [json.loads(engine.parse_share(f)) for f in exchanges["links"]],
        "files": [json.loads(engine.parse_import(t)) for t in exchanges["files"]],
    }


def _run_pyodide(
    tmp_path: Path, package_path: Path, specs: dict[str, Any], stdlib: Path | None
) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide headless for this test"
    arguments = []
    for name, (spec, exchanges) in specs.items():
        (tmp_path / f"{name}-spec.json").write_text(json.dumps(spec), encoding="utf-8")
        (tmp_path / f"{name}-answers.json").write_text(json.dumps(exchanges), encoding="utf-8")
        arguments += [str(tmp_path / f"{name}-spec.json"), str(tmp_path / f"{name}-answers.json")]
    environment = {**os.environ, "ATLAS_STDLIB": str(stdlib) if stdlib else ""}
    completed = subprocess.run(
        [node, str(SCRIPT), str(package_path), *arguments],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
        check=False,
        env=environment,
    )
    # Pyodide prints its whole minified runtime with a stack trace: keep only the end (a module
    # the trimmed library lacks is named there, as a ModuleNotFoundError).
    assert completed.returncode == 0, completed.stderr[-3000:]
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def test_pyodide_scores_exactly_like_cpython_on_the_standard_library_the_site_ships(
    tmp_path: Path,
) -> None:
    runtime = pyodide_runtime(PROJECT)  # fails with a clear message when `npm ci` has not run
    package = build_quiz_package(quiz_package_dir())
    package_path = tmp_path / package.file_name
    package_path.write_bytes(package.data)
    specs = {}
    for name, models in SPECS.items():
        spec = quiz_spec(models)
        specs[name] = (spec, _exchanges(spec, _answer_sets(spec)))

    if os.environ.get("ATLAS_UPDATE_STDLIB"):
        # Trace with Pyodide's whole library, and record what was loaded.
        traced = _run_pyodide(tmp_path, package_path, specs, stdlib=None)
        recorded = python_stdlib.manifest_from_trace(runtime.version, traced["modules"])
        STDLIB_MANIFEST.write_text(recorded.to_json(), encoding="utf-8")
    manifest = python_stdlib.read_manifest(STDLIB_MANIFEST)
    trimmed = tmp_path / "python_stdlib.zip"
    trimmed.write_bytes(
        python_stdlib.trimmed_stdlib(runtime.files["python_stdlib.zip"], manifest, runtime.version)
    )
    browser = _run_pyodide(tmp_path, package_path, specs, stdlib=trimmed)
    assert browser["python"].startswith("3.14."), browser["python"]
    assert len(browser["replies"]) == len(specs)

    # The record is exactly what this work loads: nothing missing (that run would have failed
    # with the module named), nothing shipped for nothing.
    loaded = python_stdlib.manifest_from_trace(runtime.version, browser["modules"]).modules
    stale = sorted(set(manifest.modules) - set(loaded))
    assert not stale, (
        f"{STDLIB_MANIFEST.name} records modules the quiz no longer loads: {stale}; "
        f"{python_stdlib.UPDATE_HINT}"
    )
    assert loaded == manifest.modules, python_stdlib.UPDATE_HINT

    for (name, (spec, exchanges)), theirs in zip(specs.items(), browser["replies"], strict=True):
        ours = _expected(spec, exchanges)
        assert all(
            reply["ok"] for kind in ("scores", "teams", "comparisons") for reply in ours[kind]
        )
        assert {reply["ok"] for reply in ours["links"]} == {True, False}
        assert {reply["ok"] for reply in ours["files"]} == {True, False}
        for kind, replies in ours.items():
            assert len(theirs[kind]) == len(replies), (name, kind)
            for index, (mine, pyodide) in enumerate(zip(replies, theirs[kind], strict=True)):
                assert pyodide == mine, f"Pyodide and CPython differ: {name}, {kind} {index}"
        # The sets really exercise the placements: several different stages on every model.
        for model in spec["models"]:
            stages = {
                p["stage"]
                for reply in ours["scores"]
                for p in reply["result"]["placements"]
                if p["model"] == model["id"]
            }
            assert len(stages) >= min(2, len(model["stages"])), (name, model["id"])
