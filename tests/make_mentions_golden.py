"""Write tests/data/mentions_golden.jsonl.gz: the mentions table and the score
rows that tests/test_engine.py pins. First written from the table pipeline
(main at 8350403, before the one engine), now from the engine after a rule
change that is meant to move it (tests/test_engine.py lists each rewrite and
the rows it changed); run with the package it should describe on PYTHONPATH
(``PYTHONPATH=/path/to/checkout python tests/make_mentions_golden.py OUT``).

Corpora: the seeds, validation/devices/, tests/data/validation/, 300
synthetic articles (dated and undated), perturbed and scraped texts
(tests/hard_texts.py, as tests/test_scorer.py uses them)."""

from __future__ import annotations

import gzip
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

from framing.measure.mentions import MENTION_COLUMNS, load_lexicons, measure  # noqa: E402
from framing.measure.scores import score_articles  # noqa: E402
from framing.scale.stream import synthetic_articles  # noqa: E402
from framing.text.corpus import Article, load_corpus  # noqa: E402
from hard_texts import perturbed_texts, scraped_texts  # noqa: E402  (tests/, beside this script)


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
                        for k, t in enumerate(perturbed_texts(seeds))]
    out["scraped"] = [Article(f"s{k}", t, Path(f"s{k}"), {})
                      for k, t in enumerate(scraped_texts(seeds))]
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
