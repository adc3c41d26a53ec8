"""Voice: whose words is a mention in — the author's, a quoted source's, or disowned?

Every mention (frame word, actor name, title) gets one of three voices and the
marker that decided it:

``authorial``
    the writer's own words; ``voice_marker`` is ``""``.
``quoted``
    inside quotation marks; ``voice_marker`` shows the marks, e.g. ``«…"``.
``distanced``
    governed by a distancing expression (ما يسمى، من وصفهم بـ، حسب كلامه،
    المزعوم، بحجة …); ``voice_marker`` is that expression's surface text,
    and ``refused`` says whether it *refuses* the label (ما يسمى، المزعوم،
    بدعوى: the writer's own stance against the word, counted at the
    opposite pole) or only attributes it (حسب كلامه، من وصفهم بـ، اتهم).

An actor name alone in quotation marks (حكومة «الوفاق»، "فجر ليبيا") is not
quoted: quotation marks around a proper name are house style. Nor is a phrase
whose first word is outside the marks around a name inside it (ميليشيات "حفتر").

Direct speech without quotation marks is quoted too: a colon at most
:data:`REPORT_WINDOW` tokens after a verb of saying opens the speaker's words,
which run to the end of the sentence (وقال العميد في تصريح: …;
``voice_marker`` ``:…``; :func:`framing.measure.engine.direct_speech`). A colon
after no verb of saying (a dateline, a heading) quotes nothing.

Quotation marks (:func:`quote_pairs`)
-------------------------------------
The corpus mixes « » “ ” and straight ``"`` freely: it opens with « and closes
with a straight quote (``و«المقاتلين"``), glues quotes to proclitics
(``ل"عملية``) and leaves some straight quotes unclosed. The pairing is a single
left-to-right pass per paragraph with a stack of open quotes:

1. every double quote mark is classified by what touches it: *opening* when a
   letter/digit follows and whitespace (or the paragraph start, or an opening
   bracket) precedes, or when only a one-letter proclitic (و ف ب ل ك) stands
   between a space and the mark (``ل"عملية``); *closing* when a letter, digit
   or sentence punctuation precedes and whitespace/punctuation/the paragraph
   end follows; otherwise *ambiguous*;
2. ``«`` always opens; ``“``/``„`` open unless they are clearly closing while a
   quote is open;
3. ``»`` closes the innermost open ``«`` (anything opened inside it is left
   unmatched); with no ``«`` open it is ignored;
4. ``"`` and ``”`` that are closing or ambiguous close the innermost open
   quote of *any* kind — this is what pairs ``«…"``; with nothing open an
   ambiguous one opens (a ``”`` that is closing with nothing open is ignored);
5. an opening ``"`` while the innermost open quote is itself a straight ``"``
   means that one was never closed (straight quotes cannot be told apart when
   nested): it is left unmatched and the new one opens;
6. an open quote never reaches past its paragraph or past ``max_length``
   characters (default 500; the longest quotation in the seeds is ~260).

An unmatched opening mark still yields a :class:`Quote` (``close == ""``),
cut at the first of: the end of its sentence (. ! ? ؟ ؛ ; …), the mark that
showed it unmatched, its paragraph end, ``max_length``; and, so that
quotations always nest, before a later quotation it would run into (or with
the quotation it started inside). Stray closing marks are ignored. Everything
is deterministic: the same text always gives the same pairs.

A mention is *inside* a quotation when any of its characters lies between the
marks (so ``ب«الإرهابيين"``, whose token starts with the proclitic before «,
is inside); the innermost such quotation gives the ``voice_marker``.

Scare quotes and quotations are the same voice. A quoted span that is only a
term (``"المجموعات الإرهابية"``) and a quoted sentence are both ``quoted``: the
issue defines the voice as "inside quotation marks", both put the words in
someone else's mouth, and telling them apart needs a parser we do not have.
:attr:`Quote.kind` (``"term"`` for at most three words with no sentence
punctuation, else ``"quotation"``) is there for whoever wants to split them.

Distancing markers (:func:`load_markers`)
-----------------------------------------
The markers are data, ``framing/data/voice_markers.yaml`` (format described at
its top): token templates over normalised tokens with macros for pronoun
suffixes and proclitics, an optional condition on the next token (``ب*``), and
a scope: ``forward`` (the noun phrase that follows: up to ``window`` tokens,
ending before a stop word, a clause boundary, or a change of quotation — when
it starts on a complementiser such as أن it is the rest of the clause instead)
or ``backward`` (المزعوم: the 1–3 tokens before it; حسب كلامه: back to the
complementiser that opens the reported content, at most 8 tokens, across
commas but not across a sentence end). A clause-wide forward scope (زعم،
تعلل …) governs the claim: what follows a complementiser among its first three
tokens (``تعلل حفتر بأن طيرانه …`` governs ``طيرانه …``, not Haftar).
Matching is greedy, left to right, the longest pattern at a position winning
(ties: the first in the file); a marker never spans a clause boundary.

A mention is *governed* when one of its tokens is in a marker's scope (and none
is part of the marker); the nearest such marker (in tokens; ties: the earlier
one) decides.

Precedence
----------
When a mention is both inside quotation marks and governed by a marker:

* the marker is *outside* that quotation (``ما سماه "مليشيات إسلامية"``,
  ``من يصفهم ب«مجموعات إرهابية"``) → ``distanced``: the writer has taken an
  explicit stance on the quoted label, which is the more specific fact, and
  the quote marks merely delimit the label being disowned;
* the marker is *inside* the same quotation → ``quoted``: the distancing is the
  quoted speaker's, not the writer's.

Clauses
-------
Scopes use the clauses and sentences of :mod:`framing.text.arabic` (``Token.clause``,
``Token.sentence``): a clause ends at ، , ؛ ; : . ! ? ؟ …, dashes, parentheses
and line ends; quotation marks do not end one.

Example
-------
>>> from framing.measure.apply import assign_voice  # the engine's rule, for spans
>>> from framing.text.arabic import tokenise
>>> text = 'هاجم حفتر ما يسمى بالجماعات الإرهابية ثم قال إن "الإرهاب" انتهى.'
>>> tokens = tokenise(text)
>>> spans = [(text.index("الإرهابية"), text.index("الإرهابية") + 9),
...          (text.index("الإرهاب\\""), text.index("الإرهاب\\"") + 7)]
>>> assign_voice(text, tokens, spans)
[('distanced', 'ما يسمى', True), ('quoted', '"…"', False)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from framing.errors import FramingError

VOICES: tuple[str, ...] = ("authorial", "quoted", "distanced")
MARKERS_FILE = Path(__file__).resolve().parents[1] / "data" / "voice_markers.yaml"
DEFAULT_MAX_QUOTE_LENGTH = 500
#: the window of a forward noun-phrase scope that begins with a complementiser
CLAUSE_WINDOW = 12

# ---------------------------------------------------------------------------
# clauses
# ---------------------------------------------------------------------------


def clause_ids(text: str, offsets: Iterable[int]) -> list[int]:
    """A clause number for each character offset, from ``framing.text.arabic.clause_breaks``.

    Two offsets get the same number iff no clause break (``، , ؛ ; : . ! ? ؟ …``,
    dashes, parentheses, line ends) lies between them. The numbers increase
    through the text but are not indices into ``clause_spans``.

    >>> t = "قوات حفتر، الإرهابيين"
    >>> clause_ids(t, [0, t.index("الإرهابيين")])
    [0, 1]
    """
    from framing.text.arabic import clause_breaks

    breaks = sorted(clause_breaks(text))
    return [bisect.bisect_left(breaks, int(o)) for o in offsets]


# ---------------------------------------------------------------------------
# quotation marks
# ---------------------------------------------------------------------------

_PROCLITIC_LETTERS = frozenset("وفبلك")
_OPEN_BRACKETS = frozenset("([{«“„")
_CLOSING_PUNCT = frozenset(".!?؟…,،;؛:)]}")
_QUOTE_MARKS = '«»“”„"'
# as framing.text.arabic: what ends a sentence, and what ends a paragraph
_SENTENCE_END = frozenset(".!?؟؛;…")
# (\r\n or one break character; written to start with a character class,
# which lets the regex engine skip ordinary text quickly)
_PARAGRAPH_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029](?:(?<=\r)\n)?")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``text[start:end]`` includes its marks.

    ``close`` is ``""`` when no closing mark was found (then ``end`` is where
    the quotation was cut, see the module docstring). ``depth`` is 0 for an
    outermost quotation.
    """

    start: int
    end: int
    open: str
    close: str
    depth: int
    kind: str  # "term" | "quotation"

    @property
    def balanced(self) -> bool:
        return bool(self.close)

    @property
    def content_start(self) -> int:
        return self.start + 1

    @property
    def content_end(self) -> int:
        return self.end - 1 if self.close else self.end

    @property
    def marker(self) -> str:
        """The marks, e.g. ``«…"``, ``"…"`` or ``"…`` (unmatched)."""
        return f"{self.open}…{self.close}"


