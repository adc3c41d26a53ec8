"""The annotated article: every mention marked in place, one offline HTML page per article.

A view of the mention records (:func:`framing.measure.mentions.measure`) and of the
score row drawn from them (:func:`framing.measure.scores.score_articles`), nothing
else: the text is never re-read. Each mention row becomes one ``<mark>``
element carrying its fields as ``data-*`` attributes, so the page and
``framing mentions`` agree row for row. Overlapping mentions (an actor name
inside a frame phrase, a title on the same words as a frame term) are nested;
a mention that only partly overlaps another is split into fragments that share
its ``data-mention`` index.

Colour says the family (frames: a background; actors and titles: an
underline), the line style says the voice (authorial solid, quoted dotted,
distanced dashed). Styles are inline attributes, not a stylesheet, so the same
markup keeps its look inside a JupyterLab output, whose sanitizer drops
``<style>``; direction comes from ``dir`` attributes and ``<bdi>``, which the
sanitizer keeps (it drops ``unicode-bidi`` and ``text-align: start``).

The coding mode adds, per mention, right/wrong controls for its voice and its
target with an optional corrected value, and a button that downloads the
codes as CSV (:data:`CODED_COLUMNS`) for ``framing validate --mentions``.

Example
-------
>>> from framing.text.corpus import load_corpus
>>> from framing.measure.mentions import load_lexicons
>>> pages = annotate_pages(load_corpus(), load_lexicons())   # doctest: +SKIP
>>> sorted(pages)[:2]                                         # doctest: +SKIP
['000_90b4f03916497734.html', '001_27e1f201ff86f8ca.html']
"""

from __future__ import annotations

import hashlib
import heapq
import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.errors import FramingError
from framing.measure.schema import DEFAULT_RESAMPLES, DEFAULT_SEED, INDICES, VOICES, is_refused

#: ``data-*`` attribute → mentions-table column, on every marked element: all
#: the columns of :data:`framing.measure.mentions.MENTION_COLUMNS` (``target_rule`` as
#: ``data-rule``), so a page can be checked against the table cell by cell.
DATA_FIELDS = {
    "article": "article", "sentence": "sentence", "paragraph": "paragraph",
    "clause": "clause", "start": "start", "end": "end", "token-start": "token_start",
    "token-end": "token_end", "surface": "surface", "entry": "entry", "entry-id": "entry_id",
    "gloss": "gloss", "kind": "kind", "category": "category", "family": "family",
    "refers-to": "refers_to", "voice": "voice", "voice-marker": "voice_marker",
    "refused": "refused", "reported-by": "reported_by", "target": "target", "rule": "target_rule",
    "opposed": "opposed", "title-rank": "title_rank",
}
#: The columns of a coded CSV (the coding mode's download, what ``framing
#: validate --mentions`` reads): the mention's key and measured values, then
#: the coder's verdicts (1 right, 0 wrong, blank not coded) and corrected
#: values (blank: none given; target ``none``: the tool linked an actor but
#: the mention characterises none). A correction never contradicts its verdict.
CODED_COLUMNS = ["article", "start", "end", "entry_id", "kind", "voice", "target", "target_rule",
                 "voice_correct", "target_correct", "voice_true", "target_true"]
#: The value of ``target_true`` that says "no actor is meant".
NO_TARGET = "none"

# Two shades per family: a light one for a frame's background, a dark one for
# lines (borders, underlines). Chosen to stay apart for the common colour
# blindnesses (blue / orange / green / purple rather than red against green).
FAMILY_COLOURS = {
    "terrorism": ("#f6c9b3", "#b3400c"),
    "revolution": ("#c9e9c4", "#2c7a2c"),
    "legitimising": ("#c6dbf3", "#1f5fa8"),
    "delegitimising": ("#e6d0ee", "#7b3294"),
    "haftar": ("#dcdcf4", "#2b2b99"),
    "islamists": ("#d8eed0", "#3d7d1a"),
    "title": ("#f3e3b5", "#8a6500"),
    "other": ("#e4e4e4", "#6b6b6b"),
}
_DEFAULT_COLOURS = ("#eeeeee", "#555555")
VOICE_LINES = {"authorial": "solid", "quoted": "dotted", "distanced": "dashed"}
# The embedded subset (framing.report.fonts.FAMILY) comes first; inline views in a
# notebook have no <style> to embed it in, so there the reader's own copies apply.
FONT_STACK = "'Noto Naskh Arabic', 'Amiri', 'Scheherazade New', 'DejaVu Sans', serif"


# ---------------------------------------------------------------- overlap


