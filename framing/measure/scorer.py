"""The score row of one article, from its mention records.

:func:`score_row` is the one place the score row is computed: a group-by of
an article's mentions (:class:`framing.measure.engine.Mention`) — family counts by
voice, the index terms each authorial mention feeds
(:func:`framing.measure.schema.index_components_of` /
:func:`~framing.measure.schema.neutral_components_of`), the indices with their
intervals, the title most used for Haftar. :func:`framing.measure.scores.score_articles`
calls it on the rows of a mentions table; :class:`Scorer` on the records of
:class:`framing.measure.engine.Engine` (``framing score``, :mod:`framing.scale.stream`),
without building a table.

The sentence bootstrap (:class:`SentenceBootstrap`) is the package's one
bootstrap: a percentile interval of (P − N)/(P + N) over resamples of the
article's sentences, computed from one resample-count matrix per sentence
count (for a seed, the resamples depend only on the number of sentences),
summing its rows instead of indexing every resample; a test checks it
against the plain ``values[picks].sum(axis=1)`` bootstrap
(``tests/test_scorer.py``).

Example
-------
>>> from framing.text.corpus import load_corpus
>>> scorer = Scorer()
>>> article = load_corpus()[0]
>>> row = scorer.score(article.id, article.text)
>>> dict(zip(SCORE_COLUMNS, row))["haftar_title"]
'اللواء المتقاعد'
"""

from __future__ import annotations

import datetime as _dt
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from framing.errors import FramingError
from framing.measure.engine import Engine, Measurement
from framing.measure.match import neutral_names
from framing.measure.schema import (
    DEFAULT_ADVERSARY_GROUPS,
    DEFAULT_ISLAMIST_GROUPS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    FAMILIES,
    HAFTAR_GROUP,
    INDICES,
    MAX_RESAMPLES,
    NEUTRAL_FAMILY,
    OPPOSITE_FAMILY,
    SCORE_COLUMNS,
    VOICES,
    index_components_of,
    neutral_components_of,
)
from framing.measure.uncertainty import index_interval

__all__ = ["SCORE_COLUMNS", "IndexTerms", "ScoreSettings", "ScoredMention", "Scorer",
           "SentenceBootstrap",
           "score_row"]


