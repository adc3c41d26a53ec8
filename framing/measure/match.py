"""Clitic-aware lexicon matching over a token list: one dict lookup per token.

:func:`build_matcher` expands every headword of a :class:`~framing.measure.lexicon.Lexicon`
once into all the surface forms it can take (normalised), using
:func:`framing.text.arabic.inflected_forms`, and stores them in one dict. Matching
(:func:`find_matches`) then looks each token's ``norm`` up in that dict — no
clitic stripping per token and no regular expression — and, for multi-word
entries, compares the following tokens with precomputed sets.

Inflection rules
----------------
Single words
    The proclitic chain ``(و|ف)?(ب|ل|ك)?(ال)?`` (ل + ال → لل; لل + ل… → لل…)
    and the suffixes of :data:`framing.text.arabic.SUFFIXES` (ة ات ين ون ا, nisba
    endings on ي-final words, pronouns; see :func:`~framing.text.arabic.inflected_forms`).
    Entries with ``suffixes: false`` (actor names and titles, by default) take
    proclitics only: مصر + اته would otherwise be مصراته 'Misrata', الفريق + ين
    'the two teams'.
The article
    A headword written with ال (in its original spelling: الإخوان, not ألمانيا)
    requires it. A headword without ال may take it when the entry has
    ``article: true`` (frame terms) and never when ``article: false`` (names:
    قطر must not match القطر 'the country').
Multi-word entries
    Matched token by token inside one sentence. The FIRST word takes the
    proclitics (ولكتائب الثوار، للقوات المسلحة) but no suffix. When the phrase is
    written fully indefinite (no word with ال) and ``article: true``, its
    definite shape also matches, with ال on EVERY word — adjective agreement:
    محاولة انقلابية → المحاولة الانقلابية, والمحاولة الانقلابية. (For a
    construct phrase such as مجرم حرب the all-definite shape is ungrammatical
    and simply never occurs; its definite form مجرم الحرب is listed.) Inner and
    last words take nothing else: they must equal the headword's word.
``inflect: false``
    Only the normalised headwords themselves.
ى for ي
    :func:`framing.text.arabic.normalise` keeps ى (على ≠ علي), but Egyptian-style
    text writes final ي as ى (الليبى، الكبتى). Every form ending in ي also
    matches with ى (an adapter here, not a fold of the whole text).

Overlaps
--------
Within one lexicon (one layer), all candidate spans are collected and accepted
greedily in the order: longer span first, then earlier start, then an
exception before a term, then the form with less clitic material, then the
earlier entry in the file. A span overlapping an accepted one is dropped. An
``exceptions`` phrase (ميدان التحرير, المشير السيسي) that wins suppresses every
term it overlaps and is itself not reported. Frame, actor and title lexicons
are separate layers, each with its own matcher, so one span can be a frame
mention and an actor mention (see :mod:`framing.measure.lexicon`).

When two entries of one lexicon generate the same form (not their headwords:
the loader rejects that), the reading with less clitic material wins, then the
earlier entry; :attr:`Matcher.collisions` lists every such form (none in the
bundled lexicons). Within one entry, a form keeps the reading of its earliest
headword (بالارهابيين = بال + ارهابي + ين, although ارهابيين is also listed).

Example
-------
>>> from framing.text.arabic import tokenise
>>> from framing.measure.lexicon import load_lexicon
>>> matcher = build_matcher(load_lexicon())
>>> [(m.entry_id, m.category) for m in find_matches(tokenise("وللمتطرفين والمحاولة الانقلابية"), matcher)]
[('extremism.mutatarrif', 'extremism'), ('delegitimising.coup_attempt', 'delegitimising')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from framing.errors import FramingError
from framing.measure.lexicon import Entry, Lexicon, without_gc
from framing.text.arabic import Analysis, Token, inflected_forms, normalise, tokenise

__all__ = [
    "Match",
    "Matcher",
    "build_matcher",
    "find_matches",
    "inside_a_name",
    "layer_matches",
    "match_plan",
    "phrase_spans",
    "overlap_winners",
    "phrase_continues",
    "match_text",
    "neutral_names",
    "entry_forms",
    "vocabulary_matches",
]

_ARTICLE = "ال"
_YA, _ALEF_MAQSURA = "\u064a", "\u0649"
_FOLDS_MAQSURA = normalise(_ALEF_MAQSURA) == _YA


@dataclass(frozen=True, slots=True)
class Match:
    """One lexicon hit.

    Attributes
    ----------
    token_start, token_end : int
        Token indices, ``token_end`` exclusive (``tokens[token_start:token_end]``).
    start, end : int
        Character offsets into the original text: start of the first token, end
        of the last (``text[start:end]``).
    entry_id, category, family, refers_to
        From the matched :class:`~framing.measure.lexicon.Entry`.
    analysis : Analysis or None
        How the first token relates to the headword (prefix, stem, suffix);
        None for ``inflect: false`` entries and non-Arabic tokens.
    kind : str
        The lexicon's kind: ``"frame"``, ``"actor"`` or ``"title"``.
    """

    token_start: int
    token_end: int
    start: int
    end: int
    entry_id: str
    category: str
    family: str
    refers_to: str | None
    analysis: Analysis | None
    kind: str = "frame"


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: Entry
    analysis: Analysis | None
    tail: tuple[frozenset[str], ...]   # allowed norms of the following tokens
    exception: bool
    cost: int                          # clitic letters (prefix + suffix)
    order: int                         # entry position in the lexicon


def _candidate_maker():
    """A fast :class:`_Candidate` constructor (its slots set through their
    descriptors, as :func:`framing.text.arabic._token_maker` does): a frozen
    dataclass's ``__init__`` took ~2 µs, once per form of every entry."""
    new = object.__new__
    setters = tuple(getattr(_Candidate, f).__set__
                    for f in ("entry", "analysis", "tail", "exception", "cost", "order"))
    s0, s1, s2, s3, s4, s5 = setters

    def make(entry, analysis, tail, exception, cost, order) -> _Candidate:
        c = new(_Candidate)
        s0(c, entry), s1(c, analysis), s2(c, tail), s3(c, exception), s4(c, cost), s5(c, order)
        return c

    return make


