"""Scoring a large corpus: streaming readers, a fast per-article scorer, engines.

``framing score`` on five articles can afford a pandas mentions table per
article; on 100,000 it cannot. This module computes the **same per-article
score row** as ``score_articles(*measure(...))`` (:mod:`framing.scores`,
:mod:`framing.mentions`) directly, and streams a corpus through it in bounded
memory, on one core, on local worker processes, or on Dask.

Inputs
------
* a ``.jsonl`` file: one JSON object per line with ``id`` (string or integer)
  and ``text`` (string); other fields are metadata (ignored by the scores).
  Blank lines are ignored.
* a ``.parquet`` file with (at least) ``id`` and ``text`` columns.
* a ``.txt`` file or a folder of them (with an optional ``metadata.csv``):
  the rules of :func:`framing.corpus.load_corpus`, files read one at a time.

Texts get the corpus rules: CRLF/CR → LF, not empty, some Arabic letters.
Article ids must be unique across all inputs. ``keep`` (``--keep date,outlet``)
carries metadata fields into the output, after the score columns.

Shards: the parallel engines never ship texts from the parent. A JSONL file
is cut into byte ranges at line starts, a Parquet file into row groups (and
row ranges within a large row group), a folder into lists of files; each
worker reads its own shard. Results come back in input order, so the output
does not depend on the engine or the number of workers.

Errors at scale
---------------
Every problem names its place: ``FILE:LINE: problem`` for JSONL,
``FILE: row N: problem`` for Parquet, the corpus messages for text files.
``on_error="fail"`` (the default) stops at the first problem in input order
and writes nothing; ``"skip"`` scores everything else, counts the skipped
articles on stderr and lists them (source, line, id, reason) in a side file.

The fast scorer
---------------
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

``tests/test_stream.py`` checks the rows equal ``score_articles(*measure(...))``
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

from bisect import bisect_left, bisect_right
import csv
import io
import json
import os
import re
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count
from operator import add, sub
from pathlib import Path

from framing.arabic import (
    _GLUED,
    _QUOTES,
    _SCAN_RX,
    _attach,
    _norm_cached,
    _paren_close,
    _surface_offset,
)
from framing.corpus import METADATA_FILE, folder_plan, verify_checksum
from framing.errors import FramingError
from framing.schema import (
    DEFAULT_ISLAMIST_GROUPS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    FAMILIES,
    HAFTAR_GROUP,
    SCORE_COLUMNS,
    VOICES,
)
from framing.voice import CLAUSE_WINDOW as _CLAUSE_WINDOW
from framing.target import _is_cue
from framing.voice import quote_tuples

__all__ = [
    "SCORE_COLUMNS",
    "ON_ERROR",
    "FORMATS",
    "ENGINES",
    "Problem",
    "Scorer",
    "ScoreSettings",
    "Shard",
    "Summary",
    "default_skipped_path",
    "fast_tokens",
    "iter_articles",
    "plan_shards",
    "read_shard",
    "score_corpus",
    "score_shard",
    "synthetic_articles",
    "write_jsonl",
    "write_parquet",
]

_INT_COLUMNS = frozenset({
    "tokens", "sentences", "terrorism", "revolution", "legitimising", "delegitimising",
    "terrorism_authorial", "terrorism_quoted", "terrorism_distanced",
    "revolution_authorial", "revolution_quoted", "revolution_distanced",
    "islamists_T", "islamists_R", "haftar_L", "haftar_D", "jihadists_terrorism",
})
_STR_COLUMNS = frozenset({"article", "haftar_title"})
_FLOAT_COLUMNS = frozenset(SCORE_COLUMNS) - _INT_COLUMNS - _STR_COLUMNS

ON_ERROR = ("fail", "skip")
FORMATS = ("csv", "json", "parquet")
ENGINES = ("local", "dask")
SKIPPED_COLUMNS = ["source", "line", "id", "reason"]


#: Shard sizes: ~4 MB of JSONL per task keeps a worker's memory small and
#: gives a 2-core machine ~150 tasks per 600 MB to balance.
SHARD_BYTES = 4 << 20
PARQUET_SHARD_ROWS = 4096
TEXT_SHARD_FILES = 64

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

    def __init__(self, compute: Callable[[str], object]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> object:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value

def _first(item: tuple) -> int:
    return item[0]


_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")


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
_PIECES: dict[str, object] = {}


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
        return _attach(piece[0], body)
    if kind == "n" or kind == "l":
        return _norm_cached(piece)
    if kind == "c":
        return _norm_cached(m.group("cnum"))
    if piece == "(":
        return _PAREN
    return _BREAK_KINDS[kind]


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
                code = _PIECES.get(part)
                if code is None:
                    code = _PIECES[part] = _piece_code(part)
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
    :func:`framing.scores.score_articles`); ``islamist_groups``: the groups of
    ``islamists_index``.
    """

    lexicon: str | None = None
    actors: str | None = None
    titles: str | None = None
    seed: int = DEFAULT_SEED
    resamples: int = DEFAULT_RESAMPLES
    islamist_groups: tuple[str, ...] = DEFAULT_ISLAMIST_GROUPS

    def __post_init__(self) -> None:
        if not isinstance(self.resamples, int) or self.resamples < 1:
            raise FramingError(f"resamples must be a positive integer, got {self.resamples!r}")


_SCORERS: dict[ScoreSettings, Scorer] = {}


