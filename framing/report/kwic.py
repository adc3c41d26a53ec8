"""Keyword in context: a view of the mentions table with the words around each hit.

Every number in the study is a count of mention rows; KWIC shows those rows as
the reader would see them in the article. Selection is by anything a reader
knows: an entry (headword, in any spelling), a category, a family, a voice, or
an actor group as target.

Example
-------
>>> rows = kwic(mentions, articles, "terrorism")        # doctest: +SKIP
>>> print(kwic_text(rows))                              # doctest: +SKIP
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import unicodedata
from collections.abc import Iterable

import pandas as pd

from framing.errors import FramingError

KWIC_COLUMNS = [
    "article", "sentence", "start", "end", "left", "match", "right",
    "entry", "category", "family", "kind", "voice", "voice_marker", "refused", "target",
    "reported_by",
]
# Right-to-left isolate … pop directional isolate: keeps each Arabic cell
# right-to-left even beside Latin text in a terminal or a table.
RLI, PDI = "\u2067", "\u2069"


def select_mentions(mentions: pd.DataFrame, query: str, lexicons=None) -> pd.DataFrame:
    """Mentions whose entry, entry id, category, family, kind, voice or target is ``query``.

    The query is normalised like the text, so any spelling of a headword works
    (الارهاب finds الإرهاب). With ``lexicons`` (:func:`framing.measure.mentions.load_lexicons`)
    the query is also matched like text, so any inflected form finds its entry
    (والإرهابيين finds every mention of إرهابي). Raises FramingError when
    nothing in the table is called ``query``.
    """
    from framing.text.arabic import normalise

    key = normalise(query.strip())
    fields = [c for c in ("entry", "entry_id", "category", "family", "kind", "voice", "target")
              if c in mentions.columns]
    hit = pd.Series(False, index=mentions.index)
    for field in fields:
        values = mentions[field].fillna("").astype(str)
        hit |= values.map(normalise) == key
    if lexicons is not None and "entry_id" in mentions.columns:
        from framing.measure.match import match_text

        ids = {m.entry_id for matchers in lexicons.period_matchers() for matcher in matchers
               for m in match_text(query, matcher)}
        hit |= mentions["entry_id"].isin(ids)
    if not hit.any():
        raise FramingError(
            f"ENTRY {query!r}: no mention has this entry, category, family, voice or target "
            "(try `framing mentions` to list them)"
        )
    return mentions[hit]


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    # Context stays inside the paragraph: a line break is a hard boundary.
    left_text = text[:start].rsplit("\n", 1)[-1]
    right_text = text[end:].split("\n", 1)[0]
    left = " ".join(left_text.split()[-window:]) if window else ""
    right = " ".join(right_text.split()[:window]) if window else ""
    return left, right


def kwic(mentions: pd.DataFrame, articles: Iterable, query: str | None = None,
         *, window: int = 6, lexicons=None, strict: bool = True) -> pd.DataFrame:
    """One row per selected mention with ``window`` words of context on each side.

    ``query`` selects rows as :func:`select_mentions` does (None: every row);
    only mentions of the given ``articles`` are shown. A query that selects
    nothing is an error (``strict``, the command line: a typo should not look
    like an empty result) or an empty table (``strict=False``, the notebooks:
    a corpus may lack a kind of mention).
    """
    if window < 0:
        raise FramingError(f"--window must be 0 or more, got {window}")
    texts = {a.id: a.text for a in articles}
    mentions = mentions[mentions["article"].isin(list(texts))]  # only the articles given
    if query is None:
        rows = mentions
    else:
        try:
            rows = select_mentions(mentions, query, lexicons)
        except FramingError:
            if strict:
                raise
            rows = mentions.iloc[:0]
    out = []
    for m in rows.itertuples(index=False):
        text = texts[m.article]
        left, right = _context(text, m.start, m.end, window)
        record = {c: getattr(m, c, "") for c in KWIC_COLUMNS}
        record.update(left=left, match=text[m.start:m.end], right=right)
        out.append(record)
    return pd.DataFrame(out, columns=KWIC_COLUMNS)


def kwic_example(mentions: pd.DataFrame, articles: Iterable, query: str,
                 *, chosen_by: str | None = None, window: int = 6,
                 lexicons=None) -> pd.DataFrame:
    """KWIC of ``query`` in the one article with the most such mentions (ties:
    the first in corpus order) — an example picked from the data, so a notebook
    shows the strongest case on any corpus. ``chosen_by`` (e.g. a voice)
    counts only those of the mentions when choosing the article; all of its
    ``query`` mentions are shown. No such mention: an empty table.

    >>> kwic_example(mentions, articles, "legitimising", chosen_by="distanced")  # doctest: +SKIP
    """
    articles = list(articles)
    try:
        rows = select_mentions(mentions, query, lexicons)
    except FramingError:  # a corpus without this kind of mention: nothing to show
        return pd.DataFrame(columns=KWIC_COLUMNS)
    choosing = rows
    if chosen_by is not None:
        try:
            choosing = select_mentions(rows, chosen_by)
        except FramingError:
            return pd.DataFrame(columns=KWIC_COLUMNS)
    counts = choosing["article"].value_counts()
    counts = counts[counts.index.isin([a.id for a in articles])]
    if counts.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    best = next(a for a in articles if counts.get(a.id, 0) == counts.max())
    return kwic(rows, [best], window=window)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: combining marks (harakat) and format
    characters (direction marks) take none, wide East Asian characters two.

    >>> display_width("مُحَمَّد"), display_width("\u2067ab\u2069")
    (4, 2)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit_words(text: str, width: int, *, keep: str) -> str:
    """As many whole words of ``text`` as fit in ``width`` columns, nearest the
    keyword first: ``keep="start"`` for the words after it, ``"end"`` for those
    before it; "…" stands for the words left out, on the far side.

    >>> fit_words("one two three", 9, keep="start")
    'one two…'
    >>> fit_words("one two three", 9, keep="end")
    '…three'
    """
    words = text.split()
    if display_width(text) <= width:
        return text
    ordered = words if keep == "start" else words[::-1]
    kept: list[str] = []
    for word in ordered:
        if display_width(" ".join([*kept, word])) + 1 > width:
            break
        kept.append(word)
    if keep == "start":
        return " ".join(kept) + "…"
    return "…" + " ".join(kept[::-1])


def _pad(text: str, width: int, *, align: str, wrap=str) -> str:
    """``wrap(text)`` padded with spaces to ``width`` columns of ``text``
    (``wrap`` adds direction marks or reorders, neither changes the width)."""
    gap = max(0, width - display_width(text))
    body = wrap(text) if text else ""
    if align == "right":
        return " " * gap + body
    if align == "centre":
        return " " * (gap // 2) + body + " " * (gap - gap // 2)
    return body + " " * gap


def short_ids(ids: Iterable[str]) -> dict[str, str]:
    """Article ids shortened to their part before "_" when that stays unique.

    >>> short_ids(["000_90b4", "001_27e1"])
    {'000_90b4': '000', '001_27e1': '001'}
    >>> short_ids(["a_1", "a_2"])
    {'a_1': 'a_1', 'a_2': 'a_2'}
    """
    ids = list(dict.fromkeys(ids))
    prefixes = [i.split("_", 1)[0] for i in ids]
    if len(set(prefixes)) == len(ids):
        return dict(zip(ids, prefixes))
    return {i: i for i in ids}


def _meta(rows: pd.DataFrame, *, short: bool) -> list[list[str]]:
    from framing.measure.schema import is_refused

    ids = rows["article"].astype(str)
    names = short_ids(ids) if short else {i: i for i in ids}
    # a label the writer refuses (ما يسمى، المزعوم) counts at the opposite pole: say so
    return [[f"{names[str(r.article)]}:{r.start}", str(r.kind), str(r.category),
             f"{'refused' if is_refused(getattr(r, 'refused', False)) else r.voice}→"
             f"{r.target if isinstance(r.target, str) and r.target else '-'}"]
            for r in rows.itertuples(index=False)]


MIN_CONTEXT = 12  # columns of context on each side before the line gives up columns


def _fit_meta(meta: list[list[str]], room: int) -> list[list[str]]:
    """The line heads, shortened to ``room`` columns: long values cut with "…",
    then the category and the kind dropped, least needed first."""
    caps = [None, 6, 14, 24]  # article:start is never cut
    meta = [[v if cap is None or display_width(v) <= cap else v[: cap - 1] + "…"
             for v, cap in zip(fields, caps)] for fields in meta]

    def used(rows: list[list[str]]) -> int:
        return sum(max(display_width(r[i]) for r in rows) + 2 for i in range(len(rows[0])))

    for drop in (2, 1):  # category, then kind
        if used(meta) <= room:
            break
        meta = [fields[:drop] + fields[drop + 1:] for fields in meta]
    return meta


def kwic_text(rows: pd.DataFrame, *, visual: bool = False, terminal: bool = False,
              width: int | None = None) -> str:
    r"""KWIC rows as text: aligned on the keyword for a terminal, plain lines otherwise.

    ``terminal=False`` (a pipe, a file): one tab-separated line per mention,
    ``article:start kind category voice→target left ⟦match⟧ right``
    (``refused→target`` for a label the writer refuses), Arabic in logical
    order and no direction marks, for grep and cut.

    ``terminal=True``: article ids shortened (:func:`short_ids`), columns
    within ``width`` (default: the terminal's) —
    the words after the match, right-aligned against it; the match, centred;
    the words before it — so that, read right to left, each line runs as in
    the article. Each Arabic cell is a right-to-left isolate (RLI … PDI) for
    a bidi-aware terminal, or, with ``visual=True``, reordered for a terminal
    without bidi support.

    >>> import pandas as pd
    >>> row = pd.DataFrame([dict(article="a", start=4, kind="frame", category="terrorism",
    ...     voice="quoted", target="", left="قال", match="الإرهاب", right="انتهى")])
    >>> kwic_text(row)
    'a:4\tframe\tterrorism\tquoted→-\tقال ⟦الإرهاب⟧ انتهى\n'
    """
    if rows.empty:
        return ""
    meta = _meta(rows, short=terminal)  # full ids in a pipe: they join the mentions table
    if visual:
        from bidi import get_display

        def arabic(text: str) -> str:
            return get_display(text, base_dir="R")
    elif terminal:
        def arabic(text: str) -> str:
            return f"{RLI}{text}{PDI}" if text else ""
    else:
        def arabic(text: str) -> str:
            return text

    if not terminal:
        lines = []
        for fields, r in zip(meta, rows.itertuples(index=False)):
            context = arabic(f"{r.left} ⟦{r.match}⟧ {r.right}".strip())
            lines.append("\t".join([*fields, context]))
        return "\n".join(lines) + "\n"

    width = width or shutil.get_terminal_size((120, 24)).columns
    keyword = max(display_width(str(m)) for m in rows["match"]) + 2
    meta = _fit_meta(meta, width - keyword - 2 * MIN_CONTEXT - 2)
    meta_widths = [max(display_width(f[i]) for f in meta) for i in range(len(meta[0]))]
    prefix = sum(meta_widths) + 2 * len(meta_widths)
    context = max(4, (width - prefix - keyword - 2) // 2)  # below 4: the line overflows
    lines = []
    for fields, r in zip(meta, rows.itertuples(index=False)):
        head = "  ".join(_pad(f, w, align="left") for f, w in zip(fields, meta_widths))
        after = fit_words(str(r.right), context, keep="start")
        before = fit_words(str(r.left), context, keep="end")
        cells = [_pad(after, context, align="right", wrap=arabic),
                 _pad(str(r.match), keyword, align="centre", wrap=arabic),
                 _pad(before, context, align="left", wrap=arabic)]
        lines.append((head + "  " + " ".join(cells)).rstrip())
    return "\n".join(lines) + "\n"


def text_table(header: list[str], rows: list[list[str]], *, numeric: Iterable[int] = ()) -> list[str]:
    """Rows as aligned columns for a terminal (numbers right-aligned, text left).

    >>> text_table(["a", "n"], [["x", "10"], ["yy", "2"]], numeric=[1])
    ['a    n', 'x   10', 'yy   2']
    """
    numeric = set(numeric)
    widths = [max(display_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(_pad(str(v), w, align="right" if i in numeric else "left")
                      for i, (v, w) in enumerate(zip(row, widths))).rstrip()
            for row in [header, *rows]]


def mentions_summary(mentions: pd.DataFrame, *, top: int = 12) -> str:
    """A readable summary of the mentions table for a terminal (the CSV has 23 columns).

    Per article: mentions by kind, frame mentions by voice, how many frame
    mentions have a target; then frame mentions by family and voice; then the
    most frequent frame entries (headword in an isolate, gloss, count); and
    how to get the table itself.

    >>> table = pd.DataFrame({"article": ["a"], "kind": ["frame"], "voice": ["quoted"],
    ...     "family": ["terrorism"], "entry": ["x"], "entry_id": ["terrorism.x"],
    ...     "gloss": ["terror"], "target": [""]})
    >>> mentions_summary(table).splitlines()[0]
    '1 mentions in 1 articles: 1 frame · 0 actor · 0 title'
    """
    from framing.measure.schema import VOICES

    kinds = ("frame", "actor", "title")
    count = mentions["kind"].value_counts()
    lines = [f"{len(mentions)} mentions in {mentions['article'].nunique()} articles: "
             + " · ".join(f"{int(count.get(k, 0))} {k}" for k in kinds), ""]
    frames = mentions[mentions["kind"] == "frame"]
    targeted = frames["target"].fillna("").astype(str) != ""
    rows = []
    for article, mine in mentions.groupby("article", sort=False):
        k = mine["kind"].value_counts()
        f = mine[mine["kind"] == "frame"]
        v = f["voice"].value_counts()
        rows.append([str(article), str(len(mine)), *(str(int(k.get(x, 0))) for x in kinds),
                     *(str(int(v.get(x, 0))) for x in VOICES),
                     str(int(targeted[f.index].sum()))])
    lines += text_table(["article", "mentions", *kinds, *(f"frame {x}" for x in VOICES),
                         "frame with target"], rows, numeric=range(1, 9))
    lines.append("")
    by_family = frames.groupby(["family", "voice"]).size().unstack(fill_value=0)
    family_rows = [[str(family), *(str(int(by_family.loc[family].get(v, 0))) for v in VOICES)]
                   for family in by_family.index]
    lines += text_table(["frame family", *VOICES], family_rows, numeric=range(1, 4))
    lines.append("")
    entries = (frames.groupby(["entry_id", "entry", "gloss"], sort=False).size()
               .sort_values(ascending=False, kind="stable").head(top))
    entry_rows = [[f"{RLI}{entry}{PDI}", fit_words(str(gloss), 40, keep="start"),
                   str(entry_id), str(n)]
                  for (entry_id, entry, gloss), n in entries.items()]
    lines += text_table(["frame entry", "gloss", "id", "n"], entry_rows, numeric=[3])
    lines += ["", "The table itself (one row per mention, with offsets): "
              "framing mentions … -o FILE, or pipe it (| less, > file.csv).",
              "In context: framing kwic ENTRY (an entry id, headword, category, family, "
              "voice or actor group)."]
    return "\n".join(lines) + "\n"


def first_strong_direction(text: str) -> str | None:
    """"rtl" or "ltr" from the first strong character of ``text`` (the Unicode
    bidi rule a browser's ``dir="auto"`` uses); None when it has none (digits,
    punctuation, empty).

    >>> first_strong_direction("الإرهاب terrorism"), first_strong_direction("12 (Daesh)")
    ('rtl', 'ltr')
    >>> first_strong_direction("2014-05-20") is None
    True
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _has_both_directions(text: str) -> bool:
    kinds = {unicodedata.bidirectional(c) for c in text}
    return bool(kinds & {"R", "AL"}) and "L" in kinds


# Where a mixed cell may be cut into pieces that each read in one direction:
# the separators our tables join values with (display · gloss, list items),
# and the space before an English note in brackets after an Arabic word
# ("اللواء (as official)": wrapped inside a right-to-left run, its brackets
# would turn round).
_PIECE_SEPARATORS = re.compile(r"( · |، |; | → | ← |(?<=[\u0600-\u06ff]) (?=\([A-Za-z]))")


def isolated_html(text: str) -> str:
    """``text`` escaped for HTML, each piece of a mixed Arabic/English value in
    its own ``<bdi dir=…>`` so that the bidi algorithm cannot move words of one
    piece into the next (an English gloss with brackets inside an Arabic cell
    otherwise comes out as "al-Sarraj (head of the GNA) (Fayez) · السراج").
    Text in one direction only is returned escaped and unwrapped.

    >>> isolated_html("السراج · (Fayez) al-Sarraj")
    '<bdi dir="rtl">السراج</bdi> · <bdi dir="ltr">(Fayez) al-Sarraj</bdi>'
    >>> isolated_html("اللواء (as official)")
    '<bdi dir="rtl">اللواء</bdi> <bdi dir="ltr">(as official)</bdi>'
    >>> isolated_html("a < b")
    'a &lt; b'
    """
    if not _has_both_directions(text):
        return html.escape(text)
    out = []
    for i, piece in enumerate(_PIECE_SEPARATORS.split(text)):
        if i % 2 or not piece:  # odd: a separator (the pattern's one group)
            out.append(html.escape(piece))
            continue
        direction = first_strong_direction(piece)
        attribute = f' dir="{direction}"' if direction else ""
        out.append(f"<bdi{attribute}>{html.escape(piece)}</bdi>")
    return "".join(out)


# An Arabic word as written in a rule: from an Arabic letter up to a space,
# a bracket or an operator, so ( ) + → stay outside the isolate and keep the
# left-to-right order of the rule.
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"
                          r"[^\s()\[\]+→←,]*")