_new_candidate = _candidate_maker()


@dataclass(frozen=True)
class Matcher:
    """A lexicon compiled for matching: form → candidates. Build once, reuse.

    Attributes
    ----------
    lexicon : Lexicon
    index : dict
        Normalised form of a (first) token → candidates, best first (a lazy
        mapping for a lexicon of more than :data:`LAZY_ENTRIES` entries).
    collisions : tuple of (form, tuple of entry ids)
        Forms generated by more than one entry (the first id wins); for a
        lazy index, ``matcher.index.collisions()`` computes them.
    """

    lexicon: Lexicon
    index: dict[str, tuple[_Candidate, ...]] = field(repr=False)
    collisions: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), repr=False)

    @property
    def kind(self) -> str:
        return self.lexicon.kind

    def __len__(self) -> int:
        return len(self.index)


# ---------------------------------------------------------------------------
# Form generation (an adapter over framing.text.arabic.inflected_forms)
# ---------------------------------------------------------------------------


def _has_written_article(word: str) -> bool:
    """Whether an original-spelling word begins with the article (الإخوان yes, ألمانيا no)."""
    return word.startswith(_ARTICLE) and len(normalise(word)) >= 4


def _maqsura(forms: Iterable[str]) -> list[str]:
    """The forms, each followed by its final-ى spelling when it ends in ي (order kept)."""
    out = dict.fromkeys(forms)
    if not _FOLDS_MAQSURA:
        for f in list(out):
            if f.endswith(_YA) and len(f) > 2:
                out.setdefault(f[:-1] + _ALEF_MAQSURA, None)
    return list(out)


