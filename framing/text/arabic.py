"""The Arabic text layer: normalisation for matching, tokens with offsets, clitics.

Everything downstream (vocabulary, topics, mentions) sees the text through this
module, so its rules are written down here once:

* :func:`normalise` is **for matching only**. The text keeps its spelling; a
  token keeps its ``surface`` (``text[start:end]``) next to its ``norm``.
* :func:`tokenise` yields Arabic words, numbers and Latin words with character
  offsets into the original text, and the sentence, paragraph and clause each
  token belongs to. Punctuation is never a token. It is a view of
  :class:`ArticleTokens`, the one tokeniser: :func:`tokens_table`, the span
  functions and the measurement engine read the same class.
* :func:`inflected_forms` generates every clitic form of a lexicon word (the
  matcher builds one dict from it and looks each token up);
  :func:`analyse` is its inverse for a single token.
* :func:`load_stopwords` reads the curated list ``data/stopwords_ar.txt``.

Only the standard library is imported here (pandas lazily, in
:func:`tokens_table`), so ``import framing.text.arabic`` stays cheap.

Example
-------
>>> [t.norm for t in tokenise("أعلن حفتر الحرب على «الإرهابيين»، وقال...")]
['اعلن', 'حفتر', 'الحرب', 'على', 'الارهابيين', 'وقال']
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import itemgetter, sub
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from framing.errors import FramingError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    import pandas as pd

__all__ = [
    "GLUED",
    "PROCLITICS",
    "PRONOUN_SUFFIXES",
    "SUFFIXES",
    "Analysis",
    "Token",
    "analyse",
    "clause_breaks",
    "clause_spans",
    "inflected_forms",
    "load_stopwords",
    "normalise",
    "paragraph_spans",
    "sentence_spans",
    "tokenise",
    "tokens_table",
]

# --------------------------------------------------------------------------- normalise

# Characters deleted for matching: harakat and the other combining Arabic marks
# (U+064B–U+065F: the listed harakat U+064B–U+0652 plus maddah/hamza above/below
# and rarer marks, which only occur as diacritics), dagger alef, Quranic
# annotation signs, tatweel, and invisible zero-width / bidi controls.
# Text scraped from web pages and extracted from PDFs adds more that never
# changes a word: soft hyphens (U+00AD), the combining grapheme joiner
# (U+034F), the Mongolian vowel separator (U+180E), the word joiner and
# invisible operators (U+2060–U+2064), variation selectors (U+FE00–U+FE0F),
# and the presentation forms of the harakat (U+FE70–U+FE7F: isolated and
# medial fatha, damma, …, which NFKC maps to a space and the mark).
_STRIP_CLASS = (
    "\u00ad\u034f\u0610-\u061a\u061c\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufe70-\ufe7f\ufeff"
)
# One character per match: measured faster than `[...]+` on this text
# (CPython's regex engine takes a fast path for single-character classes).
_STRIP_RX = re.compile(f"[{_STRIP_CLASS}]")

# Single-character folds, applied as a chain of str.replace. Measured on the
# seeds ×200 (6 MB): the regex strip + this chain ≈ 66 ms, str.translate with
# one table for everything ≈ 260 ms (translate is slow once the text is not
# ASCII), str.replace for the strip set too ≈ 180 ms. A replace whose character
# is absent is one fast scan, so guarding the digit folds with a regex search
# (≈ 30 ms per search) was slower than just doing them.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("\u0623", "\u0627"),  # أ → ا
    ("\u0625", "\u0627"),  # إ → ا
    ("\u0622", "\u0627"),  # آ → ا
    ("\u0671", "\u0627"),  # ٱ (alef wasla) → ا
    ("\u06a9", "\u0643"),  # Persian keheh ک → ك
    ("\u06cc", "\u064a"),  # Persian yeh ی → ي
    ("\u00a0", " "),  # no-break space → space
    ("\u202f", " "),  # narrow no-break space → space
    ("\u066b", "."),  # Arabic decimal separator ٫ → .
    ("\u066c", ","),  # Arabic thousands separator ٬ → ,
    *((chr(0x0660 + i), str(i)) for i in range(10)),  # Arabic-Indic digits
    *((chr(0x06F0 + i), str(i)) for i in range(10)),  # Persian digits
)

# Decomposed hamza on a carrier (و + U+0654, ي + U+0654) is composed first, so
# that stripping U+0654 as a mark does not turn ؤ/ئ into bare و/ي. (On alef the
# hamza is folded away anyway: ا + U+0654 → ا, the same as أ → ا.)
_COMPOSE: tuple[tuple[str, str], ...] = (
    ("\u0648\u0654", "\u0624"),  # و + ٔ → ؤ
    ("\u064a\u0654", "\u0626"),  # ي + ٔ → ئ
    ("\u06cc\u0654", "\u0626"),  # ی + ٔ → ئ
)


def _compatibility_table() -> dict[int, str]:
    """Arabic presentation forms (U+FB50–U+FDFF, U+FE80–U+FEFC) → their
    letters, by NFKC: the contextual glyph forms that PDF extraction and some
    old web pages emit instead of letters (ﺍ → ا, ﻻ → لا, ﷲ → الله).
    Only forms that NFKC maps to Arabic letters and marks, without a space:
    a whole-phrase ligature (ﷺ, ﷽) stays as it is, and the harakat forms
    (U+FE70–U+FE7F) are stripped as marks instead."""
    import unicodedata

    table: dict[int, str] = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE80, 0xFEFD)]:
        ch = chr(code)
        if unicodedata.category(ch) == "Cn":
            continue
        mapped = unicodedata.normalize("NFKC", ch)
        if mapped != ch and mapped and " " not in mapped \
                and all("\u0600" <= m <= "\u06ff" for m in mapped):
            table[code] = mapped
    return table


#: Presentation form → letters (see :func:`_compatibility_table`).
_COMPAT: dict[int, str] = _compatibility_table()
_COMPAT_CLASS = "".join(map(chr, sorted(_COMPAT)))
_COMPAT_RX = re.compile(f"[{_COMPAT_CLASS}]")

#: Default of ``fold_taa_marbuta`` (ON); the measurement is in normalise's docstring.
DEFAULT_FOLD_TAA_MARBUTA = True


def normalise(text: str, *, fold_alef_maqsura: bool = False, fold_taa_marbuta: bool = DEFAULT_FOLD_TAA_MARBUTA) -> str:
    """Return the matching key of ``text``; never shown to readers.

    Deletes harakat and other Arabic combining marks (U+064B–U+065F), dagger
    alef (U+0670), Quranic annotation signs (U+0610–U+061A, U+06D6–U+06ED),
    tatweel (U+0640) and zero-width / bidi controls (U+200B–U+200F,
    U+202A–U+202E, U+2066–U+2069, U+FEFF, U+061C); maps no-break spaces to a
    space; folds أ إ آ ٱ → ا, Persian ک ی → ك ي, Arabic-Indic and Persian
    digits → ASCII (and ٫ ٬ → . ,); casefolds Latin.

    Hamza on a carrier (ؤ ئ) is **kept**: unlike the hamza on alef it is
    rarely dropped by writers, and folding it would not unify the one real
    variant (Egyptian مسئول vs مسؤول) anyway — list both in a lexicon.

    Parameters
    ----------
    text : str
        Any string; the function never raises on a ``str``.
    fold_alef_maqsura : bool, default False
        ى → ي. Off: it merges على 'on' with the name علي (علي زيدان in the
        seeds) and القوى 'the forces' with القوي 'the strong'.
    fold_taa_marbuta : bool, default True
        ة → ه. On, measured over the seeds' vocabulary (1,509 types, 2,806
        words): of the 278 types with ة, folding merges exactly one pair,
        درنة ×2 / درنه ×1 — the same city, a spelling variant — and no two
        distinct words (ى → ي, by contrast, merges 9 pairs, 2 of them false:
        على ×48 with علي ×1, القوى with القوي). Its latent risk is "X + ة" vs
        "X + ه 'his'" (دولة 'state' / دوله 'its states', خاصة / خاصه): 41 of
        the 278 ة-types have such an X in the vocabulary, but none of the
        colliding X+ه forms occurs, and no frame term of the lexicons has that
        shape. Web news often writes ه for ة (درنه; هذة for هذه), and the
        lexicons rely on the two being equal — so the fold is on.

    Returns
    -------
    str
        The normalised text. ``normalise(normalise(x)) == normalise(x)``.

    Examples
    --------
    >>> normalise("الإرهابيِّين")
    'الارهابيين'
    >>> normalise("ثورة ٢٠١٤ ثـــورة")
    'ثوره 2014 ثوره'
    >>> normalise("على"), normalise("على", fold_alef_maqsura=True)
    ('على', 'علي')
    """
    if not isinstance(text, str):
        raise FramingError(f"normalise: expected a str, got {type(text).__name__}")
    if not text.isascii() and _COMPAT_RX.search(text):
        text = text.translate(_COMPAT)  # presentation forms → letters (NFKC)
    if "\u0654" in text:
        for a, b in _COMPOSE:
            text = text.replace(a, b)
    text = _STRIP_RX.sub("", text)
    for a, b in _FOLDS:
        text = text.replace(a, b)
    if fold_alef_maqsura:
        text = text.replace("\u0649", "\u064a")
    if fold_taa_marbuta:
        text = text.replace("\u0629", "\u0647")
    # Only Latin (and other cased scripts) change; there is no cheaper test
    # for "has an upper-case letter" than casefold itself (~200 MB/s).
    return text.casefold()


# Token norms are computed once per distinct surface: news vocabulary is
# Zipfian, so a bounded cache turns most calls into a dict hit.
_norm_cached = functools.lru_cache(maxsize=1 << 17)(normalise)

# --------------------------------------------------------------------------- tokens

# Arabic letters (not the whole U+0600–U+06FF block, which also holds ، ؛ ؟,
# digits and marks): the basic letters, the Persian/Urdu letters of U+0671–
# U+06D3, and the Arabic Supplement / Extended-A letter blocks.
_L = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef"
    "\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
    + _COMPAT_CLASS  # presentation forms are letters (normalise maps them)
)
# Inside a word: everything normalise deletes (harakat, tatweel, invisible
# controls) — so adding diacritics or tatweel never splits or changes a token.
_M = _STRIP_CLASS
_D = "0-9\u0660-\u0669\u06f0-\u06f9"
# A number: digit runs joined by single . , / : ٫ ٬ (2014/08/15, 3.5, 10:30).
_NUM = f"[{_D}]+(?:[.,/:\u066b\u066c][{_D}]+)*"
_LAT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# One-letter proclitics that a scraper glues to a quotation mark or a number.
_CLITIC = "\u0648\u0641\u0628\u0644\u0643"  # و ف ب ل ك
_CLITIC += "".join(chr(c) for c, m in _COMPAT.items() if m in _CLITIC)  # and their glyph forms
_QUOTES = "«»\"“”"

# A line break: \r\n, or one line-break character.
_LINE_END = "\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
_LINE_END_RX = re.compile(_LINE_END)

# One scan finds tokens and the punctuation that breaks sentences, clauses and
# paragraphs, so the three levels can never disagree about a token.
_SCAN_RX = re.compile(
    # ب«الإرهابيين / ل"عملية: clitic + quote + word is ONE word
    f"(?P<q>[{_CLITIC}][{_M}]*[{_QUOTES}][{_L}][{_L}{_M}]*)"
    # ب1500: clitic + number is one number token
    f"|(?P<c>[{_CLITIC}][{_M}]*(?P<cnum>{_NUM}))"
    f"|(?P<a>[{_L}][{_L}{_M}]*)"
    f"|(?P<n>{_NUM})"
    f"|(?P<l>[{_LAT}](?:[{_LAT}0-9]|['’-](?=[{_LAT}]))*)"
    # sentence end, with closing quotes that follow it (a straight " only when
    # a space or the end follows, otherwise it opens the next sentence)
    f"|(?P<e>[.!?؟؛;…]+(?:[»”’]|\"(?=\\s|$))*)"
    # clause break: ، , : dashes, parentheses, and a hyphen unless it joins two
    # Latin letters/digits (in Arabic text a hyphen is a dash: البيان -الذي)
    "|(?P<k>[،,:–—‒―()]|(?<![A-Za-z0-9])-|-(?![A-Za-z0-9]))"
    f"|(?P<b>{_LINE_END})"
)
_WORD_RX = re.compile(f"[{_L}]+")
# The characters of _STRIP_CLASS as a set (for walking a surface char by char).
_STRIP_SET = frozenset(
    ch for ch in map(chr, [0x00AD, 0x034F, 0x180E, *range(0x0600, 0x0700), *range(0x2000, 0x2070),
                           *range(0xFE00, 0xFE10), *range(0xFE70, 0xFE80), 0xFEFF])
    if _STRIP_RX.match(ch)
)

#: Two words glued by a lost space, split into two tokens. A small explicit
#: list in original spelling, taken from the seeds; no heuristic: a split
#: guessed from "ال in mid-word" would also cut الانتقال, الجنرال, وبالتالي.
#: A one-letter proclitic (و ف ب ك) on the glued form is also recognised.
GLUED: dict[str, tuple[str, str]] = {
    "الولاياتالمتحدة": ("الولايات", "المتحدة"),  # seed 000 'the United States'
    "الأممالمتحدة": ("الأمم", "المتحدة"),  # seed 004 'the United Nations'
    "ومابين": ("وما", "بين"),  # seed 000 'and between' (ومابين مبادرة … وبين …)
}


def _attach(proclitic: str, word: str) -> str:
    """``proclitic + word`` in norm spelling: ل before the article ال drops the
    alef (ل + الجيش → للجيش), and before ال + ل also one lam (ل + اللواء → للواء)."""
    if proclitic.endswith("ل") and word.startswith("ال"):
        return proclitic + (word[2:] if word.startswith("الل") else word[1:])
    return proclitic + word


def _glued_table() -> dict[str, tuple[str, str]]:
    table = {}
    for glued, (first, second) in GLUED.items():
        glued, first, second = normalise(glued), normalise(first), normalise(second)
        table[glued] = (first, second)
        for p in "وفبك":
            table.setdefault(p + glued, (p + first, second))
    return table


_GLUED = _glued_table()


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text.

    ``surface == text[start:end]`` exactly; ``norm`` is the matching key
    (:func:`normalise`, plus quote marks glued inside a word removed; for a
    number, its ASCII digits). ``sentence``, ``paragraph`` and ``clause`` are
    0-based indices into :func:`sentence_spans`, :func:`paragraph_spans` and
    :func:`clause_spans` of the same text. ``kind`` is ``"arabic"``,
    ``"number"`` or ``"latin"``. ``clause`` is last and defaults to -1 so
    that tokens built by hand with the seven contract fields still work.
    """

    start: int
    end: int
    surface: str
    norm: str
    sentence: int
    paragraph: int
    kind: str
    clause: int = -1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _surface_offset(surface: str, n_kept: int) -> int:
    """Index in ``surface`` after which ``n_kept`` characters survive normalise."""
    kept = 0
    for i, ch in enumerate(surface):
        if ch not in _STRIP_SET:
            if kept >= n_kept:
                return i
            kept += len(_COMPAT.get(ord(ch), ch))  # a ligature (ﻻ) is two letters
    return len(surface)


