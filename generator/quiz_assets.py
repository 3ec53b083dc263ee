"""What the browser needs to run the quiz: the self-hosted Pyodide runtime and the quiz package.

The quiz package travels as one JSON file, made at build time from the very files of the `quiz`
package that the tests import: `{"format": ..., "package": "quiz", "files": {name: source}}`.
Its name carries a hash of its content (so browsers may cache it for good), and the quiz page
gives its Subresource Integrity digest: the worker fetches it with `integrity`, so a changed file
is refused by the browser itself, then writes the sources into Pyodide's file system. That takes
a few milliseconds, where `pyodide.loadPackage` of a wheel took 150-250 ms (BENCHMARKS.md).
The page also gives the digests of the quiz spec and of the Pyodide runtime's WebAssembly,
standard library and lock file: the worker refuses any of them that was changed.

`quiz_engine` gathers every file of the engine and names each one's place in the site; the
MkDocs plugin only hands them to MkDocs.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import quiz
from generator import python_stdlib

PACKAGE_FORMAT = "social-media-maturity-atlas/quiz-package@1"
PYODIDE_NPM_PACKAGE = "pyodide"
# The files a page fetches from the npm package; the rest (source maps, typings, the classic
# script build, consoles) is not shipped.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
HASH_LENGTH = 10

# Where the site serves the engine: the runtime in a folder per Pyodide version, the rest beside
# the quiz's browser glue.
PYODIDE_SITE_DIR = "assets/pyodide"
# Where the quiz's sources are in the repository, for messages about them.
QUIZ_SOURCE_DIR = "quiz"
# quiz/web/answer-storage.mjs finds the site root two folders above its own URL.
QUIZ_ASSETS_DIR = "assets/quiz"
# The browser glue the site serves: every JavaScript module of quiz/web/, as they import each
# other by relative URL. (quiz/web/boot.js is not served: the quiz page inlines it.)
BROWSER_MODULES = "*.mjs"
WORKER_FILE = f"{QUIZ_ASSETS_DIR}/worker.mjs"
# The modules the worker imports (statically) besides its own: the worker's start needs them.
WORKER_IMPORTS = ("engine-files.mjs",)


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
        """The package file's name, after a hash of its content."""
        return f"quiz-package.{content_hash(self.data)}.json"


@dataclass(frozen=True)
class PyodideRuntime:
    """The installed Pyodide runtime: its version, the files pages fetch, its lock file."""

    version: str
    files: dict[str, Path]
    lock: dict[str, Any]


@dataclass(frozen=True)
class QuizEngineFiles:
    """Where the build puts the files the quiz page's engine loads (site paths)."""

    pyodide_dir: str
    """The folder of the Pyodide runtime, e.g. `assets/pyodide/314.0.7/`."""
    lock_file: str
    """The trimmed Pyodide lock file `loadPyodide` reads."""
    package_file: str
    """The quiz package's sources as one JSON file."""
    package_integrity: str
    """The package file's Subresource Integrity value, `sha256-...`."""
    stdlib_file: str = ""
    """The trimmed standard library zip (generator/python_stdlib.py), named after its content."""
    runtime_integrity: str = "{}"
    """`{file name: Subresource Integrity value}` of the runtime's WebAssembly, standard library
    and lock file, as JSON text (the page hands it to the worker, which checks them)."""
    worker_file: str = WORKER_FILE
    """The module worker that runs Pyodide."""


@dataclass(frozen=True)
class SiteFile:
    """One file the site serves."""

    path: str
    """Its path in the site, e.g. `assets/quiz/worker.mjs`."""
    data: Path | bytes
    """The file to copy, or the bytes to write."""


@dataclass(frozen=True)
class QuizEngine:
    """Everything the build ships for the quiz engine."""

    files: QuizEngineFiles
    site_files: tuple[SiteFile, ...]
    """The browser modules, the Pyodide runtime, the quiz package and the lock file."""
    boot_script: str
    """quiz/web/boot.js, for the quiz page's <head>."""


def quiz_package_dir() -> Path:
    """The folder of the `quiz` package as imported (the tests import the same files)."""
    return Path(quiz.__file__).resolve().parent


def quiz_sources(package_dir: Path) -> dict[str, str]:
    """The package's Python files by name (the package has no subfolders)."""
    return {
        path.name: path.read_text(encoding="utf-8") for path in sorted(package_dir.glob("*.py"))
    }


def browser_modules(package_dir: Path) -> list[Path]:
    """The quiz's browser glue the site serves (`BROWSER_MODULES` of `package_dir/web`)."""
    return sorted((package_dir / "web").glob(BROWSER_MODULES))


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
    return QuizPackage(data=data, integrity=subresource_integrity(data))