def _word_calls(norm: str, definite: bool, article: bool, suffixes: bool) -> tuple[tuple, ...]:
    """How to make all forms of one normalised word: the
    :func:`~framing.text.arabic.inflected_forms` calls ``(word, suffixes,
    article)`` whose forms are merged in order (the first analysis of a form
    wins), or ``((word,),)`` for a word taken as is (a number, a Latin word).

    ``definite``: written with ال (required). Otherwise ``article`` says
    whether ال may be added.
    """
    if not any("\u0621" <= ch <= "\u064a" for ch in norm) or len(norm) < 2:
        return ((norm,),)  # a number or Latin word: as is
    if definite:
        return ((norm, suffixes, "required"),)
    if article:
        # ال + word, required: the stem stays the word even if it starts with
        # ال after normalisation (ألمانيا → المانيا).
        return ((norm, suffixes, "none"), (_ARTICLE + norm, suffixes, "required"))
    return ((norm, suffixes, "none"),)


def _forms_of(calls: tuple[tuple, ...]) -> dict[str, Analysis | None]:
    """The forms :func:`_word_calls` describes, in generation order (a fresh dict)."""
    out: dict[str, Analysis | None] = {}
    for k, call in enumerate(calls):
        forms = {call[0]: None} if len(call) == 1 else \
            inflected_forms(call[0], suffixes=call[1], article=call[2])
        if k == 0:
            out = forms
        else:
            for form, analysis in forms.items():
                out.setdefault(form, analysis)
    return out


def _word_forms(norm: str, definite: bool, article: bool, suffixes: bool
                ) -> dict[str, Analysis]:
    """All forms of one normalised word, with their analyses (:func:`_word_calls`)."""
    return _forms_of(_word_calls(norm, definite, article, suffixes))


def _add_article(word: str) -> str:
    if word.startswith(_ARTICLE) or not any("\u0621" <= ch <= "\u064a" for ch in word):
        return word
    return _ARTICLE + word


@dataclass(frozen=True, slots=True)
class _Generator:
    """One group of first-token forms of an entry, with what follows them:
    its forms are ``_forms_of(calls)``, each a candidate with ``tail``.
    ``seq`` orders the groups as the eager build meets them."""

    seq: int
    entry: Entry
    calls: tuple[tuple, ...]
    tail: tuple[frozenset[str], ...]
    exception: bool
    order: int

    def candidate(self, analysis: Analysis | None) -> _Candidate:
        cost = len(analysis.prefix) + len(analysis.suffix) if analysis is not None else 0
        return _new_candidate(self.entry, analysis, self.tail, self.exception, cost, self.order)


def _phrase_generators(entry: Entry, headword: str, norm: str, *, exception: bool, order: int,
                       seq: int = 0) -> list[_Generator]:
    """The form groups of one headword (or exception phrase), in order."""
    words = norm.split()
    originals = headword.split()
    if len(originals) != len(words):   # punctuation or glued words: fall back on norms
        originals = words
    out: list[_Generator] = []

    def emit(calls: tuple[tuple, ...], tail_words: Sequence[str]) -> None:
        tail = tuple(frozenset(_maqsura([w])) for w in tail_words)
        out.append(_Generator(seq + len(out), entry, calls, tail, exception, order))

    if not entry.inflect:
        emit(((words[0],),), words[1:])
        return out
    definite = _has_written_article(originals[0])
    single = len(words) == 1
    suffixes = entry.suffixes and single
    indefinite_phrase = not definite and not any(w.startswith(_ARTICLE) for w in words[1:])
    if single or not indefinite_phrase:
        # A single word, or a phrase with ال somewhere (construct: كتائب الثوار):
        # the first word keeps its written state.
        article = entry.article and single
        emit(_word_calls(words[0], definite, article, suffixes), words[1:])
    else:
        # A fully indefinite phrase: as written, and (article: true) all-definite.
        emit(_word_calls(words[0], False, False, False), words[1:])
        if entry.article:
            emit(((_ARTICLE + words[0], False, "required"),),
                 [_add_article(w) for w in words[1:]])
    return out


def _generated(generator: _Generator) -> list[tuple[str, _Candidate]]:
    """``(form, candidate)`` of every form of a group, in order: a form ending
    in ي is followed by its final-ى spelling, with the same candidate."""
    out: list[tuple[str, _Candidate]] = []
    add = out.append
    maqsura = not _FOLDS_MAQSURA
    for form, analysis in _forms_of(generator.calls).items():
        cand = generator.candidate(analysis)
        add((form, cand))
        if maqsura and len(form) > 2 and form.endswith(_YA):
            variant = form[:-1] + _ALEF_MAQSURA
            if variant != form:
                add((variant, cand))
    return out