@dataclass(frozen=True)
class ScoreSettings:
    """What a worker needs to build its :class:`Scorer` (picklable, hashable).

    ``lexicon``, ``actors``, ``titles``: YAML files (None: the bundled ones);
    ``seed``, ``resamples``: the sentence bootstrap (as
    :func:`framing.measure.scores.score_articles`); ``islamist_groups``,
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
_ENGINES: dict[tuple, Engine] = {}


def _scorer_for(settings: ScoreSettings) -> Scorer:
    """One Scorer per settings per process (workers build theirs once)."""
    scorer = _SCORERS.get(settings)
    if scorer is None:
        scorer = _SCORERS[settings] = Scorer.from_settings(settings)
    return scorer


def engine_for(lexicon: str | None = None, actors: str | None = None,
               titles: str | None = None) -> Engine:
    """One :class:`~framing.measure.engine.Engine` per lexicon files per process."""
    key = (lexicon, actors, titles)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _ENGINES[key] = Engine.from_files(lexicon, actors, titles)
    return engine


class ScoredMention(NamedTuple):
    """What :func:`score_row` reads of a mention (a
    :class:`framing.measure.engine.Mention` has these fields too): the rows of a
    mentions table are read as these (:func:`framing.measure.scores.score_articles`)."""

    kind: str
    family: str
    voice: str
    target: str
    sentence: int
    reported_by: str | bool  # in reported speech (truthy): a source's claim
    entry: str               # the headword (for the title most used)
    start: int | None        # orders the titles (a character or token offset)
    token_start: int | None  # token span (neutral names); None: unknown
    token_end: int | None
    refused: bool = False    # governed by a marker that refuses the label (ما يسمى، بدعوى)
    is_name: bool = False    # a frame word that names its referent (engine.names_its_referent)
    category: str = ""       # a title's kind: rank, office or epithet (titles.yaml)


class IndexTerms:
    """Which index terms a mention feeds, remembered per (family, target):
    :func:`framing.measure.schema.index_components_of` for an authorial frame
    mention, :func:`framing.measure.schema.neutral_components_of` for a neutral name.

    >>> terms = IndexTerms(("islamist_brigades",), ("islamist_brigades", "gna"))
    >>> terms.of_frame("revolution", "islamist_brigades"), terms.of_name("gna")
    (('islamists_R', 'adversaries_R', 'haftar_D'), ('adversaries_Z', 'haftar_Z'))
    """

    def __init__(self, islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
                 adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS) -> None:
        self.islamist_groups = frozenset(islamist_groups)
        self.adversary_groups = frozenset(adversary_groups)
        self._frames: dict[tuple[str, str], tuple[str, ...]] = {}
        self._names: dict[str, tuple[str, ...]] = {}

    def of_frame(self, family: str, target: str) -> tuple[str, ...]:
        found = self._frames.get((family, target))
        if found is None:
            found = self._frames[family, target] = index_components_of(
                family, target, self.islamist_groups, self.adversary_groups)
        return found

    def of_name(self, target: str) -> tuple[str, ...]:
        found = self._names.get(target)
        if found is None:
            found = self._names[target] = neutral_components_of(
                target, self.islamist_groups, self.adversary_groups)
        return found


def most_frequent_title(titles: Iterable[Any]) -> str:
    """The headword (``entry``) of the title mentions most used, ties: the
    first used (by ``start``); ``""`` for none. Where a title is ranked.

    What an author calls Haftar is a rank or an epithet (المشير، اللواء
    المتقاعد، الجنرال), as the codebook's ``haftar_title`` reads it; a post
    (``category`` ``office``: القائد العام، قائد الجيش), which wire copy writes
    beside the rank, counts only when the article gives him no other title.

    >>> from types import SimpleNamespace as M
    >>> most_frequent_title([M(entry="المشير", start=9), M(entry="اللواء", start=2),
    ...                      M(entry="المشير", start=20)])
    'المشير'
    >>> most_frequent_title([M(entry="القائد العام", start=1, category="office"),
    ...                      M(entry="القائد العام", start=5, category="office"),
    ...                      M(entry="المشير", start=9, category="rank")])
    'المشير'
    """
    titles = list(titles)
    named = [m for m in titles if getattr(m, "category", "") != "office"]
    counts: dict[str, int] = {}
    for m in sorted(named or titles, key=lambda m: m.start):
        counts[m.entry] = counts.get(m.entry, 0) + 1
    if not counts:
        return ""
    top = max(counts.values())
    return next(h for h, c in counts.items() if c == top)


def score_row(article: str, tokens: int, sentences: int, mentions: Sequence[Any],
              terms: IndexTerms, bootstrap: SentenceBootstrap) -> tuple:
    """The score row of one article (a tuple in :data:`SCORE_COLUMNS` order)
    from its mentions: the one place the score row is computed.

    ``mentions``: records with the mentions table's fields ``kind, family,
    voice, target, sentence, reported_by, entry, start, token_start,
    token_end`` (:class:`framing.measure.engine.Mention`, or a table's rows).

    * family counts (every voice), and terrorism / revolution by voice;
    * each index (P − N)/(P + N + Z) from the author's own voice: a frame
      mention feeds :meth:`IndexTerms.of_frame` unless it is in reported
      speech (a source's claim); an actor or title mention that is no frame
      word (:func:`framing.measure.match.neutral_names`) feeds
      :meth:`IndexTerms.of_name` (Z, weight 0), reported speech or not — the
      author chose the name;
    * each interval: :func:`framing.measure.uncertainty.index_interval`, a neutral
      name counting half P and half N;
    * ``jihadists_terrorism`` (every voice) and ``haftar_title``
      (:func:`most_frequent_title` over the titles about ``haftar``).

    >>> from framing.measure.engine import Engine
    >>> found = Engine().measure("x", "قوات حفتر تقصف الإرهابيين في بنغازي.")
    >>> row = dict(zip(SCORE_COLUMNS, score_row(*found[:3], found.mentions, IndexTerms(),
    ...                                         SentenceBootstrap(200, 0))))
    >>> row["terrorism"], row["haftar_n"]
    (1, 2)
    """
    fam_count = dict.fromkeys(FAMILIES, 0)
    fam_voice = {(f, v): 0 for f in ("terrorism", "revolution") for v in VOICES}
    comp: dict[str, dict[int, int]] = {f"{name}_{part}": {} for name, p, q in INDICES
                                       for part in (p, q, "Z")}
    jihadists = 0
    frames, actors, titles = [], [], []
    for m in mentions:
        kind = m.kind
        if kind == "frame":
            frames.append(m)
        elif kind == "actor":
            actors.append(m)
        elif kind == "title":
            titles.append(m)
    for m in frames:
        family, voice = m.family, m.voice
        if family in fam_count:
            fam_count[family] += 1
        if (family, voice) in fam_voice:
            fam_voice[(family, voice)] += 1
        if m.target == "jihadists" and family == "terrorism":
            jihadists += 1
        for name in terms_fed(m, False, terms):
            per, s = comp[name], m.sentence
            per[s] = per.get(s, 0) + 1
    # a name in a hand-made table without token spans cannot be checked
    # against the frame words: it counts as no neutral name
    names = actors + titles
    of_name = terms.of_name
    if any(of_name(m.target) for m in names if m.token_start is not None):
        keep_actors, keep_titles = neutral_names(
            [(m.token_start, m.token_end) for m in frames],
            [(m.token_start, m.token_end) for m in actors],
            [(m.token_start, m.token_end) for m in titles])
        for m, neutral in zip(names, keep_actors + keep_titles):
            if neutral and m.token_start is not None:  # (terms_fed: no term otherwise)
                for name in terms_fed(m, True, terms):
                    per, s = comp[name], m.sentence
                    per[s] = per.get(s, 0) + 1
    title = most_frequent_title(m for m in titles if m.target == HAFTAR_GROUP)

    nan = float("nan")
    row: list = [article, tokens, sentences]
    row += [fam_count[f] for f in FAMILIES]
    for family in ("terrorism", "revolution"):
        row += [fam_voice[(family, v)] for v in VOICES]
    row += [1000 * fam_count[f] / tokens if tokens else nan for f in ("terrorism", "revolution")]
    for name, pos, neg in INDICES:
        pos, neg, zero = comp[f"{name}_{pos}"], comp[f"{name}_{neg}"], comp[f"{name}_Z"]
        p, q, z = sum(pos.values()), sum(neg.values()), sum(zero.values())
        value = (p - q) / (p + q + z) if p + q + z else nan
        if zero:  # a neutral name: half a positive and half a negative
            pos, neg = dict(pos), dict(neg)
            for s, c in zero.items():
                pos[s] = pos.get(s, 0) + c / 2
                neg[s] = neg.get(s, 0) + c / 2
        low, high = index_interval(pos, neg, bootstrap.interval(pos, neg, sentences))
        row += [p, q, z, p + q + z, value, low, high]
    row += [jihadists, title]
    return tuple(row)


def terms_fed(mention: Any, neutral: bool, terms: IndexTerms, *, reported: bool = False
              ) -> tuple[str, ...]:
    """The index terms one mention feeds: where a mention is counted.

    Only the author's own voice counts (not ``quoted``, not ``distanced``).
    A frame mention feeds :meth:`IndexTerms.of_frame` unless it is in
    reported speech (``reported_by``: a source's claim in the author's
    paraphrase; ``reported=True`` counts it too) — except a frame word that
    *names* its referent (``is_name``: اللواء المتقاعد، ميليشيات حفتر،
    الجيش الليبي, :func:`framing.measure.engine.names_its_referent`), which is
    the writer's choice of name in the paraphrase too. An actor or title mention
    feeds :meth:`IndexTerms.of_name` (Z) when it is a ``neutral`` name
    (:func:`framing.measure.match.neutral_names`), reported speech or not: the
    author chose the name.

    A frame word of the ``neutral`` family (:data:`NEUTRAL_FAMILY`: الجماعات
    المسلحة, the wire's word for either camp's forces) is the referent named
    without a frame: it feeds Z like a neutral name.

    A ``distanced`` mention whose marker *refuses* the label (``refused``:
    ما يسمى، المزعوم، بدعوى، تحت مسمى — ``refuses`` in
    ``framing/data/voice_markers.yaml``) is the writer's own stance against
    the word, so it counts at the opposite pole: a frame word as the
    opposite family (بدعوى محاربة الإرهاب → revolution: the adversaries are
    not terrorists; ما يسمى بالثوار → terrorism), a neutral name as a
    delegitimising name of its referent (ما يسمى الجيش الوطني الليبي) —
    unless the refusal is in reported speech (a source's).

    >>> from types import SimpleNamespace as M
    >>> frame = M(kind="frame", voice="authorial", family="terrorism", target="gna",
    ...           reported_by="")
    >>> terms_fed(frame, False, IndexTerms())
    ('adversaries_T', 'haftar_L')
    >>> terms_fed(M(kind="actor", voice="quoted", target="gna"), True, IndexTerms())
    ()
    >>> refused = M(kind="frame", voice="distanced", refused=True, family="terrorism",
    ...             target="gna", reported_by="")   # بدعوى محاربة الإرهاب
    >>> terms_fed(refused, False, IndexTerms())
    ('adversaries_R', 'haftar_D')
    """
    if mention.voice != "authorial":
        if mention.voice != "distanced" or not getattr(mention, "refused", False) or (
                mention.reported_by and not reported):
            return ()
        if mention.kind == "frame":
            return terms.of_frame(OPPOSITE_FAMILY.get(mention.family, ""), mention.target)
        return terms.of_frame("delegitimising", mention.target) if neutral else ()
    if mention.kind == "frame":
        if mention.family == NEUTRAL_FAMILY:  # الجماعات المسلحة: named, not framed
            return terms.of_name(mention.target)
        if mention.reported_by and not reported and not getattr(mention, "is_name", False):
            return ()
        return terms.of_frame(mention.family, mention.target)
    return terms.of_name(mention.target) if neutral else ()


class Scorer:
    """The score row of one article: :func:`score_row` over the records of
    :class:`framing.measure.engine.Engine`, without a mentions table.

    Parameters
    ----------
    lexicon, actors, titles
        Lexicon files (None: bundled).
    seed, resamples, islamist_groups, adversary_groups
        As :func:`framing.measure.scores.score_articles`.

    Example
    -------
    >>> s = Scorer()
    >>> row = dict(zip(SCORE_COLUMNS, s.score("x", "قوات حفتر تقصف الإرهابيين في بنغازي.")))
    >>> row["tokens"], row["terrorism"]
    (6, 1)
    """

    def __init__(self, lexicon: str | None = None, actors: str | None = None,
                 titles: str | None = None, *, seed: int = DEFAULT_SEED,
                 resamples: int = DEFAULT_RESAMPLES,
                 islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
                 adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS) -> None:
        self.settings = ScoreSettings(lexicon, actors, titles, seed, resamples,
                                      tuple(islamist_groups), tuple(adversary_groups))
        self.engine = engine_for(lexicon, actors, titles)
        self.dated = self.engine.dated
        self.terms = IndexTerms(islamist_groups, adversary_groups)
        self.bootstrap = SentenceBootstrap(resamples, seed)

    @classmethod
    def from_settings(cls, settings: ScoreSettings) -> Scorer:
        return cls(settings.lexicon, settings.actors, settings.titles, seed=settings.seed,
                   resamples=settings.resamples, islamist_groups=settings.islamist_groups,
                   adversary_groups=settings.adversary_groups)

    def measure(self, article_id: str, text: str, when: _dt.date | None = None) -> Measurement:
        """The engine's mentions of one article (:meth:`framing.measure.engine.Engine.measure`)."""
        return self.engine.measure(article_id, text, when)

    def score(self, article_id: str, text: str, when: _dt.date | None = None) -> tuple:
        """The score row of one article: a tuple in :data:`SCORE_COLUMNS` order.

        ``when``: the article's date (:func:`framing.text.corpus.article_date`),
        which decides the entries with a period (None: an undated text).
        """
        found = self.engine.measure_for_score(article_id, text, when, ScoredMention)
        return score_row(found.article, found.tokens, found.sentences, found.mentions,
                         self.terms, self.bootstrap)

    def row(self, found: Measurement) -> tuple:
        """The score row of what the engine measured in one article."""
        return score_row(found.article, found.tokens, found.sentences, found.mentions,
                         self.terms, self.bootstrap)


#: How much of the resample matrix :meth:`SentenceBootstrap.streamed` draws at once.
_CHUNK_BYTES = 8 << 20


class SentenceBootstrap:
    """The sentence bootstrap: the percentile interval (:meth:`interval`) of
    (P − N)/(P + N) over resamples of an article's sentences, reusing the
    resamples.

    Each interval draws ``rng.integers(0, n, (resamples, n))`` from a
    fresh ``default_rng(seed)``: for a given seed the resamples depend on
    ``n`` (the sentence count) only. How often each resample picks each
    sentence is kept per ``n`` (LRU, bounded in bytes) as a float matrix
    ``(n, resamples)``, with whether any resample picks each sentence; a
    resampled sum is the weighted sum of the rows of the sentences that
    count (:func:`_resampled_pair`) — sums of small integers, so the same numbers
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

        >>> b = SentenceBootstrap(4, 0)
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
            difference, total = p - q, p + q
        else:
            counts, picked = self.counts(n)
            # One-sided indices are ±1 in every resample where defined (a
            # resample picking one of those sentences): the percentiles of a
            # constant array are that constant.
            if not neg:
                return (1.0, 1.0) if any(picked[s] for s in pos) else (nan, nan)
            if not pos:
                return (-1.0, -1.0) if any(picked[s] for s in neg) else (nan, nan)
            # Only neutral names (each half P, half N): 0 in every resample
            # that has one.
            if pos == neg:
                return (0.0, 0.0) if any(picked[s] for s in pos) else (nan, nan)
            difference, total = _resampled_pair(counts, pos, neg)
        defined = int(np.count_nonzero(total))
        if not defined:
            return nan, nan
        # NaN where the resample has neither (no 0/0: np.errstate costs more)
        values = np.divide(difference, total, out=np.full(total.shape, np.nan), where=total > 0)
        tail = (1 - level) / 2 * 100
        if self._exact_percentiles is None:
            self._exact_percentiles = _check_percentiles()
        if self._exact_percentiles:
            return _linear_percentiles(values, tail, defined)
        low, high = np.percentile(values[total > 0], [tail, 100 - tail])
        return float(low), float(high)


def _resampled_pair(counts, pos: dict[int, float], neg: dict[int, float]):
    """Per resample, P - N and P + N, where P and N are the sums of the
    sentences' values of ``pos`` and of ``neg`` (``counts`` rows are
    sentences), in one product: whole or half numbers, so exact in any order."""
    import numpy as np

    rows = list(dict.fromkeys([*pos, *neg]))
    weights = np.zeros((2, len(rows)))
    weights[0] = [pos.get(s, 0) - neg.get(s, 0) for s in rows]
    weights[1] = [pos.get(s, 0) + neg.get(s, 0) for s in rows]
    both = weights @ counts[rows]  # whole or half numbers: exact in any order
    return both[0], both[1]


def _linear_percentiles(values, tail: float, size: int | None = None) -> tuple[float, float]:
    """``np.percentile(values, [tail, 100 - tail])`` (method "linear") as
    numpy computes it, for a 1-D float array whose first ``size`` values in
    sorted order are the data (any others are NaN, which sorts last)."""
    import math

    import numpy as np

    m = values.size if size is None else size
    places = []
    for q in (tail / 100, (100 - tail) / 100):
        virtual = (m - 1) * q
        if virtual >= m - 1:
            lo = hi = m - 1  # numpy: previous = next = -1
            gamma = virtual + 1
        else:
            lo = math.floor(virtual)
            hi, gamma = lo + 1, virtual - lo
        places.append((lo, hi, gamma))
    # only these order statistics are read: a partition puts exactly them in
    # place (NaN last, as a sort does), in linear time
    ordered = np.partition(values, sorted({k for lo, hi, _ in places for k in (lo, hi)}))
    out = []
    for lo, hi, gamma in places:
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