def subresource_integrity(data: bytes) -> str:
    """The Subresource Integrity value of `data`: `sha256-` and the base64 digest."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


@functools.lru_cache(maxsize=8)
def _file_integrity(path: Path, size: int, modified_ns: int) -> str:
    return subresource_integrity(path.read_bytes())


def file_integrity(path: Path) -> str:
    """The Subresource Integrity value of the file at `path`, computed once per version of it
    (the runtime's 12 MB would otherwise be read again on every rebuild of `mkdocs serve`)."""
    stat = path.stat()
    return _file_integrity(path.resolve(), stat.st_size, stat.st_mtime_ns)


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
    """The short hash of `data` that content-addressed file names carry."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def quiz_spec_file(spec: bytes) -> str:
    """The quiz spec's site path, named after a hash of its content."""
    return f"{QUIZ_ASSETS_DIR}/spec.{content_hash(spec)}.json"


def quiz_engine(project_root: Path) -> QuizEngine:
    """Every file of the quiz engine and its place in the site, for the project's Pyodide.

    Raises `AssetError` (or `OSError`) when a file is missing or is not the pinned version.
    """
    runtime = pyodide_runtime(project_root)
    package_dir = quiz_package_dir()
    package = build_quiz_package(package_dir)
    boot = boot_script(package_dir)
    lock = quiz_lock_file(runtime)
    stdlib = shipped_stdlib(runtime, package_dir)
    pyodide_dir = f"{PYODIDE_SITE_DIR}/{runtime.version}/"
    lock_file = f"{pyodide_dir}pyodide-lock.{content_hash(lock)}.json"
    stdlib_file = f"{pyodide_dir}python_stdlib.{content_hash(stdlib)}.zip"
    # The worker downloads these itself (quiz/web/engine-files.mjs); pyodide.mjs and
    # pyodide.asm.mjs are JavaScript modules, which a worker can only import, without a digest.
    runtime_integrity = {
        "pyodide.asm.wasm": file_integrity(runtime.files["pyodide.asm.wasm"]),
        stdlib_file.rsplit("/", 1)[-1]: subresource_integrity(stdlib),
        lock_file.rsplit("/", 1)[-1]: subresource_integrity(lock),
    }
    files = QuizEngineFiles(
        pyodide_dir=pyodide_dir,
        lock_file=lock_file,
        package_file=f"{QUIZ_ASSETS_DIR}/{package.file_name}",
        package_integrity=package.integrity,
        stdlib_file=stdlib_file,
        runtime_integrity=json.dumps(runtime_integrity, sort_keys=True),
    )
    site_files = [
        *(
            SiteFile(f"{QUIZ_ASSETS_DIR}/{module.name}", module)
            for module in browser_modules(package_dir)
        ),
        # Large runtime files are copied by MkDocs, not read into memory here. The whole
        # standard library is not shipped: only the part the quiz needs.
        *(
            SiteFile(pyodide_dir + name, path)
            for name, path in runtime.files.items()
            if name != "python_stdlib.zip"
        ),
        SiteFile(files.stdlib_file, stdlib),
        SiteFile(files.package_file, package.data),
        SiteFile(files.lock_file, lock),
    ]
    return QuizEngine(files=files, site_files=tuple(site_files), boot_script=boot)


def engine_download_files(files: QuizEngineFiles, spec_file: str) -> tuple[str, ...]:
    """Every file the engine's worker downloads to start (site paths), in the order it asks for
    them: what a page may fetch ahead of a visit to the quiz (quiz/web/page.mjs)."""
    runtime = (name for name in PYODIDE_FILES if name != "python_stdlib.zip")
    return (
        files.worker_file,
        *(f"{QUIZ_ASSETS_DIR}/{name}" for name in WORKER_IMPORTS),
        *(files.pyodide_dir + name for name in runtime),
        files.stdlib_file or files.pyodide_dir + "python_stdlib.zip",
        files.lock_file,
        files.package_file,
        spec_file,
    )


def shipped_stdlib(runtime: PyodideRuntime, package_dir: Path) -> bytes:
    """The standard library zip the site ships: the part of Pyodide's that the quiz needs
    (generator/python_stdlib.py), checked against the modules the package imports."""
    manifest_path = package_dir / "web" / python_stdlib.MANIFEST_NAME
    try:
        manifest = python_stdlib.read_manifest(manifest_path)
        python_stdlib.check_imports(package_dir, manifest)
        full_zip = runtime.files["python_stdlib.zip"].resolve()
        stat = full_zip.stat()
        return _trimmed_stdlib(
            (full_zip, stat.st_size, stat.st_mtime_ns),
            manifest.pyodide,
            tuple(sorted(manifest.modules.items(), key=lambda item: item[0])),
            runtime.version,
        )
    except python_stdlib.StdlibError as error:
        raise AssetError(str(error)) from None


@functools.lru_cache(maxsize=4)
def _trimmed_stdlib(
    full_zip: tuple[Path, int, int],
    traced_with: str,
    modules: tuple[tuple[str, str | None], ...],
    version: str,
) -> bytes:
    # Made once per version of the runtime's zip and of the record: `mkdocs serve` rebuilds
    # on every change.
    manifest = python_stdlib.StdlibManifest(traced_with, dict(modules))
    return python_stdlib.trimmed_stdlib(full_zip[0], manifest, version)