def _phrase_candidates(entry: Entry, headword: str, norm: str, *, exception: bool, order: int
                       ) -> list[tuple[str, _Candidate]]:
    """``(first-token form, candidate)`` pairs of one headword (or exception phrase)."""
    return [pair for g in _phrase_generators(entry, headword, norm, exception=exception,
                                             order=order)
            for pair in _generated(g)]


def entry_forms(entry: Entry) -> list[str]:
    """Every form (normalised; words of a phrase joined by a space) an entry matches.

    Exceptions are not included. Order: by headword, then generation order.

    >>> from framing.measure.lexicon import load_lexicon
    >>> "وللمتطرفين" in entry_forms(load_lexicon().get("extremism.mutatarrif"))
    True
    """
    out: dict[str, None] = {}
    for headword, norm in zip(entry.headwords, _headword_norms(entry)):
        for first, cand in _phrase_candidates(entry, headword, norm, exception=False, order=0):
            tails = [sorted(t) for t in cand.tail]
            phrases = [[first]]
            for options in tails:
                phrases = [p + [o] for p in phrases for o in options]
            for phrase in phrases:
                out.setdefault(" ".join(phrase), None)
    return list(out)


def _headword_norms(entry: Entry) -> list[str]:
    from framing.measure.lexicon import normalise_phrase

    return [normalise_phrase(h) for h in entry.headwords]


@without_gc
def build_matcher(lexicon: Lexicon) -> Matcher:
    """Compile a lexicon into a :class:`Matcher` (a dict from every form).

    Parameters
    ----------
    lexicon : Lexicon
        From :func:`~framing.measure.lexicon.load_lexicon`, :func:`~framing.measure.lexicon.load_actors`
        or :func:`~framing.measure.lexicon.load_titles`.

    Returns
    -------
    Matcher
        Reusable across texts.

    Example
    -------
    >>> from framing.measure.lexicon import load_actors
    >>> matcher = build_matcher(load_actors())
    >>> "لحفتر" in matcher.index, "ومصراته" in matcher.index
    (True, False)
    """
    if not isinstance(lexicon, Lexicon):
        raise FramingError(f"build_matcher: expected a Lexicon, got {type(lexicon).__name__}")
    generators = _lexicon_generators(lexicon)
    if len(lexicon.entries) > LAZY_ENTRIES:
        return Matcher(lexicon=lexicon, index=_LazyIndex(generators))
    index, collisions = _eager_index(generators)
    return Matcher(lexicon=lexicon, index=index, collisions=collisions)


#: A lexicon with more entries than this compiles lazily (:class:`_LazyIndex`):
#: each entry makes ~200 forms, and 10,000 entries took ~20 s to compile.
LAZY_ENTRIES = 2000


def _lexicon_generators(lexicon: Lexicon) -> list[_Generator]:
    """Every form group of a lexicon, in the order the index is built."""
    from framing.measure.lexicon import normalise_phrase

    generators: list[_Generator] = []
    for order, entry in enumerate(lexicon.entries):
        phrases = [(h, n, False) for h, n in zip(entry.headwords, _headword_norms(entry))]
        phrases += [(p, normalise_phrase(p), True) for p in entry.exceptions]
        for headword, norm, exception in phrases:
            generators += _phrase_generators(entry, headword, norm, exception=exception,
                                             order=order, seq=len(generators))
    return generators


def _ranked(cands: list[_Candidate]) -> tuple[_Candidate, ...]:
    """A form's candidates, best first: one per (entry, tail), the earliest
    headword's reading (بالارهابيين is ب+ال + ارهابي + ين, not ب+ال +
    ارهابيين); longer phrases first, then non-exceptions, fewer clitic
    letters, lexicon order."""
    unique: dict[tuple, _Candidate] = {}
    for c in cands:
        unique.setdefault((c.entry.entry_id, c.tail, c.exception), c)
    return tuple(sorted(unique.values(),
                        key=lambda c: (-len(c.tail), not c.exception, c.cost, c.order)))


