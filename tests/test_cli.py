"""The maintainers' command line, run as maintainers run it: `python -m generator ...`.

Problems, exports and skeletons are checked on a copy of the fixture atlas (`tests/fixtures/atlas`);
on the real models only what holds for any content: `check` passes them and `export` writes what
the build serves.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.atlas import load_atlas
from generator.json_schema import SCHEMA_DIR, SCHEMAS
from tests.conftest import MODELS, PROJECT
from tests.fixture_atlas import ATLAS, copy_models


def run(cwd: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGUMENTS` in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A copy of the fixture atlas's models folder, to change."""
    return copy_models(ATLAS, tmp_path / "models")


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line that is exactly `old`; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.rstrip("\n") == old)
    lines[number] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index(text) + 1


# --- check ------------------------------------------------------------------------------------


def test_check_passes_the_real_models_with_a_one_line_summary() -> None:
    atlas = load_atlas(MODELS)
    result = run(PROJECT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        f"models: {len(atlas.models)} models, {len(list(atlas.stages()))} stages, "
        f"{len(atlas.capabilities)} capabilities and {len(atlas.quiz.questions)} quiz questions, "
        "no problems\n"
    )
    assert result.stderr == ""


def test_check_imports_neither_mkdocs_nor_the_theme() -> None:
    """Fast enough for a pre-commit hook: the core only, no MkDocs."""
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        "assert main(['check']) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_check_reports_every_problem_of_every_file_with_its_place(
    models: Path, tmp_path: Path
) -> None:
    ladder = replace_line(
        models / "ladder.yaml",
        "      hearing: {level: 1, inferred: Written for the tests.}",
        "      hearng: {level: 1, inferred: Written for the tests.}",
    )
    phases = replace_line(models / "phases.yaml", "short_title: Phases", 'short_title: ""')
    question = replace_line(
        models / "questions.yaml", "    capability: posting", "    capability: postin"
    )
    steps = replace_line(models / "steps.yaml", 'year: "2012-2013"', 'yaer: "2012-2013"')
    questions_key = line_of(models / "questions.yaml", "questions:")

    result = run(tmp_path, "check")

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"models/ladder.yaml:{ladder}:7: stages[1].requires.hearng: unknown "
        "capability 'hearng' (did you mean 'hearing'?) (capabilities are defined in "
        "models/vocabulary.yaml)",
        f"models/phases.yaml:{phases}:1: short_title: must not be blank",
        f"models/questions.yaml:{questions_key}:1: questions: no question asks about capability "
        "'posting'; every capability needs at least one",
        f"models/questions.yaml:{question}:5: questions[2].capability: unknown capability "
        "'postin' (did you mean 'posting'?) (capabilities are defined in "
        "models/vocabulary.yaml)",
        f"models/steps.yaml:{steps}:1: yaer: unknown field (did you mean 'year'?)",
    ]
    assert result.stderr == "5 problems in 4 files\n"


def test_check_names_files_relative_to_where_it_runs(models: Path) -> None:
    replace_line(models / "phases.yaml", "short_title: Phases", 'short_title: ""')
    result = run(models, "check", "--models", ".")
    assert result.returncode == 1
    assert result.stdout.startswith("phases.yaml:3:1: short_title: ")


