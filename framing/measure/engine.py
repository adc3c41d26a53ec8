"""The measurement engine: one pass over one article yields its mention records.

Every lexicon hit of an article — frame word, actor name, title — becomes one
:class:`Mention` (the columns of :data:`framing.measure.mentions.MENTION_COLUMNS`):
where it is, what it matched, whose voice it is in, and which actor group it
characterises. The mentions table (:func:`framing.measure.mentions.measure`), the
score row (:func:`framing.measure.scorer.score_row`), ``framing score``,
``framing mentions``, KWIC and the annotated article are all views of these
records: every rule is written once, here or in the module this one names.

Where each rule lives
---------------------
==========================  ==================================================
tokens, sentences, clauses  :class:`framing.text.arabic.ArticleTokens`, the
                            one tokeniser (:func:`framing.text.arabic.tokenise`
                            is a view of it)
lexicon forms               :func:`framing.measure.match.build_matcher` (the index)
a match, overlaps, phrases  :meth:`Engine.match_lexicons`, with
                            :func:`framing.measure.match.match_plan`,
                            :func:`~framing.measure.match.phrase_spans` and
                            :func:`~framing.measure.match.layer_matches` (the
                            rule :func:`framing.measure.match.find_matches`
                            applies to a token list)
a frame word inside a name  :func:`framing.measure.match.inside_a_name`
quotation marks paired      :func:`framing.measure.voice.quote_tuples`
a token's quotation         :class:`TokenQuotes`
a distancing marker found   :meth:`DistancingMarkers.find`
its scope decided           :func:`marker_scope`
a mention's voice           :func:`mention_voice`
reported speech             :func:`framing.measure.voice.reported_speech_at`
opposition cue              :func:`opposition_cue` (:func:`subject_of`,
                            :func:`beside`, :func:`qualifies_an_act`,
                            :func:`fought_after`)
a target chosen             :func:`assign_targets`: ``self``, ``label``,
                            :func:`choose_target` (rules b–c, contrast, the
                            opposition guard; :func:`affiliation_object`,
                            :func:`located_in`, :func:`names_someone`),
                            :func:`opponent_of_subject`
                            (c'), :func:`one_referent_per_name`
                            (``discourse``), :func:`resolve_anaphora` (e),
                            :func:`unattached_labels` (f)
neutral names               :func:`framing.measure.match.neutral_names`
what a mention counts for   :func:`framing.measure.scorer.terms_fed`
the score row, a title      :func:`framing.measure.scorer.score_row`,
                            :func:`framing.measure.scorer.most_frequent_title`
the index interval          :func:`framing.measure.uncertainty.index_interval`,
                            :class:`framing.measure.scorer.SentenceBootstrap`
==========================  ==================================================

Speed comes from how this one engine is written, never from a second copy of
the rules: the text is cut at spaces and each cut looked up once in a dict
(the tokeniser runs on new words only); a second dict maps a norm to what it
can match; matching, voice, cues and targets run only on the tokens that hit
a lexicon; distancing markers are looked for from their rare second word
(يسمى، وصفهم، كلامه …) rather than at every ما، من، على; each quotation is
mapped once to the tokens it covers.

Example
-------
>>> engine = Engine()
>>> found = engine.measure("x", "قوات حفتر تقصف الإرهابيين في بنغازي.")
>>> found.tokens, [(m.surface, m.kind, m.target, m.target_rule) for m in found.mentions]
(6, [('قوات حفتر', 'actor', 'haftar', 'self'), ('الإرهابيين', 'frame', 'haftar_adversaries', 'opponent')])
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from functools import partial
from itertools import compress, count
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from framing.measure.match import inside_a_name, layer_matches, match_plan, phrase_spans
from framing.measure.schema import MENTION_COLUMNS
from framing.measure.target import POLARITY
from framing.measure.voice import CLAUSE_WINDOW, quote_tuples, reported_speech_at
from framing.text.arabic import ArticleTokens, ComputeOnce

__all__ = ["ArticleTokens", "Engine", "Measurement", "Mention", "TargetInput", "TokenQuotes",
           "assign_targets", "choose_target", "cue_after", "naming_verb_before",
           "marker_scope", "mention_voice", "opponent_of_subject",
           "opposition_cue", "resolve_anaphora"]


class Mention(NamedTuple):
    """One row of the mentions table (see :mod:`framing.measure.mentions` for the columns)."""

    article: str
    sentence: int
    paragraph: int
    clause: int
    start: int
    end: int
    token_start: int
    token_end: int
    surface: str
    entry: str
    entry_id: str
    gloss: str
    kind: str
    category: str
    family: str
    refers_to: str
    voice: str
    voice_marker: str
    refused: bool
    reported_by: str
    target: str
    target_rule: str
    opposed: str
    title_rank: int | None


assert list(Mention._fields) == MENTION_COLUMNS  # one definition of the columns


class Measurement(NamedTuple):
    """What the engine measures in one article: its size (the denominators)
    and its mentions, in table order (by start, then frame/actor/title, then end)."""

    article: str
    tokens: int
    sentences: int
    characters: int
    mentions: list[Mention]


# ===========================================================================
# The rules, one function each, over plain token arrays
# ===========================================================================
#
# ``tokens`` below is an :class:`ArticleTokens` (or anything with ``n``,
# ``norms``, ``sent``, ``clause`` and ``surface(i)``); token spans are
# half-open, ``[token_start, token_end)``.


def _no_quote(i: int) -> int:
    return -1


def marker_scope(marker, tokens, quote_of: Callable[[int], int], a: int, b: int
                 ) -> tuple[int, int]:
    """The tokens ``[start, end)`` that the distancing marker at tokens
    ``[a, b)`` governs: where a marker's scope is decided.

    ``forward`` (ما يسمى، من وصفهم ب …): the noun phrase that follows, up to
    ``marker.window`` tokens, ending before a stop word, a sentence or clause
    end (unless ``cross_clause``) or a change of quotation (``quote_of``:
    token → quotation index, -1 for none); when it starts on a
    complementiser (أن …) it is the whole claim (no stop words,
    :data:`framing.measure.voice.CLAUSE_WINDOW` tokens). A clause-wide scope (no stop
    words: زعم، تعلل …) governs the claim itself: what follows a
    complementiser among its first three tokens ("تعلل حفتر بأن طيرانه …"
    governs طيرانه …, not Haftar). ``backward`` (المزعوم، حسب كلامه): the
    tokens before it, by the same limits.

    >>> from framing.measure.voice import load_markers
    >>> so_called = load_markers()[0]
    >>> t = ArticleTokens("وما يسمى بمجلس نواب طرابلس في طبرق")
    >>> marker_scope(so_called, t, _no_quote, 0, 2)
    (2, 5)
    """
    n, norms, sent, clause = tokens.n, tokens.norms, tokens.sent, tokens.clause

    def key(j: int) -> str:
        return norms[j].replace("ى", "ي")

    if marker.scope == "forward":
        if b >= n:
            return b, b
        first = b
        rs, rc = sent[b - 1], clause[b - 1]
        stop, window = marker.stop, marker.window
        if key(first) in marker.clause_stop:  # "بحجة أن …": the whole claim
            stop, window = frozenset(), max(window, CLAUSE_WINDOW)
        j = first
        q0 = quote_of(first)
        while j < n and j - first < window:
            if sent[j] != rs or (not marker.cross_clause and clause[j] != rc):
                break
            if quote_of(j) != q0 or key(j) in stop:
                break
            j += 1
        if not stop:
            # a clause-wide scope governs the claim itself: what follows a
            # complementiser among its first tokens
            for k in range(first, min(j, first + 3)):
                if key(k) in marker.clause_stop:
                    return k + 1, j
        return first, j
    if a == 0:
        return a, a
    last = a - 1
    rs, rc = sent[a], clause[a]
    j = last
    q0 = quote_of(last)
    while j >= 0 and last - j < marker.window:
        if sent[j] != rs or (not marker.cross_clause and clause[j] != rc):
            break
        if quote_of(j) != q0 or key(j) in marker.stop:
            break
        j -= 1
    return j + 1, a


def name_in_quotes(quote: int, ts: int, te: int, quotes, name: bool,
                   name_tokens: set[int] | frozenset[int]) -> bool:
    """Whether quotation ``quote`` only sets off a name in the mention at
    tokens ``[ts, te)``, so that the mention is not quoted: it holds nothing
    outside the mention (:meth:`TokenQuotes.holds_only`), and either the
    mention is an actor's name (``name``: حكومة «الوفاق») or the mention's
    first word is outside it and every token it holds is an actor's name
    (``name_tokens``: ميليشيات "حفتر"; not محاولة "انقلاب", scare quotes).
    """
    if not quotes.holds_only(quote, ts, te):
        return False
    if name:
        return True
    token_quote = quotes.token_quote
    return token_quote[ts] != quote and all(
        t in name_tokens for t in range(ts + 1, te) if token_quote[t] == quote)


def mention_voice(ts: int, te: int, quote: int, hits: Sequence[tuple], quotes, tokens,
                  name: bool = False, frame: bool = True,
                  name_tokens: set[int] | frozenset[int] = frozenset()) -> tuple[str, str, bool]:
    """``(voice, voice_marker, refused)`` of the mention at tokens ``[ts, te)``:
    where a mention's voice is decided.

    ``quote`` is the innermost quotation the mention is in (-1: none; an
    index into ``quotes``, a :class:`TokenQuotes`), ``hits`` the distancing
    markers of the article, ``(token_start, token_end, scope_start,
    scope_end)``. A mention is *governed* when one of its tokens is in a
    marker's scope and none is part of the marker; the nearest such marker
    (in tokens; ties: the earlier) decides. Precedence: a marker outside
    the mention's quotation → ``distanced`` (ما سماه "مليشيات إسلامية": the
    writer disowns the quoted label); a marker inside the same quotation →
    ``quoted`` (the quoted speaker's distancing); no marker, in quotation
    marks → ``quoted``; else ``authorial``. The marker shown is the
    quotation's marks (``«…"``) or the distancing expression as written.
    ``refused``: the deciding marker (``hits``' fifth item, when there is
    one) *refuses* the label — ما يسمى، المزعوم، بدعوى (``refuses`` in
    ``framing/data/voice_markers.yaml``) — a stance of the writer's own,
    which :func:`framing.measure.scorer.terms_fed` counts at the opposite
    pole; an attributing marker (بحسب، اتهم، وصفه بـ) does not, and a
    marker that refuses a claim (بدعوى: ``refuses: words``) refuses its
    frame words, not a name (``frame`` False: an actor or title) inside it.

    A ``name`` (an actor mention) whose quotation holds nothing but words of
    the name (حكومة «الوفاق»، عملية "بركان الغضب"، «المسماري») is not
    quoted: quotation marks around a proper name are house style, not
    someone else's words (:meth:`TokenQuotes.holds_only`). Nor is a phrase
    whose first word stands outside a quotation that holds nothing but an
    actor's name inside the phrase (``name_tokens``: the tokens of the
    article's actor mentions; ميليشيات "حفتر"، قائد «الجيش الوطني الليبي»):
    the marks set off the name (:func:`name_in_quotes`). A frame word in
    quotation marks stays ``quoted``, alone or inside a phrase (محاولة
    "انقلاب"): those are scare quotes.

    An actor or title mention (``frame`` False) is governed only by a marker
    that may govern a name there (:func:`governs_a_name`): the names around an
    attributed claim are the author's.

    >>> t = ArticleTokens("هاجم حفتر ما يسمى بالجماعات الإرهابية")
    >>> mention_voice(5, 6, -1, [(2, 4, 4, 6)], None, t)
    ('distanced', 'ما يسمى', False)
    >>> mention_voice(1, 2, -1, [(2, 4, 4, 6)], None, t)
    ('authorial', '', False)
    """
    if quote >= 0 and name_in_quotes(quote, ts, te, quotes, name, name_tokens):
        quote = -1  # a proper name in quotation marks, or a name inside a phrase
    best = None
    for hit in hits:
        h_ts, h_te, s0, s1 = hit[:4]
        if ts < h_te and h_ts < te:
            continue  # the mention is part of the marker
        if not frame and not governs_a_name(hit[4] if len(hit) > 4 else None, ts, s0):
            continue
        if ts < s1 and s0 < te:
            dist = ts - h_te if h_te <= ts else h_ts - te
            if best is None or dist < best[0]:
                best = (dist, hit)
    if best is not None:
        h_ts, h_te = best[1][:2]
        if quote >= 0 and quotes.of_tokens(h_ts, h_te) == quote:
            return "quoted", quotes.marks[quote], False  # the quoted speaker's distancing
        marker = best[1][4] if len(best[1]) > 4 else None
        refused = bool(getattr(marker, "refuses", False)) and (
            frame or bool(getattr(marker, "refuses_names", False)))
        return "distanced", tokens.written(h_ts, h_te), refused
    if quote >= 0:
        return "quoted", quotes.marks[quote], False
    return "authorial", "", False


def governs_a_name(marker, ts: int, scope_start: int) -> bool:
    """Whether a distancing marker governs an actor or title mention starting
    at token ``ts`` in its scope (which starts at ``scope_start``).

    A marker that only attributes (``refuses`` false: بحسب، اتهم، زعم، وصفه
    بـ، ما يعرف بـ) distances the claim or the label it attributes, not the
    names around it: the source, the accuser, the accused and their titles are
    named by the author ("واتهم السراج حفتر بالانقلاب": the charge is the
    accuser's, حفتر the author's name for him; "ما يعرف بجيش القبائل الموالي
    للواء المتقاعد": the title is outside what is "known as"). It governs a
    name only when it introduces it: a marker with a ``next`` word (ما يعرف
    بـX، وصفها بـX) governs the name that begins its scope. A marker that
    refuses (ما يسمى، المزعوم; a claim: بدعوى) governs every name in its scope,
    as before. Measured on the hand-coded real mentions (issue 15, twelfth
    session): of the actor and title mentions the tool called distanced, the
    coders read 19 as the author's; 23 coded voices change, 21 of them to the
    coder's reading (adopted in the thirteenth session).

    >>> from types import SimpleNamespace as M
    >>> accused = M(refuses=False, next=None)          # اتهم
    >>> known_as = M(refuses=False, next=object())     # ما يعرف بـ
    >>> governs_a_name(accused, 3, 1), governs_a_name(known_as, 2, 2)
    (False, True)
    >>> governs_a_name(known_as, 5, 2), governs_a_name(M(refuses=True, next=None), 5, 2)
    (False, True)
    """
    if marker is None or getattr(marker, "refuses", False):
        return True
    return getattr(marker, "next", None) is not None and ts == scope_start


# what a word can be for the opposition guard (Engine.cue_bits)
CUE, LIBERATION_VERB, PREPOSITION, GRIP_NOUN, NAMING_VERB, ALONGSIDE, AFFILIATION = \
    1, 2, 4, 8, 16, 32, 64
FIGHT_VERB, FIRST_PERSON, STOPWORD, ACT_NOUN, PLACE_NOUN = 128, 256, 512, 1024, 2048


def opposition_cue(tokens, ts: int, cue_bits: Callable[[str], int], window: int, *,
                   naming: bool = False, reach: int | None = None,
                   starts: set[int] | frozenset[int] = frozenset()) -> tuple[str, bool]:
    """The opposition cue governing a frame mention at token ``ts``, as
    written (``""``: none), and whether that cue is only a verb of naming:
    where the opposition guard's cue is found.

    Among the ``window`` tokens before the mention, in its clause, nearest
    first: a cue word (ضد، مواجهة، الحرب على …); a noun of grip right after
    من (من أيدي، من قبضة); or the preposition من itself, preceded within
    ``reach`` tokens of the clause (default ``window``) by a liberation verb
    (تحرير … من; its object, a place, may be long: تطهير ضواحي مدينة درنة ومحيطها من). A
    verb of fighting does not govern its subject (:func:`subject_of`; ``starts``: the token
    starts of the article's mentions). Else,
    for a word of a naming family (``naming``: terrorism), a verb of naming
    or accusing anywhere before it in its clause
    (:func:`naming_verb_before`). ``cue_bits(norm)`` says what a word is
    (:data:`CUE`, :data:`LIBERATION_VERB`, :data:`PREPOSITION`,
    :data:`GRIP_NOUN`, :data:`NAMING_VERB`; the lists are data,
    ``framing/data/opposition_cues.yaml``). The second value is True when
    the cue is one word that is a verb of naming: then a namer, not a
    fighter, governs the mention.

    >>> engine = Engine()
    >>> t = ArticleTokens("تطهير بنغازي من الإرهابيين")
    >>> opposition_cue(t, 3, engine.cue_bits, engine.window)
    ('تطهير … من', False)
    """
    norms, clause = tokens.norms, tokens.clause
    reach = window if reach is None else reach
    c = clause[ts]
    stop, i = max(0, ts - window), ts - 1
    while i >= stop:
        if clause[i] != c:
            break
        bits = cue_bits(norms[i])
        if bits & PLACE_NOUN:  # غارات على مواقع لمجموعات متشددة: the place's holder is the object
            stop = max(0, min(stop, i - window))
        if (bits & CUE and not beside(tokens, i, ts, cue_bits)
                and not (bits & FIGHT_VERB and subject_of(tokens, i, ts, cue_bits, starts))):
            return tokens.surface(i), bool(bits & NAMING_VERB)
        if bits & GRIP_NOUN and i > 0 and clause[i - 1] == c and cue_bits(norms[i - 1]) & PREPOSITION:
            return f"{tokens.surface(i - 1)} {tokens.surface(i)}", False
        if bits & PREPOSITION:  # a liberation verb may govern it
            for j in range(i - 1, max(0, i - reach) - 1, -1):
                if clause[j] != c:
                    break
                if cue_bits(norms[j]) & LIBERATION_VERB:
                    return f"{tokens.surface(j)} … {tokens.surface(i)}", False
        i -= 1
    if naming:
        i = naming_verb_before(tokens, ts, cue_bits)
        if i >= 0:
            return tokens.surface(i), True
    return "", False


def naming_verb_before(tokens, ts: int, cue_bits: Callable[[str], int]) -> int:
    """The token of a verb of naming or accusing before token ``ts`` in its
    clause (any distance), or -1: what follows it is said of the one named,
    not of the namer (``naming`` in ``framing/data/opposition_cues.yaml``).

    >>> engine = Engine()
    >>> naming_verb_before(ArticleTokens("يتهم حفتر خصومه بأنهم إرهابيون"), 4, engine.cue_bits)
    0
    """
    norms, clause = tokens.norms, tokens.clause
    c = clause[ts]
    for i in range(ts - 1, -1, -1):
        if clause[i] != c:
            break
        if cue_bits(norms[i]) & NAMING_VERB:
            return i
    return -1


def cue_after(tokens, te: int, cue_bits: Callable[[str], int]) -> int:
    """The first token from ``te`` on, in the clause of token ``te - 1``, that
    is an opposition cue word or a liberation verb (ضد، قصف، تحرير، يطهرون …),
    or -1: an anchor beyond it is the object of the fight the mention's word
    is the subject of (ثوار ليبيا يطهرون العاصمة من عصابات حفتر), never the
    word's nearest referent (:func:`choose_target`).

    >>> engine = Engine()
    >>> cue_after(ArticleTokens("الثوار يطهرون العاصمة من عصابات حفتر"), 1, engine.cue_bits)
    1
    """
    norms, clause = tokens.norms, tokens.clause
    if te >= tokens.n:
        return -1
    c = clause[te - 1]
    for i in range(te, tokens.n):
        if clause[i] != c:
            break
        if cue_bits(norms[i]) & (CUE | LIBERATION_VERB) and not beside(tokens, i, tokens.n, cue_bits):
            return i
    return -1


def qualifies_an_act(tokens, ts: int, family: str, cue_bits: Callable[[str], int]) -> bool:
    """Whether a terror word at token ``ts`` qualifies the noun of an act right
    before it (:data:`ACT_NOUN`: الهجوم الإرهابي، العملية الإرهابية، تفجير
    إرهابي): it names an act whose authors the words do not say, so, like an
    event name, it takes only a label or an adjacent anchor (الهجوم الإرهابي
    لداعش), never the nearest actor, an opponent or an earlier group; and the
    act's noun is not an opposition cue over it (the terrorist attack is no
    attack on terrorists).

    >>> engine = Engine()
    >>> qualifies_an_act(ArticleTokens("وفور الهجوم الإرهابي"), 2, "terrorism", engine.cue_bits)
    True
    >>> qualifies_an_act(ArticleTokens("الهجوم على الإرهابيين"), 2, "terrorism", engine.cue_bits)
    False
    """
    return (family == "terrorism" and ts > 0 and tokens.clause[ts - 1] == tokens.clause[ts]
            and bool(cue_bits(tokens.norms[ts - 1]) & ACT_NOUN))


def fought_after(tokens, ts: int, te: int, cue_bits: Callable[[str], int],
                 starts: set[int] | frozenset[int] = frozenset()) -> int:
    """Where what a word at tokens ``[ts, te)`` fights begins: :func:`cue_after`,
    or, for the subject of a verb of fighting right before it (VSO:
    :func:`subject_of`: وهاجمت الميليشيات مواقع قوات حفتر), the token after the
    word: what follows is the object of its fight, never its referent.

    >>> engine = Engine()
    >>> fought_after(ArticleTokens("وهاجمت الميليشيات مواقع قوات حفتر"), 1, 2, engine.cue_bits)
    2
    """
    after = cue_after(tokens, te, cue_bits)
    if after < 0 and ts > 0 and cue_bits(tokens.norms[ts - 1]) & FIGHT_VERB and subject_of(
            tokens, ts - 1, ts, cue_bits, starts):
        return te if te < tokens.n else -1
    return after


def subject_of(tokens, i: int, ts: int, cue_bits: Callable[[str], int],
               starts: set[int] | frozenset[int] = frozenset()) -> bool:
    """Whether the word at token ``ts`` may be the subject of the verb of
    fighting at token ``i``, not its object: the verb is not in the first
    person (نحارب), no content word (no :data:`STOPWORD`) stands before the
    verb in its clause, and no other mention starts between the verb and
    the word (``starts``) — a clause that opens with its verb puts the
    subject next (VSO: ويتصدى الجيش الوطني للهجوم، وتلاحق وحدات الجيش الوطني
    فلول الإرهابيين: the army is the subject, the terrorists after it the
    object), one with a subject before the verb puts the object next (SVO:
    قوات الجيش تحارب الإرهابيين).

    >>> engine = Engine()
    >>> t = ArticleTokens("ويتصدى الجيش الوطني للهجوم")
    >>> subject_of(t, 0, 1, engine.cue_bits)
    True
    >>> t = ArticleTokens("قوات الجيش تحارب الإرهابيين")
    >>> subject_of(t, 2, 3, engine.cue_bits)
    False
    """
    if cue_bits(tokens.norms[i]) & FIRST_PERSON or any(j in starts for j in range(i + 1, ts)):
        return False
    clause, c = tokens.clause, tokens.clause[i]
    for j in range(i - 1, -1, -1):
        if clause[j] != c:
            break
        if not cue_bits(tokens.norms[j]) & STOPWORD:
            return False
    return True


def affiliation_object(tokens, te: int, cue_bits: Callable[[str], int]) -> int:
    """The token where the object of an affiliation phrase right after a
    mention ending at token ``te`` begins (الجيش الليبي التابع لـ حكومة
    الوفاق، القوات الموالية لحفتر: a word of :data:`AFFILIATION` at ``te`` or
    one word later, then the object, after a detached لـ if there is one), or
    -1. An anchor starting there is the mention's adjacent anchor
    (:func:`choose_target`): the phrase says whose it is.

    >>> engine = Engine()
    >>> affiliation_object(ArticleTokens("الجيش الليبي التابع لـ حكومة الوفاق"), 2, engine.cue_bits)
    4
    """
    i = word_after(tokens, te, lambda norm: bool(cue_bits(norm) & AFFILIATION))
    if i < 0:
        return -1
    norms, clause, n = tokens.norms, tokens.clause, tokens.n
    j = i + 1
    if j < n and norms[j] in DETACHED_LAM:
        j += 1
    return j if j < n and clause[j] == clause[i] else -1


def word_after(tokens, te: int, is_word: Callable[[str], bool]) -> int:
    """The token at ``te`` or one word later, in the clause of a mention
    ending at token ``te``, whose normalised form ``is_word`` accepts; -1 for
    none: where a phrase after a mention begins (:func:`affiliation_object`,
    :func:`located_in`).

    >>> word_after(ArticleTokens("الانقلاب العسكري في مصر"), 1, {"في"}.__contains__)
    2
    """
    norms, clause, n = tokens.norms, tokens.clause, tokens.n
    if te <= 0:
        return -1
    c = clause[te - 1]
    for i in range(te, min(te + 2, n)):
        if clause[i] != c:
            return -1
        if is_word(norms[i]):
            return i
    return -1


def located_in(tokens, te: int, locatives: frozenset[str]) -> int:
    """The token after a locative preposition (``locatives``: في) at most one
    word after a mention ending at token ``te``, in its clause; -1 for none.
    An outside party there is where the thing named is (الانقلاب في مصر،
    الجنرال الآخر في مصر): that party's, not a Libyan side's
    (:func:`choose_target`).

    >>> located_in(ArticleTokens("بعد الانقلاب العسكري في مصر"), 2, frozenset({"في"}))
    4
    """
    i = word_after(tokens, te, locatives.__contains__)
    if i < 0 or i + 1 >= tokens.n or tokens.clause[i + 1] != tokens.clause[i]:
        return -1
    return i + 1


def names_someone(tokens, te: int, starts: set[int], modifiers: frozenset[str],
                  given_names: frozenset[str]) -> bool:
    """Whether a title ending at token ``te`` is followed by the name of a
    person no lexicon knows (العقيد ميلود الزوي، العميد الهادي سالم، الفريق
    محمد فريد): after the words that may stand between a title and its
    bearer (``modifiers``: ركن، المتقاعد، الليبي), in its clause, a given name
    (``given_names``, ``framing/data/given_names_ar.txt``) that starts no
    mention (``starts``: أحمد المسماري is an actor). Such a title is that
    person's, not a side's name: it takes no target. A title followed by a
    known name (المشير خليفة حفتر), a verb or nothing (قال المشير إن، اللواء
    المتقاعد يراهن) is not.

    >>> engine = Engine()
    >>> t = ArticleTokens("وقال العقيد ميلود الزوي إن")
    >>> names_someone(t, 2, set(), engine.title_modifiers, engine.given_names)
    True
    >>> names_someone(ArticleTokens("ويرى اللواء المتقاعد يراهن"), 3, set(),
    ...               engine.title_modifiers, engine.given_names)
    False
    """
    norms, clause, n = tokens.norms, tokens.clause, tokens.n
    if te <= 0:
        return False
    c, j = clause[te - 1], te
    while j < n and clause[j] == c and norms[j] in modifiers and j not in starts:
        j += 1
    return j < n and clause[j] == c and j not in starts and norms[j] in given_names


#: common given names (:func:`names_someone`), in the stop-word file format
GIVEN_NAMES = Path(__file__).resolve().parents[1] / "data" / "given_names_ar.txt"

#: the preposition لـ written apart from its noun (التابع لـ حكومة الوفاق), normalised
DETACHED_LAM = frozenset({"ل", "لـ"})


def beside(tokens, i: int, end: int, cue_bits: Callable[[str], int]) -> bool:
    """Whether the cue at token ``i`` is a fight *beside* someone: a word of
    :data:`ALONGSIDE` (ضمن، جانب، صفوف) within the two tokens after it,
    before token ``end`` and in its clause (تقاتل ضمن قوات الوفاق، يقاتل إلى
    جانب): then what follows is the fighter's ally, not the object of the fight.

    >>> engine = Engine()
    >>> t = ArticleTokens("الميليشيات التي تقاتل ضمن قوات الوفاق")
    >>> beside(t, 2, t.n, engine.cue_bits), cue_after(t, 1, engine.cue_bits)
    (True, -1)
    """
    clause = tokens.clause
    for j in range(i + 1, min(i + 3, end, tokens.n)):
        if clause[j] != clause[i]:
            break
        if cue_bits(tokens.norms[j]) & ALONGSIDE:
            return True
    return False


#: at most this many tokens between a conjunct and the anchor it is joined to
#: (قوات الحكومة في طرابلس والمليشيات: two)
CONJUNCT_GAP = 3
BETWEEN = "بين"


def conjunct_of(tokens, ts: int, headword_norm: str) -> int:
    """Whether the word at token ``ts`` is a conjunct: 1 when it carries the
    conjunction و that its headword (normalised, ``headword_norm``) does not
    begin with (والمليشيات، وثوار), 2 when بين stands before it in its clause
    (the two sides of a fight), else 0 (:func:`choose_target`).

    >>> t = ArticleTokens("اشتباكات بين قوات حفتر وثوار المدينة")
    >>> conjunct_of(t, 4, "ثوار"), conjunct_of(t, 2, "قوات")
    (2, 0)
    """
    norm = tokens.norms[ts]
    if not norm.startswith("و") or headword_norm.startswith("و"):
        return 0
    norms, clause = tokens.norms, tokens.clause
    c = clause[ts]
    for i in range(ts - 1, -1, -1):
        if clause[i] != c:
            break
        if norms[i] == BETWEEN:
            return 2
    return 1


def choose_target(ts: int, te: int, clause: int, pole: int, anchors: Sequence[tuple],
                  title_tokens: set[int] | frozenset[int], *, opposed: bool = False,
                  liberation: bool = False, event: bool = False, beyond: int = -1,
                  family: str = "", itself: int = -1, outside: frozenset[str] = frozenset(),
                  opponents: dict[str, str] | None = None,
                  nearest_families: frozenset[str] = frozenset(),
                  never_nearest: frozenset[str] = frozenset(),
                  conjunct: int = 0, affiliated: int = -1,
                  conjuncts: frozenset[int] | set[int] = frozenset(),
                  said_from: int = -1, located: int = -1,
                  unnamed: frozenset[int] | set[int] = frozenset()) -> tuple[str, str]:
    """``(target, target_rule)`` of a frame or title mention at tokens
    ``[ts, te)`` that names no group itself: where a target is chosen
    (:mod:`framing.measure.target` states the rules in full).

    ``anchors`` are the mentions of its sentence that name a group, in table
    order, as ``(token_start, token_end, clause, group, pole, index)`` (the
    mention's own index is ``itself``: a default name is no anchor for
    itself). Each is ranked: 0 overlapping the mention; 1 the next one, 2 the
    previous one, when only title tokens (``title_tokens``) lie between them
    in the clause (rule b, ``adjacent``: ميليشيات حفتر، الإخوان المتطرفين); 3
    in the same clause, 4 in another (rule c, ``nearest``). The best anchor
    has the lowest ``(rank, gap, after, start, end)``: on a tie the
    *preceding* one (modifiers follow what they qualify). A nearest anchor
    (rank 3–4) is never taken by a governed mention (``opposed``: the
    opposition guard) nor by an event name (``event``); never an outside
    party (``outside``); never one after a liberation verb (what a city is
    liberated from) or after the cue that follows the word (``beyond``:
    :func:`cue_after`, the object of its fight). An anchor naming its group
    with the opposite pole points to that group's opponent (``contrast``:
    تصد القوات الحكومية هجوم المليشيات). A word of ``nearest_families``
    takes a plain nearest anchor only in its clause (rank 4: none). With no
    anchor: ``("", "opposed")`` for a governed mention (see
    :func:`opponent_of_subject`), else ``("", "none")``. Groups in
    ``never_nearest`` (``"*"``: any) are never its plain nearest anchor (a
    terror word near Haftar is mostly about those he fights); ``contrast`` and
    ``opponent`` still apply.
    ``unnamed`` are the anchors (by mention index) whose group is only a
    default referent (الجيش الليبي): never a title's nearest anchor, for a
    title is about a person ("اللواء المتقاعد في الجيش الليبي خليفة حفتر" is
    Haftar's title, not the army's).

    An anchor inside a multi-word mention after its first word is the
    phrase's complement, not its referent (التابعة لتنظيم القاعدة qualifies the
    group before it): it ranks after an adjacent anchor before the mention.

    A *conjunct* (``conjunct``, :func:`conjunct_of`: the word carries the
    conjunction و) is joined to the anchor just before it in its clause (at
    most :data:`CONJUNCT_GAP` tokens between): it stands with that anchor
    (rank 2, ``adjacent``: قوات الحكومة في طرابلس والمليشيات المناصرة لها),
    or against it after بين (``conjunct == 2``, ``contrast``: اشتباكات بين
    قوات حفتر وثوار المدينة).

    An anchor where the object of an affiliation phrase after the mention
    begins (``affiliated``, :func:`affiliation_object`: الجيش الليبي التابع
    لحكومة الوفاق) is adjacent too (rank 1), unless it is an outside party
    (الميليشيات الموالية لتركيا are a proxy, not Turkey). A branding word in
    reported speech (``said_from``: the token of its complementiser) is not
    said of the speaker: a nearest anchor before the complementiser points to
    its opponent (rule ``opponent``: أكدت قوات حفتر أن مسلحين متطرفين …), or
    is passed over when it has none. An outside party right after في just
    after the mention (``located``, :func:`located_in`: الانقلاب في مصر) is
    adjacent too: what is in Egypt is Egypt's. An anchor after the
    mention that carries the conjunction و (its token start in ``conjuncts``:
    بين الجيش الليبي وداعش) is joined to it, never its possessor (rank 3).

    >>> anchors = [(1, 2, 0, "haftar", 0, 1)]
    >>> choose_target(0, 1, 0, -1, anchors, set())
    ('haftar', 'adjacent')
    >>> choose_target(4, 5, 0, -1, anchors, set())
    ('haftar', 'nearest')
    >>> choose_target(4, 5, 0, -1, anchors, set(), opposed=True)
    ('', 'opposed')
    """
    opponents = opponents or {}
    best_key, best, best_rank = None, ("", "opposed" if opposed and not event else "none"), 0
    for a_ts, a_te, a_clause, group, a_pole, index in anchors:
        if index == itself:
            continue  # a default name is no anchor for itself
        after = a_ts >= te
        gap = a_ts - te if after else ts - a_te if a_te <= ts else -1
        joined = False  # a conjunct joined to this anchor (:func:`conjunct_of`)
        if gap < 0:
            rank = 0
            if a_ts > ts:  # inside the phrase after its head: its complement, ranked after
                rank, after = 2, True  # an anchor touching it before (التابعة لتنظيم القاعدة)
        elif a_clause == clause:
            between = range(te, a_ts) if after else range(a_te, ts)
            only_titles = gap == 0 or (title_tokens and title_tokens.issuperset(between))
            # a force loyal to an outside party (الموالية لتركيا) is its proxy, not that party
            owner = (0 <= affiliated <= a_ts and group not in outside
                     and (a_ts == affiliated or bool(title_tokens)
                          and title_tokens.issuperset(range(affiliated, a_ts)))
                     ) or (a_ts == located and group in outside)
            rank = (1 if after else 2) if only_titles or owner else 3
            if after and a_ts in conjuncts:
                rank = 3  # X وY: Y is joined to X, not its possessor (بين الجيش الليبي وداعش)
            joined = bool(conjunct) and not after and gap <= CONJUNCT_GAP
            if joined:
                rank = 2  # X وY: Y stands with X
        else:
            rank = 4
        rule = "adjacent" if rank <= 2 else "nearest"
        if joined and conjunct == 2 and group in opponents:  # بين X وY: Y is X's opponent
            group, rule = opponents[group], "contrast"
        if rank >= 3:
            if (opposed or event or group in outside or (after and liberation)
                    or (after and 0 <= beyond < a_ts) or index in unnamed):
                continue  # the guard, events, outside parties, the objects of a fight,
                # a title's default-referent name
            if pole * a_pole < 0 and group in opponents:
                group, rule = opponents[group], "contrast"
            elif pole < 0 and a_te <= said_from:
                # the speaker of a brand is not its target (أكدت قوات حفتر أن مسلحين متطرفين …)
                if group not in opponents:
                    continue
                group, rule = opponents[group], "opponent"
            if rule == "nearest" and never_nearest and (group in never_nearest
                                                        or "*" in never_nearest):
                continue  # proximity is no reference for this family and group
        key = (rank, gap if gap > 0 else 0, after, a_ts, a_te)
        if best_key is None or key < best_key:
            best_key, best, best_rank = key, (group, rule), rank
    if best_rank == 4 and best[1] == "nearest" and family in nearest_families:
        return "", "none"  # nearest, narrowed: only in the word's clause
    return best


def opponent_of_subject(ts: int, parties: Sequence[tuple], opponents: dict[str, str]) -> str:
    """Rule c'): the target of a governed frame mention at token ``ts`` with
    no label or adjacent anchor — the opponent of its subject, the nearest
    party before it in its sentence (``parties``: ``(token_start,
    token_end, group)`` of the sentence's mentions whose group has a declared
    opponent); ``""`` when there is none. (Reaching back to earlier
    sentences was tried on the tune half and made both indices worse.)

    >>> opponent_of_subject(5, [(0, 2, "haftar")], {"haftar": "haftar_adversaries"})
    'haftar_adversaries'
    """
    best_key, subject = None, ""
    for a_ts, a_te, group in parties:
        if a_te <= ts:
            key = (ts - a_te, -a_ts)
            if best_key is None or key < best_key:
                best_key, subject = key, group
    return opponents[subject] if subject else ""


def resolve_anaphora(frames: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Rule e): ``(target, target_rule)`` of an article's frame mentions,
    given as ``(category, target, target_rule)`` in text order, after
    anaphora: a mention left without a target takes the group that the last
    *explicit* (``label`` / ``adjacent``) frame mention of its category
    named — after "ميليشيات حفتر" a bare "الميليشيات" is his.

    >>> resolve_anaphora([("militia", "haftar", "adjacent"), ("militia", "", "none")])
    [('haftar', 'adjacent'), ('haftar', 'anaphora')]
    """
    named: dict[str, str] = {}
    out = []
    for category, target, rule in frames:
        if target and rule in ("label", "adjacent"):
            named[category] = target
        elif not target and category in named:
            target, rule = named[category], "anaphora"
        out.append((target, rule))
    return out