def _collision(form: str, cands: tuple[_Candidate, ...]) -> tuple | None:
    ids = {}
    for c in cands:
        if not c.tail and not c.exception:
            ids.setdefault(c.entry.entry_id, None)
    return (form, tuple(ids)) if len(ids) > 1 else None


def _eager_index(generators: list[_Generator]) -> tuple[dict, tuple]:
    """Every form → its candidates, and the collisions."""
    # Most forms have one candidate: they get it alone, and only a form that
    # gets a second one gets a list (a dict per form took most of the time
    # and memory of a 10,000-entry lexicon: ~2 million forms).
    first: dict[str, _Candidate] = {}
    more: dict[str, list[_Candidate]] = {}
    for generator in generators:
        for form, cand in _generated(generator):
            have = first.get(form)
            if have is None:
                first[form] = cand
            else:
                more.setdefault(form, [have]).append(cand)
    index: dict[str, tuple[_Candidate, ...]] = {}
    collisions = []
    for form, cand in first.items():
        cands = more.get(form)
        if cands is None:
            index[form] = (cand,)
            continue
        index[form] = ranked = _ranked(cands)
        collision = _collision(form, ranked)
        if collision:
            collisions.append(collision)
    return index, tuple(sorted(collisions))


class _LazyIndex(Mapping):
    """The index of a large lexicon, computed form by form when looked up.

    Building it keeps only each entry's form groups, keyed by the stem their
    forms share (:func:`framing.text.arabic.inflection_stem`) or by the form
    itself for a word taken as is. A lookup guesses the token's stems
    (:func:`framing.text.arabic._readings`, a superset), generates the groups of
    those stems with the eager build's code (:func:`_generated`) and keeps
    the candidates in the eager build's order — so ``index[form]`` is the
    same tuple the eager index holds (a test compares every form). Iterating
    or ``len`` builds the eager index once.
    """

    def __init__(self, generators: list[_Generator]) -> None:
        from framing.text.arabic import inflection_stem

        self.generators = generators
        self.by_key: dict[str, list[int]] = {}
        for g in generators:
            keys = [call[0] if len(call) == 1 else inflection_stem(call[0], call[2])[0]
                    for call in g.calls]
            for key in dict.fromkeys(keys):
                self.by_key.setdefault(key, []).append(g.seq)
        self.cache: dict[str, tuple | None] = {}
        self.forms: dict[int, list] = {}  # a few groups' generated forms (bounded)
        self._full: tuple[dict, tuple] | None = None

    def _generated(self, seq: int) -> list[tuple[str, _Candidate]]:
        found = self.forms.get(seq)
        if found is None:
            if len(self.forms) > 256:
                self.forms.clear()
            found = self.forms[seq] = _generated(self.generators[seq])
        return found

    def _lookup(self, form: str) -> tuple | None:
        from framing.text.arabic import _readings

        sources = [form]
        if not _FOLDS_MAQSURA and len(form) > 2 and form.endswith(_ALEF_MAQSURA):
            sources.append(form[:-1] + _YA)  # the ى spelling of a form in ي
        groups: set[int] = set()
        for source in sources:
            groups.update(self.by_key.get(source, ()))
            for _, _, stem in _readings(source):
                groups.update(self.by_key.get(stem, ()))
        cands = [cand for seq in sorted(groups) for f, cand in self._generated(seq) if f == form]
        return _ranked(cands) if cands else None

    def get(self, form, default=None):
        found = self.cache.get(form, False)
        if found is False:
            if len(self.cache) > 1 << 17:
                self.cache.clear()
            found = self.cache[form] = self._lookup(form)
        return default if found is None else found

    def __getitem__(self, form: str) -> tuple[_Candidate, ...]:
        found = self.get(form)
        if found is None:
            raise KeyError(form)
        return found

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and self.get(form) is not None

    def full(self) -> dict:
        """The whole index, built eagerly (once)."""
        return self._eager()[0]

    def collisions(self) -> tuple:
        """Forms generated by more than one entry (builds the whole index)."""
        return self._eager()[1]

    def _eager(self) -> tuple[dict, tuple]:
        if self._full is None:
            self._full = _eager_index(self.generators)
        return self._full

    def __iter__(self):
        return iter(self.full())

    def __len__(self) -> int:
        return len(self.full())


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def find_matches(tokens: Sequence[Token], matcher: Matcher) -> list[Match]:
    """Every lexicon hit in ``tokens``, non-overlapping, in text order.

    Parameters
    ----------
    tokens : sequence of Token
        From :func:`framing.text.arabic.tokenise` (one text).
    matcher : Matcher
        From :func:`build_matcher`.

    Returns
    -------
    list of Match
        Sorted by position; see the module docstring for the overlap rule.

    Example
    -------
    >>> from framing.measure.lexicon import load_lexicon
    >>> m = build_matcher(load_lexicon())
    >>> text = "حرب على الإرهاب في ميدان التحرير"
    >>> [text[x.start:x.end] for x in find_matches(tokenise(text), m)]
    ['الإرهاب']
    """
    if not isinstance(matcher, Matcher):
        raise FramingError(f"find_matches: expected a Matcher, got {type(matcher).__name__}")
    index = matcher.index
    n = len(tokens)
    norms = [t.norm for t in tokens]
    sentences = [t.sentence for t in tokens]
    plans: dict[str, tuple] = {}
    singles: list[tuple] = []
    spans: list[tuple] = []
    for i, norm in enumerate(norms):
        plan = plans.get(norm)
        if plan is None:
            cands = index.get(norm)
            plan = plans[norm] = match_plan(cands) if cands is not None else (None, {})
        single, by_next = plan
        if single is not None:
            singles.append((i, i + 1, *single))
        if by_next and i + 1 < n:
            cands = by_next.get(norms[i + 1])
            if cands is not None:
                phrase_spans(norms, sentences, i, cands, spans)
    out: list[Match] = []
    for i, j, cand, _ in layer_matches(singles, spans, n):
        entry = cand.entry
        out.append(Match(i, j, tokens[i].start, tokens[j - 1].end, entry.entry_id, entry.category,
                         entry.family, entry.refers_to, cand.analysis, matcher.lexicon.kind))
    return out


