"""Write tests/data/mentions_golden.jsonl.gz: the mentions table of the
table pipeline (before the one engine: main at 8350403, with the narrowed
target rules of issue 15) and its score rows, for tests/test_engine.py. Kept
for the record; run with the package it should describe on PYTHONPATH
(``PYTHONPATH=/path/to/checkout python tests/make_mentions_golden.py OUT``);
rerunning it on this branch writes the engine's own table.

Corpora: the seeds, validation/devices/, tests/data/validation/, 300
synthetic articles (dated and undated), perturbed and scraped texts (as
tests/test_scorer.py makes them)."""

from __future__ import annotations

import gzip
import json
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

from framing.measure.mentions import MENTION_COLUMNS, load_lexicons, measure  # noqa: E402
from framing.measure.scores import score_articles  # noqa: E402
from framing.scale.stream import synthetic_articles  # noqa: E402
from framing.text.corpus import Article, load_corpus  # noqa: E402


def _perturbed(seeds: list[Article], seed: int = 7) -> list[str]:
    """tests/test_scorer.py's perturbed texts."""
    from framing.text.arabic import tokenise

    rng = random.Random(seed)
    texts = [a.text for a in seeds]
    noise = ["(", ")", "«", "»", '"', "“", "”", ".", "،", ":", "-", " - ", "؟", "...", "\n",
             "\r\n", "\u064e", "\u0640", " 2014.08.15 ", "ب1500", " UN-led ", "و«", "ل\"",
             "الولاياتالمتحدة", "\u200f", " (انظر ص. 3) ", "!", "؛",
             "\r", "\u2028", "\x85", "\t", "   ", "\u00a0", " ما يسمى ", " حسب قوله ",
             " على حد قوله ", " من وصفهم ب", " المزعوم ", " بحجة ", " التي تسميها ", "«»", '""']
    out = []
    for _ in range(30):
        t = rng.choice(texts)
        a = rng.randrange(len(t))
        out.append(t[a:a + rng.randrange(40, 1500)])
    for _ in range(30):
        t = list(rng.choice(texts)[: rng.randrange(200, 1200)])
        for _ in range(rng.randrange(1, 25)):
            t.insert(rng.randrange(len(t) + 1), rng.choice(noise))
        out.append("".join(t))
    return [t for t in out if tokenise(t)]


def _scraped(seeds: list[Article], seed: int = 13) -> list[str]:
    """tests/test_scorer.py's scraped texts (presentation forms, invisible characters)."""
    from framing.text.arabic import _COMPAT

    glyphs: dict[str, list[str]] = {}
    for code, letters in _COMPAT.items():
        glyphs.setdefault(letters, []).append(chr(code))
    invisible = ["\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200f", "\ufe7f", "\u034f"]
    rng = random.Random(seed)
    out = []
    for article in seeds:
        for paragraph in article.text.split("\n"):
            if not paragraph.strip():
                continue
            chars, i = [], 0
            while i < len(paragraph):
                pair = paragraph[i:i + 2]
                if pair in glyphs and rng.random() < 0.5:
                    chars.append(rng.choice(glyphs[pair]))
                    i += 2
                    continue
                ch = paragraph[i]
                chars.append(rng.choice(glyphs[ch]) if ch in glyphs and rng.random() < 0.3 else ch)
                if ch.isalpha() and paragraph[i + 1:i + 2].isalpha() and rng.random() < 0.05:
                    chars.append(rng.choice(invisible))
                i += 1
            out.append("".join(chars))
    return out


def corpora() -> dict[str, list[Article]]:
    seeds = load_corpus()
    out = {"seeds": load_corpus(),
           "devices": load_corpus(HERE.parent / "validation" / "devices"),
           "validation_fixture": load_corpus(HERE / "data" / "validation")}
    dates = ["", "2014-05-20", "2014-08-04", "2015-01-01", "2016-01-01", "2016-03-30",
             "2019-07-15"]
    synthetic = []
    for k, (i, t) in enumerate(synthetic_articles(300, seed=11, sentences=(1, 14),
                                                  paragraphs=(1, 4))):
        date = dates[k % len(dates)]
        synthetic.append(Article(i, t, Path(i), {"date": date} if date else {}))
    out["synthetic"] = synthetic
    out["perturbed"] = [Article(f"p{k}", t, Path(f"p{k}"), {})
                        for k, t in enumerate(_perturbed(seeds))]
    out["scraped"] = [Article(f"s{k}", t, Path(f"s{k}"), {})
                      for k, t in enumerate(_scraped(seeds))]
    return out


def plain(value):
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        import pandas as pd
        if value is pd.NA:
            return None
    except ImportError:
        pass
    return value


def main() -> None:
    lexicons = load_lexicons()
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "data" / "mentions_golden.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for name, articles in corpora().items():
            for article in articles:
                table, documents = measure([article], lexicons)
                rows = [[plain(v) for v in row] for row in table[MENTION_COLUMNS].itertuples(index=False)]
                doc = [plain(v) for v in documents.iloc[0].tolist()]
                score = [plain(v) for v in score_articles(table, documents).iloc[0].tolist()]
                f.write(json.dumps({"corpus": name, "id": article.id, "text": article.text,
                                    "metadata": {k: str(v) for k, v in article.metadata.items()
                                                 if k in ("date", "date_estimate")},
                                    "document": doc, "score": score, "rows": rows}, ensure_ascii=False) + "\n")
    print(path, path.stat().st_size)


if __name__ == "__main__":
    main()
