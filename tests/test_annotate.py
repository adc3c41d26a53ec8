"""The annotated page: every row of `framing mentions` marked once, in place, offline."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.measure.mentions import load_lexicons
from framing.report.annotate import (
    CODED_COLUMNS,
    DATA_FIELDS,
    AnnotatedArticle,
    annotate,
    coded_template,
    marked_article,
    nested_pieces,
)
from framing.text.corpus import load_corpus
from cli_runner import run


class Marks(HTMLParser):
    """Collects each mark's attributes and the text inside it, and the text with tags removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict] = []
        self.marks: list[dict] = []
        self.in_article = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.in_article:
            self.in_article += 1
        elif tag == "div" and attrs.get("class") == "article":
            self.in_article = 1
        if tag == "mark":
            mark = {**attrs, "text": ""}
            self.open.append(mark)
            self.marks.append(mark)

    def handle_endtag(self, tag):
        if self.in_article:
            self.in_article -= 1
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for mark in self.open:
            mark["text"] += data
        if self.in_article:
            self.text.append(data)


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    return parser


def by_mention(marks: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for mark in marks:
        grouped.setdefault(int(mark["data-mention"]), []).append(mark)
    return grouped


def cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def assert_page_matches(page: str, text: str, rows: pd.DataFrame) -> None:
    """One mention index per row, its fields in data-*, its words inside, the text intact."""
    parsed = parse(page)
    assert "".join(parsed.text) == text
    grouped = by_mention(parsed.marks)
    assert sorted(grouped) == list(range(len(rows)))
    for index, row in enumerate(rows.to_dict("records")):
        pieces = grouped[index]
        assert [p["data-fragment"] for p in pieces] == [str(i) for i in range(len(pieces))]
        assert "".join(p["text"] for p in pieces) == text[int(row["start"]):int(row["end"])]
        for name, column in DATA_FIELDS.items():
            assert pieces[0][f"data-{name}"] == cell(row.get(column)), (index, name)


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(), load_lexicons()


@pytest.fixture(scope="module")
def views(seeds):
    articles, lexicons = seeds
    return annotate(articles, lexicons, resamples=200)


def test_pieces_nest_and_cover_each_span():
    assert nested_pieces([(0, 4), (2, 6), (3, 5)]) == [
        (0, 0, 4, 0), (1, 2, 4, 0), (2, 3, 4, 0), (1, 4, 6, 1), (2, 4, 5, 1)]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=12))
def test_pieces_are_nested_or_disjoint_and_add_up_to_their_span(raw):
    spans = [(start, start + length) for start, length in raw]
    pieces = nested_pieces(spans)
    for a in pieces:
        for b in pieces:
            if a is b:
                continue
            disjoint = a[2] <= b[1] or b[2] <= a[1]
            nested = (a[1] <= b[1] and b[2] <= a[2]) or (b[1] <= a[1] and a[2] <= b[2])
            assert disjoint or nested, (a, b)
    for index, (start, end) in enumerate(spans):
        mine = [p for p in pieces if p[0] == index]
        assert [p[3] for p in mine] == list(range(len(mine)))
        assert mine[0][1] == start and mine[-1][2] == end
        assert all(x[2] == y[1] for x, y in zip(mine, mine[1:]))


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 6)), max_size=8))
def test_marked_text_gives_the_text_back_and_one_index_per_span(raw):
    text = "ab<c>&d \"e' f\ngh ijkl mnop qrst uvw"
    spans = [(start, min(start + length, len(text))) for start, length in raw]
    rows = pd.DataFrame({"start": [s for s, _ in spans], "end": [e for _, e in spans],
                         "kind": "frame", "voice": "quoted", "family": "terrorism"})
    parsed = parse(f'<div class="article">{marked_article(text, rows)}</div>')
    assert "".join(parsed.text) == text
    grouped = by_mention(parsed.marks)
    assert sorted(grouped) == list(range(len(spans)))
    for index, (start, end) in enumerate(spans):
        assert "".join(p["text"] for p in grouped[index]) == text[start:end]


