"""KWIC: a view of the mentions table with context; selection by any name a reader knows."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus import Article
from framing.errors import FramingError
from framing.kwic import RTLTable, kwic, kwic_table, kwic_text
from framing.mentions import load_lexicons, measure

TEXT = ("قال البيان إن الحملة على من يصفهم ب«الإرهابيين\" انقلاب.\n"
        "وقصفت ميليشيات حفتر مواقع كتائب الثوار في بنغازي.")
ARTICLE = Article(id="t", text=TEXT, path=None, metadata={})


@pytest.fixture(scope="module")
def table():
    lexicons = load_lexicons()
    return measure([ARTICLE], lexicons)[0], lexicons


def test_any_inflected_form_finds_its_entry(table):
    mentions, lexicons = table
    rows = kwic(mentions, [ARTICLE], "والإرهابيين", lexicons=lexicons)
    assert rows["match"].tolist() == ["ب«الإرهابيين"]
    assert rows["voice"].tolist() == ["distanced"]


def test_selection_by_category_family_voice_and_target(table):
    mentions, _ = table
    assert len(kwic(mentions, [ARTICLE], "revolution")) == 1
    assert set(kwic(mentions, [ARTICLE], "haftar")["target"]) == {"haftar"}
    assert len(kwic(mentions, [ARTICLE], "distanced")) >= 1


def test_context_stays_inside_the_paragraph(table):
    mentions, _ = table
    row = kwic(mentions, [ARTICLE], "militia", window=20).iloc[0]
    assert "انقلاب" not in row["left"]           # previous line
    assert row["right"].startswith("مواقع")


def test_unknown_entry_is_a_one_line_error(table):
    mentions, _ = table
    with pytest.raises(FramingError, match="nothing-here"):
        kwic(mentions, [ARTICLE], "nothing-here")


def test_text_and_html_views(table):
    mentions, _ = table
    rows = kwic(mentions, [ARTICLE], "terrorism")
    line = kwic_text(rows)
    assert line.count("\n") == len(rows) and "\u2067" in line
    html = kwic_table(rows)._repr_html_()
    assert 'dir="rtl"' in html and "unicode-bidi:plaintext" in html
    escaped = RTLTable(pd.DataFrame({"a": ["<b>"]}))._repr_html_()
    assert "&lt;b&gt;" in escaped and 'dir="rtl"' not in escaped


def test_a_query_finds_the_entries_of_every_period():
    lexicons = load_lexicons()
    text = "وقرر البرلمان ذلك."
    articles = [Article("a2014", text, None, {"date": "2014-05-20"}),
                Article("a2019", text, None, {"date": "2019-04-06"})]
    mentions = measure(articles, lexicons)[0]
    rows = kwic(mentions, articles, "للبرلمان", lexicons=lexicons)
    assert rows["article"].tolist() == ["a2014", "a2019"]
    assert rows["category"].tolist() == ["gnc", "house_of_representatives"]
