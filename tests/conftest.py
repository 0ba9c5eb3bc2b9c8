"""Shared fixtures: a small records folder and a runner that goes through the real CLI group."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbz_cli.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = date(2026, 11, 29)


@pytest.fixture
def basic_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture records, so tests may break or edit them."""
    target = tmp_path / "records"
    shutil.copytree(FIXTURES / "basic", target)
    return target


@pytest.fixture
def cycle_dir(tmp_path: Path) -> Path:
    """A hand-built records folder with one record for each case the Council cycle commands report."""
    target = tmp_path / "records"
    shutil.copytree(FIXTURES / "cycle", target)
    return target


@pytest.fixture
def jbz():
    """Run the installed jbz in a subprocess with a clean environment, as a shell user would; output as bytes."""
    from installed import installed_jbz

    exe = installed_jbz()

    def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k != "NO_COLOR"}
        base["JBZ_CACHE_DIR"] = str(cwd / ".cache")
        base["JBZ_INDEX_BUILD"] = "inline"  # the index is ready when jbz returns (cli/afterwards.py)
        return subprocess.run([exe, *args], cwd=cwd, env=base | (env or {}), capture_output=True, timeout=60)

    return run


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch):
    """Run `jbz ARGS` in-process with a clean environment; returns the click Result."""
    for var in ("JBZ_RECORDS", "JBZ_TODAY", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return CliRunner().invoke(app, list(args), input=input, env=env)

    return run


def _register_hypothesis_profiles() -> None:
    """ "ci" (the default) keeps the suite quick; HYPOTHESIS_PROFILE=long searches much deeper before a release."""
    import os

    from hypothesis import HealthCheck, settings

    slow = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=slow)
    settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=slow)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_register_hypothesis_profiles()


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own index cache, so none reads or litters the user's ~/.cache."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("JBZ_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache / "xdg"))  # for subprocesses that drop JBZ_* variables
    monkeypatch.setenv("JBZ_INDEX_BUILD", "inline")  # a cold run's index is built before jbz returns, not detached
    return cache