class TargetInput(NamedTuple):
    """What the target rules read of a mention (token spans half-open)."""

    token_start: int
    token_end: int
    kind: str        # frame | actor | title
    sentence: int
    clause: int
    category: str
    family: str
    own: str         # the group it names itself: an actor's category, a label's refers_to
    opposed: bool    # governed by an opposition cue (:func:`opposition_cue`)
    liberation: bool  # a liberation verb (تحرير، تطهير …)
    default: str = ""  # a default referent (الجيش الليبي → haftar), if it names none itself
    event: bool = False  # an event name (ثورة فبراير)
    naming: bool = False  # governed by a verb of naming only
    cue_after: int = -1  # :func:`fought_after` (:func:`cue_after`, or after a VSO subject)
    conjunct: int = 0  # :func:`conjunct_of`
    affiliated: int = -1  # :func:`affiliation_object`
    someone: bool = False  # a title of a person the lexicons do not know (:func:`names_someone`)
    said_from: int = -1  # in reported speech: the complementiser's token (its speaker stands before)
    located: int = -1  # :func:`located_in`: the token after في just after the mention


def assign_targets(mentions: Sequence[TargetInput], outside: frozenset[str],
                   opponents: dict[str, str], narrowing=None,
                   own_voice: Sequence[bool] | None = None) -> list[tuple[str, str]]:
    """``(target, target_rule)`` of each mention of one article, the rules in
    their order (:mod:`framing.measure.target`): ``self`` (an actor), ``label``
    (``own``), :func:`choose_target` over the anchors of its sentence (the
    mentions that name a group or have a default one, in the given order),
    ``default`` (a default name left without an adjacent anchor or a
    contrast), :func:`opponent_of_subject` for a governed one left without
    (else, for the object of a fight, ``narrowing.unsubjected`` of its
    family), :func:`resolve_anaphora` over the frame mentions that are no
    event names, in text order. ``narrowing``:
    :func:`framing.measure.target.load_narrowing` (default: the bundled one).

    Label inversion (``inverted``, :func:`branded_groups`): when the writer's
    own voice (``own_voice``: per mention, a list or a function of the
    mention's index, asked only of the candidates; default all) brands a group with
    a terror or delegitimising label tied to it by name (ميليشيات حفتر،
    اللواء الانقلابي حفتر), a default name of that group (الجيش الليبي →
    haftar) is its opponent's: a writer who calls Haftar's forces militias
    calls the other camp "the Libyan army".

    >>> m = [TargetInput(0, 1, "frame", 0, 0, "militia", "terrorism", "", False, False),
    ...      TargetInput(1, 2, "actor", 0, 0, "haftar", "haftar", "haftar", False, False)]
    >>> assign_targets(m, frozenset(), {})
    [('haftar', 'adjacent'), ('haftar', 'self')]
    """
    if narrowing is None:
        from framing.measure.target import load_narrowing

        narrowing = load_narrowing()
    defaults = {m.default for m in mentions if m.default in opponents}
    # a group branded by a label of its own (ميليشيات حفتر، اللواء المتقاعد) is known before
    # any target is chosen: then one pass does it; a brand by an adjacent name needs the pass
    inverted = frozenset(defaults and branded_groups(
        mentions, [(m.own, "label") for m in mentions], own_voice) & defaults)
    out = _assign_targets(mentions, outside, opponents, narrowing, inverted)
    more = defaults and frozenset(branded_groups(mentions, out, own_voice) & defaults - inverted)
    if more:
        # a default name's group is an anchor of its sentence only: those sentences again
        again = {m.sentence for m in mentions if m.default in more}
        out = _assign_targets(mentions, outside, opponents, narrowing, inverted | more,
                              again, out)
    out = one_referent_per_name(mentions, out)
    frames = sorted((k for k, m in enumerate(mentions) if m.kind == "frame" and not m.event),
                    key=lambda k: mentions[k].token_start)
    resolved = resolve_anaphora([(mentions[k].category, *out[k]) for k in frames])
    for k, chosen in zip(frames, resolved):
        out[k] = chosen
    if narrowing.unattached:
        out = unattached_labels(mentions, out, narrowing.unattached, opponents, own_voice)
    return out


