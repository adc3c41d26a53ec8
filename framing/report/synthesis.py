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

from framing.text.corpus import date_text

COMPARISON_COLUMNS = [
    "article", "date", "genre", "tokens",
    "terrorism_per_1000", "revolution_per_1000", "not_authorial_share",
    "islamists_index", "islamists_interval", "islamists_n",
    "adversaries_index", "adversaries_interval", "adversaries_n",
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
            "islamists_n": s.islamists_n,
            "adversaries_index": s.adversaries_index,
            "adversaries_interval": _interval(s.adversaries_index_low, s.adversaries_index_high),
            "adversaries_n": s.adversaries_n,
            "haftar_index": s.haftar_index,
            "haftar_interval": _interval(s.haftar_index_low, s.haftar_index_high),
            "haftar_n": s.haftar_n,
            "haftar_titles": title_text,
            "key_terms": key_text,
        })
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


NBSP = "\u00a0"


def signed(x: float) -> str:
    """An index value as the narrative writes it: two decimals, sign, a true minus.

    >>> signed(-0.75), signed(0.4)
    ('−0.75', '+0.40')
    """
    return f"{x:+.2f}".replace("-", "−")


def index_cell(value: float, interval: str, n: int) -> str:
    """An index as a reader sees it: value, 95 % interval, mentions behind it.

    In a narrow column the cell breaks only between its three parts (no-break
    spaces inside the interval and inside "n = 7": never "n =" over "7").

    >>> index_cell(-0.428571, "[-1.00, +0.25]", 7).replace(NBSP, " ")
    '−0.43 [−1.00, +0.25], n = 7'
    >>> index_cell(float("nan"), "", 0)
    '— (no mention counted)'
    """
    if pd.isna(value):
        return "— (no mention counted)"
    interval = (interval.replace("-", "−") or "[—]").replace(" ", NBSP)
    return f"{signed(value)} {interval}, n{NBSP}={NBSP}{int(n)}"


def main_titles(titles: pd.DataFrame) -> pd.DataFrame:
    """Per article, the title Haftar is given most often (ties: the first
    listed) and its judgement against his rank on the article's date.

    >>> t = pd.DataFrame({"article": ["a", "a"], "title": ["اللواء", "اللواء المتقاعد"],
    ...                   "uses": [1, 3], "judgement": ["as official"] * 2})
    >>> main_titles(t).to_dict("records")
    [{'article': 'a', 'title': 'اللواء المتقاعد', 'judgement': 'as official'}]
    """
    if titles.empty:
        return pd.DataFrame(columns=["article", "title", "judgement"])
    ranked = titles.reset_index(drop=True).reset_index()
    ranked = ranked.sort_values(["article", "uses", "index"], ascending=[True, False, True],
                                kind="stable")
    return ranked.drop_duplicates("article")[["article", "title", "judgement"]] \
        .reset_index(drop=True)


