"""The fast per-article scorer: the score row of :mod:`framing.scores`
without a mentions table.

``framing score`` on five articles can afford a pandas mentions table per
article; on 100,000 it cannot. :class:`Scorer` computes the **same row** as
``score_articles(*measure([article], ...))`` (:mod:`framing.scores`,
:mod:`framing.mentions`) directly; :mod:`framing.stream` streams a corpus
through it.

:class:`Scorer` reproduces tokenise → match → voice → target → scores with
little per-token Python work: the text is cut at spaces (``str.split``), each
cut is looked up in a dict of cut → token norms (filled with the tokeniser's
own regex, so the tokens are :func:`framing.arabic.tokenise`'s), a second
dict maps a norm to what it can match, both through C-level ``map``; the
sentence and clause numbers are computed per punctuation mark, not per
token. Matching, voice, opposition cues and targets run only on the tokens
that hit a lexicon, with the rules of :mod:`framing.match`,
:mod:`framing.voice` and :mod:`framing.target` re-expressed over plain
tuples:

* distancing markers are looked for from their rare second word (يسمى،
  وصفهم، كلامه …) rather than at every ما، من، على;
* each quotation is mapped once to the tokens it covers (counting the spaces
  before its boundaries), so a token's quotation is a list lookup;
* the opposition guard is only consulted when the best anchor is a
  "nearest" one (ranks a)–b) would win anyway);
* the sentence bootstrap reuses one resample-count matrix per sentence count
  (for a seed, the resamples depend only on the number of sentences) and
  sums its rows instead of indexing every resample.

``tests/test_scorer.py`` checks the rows equal ``score_articles(*measure(...))``
on the seeds and on a few hundred synthetic and perturbed articles.

Example
-------
>>> from framing.corpus import load_corpus
>>> scorer = Scorer()
>>> article = load_corpus()[0]
>>> row = scorer.score(article.id, article.text)
>>> dict(zip(SCORE_COLUMNS, row))["haftar_title"]
'اللواء المتقاعد'
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, chain, compress, count
from operator import add, sub
from typing import Any

from framing.arabic import (
    _GLUED,
    _QUOTES,
    _SCAN_RX,
    _attach,
    _norm_cached,
    _paren_close,
    _surface_offset,
)
from framing.errors import FramingError
from framing.schema import (
    DEFAULT_ADVERSARY_GROUPS,
    DEFAULT_ISLAMIST_GROUPS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    FAMILIES,
    MAX_RESAMPLES,
    HAFTAR_GROUP,
    INDICES,
    SCORE_COLUMNS,
    VOICES,
    index_components_of,
    neutral_components_of,
)
from framing.match import inside_a_name, neutral_names
from framing.target import POLARITY, _is_cue
from framing.uncertainty import index_interval
from framing.voice import CLAUSE_WINDOW as _CLAUSE_WINDOW
from framing.voice import quote_tuples, reported_speech_at

__all__ = ["SCORE_COLUMNS", "Scorer", "ScoreSettings", "fast_tokens"]

# Caches of the tokeniser and lexicon lookups are cleared past this many
# entries (~20 MB each): news vocabulary is Zipfian, so the frequent forms are
# back after a clear within a few articles, and memory stays bounded.
_CACHE_LIMIT = 1 << 17


class _Memo(dict):
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

def _first(item: tuple) -> int:
    return item[0]


# ===========================================================================
# The fast tokeniser: tokenise()'s rules over one re.split
# ===========================================================================

# The tokeniser's regex with its named groups made non-capturing, the whole
# alternation captured once: split() returns [gap, piece, gap, piece, …, gap]
# with exactly the pieces finditer() would visit. "(?<!X)-" is written
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


def _piece_code(piece: str) -> object:
    """The code of one piece, from the tokeniser's own regex (context-free)."""
    m = _SCAN_RX.match(piece)
    if m is None or m.end() != len(piece):  # pragma: no cover - the regexes agree
        raise RuntimeError(f"fast tokeniser: cannot classify {piece!r}")
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


_PIECES = _Memo(_piece_code)


# Whitespace never belongs to a token (no alternative of the tokeniser's regex
# matches it; its one look-ahead, `"(?=\s|$)`, and its look-behinds see the
# same thing at a chunk's edge as at the text's), so the pieces of a text are
# the pieces of its whitespace-separated chunks. The text is cut at single
# spaces (str.split, the cheapest cut there is), each cut is looked up once in
# a dict (cut → code), and most cuts are one plain word; other whitespace
# (line breaks, tabs, double spaces) is handled inside a cut's code.
_CHUNK_RX = re.compile(r"(\S+)")
_LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _chunk_code(chunk: str) -> object:
    """The code of a space-delimited cut: a plain word's norm, or ``(norms,
    spans, breaks)``: its tokens' norms and ``(start, end)`` in the cut, and
    its breaks as ``(kind, start, number of its tokens before the break)``."""
    norms: list[str] = []
    spans: list[tuple[int, int]] = []
    breaks: list[tuple[int, int, int]] = []
    pos = 0
    for g, run in enumerate(_CHUNK_RX.split(chunk)):
        if not g % 2:  # whitespace inside the cut (a line break ends a paragraph)
            if _LINE_BREAK.search(run):
                breaks.append((_B, pos, len(norms)))
            pos += len(run)
            continue
        for k, part in enumerate(_PIECE_RX.split(run)):
            if k % 2:
                code = _PIECES[part]
                a, b = pos, pos + len(part)
                if code.__class__ is str:
                    norms.append(code)
                    spans.append((a, b))
                elif code.__class__ is tuple:  # two words glued by a lost space
                    norms += code[:2]
                    spans += [(a, a + code[2]), (a + code[2], b)]
                else:
                    breaks.append((code, a, len(norms)))
            pos += len(part)
    if len(norms) == 1 and not breaks and spans[0] == (0, len(chunk)):
        return norms[0]
    return (tuple(norms), tuple(spans), tuple(breaks))