def unattached_labels(mentions: Sequence[TargetInput], chosen: list[tuple[str, str]],
                      unattached: dict[str, str], opponents: dict[str, str],
                      own_voice=None) -> list[tuple[str, str]]:
    """Rule ``unattached``: a frame word of a category of ``unattached``
    (category → group: terror and extremism labels → Haftar's adversaries)
    that no other rule gave a target takes that group. In this coverage a
    bare "المتشددين" or "الإرهابيين" with no actor in reach is the forces
    Haftar fights: the blind coders read 84 of 86 such words so, and one as
    Turkey, its patron (fifteenth session, over every coded half). Not in an
    article whose own voice brands the group's opponent by name and none of
    the group's camp (ميليشيات حفتر, :func:`branded_groups`): anti-Haftar
    copy writes of the terrorism he claims to fight, and there the word stays
    without a target. The camp of a group is every group with the same
    declared opponent.

    >>> m = [TargetInput(0, 1, "frame", 0, 0, "extremism", "terrorism", "", False, False)]
    >>> unattached_labels(m, [("", "none")], {"extremism": "haftar_adversaries"},
    ...                   {"haftar_adversaries": "haftar", "gna": "haftar"})
    [('haftar_adversaries', 'unattached')]
    """
    todo = [k for k, (m, (_, rule)) in enumerate(zip(mentions, chosen))
            if rule == "none" and m.kind == "frame" and m.category in unattached]
    if not todo:
        return chosen
    branded = branded_groups(mentions, chosen, own_voice)

    def allowed(group: str) -> bool:
        """The article does not brand the group's opponent alone."""
        rival = opponents.get(group)
        camp = {g for g, o in opponents.items() if o == rival} | {group}
        return rival not in branded or bool(branded & camp)

    given = {group: allowed(group) for group in set(unattached.values())}
    out = list(chosen)
    for k in todo:
        group = unattached[mentions[k].category]
        if given[group]:
            out[k] = (group, "unattached")
    return out


