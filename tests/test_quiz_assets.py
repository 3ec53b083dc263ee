"""The files the build makes for the quiz engine: the package file, the lock file, the boot script."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.quiz_assets import (
    PACKAGE_FORMAT,
    AssetError,
    PyodideRuntime,
    boot_script,
    build_quiz_package,
    content_hash,
    engine_download_files,
    quiz_engine,
    quiz_lock_file,
    quiz_package_dir,
)

PROJECT = Path(__file__).resolve().parent.parent


def test_the_package_file_holds_every_source_of_the_quiz_package() -> None:
    package = build_quiz_package(quiz_package_dir())
    document = json.loads(package.data)
    assert document["format"] == PACKAGE_FORMAT
    assert document["package"] == "quiz"
    sources = sorted(quiz_package_dir().glob("*.py"))
    assert sorted(document["files"]) == [path.name for path in sources]
    for path in sources:
        assert document["files"][path.name] == path.read_text(encoding="utf-8")


def test_the_package_file_is_named_and_checked_by_its_content(tmp_path: Path) -> None:
    package = build_quiz_package(quiz_package_dir())
    digest = hashlib.sha256(package.data).digest()
    assert package.integrity == "sha256-" + base64.b64encode(digest).decode("ascii")
    assert package.file_name == f"quiz-package.{hashlib.sha256(package.data).hexdigest()[:10]}.json"
    # The same sources make the same file; a changed source, another name and digest.
    copy = tmp_path / "quiz"
    shutil.copytree(quiz_package_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert build_quiz_package(copy) == package
    (copy / "scoring.py").write_text("# changed\n", encoding="utf-8")
    changed = build_quiz_package(copy)
    assert changed.file_name != package.file_name and changed.integrity != package.integrity


def test_a_folder_without_init_is_not_taken_for_the_quiz_package(tmp_path: Path) -> None:
    (tmp_path / "scoring.py").write_text("", encoding="utf-8")
    with pytest.raises(AssetError, match=r"no __init__\.py"):
        build_quiz_package(tmp_path)


def test_the_lock_file_keeps_pyodides_info_and_lists_no_package() -> None:
    info = {"arch": "wasm32", "python": "3.14.2", "version": "314.0.7"}
    runtime = PyodideRuntime(
        version="314.0.7", files={}, lock={"info": info, "packages": {"a": {}}}
    )
    assert json.loads(quiz_lock_file(runtime)) == {"info": info, "packages": {}}


def test_the_runtime_files_the_worker_downloads_carry_the_digests_of_what_is_shipped() -> None:
    engine = quiz_engine(PROJECT)
    digests = json.loads(engine.files.runtime_integrity)
    shipped = {Path(f.path).name: f.data for f in engine.site_files}
    lock_name = Path(engine.files.lock_file).name
    stdlib_name = Path(engine.files.stdlib_file).name
    assert set(digests) == {"pyodide.asm.wasm", stdlib_name, lock_name}
    for name, integrity in digests.items():
        data = shipped[name]
        content = data.read_bytes() if isinstance(data, Path) else data
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode("ascii")
        assert integrity == f"sha256-{digest}", name


def test_the_files_fetched_ahead_of_the_quiz_are_every_file_its_worker_downloads() -> None:
    engine = quiz_engine(PROJECT)
    files = engine_download_files(engine.files, "assets/quiz/spec.0123456789.json")
    shipped = {f.path for f in engine.site_files} | {"assets/quiz/spec.0123456789.json"}
    assert len(set(files)) == len(files) and set(files) <= shipped
    # The worker, each module it imports, the runtime's files by the names it asks for them.
    worker = (quiz_package_dir() / "web" / "worker.mjs").read_text(encoding="utf-8")
    for module in re.findall(r'^import .* from "\./([^"]+)";$', worker, re.MULTILINE):
        assert f"assets/quiz/{module}" in files, module
    assert engine.files.worker_file in files
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert engine.files.pyodide_dir + name in files, name
    for path in (engine.files.stdlib_file, engine.files.lock_file, engine.files.package_file):
        assert path in files, path


def test_the_site_ships_the_trimmed_standard_library_and_not_the_whole_one() -> None:
    engine = quiz_engine(PROJECT)
    names = {Path(f.path).name for f in engine.site_files}
    stdlib_name = Path(engine.files.stdlib_file).name
    assert stdlib_name in names
    assert "python_stdlib.zip" not in names
    shipped = next(f.data for f in engine.site_files if Path(f.path).name == stdlib_name)
    assert isinstance(shipped, bytes)
    # Named after its content, so a browser may keep it for good.
    assert stdlib_name == f"python_stdlib.{content_hash(shipped)}.zip"


def test_the_boot_script_can_be_inlined_and_one_that_cannot_is_refused(tmp_path: Path) -> None:
    script = boot_script(quiz_package_dir())
    assert "new Worker(" in script and "atlasQuizBoot" in script
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "boot.js").write_text('const s = "</SCRIPT>";\n', encoding="utf-8")
    with pytest.raises(AssetError, match="cannot be inlined"):
        boot_script(tmp_path)
