"""Notebook tables read right in every renderer: JupyterLab's sanitizer, nbconvert, a browser.

JupyterLab renders the HTML of an untrusted notebook (every notebook opened
from a clone) through its sanitizer, which keeps only the tags, attributes and
CSS values of its allow-list. `unicode-bidi: plaintext` and `text-align: start`
are not on it, so the tables carry their direction in `dir` attributes and
`<bdi>` elements, which are. The allow-list below is JupyterLab's
(`packages/apputils/src/sanitizer.ts`, as shipped in the locked JupyterLab 4.6:
`share/jupyter/lab/static/jlab_core.*.js`), cut down to what a table can use.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from framing.report.kwic import RTLTable, cell_text, first_strong_direction, kwic_table

# Tags JupyterLab's sanitizer keeps (its allowedTags, the ones a table could use).
ALLOWED_TAGS = {"a", "abbr", "b", "bdi", "bdo", "br", "caption", "code", "col", "colgroup",
                "div", "em", "i", "img", "mark", "p", "small", "span", "strong", "sub", "sup",
                "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u"}
# Attributes allowed on every tag, then per tag (allowedAttributes).
ALLOWED_ANY = {"class", "data-jupyter-id", "dir", "draggable", "hidden", "id", "inert",
               "itemprop", "itemref", "itemscope", "lang", "spellcheck", "style", "title",
               "translate"}
ALLOWED_BY_TAG = {
    "bdo": {"dir"},
    "img": {"align", "alt", "border", "height", "hspace", "ismap", "src", "usemap", "vspace",
            "width"},
    "table": {"align", "bgcolor", "border", "cellpadding", "cellspacing", "frame", "rules",
              "summary", "width"},
    "td": {"abbr", "align", "axis", "bgcolor", "char", "charoff", "colspan", "headers",
           "height", "nowrap", "rowspan", "scope", "valign", "width"},
    "th": {"abbr", "align", "axis", "bgcolor", "char", "charoff", "colspan", "headers",
           "height", "nowrap", "rowspan", "scope", "valign", "width"},
    "tr": {"align", "bgcolor", "char", "charoff", "valign"},
    "p": {"align"},
    "div": {"align"},
}
# allowedStyles: a declaration survives only when its whole value matches.
_FAMILY = r"""("[^"]*"|'[^']*'|[A-Za-z][\w-]*(\s+[A-Za-z][\w-]*)*)"""
ALLOWED_STYLES = {
    "text-align": r"left|right|center|justify",
    "direction": r"ltr|rtl",
    "unicode-bidi": r"normal|embed|bidi-override",
    "white-space": r"normal|pre|nowrap|pre-wrap|pre-line",
    "font-family": rf"{_FAMILY}(,\s*{_FAMILY})*",
    "font-weight": r"normal|bold|bolder|lighter|[1-9]00",
    "border-collapse": r"collapse|separate",
}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def elements(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Collect()
    parser.feed(markup)
    return parser.elements


def sanitizer_losses(markup: str) -> list[str]:
    """What JupyterLab's sanitizer would remove from ``markup`` (empty: nothing)."""
    lost = []
    for tag, attrs in elements(markup):
        if tag not in ALLOWED_TAGS:
            lost.append(f"<{tag}>")
            continue
        for name, value in attrs.items():
            if name not in ALLOWED_ANY | ALLOWED_BY_TAG.get(tag, set()):
                lost.append(f"<{tag} {name}>")
            if name == "style":
                for declaration in filter(None, (d.strip() for d in value.split(";"))):
                    prop, _, val = (x.strip() for x in declaration.partition(":"))
                    pattern = ALLOWED_STYLES.get(prop)
                    if pattern is None or not re.fullmatch(pattern, val, re.I):
                        lost.append(f"<{tag} style={declaration}>")
    return lost


@pytest.fixture(scope="module")
def seed_tables():
    """The tables the notebooks show, on the seeds: KWIC, the comparison, a mixed cell."""
    from framing.measure.mentions import load_lexicons, measure
    from framing.report.kwic import kwic
    from framing.text.corpus import load_corpus

    articles = load_corpus()
    mentions = measure(articles, load_lexicons())[0]
    rows = kwic(mentions, articles, "distanced")
    mixed = pd.DataFrame({
        "article": ["003_85cb57c747125343", "000_90b4f03916497734"],
        "date": ["2019-07-15", "2014-05-20"],
        "tokens": [439, 590],
        "share": [0.545455, float("nan")],
        "index": [pd.NA, -0.428571],
        "key_terms": ["السراج · (Fayez) al-Sarraj (head of the GNA)، طرابلس · Tripoli",
                      "الحكومة · the government"],
        "note": ["an English note", None],
    })
    return {"kwic": kwic_table(rows)._repr_html_(), "mixed": RTLTable(mixed)._repr_html_()}


@pytest.mark.parametrize("name", ["kwic", "mixed"])
def test_no_css_the_sanitizer_drops(seed_tables, name):
    markup = seed_tables[name]
    assert "unicode-bidi" not in markup
    assert not re.search(r"text-align:\s*start", markup)
    assert sanitizer_losses(markup) == []


def test_the_allow_list_catches_what_lab_drops():
    old = ('<table><tr><td style="unicode-bidi:plaintext;text-align:start">x</td>'
           '<td data-voice="quoted">y</td></tr></table><script>1</script>')
    assert sanitizer_losses(old) == ["<td style=unicode-bidi:plaintext>",
                                     "<td style=text-align:start>", "<td data-voice>",
                                     "<script>"]


def _cells(markup: str) -> list[tuple[str, dict[str, str], str]]:
    return [(m.group(1), dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(2) or "")),
             html.unescape(re.sub("<[^>]+>", "", m.group(3))))
            for m in re.finditer(r"<(td|th)(\s[^>]*)?>(.*?)</\1>", markup, re.S)]