def comparison_summary(comparison: pd.DataFrame, titles: pd.DataFrame,
                       labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The comparison for reading: one compact row per article — what it is
    (date, genre, tokens), the three indices each with interval and n in one
    cell, and Haftar's main title with its judgement in columns of their own
    (so Arabic and English never share a cell). ``labels`` names the articles
    (:func:`framing.explore.overview.article_labels`); ``results/comparison.csv``
    keeps the full table with full ids.

    >>> comparison_summary(comparison, titles, labels)      # doctest: +SKIP
    """
    labels = labels or {}
    main = main_titles(titles).set_index("article")
    rows = []
    for c in comparison.itertuples(index=False):
        has_title = c.article in main.index
        rows.append({
            "article": labels.get(c.article, c.article),
            "date": c.date,
            "genre": c.genre,
            "tokens": c.tokens,
            "Islamists index [95 % CI], n": index_cell(c.islamists_index, c.islamists_interval,
                                                       c.islamists_n),
            "Adversaries index [95 % CI], n": index_cell(c.adversaries_index,
                                                         c.adversaries_interval, c.adversaries_n),
            "Haftar index [95 % CI], n": index_cell(c.haftar_index, c.haftar_interval,
                                                    c.haftar_n),
            "Haftar's main title": main.at[c.article, "title"] if has_title else "",
            "against his rank": main.at[c.article, "judgement"] if has_title else "",
        })
    return pd.DataFrame(rows)


#: How the reported-speech table names each index (its group header).
INDEX_NAMES = {"islamists": "Islamists index", "adversaries": "Adversaries index",
               "haftar": "Haftar index"}


def reported_speech_summary(reported: pd.DataFrame,
                            labels: dict[str, str] | None = None) -> pd.DataFrame:
    """:func:`framing.measure.scores.reported_speech_indices` for reading: per index,
    its value as measured (reported speech left out: the score row's), as it
    would be if reported speech counted, and how many of its mentions are in
    reported speech, under one group header (two-level columns, which
    :class:`framing.report.kwic.RTLTable` shows as two header rows); short headers,
    so that the table fits a narrow JupyterLab. ``results/reported_speech.csv``
    keeps the full column names.

    >>> r = pd.DataFrame({"article": ["a"], "haftar_n": [7], "haftar_reported": [2],
    ...     "haftar_index": [-0.2857], "haftar_index_unreported": [0.0]})
    >>> reported_speech_summary(r).iloc[0].tolist()
    ['a', '+0.00', '−0.29', '2 of 7']
    """
    labels = labels or {}
    table = {("", "article"): [labels.get(a, a) for a in reported["article"]]}
    for name, group in INDEX_NAMES.items():
        if f"{name}_index" not in reported:
            continue
        table[(group, "as measured")] = [
            "—" if pd.isna(v) else signed(v) for v in reported[f"{name}_index_unreported"]]
        table[(group, "if reported counted")] = [
            "—" if pd.isna(v) else signed(v) for v in reported[f"{name}_index"]]
        table[(group, "reported")] = [
            f"{int(r)} of {int(n)}" for r, n in zip(reported[f"{name}_reported"],
                                                   reported[f"{name}_n"])]
    return pd.DataFrame(table, columns=pd.MultiIndex.from_tuples(list(table)))


def reported_speech_align(summary: pd.DataFrame) -> dict:
    """Right-aligned number columns of :func:`reported_speech_summary` (its
    values are text, so that the minus sign is a real one and zeros keep
    their decimals).

    >>> sorted(reported_speech_align(reported_speech_summary(pd.DataFrame(
    ...     {"article": [], "haftar_n": [], "haftar_reported": [], "haftar_index": [],
    ...      "haftar_index_unreported": []}))).values())
    ['right', 'right', 'right']
    """
    return {column: "right" for column in summary.columns if column[0]}


def comparison_terms(comparison: pd.DataFrame,
                     labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The comparison's words, one row per article: its key terms (display
    form · gloss) and every title Haftar is given, with its judgement.

    >>> comparison_terms(comparison, labels)                # doctest: +SKIP
    """
    labels = labels or {}
    return pd.DataFrame({
        "article": [labels.get(a, a) for a in comparison["article"]],
        "key terms (keyness)": comparison["key_terms"].tolist(),
        "Haftar's titles (against his rank)": comparison["haftar_titles"].tolist(),
    })


def intervals_apart_from_zero(forest: pd.DataFrame) -> str:
    """The intervals of :func:`framing.measure.scores.index_table` that leave
    out 0, as the synthesis narrative names them ("" when every interval
    includes 0: no difference from a neutral article is certain).

    >>> forest = pd.DataFrame({"article": ["001_x", "002_y"],
    ...                        "index": ["adversaries_index", "haftar_index"],
    ...                        "value": [0.9, 0.1], "low": [0.04, -0.5], "high": [1.0, 0.6],
    ...                        "n": [5, 20]})
    >>> intervals_apart_from_zero(forest)
    "001's `adversaries_index`, [+0.04, +1.00] on 5 mentions"
    >>> intervals_apart_from_zero(forest.iloc[1:])
    ''
    >>> intervals_apart_from_zero(forest.assign(low=[-0.9, -0.5], high=[-0.2, 0.6]))
    "001's `adversaries_index`, [−0.90, −0.20] on 5 mentions"
    """
    apart = forest[(forest["low"] > 0) | (forest["high"] < 0)]
    return "; ".join(f"{r.article[:3]}'s `{r.index}`, [{signed(r.low)}, {signed(r.high)}] on "
                     f"{int(r.n)} mentions" for r in apart.itertuples(index=False))