def nested_pieces(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cut spans into pieces that nest or are disjoint, in document order.

    Returns ``(index, start, end, fragment)`` tuples, ``index`` the span's
    position in ``spans`` and ``fragment`` 0 for its first piece. Spans that
    start together open longest first (ties: in the given order), so a span is
    only cut when it runs past the end of one that encloses its start — HTML
    elements cannot cross.

    >>> nested_pieces([(0, 5), (0, 5), (2, 3)])
    [(0, 0, 5, 0), (1, 0, 5, 0), (2, 2, 3, 0)]
    >>> nested_pieces([(0, 4), (2, 6)])
    [(0, 0, 4, 0), (1, 2, 4, 0), (1, 4, 6, 1)]
    """
    queue = [(start, -end, index, 0) for index, (start, end) in enumerate(spans) if end > start]
    heapq.heapify(queue)
    open_ends: list[int] = []
    pieces = []
    while queue:
        start, neg_end, index, fragment = heapq.heappop(queue)
        end = -neg_end
        while open_ends and open_ends[-1] <= start:
            open_ends.pop()
        if open_ends and open_ends[-1] < end:
            # Runs past its enclosing piece: stop there, go on after it.
            cut = open_ends[-1]
            heapq.heappush(queue, (cut, neg_end, index, fragment + 1))
            end = cut
        pieces.append((index, start, end, fragment))
        open_ends.append(end)
    return pieces


def marked_text(text: str, pieces: Sequence[tuple[int, int, int, int]], open_tag,
                close_tag: str = "</mark>") -> str:
    """``text`` escaped, with ``open_tag(index, fragment)`` … ``close_tag``
    around each piece of :func:`nested_pieces`.

    >>> marked_text("a<b c", [(0, 0, 3, 0)], lambda i, f: f"<m{i}>", "</m>")
    '<m0>a&lt;b</m> c'
    """
    parts: list[str] = []
    position = 0
    open_ends: list[int] = []

    def close_until(limit: int) -> None:
        nonlocal position
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            parts.append(html.escape(text[position:end]) + close_tag)
            position = end

    for index, start, end, fragment in pieces:
        close_until(start)
        parts.append(html.escape(text[position:start]) + open_tag(index, fragment))
        position = start
        open_ends.append(end)
    close_until(len(text))
    parts.append(html.escape(text[position:]))
    return "".join(parts)


# ---------------------------------------------------------------- one mention


def _value(value) -> str:
    """A table cell as text: missing values (NaN, None, <NA>) are empty, whole
    floats (an offset in a column with gaps) are written as integers.

    >>> [_value(v) for v in (None, float("nan"), 1042.0, 0.5, "x")]
    ['', '', '1042', '0.5', 'x']
    """
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def mark_style(kind: str, family: str, voice: str) -> str:
    """The inline CSS of a marked mention: colour by family, line by voice.

    Frames get their family's background and a thick line under it; actors
    and titles a thinner line only, so an actor name nested in a frame phrase
    stays visible inside it.

    >>> mark_style("frame", "terrorism", "quoted")
    'background-color:#f6c9b3;color:inherit;border-bottom:3px dotted #b3400c;padding:0 1px 3px'
    >>> mark_style("actor", "haftar", "authorial")
    'background-color:transparent;color:inherit;border-bottom:2px solid #2b2b99;padding:0'
    """
    light, dark = FAMILY_COLOURS.get(family, _DEFAULT_COLOURS)
    line = VOICE_LINES.get(voice, "solid")
    if kind == "frame":
        return (f"background-color:{light};color:inherit;border-bottom:3px {line} {dark};"
                "padding:0 1px 3px")
    return f"background-color:transparent;color:inherit;border-bottom:2px {line} {dark};padding:0"


def mark_title(row: Mapping) -> str:
    """The hover text of a mention: what it is, whose voice, whom it is about, by which rule.

    >>> mark_title({"kind": "frame", "category": "militia", "family": "terrorism",
    ...             "gloss": "militias", "voice": "authorial", "voice_marker": "",
    ...             "reported_by": "", "target": "islamist_brigades",
    ...             "target_rule": "nearest", "opposed": ""})
    'frame · militia (terrorism) — militias\\nvoice: authorial\\ntarget: islamist_brigades (rule: nearest)'
    """
    lines = [f"{_value(row.get('kind'))} · {_value(row.get('category'))} "
             f"({_value(row.get('family'))}) — {_value(row.get('gloss'))}"]
    voice = f"voice: {_value(row.get('voice'))}"
    if _value(row.get("voice_marker")):
        voice += f" (marker: {_value(row.get('voice_marker'))})"
    if is_refused(row.get("refused")):
        voice += " — the label is refused: it counts at the opposite pole"
    lines.append(voice)
    if _value(row.get("reported_by")):
        lines.append(f"reported speech: {_value(row.get('reported_by'))}")
    target = _value(row.get("target")) or "no target"
    lines.append(f"target: {target} (rule: {_value(row.get('target_rule'))})")
    if _value(row.get("opposed")):
        lines.append(f"opposition cue: {_value(row.get('opposed'))}")
    return "\n".join(lines)


def mark_open_tag(index: int, fragment: int, row: Mapping) -> str:
    """The opening ``<mark>`` of one piece of mention ``index`` (its row of the table).

    Every piece carries the mention's fields; the first also its ``id`` (the
    side list links to it).

    >>> mark_open_tag(3, 1, {"kind": "actor", "family": "haftar", "voice": "quoted"})[:60]
    '<mark class="m" data-mention="3" data-fragment="1" data-arti'
    """
    attributes = [f'class="m" data-mention="{index}" data-fragment="{fragment}"']
    for name, column in DATA_FIELDS.items():
        attributes.append(f'data-{name}="{html.escape(_value(row.get(column)))}"')
    if fragment == 0:
        attributes.insert(0, f'id="m{index}"')
    style = mark_style(_value(row.get("kind")), _value(row.get("family")),
                       _value(row.get("voice")))
    attributes.append(f'style="{style}" title="{html.escape(mark_title(row))}"')
    return "<mark " + " ".join(attributes) + ">"


def marked_article(text: str, mentions: pd.DataFrame) -> str:
    """The article's text as HTML with every row of ``mentions`` (one article's,
    in table order) marked in place; removing the tags gives ``text`` back.

    >>> table = pd.DataFrame({"start": [0], "end": [3], "kind": ["frame"]})
    >>> marked_article("abc d", table).endswith("abc</mark> d")
    True
    """
    rows = mentions.to_dict("records")
    spans = [(int(r["start"]), int(r["end"])) for r in rows]
    return marked_text(text, nested_pieces(spans),
                       lambda index, fragment: mark_open_tag(index, fragment, rows[index]))


# ---------------------------------------------------------------- the score row


def format_index(value: float, low: float, high: float, n: int) -> str:
    """An index with its interval and the mentions behind it, for a reader.

    >>> format_index(0.5, -0.2, 1.0, 6)
    '+0.50 [−0.20, +1.00], n = 6'
    >>> format_index(float("nan"), float("nan"), float("nan"), 0)
    '— (no mention counted)'
    """
    if value != value:
        return "— (no mention counted)"

    def signed(x: float) -> str:
        return f"{x:+.2f}".replace("-", "−")

    interval = f"[{signed(low)}, {signed(high)}]" if low == low else "[—]"
    return f"{signed(value)} {interval}, n = {n}"


def index_label(name: str) -> str:
    """How the page names an index of :data:`framing.measure.schema.INDICES`: its
    formula, so that a reader sees neutral names (Z) count in the denominator.

    >>> index_label("haftar")
    'Haftar index (L − D) / (L + D + Z)'
    """
    positive, negative = next((p, n) for i, p, n in INDICES if i == name)
    return (f"{name.capitalize()} index ({positive} − {negative}) / "
            f"({positive} + {negative} + Z)")


def _count(score: Mapping, name: str) -> int:
    value = score.get(name, 0)
    return 0 if value is None or value != value else int(value)


def index_text(score: Mapping, name: str) -> str:
    """One index of a score row as :func:`format_index` writes it ("" if
    absent); n is the index's ``_n``, every mention it counts (P + N + Z).

    >>> index_text({"haftar_index": -0.5, "haftar_index_low": -1.0,
    ...     "haftar_index_high": 0.2, "haftar_L": 0, "haftar_D": 3, "haftar_Z": 3,
    ...     "haftar_n": 6}, "haftar")
    '−0.50 [−1.00, +0.20], n = 6'
    """
    if f"{name}_index" not in score:
        return ""
    positive, negative = next((p, n) for i, p, n in INDICES if i == name)
    if f"{name}_n" in score:
        n = _count(score, f"{name}_n")
    else:  # a score row from before the neutral count
        n = sum(_count(score, f"{name}_{part}") for part in (positive, negative, "Z"))
    return format_index(float(score[f"{name}_index"]), float(score[f"{name}_index_low"]),
                        float(score[f"{name}_index_high"]), n)


def score_rows(score: Mapping) -> list[tuple[str, str]]:
    """The score row as (label, value) pairs for the head of the page.

    >>> dict(score_rows({"tokens": 10, "sentences": 2, "islamists_index": 1.0,
    ...     "islamists_index_low": 1.0, "islamists_index_high": 1.0, "islamists_T": 2,
    ...     "islamists_R": 0, "islamists_n": 2}))["Islamists index (T − R) / (T + R + Z)"]
    '+1.00 [+1.00, +1.00], n = 2'
    """
    get = _count
    rows = [("tokens · sentences", f"{get(score, 'tokens')} · {get(score, 'sentences')}")]
    rows += [(index_label(name), index_text(score, name)) for name, _, _ in INDICES
             if f"{name}_index" in score]
    for family in ("terrorism", "revolution"):
        if family in score:
            voices = " · ".join(f"{get(score, f'{family}_{v}')} {v}" for v in VOICES)
            rows.append((f"{family} mentions", f"{get(score, family)} ({voices})"))
    for family in ("legitimising", "delegitimising", "jihadists_terrorism"):
        if family in score:
            rows.append((f"{family.replace('_', ' ')} mentions", str(get(score, family))))
    return rows


_LTR_CELL = 'dir="ltr" style="text-align:left"'
_RTL_CELL = 'dir="rtl" lang="ar" style="text-align:right"'


def score_table(score: Mapping, metadata: Mapping | None = None) -> str:
    """The score row (and the article's date, genre, event) as a small English table.

    >>> "n = 2" in score_table({"islamists_index": 0.0, "islamists_index_low": -1.0,
    ...     "islamists_index_high": 1.0, "islamists_T": 1, "islamists_R": 1})
    True
    """
    rows = []
    for field in ("date", "date_estimate", "genre", "event"):
        value = _value((metadata or {}).get(field))
        if value:
            rows.append((field.replace("_", " "), value))
    rows += score_rows(score)
    cells = "".join(
        f"<tr><th {_LTR_CELL}>{html.escape(label)}</th>"
        f"<td {_LTR_CELL}>{html.escape(value)}</td></tr>"
        for label, value in rows)
    title = _value(score.get("haftar_title"))
    if title:
        cells += (f'<tr><th {_LTR_CELL}>Haftar is most often called</th>'
                  f'<td {_RTL_CELL}><bdi>{html.escape(title)}</bdi></td></tr>')
    return (f'<table class="scores" dir="ltr" style="border-collapse:collapse;margin:0 0 1em">'
            f"{cells}</table>")


# ---------------------------------------------------------------- the side list


def _voice_text(row: Mapping) -> str:
    """The voice, its marker and any reported-speech verb, Arabic isolated in ``<bdi>``.

    >>> _voice_text({"voice": "authorial", "reported_by": "قال … إن"})
    'authorial<br><small>reported: <bdi dir="rtl">قال … إن</bdi></small>'
    """
    text = html.escape(_value(row.get("voice")))
    marker = _value(row.get("voice_marker"))
    if marker:
        text += f' <bdi dir="rtl">{html.escape(marker)}</bdi>'
    reported = _value(row.get("reported_by"))
    if reported:
        text += f'<br><small>reported: <bdi dir="rtl">{html.escape(reported)}</bdi></small>'
    return text


def _select(name: str, options: Sequence[str], label: str) -> str:
    choices = "".join(f'<option value="{html.escape(o)}">{html.escape(o)}</option>'
                      for o in options)
    return (f'<select name="{name}" aria-label="{html.escape(label)}">'
            f'<option value="">(correct value)</option>{choices}</select>')


def _verdict(name: str, what: str) -> str:
    # Radio buttons, not a checkbox: "not coded" must stay distinct from "wrong".
    return (f'<label title="{what} right"><input type="radio" name="{name}" value="1">✓</label> '
            f'<label title="{what} wrong"><input type="radio" name="{name}" value="0">✗</label>')


def coding_cell(index: int, what: str, options: Sequence[str]) -> str:
    """The coding controls of one field (``voice`` or ``target``) of mention
    ``index``: right / wrong, and a corrected value.

    >>> 'name="voice-correct-4"' in coding_cell(4, "voice", ["quoted"])
    True
    """
    return (f'<td class="code" {_LTR_CELL[:-1]};white-space:nowrap">'
            f'{_verdict(f"{what}-correct-{index}", what)}<br>'
            f'{_select(f"{what}-true-{index}", options, f"correct {what}")}</td>')


def mention_list(mentions: pd.DataFrame, *, coding: bool = False,
                 targets: Sequence[str] = ()) -> str:
    """The side list: one row per mention, in table order, linked to its mark.

    English cells are left-aligned left-to-right, Arabic ones right-aligned
    right-to-left, each by its own ``dir`` (the sanitizer-proof way). In
    coding mode each measured voice and target is followed by its controls.

    >>> table = pd.DataFrame({"start": [0], "end": [3], "surface": ["abc"], "kind": ["frame"]})
    >>> mention_list(table).count('data-mention="0"')
    1
    """
    head = ["#", "words", "kind · category", "voice", "code",
            "target (rule)", "code"]
    if not coding:
        head = [h for h in head if h != "code"]
    header = "".join(f"<th {_LTR_CELL}>{html.escape(h)}</th>" for h in head)
    body = []
    for index, row in enumerate(mentions.to_dict("records")):
        family = _value(row.get("family"))
        light, dark = FAMILY_COLOURS.get(family, _DEFAULT_COLOURS)
        target = _value(row.get("target")) or "—"
        cells = [
            f'<td {_LTR_CELL}><a href="#m{index}">{index}</a></td>',
            f'<td {_RTL_CELL[:-1]};white-space:nowrap"><span style="background-color:{light};'
            f'border-bottom:2px {VOICE_LINES.get(_value(row.get("voice")), "solid")} {dark}">'
            f'{html.escape(_value(row.get("surface")))}</span></td>',
            f'<td {_LTR_CELL} title="family: {html.escape(family)}">'
            f'{html.escape(_value(row.get("kind")))} · '
            f'{html.escape(_value(row.get("category")))}</td>',
            f"<td {_LTR_CELL}>{_voice_text(row)}</td>",
            coding_cell(index, "voice", VOICES) if coding else "",
            f'<td {_LTR_CELL}>{html.escape(target)} '
            f'({html.escape(_value(row.get("target_rule")))})</td>',
            coding_cell(index, "target", [*targets, NO_TARGET]) if coding else "",
        ]
        body.append(f'<tr data-mention="{index}">{"".join(cells)}</tr>')
    return (f'<table class="mentions" dir="ltr" style="border-collapse:collapse">'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def legend() -> str:
    """A key to the colours (families) and line styles (voices)."""
    families = " ".join(
        f'<span style="background-color:{light};border-bottom:3px solid {dark};'
        f'padding:0 3px">{html.escape(name)}</span>'
        for name, (light, dark) in FAMILY_COLOURS.items())
    voices = " ".join(
        f'<span style="border-bottom:3px {line} #333;padding:0 3px">{voice}</span>'
        for voice, line in VOICE_LINES.items())
    return (f'<p class="legend" {_LTR_CELL}>family: {families}<br>voice: {voices} · '
            "frames have a background, actors and titles only a line; hover a mark for "
            "its target and rule</p>")


# ---------------------------------------------------------------- the article


@dataclass(frozen=True)
class AnnotatedArticle:
    """One article with its mentions (its rows of the mentions table, in order)
    and its score row: shown inline in a notebook, or written as a page.

    >>> view = annotated_article(article, mentions, scores)   # doctest: +SKIP
    >>> view                 # doctest: +SKIP
    """

    article_id: str
    text: str
    mentions: pd.DataFrame
    score: Mapping
    metadata: Mapping
    targets: tuple[str, ...] = ()

    def fragment(self, *, coding: bool = False) -> str:
        """The view as an HTML fragment with inline styles only (no script)."""
        body = marked_article(self.text, self.mentions)
        return (
            f'<div class="framing-annotated" dir="rtl" lang="ar" '
            f'data-article="{html.escape(self.article_id)}" '
            f"style=\"font-family:{FONT_STACK}\">"
            f'<div class="head" dir="ltr" style="text-align:left">'
            f'<h1 style="text-align:left;font-size:1.3em">'
            f"<bdi>{html.escape(self.article_id)}</bdi> · {len(self.mentions)} mentions</h1>"
            f"{score_table(self.score, self.metadata)}{legend()}</div>"
            f'<div class="layout">'
            f'<div class="article" dir="rtl" lang="ar" style="white-space:pre-wrap;'
            f'text-align:right;line-height:2.1;font-size:1.15em">{body}</div>'
            f'<div class="side" dir="ltr">'
            f"{mention_list(self.mentions, coding=coding, targets=self.targets)}</div>"
            f"</div></div>")

    def _repr_html_(self) -> str:
        return self.fragment()

    def page(self, *, coding: bool = False) -> str:
        """The view as a self-contained offline HTML page (``coding``: with the coding controls)."""
        script = _CODING_SCRIPT if coding else ""
        body_class = ' class="coding-mode"' if coding else ""
        tools = _CODING_TOOLS.format(article=html.escape(self.article_id)) if coding else ""
        body = (f'<p dir="ltr" style="text-align:left"><a href="index.html">all articles</a></p>\n'
                f"{tools}{self.fragment(coding=coding)}\n")
        return (
            '<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(self.article_id)}</title>\n{page_style(body)}\n"
            f"</head>\n<body{body_class}>\n{body}{script}</body>\n</html>\n")


def annotated_article(article, mentions: pd.DataFrame, scores: pd.DataFrame,
                      targets: Sequence[str] = ()) -> AnnotatedArticle:
    """The annotated view of ``article`` from the corpus tables.

    ``mentions`` and ``scores`` may hold the whole corpus: the article's rows
    are taken, in table order.
    """
    mine = mentions[mentions["article"] == article.id].reset_index(drop=True)
    score = scores[scores["article"] == article.id]
    if score.empty:
        raise FramingError(f"{article.id}: no score row for this article")
    return AnnotatedArticle(article.id, article.text, mine, score.iloc[0].to_dict(),
                            dict(article.metadata), tuple(targets))


def target_choices(lexicons, mentions: pd.DataFrame) -> list[str]:
    """The values a coder can give as the correct target: every actor group,
    plus any other target or label referent the table uses.

    >>> target_choices(None, pd.DataFrame({"target": ["haftar", None], "refers_to": ["", "x"]}))
    ['haftar', 'x']
    """
    groups = list(lexicons.actors.categories) if lexicons is not None else []
    for column in ("target", "refers_to"):
        if column in mentions.columns:
            for value in mentions[column].map(_value):
                if value and value not in groups:
                    groups.append(value)
    return groups


def annotate(articles: Iterable, lexicons, *, resamples: int = DEFAULT_RESAMPLES,
             seed: int = DEFAULT_SEED) -> list[AnnotatedArticle]:
    """Measure ``articles`` once and return their annotated views.

    The mention records and the score rows come from the same call the study
    uses, ``score_articles(*measure(articles, lexicons))``.
    """
    from framing.measure.mentions import measure
    from framing.measure.scores import score_articles

    articles = list(articles)
    mentions, documents = measure(articles, lexicons)
    scores = score_articles(mentions, documents, resamples=resamples, seed=seed)
    targets = target_choices(lexicons, mentions)
    return [annotated_article(a, mentions, scores, targets) for a in articles]


def index_page(views: Sequence[AnnotatedArticle], *, coding: bool = False) -> str:
    """The ``index.html`` listing every article page with its date and indices."""
    rows = []
    for view in views:
        first_line = view.text.strip().split("\n", 1)[0]
        headline = first_line[:90] + ("…" if len(first_line) > 90 else "")
        date = _value(view.metadata.get("date") or view.metadata.get("date_estimate"))
        rows.append(
            f'<tr><td {_LTR_CELL}><a href="{html.escape(page_name(view.article_id))}">'
            f"<bdi>{html.escape(view.article_id)}</bdi></a></td>"
            f"<td {_LTR_CELL}>{html.escape(date)}</td>"
            f"<td {_LTR_CELL}>{len(view.mentions)}</td>"
            + "".join(f"<td {_LTR_CELL}>{html.escape(index_text(view.score, name))}</td>"
                      for name, *_ in INDICES) +
            f"<td {_RTL_CELL}>{html.escape(headline)}</td></tr>")
    head = "".join(f"<th {_LTR_CELL}>{h}</th>" for h in (
        "article", "date", "mentions", *(f"{name.capitalize()} index" for name, *_ in INDICES),
        "opening words"))
    mode = " (coding mode)" if coding else ""
    body = (f'<h1 dir="ltr" style="text-align:left">Annotated articles{mode}</h1>\n'
            f'<div dir="ltr"><table class="mentions" dir="ltr"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>\n")
    return (
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head>\n<meta charset="utf-8">\n'
        f"<title>framing: annotated articles</title>\n{page_style(body)}\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n")


_SAFE_NAME = re.compile(r"[\w-][\w.-]*")


def page_name(article_id: str) -> str:
    """The file name of an article's page: its id, or, when the id is not a
    safe file name (a JSONL id may hold "/" or ".."), or is "index", a safe
    form of it with a hash of the id so that names stay distinct.

    >>> page_name("004_88156597769aeab8")
    '004_88156597769aeab8.html'
    >>> page_name("../2019/04 x")
    '2019_04_x-54199e69.html'
    """
    if _SAFE_NAME.fullmatch(article_id) and article_id.lower() != "index":
        return f"{article_id}.html"
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8]
    slug = re.sub(r"[^\w-]+", "_", article_id).strip("_")[:80] or "article"
    return f"{slug}-{digest}.html"


def annotate_pages(articles: Iterable, lexicons, *, coding: bool = False,
                   resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Every page ``framing annotate`` writes: file name → HTML (``index.html`` too)."""
    views = annotate(articles, lexicons, resamples=resamples, seed=seed)
    pages = {page_name(v.article_id): v.page(coding=coding) for v in views}
    pages["index.html"] = index_page(views, coding=coding)
    return pages


def write_pages(pages: Mapping[str, str], folder: str | Path) -> list[Path]:
    """Write ``pages`` into the new (or empty) ``folder``, all or nothing
    (:func:`framing.scale.output.new_folder`); a failure is one FramingError line."""
    from framing.scale.output import new_folder

    with new_folder(folder, "framing annotate") as staged:
        for name, text in pages.items():
            (staged / name).write_text(text, encoding="utf-8", newline="\n")
    return [Path(folder) / name for name in pages]


def coded_template(mentions: pd.DataFrame) -> pd.DataFrame:
    """The coded CSV before any coding: the mention columns with blank verdicts.

    The coding page's download, with nothing clicked, is exactly
    ``framing.tables.csv_text(coded_template(rows))`` for its article's rows
    (a browser test checks it).

    >>> coded_template(pd.DataFrame({"article": ["a"], "start": [0], "end": [3],
    ...     "entry_id": ["x"], "kind": ["frame"], "voice": ["quoted"], "target": [None],
    ...     "target_rule": ["none"]})).iloc[0].map(str).tolist()
    ['a', '0', '3', 'x', 'frame', 'quoted', '', 'none', '', '', '', '']
    """
    table = mentions[CODED_COLUMNS[:8]].copy()
    table["target"] = table["target"].map(_value)
    for column in CODED_COLUMNS[8:]:
        table[column] = ""
    return table.reset_index(drop=True)


# ---------------------------------------------------------------- page furniture


def page_style(body: str) -> str:
    """A page's one ``<style>``: the Noto Naskh subset for the characters of
    ``body`` (:func:`framing.report.fonts.font_face_css`: the page shows its Arabic
    on a machine without an Arabic font, offline), then the page's rules.

    >>> page_style("<p>حفتر</p>").count("@font-face")
    1
    """
    from framing.report.fonts import font_face_css

    return f"<style>\n{font_face_css(body)}{_PAGE_CSS}</style>"


_PAGE_CSS = f"""
body {{ font-family: {FONT_STACK}; margin: 1.5em; color: #1a1a1a; background: #fff; }}
table.mentions, table.scores {{ font-size: 0.8em; }}
table.mentions th, table.mentions td, table.scores th, table.scores td {{
  border-bottom: 1px solid #ddd; padding: 2px 6px; vertical-align: top; }}
.layout {{ display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 1.5em; }}
.side {{ max-height: 96vh; overflow: auto; position: sticky; top: 0; align-self: start; }}
.side thead th {{ position: sticky; top: 0; background: #fff; }}
/* Naskh draws smaller than the Latin beside it at the same size: Arabic cells
   and phrases in the English tables get a step up, and a phrase stays on one line. */
td[lang="ar"], td:not([lang="ar"]) bdi[dir="rtl"] {{ font-size: 1.2em; }}
td:not([lang="ar"]) bdi[dir="rtl"] {{ white-space: nowrap; }}
mark.m:hover, mark.m:target {{ outline: 2px solid #000; }}
tr[data-mention]:target, tr.coded-wrong {{ background: #fff3f3; }}
tr.coded-right {{ background: #f3fff3; }}
.coding-mode .layout {{ grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); }}
.code select {{ font-size: 0.9em; max-width: 9em; }}
@media (max-width: 900px) {{ .layout {{ display: block; }} .side {{ max-height: none; position: static; }} }}
"""

_CODING_TOOLS = """<div class="coding" dir="ltr" style="text-align:left;margin:0 0 1em">
<p>Coding mode: for each mention in the list, say whether its voice and its target
are right; give the correct value if you know it. Your codes stay in this browser until you
download them. Code as many pages as you like, save each page's CSV into one folder, and
validate them together: <code>framing validate --mentions FOLDER</code>.</p>
<button type="button" id="download-csv">download CSV</button>
<a id="download-link" download="{article}.coded.csv" href="#" hidden>the CSV</a>
<span id="coded-count"></span>
<details><summary>the CSV as text</summary>
<textarea id="coded-csv" readonly rows="8" cols="100" dir="ltr"></textarea></details>
</div>
"""

# Plain script, no framework, no network: reads each mention's fields from its
# first <mark> (data-*), the verdicts from the controls, and offers the CSV as
# a Blob download (works from file://). Quoting as framing.tables.csv_text
# (pandas, QUOTE_MINIMAL), LF line ends, no BOM.
_CODING_SCRIPT = """<script>
(function () {
  "use strict";
  var COLUMNS = %s;
  var root = document.querySelector(".framing-annotated");
  var article = root.getAttribute("data-article");
  var storeKey = "framing-coding:" + article;

  function field(value) {
    value = value == null ? "" : String(value);
    return /[",\\r\\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }
  function checked(name) {
    var input = document.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }
  function chosen(name) {
    var select = document.querySelector('select[name="' + name + '"]');
    return select ? select.value : "";
  }
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-mention]"));
  }
  function codedCsv() {
    var lines = [COLUMNS.join(",")];
    rows().forEach(function (row) {
      var i = row.getAttribute("data-mention");
      var mark = document.getElementById("m" + i);
      var values = [article, mark.dataset.start, mark.dataset.end, mark.dataset.entryId,
        mark.dataset.kind, mark.dataset.voice, mark.dataset.target, mark.dataset.rule,
        checked("voice-correct-" + i), checked("target-correct-" + i),
        chosen("voice-true-" + i), chosen("target-true-" + i)];
      // "none" for a mention the tool linked to no actor corrects nothing:
      // written blank, as framing validate compares target_true with target.
      if (values[11] === "none" && values[6] === "") { values[11] = ""; }
      lines.push(values.map(field).join(","));
    });
    return lines.join("\\n") + "\\n";
  }
  function state() {
    var saved = {};
    document.querySelectorAll(".code input:checked, .code select").forEach(function (el) {
      if (el.value !== "") { saved[el.name] = el.value; }
    });
    return saved;
  }
  function refresh() {
    var coded = 0;
    rows().forEach(function (row) {
      var i = row.getAttribute("data-mention");
      var v = checked("voice-correct-" + i), t = checked("target-correct-" + i);
      if (v !== "" || t !== "") { coded += 1; }
      row.classList.toggle("coded-wrong", v === "0" || t === "0");
      row.classList.toggle("coded-right", v === "1" && t === "1");
    });
    document.getElementById("coded-count").textContent =
      coded + " of " + rows().length + " mentions coded";
    document.getElementById("coded-csv").value = codedCsv();
    try { localStorage.setItem(storeKey, JSON.stringify(state())); } catch (e) { /* private mode */ }
  }
  function restore() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { saved = {}; }
    Object.keys(saved).forEach(function (name) {
      var radio = document.querySelector('input[name="' + name + '"][value="' + saved[name] + '"]');
      if (radio) { radio.checked = true; }
      var select = document.querySelector('select[name="' + name + '"]');
      if (select) { select.value = saved[name]; }
    });
  }
  // A corrected value that differs from the measured one is a "wrong" verdict;
  // a "right" verdict clears a correction (framing validate rejects the pair).
  function onChange(event) {
    var el = event.target;
    var right = /^(voice|target)-correct-(\\d+)$/.exec(el.name || "");
    if (right && el.value === "1") {
      var correction = document.querySelector('select[name="' + right[1] + "-true-" + right[2] + '"]');
      if (correction) { correction.value = ""; }
    }
    var match = /^(voice|target)-true-(\\d+)$/.exec(el.name || "");
    if (match && el.value !== "") {
      var mark = document.getElementById("m" + match[2]);
      var measured = match[1] === "voice" ? mark.dataset.voice : (mark.dataset.target || "none");
      var verdict = el.value === measured ? "1" : "0";
      var radio = document.querySelector('input[name="' + match[1] + "-correct-" + match[2] +
        '"][value="' + verdict + '"]');
      if (radio) { radio.checked = true; }
    }
    refresh();
  }
  function download() {
    var text = codedCsv();
    document.getElementById("coded-csv").value = text;
    var link = document.getElementById("download-link");
    if (link.href && link.href.indexOf("blob:") === 0) { URL.revokeObjectURL(link.href); }
    link.href = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
    link.hidden = false;
    link.click();
  }
  // Clicking a mark in the text brings its row of the list into view.
  function onClick(event) {
    var mark = event.target.closest ? event.target.closest("mark.m") : null;
    if (!mark) { return; }
    var row = document.querySelector('tr[data-mention="' + mark.dataset.mention + '"]');
    if (row) { row.scrollIntoView({block: "center"}); }
  }
  restore();
  document.addEventListener("change", onChange);
  document.addEventListener("click", onClick);
  document.getElementById("download-csv").addEventListener("click", download);
  refresh();
})();
</script>
""" % ("[" + ", ".join(f'"{c}"' for c in CODED_COLUMNS) + "]")
