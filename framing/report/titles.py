"""Haftar's titles against his official rank at the article's date.

Naming is framing: in May 2014 Haftar *was* a retired major general, so
اللواء المتقاعد is then accurate; in 2019 the same words would demote a field
marshal. This module compares each title an article gives Haftar (title
mentions whose target is ``haftar``, from the mentions table) with his official
title on the article's date (metadata ``date``, else ``date_estimate``; the
timeline in ``titles.yaml``):

``as official``        a rank equal to his official rank
``below official``     a rank below it — a framing choice the study reports
``above official``     a rank above it (anachronism or flattery)
``office held``        an office he held on that date (القائد العام from March 2015)
``office not held``    an office he did not yet hold
``epithet``            not a rank (الرجل القوي، الجنرال العجوز): reported, not ranked

Example
-------
>>> from framing.text.corpus import load_corpus                      # doctest: +SKIP
>>> titles_against_rank(mentions, load_corpus())                # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from framing.measure.lexicon import Lexicon, load_titles, official_title
from framing.text.corpus import date_text

TITLE_COLUMNS = [
    "article", "date", "title", "gloss", "title_kind", "title_rank", "uses",
    "official_title", "official_rank", "official_label", "judgement",
]


def _judge(kind: str, rank, official_rank: int, entry_id: str, office: str | None) -> str:
    if kind == "rank" and rank is not None and not pd.isna(rank):
        if rank < official_rank:
            return "below official"
        return "above official" if rank > official_rank else "as official"
    if kind == "office":
        return "office held" if office == entry_id else "office not held"
    return "epithet"


def titles_against_rank(mentions: pd.DataFrame, articles: Iterable,
                        titles: Lexicon | None = None) -> pd.DataFrame:
    """One row per (article, title) given to Haftar, judged against his official rank.

    A title can only be judged against the rank of a date: articles without
    one (:func:`undated_articles`) are left out of the table.
    """
    titles = load_titles() if titles is None else titles
    dates = {a.id: date_text(a.metadata) for a in articles}
    dates = {article_id: date for article_id, date in dates.items() if date}
    own = mentions[(mentions["kind"] == "title") & (mentions["target"] == "haftar")
                   & mentions["article"].isin(list(dates))]
    rows = []
    for (article_id, entry_id), group in own.groupby(["article", "entry_id"], sort=False):
        entry = titles.get(entry_id)
        period = official_title(dates[article_id], titles)
        official = titles.get(period.title)
        rows.append({
            "article": article_id,
            "date": dates[article_id],
            "title": entry.headword,
            "gloss": entry.gloss,
            "title_kind": entry.category,
            "title_rank": entry.rank,
            "uses": len(group),
            "official_title": official.headword,
            "official_rank": official.rank,
            "official_label": official.gloss,
            "judgement": _judge(entry.category, entry.rank, official.rank, entry_id,
                                period.office),
        })
    table = pd.DataFrame(rows, columns=TITLE_COLUMNS)
    table["title_rank"] = table["title_rank"].astype("Int64")
    return table.sort_values(["date", "article", "title"], kind="stable").reset_index(drop=True)


def undated_articles(articles: Iterable) -> list[str]:
    """Ids of the articles with no date, whose titles cannot be judged against a rank."""
    return [a.id for a in articles if not date_text(a.metadata)]


def dating_note(articles: Iterable) -> str:
    """One sentence on how many articles can have their titles judged (for notebooks).

    >>> from framing.text.corpus import Article
    >>> dating_note([Article("a", "…", None, {"date": "2019-04-06"}), Article("b", "…", None, {})])
    '1 of 2 articles has no date; its titles are not judged against a rank: b.'
    """
    articles = list(articles)
    undated = undated_articles(articles)
    if not undated:
        return f"All {len(articles):,} articles are dated."
    verb, pronoun = ("has", "its") if len(undated) == 1 else ("have", "their")
    shown = ", ".join(undated[:10]) + (", …" if len(undated) > 10 else "")
    return (f"{len(undated):,} of {len(articles):,} articles {verb} no date; {pronoun} titles "
            f"are not judged against a rank: {shown}.")


@dataclass(frozen=True, slots=True)
class RankPeriod:
    """Haftar's official rank from ``start`` until the next period begins.

    ``label``/``label_ar`` name the rank (y axis); ``note``/``note_ar`` say
    what else changed on ``start`` (written at the step).
    """

    start: date
    rank: int
    label: str
    label_ar: str
    note: str = ""
    note_ar: str = ""


def official_schedule(titles: Lexicon | None = None):
    """Haftar's official ranks as :class:`RankPeriod` steps (for the figure).

    Built from the titles lexicon's timeline, so the figure and the table use
    one source of truth.
    """
    titles = load_titles() if titles is None else titles
    steps = []
    for i, period in enumerate(titles.timeline):
        rank = titles.get(period.title)
        office = titles.get(period.office) if period.office else None
        previous = titles.timeline[i - 1].office if i else None
        new_office = office if office is not None and period.office != previous else None
        start = period.start or pd.Timestamp("2014-01-01").date()
        steps.append(RankPeriod(
            start, int(rank.rank), rank.gloss, rank.headword,
            note=f"and {new_office.gloss}" if new_office else "",
            note_ar=new_office.headword if new_office else "",
        ))
    return tuple(steps)


#: Where epithets and offices (titles without a rank) sit in the titles figure.
NO_RANK = 0
NO_RANK_LABEL = "no rank: epithet or office"


def titles_plot_table(titles: pd.DataFrame) -> pd.DataFrame:
    """The titles table ready for :func:`framing.report.plotting.titles_vs_rank`.

    Titles without a rank (epithets, offices) are placed at :data:`NO_RANK`,
    so the figure shows them too (label them with ``rank_labels={NO_RANK:
    NO_RANK_LABEL}``).
    """
    return titles.assign(title_rank=titles["title_rank"].fillna(NO_RANK).astype(int))
