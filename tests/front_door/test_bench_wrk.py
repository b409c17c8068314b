"""`make bench` changes nothing on the machine unless asked: Debian's wrk is installed only with BENCH_INSTALL_WRK=1."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import ensure_wrk


@pytest.fixture
def machine_without_wrk(tmp_path, monkeypatch) -> Path:
    """A PATH without wrk whose apt-get only notes that it was called."""
    calls = tmp_path / "apt-get.calls"
    apt_get = tmp_path / "apt-get"
    apt_get.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    apt_get.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))  # the script's shell is named by its full path
    monkeypatch.delenv("BENCH_INSTALL_WRK", raising=False)
    return calls


def test_without_being_asked_the_bench_installs_nothing_and_says_how(machine_without_wrk):
    said = []
    assert ensure_wrk(said.append) == "python"
    assert not machine_without_wrk.exists(), "apt-get was run"
    assert any("BENCH_INSTALL_WRK=1" in line for line in said), said


def test_asked_to_the_bench_installs_debians_wrk(machine_without_wrk, monkeypatch):
    monkeypatch.setenv("BENCH_INSTALL_WRK", "1")
    ensure_wrk(lambda line: None)
    assert "install -y -qq wrk" in machine_without_wrk.read_text()
