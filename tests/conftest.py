"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.explore.vocabulary import tokens_by_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """The five seed articles, read directly (id = file stem)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def tokens(texts):
    """The seeds' tokens by article."""
    return tokens_by_article(texts)


@pytest.fixture()
def dated_lexicon(tmp_path):
    """``dated_lexicon(kind, {entry id: "from: …" | "until: …"})``: the path of
    a copy of a bundled lexicon (``framing``, ``actors``, ``titles``) with a
    period added to those entries."""
    lexicons = Path(__file__).resolve().parent.parent / "framing" / "data" / "lexicons"

    def make(kind: str, periods: dict[str, str]) -> str:
        text = (lexicons / f"{kind}.yaml").read_text(encoding="utf-8")
        for entry_id, period in periods.items():
            line = f"  - id: {entry_id}\n"
            assert line in text, entry_id
            text = text.replace(line, f"{line}    {period}\n")
        path = tmp_path / f"{kind}.yaml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make