def one_referent_per_name(mentions: Sequence[TargetInput], chosen: list[tuple[str, str]]
                          ) -> list[tuple[str, str]]:
    """Rule ``discourse``: a name that honours with a default referent (الجيش
    الليبي) keeps one referent in an article. When the article ties it by an
    adjacent anchor to one group only, and that group is not the one its
    bare mentions defaulted to, the bare mentions (``default``,
    ``inverted``) take that group: Turkish wire copy writes "الجيش الليبي
    التابع لحكومة الوفاق" once and "الجيش الليبي" after, for the GNA's
    forces, and "قوات حفتر" for the other side (one sense per discourse).

    >>> m = [TargetInput(0, 2, "frame", 0, 0, "army", "legitimising", "", False, False, "haftar"),
    ...      TargetInput(4, 5, "actor", 0, 0, "gna", "gna", "gna", False, False),
    ...      TargetInput(9, 11, "frame", 1, 1, "army", "legitimising", "", False, False, "haftar")]
    >>> one_referent_per_name(m, [("gna", "adjacent"), ("gna", "self"), ("haftar", "default")])
    [('gna', 'adjacent'), ('gna', 'self'), ('gna', 'discourse')]
    """
    names = [k for k, m in enumerate(mentions) if m.default and honours(m.family)]
    tied: dict[str, set[str]] = {}
    for k in names:
        target, rule = chosen[k]
        if rule == "adjacent" and target:
            tied.setdefault(mentions[k].category, set()).add(target)
    if not tied:
        return chosen
    out = list(chosen)
    for k in names:
        target, rule = chosen[k]
        groups = tied.get(mentions[k].category, ())
        if rule in ("default", "inverted") and len(groups) == 1 and target not in groups:
            out[k] = (next(iter(groups)), "discourse")
    return out


