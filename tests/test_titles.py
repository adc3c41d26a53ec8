"""Haftar's titles against his official rank on the article's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import FramingError
from framing.measure.mentions import load_lexicons, measure
from framing.report.titles import official_schedule, titles_against_rank
from framing.text.corpus import Article, load_corpus


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def dated(text: str, date: str, id_: str = "t") -> Article:
    return Article(id=id_, text=text, path=Path(f"{id_}.txt"), metadata={"date_estimate": date})


@pytest.mark.parametrize("text, date, judgement", [
    ("التقى اللواء المتقاعد خليفة حفتر بالسفير.", "2014-05-20", "as official"),
    ("التقى اللواء المتقاعد خليفة حفتر بالسفير.", "2019-04-06", "below official"),
    ("التقى الفريق خليفة حفتر بالسفير.", "2019-04-06", "below official"),
    ("التقى المشير خليفة حفتر بالسفير.", "2019-04-06", "as official"),
    ("التقى المشير خليفة حفتر بالسفير.", "2015-08-18", "above official"),
    ("التقى القائد العام خليفة حفتر بالسفير.", "2015-08-18", "office held"),
    ("التقى القائد العام خليفة حفتر بالسفير.", "2014-05-20", "office not held"),
    ("التقى الجنرال العجوز خليفة حفتر بالسفير.", "2015-08-18", "epithet"),
])
def test_titles_are_judged_against_the_rank_on_that_date(lexicons, text, date, judgement):
    article = dated(text, date)
    mentions, _ = measure([article], lexicons)
    (row,) = titles_against_rank(mentions, [article]).itertuples()
    assert row.judgement == judgement


def test_other_peoples_titles_are_not_haftars(lexicons):
    article = dated("قال المتحدث اللواء أحمد المسماري إن المشير السيسي اتصل.", "2019-04-06")
    mentions, _ = measure([article], lexicons)
    assert titles_against_rank(mentions, [article]).empty


def test_seeds_titles_table(lexicons):
    corpus = load_corpus()
    mentions, _ = measure(corpus, lexicons)
    table = titles_against_rank(mentions, corpus)
    assert set(table.article) == {a.id for a in corpus}
    assert (table.uses > 0).all()


def test_an_undated_article_is_left_out_and_named(lexicons):
    from framing.report.titles import undated_articles

    undated = Article(id="x", text="التقى المشير خليفة حفتر.", path=Path("x.txt"), metadata={})
    dated = Article(id="y", text="التقى المشير خليفة حفتر.", path=Path("y.txt"),
                    metadata={"date": "2019-04-06"})
    mentions, _ = measure([undated, dated], lexicons)
    table = titles_against_rank(mentions, [undated, dated])
    assert table["article"].tolist() == ["y"]
    assert table["judgement"].tolist() == ["as official"]
    assert undated_articles([undated, dated]) == ["x"]

def test_schedule_comes_from_the_lexicon_timeline():
    steps = official_schedule()
    assert [s.rank for s in steps] == [3, 4, 6]
    assert [str(s.start) for s in steps[1:]] == ["2015-03-02", "2016-09-14"]


def test_plot_table_places_unranked_titles_at_no_rank(lexicons):
    from framing.report.titles import NO_RANK, titles_plot_table

    article = dated("قال الرجل القوي خليفة حفتر، ثم التقى المشير خليفة حفتر.", "2019-04-06")
    mentions, _ = measure([article], lexicons)
    table = titles_plot_table(titles_against_rank(mentions, [article]))
    assert sorted(table.title_rank) == [NO_RANK, 6]
