"""Shared test set-up: every test gets its own private data folder and runs offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep working copies, locks and backups out of the real home folder."""
    folder = tmp_path / "sipdesk-data"
    monkeypatch.setenv("SIPDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def output_dir() -> Path:
    """Where tests leave screenshots and PDFs for people to look at."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