def _paren_close(text: str, pos: int) -> int:
    """End of a short parenthesis opened at ``pos`` on the same line, or -1."""
    close = text.find(")", pos + 1, pos + 202)
    if close < 0:
        return -1
    inner = text[pos + 1 : close]
    if "(" in inner or "\n" in inner or "\r" in inner:
        return -1
    return close


# Caches of the tokeniser and lexicon lookups are cleared past this many
# entries (~20 MB each): news vocabulary is Zipfian, so the frequent forms are
# back after a clear within a few articles, and memory stays bounded.
_CACHE_LIMIT = 1 << 17


class ComputeOnce(dict):
    """``key → compute(key)``, computed on the first lookup (``__missing__``):
    ``list(map(memo.__getitem__, keys))`` stays a C-level loop for the keys
    seen before and calls Python only for new ones — in a real archive
    nearly every article brings a few. Cleared past :data:`_CACHE_LIMIT`."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[Any], object]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> object:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value


# The one tokeniser. _SCAN_RX above says what a token and a break are;
# ArticleTokens below applies it to a text. tokenise(), tokens_table(), the
# span functions and the measurement engine are all views of ArticleTokens.

# The scan regex with its named groups made non-capturing, the whole
# alternation captured once: split() returns [gap, piece, gap, piece, …, gap]
# with exactly the pieces _SCAN_RX.finditer() would visit. "(?<!X)-" is written
# "-(?<!X-)" (the same condition), so that no alternative starts with a
# look-behind.
_PIECE_RX = re.compile(
    "("
    + re.sub(r"\(\?P<\w+>", "(?:", _SCAN_RX.pattern).replace(
        "(?<![A-Za-z0-9])-", "-(?<![A-Za-z0-9]-)")
    + ")"
)

# Piece codes: a str is a token's norm; these ints are breaks; a tuple
# (first norm, second norm, cut) is a GLUED word (two tokens).
_E, _K, _B, _PAREN = 1, 2, 3, 4
_BREAK_KINDS = {"e": _E, "k": _K, "b": _B}


def classify_piece(piece: str) -> object:
    """The code of one piece, from the scan regex (context-free): where a
    token's norm is made (quote marks glued inside a word dropped, ل + ال →
    لل, a :data:`GLUED` word split, a clitic dropped from a number)."""
    m = _SCAN_RX.match(piece)
    if m is None or m.end() != len(piece):  # pragma: no cover - the regexes agree
        raise RuntimeError(f"tokeniser: cannot classify {piece!r}")
    kind = m.lastgroup
    if kind == "a":
        key = _norm_cached(piece)
        parts = _GLUED.get(key)
        if parts is None:
            return key
        return (parts[0], parts[1], _surface_offset(piece, len(parts[0])))
    if kind == "q":
        body = _norm_cached(piece[1:])
        for q in _QUOTES:
            body = body.replace(q, "")
        return _attach(_norm_cached(piece[0]), body)
    if kind == "n" or kind == "l":
        return _norm_cached(piece)
    if kind == "c":
        return _norm_cached(m.group("cnum"))
    if piece == "(":
        return _PAREN
    return _BREAK_KINDS[kind]


_PIECE_KINDS = ComputeOnce(classify_piece)


# Whitespace never belongs to a token (no alternative of the scan regex
# matches it; its one look-ahead, `"(?=\s|$)`, and its look-behinds see the
# same thing at a chunk's edge as at the text's), so the pieces of a text are
# the pieces of its whitespace-separated chunks. The text is cut at single
# spaces (str.split, the cheapest cut there is), each cut is looked up once in
# a dict (cut → code), and most cuts are one plain word; other whitespace
# (line breaks, tabs, double spaces) is handled inside a cut's code.
_CHUNK_RX = re.compile(r"(\S+)")
_LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def classify_cut(chunk: str) -> object:
    """The code of a space-delimited cut: a plain word's norm, or ``(norms,
    spans, breaks)``: its tokens' norms and ``(start, end)`` in the cut, and
    its breaks as ``(kind, start, end, number of its tokens before the
    break)`` (a run of whitespace with line breaks in it is one break, ``_B``)."""
    norms: list[str] = []
    spans: list[tuple[int, int]] = []
    breaks: list[tuple[int, int, int, int]] = []
    pos = 0
    for g, run in enumerate(_CHUNK_RX.split(chunk)):
        if not g % 2:  # whitespace inside the cut (a line break ends a paragraph)
            if _LINE_BREAK.search(run):
                breaks.append((_B, pos, pos + len(run), len(norms)))
            pos += len(run)
            continue
        for k, part in enumerate(_PIECE_RX.split(run)):
            if k % 2:
                code = _PIECE_KINDS[part]
                a, b = pos, pos + len(part)
                if code.__class__ is str:
                    norms.append(code)
                    spans.append((a, b))
                elif code.__class__ is tuple:  # two words glued by a lost space
                    norms += code[:2]
                    spans += [(a, a + code[2]), (a + code[2], b)]
                else:
                    breaks.append((code, a, b, len(norms)))
            pos += len(part)
    if len(norms) == 1 and not breaks and spans[0] == (0, len(chunk)):
        return norms[0]
    return (tuple(norms), tuple(spans), tuple(breaks))


_CUT_KINDS = ComputeOnce(classify_cut)


def _count_breaks_before(breaks: list[int], n: int) -> list[int]:
    """Per token, how many counted breaks precede it.

    A break at token position ``p`` (``p`` tokens before it) counts when a
    token came since the last counted one: ``p > 0`` and ``p`` not counted
    already (a sentence, clause or paragraph holds at least one token).
    """
    if not breaks:
        return [0] * n
    cut = list(dict.fromkeys(breaks))  # positions are non-decreasing
    if cut[0] == 0:
        del cut[0]
    numbers: list[int] = []
    for k, run in enumerate(map(sub, cut + [n], [0] + cut)):
        numbers += [k] * run
    return numbers


class ArticleTokens:
    """The tokens of one text as arrays: norms, sentence, clause and
    paragraph numbers, and spans — the one tokeniser of the package.

    What a token is and where its norm comes from is :data:`_SCAN_RX` and
    :func:`classify_piece`; the break rules (which break ends a sentence,
    a clause, a paragraph; a full stop inside a short parenthesis) are in
    ``__init__``. :func:`tokenise`, :func:`tokens_table`, the span functions
    and the measurement engine (:mod:`framing.measure.engine`) all read this
    class. Spans are computed on demand (:meth:`span`, :meth:`spans`), from
    the offsets of the space-delimited cuts, because the engine never looks
    at most tokens again after their lexicon lookup.

    >>> t = ArticleTokens("قوات حفتر.\\nالثوار")
    >>> t.norms, t.sent, t.paragraph, t.span(2)
    (['قوات', 'حفتر', 'الثوار'], [0, 0, 1], [0, 0, 1], (11, 17))
    """

    __slots__ = ("text", "cuts", "starts", "norms", "n", "sent", "clause", "paragraph", "ev_tok",
                 "ev_cut", "ev_spans", "n_sentences", "codes", "demoted")

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = text.split(" ")
        self.cuts = cuts
        self.starts = None
        codes = list(map(_CUT_KINDS.__getitem__, cuts))
        # the cuts that are not one plain word
        events = [c for c, code in enumerate(codes) if code.__class__ is tuple]
        self.ev_cut = events
        if not events:
            n = self.n = len(codes)
            self.norms = codes
            self.sent = self.clause = self.paragraph = [0] * n
            self.ev_tok = self.ev_spans = self.demoted = []
            self.codes = codes
            self.n_sentences = 1 if n else 0
            return
        # The break rules: every break ends a clause, and every break but a
        # comma-like one (_K) a sentence; a line break (_B) also a paragraph.
        # Inside a short parenthesis on one line (_paren_close) a sentence end
        # only ends a clause, until the ")" or the paragraph end.
        segments: list = []
        ev_tok: list[int] = []
        ev_spans: list[tuple] = []
        s_breaks: list[int] = []
        c_breaks: list[int] = []
        p_breaks: list[int] = []
        demoted: list[tuple[int, int]] = []  # (cut, start) of the sentence ends inside ( … )
        add_seg, add_tok, add_spans, add_s, add_c = (
            segments.append, ev_tok.append, ev_spans.append, s_breaks.append, c_breaks.append)
        paren_until = -1
        ntok = prev = 0
        at_cut = at = 0  # the offset of cut at_cut (only needed after a "(")
        for c in events:
            if c > prev:
                add_seg(codes[prev:c])
                ntok += c - prev
            prev = c + 1
            add_tok(ntok)
            toks, spans, breaks = codes[c]
            add_spans(spans)
            for kind, a, b, before in breaks:
                if kind == _PAREN or (kind == _E and paren_until >= 0):
                    if at_cut < c:
                        at += sum(map(len, cuts[at_cut:c])) + c - at_cut
                        at_cut = c
                    if kind == _PAREN:
                        paren_until = max(paren_until, _paren_close(text, at + a))
                        kind = _K
                    elif at + a < paren_until:
                        kind = _K
                        demoted.append((c, a))
                elif kind == _B:  # a line break: a new paragraph
                    paren_until = -1
                    p_breaks.append(ntok + before)
                add_c(ntok + before)
                if kind != _K:
                    add_s(ntok + before)
            add_seg(toks)
            ntok += len(toks)
        add_seg(codes[prev:])
        norms = self.norms = list(chain.from_iterable(segments))
        n = self.n = len(norms)
        self.ev_tok, self.ev_spans, self.codes, self.demoted = ev_tok, ev_spans, codes, demoted
        self.sent = _count_breaks_before(s_breaks, n)
        self.clause = _count_breaks_before(c_breaks, n)
        self.paragraph = _count_breaks_before(p_breaks, n)
        self.n_sentences = self.sent[-1] + 1 if n else 0

    def _starts(self) -> list[int]:
        """The characters of the cuts before each cut, and in all: cut ``c``
        starts at ``starts[c] + c`` (cuts are separated by one space)."""
        starts = self.starts = list(accumulate(map(len, self.cuts), initial=0))
        return starts

    def _in_cut(self, i: int) -> tuple[int, int, int]:
        """``(cut, start, end)``: the cut of token ``i`` and its characters in it."""
        k = bisect_right(self.ev_tok, i) - 1
        if k < 0:
            return i, 0, len(self.cuts[i])
        c = self.ev_cut[k]
        d = i - self.ev_tok[k]
        spans = self.ev_spans[k]
        if d < len(spans):
            a, b = spans[d]
            return c, a, b
        c += 1 + d - len(spans)  # a plain word after the event
        return c, 0, len(self.cuts[c])

    def surface(self, i: int) -> str:
        """The text of token ``i``."""
        c, a, b = self._in_cut(i)
        return self.cuts[c][a:b]

    def written(self, i: int, j: int) -> str:
        """The text from token ``i`` to token ``j - 1``, as written (from the
        cuts: no character offsets needed)."""
        c0, a, _ = self._in_cut(i)
        c1, _, b = self._in_cut(j - 1)
        if c0 == c1:
            return self.cuts[c0][a:b]
        between = " ".join(self.cuts[c0:c1 + 1])
        return between[a:len(between) - len(self.cuts[c1]) + b]

    def span(self, i: int) -> tuple[int, int]:
        """``(start, end)`` character offsets of token ``i``."""
        starts = self.starts or self._starts()
        c, a, b = self._in_cut(i)
        base = starts[c] + c
        return base + a, base + b

    def _cut_tokens(self, c: int) -> tuple[int, tuple | None]:
        """The index of cut ``c``'s first token (or of the next token, for a
        cut without any), and its token spans (None: one token, the whole cut)."""
        k = bisect_right(self.ev_cut, c) - 1
        if k < 0:
            return c, None
        if self.ev_cut[k] == c:
            return self.ev_tok[k], self.ev_spans[k]
        return self.ev_tok[k] + len(self.ev_spans[k]) + (c - self.ev_cut[k] - 1), None

    def first_token_ending_after(self, x: int, c: int) -> int:
        """The first token whose end is past character ``x``, which has ``c``
        spaces before it (so it is in cut ``c``, or is the space after it)."""
        first, spans = self._cut_tokens(c)
        offset = x - self.text.rfind(" ", 0, x) - 1
        if spans is None:
            return first if len(self.cuts[c]) > offset else first + 1
        for k, (_, end) in enumerate(spans):
            if end > offset:
                return first + k
        return first + len(spans)

    def first_token_from(self, x: int, c: int) -> int:
        """The first token that starts at character ``x`` or later (``c`` as
        in :meth:`first_token_ending_after`)."""
        first, spans = self._cut_tokens(c)
        offset = x - self.text.rfind(" ", 0, x) - 1
        if spans is None:
            return first if offset <= 0 else first + 1
        for k, (start, _) in enumerate(spans):
            if start >= offset:
                return first + k
        return first + len(spans)

    # -- views for the text layer (tokenise, tokens_table, the span functions)

    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every token, in one pass (:meth:`span` of each)."""
        starts = self.starts or self._starts()
        events = dict(zip(self.ev_cut, self.ev_spans))
        out: list[tuple[int, int]] = []
        add = out.append
        for c, length in enumerate(map(len, self.cuts)):
            base = starts[c] + c
            inside = events.get(c)
            if inside is None:  # a plain cut: one token, the whole cut
                add((base, base + length))
            else:
                out += [(base + a, base + b) for a, b in inside]
        return out

    def _break_offsets(self) -> list[tuple[int, int, int, int]]:
        """Every break as ``(tokens before it, kind, start, end)`` in the text,
        with the kinds ``__init__`` gave them ("(" and a sentence end inside a
        parenthesis only end a clause)."""
        starts = self.starts or self._starts()
        demoted = set(self.demoted)
        out = []
        for c, ntok in zip(self.ev_cut, self.ev_tok):
            base = starts[c] + c
            for kind, a, b, before in self.codes[c][2]:
                if kind == _PAREN or (kind == _E and (c, a) in demoted):
                    kind = _K
                out.append((ntok + before, kind, base + a, base + b))
        return out

    def level_spans(self, level: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each ``"sentence"``, ``"clause"`` or
        ``"paragraph"``, whitespace trimmed; a stretch without a token is none.
        A break's punctuation stays with what it ends; a line break is in no
        span; a "(" opens the next clause."""
        kinds = _LEVEL_KINDS[level]
        text = self.text
        out: list[tuple[int, int]] = []
        begin = before = 0  # where the open span began; the tokens before it
        for p, kind, a, b in self._break_offsets():
            if kind not in kinds:
                continue
            if kind == _B:
                cut, resume = a, b
            elif text[a] == "(":
                cut = resume = a
            else:
                cut = resume = b
            if p > before:
                out.append(_trim(text, begin, cut))
            begin, before = resume, p
        if self.n > before:
            out.append(_trim(text, begin, len(text)))
        return out

    def break_offsets(self) -> list[int]:
        """The offset of every punctuation mark or line break that ends a clause
        (``\\r\\n`` is one line break)."""
        out: list[int] = []
        for _, kind, a, b in self._break_offsets():
            if kind == _B:
                out += [m.start() for m in _LINE_END_RX.finditer(self.text, a, b)]
            else:
                out.append(a)
        return out


#: Which breaks end each level (kinds after the parenthesis rule).
_LEVEL_KINDS = {"clause": frozenset({_E, _K, _B}), "sentence": frozenset({_E, _B}),
                "paragraph": frozenset({_B})}


_Row = tuple[int, int, str, str, str, int, int, int]  # start end surface norm kind sentence paragraph clause


def _token_maker() -> Callable[[_Row], Token]:
    """A fast Token constructor from a scan row.

    The generated __init__ of a frozen dataclass sets each field with
    object.__setattr__ by name (~2.7 µs a token here); setting the slots through
    their descriptors directly takes ~1.7 µs, and tokenise makes one per word.
    """
    new = object.__new__
    fields = ("start", "end", "surface", "norm", "kind", "sentence", "paragraph", "clause")
    s0, s1, s2, s3, s4, s5, s6, s7 = (getattr(Token, f).__set__ for f in fields)

    def make(row: _Row) -> Token:
        a, b, c, d, e, f, g, h = row
        t = new(Token)
        s0(t, a), s1(t, b), s2(t, c), s3(t, d), s4(t, e), s5(t, f), s6(t, g), s7(t, h)
        return t

    return make


_make_token = _token_maker()


#: A token's kind, from the alternative of the scan regex its surface matches.
_KIND_NAMES = {"a": "arabic", "q": "arabic", "n": "number", "c": "number", "l": "latin"}
_KIND_OF = ComputeOnce(lambda surface: _KIND_NAMES[_SCAN_RX.match(surface).lastgroup])


def _rows(text: str) -> list[_Row]:
    """The rows of :func:`tokenise` and :func:`tokens_table`: a view of
    :class:`ArticleTokens` with each token's surface and kind."""
    doc = ArticleTokens(text)
    spans = doc.spans()
    surfaces = [text[a:b] for a, b in spans]
    return list(zip(map(itemgetter(0), spans), map(itemgetter(1), spans), surfaces, doc.norms,
                    map(_KIND_OF.__getitem__, surfaces), doc.sent, doc.paragraph, doc.clause))


def _check_text(text: object, where: str) -> str:
    if not isinstance(text, str):
        raise FramingError(f"{where}: expected a str, got {type(text).__name__}")
    return text


def tokenise(text: str) -> list[Token]:
    """Split ``text`` into Arabic words, numbers and Latin words, with offsets.

    Rules (each has a test):

    * An Arabic word is a run of Arabic **letters** (not the whole U+0600 block:
      ، ؛ ؟ and Arabic-Indic digits are not letters). Harakat, tatweel and
      invisible controls inside a word stay in ``surface``; ``norm`` drops them.
    * Punctuation needs no space after it: ``الاسلامية،التي`` and
      ``الرابع.المبادرة`` are two tokens each. A no-break space separates tokens.
    * A one-letter proclitic (و ف ب ل ك) glued to an opening quote is one word:
      ``ب«الإرهابيين`` → norm ``بالارهابيين``, ``ل«الجيش`` → ``للجيش``
      (ل + ال → لل). Closing-quote styles (« … " ) do not matter.
    * Two words glued by a lost space are split only if listed in :data:`GLUED`
      (الولاياتالمتحدة → الولايات + المتحدة).
    * A number is digits (ASCII, Arabic-Indic or Persian) with inner . , / :
      (2014/08/15, 3.5): one token of kind ``"number"``, norm in ASCII.
      A one-letter proclitic glued to it (``ب1500`` 'by 1,500') stays in the
      surface and is dropped from the norm (``1500``): the token is counted
      once, as the writer wrote one word, and numbers match by value.
    * A Latin word (letters, inner digits, inner ' or -) has kind ``"latin"``.

    Examples
    --------
    >>> [(t.surface, t.norm, t.kind) for t in tokenise("وصفهم ب«الإرهابيين\\" و1500")]
    [('وصفهم', 'وصفهم', 'arabic'), ('ب«الإرهابيين', 'بالارهابيين', 'arabic'), ('و1500', '1500', 'number')]
    """
    return list(map(_make_token, _rows(_check_text(text, "tokenise"))))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, whitespace trimmed, in text order.

    A sentence ends after ``. ! ? ؟ ؛ ; …`` (runs count once, closing quotes
    that follow stay with it) and at every line break. Not a break: a dot
    inside a number (``2014.08.15``, ``3.5``) or inside a short parenthesis on
    one line (``(انظر ص. 3)``). Abbreviations are not recognised. Stretches
    without a token (a lone ``...``) are not sentences, so every token of
    :func:`tokenise` lies in exactly one span, and ``Token.sentence`` indexes
    this list.

    >>> t = "قدرت ب1500 جماعة. وفي 2014.08.15 انتهى"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['قدرت ب1500 جماعة.', 'وفي 2014.08.15 انتهى']
    """
    return ArticleTokens(_check_text(text, "sentence_spans")).level_spans("sentence")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: the non-blank lines, trimmed.

    A single line break already ends a paragraph: the scraped articles store
    one paragraph per line (seed 001 separates them by blank lines, seed 003
    by single newlines, with a one-line subheading هجوم مرتقب), and no seed
    wraps a paragraph over several lines. Seeds 000, 002 and 004 are one
    paragraph each.

    >>> [len(paragraph_spans(t)) for t in ("أ.\\n\\nب", "أ\\nب", "أ ب")]
    [2, 2, 1]
    """
    return ArticleTokens(_check_text(text, "paragraph_spans")).level_spans("paragraph")


def clause_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each clause: a sentence cut at ``، , ؛ ; :``, dashes
    (– — and a hyphen that does not join two Latin letters/digits) and
    parentheses. Quotation marks do **not** cut (a label in quotes stays in the
    clause that applies it). Commas and colons inside numbers (1,500; 10:30) do
    not cut. ``Token.clause`` indexes this list; clauses never cross sentences.

    >>> t = "أعلن حفتر،وقالت المديرية: انها معه"
    >>> [t[a:b] for a, b in clause_spans(t)]
    ['أعلن حفتر،', 'وقالت المديرية:', 'انها معه']
    """
    return ArticleTokens(_check_text(text, "clause_spans")).level_spans("clause")


def clause_breaks(text: str) -> list[int]:
    """Offsets of every punctuation mark or line break that ends a clause
    (and therefore also of those that end sentences and paragraphs)."""
    return ArticleTokens(_check_text(text, "clause_breaks")).break_offsets()


def tokens_table(text: str) -> pd.DataFrame:
    """One row per token: columns start, end, surface, norm, sentence,
    paragraph, kind, clause (as :func:`tokenise`).

    >>> tokens_table("قال حفتر.").norm.tolist()
    ['قال', 'حفتر']
    """
    import numpy as np  # lazy: keep `import framing.text.arabic` cheap
    import pandas as pd

    rows = _rows(_check_text(text, "tokens_table"))
    n = len(rows)
    data = {
        name: np.fromiter(map(itemgetter(i), rows), np.int64, n)
        if name in _INT_COLUMNS
        else pd.Series(list(map(itemgetter(i), rows)), dtype="str")
        for i, name in enumerate(_ROW_COLUMNS)
    }
    return pd.DataFrame(data, columns=list(_TABLE_COLUMNS))


_ROW_COLUMNS = ("start", "end", "surface", "norm", "kind", "sentence", "paragraph", "clause")
_TABLE_COLUMNS = ("start", "end", "surface", "norm", "sentence", "paragraph", "kind", "clause")
_INT_COLUMNS = frozenset({"start", "end", "sentence", "paragraph", "clause"})


# --------------------------------------------------------------------------- clitics
#
# Lexicon matching generates the clitic forms of each lexicon word once
# (inflected_forms) and looks every token up in one dict — ~10× faster than
# stripping clitics off each token. There is no stemming: a root stemmer
# (ISRI, tashaphyne) merges الإسلامية with السلمية and الجماعات with الجمعة.
# Strings below are in norm spelling (normalise's defaults: ة is written ه).

_TAA = normalise("\u0629")  # ة as normalise writes it ("ه" by default)
_ARTICLE = "ال"
_HAMZA_ALEFS = frozenset("أإآ")


def _chains() -> tuple[str, ...]:
    out = []
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            out.append(conj + prep)
            out.append(conj + ("لل" if prep == "ل" else prep + _ARTICLE))  # ل + ال → لل
    return tuple(out)


#: The proclitic chains (و|ف)?(ب|ل|ك)?(ال)?, with ل + ال written لل — 24
#: strings, "" included. A chain ending in ال or لل carries the article.
PROCLITICS: tuple[str, ...] = _chains()

#: Possessive pronoun suffixes: his, her, their (m., f., dual), your (pl. m./f.),
#: our, my. "ي" 'my' is only used after ت/ات (ثورتي), never on a bare stem,
#: where it would turn اسلام 'Islam' into اسلامي 'Islamist' (a nisba).
PRONOUN_SUFFIXES: tuple[str, ...] = ("ه", "ها", "هم", "هن", "هما", "كم", "كن", "نا", "ي")

# Nominal endings: feminine ة, plurals ات ين ون, accusative ا; and the nisba
# endings, added to a bare stem only on request (nisba=True).
_NOMINAL = (_TAA, "ات", "ين", "ون", "ا")
_NISBA = ("ي", "ي" + _TAA, "يين", "يون", "يات")

#: Every suffix an :class:`Analysis` can carry (closed list, norm spelling):
#: nominal endings, nisba endings, pronouns, and ات + pronoun (ثوراتهم).
SUFFIXES: tuple[str, ...] = tuple(
    dict.fromkeys(_NOMINAL + _NISBA + PRONOUN_SUFFIXES + tuple("ات" + p for p in PRONOUN_SUFFIXES))
)

_MIN_STEM = 2  # a stem of one letter would make every و/ب/ل token a "form"


@dataclass(frozen=True, slots=True)
class Analysis:
    """How a token relates to a lexicon stem: ``prefix + stem + suffix``.

    ``prefix`` is one of :data:`PROCLITICS` (``"لل"`` = ل + ال), ``stem`` the
    citation form without the article, ``suffix`` one of :data:`SUFFIXES` or
    ``""``. Spelling rules apply at the joins, so the form is not always the
    plain concatenation: a ة-final stem shows ت before a suffix (ثورة + هم →
    ثورتهم) and loses ة before ات (ثورة + ات → ثورات); لل + a stem starting
    with ل is written with two lams (لل + لواء → للواء). All in norm spelling.
    """

    prefix: str
    stem: str
    suffix: str


@functools.lru_cache(maxsize=4096)
def _word_forms(stem: str, suffixes: bool, nisba: bool) -> dict[str, tuple[str, bool]]:
    """``{word: (suffix, takes_article)}`` for one stem (no proclitics).

    A pronoun suffix or the indefinite accusative ا never co-occurs with the
    article, so those forms do not take it (no الارهابه).
    """
    forms: dict[str, tuple[str, bool]] = {stem: ("", True)}
    if not suffixes:
        return forms

    def add(word: str, suffix: str, article: bool) -> None:
        forms.setdefault(word, (suffix, article))

    if stem.endswith(_TAA) and len(stem) > _MIN_STEM:
        # ة-final stem — and, as normalise writes ة as ه, every ه-final one:
        # ة → ت before a suffix, dropped before ات. The bare-stem endings are
        # not added: ا and the pronouns would make دوله 'state' + ا = دولها
        # 'its states'. A real ه-final word (اتجاه) lists its plural itself.
        base = stem[: -len(_TAA)]
        add(base + "ات", "ات", True)
        add(base + "تين", "ين", True)  # dual, oblique (ثورتين)
        for p in PRONOUN_SUFFIXES:
            add(base + "ت" + p, p, False)
            add(base + "ات" + p, "ات" + p, False)
        return forms
    if stem.endswith("ا") and len(stem) > _MIN_STEM:
        # ا-final loanword (ميليشيا): the plural ات replaces the ا (ميليشيات);
        # pronouns attach directly (ميليشياها). No ة, ين, ون, ا.
        base = stem[:-1]
        add(base + "ات", "ات", True)
        for p in PRONOUN_SUFFIXES:
            if p != "ي":
                add(stem + p, p, False)
            add(base + "ات" + p, "ات" + p, False)
        return forms
    if stem.endswith("ي") and len(stem) > _MIN_STEM:
        # Nisba adjective (ارهابي, ليبي): ة ين ون ات — but NOT ا, which would
        # turn ليبي 'Libyan' into ليبيا 'Libya'. No pronouns (rare on these).
        for s in (_TAA, "ين", "ون", "ات"):
            add(stem + s, s, True)
        return forms
    for s in _NOMINAL:
        add(stem + s, s, s != "ا")
    for p in PRONOUN_SUFFIXES:
        if p != "ي":
            add(stem + p, p, False)
    # No ات + pronoun on a bare stem: مصر + اته = مصراته (Misrata, with ة
    # folded) — measured on the seeds with the actor lexicon.
    if nisba:
        for s in _NISBA:
            add(stem + s, s, True)
    return forms


def _has_article(chain: str) -> bool:
    return chain.endswith(_ARTICLE) or chain.endswith("لل")


def _join(chain: str, word: str) -> str:
    # لل + لواء → للواء (ل + اللواء), not لللواء.
    if chain.endswith("لل") and word.startswith("ل"):
        return chain[:-1] + word
    return chain + word


def inflection_stem(word_norm: str, article: str = "optional") -> tuple[str, str]:
    """The stem every form of :func:`inflected_forms` shares (its
    ``Analysis.stem``), and the article mode it is inflected in.

    >>> inflection_stem("الإرهاب")
    ('ارهاب', 'optional')
    >>> inflection_stem("الدم")          # two letters left: the article stays required
    ('دم', 'required')
    """
    word = normalise(word_norm) if isinstance(word_norm, str) else word_norm
    if not isinstance(word, str) or not _WORD_RX.fullmatch(word):
        raise FramingError(f"inflected_forms: {word_norm!r} is not a single Arabic word")
    if article not in ("optional", "required", "none"):
        raise FramingError(f"inflected_forms: article must be 'optional', 'required' or 'none', not {article!r}")
    stem, mode = word, article
    # The article is written with a bare alef: أل/إل/آل (ألمانيا 'Germany',
    # إلغاء) begin with a radical alef, which normalisation makes look like ال.
    radical = isinstance(word_norm, str) and word_norm.lstrip()[:1] in _HAMZA_ALEFS
    if article != "none" and word.startswith(_ARTICLE) and not radical:
        if len(word) - 2 >= 3:
            stem = word[2:]
        elif len(word) - 2 == 2:
            # الله, الدم: the bare forms له, دم are other (function) words.
            stem, mode = word[2:], "required"
        # else الف, الم: too short for ال to be the article (ألف, ألم)
    if len(stem) < _MIN_STEM:
        raise FramingError(f"inflected_forms: {word_norm!r} is shorter than {_MIN_STEM} letters")
    return stem, mode


def inflected_forms(
    word_norm: str,
    *,
    suffixes: bool = True,
    article: Literal["optional", "required", "none"] = "optional",
    nisba: bool = False,
) -> dict[str, Analysis]:
    """Every clitic form of one lexicon word, as ``{form_norm: Analysis}``.

    The word is normalised first (so the original spelling may be passed).
    Forms = proclitic chain (:data:`PROCLITICS`) + stem + suffix, where the
    suffixes depend on how the stem ends:

    * ة-final (ثورة): ثورات، ثورتين، ثورته، ثورتهم، ثوراتهم … (ة → ت, ة + ات → ات);
    * ا-final (ميليشيا): ميليشيات، ميليشياتها، ميليشياها;
    * ي-final, a nisba adjective (ارهابي): ارهابية، ارهابيين، ارهابيون، ارهابيات
      (not ارهابيا, which for ليبي would be ليبيا 'Libya');
    * otherwise (انقلاب، متشدد): ة، ات، ين، ون، ا and the pronouns
      ه ها هم هن هما كم كن نا (not ي: اسلام + ي = اسلامي 'Islamist'; and
      not ات + pronoun: مصر + اته = مصراته 'Misrata').

    Pronouns and ا never come with the article. Verbs, broken plurals
    (ثائر/ثوار), ى-final stems and the construct plural (مقاتلو/مقاتلي) are not
    generated: list them as separate headwords.

    Parameters
    ----------
    word_norm : str
        One Arabic word.
    suffixes : bool, default True
        False: proclitics only.
    article : {"optional", "required", "none"}, default "optional"
        "optional": a word given with ال is stripped of it and every form is
        made with and without the article — except that when only two letters
        remain (الله, الدم) the article stays required (bare له, دم are other
        words), and with one (الف, الم) the ال is not an article. "required":
        only forms with the article
        (names such as القاعدة, whose bare form قاعدة is 'base'). "none": the
        word is used as given and no article is added (التزام, whose ال is
        radical; proper names).
    nisba : bool, default False
        Also derive the nisba family from a bare stem (ارهاب → ارهابي،
        ارهابية، ارهابيين …). Off because it is derivation, not inflection:
        اسلام 'Islam' → اسلامية 'Islamist'.

    Returns
    -------
    dict[str, Analysis]
        Form → its analysis; the first analysis wins when two coincide.

    Raises
    ------
    FramingError
        If the word is not a single Arabic word of at least two letters.

    Examples
    --------
    >>> forms = inflected_forms("الإرهاب")
    >>> [f in forms for f in ("ارهاب", "والارهاب", "للارهاب", "وللارهاب", "كالارهاب")]
    [True, True, True, True, True]
    >>> forms["للارهاب"]
    Analysis(prefix='لل', stem='ارهاب', suffix='')
    >>> inflected_forms("ثورة")["ثورتهم"]
    Analysis(prefix='', stem='ثوره', suffix='هم')
    >>> "لالمانيا" in inflected_forms("ألمانيا")  # لألمانيا: its alef is not the article
    True
    """
    stem, mode = inflection_stem(word_norm, article)
    out: dict[str, Analysis] = {}
    words = _word_forms(stem, suffixes, nisba)
    for chain in PROCLITICS:
        definite = _has_article(chain)
        if (mode == "required" and not definite) or (mode == "none" and definite):
            continue
        lam = chain.endswith("لل")
        for form, (suffix, takes_article) in words.items():
            if definite and not takes_article:
                continue
            # _join, inlined (a lexicon of 10,000 entries makes ~2 million forms)
            key = chain + form[1:] if lam and form.startswith("ل") else chain + form
            if key not in out:  # the first analysis wins
                out[key] = Analysis(chain, stem, suffix)
    return out


# Every ending _word_forms can put after a candidate base (for a ة-final stem
# the base is the stem without ة); analyse verifies each guess against
# _word_forms, so this only has to be a superset.
_TAILS: tuple[str, ...] = tuple(
    dict.fromkeys(("", "تين", *SUFFIXES, *("ت" + p for p in PRONOUN_SUFFIXES)))
)


def analyse(token_norm: str, *, nisba: bool = False) -> list[Analysis]:
    """Every ``(prefix, stem, suffix)`` reading of a token allowed by the lists.

    The inverse of :func:`inflected_forms`: for every ``form, a`` in
    ``inflected_forms(w)``, ``a in analyse(form)``. A token usually has several
    readings (the matcher keeps those whose stem is in its lexicon); stems are
    at least two letters.

    >>> Analysis("وال", "ارهابي", "ين") in analyse("والارهابيين")
    True
    >>> [(a.prefix, a.stem) for a in analyse("للثوار")]  # the lexicon picks ثوار
    [('', 'للثوار'), ('ل', 'لثوار'), ('لل', 'ثوار'), ('لل', 'لثوار')]
    """
    if not isinstance(token_norm, str):
        raise FramingError(f"analyse: expected a str, got {type(token_norm).__name__}")
    out: dict[Analysis, None] = {}
    for chain, word, stem in _readings(token_norm):
        hit = _word_forms(stem, True, nisba).get(word)
        if hit is not None and (hit[1] or not _has_article(chain)) and _join(chain, word) == token_norm:
            out.setdefault(Analysis(chain, stem, hit[0]), None)
    return list(out)


def _readings(token_norm: str):
    """Every ``(chain, word, stem)`` guess of how a token splits into a
    proclitic chain, a word and the stem of that word (unverified: a
    superset of what :func:`inflected_forms` makes; :func:`analyse` keeps
    the guesses its forms confirm, a lazy matcher looks the stems up)."""
    for chain in PROCLITICS:
        if not token_norm.startswith(chain):
            continue
        rest = token_norm[len(chain):]
        rests = (rest, "ل" + rest) if chain.endswith("لل") else (rest,)
        for word in rests:
            for tail in _TAILS:
                if tail and not word.endswith(tail):
                    continue
                base = word[: len(word) - len(tail)]
                for stem in (base, base + _TAA, base + "ا"):  # ثور|ات ← ثورة, ميليشي|ات ← ميليشيا
                    if len(stem) >= _MIN_STEM:
                        yield chain, word, stem


# --------------------------------------------------------------------------- stop words

_STOPWORDS_PATH = Path(__file__).parents[1] / "data" / "stopwords_ar.txt"


@functools.lru_cache(maxsize=8)
def _load_stopwords(path: Path) -> frozenset[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise FramingError(f"{path}: cannot read the stop-word list ({err})") from None
    words = set()
    for number, line in enumerate(lines, 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        norm = normalise(entry)
        if not _WORD_RX.fullmatch(norm):
            raise FramingError(f"{path}:{number}: stop word {entry!r} is not a single Arabic word")
        words.add(norm)
    return frozenset(words)


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The curated Arabic stop words, normalised with :func:`normalise`; cached.

    Parameters
    ----------
    path : str or Path, optional
        Another list in the same format (one word per line, ``#`` comments);
        default ``framing/data/stopwords_ar.txt``, whose header documents the
        choices (negation and reporting verbs are stop words there).

    Raises
    ------
    FramingError
        If the file cannot be read or an entry is not one Arabic word
        (the message names ``file:line``).

    >>> {"في", "الذي", "قال"} <= load_stopwords()
    True
    >>> "قوه" in load_stopwords()  # قوة 'force' is a content word
    False
    """
    return _load_stopwords(Path(path) if path is not None else _STOPWORDS_PATH)
