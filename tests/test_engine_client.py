"""The quiz page's engine client and engine handover (quiz/web/engine-client.mjs,
engine-handover.mjs) under Node's test runner with a fake worker: tests/engine_client.test.mjs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("engine_client.test.mjs")


def test_engine_client_state_machine_and_handover() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the quiz page's JavaScript tests"
    result = subprocess.run(
        [node, "--test", "--test-reporter=spec", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
