"""Where the installed `jbz` command is, for the tests that run it as a shell user would."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


def installed_jbz(module_level: bool = False) -> str:
    """The console script next to the test interpreter, else on PATH. CI must have it; elsewhere, skip."""
    beside = Path(sys.executable).parent / "jbz"
    found = str(beside) if beside.exists() else shutil.which("jbz")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("the jbz command is not installed next to the test interpreter", pytrace=False)
        pytest.skip("the jbz command is not installed", allow_module_level=module_level)
    return found