def _scorer_for(settings: ScoreSettings) -> Scorer:
    """One Scorer per settings per process (workers build theirs once)."""
    scorer = _SCORERS.get(settings)
    if scorer is None:
        scorer = _SCORERS[settings] = Scorer.from_settings(settings)
    return scorer


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

    def interval(self, pos: dict[int, int], neg: dict[int, int], n: int,
                 level: float = 0.95) -> tuple[float, float]:
        """The percentile interval of ``(P - N) / (P + N)`` over the resamples,
        where ``pos`` and ``neg`` count P and N per sentence."""
        nan = float("nan")
        if n == 0 or not (pos or neg):
            return nan, nan
        counts, picked = self.counts(n)
        # One-sided indices are ±1 in every resample where defined (a
        # resample picking one of those sentences): the percentiles of a
        # constant array are that constant.
        if not neg:
            return (1.0, 1.0) if any(picked[s] for s in pos) else (nan, nan)
        if not pos:
            return (-1.0, -1.0) if any(picked[s] for s in neg) else (nan, nan)
        import numpy as np

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
    seed, resamples, islamist_groups
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
                 islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS) -> None:
        from framing.lexicon import load_actors, load_lexicon, load_titles
        from framing.match import build_matcher
        from framing.target import load_opposition_cues
        from framing.voice import load_markers

        self.settings = ScoreSettings(lexicon, actors, titles, seed, resamples,
                                      tuple(islamist_groups))
        actor_lexicon = load_actors(actors)
        frame_lexicon = load_lexicon(lexicon, actors=actor_lexicon)
        title_lexicon = load_titles(titles)
        # the layers in framing.mentions order: frame, actor, title
        self.layers = tuple(
            (bit, lex.kind, build_matcher(lex).index)
            for bit, lex in ((1, frame_lexicon), (2, actor_lexicon), (4, title_lexicon))
        )
        self.markers = load_markers()
        self.window, self.cues, self.verbs, self.preposition = load_opposition_cues()
        self._cue_cache: dict[str, int] = {}
        self.islamist_groups = frozenset(islamist_groups)
        self.bootstrap = _Bootstrap(resamples, seed)
        self._flags = _Memo(self._info)  # norm → what it can do
        self._start_cache: dict[str, tuple] = {}
        self._pair_cache: dict[tuple[str, str | None], tuple] = {}
        self._template_cache: dict[re.Pattern[str], dict[str, bool]] = {}

    @classmethod
    def from_settings(cls, settings: ScoreSettings) -> Scorer:
        return cls(settings.lexicon, settings.actors, settings.titles, seed=settings.seed,
                   resamples=settings.resamples, islamist_groups=settings.islamist_groups)

    # -- lookups --------------------------------------------------------

    def _info(self, norm: str) -> tuple | int:
        """What a token ``norm`` can do: 0 (nothing, the usual case), or
        ``(singles, phrases, trigger)``: the one-token matches ``(layer,
        entry, own)``, the layers where it can start a longer match
        ``(layer, candidates by next norm)`` (:meth:`_plan`), and where a
        distancing marker can start (:meth:`_trigger`)."""
        singles, phrases = [], []
        for layer, (_, _, index) in enumerate(self.layers):
            if norm in index:
                single, by_next = self._plan(layer, norm)
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

    def _starts(self, key: str) -> tuple:
        """The ``(marker, pattern)`` pairs whose first template matches ``key``,
        in file order (framing.voice._find tries them in that order)."""
        found = self._start_cache.get(key)
        if found is None:
            found = tuple((m, pat) for m in self.markers for pat in m.patterns
                          if pat[0].fullmatch(key))
            if len(self._start_cache) > _CACHE_LIMIT:
                self._start_cache.clear()
            self._start_cache[key] = found
        return found

    def _cue(self, norm: str) -> int:
        """Bit 1: ``norm`` is an opposition cue; bit 2: a cue verb (before
        the cue preposition); bit 4: the preposition itself."""
        bits = self._cue_cache.get(norm)
        if bits is None:
            bits = ((1 if _is_cue(norm, self.cues) else 0) | (2 if _is_cue(norm, self.verbs) else 0)
                    | (4 if norm == self.preposition else 0))
            if len(self._cue_cache) > _CACHE_LIMIT:
                self._cue_cache.clear()
            self._cue_cache[norm] = bits
        return bits

    # -- one article ----------------------------------------------------

    def score(self, article_id: str, text: str) -> tuple:
        """The score row of one article: a tuple in :data:`SCORE_COLUMNS` order."""
        d = _Doc(text)
        flags = list(map(self._flags.__getitem__, d.norms))
        layers, starters = self._matches(d, list(compress(count(), flags)), flags)
        return self._row(article_id, d, layers, starters)

    def _plan(self, layer: int, norm: str) -> tuple:
        """How a token ``norm`` can match in one layer: ``(single, phrases)``.

        ``phrases`` are the index candidates with a tail (best first), by the
        norm the next token must have;
        ``single`` is ``(entry, own)`` for a one-token match, or None. In
        find_matches a one-token exception at a position sorts before, and
        so blocks, a one-token match there; one-token spans never compete
        with each other, and longer spans are placed first. ``own`` is the
        group the mention names itself (framing.target: an actor's category,
        a frame's or title's ``refers_to``).
        """
        cands = self.layers[layer][2][norm]
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
        if self.layers[layer][1] == "actor":
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
        pair_cache = self._pair_cache
        hits = []
        resume = 0
        for i in starters:
            if i < resume:
                continue
            pair = (norms[i], norms[i + 1] if i + 1 < n else None)
            cands = pair_cache.get(pair)
            if cands is None:
                cands = self._pairs(*pair)
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

    def _pairs(self, norm0: str, norm1: str | None) -> tuple:
        """The marker patterns that can match at a token ``norm0`` followed by
        ``norm1``: first template matches ``norm0``, and the second (if any)
        ``norm1`` (file order kept; templates see ى as ي)."""
        tm = self._template_match
        key1 = norm1.replace("ى", "ي") if norm1 is not None else None
        found = tuple((m, pat) for m, pat in self._starts(norm0.replace("ى", "ي"))
                      if len(pat) == 1 or (key1 is not None and tm(pat[1], key1)))
        if len(self._pair_cache) > _CACHE_LIMIT:
            self._pair_cache.clear()
        self._pair_cache[(norm0, norm1)] = found
        return found
    def _template_match(self, template: re.Pattern[str], key: str) -> bool:
        cache = self._template_cache.get(template)
        if cache is None:
            cache = self._template_cache[template] = {}
        hit = cache.get(key)
        if hit is None:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            hit = cache[key] = template.fullmatch(key) is not None
        return hit

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

    def _opposed(self, d: _Doc, ts: int) -> bool:
        """Whether framing.target.opposition_cues finds a cue for a frame at ``ts``."""
        norms, clause, window, cue = d.norms, d.clause, self.window, self._cue
        c = clause[ts]
        for i in range(ts - 1, max(0, ts - window) - 1, -1):
            if clause[i] != c:
                return False
            bits = cue(norms[i])
            if bits & 1:
                return True
            if bits & 4:  # the preposition: a cue verb may govern it
                for j in range(i - 1, max(0, i - window) - 1, -1):
                    if clause[j] != c:
                        break
                    if cue(norms[j]) & 2:
                        return True
        return False

    def _target(self, d: _Doc, ts: int, te: int, anchors: list[tuple], title_tokens: set[int],
                frame: bool) -> str:
        """framing.target.add_targets for a mention without a label: rules b)
        and c) over the anchors ``(token_start, token_end, clause, group)`` of
        its sentence, in table order (the first of equal sort keys wins, as
        the stable sort of add_targets)."""
        clause = d.clause[ts]
        best_key, best_own = None, ""
        for a_ts, a_te, a_clause, own in anchors:
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
            key = (rank, gap if gap > 0 else 0, 1 if after else 0, a_ts, a_te)
            if best_key is None or key < best_key:
                best_key, best_own = key, own
        # the opposition guard: no "nearest" anchor (ranks 3 and 4) for a
        # frame governed by an opposition cue; any anchor of rank 0-2 would
        # have sorted first, so there is none
        if best_key is not None and best_key[0] >= 3 and frame and self._opposed(d, ts):
            return ""
        return best_own

    # -- the row (framing.scores.score_articles) ---------------------------

    def _row(self, article_id: str, d: _Doc, layers: tuple, starters: list[int]) -> tuple:
        n_tokens, n_sentences, sent, clause = d.n, d.n_sentences, d.sent, d.clause
        frames, _, titles = layers
        # anchors, by sentence, only where a frame or title has no label
        need = {sent[m[0]] for m in chain(frames, titles) if not m[3]}
        anchors: dict[int, list] = {}
        if need:
            for mentions in layers:
                for ts, te, _, own in mentions:
                    if own and sent[ts] in need:
                        anchors.setdefault(sent[ts], []).append((ts, te, clause[ts], own))
        title_tokens = {j for m in titles for j in range(m[0], m[1])}
        voices = self._voices(d, frames, starters) if frames else []

        fam_count = dict.fromkeys(FAMILIES, 0)
        fam_voice = {(f, v): 0 for f in ("terrorism", "revolution") for v in VOICES}
        comp: dict[str, dict[int, int]] = {"T": {}, "R": {}, "L": {}, "D": {}}
        jihadists = 0
        islamist = self.islamist_groups
        for (ts, te, entry, own), voice in zip(frames, voices):
            family = entry.family
            if family in fam_count:
                fam_count[family] += 1
            if (family, voice) in fam_voice:
                fam_voice[(family, voice)] += 1
            if voice != "authorial" and family != "terrorism":
                continue  # its target changes no score
            target = own
            if not target:
                near = anchors.get(sent[ts])
                target = self._target(d, ts, te, near, title_tokens, True) if near else ""
            if target == "jihadists" and family == "terrorism":
                jihadists += 1
            if voice != "authorial":
                continue
            name = None
            if target in islamist and family == "terrorism":
                name = "T"
            elif target in islamist and family == "revolution":
                name = "R"
            elif target == HAFTAR_GROUP and family == "legitimising":
                name = "L"
            elif target == HAFTAR_GROUP and family in ("delegitimising", "terrorism"):
                name = "D"
            if name is not None:
                per = comp[name]
                s = sent[ts]
                per[s] = per.get(s, 0) + 1

        counts: dict[str, int] = {}
        for ts, te, entry, own in titles:
            target = own
            if not target:
                near = anchors.get(sent[ts])
                target = self._target(d, ts, te, near, title_tokens, False) if near else ""
            if target == HAFTAR_GROUP:
                counts[entry.headword] = counts.get(entry.headword, 0) + 1
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
        for pos, neg in (("T", "R"), ("L", "D")):
            p, q = sum(comp[pos].values()), sum(comp[neg].values())
            value = (p - q) / (p + q) if p + q else nan
            low, high = self.bootstrap.interval(comp[pos], comp[neg], n_sentences)
            row += [p, q, value, low, high]
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


