"""The engine's voice and target rules over a table or a text you bring.

A mentions table built elsewhere (hand-coded rows, another tool's hits) gets
its ``voice`` / ``voice_marker`` columns from :func:`add_voice` and its
``target`` / ``target_rule`` from :func:`add_targets`; :func:`find_markers`
and :func:`assign_voice` probe the distancing markers and the voice of any
character span of a text. The same functions as the engine decide
(:class:`framing.measure.engine.DistancingMarkers`,
:func:`~framing.measure.engine.mention_voice`,
:func:`~framing.measure.engine.assign_targets`): nothing is re-implemented here.
These views sit downstream of the engine so that the rules' data
(:mod:`framing.measure.voice`, :mod:`framing.measure.target`) never imports it.
Each function's docstring has its example (:func:`add_voice`: a hand-made row
whose span ما أسماه distances).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from framing.errors import FramingError
from framing.measure.target import KINDS, load_narrowing, load_target_rules
from framing.measure.voice import (DEFAULT_MAX_QUOTE_LENGTH, Marker, _key, clause_ids,
                                   load_markers, load_speech_verbs, quote_tuples, speech_places)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MarkerHit", "add_targets", "add_voice", "assign_voice", "find_markers"]


@dataclass(frozen=True, slots=True)
class MarkerHit:
    """A marker found in a text: its tokens ``[token_start, token_end)`` and the
    tokens it governs ``[scope_start, scope_end)``; ``surface`` is
    ``text[start:end]``."""

    marker_id: str
    family: str
    token_start: int
    token_end: int
    start: int
    end: int
    surface: str
    scope_start: int
    scope_end: int


def find_markers(
    text: str, tokens: Any = None, *, markers: Sequence[Marker] | None = None
) -> list[MarkerHit]:
    """Every distancing marker in ``text`` and the tokens it governs.

    The rules are the engine's (:class:`framing.measure.engine.DistancingMarkers`,
    :func:`framing.measure.engine.marker_scope`).

    Parameters
    ----------
    text
        The article text.
    tokens
        Accepted for compatibility and not read: token indices refer to
        ``framing.text.arabic.tokenise(text)``, whose tokens the engine computes.
    markers
        Compiled markers; default :func:`framing.measure.voice.load_markers`.

    Example
    -------
    >>> from framing.text.arabic import tokenise
    >>> t = "وما يسمى بمجلس نواب طرابلس في طبرق"
    >>> tokens = tokenise(t)
    >>> h = find_markers(t, tokens)[0]
    >>> h.surface, [tok.surface for tok in tokens[h.scope_start:h.scope_end]]
    ('وما يسمى', ['بمجلس', 'نواب', 'طرابلس'])
    """
    found, _, _ = _markers_in(text, markers, DEFAULT_MAX_QUOTE_LENGTH)
    return found


def _markers_in(text: str, markers: Sequence[Marker] | None, max_quote_length: int,
                speakers: Sequence[tuple[int, int]] = ()):
    """(MarkerHit list, the engine's hits, (tokens, quotes)) of a text;
    ``speakers``: the character spans of the names that may open a headline's
    speech (:func:`framing.measure.engine.headline_speech`)."""
    from framing.measure.engine import ArticleTokens, TokenQuotes, direct_speech, headline_speech

    markers = load_markers() if markers is None else markers
    tokens = ArticleTokens(text)
    pairs = quote_tuples(text, max_length=max_quote_length)
    said = speech_places([_key(norm) for norm in tokens.norms], load_speech_verbs(),
                         frozenset())[1]
    direct = direct_speech(tokens, said) if said else []
    pairs += direct
    if speakers:
        starts = [tokens.span(i)[0] for i in range(tokens.n)]
        pairs += headline_speech(tokens, [_token_span(tokens, starts, a, b) for a, b in speakers],
                                 taken={colon for colon, *_ in direct})
    quotes = TokenQuotes(tokens, pairs) if pairs else None
    quote_of = quotes.token_quote.__getitem__ if quotes is not None else (lambda i: -1)
    hits = _finder(tuple(markers)).find(tokens, range(tokens.n), quote_of)
    out = []
    for ts, te, s0, s1, m in hits:
        start, end = tokens.span(ts)[0], tokens.span(te - 1)[1]
        out.append(MarkerHit(m.id, m.family, ts, te, start, end, text[start:end], s0, s1))
    return out, hits, (tokens, quotes)


def _token_span(toks: Any, starts: Sequence[int], a: int, b: int) -> tuple[int, int]:
    """The tokens of ``toks`` (token start offsets ``starts``) overlapping characters ``[a, b)``."""
    i0 = max(bisect.bisect_right(starts, a) - 1, 0)
    if i0 < toks.n and toks.span(i0)[1] <= a:
        i0 += 1
    return i0, max(bisect.bisect_left(starts, b), i0)


@functools.lru_cache(maxsize=8)
def _finder(markers: tuple[Marker, ...]):
    from framing.measure.engine import DistancingMarkers

    return DistancingMarkers(markers)


def assign_voice(
    text: str,
    tokens: Any,
    spans: Iterable[tuple[int, int]],
    *,
    markers: Sequence[Marker] | None = None,
    max_quote_length: int = DEFAULT_MAX_QUOTE_LENGTH,
    names: Iterable[bool] | None = None,
    frames: Iterable[bool] | None = None,
    speakers: Iterable[bool] | None = None,
) -> list[tuple[str, str, bool]]:
    """``(voice, voice_marker, refused)`` for each mention span: the engine's rule
    (:func:`framing.measure.engine.mention_voice`) for character spans.

    Parameters
    ----------
    text
        The article text.
    tokens
        Accepted for compatibility and not read (see :func:`find_markers`).
    spans
        ``(start, end)`` character offsets of the mentions in ``text``
        (``text[start:end]`` is the mention's surface).
    markers
        Compiled distancing markers; default :func:`framing.measure.voice.load_markers`.
    max_quote_length
        Passed to :func:`framing.measure.voice.quote_pairs`.
    names
        For each span, whether it is an actor name (a name alone in
        quotation marks is not quoted); default: none is.
    frames
        For each span, whether it is a frame word (a marker that refuses a
        claim refuses only frame words); default: every one is.
    speakers
        For each span, whether it is a name that may speak a headline after a
        colon (an actor that is no outside party:
        :func:`framing.measure.engine.headline_speech`); default: the actor
        names (``names``). :func:`add_voice` leaves out the outside parties,
        as the engine does.

    Returns
    -------
    list of (str, str, bool)
        One triple per span, in order: voice in :data:`framing.measure.voice.VOICES`, the marker
        (quote marks like ``«…"``, the distancing expression's surface, or
        ``""`` for authorial), and whether that marker refuses the label.

    Example
    -------
    >>> from framing.text.arabic import tokenise
    >>> t = 'ضد من وصفهم ب«الإرهابيين" في بنغازي'
    >>> a = t.index("الإرهابيين")
    >>> assign_voice(t, tokenise(t), [(a, a + 10)])
    [('distanced', 'من وصفهم', False)]
    """
    from framing.measure.engine import mention_voice

    spans = [(int(a), int(b)) for a, b in spans]
    names = [False] * len(spans) if names is None else list(names)
    frames = [True] * len(spans) if frames is None else list(frames)
    speakers = names if speakers is None else list(speakers)
    for a, b in spans:
        if not 0 <= a < b <= len(text):
            raise FramingError(f"assign_voice: span ({a}, {b}) is not inside the text")
    _, hits, (toks, quotes) = _markers_in(text, markers, max_quote_length,
                                          [sp for sp, speaker in zip(spans, speakers) if speaker])
    starts = [toks.span(i)[0] for i in range(toks.n)]
    out: list[tuple[str, str, bool]] = []
    token_spans = [_token_span(toks, starts, a, b) for a, b in spans]
    # the tokens of the actor names: quotation marks around one inside a phrase set it off
    name_tokens = {t for (i0, i1), name in zip(token_spans, names) if name
                   for t in range(i0, i1)}
    for (a, b), (i0, i1), name, frame in zip(spans, token_spans, names, frames):
        q = quotes.innermost(a, b) if quotes is not None else -1
        out.append(mention_voice(i0, i1, q, hits if i0 < i1 else (), quotes, toks, name,
                                 frame=frame, name_tokens=name_tokens))
    return out


def add_voice(
    mentions: pd.DataFrame,
    text: str,
    tokens: Any,
    *,
    markers: Sequence[Marker] | None = None,
) -> pd.DataFrame:
    """The mentions of ONE article with ``voice``, ``voice_marker`` and ``refused`` columns.

    Parameters
    ----------
    mentions
        One row per mention, with ``start`` and ``end`` character offsets into
        ``text``. An ``article`` column, if present, must hold one value.
    text, tokens
        The article and its tokens (``framing.text.arabic.tokenise``).

    Returns
    -------
    DataFrame
        A copy of ``mentions`` with ``voice`` (in :data:`framing.measure.voice.VOICES`),
        ``voice_marker`` (``str``) and ``refused`` (``bool``) set (replaced if already there).

    Example
    -------
    >>> import pandas as pd
    >>> from framing.text.arabic import tokenise
    >>> t = "أعلن حفتر ما أسماه معركة الكرامة"
    >>> m = pd.DataFrame({"start": [t.index("معركة")], "end": [len(t)]})
    >>> add_voice(m, t, tokenise(t))[["voice", "voice_marker"]].values.tolist()
    [['distanced', 'ما أسماه']]
    """
    missing = {"start", "end"} - set(mentions.columns)
    if missing:
        raise FramingError(f"add_voice: mentions table lacks columns {sorted(missing)}")
    if "article" in mentions.columns and mentions["article"].nunique() > 1:
        raise FramingError("add_voice: mentions of several articles; call it once per article")
    kinds = mentions["kind"] if "kind" in mentions.columns else None
    names = None if kinds is None else kinds.eq("actor")
    speakers = names
    if names is not None and "category" in mentions.columns:  # no outside party speaks
        speakers = names & ~mentions["category"].isin(load_target_rules()[0])
    res = assign_voice(
        text, tokens, zip(mentions["start"].tolist(), mentions["end"].tolist()), markers=markers,
        names=None if names is None else names.tolist(),
        frames=None if kinds is None else kinds.eq("frame").tolist(),
        speakers=None if speakers is None else speakers.tolist(),
    )
    out = mentions.copy()
    out["voice"] = [v for v, _, _ in res]
    out["voice_marker"] = [m for _, m, _ in res]
    out["refused"] = [r for _, _, r in res]
    return out


_REQUIRED = ("kind", "sentence", "token_start", "token_end", "category")


def _text_col(s: pd.Series) -> pd.Series:
    """Strings with missing values as ``""``."""
    return s.astype(object).where(s.notna(), "").astype(str).str.strip()


def add_targets(mentions: pd.DataFrame, text: str | None = None) -> pd.DataFrame:
    """The mentions with ``target`` and ``target_rule`` columns (the rule: :mod:`framing.measure.target`).

    A table view of the engine's rules (:func:`framing.measure.engine.assign_targets`).

    Parameters
    ----------
    mentions
        One row per mention with columns ``kind`` (frame | actor | title),
        ``sentence``, ``token_start``, ``token_end`` (half-open), ``category``,
        optionally ``refers_to`` (missing/empty = none), ``family`` (the pole
        of a frame anchor, for the contrast rule), ``entry_id`` (default
        referents and event names, :func:`framing.measure.target.load_narrowing`), ``opposed`` (the
        opposition cue, empty = none), ``naming`` (that cue is a verb of
        naming), ``cue_after`` (:func:`framing.measure.engine.cue_after`),
        ``conjunct`` (:func:`framing.measure.engine.conjunct_of`), ``affiliated``
        (:func:`framing.measure.engine.affiliation_object`),
        ``liberation`` (a liberation verb), ``someone`` (a title of a person
        no lexicon names, :func:`framing.measure.engine.names_someone`),
        ``said_from`` (in reported speech: the token of its complementiser,
        -1 for none), ``located`` (:func:`framing.measure.engine.located_in`,
        -1 for none), ``article`` (mentions are only linked within one
        article) and ``clause``.
    text
        The article text, needed only when there is no ``clause`` column: the
        clause of each mention is then computed from its ``start`` offset.

    Returns
    -------
    DataFrame
        A copy with ``target`` (an actor group or ``""``) and ``target_rule``
        (in :data:`framing.measure.target.TARGET_RULES`); row order and index kept.

    Raises
    ------
    FramingError
        On missing columns or an unknown ``kind``.

    Example
    -------
    >>> import pandas as pd
    >>> t = "ميليشيات حفتر، الإرهابيين"
    >>> m = pd.DataFrame({"kind": ["frame", "actor", "frame"], "sentence": [0, 0, 0],
    ...                   "start": [0, 9, 15], "token_start": [0, 1, 2], "token_end": [1, 2, 3],
    ...                   "category": ["militia", "haftar", "terrorism"]})
    >>> add_targets(m, t)["target_rule"].tolist()
    ['adjacent', 'self', 'nearest']
    """
    from framing.measure.engine import TargetInput, assign_targets

    missing = [c for c in _REQUIRED if c not in mentions.columns]
    if missing:
        raise FramingError(f"add_targets: mentions table lacks columns {missing}")
    kinds = mentions["kind"].astype(str).tolist()
    bad = sorted(set(kinds) - set(KINDS))
    if bad:
        raise FramingError(f"add_targets: unknown mention kind(s) {bad}; expected one of {KINDS}")
    n = len(mentions)
    if "clause" in mentions.columns:
        clauses = mentions["clause"].tolist()
    elif text is not None and "start" in mentions.columns:
        if "article" in mentions.columns and mentions["article"].nunique() > 1:
            raise FramingError(
                "add_targets: one text for mentions of several articles; give a 'clause' column"
            )
        clauses = clause_ids(text, mentions["start"].astype(int).tolist())
    else:
        raise FramingError("add_targets: need a 'clause' column, or 'start' offsets and the article text")

    def column(name: str) -> list[str]:
        return _text_col(mentions[name]).tolist() if name in mentions.columns else [""] * n

    categories, refers_to, families, opposed, entry_ids = (
        column(c) for c in ("category", "refers_to", "family", "opposed", "entry_id"))

    def flags(name: str, default: object) -> list:
        if name not in mentions.columns:
            return [default] * n
        return mentions[name].fillna(default).astype(type(default)).tolist()

    liberation, naming, after, conjunct, affiliated = flags("liberation", False), \
        flags("naming", False), flags("cue_after", -1), flags("conjunct", 0), flags("affiliated", -1)
    someone, said_from, located = (
        flags("someone", False), flags("said_from", -1), flags("located", -1))
    narrowing = load_narrowing()
    rows = [TargetInput(int(ts), int(te), kind, sentence, clause, category, family,
                        category if kind == "actor" else own, bool(cue), free,
                        narrowing.defaults.get(entry, "") if kind == "frame" and not own else "",
                        entry in narrowing.events, named, beyond, joined, owner, person, said,
                        where)
            for ts, te, kind, sentence, clause, category, family, own, cue, free, entry, named,
            beyond, joined, owner, person, said, where in zip(
                mentions["token_start"], mentions["token_end"], kinds, mentions["sentence"].tolist(),
                clauses, categories, families, refers_to, opposed, liberation, entry_ids, naming,
                after, conjunct, affiliated, someone, said_from, located)]
    articles = mentions["article"].tolist() if "article" in mentions.columns else [0] * n
    by_article: dict[object, list[int]] = {}
    for k, article in enumerate(articles):
        by_article.setdefault(article, []).append(k)
    outside, opponents = load_target_rules()
    chosen: list[tuple[str, str]] = [("", "none")] * n
    # the author's own voice, where the table has it (label inversion reads it)
    own = (mentions["voice"].astype(str).eq("authorial").tolist() if "voice" in mentions.columns
           else [True] * n)
    for positions in by_article.values():
        for k, pair in zip(positions, assign_targets([rows[k] for k in positions], outside,
                                                     opponents, narrowing,
                                                     [own[k] for k in positions])):
            chosen[k] = pair
    out = mentions.copy()
    out["target"] = [t for t, _ in chosen]
    out["target_rule"] = [r for _, r in chosen]
    return out