def _is_wordish(ch: str) -> bool:
    return ch.isalnum() or ch == "ـ" or "\u064b" <= ch <= "\u065f" or ch == "\u0670"


@lru_cache(maxsize=4096)
def _classify_context(prev2: str, prev: str, nxt: str) -> str:
    """'open', 'close' or 'ambiguous' for a quote mark between ``prev2 prev``
    and ``nxt`` (``""``: the paragraph's edge)."""
    right = bool(nxt) and (_is_wordish(nxt) or nxt in _OPEN_BRACKETS)
    left = bool(prev) and (_is_wordish(prev) or prev in _CLOSING_PUNCT)
    # a one-letter proclitic glued to an opening mark: ` ل"عملية`, ` و«…`
    if right and prev in _PROCLITIC_LETTERS and (prev2 == "" or prev2.isspace() or prev2 in _OPEN_BRACKETS):
        return "open"
    if right and not left:
        return "open"
    if left and not right:
        return "close"
    return "ambiguous"


def _classify(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'ambiguous' for the quote mark at ``i`` (paragraph [lo, hi))."""
    return _classify_context(text[i - 2] if i - 1 > lo else "", text[i - 1] if i > lo else "",
                             text[i + 1] if i + 1 < hi else "")


def _quote_kind(text: str, a: int, b: int) -> str:
    content = text[a:b]
    if len(content.split()) <= 3 and not any(c in ".!?؟،,؛;:" for c in content):
        return "term"
    return "quotation"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the non-empty paragraphs (str.splitlines breaks
    exactly at the characters of _PARAGRAPH_BREAK, and at \\r\\n as one)."""
    spans, lo = [], 0
    for line in text.splitlines(True):
        end = lo + len(line)
        body = end - (2 if line.endswith("\r\n") else 1 if _PARAGRAPH_BREAK.match(line[-1]) else 0)
        if body > lo:
            spans.append((lo, body))
        lo = end
    return spans


def quote_pairs(text: str, *, max_length: int = DEFAULT_MAX_QUOTE_LENGTH) -> list[Quote]:
    """All quotations of ``text``, paired as described in the module docstring.

    Parameters
    ----------
    text
        The article text (offsets refer to it).
    max_length
        No quotation is longer than this many characters (marks included);
        an opening mark with no closing one within it is left unmatched.

    Returns
    -------
    list of Quote
        Sorted by ``start``; nested quotations have ``depth > 0``.

    Example
    -------
    >>> t = 'و«المقاتلين" و"الثوار"'
    >>> [(q.marker, t[q.content_start:q.content_end]) for q in quote_pairs(t)]
    [('«…"', 'المقاتلين'), ('"…"', 'الثوار')]
    >>> q = quote_pairs('قال "لن نتوقف. ثم مضى')[0]
    >>> q.close, 'قال "لن نتوقف. ثم مضى'[q.start:q.end]
    ('', '"لن نتوقف')
    """
    return [Quote(start, end, mark, close, depth,
                  _quote_kind(text, start + 1, end - 1 if close else end))
            for start, end, mark, close, depth in quote_tuples(text, max_length=max_length)]


def quote_tuples(text: str, *, max_length: int = DEFAULT_MAX_QUOTE_LENGTH) -> list[tuple]:
    """:func:`quote_pairs` as plain tuples ``(start, end, open, close, depth)``
    (no ``kind``): what the engine uses (:class:`framing.measure.engine.TokenQuotes`)."""
    if max_length < 2:
        raise FramingError(f"quote_pairs: max_length must be at least 2, got {max_length!r}")
    quotes: list[tuple] = []
    marks = _quote_marks(text)
    if not marks:
        return quotes
    add = quotes.append
    classify = _classify_context

    for lo, hi in _paragraphs(text):
        stack: list[tuple[int, str]] = []  # (offset, mark)

        def unmatched(pos: int, mark: str, cut: int, depth: int) -> None:
            # cut at the sentence end, the mark that showed it unmatched, the
            # paragraph end or max_length, whichever comes first
            limit = min(cut, hi, pos + max_length)
            j = pos + 1
            while j < limit and text[j] not in _SENTENCE_END:
                j += 1
            add((pos, j, mark, "", depth))

        def close(k: int, i: int, mark: str) -> None:
            # close stack[k]; everything opened after it is unmatched
            for d in range(len(stack) - 1, k, -1):
                pos, m = stack[d]
                unmatched(pos, m, i, d)
            pos, m = stack[k]
            add((pos, i + 1, m, mark, k))
            del stack[k:]

        # only the quote marks matter: visit them, not every character
        for i in marks[bisect.bisect_left(marks, lo):bisect.bisect_left(marks, hi)]:
            ch = text[i]
            # expire quotations that would become too long
            while stack and i + 1 - stack[0][0] > max_length:
                pos, m = stack.pop(0)
                unmatched(pos, m, i, 0)
            cls = classify(text[i - 2] if i - 1 > lo else "", text[i - 1] if i > lo else "",
                           text[i + 1] if i + 1 < hi else "")
            if ch == "«":
                stack.append((i, ch))
            elif ch == "»":
                ks = [k for k, (_, m) in enumerate(stack) if m == "«"]
                if ks:
                    close(ks[-1], i, ch)
            elif ch in "“„":
                if cls == "close" and stack:
                    close(len(stack) - 1, i, ch)
                else:
                    stack.append((i, ch))
            elif ch == "”":
                if stack and cls != "open":
                    close(len(stack) - 1, i, ch)
                elif cls != "close":
                    stack.append((i, ch))
            else:  # straight "
                if cls == "open":
                    if stack and stack[-1][1] == '"':
                        pos, m = stack.pop()
                        unmatched(pos, m, i, len(stack))
                    stack.append((i, ch))
                elif stack:
                    close(len(stack) - 1, i, ch)
                elif cls == "ambiguous":
                    stack.append((i, ch))
        for d in range(len(stack) - 1, -1, -1):
            pos, m = stack[d]
            unmatched(pos, m, hi, d)

    quotes.sort(key=_by_start_then_longest)
    # only unmatched quotations (close == "") can partly overlap another
    return _nest(quotes) if any(not q[3] for q in quotes) else quotes


def _quote_marks(text: str) -> list[int]:
    """The offsets of every quote mark, in order (str.find per mark: a few
    times faster than a regex character class over the whole text)."""
    found: list[int] = []
    for mark in _QUOTE_MARKS:
        i = text.find(mark)
        while i >= 0:
            found.append(i)
            i = text.find(mark, i + 1)
    found.sort()
    return found


def _by_start_then_longest(q: tuple) -> tuple[int, int]:
    return q[0], -q[1]


def _nest(quotes: list[tuple]) -> list[tuple]:
    """Cut unmatched quotations so that no two quotations partly overlap.

    An unmatched one that runs into a later quotation ends where that one
    starts; one that starts inside another and runs past it ends with it.
    """
    qs = sorted(quotes, key=_by_start_then_longest)
    changed = True
    while changed:
        changed = False
        for k, u in enumerate(qs):
            if u[3]:
                continue
            u_start, end = u[0], u[1]
            for p in qs:
                if p is u:
                    continue
                if u_start < p[0] < end < p[1]:
                    end = p[0]
                elif p[0] < u_start < p[1] < end:
                    end = p[1]
            if end != u[1]:
                qs[k] = (u_start, end, u[2], "", u[4])
                changed = True
        qs.sort(key=_by_start_then_longest)
    return qs


def quote_spans(text: str, *, max_length: int = DEFAULT_MAX_QUOTE_LENGTH) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation, marks included (see :func:`quote_pairs`).

    >>> t = 'ضد «الإرهابيين" و"الثوار"'
    >>> [t[a:b] for a, b in quote_spans(t)]
    ['«الإرهابيين"', '"الثوار"']
    """
    return [(q.start, q.end) for q in quote_pairs(text, max_length=max_length)]


# ---------------------------------------------------------------------------
# distancing markers: the data file
# ---------------------------------------------------------------------------

_SCOPES = ("forward", "backward")
_TEMPLATE_SYNTAX = set("|()?*")
_MACRO = re.compile(r"\{([A-Z_]+)(\??)\}")
_ARABIC_RUN = re.compile(r"[^|()?*]+")


@dataclass(frozen=True, slots=True)
class Marker:
    """One distancing expression family, compiled from the YAML file."""

    id: str
    family: str
    gloss: str
    patterns: tuple[tuple[re.Pattern[str], ...], ...]
    next: re.Pattern[str] | None
    scope: str
    window: int
    stop: frozenset[str]
    cross_clause: bool
    clause_stop: frozenset[str]  # complementisers: a forward scope starting on one covers the clause
    refuses: bool = False  # the writer rejects the label it governs (ما يسمى، المزعوم، بدعوى)
    refuses_names: bool = False  # … and a name it governs (ما يسمى الجيش; not بدعوى: a claim)


def _key(norm: str) -> str:
    """The matching key of a normalised token: final ى and ي are one letter here."""
    return norm.replace("ى", "ي")


def _normalise(s: str) -> str:
    from framing.text.arabic import normalise

    return _key(normalise(s))


def _compile_template(template: str, macros: dict[str, str], where: str) -> re.Pattern[str]:
    def expand(m: re.Match[str]) -> str:
        name, opt = m.group(1), m.group(2)
        if name not in macros:
            raise FramingError(f"{where}: unknown macro {{{name}}} in template {template!r}")
        return f"({macros[name]}){opt}"

    s = template
    for _ in range(5):  # macros may use macros
        s2 = _MACRO.sub(expand, s)
        if s2 == s:
            break
        s = s2
    if "{" in s or "}" in s:
        raise FramingError(f"{where}: bad macro syntax in template {template!r}")
    for ch in s:
        if ch not in _TEMPLATE_SYNTAX and not ("\u0600" <= ch <= "\u06ff"):
            raise FramingError(f"{where}: character {ch!r} not allowed in template {template!r}")

    def norm_run(m: re.Match[str]) -> str:
        out = _normalise(m.group(0))
        if not out or any(c in out for c in "|()?*\\[]{}.+^$"):
            raise FramingError(f"{where}: {m.group(0)!r} in template {template!r} normalises to nothing")
        return out

    s = _ARABIC_RUN.sub(norm_run, s)
    s = s.replace("(", "(?:").replace("*", r"\S*")
    try:
        return re.compile(f"(?:{s})")
    except re.error as exc:
        raise FramingError(f"{where}: template {template!r} is not valid ({exc})") from None


def _load(path: Path) -> tuple[Marker, ...]:
    from framing.measure.lexicon import safe_load

    where = str(path)
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FramingError(f"{where}: cannot read voice markers ({type(exc).__name__}: {exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("markers"), list):
        raise FramingError(f"{where}: expected a mapping with a 'markers' list")
    macros = {str(k): str(v) for k, v in (raw.get("macros") or {}).items()}
    stoplists = {
        str(k): frozenset(_normalise(str(w)) for w in (v or []))
        for k, v in (raw.get("stoplists") or {}).items()
    }
    stoplists["none"] = frozenset()
    clause_stop = stoplists.get("report", frozenset())
    seen: set[str] = set()
    markers = []
    for n, e in enumerate(raw["markers"]):
        if not isinstance(e, dict) or not e.get("id"):
            raise FramingError(f"{where}: marker #{n + 1} has no id")
        mid = str(e["id"])
        w = f"{where}: marker {mid!r}"
        if mid in seen:
            raise FramingError(f"{w} is defined twice")
        seen.add(mid)
        pats = e.get("patterns")
        if not isinstance(pats, list) or not pats:
            raise FramingError(f"{w} needs a non-empty 'patterns' list")
        scope = e.get("scope")
        if scope not in _SCOPES:
            raise FramingError(f"{w}: scope must be one of {_SCOPES}, got {scope!r}")
        window = e.get("window")
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise FramingError(f"{w}: window must be a positive integer, got {window!r}")
        stop = str(e.get("stop", "none"))
        if stop not in stoplists:
            raise FramingError(f"{w}: unknown stoplist {stop!r}")
        cross = e.get("cross_clause", False)
        if not isinstance(cross, bool):
            raise FramingError(f"{w}: cross_clause must be true or false, got {cross!r}")
        compiled = tuple(
            tuple(_compile_template(t, macros, w) for t in str(p).split()) for p in pats
        )
        if any(not p for p in compiled):
            raise FramingError(f"{w}: an empty pattern")
        refuses = e.get("refuses", False)
        if refuses not in (True, False, "words"):
            raise FramingError(f"{w}: refuses must be true, false or words, got {refuses!r}")
        nxt = e.get("next")
        markers.append(
            Marker(
                id=mid,
                family=str(e.get("family", "")),
                gloss=str(e.get("gloss", "")),
                patterns=compiled,
                next=_compile_template(str(nxt), macros, w) if nxt else None,
                scope=scope,
                window=window,
                stop=stoplists[stop],
                cross_clause=cross,
                clause_stop=clause_stop,
                refuses=bool(refuses),
                refuses_names=refuses is True,
            )
        )
    return tuple(markers)


@lru_cache(maxsize=8)
def _load_cached(path: str) -> tuple[Marker, ...]:
    return _load(Path(path))


def load_markers(path: str | Path | None = None) -> tuple[Marker, ...]:
    """Compile the distancing markers of a YAML file (default: the bundled one).

    Raises :class:`FramingError` naming the file and marker on any bad entry.

    >>> [m.id for m in load_markers()][:2]
    ['so_called', 'known_as']
    """
    return _load_cached(str(Path(path).resolve() if path is not None else MARKERS_FILE))


# ---------------------------------------------------------------------------
# reported speech: a verb of saying, then a complementiser
# ---------------------------------------------------------------------------

SPEECH_VERBS_FILE = Path(__file__).resolve().parents[1] / "data" / "speech_verbs.yaml"


@lru_cache(maxsize=4)
def _load_speech_verbs(path: str) -> frozenset[str]:
    from framing.measure.lexicon import safe_load

    try:
        raw = safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FramingError(f"{path}: cannot read verbs of saying ({type(exc).__name__}: {exc})") \
            from None
    if not isinstance(raw, dict) or not isinstance(raw.get("verbs"), list) or not raw["verbs"]:
        raise FramingError(f"{path}: expected a mapping with a non-empty 'verbs' list")
    forms: set[str] = set()
    for n, verb in enumerate(raw["verbs"], start=1):
        written = verb.get("forms") if isinstance(verb, dict) else None
        if (not isinstance(written, list) or not written
                or not all(isinstance(w, str) and _normalise(w) for w in written)):
            raise FramingError(f"{path}: verb #{n} needs 'forms', a list of Arabic words")
        for w in written:
            key = _normalise(w)
            forms |= {key, "و" + key, "ف" + key}
    return frozenset(forms)


def load_speech_verbs(path: str | Path | None = None) -> frozenset[str]:
    """The verbs of saying (normalised, ى as ي, with و / ف before them too)
    of a YAML file (default: the bundled ``speech_verbs.yaml``)."""
    return _load_speech_verbs(str(Path(path).resolve() if path is not None else SPEECH_VERBS_FILE))


#: At most this many words between a verb of saying and its complementiser
#: (the speaker: "وقالت حكومة طبرق التي تتبع حفتر في رسالة علنية للعالم أنها").
REPORT_WINDOW = 12


def reported_by(tokens: Sequence[Any], token_starts: Iterable[int], *,
                verbs: frozenset[str] | None = None,
                markers: Sequence[Marker] | None = None) -> list[str]:
    """For each mention (its first token), the reported speech it sits in:
    ``"verb … complementiser"`` as written, or ``""``.

    A mention is in reported speech when the nearest complementiser before it
    in its sentence (the ``report`` stoplist of the voice markers: أن، إن،
    بأن …) has a verb of saying (:func:`load_speech_verbs`) at most
    :data:`REPORT_WINDOW` words before it. A complementiser with و (وأن،
    وأنها) continues the claim before it, so the search goes on to the
    previous complementiser. Words between the verb and the complementiser
    (the speaker) are not marked.

    >>> from framing.text.arabic import tokenise
    >>> t = tokenise("نفى اللواء المتقاعد أن تكون العملية انقلابا.")
    >>> reported_by(t, [1, 5])
    ['', 'نفى … أن']
    """
    verbs = load_speech_verbs() if verbs is None else verbs
    markers = load_markers() if markers is None else markers
    opens = markers[0].clause_stop if markers else frozenset()
    keys = [_key(t.norm) for t in tokens]
    sentences = [t.sentence for t in tokens]
    places = speech_places(keys, verbs, opens)
    out = []
    for i in token_starts:
        found = reported_speech_at(i, sentences, *places)
        out.append(f"{tokens[found[0]].surface} … {tokens[found[1]].surface}" if found else "")
    return out


def speech_places(keys: Sequence[str], verbs: frozenset[str], opens: frozenset[str]
                  ) -> tuple[list[int], list[int], set[int]]:
    """What :func:`reported_speech_at` reads of a text: the positions of its
    complementisers (``opens``), of its verbs of saying, and of the
    complementisers written with و (a coordinated claim), from token keys
    (normalised, ى as ي).

    >>> speech_places(["قال", "ان", "وان"], frozenset({"قال"}), frozenset({"ان", "وان"}))
    ([1, 2], [0], {2})
    """
    openers = [k for k, key in enumerate(keys) if key in opens]
    return (openers, [k for k, key in enumerate(keys) if key in verbs],
            {k for k in openers if keys[k].startswith("و")})


def reported_speech_at(i: int, sentences: Sequence[int], openers: Sequence[int],
                       verbs: Sequence[int], coordinated: set[int] | frozenset[int]
                       ) -> tuple[int, int] | None:
    """The rule of :func:`reported_by` for the token at ``i``: ``(verb,
    complementiser)`` token indices, or None — where reported speech is
    decided, for every mention the engine finds.

    ``openers`` and ``verbs`` are the sorted positions of the text's
    complementisers and verbs of saying, ``coordinated`` the complementisers
    written with و (:func:`speech_places`). The nearest complementiser
    before ``i`` in its sentence is a verb's when a verb of saying comes at
    most :data:`REPORT_WINDOW` tokens before it, in the sentence; a
    coordinated one (وأن) continues the claim before it, so the search goes
    on to the previous complementiser.

    >>> reported_speech_at(3, [0] * 4, [2], [0], set())
    (0, 2)
    >>> reported_speech_at(3, [0, 1, 1, 1], [2], [0], set()) is None
    True
    """
    sentence = sentences[i]
    k = bisect.bisect_left(openers, i) - 1
    while k >= 0 and sentences[openers[k]] == sentence:
        opener = openers[k]
        v = bisect.bisect_left(verbs, opener) - 1
        if v >= 0 and verbs[v] >= opener - REPORT_WINDOW and sentences[verbs[v]] == sentence:
            return verbs[v], opener
        if opener not in coordinated:
            return None
        k -= 1  # a coordinated claim: the complementiser before
    return None


__all__ = [
    "VOICES",
    "Quote",
    "Marker",
    "quote_pairs",
    "quote_tuples",
    "quote_spans",
    "load_markers",
    "clause_ids",
    "load_speech_verbs",
    "reported_by",
    "reported_speech_at",
    "speech_places",
]