def test_check_of_a_missing_folder_fails(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--models", "nowhere")
    assert result.returncode == 1
    assert result.stdout == "nowhere:1:1: the models folder does not exist\n"


# --- export -----------------------------------------------------------------------------------


def test_export_writes_exactly_what_the_build_serves(built_site: Path, tmp_path: Path) -> None:
    result = run(PROJECT, "export", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.*"))
    names = [p.as_posix() for p in written]
    assert len(names) == 2 and names[1] == "atlas.json"
    assert re.fullmatch(r"assets/quiz/spec\.[0-9a-f]{10}\.json", names[0])
    assert sorted(result.stdout.splitlines()) == [f"wrote {tmp_path / 'out' / p}" for p in written]
    for path in written:
        exported = (tmp_path / "out" / path).read_bytes()
        json.loads(exported)
        assert exported == (built_site / path).read_bytes(), path


def test_export_of_broken_models_writes_nothing(models: Path, tmp_path: Path) -> None:
    replace_line(models / "phases.yaml", "short_title: Phases", 'short_title: ""')
    result = run(tmp_path, "export", "--out", "out")
    assert result.returncode == 1
    assert "short_title: must not be blank" in result.stdout
    assert not (tmp_path / "out").exists()


def test_export_to_a_place_it_cannot_write_says_so(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = run(PROJECT, "export", "--out", str(tmp_path / "a-file" / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot write {tmp_path / 'a-file' / 'out'}/")


def _exported_spec(models: Path, out: Path) -> dict[str, object]:
    result = run(models.parent, "export", "--out", str(out))
    assert result.returncode == 0, result.stdout
    [path] = (out / "assets" / "quiz").glob("spec.*.json")
    spec: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return spec


def test_changing_a_question_changes_the_question_set_version(models: Path, tmp_path: Path) -> None:
    """Share links carry the version: it is computed from the questions, not bumped by hand."""
    before = _exported_spec(models, tmp_path / "before")
    replace_line(
        models / "questions.yaml",
        "  prompt: What does your organisation do?",
        "  prompt: What does your organisation do, mostly?",
    )
    after = _exported_spec(models, tmp_path / "after")
    assert before["version"] != after["version"]
    assert re.fullmatch(r"[0-9a-f]{10}", str(after["version"]))


# --- new-model --------------------------------------------------------------------------------


def test_new_model_writes_a_skeleton_that_check_refuses_until_filled(models: Path) -> None:
    result = run(models.parent, "new-model", "community-ladder")
    assert result.returncode == 0, result.stderr
    path = models / "community-ladder.yaml"
    assert result.stdout == (
        "wrote models/community-ladder.yaml: fill in its empty values, then run "
        "python -m generator check\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=schema/model.schema.json"
    assert isinstance(yaml.safe_load(text), dict)
    # The skeleton lists the vocabulary's capabilities, for `requires`.
    assert "#   hearing: 1 Sometimes, 2 Daily, 3 Analytic, 4 Everywhere" in text

    checked = run(models.parent, "check")
    assert checked.returncode == 1
    problems = checked.stdout.splitlines()
    assert len(problems) == 20
    lines = text.splitlines()
    for problem in problems:
        # Every problem is in the new file and points at the empty value it names.
        found = re.fullmatch(
            r"models/community-ladder\.yaml:(\d+):(\d+): ([\w.\[\]]+): .+", problem
        )
        assert found, problem
        line = lines[int(found[1]) - 1]
        key = re.sub(r"\[\d+\]$", "", found[3]).rsplit(".", 1)[-1]
        assert line.lstrip(" -").startswith(f"{key}:") or line.strip() == '- ""', problem
    assert "models/community-ladder.yaml:7:1: title: must not be blank" in problems


def test_new_model_never_overwrites_a_file(models: Path) -> None:
    before = (models / "ladder.yaml").read_bytes()
    result = run(models.parent, "new-model", "ladder")
    assert result.returncode == 1
    assert result.stderr == "error: models/ladder.yaml already exists; nothing was written\n"
    assert (models / "ladder.yaml").read_bytes() == before


@pytest.mark.parametrize("name", ["Community_Ladder", "community ladder", "ladder-", "ladder.yaml"])
def test_new_model_rejects_an_id_that_is_not_a_slug(models: Path, name: str) -> None:
    result = run(models.parent, "new-model", name)
    assert result.returncode == 2
    assert "is not a model id" in result.stderr
    assert sorted(p.name for p in models.glob("*.yaml")) == sorted(
        p.name for p in ATLAS.glob("*.yaml")
    )


@pytest.mark.parametrize("name", ["vocabulary", "questions"])
def test_new_model_refuses_the_names_of_the_shared_files(models: Path, name: str) -> None:
    result = run(models.parent, "new-model", name)
    assert result.returncode == 1
    assert f"models/{name}.yaml is not a model file" in result.stderr


# --- schema -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["-m", "generator", "schema"], ["-m", "generator.json_schema"]]
)
def test_schema_writes_the_committed_schemas(tmp_path: Path, command: list[str]) -> None:
    """`python -m generator schema`, and the older `python -m generator.json_schema`."""
    (tmp_path / "models").mkdir()
    # The schemas list the capabilities and kinds of business of the vocabulary.
    shutil.copy2(MODELS / "vocabulary.yaml", tmp_path / "models" / "vocabulary.yaml")
    result = subprocess.run(
        [sys.executable, *command], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for name in SCHEMAS:
        written = tmp_path / "models" / SCHEMA_DIR / name
        assert written.read_text(encoding="utf-8") == (
            (MODELS / SCHEMA_DIR / name).read_text(encoding="utf-8")
        )
    assert len(result.stdout.splitlines()) == len(SCHEMAS)


def test_schema_writes_nothing_while_the_vocabulary_has_problems(models: Path) -> None:
    vocabulary = models / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "colours: []\n", "utf-8")
    before = {path: path.read_bytes() for path in models.glob(f"{SCHEMA_DIR}/*")}
    result = run(models.parent, "schema")
    assert result.returncode == 1
    assert result.stdout.startswith("models/vocabulary.yaml:")
    assert "colours: unknown field" in result.stdout
    assert {path: path.read_bytes() for path in models.glob(f"{SCHEMA_DIR}/*")} == before


def test_a_command_is_required() -> None:
    result = run(PROJECT)
    assert result.returncode == 2
    assert "usage: python -m generator [-h] {check,export,new-model,schema}" in result.stderr
    assert "the following arguments are required: command" in result.stderr


# --- the pre-commit hook ----------------------------------------------------------------------


def _hook() -> dict[str, object]:
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repository] = config["repos"]
    assert repository["repo"] == "local"
    [hook] = repository["hooks"]
    assert isinstance(hook, dict)
    return hook


def test_the_pre_commit_hook_runs_check_on_changes_to_the_models() -> None:
    hook = _hook()
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    pattern = re.compile(str(hook["files"]))
    assert pattern.search("models/any-model.yaml")
    assert pattern.search("models/schema/model.schema.json")
    assert not pattern.search("generator/cli.py")
    assert not pattern.search("content/models/index.md")
    entry = shlex.split(str(hook["entry"]))
    assert entry[-3:] == ["-m", "generator", "check"]


def test_the_pre_commit_hook_passes_the_models_and_fails_a_broken_set(models: Path) -> None:
    entry = shlex.split(str(_hook()["entry"]))
    passing = subprocess.run(entry, cwd=PROJECT, capture_output=True, text=True, check=False)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    replace_line(models / "phases.yaml", "short_title: Phases", 'short_title: ""')
    failing = subprocess.run(
        [*entry, "--models", str(models)], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert failing.returncode == 1
    assert "short_title: must not be blank" in failing.stdout


def test_check_reads_the_hand_written_pages_beside_the_models_or_given(
    models: Path, tmp_path: Path
) -> None:
    """The content folder beside the models folder is checked with them, or the one given with
    --content: a link to a page the site will not have is a problem, with its place."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text(
        "# Home\n\nRead [the ladder](models/ladder/index.md) and [more](models/ladder/gone.md).\n",
        encoding="utf-8",
    )
    broken = (
        "content/index.md:3:54: the link 'models/ladder/gone.md' leads to models/ladder/gone.md, "
        "which is not a page of the site (did you mean 'models/ladder/ground.md'?)"
    )
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [broken]

    elsewhere = tmp_path / "pages"
    content.rename(elsewhere)
    assert run(tmp_path, "check").returncode == 0
    result = run(tmp_path, "check", "--content", "pages")
    assert result.stdout.splitlines() == [broken.replace("content/", "pages/", 1)]
    result = run(tmp_path, "check", "--content", "nowhere")
    assert result.stdout.splitlines() == [
        "nowhere:1:1: the folder of hand-written pages does not exist"
    ]