def _no_owner(entry: Entry) -> str:
    return ""


def match_plan(cands: Sequence[_Candidate], own: Callable[[Entry], str] = _no_owner
               ) -> tuple[tuple | None, dict[str, tuple]]:
    """How a token can match in one lexicon layer, from its index candidates
    ``cands`` (``matcher.index[norm]``, best first): ``(single, by_next)``.

    ``single`` is ``(candidate, own)`` for a one-token match, or None: a
    one-token exception at a position sorts before, and so blocks, a
    one-token term there, and one-token spans never compete with each other.
    ``by_next`` maps the norm the next token must have to the phrases that
    start here, best first, as ``(length, 0 for an exception else 1, cost,
    order, tail, candidate, own)`` — the overlap rule's sort key, ready
    (:func:`phrase_spans`). ``own`` (e.g. an actor's category) is computed
    once per candidate. The engine caches one plan per norm and layer; so
    does :func:`find_matches` per text.

    >>> from framing.measure.lexicon import load_lexicon
    >>> index = build_matcher(load_lexicon()).index
    >>> single, by_next = match_plan(index["الارهابيين"])
    >>> single[0].entry.entry_id, by_next
    ('terrorism.irhabi', {})
    """
    by_next: dict[str, list] = {}
    for c in cands:
        if c.tail:
            record = (1 + len(c.tail), 0 if c.exception else 1, c.cost, c.order, c.tail, c,
                      own(c.entry))
            for word in c.tail[0]:
                by_next.setdefault(word, []).append(record)
    ones = [c for c in cands if not c.tail]
    single = None
    if ones and not any(c.exception for c in ones):
        single = (ones[0], own(ones[0].entry))
    return single, {w: tuple(cs) for w, cs in by_next.items()}