# ===========================================================================
# Inputs: shards and readers
# ===========================================================================


@dataclass(frozen=True)
class Problem:
    """A bad input record, with its place.

    ``unit`` is ``"line"`` (JSONL, ``line`` 1-based), ``"row"`` (Parquet,
    ``line`` is the 1-based row) or ``"file"`` (a text file, ``line`` None).
    ``ordinal`` orders problems and articles within a shard.
    """

    source: str
    line: int | None
    id: str
    reason: str
    unit: str = "line"
    ordinal: int = 0

    def message(self) -> str:
        """The one-line message: ``FILE:LINE: problem`` (``FILE: row N: …``, ``FILE: …``)."""
        if self.unit == "line":
            return f"{self.source}:{self.line}: {self.reason}"
        if self.unit == "row":
            return f"{self.source}: row {self.line}: {self.reason}"
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Shard:
    """A piece of the input that one task reads by itself.

    ``format`` is ``"jsonl"`` (bytes ``[begin, end)``, whole lines),
    ``"parquet"`` (rows ``[begin, end)`` of row group ``row_group``, counted
    from the group's first row; ``first_row`` is that row's number in the
    file) or ``"text"`` (``files``: ``(path, id, metadata, sha256)``).
    ``weight`` drives the progress bar (bytes, rows or files).
    """

    index: int
    format: str
    source: str
    begin: int = 0
    end: int = 0
    row_group: int = -1
    first_row: int = 0
    files: tuple = ()
    weight: int = 0


@dataclass
class ShardResult:
    """What a task returns: score rows (in order) with their ordinals, and problems."""

    index: int
    rows: list = field(default_factory=list)
    ordinals: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    kept: set = field(default_factory=set)  # the `keep` fields some article had


_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_PARQUET_SUFFIXES = (".parquet", ".pq")


def _input_kind(path: Path) -> str:
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _PARQUET_SUFFIXES:
        return "parquet"
    return "text"


