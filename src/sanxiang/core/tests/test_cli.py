"""The `sanxiang` console command wraps Django's management commands."""

import subprocess
import sys
from pathlib import Path

import pytest


def sanxiang_executable() -> Path:
    exe = Path(sys.executable).parent / "sanxiang"
    assert exe.exists(), (
        "the sanxiang console script is installed with the project (pip install -e .)"
    )
    return exe


@pytest.mark.parametrize("command", ["token", "check"])
def test_console_script_lists_project_commands(command):
    result = subprocess.run(
        [str(sanxiang_executable()), "help"], capture_output=True, text=True, timeout=60, check=True
    )
    assert command in result.stdout.split()


def test_console_script_runs_check_with_test_settings(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "sanxiang.config.settings.test",
        "SANXIANG_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [str(sanxiang_executable()), "check"], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