def phrase_spans(norms: Sequence[str], sentences: Sequence[int], i: int, cands: Sequence[tuple],
                 out: list) -> None:
    """Append to ``out`` the phrases that match from token ``i``: ``cands``
    are :func:`match_plan`'s ``by_next[norms[i + 1]]`` (their second word
    matched); the rest must go on in token ``i``'s sentence
    (:func:`phrase_continues`). The best candidate of each length (an
    exception and a term apart) is kept, as :func:`overlap_winners`'s tuple
    ``(-length, i, exception?, cost, order, seq, candidate, own)``.
    """
    if sentences[i + 1] != sentences[i]:
        return
    n = len(norms)
    seen = set()
    for length, exc, cost, order, tail, cand, own in cands:
        if (length, exc) in seen or i + length > n:
            continue
        if length > 2 and not phrase_continues(norms, sentences, i, tail, 2):
            continue
        seen.add((length, exc))
        out.append((-length, i, exc, cost, order, len(out), cand, own))


def _first(item: tuple) -> int:
    return item[0]


def layer_matches(singles: list[tuple], spans: list[tuple], n: int) -> list[tuple]:
    """The matches of one lexicon layer, ``(token_start, token_end, candidate,
    own)`` in token order: the phrase ``spans`` (:func:`phrase_spans`) by the
    overlap rule (:func:`overlap_winners`; an exception takes its tokens but
    makes no match), then each one-token match ``singles`` ``(i, i + 1,
    candidate, own)`` whose token no longer span took.
    """
    if not spans:
        return singles
    kept, taken = overlap_winners(spans, n)
    found = [(i, i - neg, cand, own) for neg, i, _, _, _, _, cand, own in kept
             if not cand.exception]
    found += [f for f in singles if not taken[f[0]]]
    found.sort(key=_first)
    return found


def phrase_continues(norms: Sequence[str], sentences: Sequence[int], i: int,
                     tail: Sequence[frozenset[str]], first: int = 1) -> bool:
    """Whether a phrase whose first word is token ``i`` goes on: token
    ``i + k`` is one of ``tail[k - 1]`` (the phrase's later words, which take
    no clitics) for every ``k`` from ``first``, all in token ``i``'s sentence.

    >>> phrase_continues(["كتائب", "الثوار"], [0, 0], 0, (frozenset({"الثوار"}),))
    True
    >>> phrase_continues(["كتائب", "الثوار"], [0, 1], 0, (frozenset({"الثوار"}),))
    False
    """
    if i + len(tail) >= len(norms):
        return False
    sentence = sentences[i]
    for k in range(first, len(tail) + 1):
        if norms[i + k] not in tail[k - 1] or sentences[i + k] != sentence:
            return False
    return True


def overlap_winners(spans: list[tuple], n: int) -> tuple[list[tuple], bytearray]:
    """The overlap rule of one lexicon layer: which candidate spans are kept.

    Each span is a tuple ``(-length, start, 0 for an exception else 1,
    clitic letters, entry order, …)``: sorted so, spans are accepted
    greedily — longer first, then earlier, then an exception before a term,
    then less clitic material, then the earlier entry — and a span
    overlapping an accepted one is dropped. Returns the kept spans (an
    exception among them suppresses what it overlaps and makes no mention:
    the caller drops it) and the taken tokens (``n`` flags).

    >>> overlap_winners([(-1, 1, 1, 0, 0), (-2, 0, 1, 0, 1)], 3)[0]
    [(-2, 0, 1, 0, 1)]
    """
    spans.sort()
    taken = bytearray(n)
    kept = []
    for span in spans:
        i = span[1]
        j = i - span[0]
        if taken.find(1, i, j) < 0:
            taken[i:j] = b"\x01" * (j - i)
            kept.append(span)
    return kept, taken