#: the frame families whose words are names for a side (the choice among names),
#: not claims about it (terror and revolution labels)
NAMING_FAMILIES = frozenset({"legitimising", "delegitimising"})


def names_its_referent(family: str, refers_to: str | None, entry_id: str,
                       defaults: dict[str, str]) -> bool:
    """Whether a frame entry is a *name* for its referent — a legitimising or
    delegitimising word that names a group itself (``refers_to``: اللواء
    المتقاعد، عدوان حفتر، قوات الحكومة الشرعية، المؤتمر المنحل) or has a
    default referent (الجيش الليبي) — rather than a claim about someone
    (الإرهابيين، الجماعات الإرهابية، تحرير). In reported speech such a name is
    the writer's choice of words, as a neutral name is
    (:func:`framing.measure.scorer.terms_fed`).

    >>> names_its_referent("delegitimising", "haftar", "delegitimising.retired_general", {})
    True
    >>> names_its_referent("terrorism", "islamist_brigades", "terrorism.terrorist_groups", {})
    False

    A default referent makes a name only of a word that honours (الجيش الليبي):
    the default brands (انقلاب، عدوان → haftar) are claims about an act, the
    source's in a paraphrase ("أعلنت السلطات أن التحرك محاولة انقلابية").

    >>> names_its_referent("delegitimising", None, "delegitimising.udwan",
    ...                    {"delegitimising.udwan": "haftar"})
    False
    """
    return family in NAMING_FAMILIES and (
        bool(refers_to) or (entry_id in defaults and honours(family)))


def honours(family: str) -> bool:
    """Whether a frame family's words honour what they name (legitimising,
    revolution): a default referent of such a word is a *name* the writer
    chooses, and label inversion moves it to the other camp; a default brand
    (انقلاب، عدوان → haftar) is neither.

    >>> honours("legitimising"), honours("delegitimising")
    (True, False)
    """
    return POLARITY.get(family, 0) > 0


def branded_groups(mentions: Sequence[TargetInput], chosen: Sequence[tuple[str, str]],
                   own_voice: Sequence[bool] | None = None) -> set[str]:
    """The groups an article's own voice brands by name: the targets of its
    terror and delegitimising frame mentions linked by ``label`` or
    ``adjacent`` (ميليشيات حفتر، عدوان حفتر، الانقلابي خليفة حفتر), the
    words a writer fuses with a name. ``own_voice``: per mention, whether
    it is the author's (a list, or a function of the mention's index asked
    only of the candidates; default: every one).

    >>> m = [TargetInput(0, 1, "frame", 0, 0, "militia", "terrorism", "", False, False),
    ...      TargetInput(1, 2, "actor", 0, 0, "haftar", "haftar", "haftar", False, False)]
    >>> branded_groups(m, [("haftar", "adjacent"), ("haftar", "self")])
    {'haftar'}
    """
    own = own_voice if own_voice is None or callable(own_voice) else own_voice.__getitem__
    return {target for k, (m, (target, rule)) in enumerate(zip(mentions, chosen))
            if m.kind == "frame" and POLARITY.get(m.family, 0) < 0 and target
            and rule in ("label", "adjacent") and (own is None or own(k))}