@pytest.mark.parametrize("name", ["kwic", "mixed"])
def test_every_arabic_cell_is_rtl_and_every_other_ltr(seed_tables, name):
    cells = _cells(seed_tables[name])
    assert cells
    for tag, attrs, text in cells:
        expected = first_strong_direction(text) or "ltr"
        assert attrs["dir"] == expected, (tag, text)
        if name == "mixed" and tag == "td" and text:  # no column alignment imposed here
            align = "right" if expected == "rtl" or re.fullmatch(r"-?[\d.]*", text) else "left"
            assert f"text-align:{align}" in attrs["style"], (text, attrs)


def test_mixed_cells_isolate_each_piece_and_missing_values_are_empty(seed_tables):
    markup = seed_tables["mixed"]
    assert ('<bdi dir="rtl">السراج</bdi> · <bdi dir="ltr">(Fayez) al-Sarraj (head of the GNA)'
            '</bdi>، <bdi dir="rtl">طرابلس</bdi>') in markup
    texts = [t for _, _, t in _cells(markup)]
    assert "<NA>" not in markup and "&lt;NA&gt;" not in markup and "nan" not in texts
    assert "0.545" in texts and "-0.429" in texts and "0.545455" not in texts
    assert "<th" in markup and ">0</td>" not in markup.split("</tr>")[1][:40]  # no index column
    header = [t for tag, _, t in _cells(markup) if tag == "th"]
    assert header == ["article", "date", "tokens", "share", "index", "key terms", "note"]


def test_kwic_is_laid_out_around_the_keyword(seed_tables):
    markup = seed_tables["kwic"]
    header = [t for tag, _, t in _cells(markup) if tag == "th"]
    assert header[:3] == ["before", "match", "after"] and "kind" in header
    assert "left" not in header and "right" not in header
    assert markup.startswith('<table class="framing-rtl" dir="rtl"')  # "before" on the right
    first_row = _cells(markup.split("<tbody>")[1])[:3]
    assert [a["style"].split(";")[0] for _, a, _ in first_row] == [
        "text-align:left", "text-align:center", "text-align:right"]


def test_numbers_are_rounded_to_three_significant_digits():
    assert [cell_text(v) for v in (18.6441, 4.55581, 0.173913, 2.0, 100.25)] == [
        "18.6", "4.56", "0.174", "2", "100"]


def test_english_prose_quoting_arabic_is_left_to_the_bidi_algorithm():
    markup = RTLTable(pd.DataFrame({"rationale": ["groups (المتطرفين، بالمتطرفين)"]}))._repr_html_()
    assert "<bdi" not in markup and 'dir="ltr"' in markup


def test_long_headers_read_as_words_and_wrap():
    frame = pd.DataFrame({"islamists_index_unreported": [0.5], "n": [3]})
    markup = RTLTable(frame)._repr_html_()
    heads = [(attrs.get("style", ""), text) for tag, attrs, text in _cells(markup) if tag == "th"]
    assert heads[0] == ("text-align:right", "islamists index unreported")  # may wrap
    assert heads[1] == ("text-align:right;white-space:nowrap", "n")
    assert sanitizer_losses(markup) == []


def test_two_level_columns_get_a_group_row():
    columns = pd.MultiIndex.from_tuples([("", "article"), ("Haftar index", "as measured"),
                                         ("Haftar index", "n")])
    frame = pd.DataFrame([["000 · 2014-05", 0.05, 37]], columns=columns)
    markup = RTLTable(frame)._repr_html_()
    rows = markup.split("</thead>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert 'rowspan="2"' in rows[0] and ">article</th>" in rows[0]
    assert 'colspan="2"' in rows[0] and ">Haftar index</th>" in rows[0]
    assert ">as measured</th>" in rows[1] and ">n</th>" in rows[1] and "article" not in rows[1]
    assert sanitizer_losses(markup) == []
