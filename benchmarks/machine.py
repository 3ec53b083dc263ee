"""The machine and the versions a run was made with, for the report's header."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks.projects import PROJECT
from tests.browser import CHROMIUM


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "not found"
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "not found"


def _npm_version(package: str) -> str:
    try:
        manifest = PROJECT / "node_modules" / package / "package.json"
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


def _python_package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))} (Linux {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def describe() -> dict[str, str]:
    """What was measured on: machine, versions and date, in the order the report lists them."""
    chromium = _first_line([str(CHROMIUM), "--version"]) if CHROMIUM.is_file() else "not found"
    return {
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": f"{_cpu_model()}, {os.cpu_count()} logical CPUs",
        "RAM": _memory(),
        "OS": _os_name(),
        "Python": platform.python_version(),
        "MkDocs": _python_package("mkdocs"),
        "Material for MkDocs": _python_package("mkdocs-material"),
        "Pyodide (npm)": _npm_version("pyodide"),
        "Chromium": chromium,
        "Node.js": _first_line(["node", "--version"]),
        "Lighthouse (npm)": _npm_version("lighthouse"),
        "Playwright (Python)": _python_package("playwright"),
        "Load average at start (1 / 5 / 15 min)": load_average(),
    }