def _assign_targets(mentions: Sequence[TargetInput], outside: frozenset[str],
                    opponents: dict[str, str], narrowing, inverted: frozenset[str],
                    sentences: set[int] | None = None,
                    previous: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """:func:`assign_targets` before anaphora, with the default names of the
    ``inverted`` groups pointing to their opponents; with ``sentences``, only
    the mentions of those sentences are decided again (the others keep
    ``previous``)."""
    if inverted:
        # only a name that honours its group changes hands (الجيش الليبي); a default
        # brand (العدوان → haftar) stays with its group whoever else is branded
        mentions = [m._replace(default=opponents[m.default])
                    if m.default in inverted and honours(m.family) else m
                    for m in mentions]
        flipped = {opponents[g] for g in inverted}
    else:
        flipped = set()
    nearest_families, never_nearest = narrowing.nearest_families, narrowing.never_nearest
    # the anchors of the sentences where a mention names no group itself
    need = {m.sentence for m in mentions if not m.own and m.kind != "actor"}
    if sentences is not None:
        need &= sentences
    anchors: dict[int, list] = {}
    title_tokens: set[int] = set()
    conjuncts = {m.token_start for m in mentions if m.conjunct}  # anchors that carry a و
    # the anchors named only by a default referent: no title's nearest anchor
    unnamed = frozenset(k for k, m in enumerate(mentions) if m.default and not m.own)
    if need:
        for k, m in enumerate(mentions):
            group = m.own or m.default
            if group and m.sentence in need:
                pole = POLARITY.get(m.family, 0) if m.kind == "frame" else 0
                anchors.setdefault(m.sentence, []).append(
                    (m.token_start, m.token_end, m.clause, group, pole, k))
            if m.kind == "title":
                title_tokens.update(range(m.token_start, m.token_end))
    out = []
    for k, m in enumerate(mentions):
        if sentences is not None and m.sentence not in sentences:
            out.append(previous[k])
            continue
        if m.kind == "actor":
            out.append((m.own, "self"))
            continue
        if m.own:
            out.append((m.own, "label"))
            continue
        if m.someone:  # العقيد ميلود الزوي: a title of someone no lexicon names, no side's name
            out.append(("", "none"))
            continue
        near = anchors.get(m.sentence, ())
        frame = m.kind == "frame"
        chosen = choose_target(
            m.token_start, m.token_end, m.clause, POLARITY.get(m.family, 0) if frame else 0,
            # a liberation word (تحرير، تطهير) is the subject's own act, never the object of
            # a fight: "أطلق حفتر هجوما لتحرير درنة" is his liberation, whatever governs it
            near, title_tokens, opposed=frame and m.opposed and not m.liberation,
            liberation=frame and m.liberation,
            event=m.event, beyond=m.cue_after if frame else -1, family=m.family, itself=k,
            outside=outside, opponents=opponents, nearest_families=nearest_families,
            never_nearest=never_nearest.get(m.family, frozenset()),
            conjunct=m.conjunct if frame and not m.opposed else 0,  # the guard comes first
            affiliated=m.affiliated, conjuncts=conjuncts, said_from=m.said_from,
            located=m.located, unnamed=unnamed if m.kind == "title" else frozenset())
        if m.default and chosen[1] not in ("adjacent", "contrast"):
            chosen = (m.default, "inverted" if m.default in flipped else "default")
        elif chosen[1] == "opposed":
            parties = [(a[0], a[1], a[3]) for a in near if a[3] in opponents]
            subject = opponent_of_subject(m.token_start, parties, opponents)
            if not subject and not m.naming:  # the object of a fight, no party named
                subject = narrowing.unsubjected.get(m.family, "")
            if subject:
                chosen = (subject, "opponent")
        out.append(chosen)
    return out

# ===========================================================================
# The engine
# ===========================================================================


class Engine:
    """The per-article measurement: every mention of an article, with its
    voice and target (:meth:`measure`).

    Build once per set of lexicons and reuse: its lookup tables fill as it
    meets new words. ``frames``, ``actors``, ``titles`` are
    :class:`framing.measure.lexicon.Lexicon` objects (None: the bundled ones);
    ``matchers_on`` (optional) gives the compiled matchers for a date, as
    :meth:`framing.measure.mentions.Lexicons.matchers_on`, so that they are not
    compiled twice.

    >>> engine = Engine()
    >>> [m.entry_id for m in engine.measure("x", "حرب على الإرهاب").mentions]
    ['terrorism.irhab']
    """

    def __init__(self, frames=None, actors=None, titles=None, *,
                 matchers_on: Callable[[_dt.date | None], tuple] | None = None) -> None:
        from framing.measure.lexicon import load_actors, load_lexicon, load_titles
        from framing.measure.target import (load_cue_words, load_grip_nouns, load_narrowing,
                                            load_opposition_cues, load_target_rules)
        from framing.text.arabic import load_stopwords
        from framing.measure.voice import load_markers, load_speech_verbs

        actors = load_actors() if actors is None else actors
        frames = load_lexicon(actors=actors) if frames is None else frames
        titles = load_titles() if titles is None else titles
        # the layers in this order: frame, actor, title
        self.lexicons = (frames, actors, titles)
        self.kinds = tuple(lex.kind for lex in self.lexicons)
        # the entries with a period, per layer: a text's date picks among them
        self._dated = tuple(tuple(e for e in lex.entries if e.dated) for lex in self.lexicons)
        self.dated = any(self._dated)
        self._matchers_on = matchers_on
        self._indexes: dict[tuple, dict] = {}
        self._periods: dict[tuple, ComputeOnce] = {}
        self.markers = load_markers()
        self.speech_verbs = load_speech_verbs()
        self.report_opens = self.markers[0].clause_stop if self.markers else frozenset()
        self.window, self.cues, self.verbs, self.preposition, self.reach = load_opposition_cues()
        self.grip = load_grip_nouns()
        self.alongside = load_cue_words("alongside")
        self.affiliation = load_cue_words("affiliation")
        self.title_modifiers = load_cue_words("title_modifiers")
        self.locatives = load_cue_words("locative")
        self.fight_verbs = load_cue_words("fight_verbs")
        self.first_person = load_cue_words("fight_verbs", only="first_person")
        self.act_nouns = load_cue_words("act_nouns")
        self.place_nouns = load_cue_words("place_nouns")
        self.stopwords = load_stopwords()
        self.given_names = load_stopwords(GIVEN_NAMES)
        self.outside, self.opponents = load_target_rules()
        self.narrowing = load_narrowing()
        self._cue = ComputeOnce(self._cue_bits)
        self.cue_bits = self._cue.__getitem__
        self.lookups = self.lookups_on(None)  # norm → what it can do (undated texts)
        self._lookups_by_date = ComputeOnce(self.lookups_on)
        self.distancing = DistancingMarkers(self.markers)
        self._first_norms: dict[str, str] = {}

    @classmethod
    def from_files(cls, lexicon: str | None = None, actors: str | None = None,
                   titles: str | None = None) -> Engine:
        """The engine of lexicon files (None: the bundled ones)."""
        from framing.measure.lexicon import load_actors, load_lexicon, load_titles

        actor_lexicon = load_actors(actors)
        return cls(load_lexicon(lexicon, actors=actor_lexicon), actor_lexicon, load_titles(titles))

    # -- lookups --------------------------------------------------------

    def lookups_on(self, when: _dt.date | None) -> ComputeOnce:
        """norm → what it can do (:meth:`_info`) in a text of date ``when``
        (None: undated): one lookup table per combination of the dated
        entries that apply, as :meth:`framing.measure.mentions.Lexicons.matchers_on`."""
        from framing.measure.match import build_matcher

        key = applies = tuple(tuple(e.applies(when) for e in dated) for dated in self._dated)
        lookups = self._periods.get(key)
        if lookups is None:
            if self._matchers_on is not None:
                indexes = [m.index for m in self._matchers_on(when)]
            else:
                indexes = []
                for layer, lex in enumerate(self.lexicons):
                    index = self._indexes.get((layer, applies[layer]))
                    if index is None:
                        index = self._indexes[layer, applies[layer]] = \
                            build_matcher(lex.on(when)).index
                    indexes.append(index)
            lookups = self._periods[key] = ComputeOnce(partial(self._info, tuple(indexes)))
        return lookups

    def _info(self, indexes: tuple[dict, ...], norm: str) -> tuple | int:
        """What a token ``norm`` can do: 0 (nothing, the usual case), or
        ``(singles, phrases, trigger, speech)``: the one-token matches
        ``(layer, candidate, own)``, the layers where it can start a longer match
        ``(layer, candidates by next norm)`` (:func:`framing.measure.match.match_plan`), where a
        distancing marker can start (:meth:`DistancingMarkers.trigger`), and
        what it is for reported speech (bits: 1 a complementiser, 2 a verb
        of saying, 4 a complementiser with و; :func:`framing.measure.voice.speech_places`)."""
        singles, phrases = [], []
        for layer, index in enumerate(indexes):
            if norm in index:
                single, by_next = match_plan(index[norm], partial(self._own, layer))
                if single is not None:
                    singles.append((layer, *single))
                if by_next:
                    phrases.append((layer, by_next))
        key = norm.replace("ى", "ي")
        trigger = self.distancing.trigger(key)
        opener = key in self.report_opens
        speech = (1 if opener else 0) | (2 if key in self.speech_verbs else 0) \
            | (4 if opener and key.startswith("و") else 0)
        if singles or phrases or trigger or speech:
            return (tuple(singles), tuple(phrases), trigger, speech)
        return 0

    def _first_norm(self, entry) -> str:
        """The normalised first word of an entry's headword (:func:`conjunct_of`)."""
        norm = self._first_norms.get(entry.entry_id)
        if norm is None:
            from framing.text.arabic import normalise

            norm = self._first_norms[entry.entry_id] = normalise(entry.headword.split()[0])
        return norm

    def _cue_bits(self, norm: str) -> int:
        """What ``norm`` is for :func:`opposition_cue`: :data:`CUE`,
        :data:`LIBERATION_VERB`, :data:`PREPOSITION`, :data:`GRIP_NOUN`,
        :data:`NAMING_VERB`, :data:`ALONGSIDE`, :data:`AFFILIATION`, :data:`FIGHT_VERB`,
        :data:`FIRST_PERSON`, :data:`STOPWORD`, :data:`ACT_NOUN`, :data:`PLACE_NOUN` (bits; with its
        clitics, :func:`framing.measure.target.is_cue`)."""
        from framing.measure.target import is_cue

        return ((CUE if is_cue(norm, self.cues) else 0)
                | (ALONGSIDE if is_cue(norm, self.alongside) else 0)
                | (AFFILIATION if norm in self.affiliation else 0)
                | (CUE | FIGHT_VERB if is_cue(norm, self.fight_verbs) else 0)
                | (FIRST_PERSON if is_cue(norm, self.first_person) else 0)
                | (STOPWORD if norm in self.stopwords else 0)
                | (ACT_NOUN if is_cue(norm, self.act_nouns) else 0)
                | (PLACE_NOUN if is_cue(norm, self.place_nouns) else 0)
                | (LIBERATION_VERB if is_cue(norm, self.verbs) else 0)
                | (PREPOSITION if norm == self.preposition else 0)
                | (GRIP_NOUN if is_cue(norm, self.grip) else 0)
                | (NAMING_VERB if is_cue(norm, self.narrowing.naming_verbs) else 0))

    def _own(self, layer: int, entry) -> str:
        """The group a mention names by itself: an actor's category, a frame
        or title entry's ``refers_to`` (empty: none)."""
        if self.kinds[layer] == "actor":
            return str(entry.category).strip()
        return (entry.refers_to or "").strip()

    # -- one article ----------------------------------------------------

    def measure(self, article_id: str, text: str, when: _dt.date | None = None) -> Measurement:
        """The mentions of one article and its size.

        ``when``: the article's date (:func:`framing.text.corpus.article_date`),
        which decides the entries with a period (None: an undated text).
        """
        tokens, found, voices, targets, cues, speech = self._analyse(text, when)
        if not found:
            return Measurement(article_id, tokens.n, tokens.n_sentences, len(text), [])
        sent, clause, paragraph, span = tokens.sent, tokens.clause, tokens.paragraph, tokens.span
        kinds = self.kinds
        openers, verbs, coordinated = speech
        first_opener = openers[0] if openers else tokens.n
        reports: dict[tuple[int, int] | None, str] = {None: ""}  # "verb … complementiser"
        new = tuple.__new__  # a Mention without NamedTuple's Python-level __new__
        rows = []
        for (ts, te, layer, entry, own), (voice, marker, refused), (target, rule), cue in zip(
                found, voices, targets, cues):
            start, end = span(ts)
            if te - ts > 1:
                end = span(te - 1)[1]
            said = (reported_speech_at(ts, sent, openers, verbs, coordinated)
                    if ts > first_opener else None)
            report = reports.get(said)
            if report is None:
                report = reports[said] = f"{tokens.surface(said[0])} … {tokens.surface(said[1])}"
            kind = kinds[layer]
            # (start, layer, end): the table's order, frame before actor before title
            rows.append((start, layer, end, new(Mention, (
                article_id, sent[ts], paragraph[ts], clause[ts], start, end, ts, te,
                text[start:end], entry.headword, entry.entry_id, entry.gloss, kind,
                entry.category, entry.family, entry.refers_to or "", voice, marker, refused, report,
                target, rule, cue, entry.rank if kind == "title" else None))))
        rows.sort(key=_without_record)
        mentions = [row[3] for row in rows]
        return Measurement(article_id, tokens.n, tokens.n_sentences, len(text), mentions)

    def measure_for_score(self, article_id: str, text: str, when: _dt.date | None = None,
                          record: type = tuple) -> Measurement:
        """The mentions of :meth:`measure` with only the fields a score row
        reads (:func:`framing.scorer.score_row`): the same pass and the same
        rules, without the character offsets and the strings of the table.

        Each mention is a ``record`` (a tuple type; the scorer passes
        :class:`framing.scorer.ScoredMention`) of ``(kind, family, voice,
        target, sentence, reported_by, entry, start, token_start,
        token_end, refused, is_name, category)``, where ``entry`` is the headword, ``start`` the token
        start (the table's order, as the character start), and
        ``reported_by`` whether the mention is in reported speech
        (:func:`framing.voice.reported_speech_at`), asked of the authorial
        frame mentions and the refused mentions only — the only ones a score
        reads it for — and None for the others. The mentions come kind by kind (frames, actors,
        titles), each kind in the table's order.

        >>> found = Engine().measure_for_score("x", "قوات حفتر تقصف الإرهابيين في بنغازي.")
        >>> found.tokens, [m[:6] for m in found.mentions]
        (6, [('frame', 'terrorism', 'authorial', 'haftar_adversaries', 0, False), ('actor', 'haftar', 'authorial', 'haftar', 0, None)])
        """
        tokens, found, voices, targets, _, speech = self._analyse(text, when)
        if not found:
            return Measurement(article_id, tokens.n, tokens.n_sentences, len(text), [])
        sent, kinds = tokens.sent, self.kinds
        openers, verbs, coordinated = speech
        first_opener = openers[0] if openers else tokens.n
        new = tuple.__new__
        mentions = []
        keep = mentions.append
        defaults = self.narrowing.defaults
        for (ts, te, layer, entry, _), (voice, _, refused), (target, _) in zip(
                found, voices, targets):
            if (layer or voice != "authorial") and not refused:
                reported = None
            else:
                reported = ts > first_opener and reported_speech_at(
                    ts, sent, openers, verbs, coordinated) is not None
            keep(new(record, (kinds[layer], entry.family, voice, target, sent[ts], reported,
                             entry.headword, ts, ts, te, refused,
                             reported and names_its_referent(entry.family, entry.refers_to,
                                                             entry.entry_id, defaults),
                             entry.category)))
        return Measurement(article_id, tokens.n, tokens.n_sentences, len(text), mentions)

    def _analyse(self, text: str, when: _dt.date | None) -> tuple:
        """The one pass: ``(tokens, found, voices, targets, cues, speech)`` —
        the matches ``(token_start, token_end, layer, entry, own)`` in layer
        order, each one's ``(voice, voice_marker)``, ``(target,
        target_rule)`` and opposition cue, and the places of reported speech."""
        tokens = ArticleTokens(text)
        lookups = self.lookups if when is None or not self.dated else self._lookups_by_date[when]
        info = list(map(lookups.__getitem__, tokens.norms))
        layers, starters, speech = self.match_lexicons(tokens, list(compress(count(), info)),
                                                       info)
        found = [(ts, te, layer, entry, own)
                 for layer, matches in enumerate(layers) for ts, te, entry, own in matches]
        if not found:
            return tokens, found, None, None, None, speech
        voices = self.voices(tokens, found, starters, speech[1])
        targets, cues = self.targets(
            tokens, found, lambda k: self.own_word(tokens, found[k], voices[k], speech), speech)
        return tokens, found, voices, targets, cues, speech

    def own_word(self, tokens: ArticleTokens, match: tuple, voice: tuple, speech: tuple
                 ) -> bool:
        """Whether a mention (a match ``(token_start, token_end, layer, entry,
        own)`` and its ``(voice, …)``) is the writer's own word as the indices
        read it: authorial, and not a claim in reported speech (a frame word
        that names its referent is the writer's even there,
        :func:`names_its_referent`). What label inversion reads
        (:func:`branded_groups`)."""
        ts, _, layer, entry, _ = match
        if voice[0] != "authorial":
            return False
        openers, verbs, coordinated = speech
        if layer or not openers or ts <= openers[0] or names_its_referent(
                entry.family, entry.refers_to, entry.entry_id, self.narrowing.defaults):
            return True
        return reported_speech_at(ts, tokens.sent, openers, verbs, coordinated) is None

    def match_lexicons(self, tokens: ArticleTokens, hits: list[int], info: list
                       ) -> tuple[tuple, list[int], tuple]:
        """Every lexicon hit, layer by layer, and the places where a
        distancing marker may start: where the overlap rule of
        :mod:`framing.measure.match` is applied.

        ``hits``: the tokens whose norm can do something (``info[i]``, from
        :meth:`_info`). Within a layer, candidate spans are accepted
        greedily: longer span first, then earlier start, then an exception
        before a term, then less clitic material, then the earlier entry; a
        span overlapping an accepted one is dropped, and an exception
        (ميدان التحرير) takes its tokens but makes no mention. A frame hit
        inside a longer actor name is dropped
        (:func:`framing.measure.match.inside_a_name`).

        Returns ``((frames, actors, titles), starts, speech)``: each layer a
        list of ``(token_start, token_end, entry, own)`` in token order, the
        token indices to try distancing markers at, in order, and the places
        of reported speech (:func:`framing.measure.voice.speech_places`).
        """
        norms, sent, n = tokens.norms, tokens.sent, tokens.n
        singles: tuple[list, list, list] = ([], [], [])
        spans: tuple[list, list, list] = ([], [], [])
        starters: list[int] = []  # where a marker may start, in order
        openers: list[int] = []
        verbs: list[int] = []
        coordinated: set[int] = set()
        for i in hits:
            ones, phrases, trigger, speech = info[i]
            if speech:
                if speech & 1:
                    openers.append(i)
                    if speech & 4:
                        coordinated.add(i)
                if speech & 2:
                    verbs.append(i)
            for layer, cand, own in ones:
                singles[layer].append((i, i + 1, cand, own))
            if trigger:
                if trigger & 2 and i and (not starters or starters[-1] < i - 1):
                    starters.append(i - 1)
                if trigger & 1 and (not starters or starters[-1] < i):
                    starters.append(i)
            if not phrases or i + 1 >= n:
                continue
            nxt = norms[i + 1]
            for layer, by_next in phrases:
                cands = by_next.get(nxt)
                if cands is not None:
                    phrase_spans(norms, sent, i, cands, spans[layer])
        for layer in range(3):  # the overlap rule; a candidate's entry is what a mention needs
            if spans[layer] or singles[layer]:
                singles[layer][:] = [(a, b, c.entry, own) for a, b, c, own
                                     in layer_matches(singles[layer], spans[layer], n)]
        if singles[0] and singles[1]:  # a proper name is never a frame word
            inside = inside_a_name([f[:2] for f in singles[0]], [a[:2] for a in singles[1]])
            singles[0][:] = [f for f, drop in zip(singles[0], inside) if not drop]
        return singles, starters, (openers, verbs, coordinated)

    # -- voice ------------------------------------------------------------

    def voices(self, tokens: ArticleTokens, found: list[tuple], starters: list[int],
               verbs: Sequence[int] = ()) -> list[tuple[str, str, bool]]:
        """``(voice, voice_marker, refused)`` of each mention ``(token_start,
        token_end, …)`` (:func:`mention_voice`); ``verbs``: the tokens of its
        verbs of saying, whose direct speech after a colon is a quotation
        (:func:`direct_speech`)."""
        pairs = quote_tuples(tokens.text)
        said = direct_speech(tokens, verbs) if verbs else []
        actor = self.kinds.index("actor")
        pairs += said + headline_speech(
            tokens, [(ts, te) for ts, te, layer, entry, _ in found
                     if layer == actor and entry.category not in self.outside],
            taken={colon for colon, *_ in said})
        quotes = TokenQuotes(tokens, pairs) if pairs else None
        quote_of = quotes.token_quote.__getitem__ if quotes is not None else _no_quote
        hits = self.distancing.find(tokens, starters, quote_of) if starters else ()
        # a mention in no marker's scope is decided by its quotation alone
        # (mention_voice finds no marker for it): the usual case, made cheap
        governed = {t for h in hits for t in range(h[2], h[3])}
        out = []
        name_tokens = {t for ts, te, layer, *_ in found if layer == actor
                       for t in range(ts, te)} if quotes is not None else set()
        for ts, te, layer, *_ in found:
            if quotes is None:
                q = -1
            elif te - ts == 1:
                q = quote_of(ts)
            else:
                q = quotes.of_tokens(ts, te)
            if q >= 0 and name_in_quotes(q, ts, te, quotes, layer == actor, name_tokens):
                q = -1  # a proper name in quotation marks, or inside a phrase (mention_voice)
            if ts in governed or (te - ts > 1 and not governed.isdisjoint(range(ts, te))):
                out.append(mention_voice(ts, te, q, hits, quotes, tokens, frame=layer == 0,
                                         name_tokens=name_tokens))
            else:
                out.append(("quoted", quotes.marks[q], False) if q >= 0
                           else ("authorial", "", False))
        return out

    # -- targets ------------------------------------------------------------

    def targets(self, tokens: ArticleTokens, found: list[tuple], own_voice=None,
                speech: tuple | None = None) -> tuple[list[tuple[str, str]], list[str]]:
        """``(target, target_rule)`` of each mention ``(token_start,
        token_end, layer, entry, own)`` (:func:`assign_targets`), and each
        frame mention's opposition cue (:func:`opposition_cue`; ``""`` for
        the others)."""
        sent, clause, norms, kinds = tokens.sent, tokens.clause, tokens.norms, self.kinds
        cue_bits, window, reach, narrowing = self.cue_bits, self.window, self.reach, self.narrowing
        naming_families, default_of, events = (
            narrowing.naming_families, narrowing.defaults.get, narrowing.events)
        new = tuple.__new__  # a TargetInput without NamedTuple's Python-level __new__
        starts = {f[0] for f in found}
        openers, verbs, coordinated = speech if speech else ((), (), frozenset())
        first_opener = openers[0] if openers else tokens.n

        def said_from(ts: int, family: str) -> int:
            """The complementiser of the reported speech a branding word is in, or -1."""
            if POLARITY.get(family, 0) >= 0 or ts <= first_opener:
                return -1
            said = reported_speech_at(ts, sent, openers, verbs, coordinated)
            return said[1] if said else -1

        rows, cues = [], []
        add_row, add_cue = rows.append, cues.append
        for ts, te, layer, entry, own in found:
            if layer == 0:  # a frame word
                act = not own and qualifies_an_act(tokens, ts, entry.family, cue_bits)
                cue, naming = ("", False) if act else opposition_cue(
                    tokens, ts, cue_bits, window, reach=reach,
                    naming=entry.family in naming_families, starts=starts)
                add_row(new(TargetInput, (
                    ts, te, "frame", sent[ts], clause[ts], entry.category, entry.family, own,
                    bool(cue), bool(cue_bits(norms[ts]) & LIBERATION_VERB),
                    "" if own else default_of(entry.entry_id, ""),
                    act or entry.entry_id in events, naming,
                    -1 if own else fought_after(tokens, ts, te, cue_bits, starts),
                    # (an anchor's too); most words carry no و: skip the headword's norm then
                    conjunct_of(tokens, ts, self._first_norm(entry)) if norms[ts][0] == "و" else 0,
                    -1 if own else affiliation_object(tokens, te, cue_bits), False,
                    -1 if own else said_from(ts, entry.family),
                    -1 if own else located_in(tokens, te, self.locatives))))
                add_cue(cue)
            else:
                add_row(new(TargetInput, (
                    ts, te, kinds[layer], sent[ts], clause[ts], entry.category, entry.family, own,
                    False, False, "", entry.entry_id in events, False, -1,
                    conjunct_of(tokens, ts, self._first_norm(entry)) if norms[ts][0] == "و" else 0,
                    -1,
                    layer == 2 and not own and names_someone(
                        tokens, te, starts, self.title_modifiers, self.given_names), -1,
                    -1 if own else located_in(tokens, te, self.locatives))))
                add_cue("")
        return assign_targets(rows, self.outside, self.opponents, narrowing, own_voice), cues

class DistancingMarkers:
    """The distancing markers (:func:`framing.measure.voice.load_markers`) compiled
    for finding them in token arrays: where a marker is found
    (:meth:`find`); its scope is :func:`marker_scope`'s."""

    def __init__(self, markers: Sequence[Any]) -> None:
        self.markers = tuple(markers)
        self._starts = ComputeOnce(self._marker_starts)
        self._pairs = ComputeOnce(self._marker_pairs)
        self._template_cache: dict[re.Pattern[str], ComputeOnce] = {}

    def trigger(self, key: str) -> int:
        """Where a distancing marker can start near a token ``key``: bit 1,
        here (a one-token pattern matches it); bit 2, at the token before
        (the second template of a longer pattern matches it). Every place a
        marker matches is found so, and the rare second words (يسمى، وصفهم،
        كلامه …) are looked at instead of the frequent first ones (ما، من، على)."""
        bits = 0
        for m in self.markers:
            for pat in m.patterns:
                if len(pat) == 1 and pat[0].fullmatch(key):
                    bits |= 1
                elif len(pat) > 1 and pat[1].fullmatch(key):
                    bits |= 2
        return bits

    def _marker_starts(self, key: str) -> tuple:
        """The ``(marker, pattern)`` pairs whose first template matches ``key``,
        in file order; cached as ``self._starts[key]``."""
        return tuple((m, pat) for m in self.markers for pat in m.patterns
                     if pat[0].fullmatch(key))

    def find(self, tokens: ArticleTokens, starters: Sequence[int],
             quote_of: Callable[[int], int] = _no_quote) -> list[tuple]:
        """Every distancing marker (``framing/data/voice_markers.yaml``) and
        the tokens it governs, as ``(token_start, token_end, scope_start,
        scope_end, marker)``: greedy, left to right, the longest pattern at a
        position winning (ties: the first in the file); a marker never spans
        a clause boundary. Only the tokens in ``starters`` (:meth:`_trigger`)
        are tried (:meth:`trigger`; every token finds the same markers, only slower).
        The scope is :func:`marker_scope`'s.

        >>> t = ArticleTokens("وما يسمى بمجلس نواب طرابلس في طبرق")
        >>> [h[:4] for h in DistancingMarkers(Engine().markers).find(t, range(t.n))]
        [(0, 2, 2, 5)]
        """
        norms, sent, clause, n = tokens.norms, tokens.sent, tokens.clause, tokens.n
        tm = self._template_match
        pairs = self._pairs
        hits = []
        resume = 0
        for i in starters:
            if i < resume:
                continue
            cands = pairs[norms[i], norms[i + 1] if i + 1 < n else None]
            if not cands:
                continue
            best = None
            s0, c0 = sent[i], clause[i]
            for m, pat in cands:
                k = len(pat)
                if best is not None and k <= best[0]:
                    continue
                if i + k > n:
                    continue
                if k > 1:
                    if any(clause[t] != c0 or sent[t] != s0 for t in range(i + 1, i + k)):
                        continue
                    if k > 2 and not all(tm(p, norms[i + x].replace("ى", "ي"))
                                         for x, p in enumerate(pat[2:], start=2)):
                        continue
                if m.next is not None:
                    t = i + k
                    if t >= n or clause[t] != c0 or sent[t] != s0:
                        continue
                    if not tm(m.next, norms[t].replace("ى", "ي")):
                        continue
                best = (k, m)
            if best is None:
                continue
            k, m = best
            sc0, sc1 = marker_scope(m, tokens, quote_of, i, i + k)
            hits.append((i, i + k, sc0, sc1, m))
            resume = i + k
        return hits

    def _marker_pairs(self, pair: tuple[str, str | None]) -> tuple:
        """The marker patterns that can match at a token ``norm0`` followed by
        ``norm1``: first template matches ``norm0``, and the second (if any)
        ``norm1`` (file order kept; templates see ى as ي). Cached as
        ``self._pairs[norm0, norm1]``."""
        norm0, norm1 = pair
        tm = self._template_match
        key1 = norm1.replace("ى", "ي") if norm1 is not None else None
        return tuple((m, pat) for m, pat in self._starts[norm0.replace("ى", "ي")]
                     if len(pat) == 1 or (key1 is not None and tm(pat[1], key1)))

    def _template_match(self, template: re.Pattern[str], key: str) -> bool:
        memo = self._template_cache.get(template)
        if memo is None:
            memo = self._template_cache[template] = ComputeOnce(
                lambda k: template.fullmatch(k) is not None)
        return memo[key]




_without_record = itemgetter(0, 1, 2)


def direct_speech(tokens: ArticleTokens, verbs: Sequence[int]) -> list[tuple]:
    """Direct speech without quotation marks, as quotations ``(start, end,
    ":", "", 0)`` (:func:`framing.measure.voice.quote_tuples`' tuples): a colon
    at most :data:`~framing.measure.voice.REPORT_WINDOW` tokens after a verb of
    saying (token positions ``verbs``), in its sentence, opens the speaker's
    words, which run to the end of the sentence — "وأضاف المتحدث: إن
    الميليشيات …", "وقال العميد في تصريح: …". Wire and Libyan copy quote this
    way as often as with quotation marks.

    >>> t = ArticleTokens("وقال المتحدث: الميليشيات هاجمت المدينة. ثم عاد الهدوء")
    >>> [(t.text[s + 1:e]) for s, e, *_ in direct_speech(t, [0])]
    [' الميليشيات هاجمت المدينة']
    """
    from framing.measure.voice import REPORT_WINDOW

    text = tokens.text
    if ":" not in text:
        return []  # the usual case
    colons, at = [], text.find(":")
    while at >= 0:
        colons.append(at)
        at = text.find(":", at + 1)
    sent, n, span = tokens.sent, tokens.n, tokens.span
    out, reached = [], -1
    for v in verbs:
        if v <= reached:
            continue  # inside the speech already found
        stop = min(n - 1, v + REPORT_WINDOW)
        while sent[stop] != sent[v]:
            stop -= 1
        k = bisect_left(colons, span(v)[1])
        if stop == v or k == len(colons) or colons[k] >= span(stop)[0]:
            continue  # no colon between the verb and the window's last token
        last = sentence_last(sent, stop)
        for k in range(v, stop):  # the colon must stand between two tokens
            colon = text.find(":", span(k)[1], span(k + 1)[0])
            if colon >= 0:
                out.append((colon, span(last)[1], ":", "", 0))
                reached = last
                break
    return out


def sentence_last(sent: Sequence[int], k: int) -> int:
    """The last token of token ``k``'s sentence (``sent``: each token's
    sentence number), where a speaker's words after a colon end.

    >>> sentence_last([0, 0, 0, 1], 1)
    2
    """
    while k + 1 < len(sent) and sent[k + 1] == sent[k]:
        k += 1
    return k


#: At most this many tokens before the colon of a headline that quotes a speaker
#: ("الناطق باسم الجيش الوطني: …").
HEADLINE_SPEAKER_WINDOW = 6
#: what marks a dateline before a colon (بنغازي – (أ ف ب):), never a speaker's name
_DATELINE = frozenset("-–—ـ()[]|")


def headline_speech(tokens: ArticleTokens, actors: Sequence[tuple[int, int]],
                    taken: Collection[int] = ()) -> list[tuple]:
    """A speaker's words after a colon with no verb of saying, as quotations
    like :func:`direct_speech`'s: the colon comes at most
    :data:`HEADLINE_SPEAKER_WINDOW` tokens into its sentence, an actor
    mention (``actors``: token spans) stands before it in that sentence, and
    the words after it, to the sentence's end, are that actor's — the
    headline convention "حفتر: …", "البرلمان الليبي: … جماعة إرهابية". A
    topic label ("ليبيا: …") or a heading ("المصدر: …") names no actor and
    quotes nothing; nor does a dateline, whose place may be an outside party
    (the engine passes no outside party: "القاهرة - وكالات: …") and whose
    dash or parenthesis ends the search ("بنغازي – (الجيش الليبي): …")
    (sixteenth session, from the blind coders' voice misses of real copy).
    A colon in ``taken`` (one a verb of saying opened, :func:`direct_speech`)
    is left to that rule.

    >>> t = ArticleTokens("المسماري: الجيش يطهر المدينة من الإرهابيين")
    >>> [t.text[s + 1:e] for s, e, *_ in headline_speech(t, [(0, 1)])]
    [' الجيش يطهر المدينة من الإرهابيين']
    >>> headline_speech(ArticleTokens("ليبيا: الجيش يطهر المدينة"), [])
    []
    """
    text = tokens.text
    if ":" not in text or not actors:
        return []
    sent, n, span = tokens.sent, tokens.n, tokens.span
    out, taken = [], set(taken)
    for ts, te in actors:
        first = ts
        while first > 0 and sent[first - 1] == sent[ts]:
            first -= 1
        if any(ch in _DATELINE for ch in text[span(first)[0]:span(ts)[0]]):
            continue  # a dateline before the name
        for k in range(te - 1, min(n - 1, first + HEADLINE_SPEAKER_WINDOW)):
            if sent[k + 1] != sent[k]:
                break
            between = text[span(k)[1]:span(k + 1)[0]]
            colon = between.find(":")
            if any(ch in _DATELINE for ch in between[:colon if colon >= 0 else None]):
                break  # a dateline's dash or parenthesis: no speaker's name
            if colon >= 0:
                colon += span(k)[1]
                if colon not in taken:  # one quotation a colon (two names may precede it)
                    taken.add(colon)
                    out.append((colon, span(sentence_last(sent, k + 1))[1], ":", "", 0))
                break
    return out


class TokenQuotes:
    """The quotations of one text (:func:`framing.measure.voice.quote_tuples`) and
    which one each token is in: the innermost quotation whose content
    overlaps the token's characters (-1: none). ``marks[k]`` shows
    quotation ``k``'s marks (``«…"``; ``"…`` when unclosed).

    >>> t = ArticleTokens('قال إن «الثوار" انتصروا')
    >>> q = TokenQuotes(t, quote_tuples(t.text))
    >>> q.token_quote, q.marks
    ([-1, -1, 0, -1], ['«…"'])
    """

    __slots__ = ("doc", "start", "content", "token_quote", "tokenless", "marks")

    def __init__(self, d: ArticleTokens, quotes: list[tuple]) -> None:
        self.doc = d
        self.start = [q[0] for q in quotes]
        self.marks = [f"{q[2]}…{q[3]}" for q in quotes]
        # (content start, content end, depth): the marks are not content
        content = self.content = [(q[0] + 1, q[1] - 1 if q[3] else q[1], q[4]) for q in quotes]
        # the cut of each content boundary: the spaces before it, counted
        # in one pass over the text
        text, cut_of, spaces, last = d.text, {}, 0, 0
        for x in sorted({x for c in content for x in c[:2]}):
            spaces += text.count(" ", last, x)
            last = x
            cut_of[x] = spaces
        # the tokens of each quotation, innermost last (deeper, then earlier)
        token_quote = [-1] * d.n
        self.tokenless = False
        order = range(len(content) - 1, -1, -1)  # on a tie the first quotation wins
        if any(c[2] for c in content):
            order = sorted(order, key=lambda k: content[k][2])  # stable: ties stay last-first
        for k in order:
            cs, ce, _ = content[k]
            i, j = d.first_token_ending_after(cs, cut_of[cs]), d.first_token_from(ce, cut_of[ce])
            if i < j:
                token_quote[i:j] = [k] * (j - i)
            else:
                self.tokenless = True  # e.g. "" or " - ": between tokens only
        self.token_quote = token_quote

    def of_tokens(self, i: int, j: int) -> int:
        """The innermost quotation overlapping the characters from token ``i``
        to token ``j - 1``: the deepest (then first) of the tokens' own when
        every quotation holds a token (the deepest quotation overlapping the
        range is then the innermost of one of its tokens)."""
        if self.tokenless:
            span = self.doc.span
            return self.innermost(span(i)[0], span(j - 1)[1])
        best, best_depth = -1, -1
        for k in self.token_quote[i:j]:
            if k >= 0:
                depth = self.content[k][2]
                if depth > best_depth or (depth == best_depth and k < best):
                    best, best_depth = k, depth
        return best

    def holds_only(self, k: int, i: int, j: int) -> bool:
        """Whether quotation ``k`` holds no token outside tokens ``[i, j)``
        (its content is contiguous: the tokens just outside are not its own).

        >>> t = ArticleTokens('قوات حكومة «الوفاق» تتقدم')
        >>> q = TokenQuotes(t, quote_tuples(t.text))
        >>> q.holds_only(0, 1, 3), q.holds_only(0, 0, 1)
        (True, False)
        """
        tq = self.token_quote
        if self.tokenless or k not in tq[i:j]:
            return False
        return (i == 0 or tq[i - 1] != k) and (j >= len(tq) or tq[j] != k)

    def innermost(self, a: int, b: int) -> int:
        """The innermost quotation whose content overlaps characters ``[a, b)``."""
        best, best_depth = -1, -1
        for k in range(bisect_left(self.start, b)):
            cs, ce, depth = self.content[k]
            if cs < b and a < ce and depth > best_depth:
                best, best_depth = k, depth
        return best