_CHUNKS = _Memo(_chunk_code)


def _numbers(breaks: list[int], n: int) -> list[int]:
    """Per token, how many counted breaks precede it.

    A break at token position ``p`` (``p`` tokens before it) counts when a
    token came since the last counted one: ``p > 0`` and ``p`` not counted
    already (arabic._Scan's rule).
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


class _Doc:
    """The tokens of one text: norms, sentence and clause numbers, and spans.

    Token ``i`` has the ``norm``, ``sentence``, ``clause``, ``start`` and
    ``end`` of ``tokenise(text)[i]``; spans are computed on demand
    (:meth:`span`), from the offsets of the space-delimited cuts.
    """

    __slots__ = ("text", "cuts", "starts", "norms", "n", "sent", "clause", "ev_tok", "ev_cut",
                 "ev_spans", "n_sentences")

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = text.split(" ")
        self.cuts = cuts
        self.starts = None
        codes = list(map(_CHUNKS.__getitem__, cuts))
        # the cuts that are not one plain word
        events = [c for c, code in enumerate(codes) if code.__class__ is tuple]
        self.ev_cut = events
        if not events:
            n = self.n = len(codes)
            self.norms = codes
            self.sent = self.clause = [0] * n
            self.ev_tok = self.ev_spans = []
            self.n_sentences = 1 if n else 0
            return
        # arabic._Scan's state machine: every break ends a clause, and every
        # break but a comma-like one (_K) a sentence; inside parentheses the
        # sentence ends are clause breaks, until the ")" or the paragraph end.
        segments: list = []
        ev_tok: list[int] = []
        ev_spans: list[tuple] = []
        s_breaks: list[int] = []
        c_breaks: list[int] = []
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
            for kind, a, before in breaks:
                if kind == _PAREN or (kind == _E and paren_until >= 0):
                    if at_cut < c:
                        at += sum(map(len, cuts[at_cut:c])) + c - at_cut
                        at_cut = c
                    if kind == _PAREN:
                        paren_until = max(paren_until, _paren_close(text, at + a))
                        kind = _K
                    elif at + a < paren_until:
                        kind = _K
                elif kind == _B:
                    paren_until = -1
                add_c(ntok + before)
                if kind != _K:
                    add_s(ntok + before)
            add_seg(toks)
            ntok += len(toks)
        add_seg(codes[prev:])
        norms = self.norms = list(chain.from_iterable(segments))
        n = self.n = len(norms)
        self.ev_tok, self.ev_spans = ev_tok, ev_spans
        self.sent = _numbers(s_breaks, n)
        self.clause = _numbers(c_breaks, n)
        self.n_sentences = self.sent[-1] + 1 if n else 0

    def _starts(self) -> list[int]:
        """Offset of every cut in the text, and one past the end (cuts are
        separated by one space)."""
        starts = self.starts = list(map(add, accumulate(map(len, self.cuts), initial=0), count()))
        return starts

    def span(self, i: int) -> tuple[int, int]:
        """``(start, end)`` character offsets of token ``i``."""
        starts = self.starts or self._starts()
        k = bisect_right(self.ev_tok, i) - 1
        if k < 0:
            return starts[i], starts[i + 1] - 1
        c = self.ev_cut[k]
        d = i - self.ev_tok[k]
        spans = self.ev_spans[k]
        if d < len(spans):
            a, b = spans[d]
            base = starts[c]
            return base + a, base + b
        c += 1 + d - len(spans)  # a plain word after the event
        return starts[c], starts[c + 1] - 1

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


def fast_tokens(text: str) -> list[tuple[int, int, str, int, int]]:
    """``(start, end, norm, sentence, clause)`` per token, as :func:`framing.arabic.tokenise`.

    For tests and debugging (the scorer never builds this list).

    >>> [t[2] for t in fast_tokens("أعلن حفتر الحرب على «الإرهابيين»")]
    ['اعلن', 'حفتر', 'الحرب', 'على', 'الارهابيين']
    """
    d = _Doc(text)
    return [(*d.span(i), d.norms[i], d.sent[i], d.clause[i]) for i in range(d.n)]


# ===========================================================================
# The fast scorer
# ===========================================================================


@dataclass(frozen=True)
class ScoreSettings:
    """What a worker needs to build its :class:`Scorer` (picklable, hashable).

    ``lexicon``, ``actors``, ``titles``: YAML files (None: the bundled ones);
    ``seed``, ``resamples``: the sentence bootstrap (as
    :func:`framing.scores.score_articles`); ``islamist_groups``,
    ``adversary_groups``: the groups of ``islamists_index`` and
    ``adversaries_index``.
    """

    lexicon: str | None = None
    actors: str | None = None
    titles: str | None = None
    seed: int = DEFAULT_SEED
    resamples: int = DEFAULT_RESAMPLES
    islamist_groups: tuple[str, ...] = DEFAULT_ISLAMIST_GROUPS
    adversary_groups: tuple[str, ...] = DEFAULT_ADVERSARY_GROUPS

    def __post_init__(self) -> None:
        if not isinstance(self.resamples, int) or isinstance(self.resamples, bool) \
                or not 1 <= self.resamples <= MAX_RESAMPLES:
            raise FramingError(f"resamples (--resamples) must be an integer from 1 to "
                               f"{MAX_RESAMPLES:,}, got {self.resamples!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            raise FramingError(f"seed (--seed) must be an integer ≥ 0, got {self.seed!r}")


_SCORERS: dict[ScoreSettings, Scorer] = {}


def _scorer_for(settings: ScoreSettings) -> Scorer:
    """One Scorer per settings per process (workers build theirs once)."""
    scorer = _SCORERS.get(settings)
    if scorer is None:
        scorer = _SCORERS[settings] = Scorer.from_settings(settings)
    return scorer


#: How much of the resample matrix :meth:`_Bootstrap.streamed` draws at once.
_CHUNK_BYTES = 8 << 20


class _Bootstrap:
    """:func:`framing.scores.bootstrap_index`, reusing the resamples.

    ``bootstrap_index`` draws ``rng.integers(0, n, (resamples, n))`` from a
    fresh ``default_rng(seed)``: for a given seed the resamples depend on
    ``n`` (the sentence count) only. How often each resample picks each
    sentence is kept per ``n`` (LRU, bounded in bytes) as a float matrix
    ``(n, resamples)``, with whether any resample picks each sentence; a
    resampled sum is the weighted sum of the rows of the sentences that
    count (:func:`_resampled`) — sums of small integers, so the same numbers
    as ``values[picks].sum(axis=1)``, exactly.
    The percentiles are numpy's "linear" method step by step (checked
    against ``np.percentile`` once per process; on any difference
    ``np.percentile`` itself is used).
    """

    def __init__(self, resamples: int, seed: int, budget: int = 32 << 20) -> None:
        self.resamples, self.seed, self.budget = resamples, seed, budget
        self.cache: OrderedDict[int, tuple] = OrderedDict()
        self.size = 0
        self._exact_percentiles: bool | None = None

    def counts(self, n: int) -> tuple:
        """``(counts, picked)``: the ``(n, resamples)`` float matrix of how
        often each resample picks each sentence, and per sentence whether any
        resample picks it (a list of bools)."""
        import numpy as np

        found = self.cache.get(n)
        if found is not None:
            self.cache.move_to_end(n)
            return found
        rng = np.random.default_rng(self.seed)
        picks = rng.integers(0, n, size=(self.resamples, n))
        rows = np.arange(self.resamples, dtype=np.int64)[:, None] * n
        c = np.bincount((rows + picks).ravel(), minlength=self.resamples * n)
        c = np.ascontiguousarray(c.reshape(self.resamples, n).T, dtype=np.float64)
        found = (c, c.any(axis=1).tolist())
        if c.nbytes <= self.budget // 4:
            self.cache[n] = found
            self.size += c.nbytes
            while self.size > self.budget:
                _, (old, _) = self.cache.popitem(last=False)
                self.size -= old.nbytes
        return found

    def streamed(self, sums: Sequence[dict[int, int]], n: int) -> list:
        """Per resample, the sum of the sentences' values, for each of
        ``sums``: the resamples are drawn :data:`_CHUNK_BYTES` at a time from
        the same generator (the same picks as one ``(resamples, n)`` draw, in
        the same order), so memory does not grow with ``n × resamples``:
        ~16 MB at most besides the results, whatever the article's length.

        >>> b = _Bootstrap(4, 0)
        >>> [x.tolist() for x in b.streamed([{0: 1}, {}], 1)]
        [[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]]
        """
        import numpy as np

        values = []
        for per_sentence in sums:
            v = np.zeros(n)
            v[list(per_sentence)] = list(per_sentence.values())
            values.append(v)
        outs = [np.zeros(self.resamples) for _ in sums]
        rng = np.random.default_rng(self.seed)
        step = max(1, _CHUNK_BYTES // (8 * n))
        for start in range(0, self.resamples, step):
            rows = min(step, self.resamples - start)
            picks = rng.integers(0, n, size=(rows, n))
            for v, out, per_sentence in zip(values, outs, sums):
                if per_sentence:
                    out[start:start + rows] = v[picks].sum(axis=1)  # whole numbers: exact
        return outs

    def interval(self, pos: dict[int, int], neg: dict[int, int], n: int,
                 level: float = 0.95) -> tuple[float, float]:
        """The percentile interval of ``(P - N) / (P + N)`` over the resamples,
        where ``pos`` and ``neg`` count P and N per sentence."""
        nan = float("nan")
        if n == 0 or not (pos or neg):
            return nan, nan
        import numpy as np

        if n * self.resamples * 8 > self.budget // 4:
            # a long article: the resamples in chunks, never the whole matrix
            p, q = self.streamed((pos, neg), n)
            if not neg:
                return (1.0, 1.0) if p.any() else (nan, nan)
            if not pos:
                return (-1.0, -1.0) if q.any() else (nan, nan)
        else:
            counts, picked = self.counts(n)
            # One-sided indices are ±1 in every resample where defined (a
            # resample picking one of those sentences): the percentiles of a
            # constant array are that constant.
            if not neg:
                return (1.0, 1.0) if any(picked[s] for s in pos) else (nan, nan)
            if not pos:
                return (-1.0, -1.0) if any(picked[s] for s in neg) else (nan, nan)
            p, q = _resampled(counts, pos), _resampled(counts, neg)
        total = p + q
        defined = int(np.count_nonzero(total))
        if not defined:
            return nan, nan
        with np.errstate(invalid="ignore"):
            values = (p - q) / total  # NaN where the resample has neither
        tail = (1 - level) / 2 * 100
        if self._exact_percentiles is None:
            self._exact_percentiles = _check_percentiles()
        if self._exact_percentiles:
            return _linear_percentiles(values, tail, defined)
        low, high = np.percentile(values[total > 0], [tail, 100 - tail])
        return float(low), float(high)


def _resampled(counts, per_sentence: dict[int, int]):
    """Per resample, the sum of the sentences' values (``counts`` rows are
    sentences): whole numbers, so exact in any order."""
    total = None
    for sentence, value in per_sentence.items():
        row = counts[sentence] if value == 1 else counts[sentence] * value
        total = row if total is None else total + row
    return total


def _linear_percentiles(values, tail: float, size: int | None = None) -> tuple[float, float]:
    """``np.percentile(values, [tail, 100 - tail])`` (method "linear") as
    numpy computes it, for a 1-D float array whose first ``size`` values in
    sorted order are the data (any others are NaN, which sorts last)."""
    import math

    import numpy as np

    m = values.size if size is None else size
    ordered = np.sort(values)
    out = []
    for q in (tail / 100, (100 - tail) / 100):
        virtual = (m - 1) * q
        if virtual >= m - 1:
            lo = hi = m - 1  # numpy: previous = next = -1
            gamma = virtual + 1
        else:
            lo = math.floor(virtual)
            hi, gamma = lo + 1, virtual - lo
        a, b = float(ordered[lo]), float(ordered[hi])
        diff = b - a
        out.append(b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma)
    return out[0], out[1]


def _check_percentiles() -> bool:
    """Whether :func:`_linear_percentiles` equals ``np.percentile`` here."""
    import numpy as np

    rng = np.random.default_rng(12345)
    tail = (1 - 0.95) / 2 * 100
    for size in (1, 2, 3, 7, 40, 41, 199, 1000, 1999, 2000):
        for kind in range(3):
            if kind == 0:
                values = rng.random(size)
            else:
                p = rng.integers(0, 6, size).astype(float)
                q = rng.integers(0, 6 if kind == 1 else 2, size).astype(float)
                t = p + q
                t[t == 0] = 1.0
                values = (p - q) / t
            expected = np.percentile(values, [tail, 100 - tail])
            got = _linear_percentiles(values, tail)
            with_nan = _linear_percentiles(np.concatenate([values, np.full(size % 5, np.nan)]),
                                           tail, size)
            if not (float(expected[0]), float(expected[1])) == got == with_nan:
                return False
    return True


class Scorer:
    """The score row of one article, computed directly (no mentions table).

    Equal to the article's row of
    ``score_articles(*measure([article], load_lexicons(lexicon, actors, titles)))``.

    Parameters
    ----------
    lexicon, actors, titles
        Lexicon files (None: bundled).
    seed, resamples, islamist_groups, adversary_groups
        As :func:`framing.scores.score_articles`.

    Example
    -------
    >>> s = Scorer()
    >>> row = dict(zip(SCORE_COLUMNS, s.score("x", "قوات حفتر تقصف الإرهابيين في بنغازي.")))
    >>> row["tokens"], row["terrorism"]
    (6, 1)
    """

    def __init__(self, lexicon: str | None = None, actors: str | None = None,
                 titles: str | None = None, *, seed: int = DEFAULT_SEED, resamples: int = DEFAULT_RESAMPLES,
                 islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
                 adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS) -> None:
        from framing.lexicon import load_actors, load_lexicon, load_titles
        from framing.target import (load_grip_nouns, load_narrowing, load_opposition_cues,
                                    load_target_rules)
        from framing.voice import load_markers, load_speech_verbs

        self.settings = ScoreSettings(lexicon, actors, titles, seed, resamples,
                                      tuple(islamist_groups), tuple(adversary_groups))
        actor_lexicon = load_actors(actors)
        # the layers in framing.mentions order: frame, actor, title
        self.lexicons = (load_lexicon(lexicon, actors=actor_lexicon), actor_lexicon,
                         load_titles(titles))
        # the entries with a period, per layer: a text's date picks among them
        self._dated = tuple(tuple(e for e in lex.entries if e.dated) for lex in self.lexicons)
        self.dated = any(self._dated)
        self._indexes: dict[tuple, dict] = {}
        self._periods: dict[tuple, _Memo] = {}
        self.markers = load_markers()
        self.speech_verbs = load_speech_verbs()
        self.report_opens = self.markers[0].clause_stop if self.markers else frozenset()
        self.window, self.cues, self.verbs, self.preposition = load_opposition_cues()
        self.grip = load_grip_nouns()
        self.outside, self.opponents = load_target_rules()
        self.narrowing = load_narrowing()
        self._cue = _Memo(self._cue_bits)
        self.islamist_groups = frozenset(islamist_groups)
        self.adversary_groups = frozenset(adversary_groups)
        # (family, target) → the index terms it feeds (framing.schema)
        self._components = _Memo(lambda key: index_components_of(
            key[0], key[1], self.islamist_groups, self.adversary_groups))
        self._zero_components = _Memo(lambda group: neutral_components_of(
            group, self.islamist_groups, self.adversary_groups))
        self.bootstrap = _Bootstrap(resamples, seed)
        self._flags = self.flags_on(None)  # norm → what it can do (undated texts)
        self._flags_by_date = _Memo(self.flags_on)
        self._starts = _Memo(self._marker_starts)
        self._pairs = _Memo(self._marker_pairs)
        self._template_cache: dict[re.Pattern[str], _Memo] = {}
        self._explicit = False  # whether the last _target was an adjacent anchor
        self._contrast = False  # whether the last _target was decided by contrast
        self._parties: list[tuple] = []  # this article's anchors that have an opponent

    @classmethod
    def from_settings(cls, settings: ScoreSettings) -> Scorer:
        return cls(settings.lexicon, settings.actors, settings.titles, seed=settings.seed,
                   resamples=settings.resamples, islamist_groups=settings.islamist_groups,
                   adversary_groups=settings.adversary_groups)

    # -- lookups --------------------------------------------------------

    def flags_on(self, when: _dt.date | None) -> _Memo:
        """norm → what it can do (:meth:`_info`) in a text of date ``when``
        (None: undated): one lookup table per combination of the dated
        entries that apply, as :meth:`framing.mentions.Lexicons.matchers_on`."""
        from framing.match import build_matcher

        key = applies = tuple(tuple(e.applies(when) for e in dated) for dated in self._dated)
        flags = self._periods.get(key)
        if flags is None:
            indexes = []
            for layer, lex in enumerate(self.lexicons):
                index = self._indexes.get((layer, applies[layer]))
                if index is None:
                    index = self._indexes[layer, applies[layer]] = build_matcher(lex.on(when)).index
                indexes.append(index)
            flags = self._periods[key] = _Memo(partial(self._info, tuple(indexes)))
        return flags

    def _info(self, indexes: tuple[dict, ...], norm: str) -> tuple | int:
        """What a token ``norm`` can do: 0 (nothing, the usual case), or
        ``(singles, phrases, trigger)``: the one-token matches ``(layer,
        entry, own)``, the layers where it can start a longer match
        ``(layer, candidates by next norm)`` (:meth:`_plan`), and where a
        distancing marker can start (:meth:`_trigger`)."""
        singles, phrases = [], []
        for layer, index in enumerate(indexes):
            if norm in index:
                single, by_next = self._plan(layer, index[norm])
                if single is not None:
                    singles.append((layer, *single))
                if by_next:
                    phrases.append((layer, by_next))
        trigger = self._trigger(norm.replace("ى", "ي"))
        if singles or phrases or trigger:
            return (tuple(singles), tuple(phrases), trigger)
        return 0

    def _trigger(self, key: str) -> int:
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
        in file order (framing.voice._find tries them in that order); cached
        as ``self._starts[key]``."""
        return tuple((m, pat) for m in self.markers for pat in m.patterns
                     if pat[0].fullmatch(key))

    def _cue_bits(self, norm: str) -> int:
        """Bit 1: ``norm`` is an opposition cue; bit 2: a cue verb (before
        the cue preposition); bit 4: the preposition itself; bit 8: a noun of
        grip (a cue right after the preposition); bit 16: a verb of naming
        (``Narrowing.naming_verbs``). Cached as ``self._cue[norm]``."""
        return ((1 if _is_cue(norm, self.cues) else 0) | (2 if _is_cue(norm, self.verbs) else 0)
                | (4 if norm == self.preposition else 0) | (8 if _is_cue(norm, self.grip) else 0)
                | (16 if _is_cue(norm, self.narrowing.naming_verbs) else 0))

    # -- one article ----------------------------------------------------

    def score(self, article_id: str, text: str, when: _dt.date | None = None) -> tuple:
        """The score row of one article: a tuple in :data:`SCORE_COLUMNS` order.

        ``when``: the article's date (:func:`framing.corpus.article_date`),
        which decides the entries with a period (None: an undated text).
        """
        d = _Doc(text)
        flags = self._flags if when is None or not self.dated else self._flags_by_date[when]
        flags = list(map(flags.__getitem__, d.norms))
        layers, starters = self._matches(d, list(compress(count(), flags)), flags)
        return self._row(article_id, d, layers, starters)

    def _plan(self, layer: int, cands: tuple) -> tuple:
        """How a token can match in one layer, from its index candidates
        ``cands``: ``(single, phrases)``.

        ``phrases`` are the index candidates with a tail (best first), by the
        norm the next token must have;
        ``single`` is ``(entry, own)`` for a one-token match, or None. In
        find_matches a one-token exception at a position sorts before, and
        so blocks, a one-token match there; one-token spans never compete
        with each other, and longer spans are placed first. ``own`` is the
        group the mention names itself (framing.target: an actor's category,
        a frame's or title's ``refers_to``).
        """
        # the phrases, by the norm their 2nd token must have, as
        # (length, 0 for an exception else 1, cost, order, tail, entry or
        # None for an exception, own): find_matches's sort key, ready
        by_next: dict[str, list] = {}
        for c in cands:
            if c.tail:
                record = (1 + len(c.tail), 0 if c.exception else 1, c.cost, c.order, c.tail,
                          None if c.exception else c.entry, self._own(layer, c.entry))
                for word in c.tail[0]:
                    by_next.setdefault(word, []).append(record)
        ones = [c for c in cands if not c.tail]
        single = None
        if ones and not any(c.exception for c in ones):
            single = (ones[0].entry, self._own(layer, ones[0].entry))
        return (single, {w: tuple(cs) for w, cs in by_next.items()})

    def _own(self, layer: int, entry) -> str:
        if self.lexicons[layer].kind == "actor":
            return str(entry.category).strip()
        return (entry.refers_to or "").strip()

    def _matches(self, d: _Doc, hits: list[int], flags: list) -> tuple[tuple, list[int]]:
        """Every lexicon hit, as framing.match.find_matches, layer by layer,
        and the places where a distancing marker may start.

        Returns ``((frames, actors, titles), starts)``: each layer a list of
        mentions ``(token_start, token_end, entry, own)`` in token order, and
        the token indices to try markers at (:meth:`_trigger`), in order.
        """
        norms, sent, n = d.norms, d.sent, d.n
        singles: tuple[list, list, list] = ([], [], [])
        spans: tuple[list, list, list] = ([], [], [])
        starters: list[int] = []  # where a marker may start, in order
        for i in hits:
            ones, phrases, trigger = flags[i]
            for layer, entry, own in ones:
                singles[layer].append((i, i + 1, entry, own))
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
                if cands is None or sent[i + 1] != sent[i]:
                    continue
                seen = set()
                sentence = sent[i]
                mine = spans[layer]
                for length, exc, cost, order, tail, entry, own in cands:
                    if (length, exc) in seen or i + length > n:
                        continue
                    if length > 2:
                        for k in range(2, length):
                            if norms[i + k] not in tail[k - 1] or sent[i + k] != sentence:
                                break
                        else:
                            k = 0
                        if k:
                            continue
                    seen.add((length, exc))
                    mine.append((-length, i, exc, cost, order, len(mine), entry, own))
        # find_matches: longer spans first, then earlier, exceptions first…;
        # a span is kept when none of its tokens is taken yet; exceptions
        # take their tokens but make no mention
        for layer in range(3):
            multi = spans[layer]
            if not multi:
                continue
            multi.sort()
            taken = bytearray(n)
            longer = []
            for neg_length, i, _, _, _, _, entry, own in multi:
                j = i - neg_length
                if taken.find(1, i, j) < 0:
                    taken[i:j] = b"\x01" * (j - i)
                    if entry is not None:
                        longer.append((i, j, entry, own))
            found = longer + [f for f in singles[layer] if not taken[f[0]]]
            found.sort(key=_first)
            singles[layer][:] = found
        if singles[0] and singles[1]:  # framing.match.inside_a_name
            inside = inside_a_name([f[:2] for f in singles[0]], [a[:2] for a in singles[1]])
            singles[0][:] = [f for f, drop in zip(singles[0], inside) if not drop]
        return singles, starters

    # -- voice (framing.voice.assign_voice, for frame mentions) ------------

    def _voices(self, d: _Doc, frames: list[tuple], starters: list[int]) -> list[str]:
        found = quote_tuples(d.text)
        quotes = _Quotes(d, found) if found else None
        qid = quotes.token_quote.__getitem__ if quotes is not None else _no_quote
        markers = self._marker_hits(d, starters, qid) if starters else ()
        in_scope = {t for h in markers for t in range(h[2], h[3])}
        out = []
        for c0, c1, _, _ in frames:
            if quotes is None:
                q = -1
            elif c1 - c0 == 1:
                q = qid(c0)
            else:
                q = quotes.of_tokens(c0, c1)
            if c0 not in in_scope and (c1 - c0 == 1 or in_scope.isdisjoint(range(c0, c1))):
                out.append("quoted" if q >= 0 else "authorial")
                continue
            best = None
            for h in markers:
                h_ts, h_te, s0, s1 = h
                if c0 < h_te and h_ts < c1:
                    continue  # the mention is part of the marker
                if c0 < s1 and s0 < c1:
                    dist = c0 - h_te if h_te <= c0 else h_ts - c1
                    if best is None or dist < best[0]:
                        best = (dist, h)
            if best is not None:
                h = best[1]
                if q >= 0 and quotes.of_tokens(h[0], h[1]) == q:
                    out.append("quoted")  # the quoted speaker's distancing
                else:
                    out.append("distanced")
            elif q >= 0:
                out.append("quoted")
            else:
                out.append("authorial")
        return out

    def _marker_hits(self, d: _Doc, starters: list[int], qid: Callable[[int], int]) -> list:
        """framing.voice._find, visiting only the tokens that can start a marker.

        A hit is ``(token_start, token_end, scope_start, scope_end)``.
        """
        norms, sent, clause, n = d.norms, d.sent, d.clause, d.n
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
            sc0, sc1 = self._scope(m, d, qid, i, i + k)
            hits.append((i, i + k, sc0, sc1))
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
            memo = self._template_cache[template] = _Memo(
                lambda k: template.fullmatch(k) is not None)
        return memo[key]

    @staticmethod
    def _scope(m, d: _Doc, qid: Callable[[int], int], a: int, b: int) -> tuple[int, int]:
        """framing.voice._scope over the token arrays."""
        n, norms, sent, clause = d.n, d.norms, d.sent, d.clause

        def key(j: int) -> str:
            return norms[j].replace("ى", "ي")

        if m.scope == "forward":
            if b >= n:
                return b, b
            first = b
            rs, rc = sent[b - 1], clause[b - 1]
            stop, window = m.stop, m.window
            if key(first) in m.clause_stop:
                stop, window = frozenset(), max(window, _CLAUSE_WINDOW)
            j = first
            q0 = qid(first)
            while j < n and j - first < window:
                if sent[j] != rs or (not m.cross_clause and clause[j] != rc):
                    break
                if qid(j) != q0 or key(j) in stop:
                    break
                j += 1
            if not stop:
                for k in range(first, min(j, first + 3)):
                    if key(k) in m.clause_stop:
                        return k + 1, j
            return first, j
        if a == 0:
            return a, a
        last = a - 1
        rs, rc = sent[a], clause[a]
        j = last
        q0 = qid(last)
        while j >= 0 and last - j < m.window:
            if sent[j] != rs or (not m.cross_clause and clause[j] != rc):
                break
            if qid(j) != q0 or key(j) in m.stop:
                break
            j -= 1
        return j + 1, a

    # -- opposition cues and targets (framing.target) -----------------------

    def _opposed(self, d: _Doc, ts: int, family: str = "") -> int:
        """Whether framing.target.opposition_cues finds a cue for a frame at
        ``ts``: 1, a cue of a fight; 2, only a verb of naming (for a word of
        ``family`` in Narrowing.naming_families, framing.target.naming_verb_before);
        0, none."""
        norms, clause, window, cue = d.norms, d.clause, self.window, self._cue.__getitem__
        c = clause[ts]
        for i in range(ts - 1, max(0, ts - window) - 1, -1):
            if clause[i] != c:
                break
            bits = cue(norms[i])
            if bits & 1:
                return 1
            if bits & 8 and i > 0 and clause[i - 1] == c and cue(norms[i - 1]) & 4:
                return 1
            if bits & 4:  # the preposition: a cue verb may govern it
                for j in range(i - 1, max(0, i - window) - 1, -1):
                    if clause[j] != c:
                        break
                    if cue(norms[j]) & 2:
                        return 1
        if family in self.narrowing.naming_families:
            for i in range(ts - 1, -1, -1):
                if clause[i] != c:
                    break
                if cue(norms[i]) & 16:
                    return 2
        return 0

    def _unanchored(self, d: _Doc, ts: int, family: str, event: bool) -> str:
        """The target of a frame whose sentence has no anchor: a governed word
        by a cue of a fight (not a verb of naming: the namer is unknown) takes
        the group of its family (framing.target._opponent_pass with no party),
        else none."""
        group = self.narrowing.unsubjected.get(family, "")
        return group if group and not event and self._opposed(d, ts, family) == 1 else ""

    def _cue_between(self, d: _Doc, te: int, a_ts: int) -> bool:
        """Whether an opposition cue word or a liberation verb stands from
        token ``te`` up to ``a_ts`` in the clause of token ``te - 1``
        (framing.target.cues_after)."""
        clause, norms, cue = d.clause, d.norms, self._cue.__getitem__
        c = clause[te - 1]
        for i in range(te, min(a_ts, d.n)):
            if clause[i] != c:
                return False
            if cue(norms[i]) & 3:
                return True
        return False

    def _target(self, d: _Doc, ts: int, te: int, anchors: list[tuple], title_tokens: set[int],
                frame: bool, pole: int = 0, family: str = "", event: bool = False) -> str:
        """framing.target.add_targets for a mention without a label: rules b)
        and c) over the anchors ``(token_start, token_end, clause, group,
        pole, layer)`` of its sentence, in table order (the first of equal sort
        keys wins, as the stable sort of add_targets). A frame with a default
        referent is an anchor (layer 0) but not its own; an ``event`` name takes
        no nearest anchor; the nearest anchor of a word of
        Narrowing.nearest_families must be in its clause."""
        clause = d.clause[ts]
        best_key, best_own, contrast = None, "", False
        liberation = frame and bool(self._cue[d.norms[ts]] & 2)
        for a_ts, a_te, a_clause, own, a_pole, layer in anchors:
            if frame and layer == 0 and a_ts == ts and a_te == te:
                continue  # a default name is no anchor for itself
            after = a_ts >= te
            if after:
                gap = a_ts - te
            elif a_te <= ts:
                gap = ts - a_te
            else:
                gap = -1
            if gap < 0:
                rank = 0
            elif a_clause == clause:
                # adjacent: nothing but title tokens between them
                if gap == 0 or (title_tokens and all(
                        j in title_tokens for j in (range(te, a_ts) if after else range(a_te, ts)))):
                    rank = 1 if after else 2
                else:
                    rank = 3
            else:
                rank = 4
            if rank >= 3 and (own in self.outside or (after and liberation) or event):
                continue  # outside parties, what a liberation verb frees from, events
            if rank >= 3 and after and frame and self._cue_between(d, te, a_ts):
                continue  # the object of the word's fight (framing.target.cues_after)
            flip = rank >= 3 and pole * a_pole < 0 and own in self.opponents
            if flip:
                own = self.opponents[own]  # contrast: the other camp
            key = (rank, gap if gap > 0 else 0, 1 if after else 0, a_ts, a_te)
            if best_key is None or key < best_key:
                best_key, best_own, contrast = key, own, flip
        self._explicit = best_key is not None and best_key[0] <= 2  # rules b) (and a))
        self._contrast = contrast
        # the opposition guard: no "nearest" anchor (ranks 3 and 4) for a
        # frame governed by an opposition cue; any anchor of rank 0-2 would
        # have sorted first, so there is none. Its target is the opponent of
        # its subject (the nearest party before it in its sentence), else none.
        governed = ((best_key is None or best_key[0] >= 3) and frame and not event
                    and self._opposed(d, ts, family))
        if governed:
            self._contrast = False
            subject_key, subject = None, ""
            sentence = d.sent[ts]
            for a_ts, a_te, own in self._parties:  # before it, in its sentence
                if a_te <= ts and d.sent[a_ts] == sentence:
                    key = (ts - a_te, -a_ts)
                    if subject_key is None or key < subject_key:
                        subject_key, subject = key, own
            if subject:
                return self.opponents[subject]
            return self.narrowing.unsubjected.get(family, "") if governed == 1 else ""
        if (best_key is not None and not contrast
                and family in self.narrowing.nearest_families
                and best_key[0] == 4):
            return ""  # nearest, narrowed: only an anchor in its clause
        return best_own

    # -- the row (framing.scores.score_articles) ---------------------------

    def _row(self, article_id: str, d: _Doc, layers: tuple, starters: list[int]) -> tuple:
        n_tokens, n_sentences, sent, clause = d.n, d.n_sentences, d.sent, d.clause
        frames, _, titles = layers
        # anchors, by sentence, only where a frame or title has no label
        need = {sent[m[0]] for m in chain(frames, titles) if not m[3]}
        # rule `default` (framing.target): a frame name with a default referent
        # (الجيش الليبي → haftar) is an anchor of that group for the others
        defaults = self.narrowing.defaults
        default_of = [defaults.get(entry.entry_id, "") if not own else ""
                      for _, _, entry, own in frames]
        anchors: dict[int, list] = {}
        if need:
            for layer, mentions in enumerate(layers):
                for k, (ts, te, entry, own) in enumerate(mentions):
                    if layer == 0 and not own:
                        own = default_of[k]
                    if own and sent[ts] in need:
                        pole = POLARITY.get(entry.family, 0) if layer == 0 else 0
                        anchors.setdefault(sent[ts], []).append(
                            (ts, te, clause[ts], own, pole, layer))
        title_tokens = {j for m in titles for j in range(m[0], m[1])}
        # the parties a fight can be the subject of (framing.target._opponent_pass)
        self._parties = [(ts, te, own or (default_of[k] if layer == 0 else ""))
                         for layer, mentions in enumerate(layers)
                         for k, (ts, te, _, own) in enumerate(mentions)
                         if (own or (default_of[k] if layer == 0 else "")) in self.opponents]
        # one voice pass for every mention: frames, then the names (actors, titles)
        actors = layers[1]
        everything = list(chain(frames, actors, titles))
        all_voices = self._voices(d, everything, starters) if everything else []
        voices = all_voices[:len(frames)]

        fam_count = dict.fromkeys(FAMILIES, 0)
        fam_voice = {(f, v): 0 for f in ("terrorism", "revolution") for v in VOICES}
        comp: dict[str, dict[int, int]] = {f"{name}_{part}": {} for name, p, q in INDICES
                                           for part in (p, q, "Z")}
        jihadists = 0
        components = self._components
        keys = None  # token keys for reported speech, when a mention needs them
        named: dict[str, str] = {}  # category → the group its last explicit mention named
        events = self.narrowing.events
        for (ts, te, entry, own), voice, default in zip(frames, voices, default_of):
            family = entry.family
            if family in fam_count:
                fam_count[family] += 1
            if (family, voice) in fam_voice:
                fam_voice[(family, voice)] += 1
            target = own
            event = entry.entry_id in events
            if not target:
                near = anchors.get(sent[ts])
                self._contrast = False
                target = (self._target(d, ts, te, near, title_tokens, True,
                                       POLARITY.get(family, 0), family, event) if near
                          else self._unanchored(d, ts, family, event))
                explicit = self._explicit and bool(near)
                if default and not (explicit or self._contrast):
                    target = default  # rule `default`
            # anaphora (framing.target): a label left without a target takes the
            # group the last explicit (label / adjacent) one of its category named;
            # an event name neither names nor takes one
            category = entry.category
            if event:
                pass
            elif target and (own or explicit):
                named[category] = target
            elif not target:
                target = named.get(category, "")
            if voice != "authorial" and family != "terrorism":
                continue  # its target changes no score
            if target == "jihadists" and family == "terrorism":
                jihadists += 1
            if voice != "authorial":
                continue
            names = components[family, target]
            if names:
                if keys is None:
                    keys = [n.replace("ى", "ي") for n in d.norms]
                if reported_speech_at(keys, sent, ts, self.speech_verbs,
                                      self.report_opens) is not None:
                    continue  # a source's claim in reported speech (framing.scores)
            for name in names:
                per = comp[name]
                s = sent[ts]
                per[s] = per.get(s, 0) + 1

        counts: dict[str, int] = {}
        title_targets = []
        for ts, te, entry, own in titles:
            target = own
            if not target:
                near = anchors.get(sent[ts])
                target = self._target(d, ts, te, near, title_tokens, False) if near else ""
            title_targets.append(target)
            if target == HAFTAR_GROUP:
                counts[entry.headword] = counts.get(entry.headword, 0) + 1

        # neutral names (framing.match.neutral_names): Z, weight 0
        names = [(m, m[3], v) for m, v in zip(actors, all_voices[len(frames):])]
        names += [(m, g, v) for m, g, v in zip(titles, title_targets,
                                               all_voices[len(frames) + len(actors):])]
        if any(self._zero_components[g] for _, g, _ in names):
            keep_actors, keep_titles = neutral_names([f[:2] for f in frames],
                                                     [a[:2] for a in actors],
                                                     [t[:2] for t in titles])
            names = [(m, g, v) for (m, g, v), k in zip(names, keep_actors + keep_titles)
                     if k and self._zero_components[g]]
        else:
            names = []
        if names:
            for (ts, te, _, _), group, voice in names:
                if voice != "authorial":
                    continue  # names in reported speech count: the author chose them
                for name in self._zero_components[group]:
                    per = comp[name]
                    s = sent[ts]
                    per[s] = per.get(s, 0) + 1
        title = ""
        if counts:
            top = max(counts.values())
            title = next(h for h, c in counts.items() if c == top)

        nan = float("nan")
        row: list = [article_id, n_tokens, n_sentences]
        row += [fam_count[f] for f in FAMILIES]
        for family in ("terrorism", "revolution"):
            row += [fam_voice[(family, v)] for v in VOICES]
        row += [1000 * fam_count[f] / n_tokens if n_tokens else nan
                for f in ("terrorism", "revolution")]
        for name, pos, neg in INDICES:
            pos, neg, zero = comp[f"{name}_{pos}"], comp[f"{name}_{neg}"], comp[f"{name}_Z"]
            p, q, z = sum(pos.values()), sum(neg.values()), sum(zero.values())
            value = (p - q) / (p + q + z) if p + q + z else nan
            if zero:  # a neutral name: half a positive and half a negative (framing.scores)
                pos, neg = dict(pos), dict(neg)
                for s, c in zero.items():
                    pos[s] = pos.get(s, 0) + c / 2
                    neg[s] = neg.get(s, 0) + c / 2
            low, high = index_interval(pos, neg, self.bootstrap.interval(pos, neg, n_sentences))
            row += [p, q, z, p + q + z, value, low, high]
        row += [jihadists, title]
        return tuple(row)


def _no_quote(i: int) -> int:
    return -1


class _Quotes:
    """The quotations of one text (:func:`framing.voice.quote_tuples`) and
    which one each token is in: framing.voice._innermost, the innermost
    quotation whose content overlaps the token's characters (-1: none)."""

    __slots__ = ("doc", "start", "content", "token_quote", "tokenless")

    def __init__(self, d: _Doc, quotes: list[tuple]) -> None:
        self.doc = d
        self.start = [q[0] for q in quotes]
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

    def innermost(self, a: int, b: int) -> int:
        """The innermost quotation whose content overlaps characters ``[a, b)``."""
        best, best_depth = -1, -1
        for k in range(bisect_left(self.start, b)):
            cs, ce, depth = self.content[k]
            if cs < b and a < ce and depth > best_depth:
                best, best_depth = k, depth
        return best
