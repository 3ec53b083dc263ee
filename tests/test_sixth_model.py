"""The path CONTRIBUTING.md describes: a new model added as one YAML file, and nothing else.

In a project holding the fixture atlas (`tests/fixtures/atlas`), `python -m generator new-model`
writes the skeleton, the test fills in its empty values (and only those), `check` passes, and the
whole site is built with --strict (in-process). The new model must then be everywhere the others
are: the navigation, its own model and stage pages, the comparison matrix, the alignment chart,
the capability pages, atlas.json and the quiz, whose engine (the `quiz` package, as in the
browser) places answers on it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.atlas import load_atlas
from generator.yaml_source import format_key_path
from quiz.api import Engine
from quiz.spec import OTHER_BUSINESS_KIND
from tests.fixture_atlas import ATLAS, FIXTURE_SITE_URL, build_site, fixture_project, quiz_spec
from tests.link_check import SiteLinks
from tests.test_cli import run as generator_cli

MODEL_ID = "community-ladder"
FIRST, SECOND = "present-and-hearing", "community-host"
FIRST_NEEDS = {"posting": 1, "hearing": 1}
SECOND_NEEDS = {"replying": 3, "hosting": 3, "hearing": 2}
NEVER_NEEDED = "tallying"
FIXTURE = load_atlas(ATLAS)

# Every value the skeleton leaves empty, by key path: a contributor writes these and no more.
VALUES: dict[str, Any] = {
    "title": "The Community Ladder",
    "short_title": "Community Ladder",
    "authors[0].name": "A. Tester",
    "authors[0].role": "invented for the atlas's tests",
    "source.title": "Climbing the community ladder",
    "source.seed": "999_0000000000000000.txt",
    "summary": "A synthetic two-rung model: first be present and listen, then host a community.",
    "orders_by": "How far the organisation has gone from being present to hosting a community.",
    "stages[0].id": FIRST,
    "stages[0].name": "Present and listening",
    "stages[0].summary": "The organisation has accounts and looks at what is said about it.",
    "stages[0].description": "It opens accounts and searches for its name now and then.",
    "stages[0].signs[0]": "Official accounts exist and someone reads the mentions.",
    "stages[0].requires": FIRST_NEEDS,
    "stages[1].id": SECOND,
    "stages[1].name": "Community host",
    "stages[1].summary": "The organisation hosts a community and talks with its members.",
    "stages[1].description": "It runs a community space and answers its members every day.",
    "stages[1].signs[0]": "Members answer each other in a space the organisation hosts.",
    "stages[1].requires": SECOND_NEEDS,
}


def _filled(node: Any, values: dict[str, Any], path: tuple[str | int, ...] = ()) -> Any:
    """The skeleton with each empty value ("" or nothing) replaced from `values`, which it
    empties: a value left over was not asked for, and a missing one fails with KeyError."""
    if isinstance(node, dict):
        return {key: _filled(value, values, (*path, key)) for key, value in node.items()}
    if isinstance(node, list):
        return [_filled(value, values, (*path, index)) for index, value in enumerate(node)]
    if node == "" or node is None:
        return values.pop(format_key_path(path))
    return node


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding the fixture atlas and the new model, written from the skeleton."""
    project = fixture_project(tmp_path_factory.mktemp("new-model") / "project")
    created = generator_cli(project, "new-model", MODEL_ID)
    assert created.returncode == 0, created.stderr
    path = project / "models" / f"{MODEL_ID}.yaml"
    skeleton = path.read_text(encoding="utf-8")
    values = dict(VALUES)
    model = _filled(yaml.safe_load(skeleton), values)
    assert values == {}, f"the skeleton does not ask for {sorted(values)}"
    modeline = skeleton.splitlines()[0]
    path.write_text(
        modeline + "\n" + yaml.safe_dump(model, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(project, tmp_path_factory.mktemp("new-model-site") / "site")


def links(site: Path, page: str) -> set[str]:
    """The site pages a built page links to, as folder paths like `models/x/y/`."""
    found = SiteLinks(site, FIXTURE_SITE_URL).linked_files(f"{page}index.html")
    return {
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in found
        if path.name == "index.html"
    }


def test_the_filled_skeleton_passes_check(project: Path) -> None:
    result = generator_cli(project, "check")
    assert result.returncode == 0, result.stdout
    models, stages = len(FIXTURE.models) + 1, len(list(FIXTURE.stages())) + 2
    assert result.stdout.startswith(f"models: {models} models, {stages} stages,")


def test_the_model_has_its_pages_and_is_in_the_navigation(site: Path) -> None:
    for page in (f"models/{MODEL_ID}", f"models/{MODEL_ID}/{FIRST}", f"models/{MODEL_ID}/{SECOND}"):
        assert (site / page / "index.html").is_file(), page
    # The navigation is on every page: the home page and a page of another model list it.
    other = FIXTURE.models[0]
    for page in ("", f"models/{other.id}/{other.stages[0].id}/", "capabilities/hosting/"):
        assert {f"models/{MODEL_ID}/", f"models/{MODEL_ID}/{FIRST}/"} <= links(site, page)


def test_the_comparison_matrix_and_alignment_chart_show_every_stage(site: Path) -> None:
    stages = {f"models/{MODEL_ID}/{FIRST}/", f"models/{MODEL_ID}/{SECOND}/"}
    assert stages | {f"models/{MODEL_ID}/"} <= links(site, "compare/matrix/")
    assert stages <= links(site, "compare/alignment/")
    chart = (site / "compare/alignment/index.html").read_text(encoding="utf-8")
    assert "Community Ladder" in chart


@pytest.mark.parametrize("capability", sorted(FIRST_NEEDS | SECOND_NEEDS))
def test_capability_pages_name_the_stage_that_introduces_it(site: Path, capability: str) -> None:
    stage = FIRST if capability in FIRST_NEEDS else SECOND
    assert f"models/{MODEL_ID}/{stage}/" in links(site, f"capabilities/{capability}/")


def test_a_capability_it_never_requires_says_so(site: Path) -> None:
    html = (site / f"capabilities/{NEVER_NEEDED}/index.html").read_text(encoding="utf-8")
    row = re.search(r"Community Ladder</a></td>\s*<td>([^<]*)</td>", html)
    assert row and row[1] == "never required"


def test_atlas_json_has_the_model_and_its_equivalents_in_every_other_model(site: Path) -> None:
    data = json.loads((site / "atlas.json").read_text(encoding="utf-8"))
    models = {m["id"]: m for m in data["models"]}
    assert len(models) == len(FIXTURE.models) + 1
    sixth = models[MODEL_ID]
    assert [s["id"] for s in sixth["stages"]] == [FIRST, SECOND]
    assert sixth["stages"][1]["profile"] == dict(sorted((FIRST_NEEDS | SECOND_NEEDS).items()))
    for stage in sixth["stages"]:
        assert (site / stage["url"] / "index.html").is_file()
        equivalent_models = {e["stage"].split("/")[0] for e in stage["equivalents"]}
        assert equivalent_models == set(models) - {MODEL_ID}
    # Equivalence is symmetric: other models' stages name the new model's stages too.
    named = {
        e["stage"]
        for m in data["models"]
        if m["id"] != MODEL_ID
        for s in m["stages"]
        for e in s["equivalents"]
    }
    assert {f"{MODEL_ID}/{FIRST}", f"{MODEL_ID}/{SECOND}"} <= named


@pytest.fixture(scope="module")
def spec(site: Path) -> dict[str, Any]:
    [path] = (site / "assets" / "quiz").glob("spec.*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _answers(spec: dict[str, Any], levels: dict[str, int]) -> str:
    """Complete answers: each question at the lowest option reaching its capability's level."""
    values = {spec["business_kind_question"]["id"]: OTHER_BUSINESS_KIND}
    for question in spec["questions"]:
        wanted = levels.get(question["capability"], 0)
        values[question["id"]] = next(
            o["value"] for o in question["options"] if o["level"] >= wanted
        )
    return json.dumps(values)


@pytest.mark.parametrize(
    ("levels", "stage", "reached"),
    [
        pytest.param({}, FIRST, False, id="nothing"),
        pytest.param(FIRST_NEEDS, FIRST, True, id="first-rung"),
        pytest.param(FIRST_NEEDS | SECOND_NEEDS, SECOND, True, id="top-rung"),
    ],
)
def test_the_quiz_places_answers_on_the_new_model(
    spec: dict[str, Any], levels: dict[str, int], stage: str, reached: bool
) -> None:
    reply = json.loads(Engine(json.dumps(spec)).score(_answers(spec, levels)))
    assert reply["ok"] is True, reply
    [placement] = [p for p in reply["result"]["placements"] if p["model"] == MODEL_ID]
    assert (placement["stage"], placement["reached"]) == (stage, reached)
    assert "Community Ladder" in reply["html"]


def test_a_new_model_keeps_the_question_set_version(spec: dict[str, Any]) -> None:
    """Share links stay valid: the version is a hash of the questions, and they did not change."""
    assert spec["version"] == quiz_spec(ATLAS)["version"]
