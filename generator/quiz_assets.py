"""What the browser needs to run the quiz: the self-hosted Pyodide runtime and the quiz package.

The quiz package travels as one JSON file, made at build time from the very files of the `quiz`
package that the tests import: `{"format": ..., "package": "quiz", "files": {name: source}}`.
Its name carries a hash of its content (so browsers may cache it for good), and the quiz page
gives its Subresource Integrity digest: the worker fetches it with `integrity`, so a changed file
is refused by the browser itself, then writes the sources into Pyodide's file system. That takes
a few milliseconds, where `pyodide.loadPackage` of a wheel took 150-250 ms (BENCHMARKS.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import quiz

PACKAGE_FORMAT = "social-media-maturity-atlas/quiz-package@1"
PYODIDE_NPM_PACKAGE = "pyodide"
# The files a page fetches from the npm package; the rest (source maps, typings, the classic
# script build, consoles) is not shipped.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
HASH_LENGTH = 10


class AssetError(Exception):
    """A file the quiz needs is missing or is not the pinned version."""


@dataclass(frozen=True)
class QuizPackage:
    """The `quiz` package's sources as the browser's worker installs them."""

    data: bytes
    integrity: str
    """The Subresource Integrity value of `data`: `sha256-` and the base64 digest."""

    @property
    def file_name(self) -> str:
        return f"quiz-package.{content_hash(self.data)}.json"


@dataclass(frozen=True)
class PyodideRuntime:
    version: str
    files: dict[str, Path]
    lock: dict[str, Any]


def quiz_package_dir() -> Path:
    """The folder of the `quiz` package as imported (the tests import the same files)."""
    return Path(quiz.__file__).resolve().parent


def quiz_sources(package_dir: Path) -> dict[str, str]:
    """The package's Python files by name (the package has no subfolders)."""
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted(package_dir.glob("*.py"))
    }


def boot_script(package_dir: Path) -> str:
    """quiz/web/boot.js, the script the quiz page's <head> inlines (site_overrides/main.html)."""
    path = package_dir / "web" / "boot.js"
    text = path.read_text(encoding="utf-8").strip()
    # Inside <script>, these would end the element or start HTML's script-data escape states.
    for sequence in ("</script", "<!--", "<script"):
        if sequence in text.lower():
            raise AssetError(f"{path} contains {sequence!r}, which cannot be inlined in a page")
    return text


def build_quiz_package(package_dir: Path) -> QuizPackage:
    """The quiz package file: every source of `package_dir`, in a stable order."""
    sources = quiz_sources(package_dir)
    if "__init__.py" not in sources:
        raise AssetError(f"{package_dir} is not the quiz package (no __init__.py)")
    document = {"format": PACKAGE_FORMAT, "package": package_dir.name, "files": sources}
    data = (json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
    return QuizPackage(data=data, integrity=f"sha256-{digest}")


def pinned_pyodide_version(project_root: Path) -> str:
    """The Pyodide version package-lock.json pins (npm checks its integrity hash on `npm ci`)."""
    lock_path = project_root / "package-lock.json"
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
        return str(lock["packages"][f"node_modules/{PYODIDE_NPM_PACKAGE}"]["version"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AssetError(f"{lock_path}: cannot read the pinned Pyodide version ({error})") from None


def pyodide_runtime(project_root: Path) -> PyodideRuntime:
    """The installed Pyodide runtime files, checked against the pinned version."""
    pinned = pinned_pyodide_version(project_root)
    folder = project_root / "node_modules" / PYODIDE_NPM_PACKAGE
    hint = "run `npm ci` in the project folder (`make build` and `make test` do it)"
    try:
        installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        raise AssetError(f"Pyodide {pinned} is not installed in {folder}: {hint}") from None
    if installed != pinned:
        raise AssetError(
            f"{folder} holds Pyodide {installed}, but package-lock.json pins {pinned}: {hint}"
        )
    files = {name: folder / name for name in PYODIDE_FILES}
    missing = [name for name, path in files.items() if not path.is_file()]
    if missing:
        raise AssetError(f"{folder} lacks {', '.join(missing)}: {hint}")
    try:
        lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
        lock["info"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AssetError(f"{folder}/pyodide-lock.json is unreadable ({error}): {hint}") from None
    return PyodideRuntime(version=pinned, files=files, lock=lock)


def quiz_lock_file(runtime: PyodideRuntime) -> bytes:
    """Pyodide's lock file without its package list: the site ships no Pyodide packages.

    `loadPyodide` reads a lock file at start; the npm package's own (119 kB) lists hundreds of
    packages the site does not serve.
    """
    document = {"info": runtime.lock["info"], "packages": {}}
    return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
