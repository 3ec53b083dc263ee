"""What the browser needs to run the quiz: the self-hosted Pyodide runtime and the quiz wheel.

The wheel is made at build time from the very files of the `quiz` package that the tests import,
with a name that carries a hash of their content (so browsers may cache it for good). Pyodide
loads it through a trimmed copy of its own lock file whose one entry gives the wheel's sha256:
`pyodide.loadPackage` refuses a wheel that does not match.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import quiz

PACKAGE_NAME = "atlas-quiz"
DISTRIBUTION = "atlas_quiz"
PACKAGE_VERSION = "1.0.0"
PYODIDE_NPM_PACKAGE = "pyodide"
# The files a page fetches from the npm package; the rest (source maps, typings, the classic
# script build, consoles) is not shipped.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
HASH_LENGTH = 10
# Zip entries get a fixed timestamp, so the same sources always make the same wheel.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class AssetError(Exception):
    """A file the quiz needs is missing or is not the pinned version."""


@dataclass(frozen=True)
class Wheel:
    file_name: str
    data: bytes
    sha256: str
    version: str


@dataclass(frozen=True)
class PyodideRuntime:
    version: str
    files: dict[str, Path]
    lock: dict[str, Any]


def quiz_package_dir() -> Path:
    """The folder of the `quiz` package as imported (the tests import the same files)."""
    return Path(quiz.__file__).resolve().parent


def quiz_sources(package_dir: Path) -> dict[str, bytes]:
    """The package's Python files by their path inside the wheel."""
    return {f"quiz/{path.name}": path.read_bytes() for path in sorted(package_dir.glob("*.py"))}


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def build_wheel(package_dir: Path) -> Wheel:
    """A py3-none-any wheel of the quiz package, named after a hash of its content."""
    sources = quiz_sources(package_dir)
    if "quiz/__init__.py" not in sources:
        raise AssetError(f"{package_dir} is not the quiz package (no __init__.py)")
    content = hashlib.sha256()
    for name, data in sources.items():
        content.update(name.encode("utf-8") + b"\0" + data + b"\0")
    version = f"{PACKAGE_VERSION}+{content.hexdigest()[:HASH_LENGTH]}"
    dist_info = f"{DISTRIBUTION}-{version}.dist-info"
    files = dict(sources)
    files[f"{dist_info}/METADATA"] = (
        "Metadata-Version: 2.1\n"
        f"Name: {PACKAGE_NAME}\n"
        f"Version: {version}\n"
        "Summary: Scoring for the Social Media Maturity Atlas self-assessment quiz\n"
        "Requires-Python: >=3.11\n"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: atlas-generator\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [f"{name},{_record_hash(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    data = buffer.getvalue()
    return Wheel(
        file_name=f"{DISTRIBUTION}-{version}-py3-none-any.whl",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        version=version,
    )


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


def quiz_lock_file(runtime: PyodideRuntime, wheel: Wheel) -> bytes:
    """Pyodide's lock file, cut down to the one package the site ships: the quiz wheel."""
    entry = {
        "name": PACKAGE_NAME,
        "version": wheel.version,
        "file_name": wheel.file_name,
        "install_dir": "site",
        "sha256": wheel.sha256,
        "package_type": "package",
        "imports": ["quiz"],
        "depends": [],
    }
    document = {"info": runtime.lock["info"], "packages": {PACKAGE_NAME: entry}}
    return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