def plan_shards(paths: str | Path | Iterable[str | Path] | None = None, *,
                min_shards: int = 1, shard_bytes: int | None = None) -> list[Shard]:
    """Cut the inputs into shards, in input order (reads only file metadata).

    Parameters
    ----------
    paths
        JSONL or Parquet files, ``.txt`` files, folders of them; None: the seeds.
    min_shards
        Cut each large input into at least this many shards (for workers).
    shard_bytes
        Target size of a JSONL shard (default :data:`SHARD_BYTES`).

    Raises
    ------
    FramingError
        For a problem with a whole input (missing, no ``id``/``text`` column,
        a bad ``metadata.csv``), naming the file.

    >>> [s.format for s in plan_shards()]
    ['text']
    """
    from framing.corpus import default_corpus_dir

    if paths is None:
        paths = [default_corpus_dir()]
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    shards: list[Shard] = []
    for path in map(Path, paths):
        if not path.exists():
            raise FramingError(f"{path}: no such file or directory")
        kind = _input_kind(path)
        if kind == "jsonl":
            new = _jsonl_shards(path, min_shards, shard_bytes or SHARD_BYTES)
        elif kind == "parquet":
            new = _parquet_shards(path, min_shards)
        else:
            entries = _folder_entries(path) if kind == "folder" else [(str(path), path.stem, (), "")]
            step = max(1, min(TEXT_SHARD_FILES, -(-len(entries) // max(1, min_shards))))
            new = [Shard(0, "text", str(path), files=tuple(entries[k:k + step]),
                         weight=len(entries[k:k + step]))
                   for k in range(0, len(entries), step)]
        for shard in new:
            shards.append(Shard(len(shards), shard.format, shard.source, shard.begin, shard.end,
                                shard.row_group, shard.first_row, shard.files, shard.weight))
    return shards


def _jsonl_shards(path: Path, min_shards: int, shard_bytes: int) -> list[Shard]:
    size = path.stat().st_size
    if size == 0:
        return []
    n = max(min_shards if size > 64 << 10 else 1, -(-size // shard_bytes))
    cuts = [0]
    with open(path, "rb") as f:
        for k in range(1, n):
            f.seek(size * k // n - 1)
            f.readline()  # to the start of the next line
            pos = f.tell()
            if cuts[-1] < pos < size:
                cuts.append(pos)
    cuts.append(size)
    return [Shard(0, "jsonl", str(path), a, b, weight=b - a) for a, b in zip(cuts, cuts[1:])]


def _parquet_file(path: Path):
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the scale extra
        raise FramingError(f"{path}: reading Parquet needs pyarrow "
                           "(pip install 'framing[scale]')") from None
    try:
        return pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises ArrowInvalid, OSError, …
        raise FramingError(f"{path}: not a readable Parquet file ({error})") from None


def _parquet_shards(path: Path, min_shards: int) -> list[Shard]:
    pf = _parquet_file(path)
    names = pf.schema_arrow.names
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        raise FramingError(f"{path}: no {' or '.join(repr(c) for c in missing)} column "
                           f"(columns: {', '.join(names)})")
    meta = pf.metadata
    groups = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
    per_group = max(1, -(-min_shards // max(1, len(groups))))
    shards = []
    first = 0
    for g, rows in enumerate(groups):
        parts = min(per_group, max(1, rows // 256))
        for k in range(parts):
            a, b = rows * k // parts, rows * (k + 1) // parts
            if b > a:
                shards.append(Shard(0, "parquet", str(path), a, b, row_group=g,
                                    first_row=first, weight=b - a))
        first += rows
    return shards


def _folder_entries(folder: Path) -> list[tuple]:
    """``load_corpus``'s folder rules (:func:`framing.corpus.folder_plan`), without
    reading the articles.

    Whole-folder problems raise; a file without its metadata row becomes an
    entry whose reading reports that problem (so it can be skipped).
    """
    entries = []
    for path, article_id, row in folder_plan(folder):
        if row is None:
            entries.append((str(path), article_id, None,
                            f"no row for this file in {folder / METADATA_FILE}"))
        elif not row:
            entries.append((str(path), article_id, (), ""))
        else:
            metadata = tuple((k, v) for k, v in row.items() if k != "id")
            entries.append((str(path), article_id, metadata, row.get("sha256", "").strip().lower()))
    return entries


def read_shard(shard: Shard, *, metadata: bool = False) -> Iterator[tuple | Problem]:
    """The articles of a shard as ``(ordinal, id, text)``, and its problems.

    Texts follow the corpus rules (CRLF/CR → LF; not empty; Arabic letters).
    ``metadata=True`` adds a fourth item: the article's other fields
    (JSONL keys, Parquet columns, ``metadata.csv`` columns) as strings.
    """
    if shard.format == "jsonl":
        yield from _read_jsonl(shard, metadata)
    elif shard.format == "parquet":
        yield from _read_parquet(shard, metadata)
    else:
        yield from _read_text_files(shard, metadata)


def _meta_str(value: object) -> str:
    """A metadata value as text (Article.metadata holds strings)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _check_text(text: str) -> str | None:
    """The problem with an article text, or None."""
    if not text.strip():
        return "the text is empty or whitespace only"
    if not _ARABIC_LETTER.search(text):
        return "no Arabic letters in the text"
    return None


def _lf(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _as_id(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    return value or None


def _read_jsonl(shard: Shard, metadata: bool = False) -> Iterator[tuple | Problem]:
    source = shard.source
    with open(source, "rb") as f:
        f.seek(shard.begin)
        data = f.read(shard.end - shard.begin)
    if shard.begin == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    loads = json.loads
    for rel, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(raw[:exc.start].decode("utf-8", "replace")) + 1
            yield Problem(source, rel, "", f"not valid UTF-8 at column {column} "
                          f"(byte {exc.start + 1} of the line)", "line", rel)
            continue
        if not line.strip():
            continue  # a blank line is not an article
        try:
            record = loads(line)
        except ValueError as exc:
            where = f" (column {exc.colno})" if hasattr(exc, "colno") else ""
            yield Problem(source, rel, "", f"not valid JSON: {getattr(exc, 'msg', exc)}{where}",
                          "line", rel)
            continue
        if not isinstance(record, dict):
            yield Problem(source, rel, "", "expected a JSON object with 'id' and 'text', "
                          f"got {type(record).__name__}", "line", rel)
            continue
        if "id" not in record:
            yield Problem(source, rel, "", "no 'id' field", "line", rel)
            continue
        article_id = _as_id(record["id"])
        if article_id is None:
            yield Problem(source, rel, "", "'id' must be a non-empty string or an integer, "
                          f"got {record['id']!r}", "line", rel)
            continue
        text = record.get("text")
        if not isinstance(text, str):
            reason = "no 'text' field" if "text" not in record else \
                f"'text' must be a string, got {type(text).__name__}"
            yield Problem(source, rel, article_id, reason, "line", rel)
            continue
        text = _lf(text)
        problem = _check_text(text)
        if problem:
            yield Problem(source, rel, article_id, problem, "line", rel)
            continue
        if metadata:
            yield rel, article_id, text, {k: _meta_str(v) for k, v in record.items()
                                          if k not in ("id", "text")}
        else:
            yield rel, article_id, text


def _read_parquet(shard: Shard, metadata: bool = False) -> Iterator[tuple | Problem]:
    source = shard.source
    pf = _parquet_file(Path(source))
    names = pf.schema_arrow.names
    extra = [c for c in names if c not in ("id", "text")] if metadata else []
    pos = 0  # row within the group
    for batch in pf.iter_batches(batch_size=1024, row_groups=[shard.row_group],
                                 columns=["id", "text", *extra], use_threads=False):
        size = batch.num_rows
        if pos + size <= shard.begin:
            pos += size
            continue
        if pos >= shard.end:
            break
        lo, hi = max(shard.begin - pos, 0), min(shard.end - pos, size)
        ids = batch.column(0).slice(lo, hi - lo).to_pylist()
        texts = batch.column(1).slice(lo, hi - lo).to_pylist()
        others = [batch.column(2 + x).slice(lo, hi - lo).to_pylist() for x in range(len(extra))]
        for k, (raw_id, text) in enumerate(zip(ids, texts)):
            row = shard.first_row + pos + lo + k + 1
            article_id = _as_id(raw_id)
            if article_id is None:
                yield Problem(source, row, "", "'id' must be a non-empty string or an integer, "
                              f"got {raw_id!r}", "row", row)
                continue
            if isinstance(text, (bytes, bytearray)):
                try:
                    text = bytes(text).decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Problem(source, row, article_id,
                                  f"text is not valid UTF-8 (byte {exc.start + 1})", "row", row)
                    continue
            if not isinstance(text, str):
                yield Problem(source, row, article_id, "'text' must be a string, got "
                              f"{'null' if text is None else type(text).__name__}", "row", row)
                continue
            text = _lf(text)
            problem = _check_text(text)
            if problem:
                yield Problem(source, row, article_id, problem, "row", row)
                continue
            if metadata:
                yield row, article_id, text, {c: _meta_str(v[k]) for c, v in zip(extra, others)}
            else:
                yield row, article_id, text
        pos += size


def _read_text_files(shard: Shard, with_metadata: bool = False) -> Iterator[tuple | Problem]:

    from framing.corpus import _read_article

    for k, (path_str, article_id, metadata, expected) in enumerate(shard.files):
        path = Path(path_str)

        def problem(message: str) -> Problem:
            prefix = f"{path}: "
            reason = message[len(prefix):] if message.startswith(prefix) else message
            return Problem(str(path), None, article_id, reason, "file", k)

        if metadata is None:  # no metadata row: `expected` holds the message
            yield problem(f"{path}: {expected}")
            continue
        try:
            verify_checksum(path, {"sha256": expected})
            article = _read_article(path, article_id, dict(metadata))
        except FramingError as error:
            yield problem(str(error))
            continue
        except OSError as error:
            yield problem(f"{path}: cannot read: {error.strerror}")
            continue
        if with_metadata:
            yield k, article.id, article.text, {"path": str(path), **dict(article.metadata)}
        else:
            yield k, article.id, article.text


def iter_articles(paths: str | Path | Iterable[str | Path] | None = None, *,
                  on_error: str = "fail", articles: bool = False) -> Iterator:
    """Stream ``(id, text)`` of every article of the inputs, in order.

    Memory stays bounded by one shard (~4 MB of JSONL, a Parquet batch, a
    text file). With ``on_error="fail"`` the first problem raises
    :class:`FramingError` (its :meth:`Problem.message`); with ``"skip"`` bad
    records are left out (use :func:`score_corpus` to have them listed).
    Duplicate ids are not checked here. ``articles=True`` yields
    :class:`~framing.corpus.Article` objects instead, with the other fields
    as metadata (e.g. to run :func:`framing.mentions.measure` on a sample).

    >>> next(iter_articles())[0]
    '000_90b4f03916497734'
    >>> next(iter_articles(articles=True)).metadata["genre"]
    'news analysis'
    """
    from types import MappingProxyType

    from framing.corpus import Article

    _check_choice("on_error", on_error, ON_ERROR)
    for shard in plan_shards(paths):
        for item in read_shard(shard, metadata=articles):
            if isinstance(item, Problem):
                if on_error == "fail":
                    raise FramingError(_resolve(item, shard).message())
                continue
            if articles:
                meta = item[3]
                path = Path(meta.pop("path", shard.source))
                yield Article(item[1], item[2], path, MappingProxyType(meta))
            else:
                yield item[1], item[2]


def _resolve(problem: Problem, shard: Shard, counter: _LineCounter | None = None) -> Problem:
    """A problem with its absolute JSONL line number."""
    if problem.unit != "line" or shard.begin == 0:
        return problem
    counter = counter or _LineCounter()
    return Problem(problem.source, counter.lines_before(shard.source, shard.begin) + problem.line,
                   problem.id, problem.reason, problem.unit, problem.ordinal)


class _LineCounter:
    """Newlines before a byte offset of a file, counted on demand (only for
    messages: a shard knows its lines relative to its first byte)."""

    def __init__(self) -> None:
        self.known: dict[str, list[tuple[int, int]]] = {}

    def lines_before(self, path: str, offset: int) -> int:
        known = self.known.setdefault(path, [(0, 0)])
        start, count = max((k for k in known if k[0] <= offset), default=(0, 0))
        with open(path, "rb") as f:
            f.seek(start)
            remaining = offset - start
            while remaining > 0:
                chunk = f.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                remaining -= len(chunk)
        known.append((offset, count))
        return count


# ===========================================================================
# Scoring shards
# ===========================================================================


def score_shard(shard: Shard, settings: ScoreSettings = ScoreSettings(), *,
                stop_at_problem: bool = False, keep: tuple[str, ...] = ()) -> ShardResult:
    """Read and score one shard (in a worker or in-process).

    ``stop_at_problem``: stop reading at the first problem (``on_error="fail"``).
    ``keep``: metadata fields appended to each row (``""`` where an article
    has none).
    """
    scorer = _scorer_for(settings)
    result = ShardResult(shard.index)
    score = scorer.score
    with _rare_gc():
        for item in read_shard(shard, metadata=bool(keep)):
            if isinstance(item, Problem):
                result.problems.append(item)
                if stop_at_problem:
                    break
                continue
            row = score(item[1], item[2])
            if keep:
                meta = item[3]
                row += tuple(meta.get(k, "") for k in keep)
                result.kept.update(k for k in keep if k in meta)
            result.rows.append(row)
            result.ordinals.append(item[0])
    return result


@contextmanager
def _rare_gc(allocations: int = 100_000):
    """Run the cyclic garbage collector less often while scoring.

    Scoring allocates many short-lived lists and tuples, all freed by
    reference counting (the scorer makes no cycles); at Python's default
    (a collection every 700 allocations) the collector also walks the
    lexicon and the caches again and again: ~15 % of the time, measured.
    """
    import gc

    threshold = gc.get_threshold()
    gc.set_threshold(max(allocations, threshold[0]), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _score_task(args: tuple[Shard, ScoreSettings, bool, tuple[str, ...]]) -> ShardResult:
    shard, settings, stop, keep = args
    return score_shard(shard, settings, stop_at_problem=stop, keep=keep)


def _score_partition(shards: list[Shard], settings: ScoreSettings, stop: bool,
                     keep: tuple[str, ...] = ()) -> list[ShardResult]:
    return [score_shard(s, settings, stop_at_problem=stop, keep=keep) for s in shards]


def _warm(settings: ScoreSettings) -> None:
    """Pool initializer: build the worker's scorer before the first task."""
    _scorer_for(settings)


def _mp_context():
    import multiprocessing as mp

    # forkserver: workers start from a clean server process (no threads that
    # pyarrow or the parent may have started), with framing preloaded.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["framing.stream", "framing.match", "framing.voice",
                                    "framing.target", "numpy"])
        return ctx
    return mp.get_context("spawn")  # pragma: no cover - Windows


def _local_results(shards: list[Shard], settings: ScoreSettings, stop: bool,
                   jobs: int, keep: tuple[str, ...] = ()) -> Iterator[ShardResult]:
    if jobs <= 1 or len(shards) <= 1:
        for shard in shards:
            yield score_shard(shard, settings, stop_at_problem=stop, keep=keep)
        return
    ctx = _mp_context()
    pool = ctx.Pool(min(jobs, len(shards)), initializer=_warm, initargs=(settings,))
    try:
        yield from pool.imap(_score_task, [(s, settings, stop, keep) for s in shards],
                             chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _dask_results(shards: list[Shard], settings: ScoreSettings, stop: bool, jobs: int,
                  scheduler: str | None, say: Callable[[str], None],
                  keep: tuple[str, ...] = ()) -> Iterator[ShardResult]:
    try:
        import dask
        import dask.bag as db
    except ImportError:
        raise FramingError("--engine dask needs dask (pip install 'framing[scale]')") from None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        Client = LocalCluster = None
    if scheduler and Client is None:
        raise FramingError(f"--scheduler {scheduler}: needs dask.distributed "
                           "(pip install distributed)")
    if not shards:
        return
    bag = db.from_sequence(shards, npartitions=len(shards))
    parts = bag.map_partitions(_score_partition, settings, stop, keep).to_delayed()
    if Client is None:
        # no distributed: dask's own process pool (one pool, reused by every window)
        import concurrent.futures

        if jobs <= 1:
            say("dask: distributed is not installed; synchronous scheduler (1 process)")
            for part in parts:
                yield from dask.compute(part, scheduler="synchronous")[0]
            return
        say(f"dask: distributed is not installed; processes scheduler ({jobs} processes)")
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=_mp_context()) as pool:
            window = 4 * jobs
            for k in range(0, len(parts), window):
                for done in dask.compute(*parts[k:k + window], scheduler="processes", pool=pool):
                    yield from done
        return
    import contextlib
    import logging

    cluster = None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="20s"))
            except OSError as error:
                raise FramingError(f"--scheduler {scheduler}: cannot connect ({error})") from None
            workers = len(client.scheduler_info().get("workers", {}))
            say(f"dask: cluster at {scheduler} ({workers} workers)")
        else:
            logging.getLogger("distributed").setLevel(logging.ERROR)
            cluster = stack.enter_context(LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                host="127.0.0.1", silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
            say(f"dask: LocalCluster, {jobs} worker processes")
        futures = client.compute(parts)
        try:
            for future in futures:
                done = future.result()
                future.release()
                yield from done
        finally:
            client.cancel(futures)


# ===========================================================================
# Outputs
# ===========================================================================


class _CsvWriter:
    """``DataFrame.to_csv(index=False, lineterminator="\\n", float_format="%.6g")``, streamed."""

    def __init__(self, stream: io.TextIOBase, columns: Sequence[str] = SCORE_COLUMNS) -> None:
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(columns)
        floats = [k for k, c in enumerate(SCORE_COLUMNS)
                  if c not in _INT_COLUMNS and c not in _STR_COLUMNS]
        self.floats = frozenset(floats)

    def write(self, rows: list[tuple]) -> None:
        floats = self.floats
        out = []
        for row in rows:
            row = list(row)
            for k in floats:
                v = row[k]
                row[k] = "" if v != v else "%.6g" % v
            out.append(row)
        self.writer.writerows(out)

    def close(self) -> None:
        pass


class _JsonWriter:
    """``DataFrame.to_json(orient="records", force_ascii=False, indent=1)``, streamed."""

    def __init__(self, stream: io.TextIOBase, columns: Sequence[str] = SCORE_COLUMNS) -> None:
        self.stream, self.columns = stream, list(columns)
        self.first = True
        stream.write("[\n")

    def write(self, rows: list[tuple]) -> None:
        import pandas as pd

        if not rows:
            return
        text = pd.DataFrame(rows, columns=self.columns).to_json(
            orient="records", force_ascii=False, indent=1)
        if not self.first:
            self.stream.write(",\n")
        self.stream.write(text[2:-2])
        self.first = False

    def close(self) -> None:
        self.stream.write("\n]\n")


class _ParquetWriter:
    """Score rows as Parquet (columns typed: strings, int64, float64)."""

    ROWS = 8192

    def __init__(self, path: str, columns: Sequence[str] = SCORE_COLUMNS) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - the scale extra
            raise FramingError("--format parquet needs pyarrow (pip install 'framing[scale]')") \
                from None
        self.pa = pa
        self.schema = pa.schema([
            (c, pa.int64() if c in _INT_COLUMNS else pa.float64() if c in _FLOAT_COLUMNS
             else pa.string()) for c in columns])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.buffer: list[tuple] = []

    def write(self, rows: list[tuple]) -> None:
        self.buffer += rows
        if len(self.buffer) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            columns = list(zip(*self.buffer))
            self.writer.write_table(self.pa.Table.from_arrays(
                [self.pa.array(col, type=f.type) for col, f in zip(columns, self.schema)],
                schema=self.schema))
            self.buffer = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


# ===========================================================================
# The driver
# ===========================================================================


@dataclass
class Summary:
    """What :func:`score_corpus` did: articles scored, problems skipped, files written."""

    articles: int = 0
    skipped: list[Problem] = field(default_factory=list)
    output: str | None = None
    skipped_file: str | None = None
    engine: str = "local"


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise FramingError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


def _check_keep(keep: Sequence[str] | str) -> tuple[str, ...]:
    """The ``keep`` field names, checked: non-empty, distinct, not a score column."""
    if isinstance(keep, str):
        keep = [keep]
    names = tuple(str(k).strip() for k in keep)
    for name in names:
        if not name:
            raise FramingError("--keep: a field name is empty")
        if name in SCORE_COLUMNS:
            raise FramingError(f"--keep {name}: a score column has this name")
        if name in ("id", "text"):
            raise FramingError(f"--keep {name}: not metadata (the id is the 'article' column; "
                               "the text is not written)")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise FramingError(f"--keep {','.join(duplicated)}: named more than once")
    return names


def default_skipped_path(output: str) -> str:
    """Where ``--on-error skip`` lists skipped articles: ``OUTPUT.skipped.csv``."""
    return f"{output}.skipped.csv"


def score_corpus(
    paths: str | Path | Iterable[str | Path] | None = None,
    output: str | None = None,
    *,
    format: str = "csv",
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    on_error: str = "fail",
    skipped: str | None = None,
    settings: ScoreSettings = ScoreSettings(),
    keep: Sequence[str] = (),
    progress: bool = False,
    stdout: io.TextIOBase | None = None,
    stderr: io.TextIOBase | None = None,
) -> Summary:
    """Score every article of the inputs and write one row per article.

    Parameters
    ----------
    paths
        Inputs (see the module docstring); None: the seeds.
    output
        A file; None writes to ``stdout`` (not for Parquet). Written only when
        everything succeeded (a temporary file is renamed at the end).
    format
        ``"csv"`` (the columns of :data:`SCORE_COLUMNS`, as ``framing score``
        always wrote them), ``"json"`` (an array of records) or ``"parquet"``.
    engine, jobs, scheduler
        ``"local"``: ``jobs`` worker processes (1: this process). ``"dask"``:
        a LocalCluster of ``jobs`` workers, or the cluster at ``scheduler``;
        without dask.distributed, dask's processes scheduler.
    on_error
        ``"fail"``: stop at the first problem (:class:`FramingError`, nothing
        written). ``"skip"``: leave bad articles out and list them (source,
        line, id, reason) in ``skipped`` (default ``OUTPUT.skipped.csv``).
    settings
        Lexicons and bootstrap (:class:`ScoreSettings`).
    keep
        Metadata fields to carry into the output, after the score columns
        (JSONL keys, Parquet columns, ``metadata.csv`` columns or ``path``
        for text files), as text; ``""`` for an article without the field.
        A field that no article has is an error (a misspelt name would
        otherwise give an empty column).
    progress
        Show a tqdm progress bar on ``stderr``.

    Returns
    -------
    Summary

    Example
    -------
    >>> import io
    >>> out = io.StringIO()
    >>> score_corpus(stdout=out).articles
    5
    >>> out.getvalue().splitlines()[0].split(",")[:3]
    ['article', 'tokens', 'sentences']
    """
    import tempfile

    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    _check_choice("format", format, FORMATS)
    _check_choice("engine", engine, ENGINES)
    _check_choice("on_error", on_error, ON_ERROR)
    if not isinstance(jobs, int) or jobs < 0:
        raise FramingError(f"jobs must be a non-negative integer, got {jobs!r}")
    jobs = jobs or os.cpu_count() or 1
    if format == "parquet" and output is None:
        raise FramingError("--format parquet needs --output FILE")
    if scheduler and engine != "dask":
        raise FramingError("--scheduler needs --engine dask")
    if on_error == "skip" and output is None and skipped is None:
        raise FramingError("--on-error skip lists the skipped articles in a file: "
                           "give --output FILE (they go to FILE.skipped.csv) or --skipped FILE")
    if on_error == "skip" and skipped is None:
        skipped = default_skipped_path(output)
    keep = _check_keep(keep)

    def say(message: str) -> None:
        print(f"framing: {message}", file=stderr)

    parallel = jobs if engine == "local" else max(jobs, 2)
    shards = plan_shards(paths, min_shards=4 * parallel if parallel > 1 else 1)
    # load the lexicons here, so that a bad lexicon file is one error, before
    # any worker starts (and the in-process engine reuses this scorer)
    _scorer_for(settings)
    summary = Summary(output=output, engine=engine)
    stop = on_error == "fail"
    if engine == "dask":
        results = _dask_results(shards, settings, stop, jobs, scheduler, say, keep)
    else:
        results = _local_results(shards, settings, stop, jobs, keep)

    # the output goes to a temporary file first: nothing is written on failure
    target_dir = Path(output).resolve().parent if output else None
    if output is not None and not target_dir.is_dir():
        raise FramingError(f"{output}: cannot write: no such directory {target_dir}")
    tmp = tempfile.NamedTemporaryFile(
        mode="w+b", dir=target_dir, prefix=f".{Path(output).name}." if output else "framing.",
        suffix=".part", delete=False)
    tmp.close()
    text_stream = None
    bar = None
    try:
        columns = SCORE_COLUMNS + list(keep)
        if format == "parquet":
            writer = _ParquetWriter(tmp.name, columns)
        else:
            text_stream = open(tmp.name, "w", encoding="utf-8", newline="\n")
            writer = (_CsvWriter if format == "csv" else _JsonWriter)(text_stream, columns)
        if progress:
            bar = _progress_bar(shards, stderr)
        shard_of = {s.index: s for s in shards}
        seen: dict[str, tuple[int, int]] = {}
        counter = _LineCounter()
        kept: set[str] = set()
        for result in results:
            shard = shard_of[result.index]
            rows = _check_result(result, shard_of, seen, counter, summary, stop)
            writer.write(rows)
            summary.articles += len(rows)
            kept |= result.kept
            if bar is not None:
                bar.update(shard.weight)
        missing = [k for k in keep if k not in kept]
        if missing and summary.articles:
            raise FramingError(f"--keep {','.join(missing)}: no article has "
                               f"{'this field' if len(missing) == 1 else 'these fields'}")
        writer.close()
        if text_stream is not None:
            text_stream.close()
            text_stream = None
        if bar is not None:
            bar.close()
            bar = None
        if output is None:
            with open(tmp.name, encoding="utf-8", newline="") as f:
                while chunk := f.read(1 << 20):
                    stdout.write(chunk)
            stdout.flush()
        else:
            os.replace(tmp.name, output)
    except BaseException:
        if bar is not None:
            bar.close()
        if text_stream is not None:
            text_stream.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()
        raise
    finally:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)
    if on_error == "skip":
        _write_skipped(skipped, summary.skipped)
        summary.skipped_file = skipped
        if summary.skipped:
            say(f"skipped {len(summary.skipped)} article(s) with problems; listed in {skipped}")
    return summary


def _check_result(result: ShardResult, shard_of: dict[int, Shard],
                  seen: dict[str, tuple[int, int]], counter: _LineCounter, summary: Summary,
                  stop: bool) -> list[tuple]:
    """The rows of a shard that may be written: problems and duplicate ids
    (first one wins) are raised (fail) or recorded (skip), in input order."""
    shard = shard_of[result.index]
    rows = []
    problems = iter(sorted(result.problems, key=lambda p: p.ordinal))
    pending = next(problems, None)

    def record(problem: Problem) -> None:
        problem = _resolve(problem, shard, counter)
        if stop:
            raise FramingError(problem.message())
        summary.skipped.append(problem)

    for row, ordinal in zip(result.rows, result.ordinals):
        while pending is not None and pending.ordinal < ordinal:
            record(pending)
            pending = next(problems, None)
        article_id = row[0]
        first = seen.get(article_id)
        if first is not None:
            unit = "file" if shard.format == "text" else "row" if shard.format == "parquet" \
                else "line"
            line = None if unit == "file" else ordinal
            source = shard.files[ordinal][0] if unit == "file" else shard.source
            record(Problem(source, line, article_id,
                           f"duplicate article id {article_id!r} "
                           f"(also {_place(first, shard_of, counter)})", unit, ordinal))
            continue
        seen[article_id] = (shard.index, ordinal)
        rows.append(row)
    while pending is not None:
        record(pending)
        pending = next(problems, None)
    return rows


def _place(first: tuple[int, int], shard_of: dict[int, Shard], counter: _LineCounter) -> str:
    """Where an id was first seen, for a duplicate's message."""
    shard = shard_of[first[0]]
    ordinal = first[1]
    if shard.format == "text":
        return str(shard.files[ordinal][0])
    if shard.format == "parquet":
        return f"{shard.source}: row {ordinal}"
    line = ordinal + (counter.lines_before(shard.source, shard.begin) if shard.begin else 0)
    return f"{shard.source}:{line}"


def _progress_bar(shards: list[Shard], stderr):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - the scale extra
        return None
    units = {s.format for s in shards}
    unit = "B" if units == {"jsonl"} else "row" if units == {"parquet"} else "file" \
        if units == {"text"} else "unit"
    return tqdm(total=sum(s.weight for s in shards), unit=unit, unit_scale=unit == "B",
                file=stderr, dynamic_ncols=True, leave=False)


def _write_skipped(path: str, problems: list[Problem]) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(SKIPPED_COLUMNS)
            for p in problems:
                writer.writerow([p.source, "" if p.line is None else p.line, p.id, p.reason])
    except OSError as error:
        raise FramingError(f"{path}: cannot write: {error.strerror}") from None


# ===========================================================================
# A synthetic corpus (tests and benchmarks)
# ===========================================================================


def synthetic_articles(n: int, *, seed: int = 0, sentences: tuple[int, int] = (8, 30),
                       paragraphs: tuple[int, int] = (2, 5)) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of ``n`` articles made by resampling the seeds' sentences.

    Deterministic for a ``seed``: each article draws a number of sentences
    (uniform in ``sentences``), groups them into paragraphs (one per line, as
    the seeds), and keeps the seeds' spelling, quotes and punctuation.

    >>> [i for i, _ in synthetic_articles(2)]
    ['syn000000', 'syn000001']
    """
    import random

    from framing.arabic import sentence_spans
    from framing.corpus import load_corpus

    pool = [a.text[x:y] for a in load_corpus() for x, y in sentence_spans(a.text)]
    rng = random.Random(seed)
    for k in range(n):
        m = rng.randint(*sentences)
        chosen = [rng.choice(pool) for _ in range(m)]
        p = min(m, rng.randint(*paragraphs))
        cuts = sorted(rng.sample(range(1, m), p - 1)) if p > 1 else []
        paras = [" ".join(chosen[a:b]) for a, b in zip([0, *cuts], [*cuts, m])]
        yield f"syn{k:06d}", "\n".join(paras)


def write_jsonl(path: str | Path, articles: Iterable[tuple[str, str]], **metadata: str) -> int:
    """Write ``(id, text)`` pairs as JSONL (UTF-8, Arabic unescaped); returns the count."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for article_id, text in articles:
            f.write(json.dumps({"id": article_id, "text": text, **metadata}, ensure_ascii=False))
            f.write("\n")
            n += 1
    return n


def write_parquet(path: str | Path, articles: Iterable[tuple[str, str]], *,
                  row_group_size: int = 2048) -> int:
    """Write ``(id, text)`` pairs as Parquet (row groups of ``row_group_size``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[tuple[str, str]] = []
        for item in articles:
            batch.append(item)
            if len(batch) == row_group_size:
                writer.write_table(pa.table({"id": [a for a, _ in batch],
                                             "text": [t for _, t in batch]}, schema=schema))
                n += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.table({"id": [a for a, _ in batch],
                                         "text": [t for _, t in batch]}, schema=schema))
            n += len(batch)
    return n