def test_cli_pages_match_framing_mentions_row_for_row(tmp_path, seeds):
    articles, _ = seeds
    code, _, err = run("annotate", "seeds", "--output", str(tmp_path / "pages"))
    assert code == 0, err
    code, _, err = run("mentions", "seeds", "-o", str(tmp_path / "mentions.csv"))
    assert code == 0, err
    table = pd.read_csv(tmp_path / "mentions.csv", dtype=str, keep_default_na=False)
    names = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert names == sorted([f"{a.id}.html" for a in articles] + ["index.html"])
    index = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    for article in articles:
        assert f'href="{article.id}.html"' in index
        page = (tmp_path / "pages" / f"{article.id}.html").read_text(encoding="utf-8")
        assert page.startswith('<!DOCTYPE html>\n<html dir="rtl" lang="ar">')
        rows = table[table["article"] == article.id].reset_index(drop=True)
        assert len(rows) > 0
        assert_page_matches(page, article.text, rows)


def test_overlapping_mentions_are_nested(views):
    # 004 has an actor name inside a longer frame phrase and pairs on the same words.
    view = next(v for v in views if v.article_id.startswith("004_"))
    marks = parse(view.page()).marks
    spans = view.mentions[["start", "end"]]
    assert spans.duplicated().any()
    assert len(marks) == len(view.mentions)  # the seeds nest: no mention had to be split


def test_the_score_row_heads_the_page(views):
    view = views[4]
    page = view.page()
    assert "Islamists index" in page and "Haftar index" in page
    # Every index of the score row, named by its formula, n counting the neutral names too.
    for name, positive, negative in (("islamists", "T", "R"), ("adversaries", "T", "R"),
                                     ("haftar", "L", "D")):
        label = f"{name.capitalize()} index ({positive} − {negative}) / ({positive} + {negative} + Z)"
        assert label in page
        assert f"n = {int(view.score[f'{name}_n'])}</td>" in page.split(label, 1)[1][:200]
    low, high = view.score["islamists_index_low"], view.score["islamists_index_high"]
    assert f"[{low:+.2f}, {high:+.2f}]".replace("-", "−") in page
    assert html.escape(view.score["haftar_title"]) in page


def test_pages_load_nothing_from_anywhere(views):
    for view in views:
        for page in (view.page(), view.page(coding=True)):
            assert not re.search(r"\b(src|href)=\"(https?:)?//", page)
            assert "@import" not in page and "<link" not in page
            # The one URL a page has is its embedded font, a data: URL.
            assert re.findall(r"url\((?!data:font/ttf;base64,)", page) == []


def embedded_font(page: str):
    """The font a page embeds, as a fontTools TTFont (None when there is none)."""
    import base64

    from fontTools.ttLib import TTFont

    found = re.findall(r"@font-face \{[^}]*src:url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", page)
    assert len(found) <= 1
    return TTFont(io.BytesIO(base64.b64decode(found[0]))) if found else None


def test_pages_embed_a_font_subset_covering_every_arabic_character(views):
    from framing.report.fonts import covered_characters

    for view in views:
        page = view.page()
        font = embedded_font(page)
        assert font is not None
        assert "SIL Open Font License" in page.split("@font-face", 1)[0]  # the OFL notice
        subset = {chr(code) for code in font.getBestCmap()}
        arabic = {ch for ch in view.text if "\u0600" <= ch <= "\u06ff"}
        assert arabic and arabic <= covered_characters()      # the whole font has them all
        assert arabic <= subset                                # and so does the page's subset
        assert not any(ch.isascii() for ch in subset)          # English stays in system fonts
        assert "«" not in subset and "—" not in subset         # so does the punctuation
        assert len(font.getGlyphOrder()) < 1000                # a subset, not the whole font
        assert font["name"].getDebugName(13).startswith("This Font Software is licensed")