def ltr_html(text: str) -> str:
    """``text`` escaped for a left-to-right cell, each Arabic word in its own
    ``<bdi dir="rtl">``: a rule such as "ة → ه" or "ل + ال → لل" then reads
    left to right, its arrow pointing from the written form to the folded one
    (unisolated, the Arabic letters pull the arrow into a right-to-left run
    and it points back).

    >>> ltr_html("ة → ه")
    '<bdi dir="rtl">ة</bdi> → <bdi dir="rtl">ه</bdi>'
    """
    out, at = [], 0
    for match in _ARABIC_WORD.finditer(text):
        out.append(html.escape(text[at:match.start()]))
        out.append(f'<bdi dir="rtl">{html.escape(match.group())}</bdi>')
        at = match.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def cell_text(value) -> str:
    """How a table shows one value: missing values (None, NaN, ``pd.NA``, NaT)
    as an empty cell, integers as they are, other numbers to 3 significant
    digits without exponent (very small ones with it), anything else as text.

    >>> [cell_text(v) for v in (None, float("nan"), pd.NA, 3, 7.0, 18.6441, 0.545455, 1234.5, 0.00012)]
    ['', '', '', '3', '7', '18.6', '0.545', '1234', '0.00012']
    """
    import math
    import numbers

    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        value = float(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        magnitude = math.floor(math.log10(abs(value)))
        if magnitude < -3:
            return f"{value:.2g}"
        return f"{value:.{max(0, 2 - magnitude)}f}"
    return str(value)


#: Short values (dates, ids, intervals, numbers) are never broken across lines
#: ("2014-/05-20" in a squeezed column); longer text wraps.
NOWRAP_CHARS = 16

#: A header of more characters wraps at its spaces ("islamists index" over a
#: column of "+0.50"): the values, not the names, set a column's width.
HEADER_NOWRAP_CHARS = 10

_ALIGN = {"left": "left", "right": "right", "center": "center", "centre": "center"}


def cell_html(value, *, tag: str = "td", align: str | None = None,
              nowrap: bool | None = None, ltr: bool = False) -> str:
    """One table cell whose direction survives every renderer: a ``dir``
    attribute and ``text-align: left|right|center`` (which JupyterLab's
    sanitizer keeps; it drops ``unicode-bidi: plaintext`` and ``text-align:
    start``). Arabic text (by its first strong character) is ``dir="rtl"``,
    right-aligned; anything else ``dir="ltr"``: numbers right-aligned (their
    digits line up), text left-aligned. ``align`` overrides the alignment
    (KWIC aligns its context against the keyword); ``ltr=True`` makes the
    cell left-to-right whatever it holds, its Arabic words isolated
    (:func:`ltr_html`: rules with arrows).

    >>> cell_html("حفتر")
    '<td dir="rtl" style="text-align:right;white-space:nowrap">حفتر</td>'
    >>> cell_html(0.5, tag="th")
    '<th dir="ltr" style="text-align:right;white-space:nowrap">0.500</th>'
    """
    text = cell_text(value)
    numeric = (not isinstance(value, (str, bool)) and pd.api.types.is_number(value))
    direction = "ltr" if ltr else first_strong_direction(text) or "ltr"
    default = "right" if direction == "rtl" or numeric else "left"
    styles = [f"text-align:{_ALIGN[align] if align else default}"]
    if nowrap if nowrap is not None else len(text) <= NOWRAP_CHARS:
        styles.append("white-space:nowrap")
    return (f'<{tag} dir="{direction}" style="{";".join(styles)}">'
            f"{_cell_body(text, direction, ltr)}</{tag}>")


def _cell_body(text: str, direction: str, ltr: bool) -> str:
    # A right-to-left cell isolates its pieces: its English glosses (with
    # brackets) would otherwise be reordered. A left-to-right cell is English
    # prose quoting Arabic, which the bidi algorithm orders well by itself
    # (an Arabic list in brackets reads right to left); cutting it at "،"
    # would order the list left to right.
    if ltr:
        return ltr_html(text)
    return isolated_html(text) if direction == "rtl" else html.escape(text)


def signed_text(value) -> str | None:
    """An index value as a reader compares it: sign, two decimals, a real
    minus sign (None for a missing one, shown as an empty cell).

    >>> [signed_text(v) for v in (0.2, -0.0526, 0, 1, float("nan"))]
    ['+0.20', '−0.05', '+0.00', '+1.00', None]
    """
    if value is None or pd.isna(value):
        return None
    return f"{float(value):+.2f}".replace("-", "\u2212")


#: Names that keep their underscore in a header: the coherence measures as
#: gensim and the literature spell them ("c v" would read as two words).
HEADER_TERMS = ("c_npmi", "c_v")


def header_text(name) -> str:
    """A column name as a table header shows it: words, not an identifier
    (the CSV in ``results/`` keeps the name itself).

    >>> header_text("islamists_index_unreported"), header_text("n"), header_text(3)
    ('islamists index unreported', 'n', '3')
    >>> header_text("c_npmi_min")
    'c_npmi min'
    """
    words = str(name)
    for i, term in enumerate(HEADER_TERMS):
        words = re.sub(rf"\b{term}(?=_|$)", f"\x00{i}\x00", words)
    words = words.replace("_", " ")
    for i, term in enumerate(HEADER_TERMS):
        words = words.replace(f"\x00{i}\x00", term)
    return words


class RTLTable:
    """A DataFrame shown in a notebook so that it reads right in JupyterLab
    (sanitized HTML), nbconvert's HTML and a browser: each cell carries its own
    direction (:func:`cell_html`), mixed cells isolate their pieces, there is
    no 0…n index column, numbers are rounded and missing values are empty.

    ``rtl=True`` makes the columns themselves run right to left (KWIC: the
    preceding words right of the match); ``align`` sets a column's alignment,
    ``nowrap`` lists columns never wrapped, ``ltr`` columns read left to
    right whatever they hold (rules with arrows), ``signed`` columns hold
    indices (−1 … +1: shown as :func:`signed_text`, so that 0.2 and −0.0526
    read "+0.20" and "−0.05"); the rest follow their content.

    >>> "unicode-bidi" in RTLTable(pd.DataFrame({"a": ["حفتر"]}))._repr_html_()
    False
    """

    def __init__(self, frame: pd.DataFrame, *, max_rows: int = 60, max_columns: int = 30,
                 rtl: bool = False, align: dict[str, str] | None = None,
                 nowrap: Iterable[str] = (), ltr: Iterable[str] = (),
                 signed: Iterable[str] = ()) -> None:
        self.frame = frame
        self.max_rows = max_rows
        self.max_columns = max_columns  # a table with a column per article, on a large corpus
        self.rtl = rtl
        self.align = dict(align or {})
        self.nowrap = set(nowrap)
        self.ltr = set(ltr)
        self.signed = list(signed)
        self.align.update({c: self.align.get(c, "right") for c in self.signed})

    def _column_align(self, frame: pd.DataFrame, column) -> str:
        """A header sits over its column: right over numbers and Arabic, else left."""
        align = self.align.get(column)
        if align is None and column in self.ltr:
            align = "left"
        if align is None:
            values = [v for v in frame[column] if cell_text(v)]
            right = values and all(
                (not isinstance(v, (str, bool)) and pd.api.types.is_number(v))
                or first_strong_direction(cell_text(v)) == "rtl" for v in values)
            align = "right" if right else "left"
        return align

    def _header(self, frame: pd.DataFrame) -> str:
        """The header row(s). A column's name reads as words (``voice_marker`` →
        "voice marker") and wraps at its spaces, so a long name never makes a
        column wider than its values (a table of ``_index_unreported`` columns
        scrolled sideways in JupyterLab). Two-level columns (a
        ``pd.MultiIndex``) get two rows: each group once over its columns, a
        column with an empty group spanning both rows."""
        def head(name, align: str, span: str = "") -> str:
            text = header_text(name)
            cell = cell_html(text, tag="th", align=align, nowrap=len(text) <= HEADER_NOWRAP_CHARS)
            return cell.replace("<th ", f"<th {span}", 1) if span else cell

        columns = list(frame.columns)
        if not isinstance(frame.columns, pd.MultiIndex):
            return "<tr>" + "".join(head(c, self._column_align(frame, c)) for c in columns) + "</tr>"
        top, bottom = [], []
        for group, members in itertools.groupby(columns, key=lambda c: c[0]):
            members = list(members)
            if group == "":
                top += [head(c[-1], self._column_align(frame, c), 'rowspan="2" ') for c in members]
                continue
            top.append(head(group, "center", f'colspan="{len(members)}" ' if len(members) > 1 else ""))
            bottom += [head(c[-1], self._column_align(frame, c)) for c in members]
        return f"<tr>{''.join(top)}</tr><tr>{''.join(bottom)}</tr>"

    def _shown(self) -> tuple[pd.DataFrame, str]:
        """The rows and columns shown, and what was left out, in words."""
        frame = self.frame.head(self.max_rows).iloc[:, :self.max_columns]
        for column in self.signed:
            if column in frame.columns:
                frame = frame.assign(**{column: frame[column].map(signed_text)})
        rows = len(self.frame) - len(frame)
        columns = self.frame.shape[1] - frame.shape[1]
        left = [f"{n:,} more {what}" for n, what in ((rows, "rows"), (columns, "columns")) if n > 0]
        return frame, ("… " + ", ".join(left)) if left else ""

    def _repr_html_(self) -> str:
        frame, left = self._shown()
        body = []
        for row in frame.itertuples(index=False):
            cells = "".join(
                cell_html(v, align=self.align.get(c),
                          nowrap=True if c in self.nowrap else None, ltr=c in self.ltr)
                for c, v in zip(frame.columns, row))
            body.append(f"<tr>{cells}</tr>")
        note = f'<p dir="ltr" style="text-align:left">{left}</p>' if left else ""
        direction = "rtl" if self.rtl else "ltr"
        return (
            f'<table class="framing-rtl" dir="{direction}" '
            # Arabic in Naskh where the reader has it; Latin in the notebook's own sans-serif.
            f"style=\"font-family:'Noto Naskh Arabic',sans-serif\">"
            f"<thead>{self._header(frame)}</thead>"
            f"<tbody>{''.join(body)}</tbody></table>{note}"
        )

    def __repr__(self) -> str:
        # The plain-text twin of the HTML, cut at the same row: a notebook
        # stores both, and a table of a large corpus must not fill it.
        frame, left = self._shown()
        return frame.to_string(index=False) + (f"\n{left}" if left else "")


#: The KWIC table's columns, named by meaning (in an RTL table "left" and
#: "right" would name the wrong sides), and where each sits: the table runs
#: right to left, so "before" is right of the match and "after" left of it.
KWIC_DISPLAY = {"left": "before", "match": "match", "right": "after", "article": "article",
                "kind": "kind", "category": "category", "voice": "voice",
                "voice_marker": "marker", "target": "target"}
# Each context hugs the keyword: "before" (right of it) ends at its left
# edge, "after" (left of it) starts at its right edge; the keyword is centred.
KWIC_ALIGN = {"before": "left", "match": "center", "after": "right"}


def kwic_table(rows: pd.DataFrame, *, max_rows: int = 60,
               labels: dict[str, str] | None = None) -> RTLTable:
    """KWIC rows as a right-to-left HTML table aligned on the keyword.

    Columns (from the right): ``before`` (the preceding words, against the
    match), ``match`` (centred), ``after``; then article (``labels``, e.g.
    :func:`framing.explore.overview.article_labels`, or the short id), ``kind``
    (frame, actor or title: one selection can hold all three), category,
    voice, its marker and the target. A mention in reported speech (a
    source's claim, which the indices leave out) reads "authorial, reported",
    its marker the reporting verb and complementiser (قالت … إن).

    >>> kwic_table(rows, labels=article_labels(articles))   # doctest: +SKIP
    """
    shown = rows[list(KWIC_DISPLAY)].rename(columns=KWIC_DISPLAY)
    if "reported_by" in rows:
        reported = rows["reported_by"].fillna("").astype(str)
        marker = shown["marker"].fillna("").astype(str)
        shown = shown.assign(
            voice=shown["voice"].astype(str).where(reported == "",
                                                   shown["voice"].astype(str) + ", reported"),
            marker=marker.where(marker != "", reported))
    names = labels if labels is not None else short_ids(shown["article"].astype(str))
    shown = shown.assign(article=shown["article"].astype(str).map(lambda a: names.get(a, a)))
    # The keyword never wraps; the contexts may, so that the table fits a
    # narrow output area (JupyterLab beside its file browser) instead of
    # scrolling "before", its rightmost column, out of sight.
    return RTLTable(shown, max_rows=max_rows, rtl=True, align=KWIC_ALIGN, nowrap=["match"])