def inside_a_name(spans: Sequence[tuple[int, int]], names: Sequence[tuple[int, int]]
                  ) -> list[bool]:
    """For each frame span ``(token_start, token_end)``, whether it lies inside a
    longer actor name: a proper name is never a frame word.

    مجلس شورى ثوار بنغازي is an actor mention; the ثوار inside it adds no
    revolution vocabulary (nor القوات المسلحة inside القيادة العامة للقوات
    المسلحة). A frame term with the same span as a name (كتائب الثوار, both a
    name and the choice to call the brigades revolutionaries) is kept.

    >>> inside_a_name([(2, 3), (0, 2)], [(1, 4), (0, 2)])
    [True, False]
    """
    covering: dict[int, list[tuple[int, int]]] = {}  # token → the names over it
    for a, b in names:
        for t in range(a, b):
            covering.setdefault(t, []).append((a, b))
    return [any(a <= ts and te <= b and b - a > te - ts for a, b in covering.get(ts, ()))
            for ts, te in spans]


def neutral_names(frames: Sequence[tuple[int, int]], actors: Sequence[tuple[int, int]],
                  titles: Sequence[tuple[int, int]]) -> tuple[list[bool], list[bool]]:
    """Which actor and title spans are neutral names: not overlapping a frame
    mention (حفتر inside ميليشيات حفتر, الثوار that is also a frame word), and
    for a title, not overlapping an actor name either (القائد العام is both:
    one name). Returns (for each actor, for each title).

    >>> neutral_names([(0, 2)], [(1, 2), (3, 4)], [(3, 4), (5, 6)])
    ([False, True], [False, True])
    """
    framed = {t for s, e in frames for t in range(s, e)}  # tokens of frame mentions
    named = {t for s, e in actors for t in range(s, e)}
    keep_actors = [framed.isdisjoint(range(s, e)) for s, e in actors]
    keep_titles = [framed.isdisjoint(range(s, e)) and named.isdisjoint(range(s, e))
                   for s, e in titles]
    return keep_actors, keep_titles


def match_text(text: str, matcher: Matcher) -> list[Match]:
    """:func:`find_matches` over ``tokenise(text)``.

    >>> from framing.measure.lexicon import load_lexicon
    >>> [m.entry_id for m in match_text("كإرهابيين", build_matcher(load_lexicon()))]
    ['terrorism.irhabi']
    """
    return find_matches(tokenise(text), matcher)


def vocabulary_matches(tokens: Iterable[Token], matcher: Matcher):
    """Audit table: every distinct matched form with its entry and count.

    For checking a lexicon against a corpus by hand (false matches): one row
    per (form, entry), where ``form`` is the matched tokens' norms joined by a
    space. Columns: form, entry_id, headword, category, prefix, stem, suffix,
    count, example (a surface).

    Example
    -------
    >>> from framing.measure.lexicon import load_lexicon
    >>> table = vocabulary_matches(tokenise("الإرهاب والإرهاب الإرهاب"), build_matcher(load_lexicon()))
    >>> table[["form", "count"]].values.tolist()
    [['الارهاب', 2], ['والارهاب', 1]]
    """
    import pandas as pd

    tokens = list(tokens)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    # Token lists of several texts may be concatenated: matching is per list,
    # and sentence indices keep phrases from crossing texts only if they differ;
    # pass one text's tokens at a time for exact phrase boundaries.
    lexicon = matcher.lexicon
    for m in find_matches(tokens, matcher):
        form = " ".join(t.norm for t in tokens[m.token_start:m.token_end])
        key = (form, m.entry_id)
        row = rows.get(key)
        if row is None:
            a = m.analysis
            rows[key] = {
                "form": form, "entry_id": m.entry_id, "headword": lexicon.get(m.entry_id).headword,
                "category": m.category, "prefix": a.prefix if a else "", "stem": a.stem if a else "",
                "suffix": a.suffix if a else "", "count": 1,
                "example": " ".join(t.surface for t in tokens[m.token_start:m.token_end]),
            }
        else:
            row["count"] += 1
    columns = ["form", "entry_id", "headword", "category", "prefix", "stem", "suffix", "count",
               "example"]
    frame = pd.DataFrame(list(rows.values()), columns=columns)
    return frame.sort_values(["category", "entry_id", "form"], kind="stable").reset_index(drop=True)
