"""The article-by-article comparison: one row per article from the study's tables.

Joins what the other steps computed — scores (framing indices with their
intervals), Haftar's titles against his rank, and the top keyness terms — into
the table the synthesis notebook argues from. No new measurement happens here.

Example
-------
>>> comparison_table(scores, titles, keyness, articles)          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from framing.corpus import date_text

COMPARISON_COLUMNS = [
    "article", "date", "genre", "tokens",
    "terrorism_per_1000", "revolution_per_1000", "not_authorial_share",
    "islamists_index", "islamists_interval", "islamists_n",
    "haftar_index", "haftar_interval", "haftar_n",
    "haftar_titles", "key_terms",
]


def _interval(low: float, high: float) -> str:
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"[{low:+.2f}, {high:+.2f}]"


def comparison_table(scores: pd.DataFrame, titles: pd.DataFrame, keyness: pd.DataFrame,
                     articles: Iterable, n_terms: int = 3) -> pd.DataFrame:
    """One row per article: what it is, how it frames, and what sets it apart.

    ``not_authorial_share`` is the share of terrorism- and revolution-family
    mentions that are quoted or distanced; ``haftar_titles`` lists the titles
    given to Haftar with their judgement against his rank; ``key_terms`` the
    article's top keyness terms (display form · gloss).
    """
    meta = {a.id: a.metadata for a in articles}
    titles_of = dict(tuple(titles.groupby("article", sort=False)))
    keyness_of = dict(tuple(keyness.groupby("article", sort=False)))
    rows = []
    for s in scores.itertuples(index=False):
        framed = s.terrorism + s.revolution
        not_authorial = (s.terrorism_quoted + s.terrorism_distanced
                         + s.revolution_quoted + s.revolution_distanced)
        mine = titles_of.get(s.article, titles.iloc[:0])
        title_text = "، ".join(f"{t.title} ({t.judgement})" for t in mine.itertuples())
        key = keyness_of.get(s.article, keyness.iloc[:0]).sort_values("rank").head(n_terms)
        key_text = "، ".join(f"{k.display} · {k.gloss}" if isinstance(k.gloss, str) and k.gloss
                             else str(k.display) for k in key.itertuples())
        rows.append({
            "article": s.article,
            "date": date_text(meta.get(s.article, {})),
            "genre": meta.get(s.article, {}).get("genre", ""),
            "tokens": s.tokens,
            "terrorism_per_1000": s.terrorism_per_1000,
            "revolution_per_1000": s.revolution_per_1000,
            "not_authorial_share": not_authorial / framed if framed else float("nan"),
            "islamists_index": s.islamists_index,
            "islamists_interval": _interval(s.islamists_index_low, s.islamists_index_high),
            "islamists_n": s.islamists_T + s.islamists_R,
            "haftar_index": s.haftar_index,
            "haftar_interval": _interval(s.haftar_index_low, s.haftar_index_high),
            "haftar_n": s.haftar_L + s.haftar_D,
            "haftar_titles": title_text,
            "key_terms": key_text,
        })
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
