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
from collections.abc import Iterable

import pandas as pd

from framing.errors import FramingError

KWIC_COLUMNS = [
    "article", "sentence", "start", "end", "left", "match", "right",
    "entry", "category", "family", "kind", "voice", "voice_marker", "target",
]
# Right-to-left isolate … pop directional isolate: keeps each Arabic cell
# right-to-left even beside Latin text in a terminal or a table.
RLI, PDI = "\u2067", "\u2069"


def select_mentions(mentions: pd.DataFrame, query: str, lexicons=None) -> pd.DataFrame:
    """Mentions whose entry, entry id, category, family, kind, voice or target is ``query``.

    The query is normalised like the text, so any spelling of a headword works
    (الارهاب finds الإرهاب). With ``lexicons`` (:func:`framing.mentions.load_lexicons`)
    the query is also matched like text, so any inflected form finds its entry
    (والإرهابيين finds every mention of إرهابي). Raises FramingError when
    nothing in the table is called ``query``.
    """
    from framing.arabic import normalise

    key = normalise(query.strip())
    fields = [c for c in ("entry", "entry_id", "category", "family", "kind", "voice", "target")
              if c in mentions.columns]
    hit = pd.Series(False, index=mentions.index)
    for field in fields:
        values = mentions[field].fillna("").astype(str)
        hit |= values.map(normalise) == key
    if lexicons is not None and "entry_id" in mentions.columns:
        from framing.match import match_text

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


def kwic_text(rows: pd.DataFrame, *, visual: bool = False) -> str:
    """Plain-text KWIC lines for a terminal.

    Each line is ``article voice→target | left ⟦match⟧ right`` with the Arabic
    part in logical order inside a right-to-left isolate, which a bidi-aware
    terminal shows right-to-left (the left context on the right, as in the
    article). ``visual=True`` reorders it for terminals without bidi support.
    """
    lines = []
    for r in rows.itertuples(index=False):
        arabic = f"{r.left} ⟦{r.match}⟧ {r.right}".strip()
        if visual:
            from bidi import get_display

            arabic = get_display(arabic, base_dir="R")
        else:
            arabic = f"{RLI}{arabic}{PDI}"
        target = r.target or "-"
        lines.append(f"{r.article}:{r.start}\t{r.category}\t{r.voice}→{target}\t{arabic}")
    return "\n".join(lines) + ("\n" if lines else "")


class RTLTable:
    """A DataFrame shown in a notebook with Arabic cells right-to-left and right-aligned.

    ``unicode-bidi: plaintext`` lets each cell take its direction from its
    first strong character, so English cells stay left-to-right.
    """

    def __init__(self, frame: pd.DataFrame, *, max_rows: int = 60, rtl: bool = False) -> None:
        self.frame = frame
        self.max_rows = max_rows
        self.rtl = rtl  # columns flow right-to-left too (KWIC: preceding words on the right)

    def _repr_html_(self) -> str:
        frame = self.frame.head(self.max_rows)
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
        body = []
        for row in frame.itertuples(index=False):
            cells = "".join(
                f'<td style="unicode-bidi:plaintext;text-align:start">'
                f"{html.escape(_cell(v))}</td>"
                for v in row
            )
            body.append(f"<tr>{cells}</tr>")
        more = len(self.frame) - len(frame)
        note = f"<p>… {more} more rows</p>" if more > 0 else ""
        direction = ' dir="rtl"' if self.rtl else ""
        return (
            f'<table class="framing-rtl"{direction} style="font-family:\'Noto Naskh Arabic\',serif">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}"
        )

    def __repr__(self) -> str:
        return self.frame.to_string()


KWIC_DISPLAY = ["left", "match", "right", "article", "voice", "voice_marker", "target"]


def kwic_table(rows: pd.DataFrame, *, max_rows: int = 60) -> RTLTable:
    """KWIC rows as a right-to-left HTML table: preceding words right of the match."""
    return RTLTable(rows[KWIC_DISPLAY], max_rows=max_rows, rtl=True)


def _cell(value) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.3g}"
    return str(value)
