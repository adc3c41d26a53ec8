"""KWIC: a view of the mentions table with context; selection by any name a reader knows."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.measure.mentions import load_lexicons, measure
from framing.report.kwic import (
    RTLTable,
    display_width,
    kwic,
    kwic_table,
    kwic_text,
    mentions_summary,
)
from framing.text.corpus import Article

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
    line = kwic_text(rows, terminal=True, width=100)
    assert line.count("\n") == len(rows) and "\u2067" in line
    assert kwic_text(rows).count("\n") == len(rows)
    html = kwic_table(rows)._repr_html_()
    assert '<table class="framing-rtl" dir="rtl"' in html
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


DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.fixture(scope="module")
def seed_rows():
    from framing.text.corpus import load_corpus

    articles = load_corpus()
    lexicons = load_lexicons()
    mentions = measure(articles, lexicons)[0]
    return kwic(mentions, articles, "terrorism"), mentions


@pytest.mark.parametrize("width", [80, 120, 200])
def test_terminal_kwic_is_aligned_on_the_keyword_within_the_width(seed_rows, width):
    rows, _ = seed_rows
    lines = kwic_text(rows, terminal=True, width=width).splitlines()
    assert len(lines) == len(rows)
    centres = set()
    for line, row in zip(lines, rows.itertuples()):
        assert display_width(line) <= width, line
        if row.match in (row.left.strip(), row.right.strip()):
            continue  # the keyword cell could not be told from a context cell
        (cell,) = [m for m in re.finditer("\u2067([^\u2069]*)\u2069", line)
                   if m.group(1) == row.match]
        centres.add(display_width(line[: cell.start()]) + display_width(row.match) // 2)
    assert max(centres) - min(centres) <= 1, centres


def test_a_pipe_gets_no_direction_marks_and_a_kind_column(seed_rows):
    rows, _ = seed_rows
    text = kwic_text(rows)
    assert not set(text) & set(DIRECTION_MARKS)
    first = text.splitlines()[0].split("\t")
    assert first[0] == f"{rows['article'].iloc[0]}:{rows['start'].iloc[0]}"
    assert first[1] == "frame" and first[2] == rows["category"].iloc[0]


def test_visual_kwic_is_reordered_without_marks(seed_rows):
    rows, _ = seed_rows
    text = kwic_text(rows.head(3), terminal=True, visual=True, width=120)
    assert not set(text) & set(DIRECTION_MARKS)
    assert rows["match"].iloc[0][::-1] in text or rows["match"].iloc[0] not in text


def test_mentions_summary_counts_every_row(seed_rows):
    _, mentions = seed_rows
    summary = mentions_summary(mentions)
    assert summary.startswith(f"{len(mentions)} mentions in 5 articles")
    for article in mentions["article"].unique():
        assert article in summary
    assert "framing mentions … -o FILE" in summary


def test_a_long_table_is_cut_in_text_as_in_html():
    import pandas as pd

    from framing.report.kwic import RTLTable

    table = RTLTable(pd.DataFrame({"article": [f"a{k}" for k in range(500)]}), max_rows=10)
    text = repr(table)
    assert len(text.splitlines()) == 12 and text.endswith("… 490 more rows")
    assert "a9" in text and "a10" not in text
    wide = RTLTable(pd.DataFrame([range(100)], columns=[f"c{k}" for k in range(100)]),
                    max_columns=5)
    assert "c4" in wide._repr_html_() and "c5" not in wide._repr_html_()
    assert wide._repr_html_().endswith("… 95 more columns</p>")


def test_a_refused_label_says_so_in_the_line_head():
    # ما يسمى refuses the label: the line head shows refused→target, not distanced→target
    import pandas as pd

    from framing.report.kwic import _meta

    rows = pd.DataFrame({"article": ["a_1"], "start": [5], "kind": ["frame"],
                         "category": ["revolution"], "voice": ["distanced"],
                         "target": ["islamist_brigades"], "refused": [True]})
    assert _meta(rows, short=True)[0][3] == "refused→islamist_brigades"
    assert _meta(rows.assign(refused=False), short=True)[0][3] == "distanced→islamist_brigades"


def test_the_kwic_rows_carry_the_refused_flag_to_the_line_head():
    # through the whole path: the mentions table's refused column reaches the printed line
    article = Article(id="r", text="وقصفت الطائرات ما يسمى بالثوار في المدينة.", path=None,
                      metadata={})
    mentions = measure([article], load_lexicons())[0]
    assert mentions["refused"].any()
    rows = kwic(mentions, [article], "revolution")
    assert rows["refused"].tolist() == [True]
    assert "\trefused→" in kwic_text(rows) and "refused→" in kwic_text(rows, terminal=True,
                                                                         width=100)
