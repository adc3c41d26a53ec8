"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.vocabulary import tokens_by_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """The five seed articles, read directly (id = file stem)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def tokens(texts):
    """The seeds' tokens by article."""
    return tokens_by_article(texts)