def test_the_wasla_alif_and_harakat_are_in_the_subset(seeds):
    from pathlib import Path

    from framing.report.annotate import annotate_pages
    from framing.text.corpus import Article

    _, lexicons = seeds
    text = "قال ٱلمتحدث إنّ الإرهابَ مستمرٌّ ـ وأضاف: «لا»."
    pages = annotate_pages([Article("x", text, Path("x"), {})], lexicons, resamples=10)
    for page in pages.values():                           # the article page and index.html
        subset = {chr(code) for code in embedded_font(page).getBestCmap()}
        assert set("ٱّـٌَ") <= subset


def test_two_builds_of_a_page_are_byte_identical(views):
    from framing.report.fonts import subset_font

    first = views[2].page(coding=True)
    subset_font.cache_clear()
    second = views[2].page(coding=True)
    assert first == second
    size = len(first.encode("utf-8"))
    assert size < 400_000, size  # the subset keeps pages small (the whole font alone is 176 kB)


def test_inline_view_has_no_stylesheet_or_script(views):
    fragment = views[0]._repr_html_()
    assert "<style" not in fragment and "<script" not in fragment
    assert 'dir="rtl"' in fragment and "unicode-bidi" not in fragment
    assert_page_matches(fragment, views[0].text, views[0].mentions)


def test_everything_is_escaped():
    text = 'قال <script>alert("x")</script> الإرهاب & "ما يسمى"'
    start = text.index("الإرهاب")
    rows = pd.DataFrame([{
        "article": "a<b>", "start": start, "end": start + 7, "surface": "الإرهاب",
        "kind": "frame", "category": "terrorism", "family": "terrorism", "voice": "quoted",
        "voice_marker": '"', "reported_by": "قال <i>", "target": None, "target_rule": "none",
        "entry_id": "terrorism.x", "entry": "الإرهاب", "gloss": "terror <&>"}])
    view = AnnotatedArticle("a<b>", text, rows, {"article": "a<b>"}, {"genre": "<i>"})
    page = view.page(coding=True)
    assert "<script>alert" not in page and "<i>" not in page and "a<b>" not in page
    assert_page_matches(page, text, rows)


def test_coding_page_has_the_controls_and_the_columns(views):
    view = views[0]
    page = view.page(coding=True)
    assert page.count('type="radio"') == 4 * len(view.mentions)
    assert 'id="download-csv"' in page and "new Blob(" in page
    assert '"voice_correct", "target_correct", "voice_true", "target_true"' in page
    assert "<script" not in view.page()


def test_coded_template_has_the_validate_columns(views):
    template = coded_template(views[0].mentions)
    assert list(template.columns) == CODED_COLUMNS
    assert len(template) == len(views[0].mentions)
    assert (template[CODED_COLUMNS[8:]] == "").all().all()


def test_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run("annotate", "seeds", "--output", str(blocker / "pages"))
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err


def test_every_mentions_column_is_a_data_attribute():
    from framing.measure.mentions import MENTION_COLUMNS

    assert sorted(DATA_FIELDS.values()) == sorted(MENTION_COLUMNS)


def test_any_article_id_gets_a_page_inside_the_folder(tmp_path, seeds):
    from pathlib import Path

    from framing.report.annotate import annotate_pages, write_pages
    from framing.text.corpus import Article

    _, lexicons = seeds
    text = "وقالت الحكومة إن الإرهاب مستمر."
    articles = [Article(i, text, Path("x"), {}) for i in ("../up", "index", "a/b", "a_b")]
    written = write_pages(annotate_pages(articles, lexicons, resamples=10), tmp_path / "out")
    assert all(path.parent == tmp_path / "out" for path in written)
    assert len({path.name for path in written}) == len(articles) + 1
    assert not (tmp_path / "up.html").exists()


def test_annotate_never_writes_into_a_folder_of_files(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "pages"
    out.mkdir()
    (out / "index.html").write_text("mine", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "framing", "annotate", "--output", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "not an empty folder" in run.stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]  # no staging folder left
