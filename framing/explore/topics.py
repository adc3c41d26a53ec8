"""Topics: LDA (gensim) over sentence windows, chosen by coherence and stability.

Why not model the articles themselves
-------------------------------------
The corpus has five articles. LDA estimates a topic mixture *per document* and
topics from the words that co-occur *within* documents: five documents give
five mixtures and almost no co-occurrence evidence, so any k ≥ 2 just
re-describes the articles. We model smaller units and aggregate back.

The modelling unit: a sentence window
-------------------------------------
Three seeds (000, 002, 004) are a single long paragraph, so paragraphs are no
unit. A **unit** is a window of consecutive whole sentences of one article,
grown sentence by sentence until it holds at least ``min_tokens`` (default
:data:`MIN_TOKENS` = 30) *content tokens* (the terms of
:class:`framing.explore.vocabulary.Analyser`: Arabic words, normalised, stop words
and one-letter words removed). A remainder of fewer than ``min_tokens`` at
the end of an article joins the article's last unit; an article with fewer
than ``min_tokens`` content tokens is one unit. So every unit has between
``min_tokens`` and ``2·min_tokens + longest sentence`` content tokens,
windows never cross articles, and paragraphs are ignored (they would make the
unit mean different things in different articles). 30 content tokens is
about one paragraph of the two seeds that have paragraphs (median 22 in 001,
42 in 003) and gives 40 units of 30–136 tokens (median 43; 004's sentences
are very long). :func:`modelling_units` lists the units with their sizes
and character offsets.

The model
---------
``gensim.models.LdaModel`` (not ``LdaMulticore``, whose worker scheduling is
not reproducible) with an explicit ``random_state``, fixed ``passes`` (15) and
``iterations`` (50), float64 and symmetric priors (``alpha = eta = 1/k``).
The corpus is small enough to be one chunk, so we run *batch* variational
Bayes: ``decay = 0`` makes every pass replace the topic-word estimate
(step size ρ = 1) instead of blending it in with online learning's shrinking
steps, which on these 40 units still drifted after 40 passes. Measured on
the seeds' grid: 15 batch passes agree with a 200-pass fit on 98 % of the
top-10 words (mean best-match Jaccard), 20 online passes on 90 %. The
vocabulary keeps terms found in at least ``no_below`` = 2 units and at most
``no_above`` = 50 % of them. Topic
mixtures of units are inferred with a freshly seeded random state, so they
are a pure function of the model and the units; an article's mixture is the
token-weighted mean of its units' mixtures (weights: in-vocabulary tokens).

Choosing k
----------
Over a grid (k = 2..8) × seeds (0, 1, 2), every model is scored by topic
coherence — ``c_npmi`` and ``c_v`` (gensim ``CoherenceModel``, top 10 words,
estimated on the units themselves, no external corpus) — and by stability:
for each topic its best top-10-word Jaccard match among the topics of the
same-k model with another seed, averaged over topics, both directions and
the other seeds. :func:`select_k` takes the k with the highest mean
``c_npmi`` over seeds (NPMI is bounded in [-1, 1] and is among the automatic measures that tracked
human judgements best in Lau, Newman & Baldwin 2014) and, at that k, the
most stable seed (the model most like the others). ``c_v`` and stability
are reported beside it, not folded into the choice. With 40 short units all
these numbers are noisy: read them as "which k is not worse", and read the
topics themselves.

Seeded variant
--------------
:func:`fit_seeded_lda` puts an asymmetric ``eta`` prior on two designated
topics: topic 0 gets the inflected forms of the framing lexicon's
*terrorism* family (categories terrorism, extremism, militia, mercenary),
topic 1 those of the *revolution* family (``eta`` = :data:`SEED_WEIGHT` = 1
for a seed form on its topic, ``1/k`` everywhere else: one pseudo-occurrence
per form, about as much as the forms' own counts, most of which occur once
or twice — a nudge, not a constraint). A seeded topic "emerges" when it
captures its seed words' tokens, gathers other words with them and some
articles load on it — :func:`seeded_summary` reports all three. A much
larger weight only manufactures the topic: its φ fills with seed words while
the articles' mixtures hardly change.

Example
-------
>>> from framing.text.corpus import load_corpus
>>> from framing.explore.topics import modelling_units
>>> units = modelling_units(load_corpus())
>>> list(units.columns)[:5]
['article', 'unit', 'n_tokens', 'text_start', 'text_end']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import FramingError
from framing.explore.vocabulary import Analyser, gloss_lookup, most_frequent
from framing.tables import write_csv

if TYPE_CHECKING:  # pragma: no cover
    from framing.text.arabic import Token

#: Content tokens a modelling unit holds at least.
MIN_TOKENS = 30
#: Most units the topic models are fitted on (:func:`model_sample`): a grid of
#: 21 models × 15 passes stay around two minutes on two cores at any corpus size.
MAX_MODEL_UNITS = 1000
#: The grid of numbers of topics tried by :func:`topic_selection`.
K_GRID = tuple(range(2, 9))
#: The random seeds tried for every k.
SEEDS = (0, 1, 2)
#: LDA passes over the corpus and per-document inference iterations.
PASSES = 15
ITERATIONS = 50
#: Vocabulary filter: a term must be in ≥ NO_BELOW units and ≤ NO_ABOVE of them.
NO_BELOW = 2
NO_ABOVE = 0.5
#: Top words per topic for coherence, stability and the topic table.
TOPN = 10
#: λ of the relevance ranking (Sievert & Shirley 2014 found 0.6 best; LDAvis opens at 1).
LAMBDA = 0.6
#: Seeded LDA: the prior weight of a seed word on its designated topic.
SEED_WEIGHT = 1.0
#: The two lexicon families of the seeded variant, in topic order.
#: (Read from the lexicon's ``categories`` when it declares them; these are the fallback.)
SEED_FAMILIES: dict[str, tuple[str, ...]] = {
    "terrorism": ("terrorism", "extremism", "militia", "mercenary"),
    "revolution": ("revolution",),
}
LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "framing.yaml"


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One modelling unit: a window of whole sentences of one article."""

    article: str
    unit: int
    sentence_first: int
    sentence_last: int
    text_start: int
    text_end: int
    terms: tuple[str, ...]
    displays: tuple[str, ...] = field(repr=False, default=())

    @property
    def n_tokens(self) -> int:
        """Content tokens (terms) in the unit."""
        return len(self.terms)


def build_units(
    tokens: Mapping[str, Sequence[Token]],
    min_tokens: int = MIN_TOKENS,
    analyser: Analyser | None = None,
) -> list[Unit]:
    """Cut every article's tokens into sentence windows (see the module docstring).

    Parameters
    ----------
    tokens
        ``{article: [Token, …]}`` (:func:`framing.explore.vocabulary.tokens_by_article`).
    min_tokens
        Content tokens a unit holds at least (unless its article has fewer).
    analyser
        Which tokens count as content tokens; default ``Analyser()`` (unigrams).

    Example
    -------
    >>> from framing.explore.vocabulary import tokens_by_article
    >>> units = build_units(tokens_by_article({"a": "حفتر يعلن الحرب. الجيش يتقدم."}), 2)
    >>> [(u.unit, u.sentence_first, u.sentence_last, u.n_tokens) for u in units]
    [(0, 0, 0, 3), (1, 1, 1, 2)]
    """
    if isinstance(min_tokens, bool) or not isinstance(min_tokens, int) or min_tokens < 1:
        raise FramingError(f"min_tokens: expected a positive integer, got {min_tokens!r}")
    analyser = analyser or Analyser()
    if analyser.ngram_range != (1, 1):
        raise FramingError("build_units: the analyser must produce unigrams (ngram_range=(1, 1))")
    stop = analyser._stopwords()
    units: list[Unit] = []
    for article, token_list in tokens.items():
        sentences: dict[int, list[Token]] = {}
        for token in token_list:
            sentences.setdefault(token.sentence, []).append(token)
        windows: list[list[int]] = []  # sentence numbers of each window
        counts: list[int] = []
        current: list[int] = []
        count = 0
        for number in sorted(sentences):
            current.append(number)
            count += sum(analyser.keep(t, stop) for t in sentences[number])
            if count >= min_tokens:
                windows.append(current)
                counts.append(count)
                current, count = [], 0
        if current:
            if windows:  # a short remainder joins the article's last window
                windows[-1].extend(current)
            else:
                windows.append(current)
        for index, window in enumerate(windows):
            members = [t for number in window for t in sentences[number]]
            content = [t for t in members if analyser.keep(t, stop)]
            units.append(
                Unit(
                    article=str(article),
                    unit=index,
                    sentence_first=window[0],
                    sentence_last=window[-1],
                    text_start=members[0].start,
                    text_end=members[-1].end,
                    terms=tuple(t.norm for t in content),
                    displays=tuple(_display(t.surface) for t in content),
                )
            )
    return units


def units_table(units: Sequence[Unit]) -> pd.DataFrame:
    """The units as a DataFrame (no term lists); see :func:`modelling_units`."""
    return pd.DataFrame(
        [
            (
                u.article,
                u.unit,
                u.n_tokens,
                u.text_start,
                u.text_end,
                u.sentence_last - u.sentence_first + 1,
                u.sentence_first,
                u.sentence_last,
            )
            for u in units
        ],
        columns=[
            "article",
            "unit",
            "n_tokens",
            "text_start",
            "text_end",
            "n_sentences",
            "sentence_first",
            "sentence_last",
        ],
    )


def modelling_units(
    articles: Mapping[str, str] | Sequence[Any] | Mapping[str, Sequence[Token]],
    min_tokens: int = MIN_TOKENS,
) -> pd.DataFrame:
    """The modelling units of a corpus: one row per sentence window.

    Parameters
    ----------
    articles
        ``{id: text}``, a list of :class:`framing.text.corpus.Article`, or
        ``{id: [Token, …]}``.
    min_tokens
        See :func:`build_units`.

    Returns
    -------
    DataFrame
        Columns ``article, unit, n_tokens, text_start, text_end, n_sentences,
        sentence_first, sentence_last``: ``n_tokens`` counts content tokens
        (the words LDA sees before the vocabulary filter); ``text[text_start:
        text_end]`` is the unit's text (first token's start to last token's
        end); ``unit`` counts from 0 within each article.

    Example
    -------
    >>> from framing.text.corpus import load_corpus
    >>> units = modelling_units(load_corpus())
    >>> bool((units.n_tokens >= 30).all())
    True
    """
    return units_table(build_units(_tokens(articles), min_tokens))


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------


@dataclass
class FittedTopics:
    """An LDA model with everything needed to read it (not a user-facing input)."""

    model: Any  # gensim.models.LdaModel
    dictionary: Any  # gensim.corpora.Dictionary
    bows: list[list[tuple[int, int]]]
    units: list[Unit]
    k: int
    seed: int
    seeds: tuple[str, ...] = ()  # the seeded family of each topic ("" for free topics)
    seed_words: dict[str, list[str]] = field(default_factory=dict)

    @property
    def terms(self) -> list[str]:
        """The vocabulary, in id order."""
        return [self.dictionary[i] for i in range(len(self.dictionary))]

    def top_words(self, topn: int = TOPN) -> list[list[str]]:
        """Each topic's ``topn`` most probable terms (ties by term id)."""
        phi = self.phi()
        order = np.lexsort((np.tile(np.arange(phi.shape[1]), (phi.shape[0], 1)), -phi), axis=1)
        terms = self.terms
        return [[terms[j] for j in row[:topn]] for row in order]

    def phi(self) -> np.ndarray:
        """Topic-term probabilities, shape (k, V), rows summing to 1."""
        topics = np.asarray(self.model.get_topics(), dtype=float)
        return topics / topics.sum(axis=1, keepdims=True)

    def on(self, units: Sequence[Unit]) -> FittedTopics:
        """The same model read on other units (e.g. every unit of a corpus whose
        model was fitted on a sample): their mixtures come from inference."""
        from dataclasses import replace

        bows = [self.dictionary.doc2bow(list(u.terms)) for u in units]
        return replace(self, bows=bows, units=list(units))


def model_sample(units: Sequence[Unit], limit: int | None = None, seed: int = 0) -> list[Unit]:
    """At most ``limit`` units (default :data:`MAX_MODEL_UNITS`) to fit models on.

    LDA model selection fits a grid of models with a fixed effort each; on a
    large corpus it learns the topics from a uniform random sample of units
    (drawn with ``seed``, kept in corpus order), and every unit's mixture is
    then inferred from the chosen model (:meth:`FittedTopics.on`). A corpus
    with fewer units (the seeds) is used whole.

    >>> len(model_sample(list(range(10)), limit=4)), model_sample([1, 2], limit=4)
    (4, [1, 2])
    """
    limit = MAX_MODEL_UNITS if limit is None else limit
    units = list(units)
    if len(units) <= limit:
        return units
    chosen = np.sort(np.random.default_rng(seed).choice(len(units), size=limit, replace=False))
    return [units[i] for i in chosen]


def make_dictionary(
    documents: Sequence[Sequence[str]],
    no_below: int = NO_BELOW,
    no_above: float = NO_ABOVE,
    keep_tokens: Iterable[str] = (),
) -> Any:
    """A gensim ``Dictionary`` of the documents, filtered (ids are deterministic).

    Terms in fewer than ``no_below`` documents or in more than ``no_above`` of
    them are dropped, except ``keep_tokens``.
    """
    from gensim.corpora import Dictionary

    dictionary = Dictionary(documents)
    keep = sorted(set(keep_tokens) & set(dictionary.token2id))
    dictionary.filter_extremes(no_below=no_below, no_above=no_above, keep_n=None, keep_tokens=keep)
    if len(dictionary) == 0:
        raise FramingError(
            "topics: no term is left after the vocabulary filter (corpus too small for LDA)"
        )
    return dictionary


def fit_lda(
    units: Sequence[Unit],
    k: int,
    seed: int = 0,
    *,
    passes: int = PASSES,
    iterations: int = ITERATIONS,
    dictionary: Any = None,
    eta: Any = None,
) -> FittedTopics:
    """Fit one reproducible ``gensim.models.LdaModel`` on the units.

    Parameters
    ----------
    units
        From :func:`build_units`.
    k
        Number of topics (≥ 2).
    seed
        ``random_state`` of the model (default 0).
    passes, iterations
        Fixed training effort (defaults :data:`PASSES`, :data:`ITERATIONS`).
    dictionary
        A gensim ``Dictionary`` (default :func:`make_dictionary` of the units).
    eta
        Topic-word prior: ``None`` (symmetric ``1/k``) or a (k, V) array.

    Example
    -------
    >>> from framing.text.corpus import load_corpus
    >>> from framing.explore.vocabulary import tokens_by_article
    >>> fitted = fit_lda(build_units(tokens_by_article(load_corpus())), k=3)
    >>> fitted.phi().shape[0]
    3
    """
    from gensim.models import LdaModel

    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise FramingError(f"k: expected an integer >= 2, got {k!r}")
    if not units:
        raise FramingError("topics: no modelling units")
    documents = [list(u.terms) for u in units]
    dictionary = make_dictionary(documents) if dictionary is None else dictionary
    bows = [dictionary.doc2bow(doc) for doc in documents]
    model = LdaModel(
        corpus=bows,
        id2word=dictionary,
        num_topics=k,
        random_state=int(seed),
        passes=int(passes),
        iterations=int(iterations),
        chunksize=max(1, len(bows)),
        update_every=1,
        decay=0.0,  # batch VB: ρ = 1 every pass (see the module docstring)
        alpha="symmetric",
        eta=eta,
        eval_every=None,
        dtype=np.float64,
    )
    return FittedTopics(model, dictionary, bows, list(units), k, int(seed))


def unit_mixtures(fitted: FittedTopics) -> np.ndarray:
    """Topic mixture of every unit, shape (n_units, k), rows summing to 1.

    gensim seeds the variational inference from the model's random state,
    so ``get_document_topics`` depends on what was inferred before; here the
    state is reset to ``fitted.seed`` for one batch inference, which makes the
    result a pure function of the model and the units.
    """
    model = fitted.model
    saved = model.random_state
    model.random_state = np.random.RandomState(fitted.seed)
    try:
        gamma, _ = model.inference(fitted.bows)
    finally:
        model.random_state = saved
    gamma = np.asarray(gamma, dtype=float)
    return gamma / gamma.sum(axis=1, keepdims=True)


def article_topics(fitted: FittedTopics) -> pd.DataFrame:
    """Each article's topic mixture: token-weighted mean of its units' mixtures.

    Weights are the units' in-vocabulary token counts (what the model saw);
    each article's weights sum to 1.

    Returns
    -------
    DataFrame
        Columns ``article, topic, label, seed, weight, n_units, n_tokens``
        (long form, one row per article and topic); ``label`` as
        :func:`topic_labels`, ``seed`` the seeded family of the topic ("" for
        free topics).

    Example
    -------
    >>> from framing.text.corpus import load_corpus
    >>> from framing.explore.vocabulary import tokens_by_article
    >>> fitted = fit_lda(build_units(tokens_by_article(load_corpus())), k=3)
    >>> table = article_topics(fitted)
    >>> bool(np.allclose(table.groupby("article").weight.sum(), 1))
    True
    """
    theta = unit_mixtures(fitted)
    weights = np.array([sum(c for _, c in bow) for bow in fitted.bows], dtype=float)
    labels = topic_labels(fitted)
    rows = []
    units_of: dict[str, list[int]] = {}
    for i, u in enumerate(fitted.units):
        units_of.setdefault(u.article, []).append(i)
    for article, index in units_of.items():
        w = weights[index]
        if w.sum() > 0:
            mixture = (theta[index] * w[:, None]).sum(axis=0) / w.sum()
        else:  # no in-vocabulary token: fall back to the plain mean
            mixture = theta[index].mean(axis=0)
        mixture = mixture / mixture.sum()
        for topic in range(fitted.k):
            rows.append(
                (
                    article,
                    topic,
                    labels[topic],
                    _seed(fitted, topic),
                    float(mixture[topic]),
                    len(index),
                    int(w.sum()),
                )
            )
    return pd.DataFrame(
        rows, columns=["article", "topic", "label", "seed", "weight", "n_units", "n_tokens"]
    )


# ---------------------------------------------------------------------------
# Reading topics: relevance and the topic table
# ---------------------------------------------------------------------------


def term_frequency(fitted: FittedTopics) -> pd.Series:
    """Corpus frequency of every vocabulary term in the units (index: term)."""
    counts = np.zeros(len(fitted.dictionary), dtype=float)
    for bow in fitted.bows:
        for j, c in bow:
            counts[j] += c
    return pd.Series(counts, index=fitted.terms, name="frequency")


def relevance(
    topic_term: pd.DataFrame | np.ndarray,
    frequency: pd.Series | Sequence[float],
    lambda_: float = LAMBDA,
    n: int | None = None,
) -> pd.DataFrame:
    """Relevance of every term to every topic (Sievert & Shirley 2014), tidy.

    ``relevance = λ·log φ(w|t) + (1 − λ)·log(φ(w|t) / p(w))``, natural logs,
    where ``p(w)`` is the term's share of all tokens. ``λ = 1`` ranks by
    probability within the topic, ``λ = 0`` by lift (distinctiveness).
    The default 0.6 is the value Sievert & Shirley found best for
    interpretation (LDAvis/pyLDAvis open at λ = 1 with a slider).

    Parameters
    ----------
    topic_term
        φ, shape (k, V): a DataFrame with terms as columns, or an array (then
        ``frequency`` must be a Series whose index names the terms).
    frequency
        Corpus frequency (or probability) of every term, same order.
    lambda_
        λ in [0, 1].
    n
        Keep the ``n`` most relevant terms per topic (default: all).

    Returns
    -------
    DataFrame
        Columns ``topic, rank, term, weight, marginal, lift, relevance``
        (``weight`` = φ, ``marginal`` = p(w), ``lift`` = φ/p(w)), sorted by
        topic then rank (relevance descending, then term).

    Example
    -------
    >>> phi = pd.DataFrame([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]], columns=["x", "y", "z"])
    >>> relevance(phi, [4, 3, 3], lambda_=0.0).query("topic == 0").term.tolist()
    ['x', 'y', 'z']
    """
    if not isinstance(lambda_, (int, float)) or not 0.0 <= float(lambda_) <= 1.0:
        raise FramingError(f"lambda_: expected a number in [0, 1], got {lambda_!r}")
    if isinstance(topic_term, pd.DataFrame):
        terms = [str(c) for c in topic_term.columns]
        phi = topic_term.to_numpy(dtype=float)
    else:
        if not isinstance(frequency, pd.Series):
            raise FramingError("relevance: with an array topic_term, frequency must be a Series of terms")
        terms = [str(t) for t in frequency.index]
        phi = np.asarray(topic_term, dtype=float)
    freq = np.asarray(frequency, dtype=float)
    if phi.ndim != 2 or phi.shape[1] != len(freq):
        raise FramingError(
            f"relevance: topic_term has {phi.shape[-1]} terms but frequency has {len(freq)}"
        )
    marginal = freq / freq.sum()
    with np.errstate(divide="ignore"):
        log_phi = np.log(phi)
        lift = phi / marginal
        score = lambda_ * log_phi + (1.0 - lambda_) * np.log(lift)
    rows = []
    for topic in range(phi.shape[0]):
        order = sorted(range(len(terms)), key=lambda j: (-score[topic, j], terms[j]))
        if n is not None:
            order = order[:n]
        for rank, j in enumerate(order, start=1):
            rows.append((topic, rank, terms[j], phi[topic, j], marginal[j], lift[topic, j], score[topic, j]))
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight", "marginal", "lift", "relevance"])


def topic_table(
    fitted: FittedTopics,
    n: int = TOPN,
    lambda_: float = LAMBDA,
    glosses: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The top ``n`` words of every topic by relevance, in Arabic with glosses.

    ``rank`` orders by :func:`relevance` at ``lambda_`` (``lambda_=1`` ranks
    by probability φ); ``display`` is the term's most frequent spelling in the
    units, ``gloss`` its English gloss from ``framing/data/glosses.csv``
    (empty where the table has none).

    Returns
    -------
    DataFrame
        Columns ``topic, label, seed, rank, term, display, gloss, weight,
        relevance``; ``label`` and ``seed`` as in :func:`article_topics`.

    Example
    -------
    >>> from framing.text.corpus import load_corpus
    >>> from framing.explore.vocabulary import tokens_by_article
    >>> fitted = fit_lda(build_units(tokens_by_article(load_corpus())), k=3)
    >>> topic_table(fitted, n=5).groupby("topic").size().tolist()
    [5, 5, 5]
    """
    glosses = gloss_lookup() if glosses is None else glosses
    shown = unit_display_forms(fitted.units)
    phi = pd.DataFrame(fitted.phi(), columns=fitted.terms)
    table = relevance(phi, term_frequency(fitted).to_numpy(), lambda_=lambda_, n=n)
    table["display"] = [shown.get(t, t) for t in table.term]
    table["gloss"] = [glosses.get(t, "") for t in table.term]
    labels = topic_labels(fitted, lambda_=lambda_)
    table["label"] = [labels[t] for t in table.topic]
    table["seed"] = [_seed(fitted, t) for t in table.topic]
    return table[["topic", "label", "seed", "rank", "term", "display", "gloss", "weight", "relevance"]]


def topic_labels(fitted: FittedTopics, n_words: int = 3, lambda_: float = LAMBDA) -> list[str]:
    """A short unique label per topic: ``T<topic>[ <seed family>] · w1 / w2 / w3``.

    The words are the topic's ``n_words`` most relevant terms (at ``lambda_``)
    in their display spelling, e.g. ``"T0 terrorism · الفوضى / المليشيا / …"``; the
    separator has a space on both sides, so it reads the same in right-to-left
    layout (a colon drifted to the Arabic side in the figures).
    """
    shown = unit_display_forms(fitted.units)
    phi = pd.DataFrame(fitted.phi(), columns=fitted.terms)
    top = relevance(phi, term_frequency(fitted).to_numpy(), lambda_=lambda_, n=n_words)
    labels = []
    for topic in range(fitted.k):
        words = " / ".join(shown.get(t, t) for t in top[top.topic == topic].term)
        seed = _seed(fitted, topic)
        labels.append(f"T{topic}{' ' + seed if seed else ''} · {words}")
    return labels


def unit_display_forms(units: Sequence[Unit]) -> dict[str, str]:
    """Most frequent display spelling of every term in the units (ties: Unicode order)."""
    seen: dict[str, Counter[str]] = {}
    for unit in units:
        for term, shown in zip(unit.terms, unit.displays):
            seen.setdefault(term, Counter())[shown] += 1
    return {term: most_frequent(counter) for term, counter in seen.items()}


# ---------------------------------------------------------------------------
# Choosing k: coherence and stability over a grid
# ---------------------------------------------------------------------------


def coherence_scores(
    models: Sequence[FittedTopics], topn: int = TOPN, measures: Sequence[str] = ("c_npmi", "c_v")
) -> pd.DataFrame:
    """Mean topic coherence of each model, estimated on the units themselves.

    One gensim ``CoherenceModel`` per measure scores the topics of *all*
    models at once (the co-occurrence counts are gathered once; each topic's
    score depends only on its own words, so this equals scoring model by
    model), with ``processes=1``. A model's coherence is the mean over its
    topics, as gensim's ``get_coherence``. All models must share their units.

    Returns
    -------
    DataFrame
        Columns ``k, seed`` and one per measure.
    """
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    if not models:
        raise FramingError("coherence_scores: no models")
    texts = [list(u.terms) for u in models[0].units]
    dictionary = Dictionary(texts)
    topics: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    for fitted in models:
        words = fitted.top_words(topn)
        spans.append((len(topics), len(topics) + len(words)))
        topics.extend(words)
    result = pd.DataFrame({"k": [m.k for m in models], "seed": [m.seed for m in models]})
    for measure in measures:
        scorer = CoherenceModel(
            topics=topics,
            texts=texts,
            dictionary=dictionary,
            coherence=measure,
            topn=topn,
            processes=1,
        )
        per_topic = np.asarray(scorer.get_coherence_per_topic(), dtype=float)
        result[measure] = [float(np.mean(per_topic[a:b])) for a, b in spans]
    return result


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two word sets.

    Example
    -------
    >>> jaccard("abc", "bcd")
    0.5
    """
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 1.0


def topic_match(top_a: Sequence[Sequence[str]], top_b: Sequence[Sequence[str]]) -> float:
    """Symmetric mean best-match Jaccard between two models' topics.

    For every topic of one model, the Jaccard similarity of its top words
    with the most similar topic of the other model; averaged over topics and
    over both directions. 1 = the same topics, 0 = no shared top word.

    Example
    -------
    >>> topic_match([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]])
    1.0
    """
    sim = np.array([[jaccard(x, y) for y in top_b] for x in top_a])
    return float((sim.max(axis=1).mean() + sim.max(axis=0).mean()) / 2.0)


def topic_selection(
    units: Sequence[Unit],
    ks: Iterable[int] = K_GRID,
    seeds: Iterable[int] = SEEDS,
    *,
    passes: int = PASSES,
    iterations: int = ITERATIONS,
    topn: int = TOPN,
) -> tuple[pd.DataFrame, dict[tuple[int, int], FittedTopics]]:
    """Fit every (k, seed) of the grid; score coherence and stability.

    ``stability`` of (k, seed) is the mean :func:`topic_match` of its top
    ``topn`` words with the models of the same k and every other seed (1.0
    when only one seed is run).

    Returns
    -------
    (DataFrame, dict)
        The table (columns ``k, seed, c_npmi, c_v, stability``, sorted by k
        then seed) and the fitted models by ``(k, seed)``.
    """
    ks = sorted(set(int(k) for k in ks))
    seeds = sorted(set(int(s) for s in seeds))
    if not ks or not seeds:
        raise FramingError("topic_selection: the grid of k and seeds must not be empty")
    dictionary = make_dictionary([list(u.terms) for u in units])
    models = {
        (k, s): fit_lda(units, k, s, passes=passes, iterations=iterations, dictionary=dictionary)
        for k in ks
        for s in seeds
    }
    table = coherence_scores(list(models.values()), topn=topn)
    top = {key: m.top_words(topn) for key, m in models.items()}
    pair: dict[tuple[int, int, int], float] = {}
    for k in ks:
        for s1, s2 in combinations(seeds, 2):
            pair[(k, s1, s2)] = pair[(k, s2, s1)] = topic_match(top[(k, s1)], top[(k, s2)])
    table["stability"] = [
        float(np.mean([pair[(k, s, o)] for o in seeds if o != s])) if len(seeds) > 1 else 1.0
        for k, s in zip(table.k, table.seed)
    ]
    table = table.sort_values(["k", "seed"], kind="mergesort").reset_index(drop=True)
    return table, models


def select_k(selection: pd.DataFrame) -> tuple[int, int]:
    """``(k, seed)``: the k with the best mean ``c_npmi``, its most stable seed.

    Ties go to the smaller k, then the smaller seed.

    Example
    -------
    >>> table = pd.DataFrame({"k": [2, 2, 3, 3], "seed": [0, 1, 0, 1],
    ...                       "c_npmi": [0.1, 0.1, 0.2, 0.2], "stability": [1, 1, 0.5, 0.7]})
    >>> select_k(table)
    (3, 1)
    """
    means = selection.groupby("k")["c_npmi"].mean()
    best = means.max()
    k = int(min(means.index[np.isclose(means.to_numpy(), best, rtol=0, atol=1e-12)]))
    at_k = selection[selection.k == k].sort_values(["stability", "seed"], ascending=[False, True])
    return k, int(at_k.seed.iloc[0])


# ---------------------------------------------------------------------------
# Seeded LDA
# ---------------------------------------------------------------------------


def lexicon_seed_words(
    vocabulary: Iterable[str],
    lexicon: str | Path | None = None,
    families: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """Seed words per family: lexicon headwords' inflected forms in ``vocabulary``.

    Reads the framing lexicon (YAML: ``categories:`` with each category's
    ``family``, and ``entries:`` with ``headwords``, ``category`` and an
    optional ``inflect: false``), takes the entries of each family's
    categories, normalises every headword (:func:`framing.text.arabic.normalise`),
    expands it to all the forms it can take
    (:func:`framing.text.arabic.inflected_forms`: proclitics, article, suffixes)
    unless the entry says ``inflect: false``, and keeps the forms that occur
    in ``vocabulary``. Multi-word headwords are skipped (LDA sees words).

    Parameters
    ----------
    vocabulary
        The normalised terms that may be seeds (the units' terms).
    lexicon
        The YAML file (default ``framing/data/lexicons/framing.yaml``).
    families
        ``{family: categories}``; default: the lexicon's own ``categories``
        grouped by ``family`` for the families of :data:`SEED_FAMILIES`
        (falling back to :data:`SEED_FAMILIES` itself).

    Returns
    -------
    dict
        ``{family: sorted list of normalised forms}``, families in order.

    Raises
    ------
    FramingError
        When the lexicon is missing or malformed.
    """
    import yaml

    from framing.measure.lexicon import safe_load
    from framing.text.arabic import normalise

    path = LEXICON_FILE if lexicon is None else Path(lexicon)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FramingError(f"{path}: cannot read the lexicon ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise FramingError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise FramingError(f"{path}: expected a top-level 'entries:' list")
    if families is None:
        declared = data.get("categories") if isinstance(data.get("categories"), dict) else {}
        families = {}
        for family, fallback in SEED_FAMILIES.items():
            found = tuple(
                name
                for name, spec in declared.items()
                if isinstance(spec, dict) and spec.get("family") == family
            )
            families[family] = found or fallback
    vocabulary = set(vocabulary)
    try:
        from framing.text.arabic import inflected_forms
    except ImportError:  # pragma: no cover - the text layer provides it
        inflected_forms = None
    out: dict[str, list[str]] = {}
    for family, categories in families.items():
        forms: set[str] = set()
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise FramingError(f"{path}: entry {number} is not a mapping")
            if entry.get("category") not in categories:
                continue
            headwords = entry.get("headwords") or []
            if isinstance(headwords, str):
                headwords = [headwords]
            for headword in headwords:
                norm = normalise(str(headword)).strip()
                if not norm or len(norm.split()) > 1:
                    continue
                candidates = {norm}
                if inflected_forms is not None and entry.get("inflect", True) is not False:
                    candidates |= set(inflected_forms(norm))
                forms |= candidates & vocabulary
        out[family] = sorted(forms)
    return out


def seeded_eta(
    dictionary: Any, k: int, seed_words: Mapping[str, Sequence[str]], weight: float = SEED_WEIGHT
) -> np.ndarray:
    """The (k, V) ``eta`` prior: ``1/k`` everywhere, ``weight`` for a family's
    seed words on its designated topic (family *i* → topic *i*)."""
    if len(seed_words) > k:
        raise FramingError(f"seeded LDA: {len(seed_words)} seeded topics need k >= {len(seed_words)}")
    eta = np.full((k, len(dictionary)), 1.0 / k)
    for topic, words in enumerate(seed_words.values()):
        for word in words:
            if word in dictionary.token2id:
                eta[topic, dictionary.token2id[word]] = weight
    return eta


def fit_seeded_lda(
    units: Sequence[Unit],
    k: int,
    seed: int = 0,
    *,
    lexicon: str | Path | None = None,
    weight: float = SEED_WEIGHT,
    passes: int = PASSES,
    iterations: int = ITERATIONS,
) -> FittedTopics:
    """Seeded LDA: terrorism-family words on topic 0, revolution-family on topic 1.

    The vocabulary is filtered as for plain LDA but keeps every seed form
    found in the units (a lexicon word used once is still a seed).
    ``k`` must leave room for free topics: ``k >= 3`` is advised.
    """
    documents = [list(u.terms) for u in units]
    present = {term for doc in documents for term in doc}
    seed_words = lexicon_seed_words(present, lexicon)
    dictionary = make_dictionary(
        documents, keep_tokens=[w for words in seed_words.values() for w in words]
    )
    eta = seeded_eta(dictionary, k, seed_words, weight)
    fitted = fit_lda(
        units, k, seed, passes=passes, iterations=iterations, dictionary=dictionary, eta=eta
    )
    fitted.seeds = tuple(seed_words) + ("",) * (k - len(seed_words))
    fitted.seed_words = {family: list(words) for family, words in seed_words.items()}
    return fitted


def seeded_summary(fitted: FittedTopics, topn: int = TOPN) -> pd.DataFrame:
    """Did the seeded topics emerge? Seed mass and capture, new words, articles.

    Returns
    -------
    DataFrame
        One row per seeded topic: ``topic``, ``seed`` (the family),
        ``label`` (:func:`topic_labels`); ``n_seed_words`` (seed
        forms in the vocabulary); ``seed_mass`` (φ mass of the seed words in
        the topic); ``seed_capture`` (the share of the seed words' *tokens*
        the model attributes to this topic, ``p(t|w) ∝ φ(w|t)·π(t)`` with
        ``π`` the corpus topic prevalence — 1 means the topic took its whole
        lexicon); ``seed_in_top`` (seed words among the top ``topn`` by
        probability); ``other_top_words`` (the non-seed words among them:
        what the topic gathered on its own); ``top_article`` and
        ``top_article_weight`` (the article that loads most on it) and
        ``mean_weight`` (its mean weight over articles).
    """
    phi = fitted.phi()
    terms = fitted.terms
    index = {t: j for j, t in enumerate(terms)}
    top = fitted.top_words(topn)
    shown = unit_display_forms(fitted.units)
    mixtures = article_topics(fitted)
    labels = topic_labels(fitted)
    theta = unit_mixtures(fitted)
    sizes = np.array([sum(c for _, c in bow) for bow in fitted.bows], dtype=float)
    prevalence = (theta * sizes[:, None]).sum(axis=0) / max(sizes.sum(), 1.0)
    frequency = term_frequency(fitted).to_numpy()
    joint = phi * prevalence[:, None]
    posterior = joint / joint.sum(axis=0, keepdims=True)  # p(topic | word)
    rows = []
    for topic, (family, words) in enumerate(fitted.seed_words.items()):
        ids = [index[w] for w in words if w in index]
        seeds = set(words)
        n_seed_tokens = frequency[ids].sum() if ids else 0.0
        capture = float((posterior[topic, ids] * frequency[ids]).sum() / n_seed_tokens) if n_seed_tokens else 0.0
        loads = mixtures[mixtures.topic == topic].sort_values(
            ["weight", "article"], ascending=[False, True]
        )
        rows.append(
            (
                topic,
                family,
                labels[topic],
                len(ids),
                float(phi[topic, ids].sum()) if ids else 0.0,
                capture,
                sum(w in seeds for w in top[topic]),
                " ".join(shown.get(w, w) for w in top[topic] if w not in seeds),
                str(loads.article.iloc[0]),
                float(loads.weight.iloc[0]),
                float(loads.weight.mean()),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "topic",
            "seed",
            "label",
            "n_seed_words",
            "seed_mass",
            "seed_capture",
            "seed_in_top",
            "other_top_words",
            "top_article",
            "top_article_weight",
            "mean_weight",
        ],
    )


# ---------------------------------------------------------------------------
# The whole pipeline and its result files
# ---------------------------------------------------------------------------


def topic_results(
    articles: Mapping[str, str] | Sequence[Any],
    *,
    ks: Iterable[int] = K_GRID,
    seeds: Iterable[int] = SEEDS,
    min_tokens: int = MIN_TOKENS,
    passes: int = PASSES,
    iterations: int = ITERATIONS,
    n: int = TOPN,
    lambda_: float = LAMBDA,
    seeded: bool = True,
    lexicon: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the topic study; return its tables.

    Units → grid of (k, seed) models → :func:`select_k` → topic table and
    article mixtures of the chosen model (``model = "lda"``) and, when
    ``seeded``, of the seeded model at the same k (at least 3) and seed
    (``model = "seeded"``).

    Returns
    -------
    dict of DataFrame
        ``topics`` (``model, topic, label, seed, rank, term, display, gloss,
        weight, relevance``), ``article_topics`` (``model, article, topic,
        label, seed, weight, n_units, n_tokens``), ``topic_selection`` (``k, seed,
        c_npmi, c_v, stability, chosen``), ``topic_units``
        (:func:`modelling_units`) and, when seeded, ``seeded_summary``.
    """
    units = build_units(_tokens(articles), min_tokens)
    sample = model_sample(units, seed=min(seeds, default=0))
    selection, models = topic_selection(sample, ks, seeds, passes=passes, iterations=iterations,
                                        topn=n)
    k, seed = select_k(selection)
    selection["chosen"] = (selection.k == k) & (selection.seed == seed)
    glosses = gloss_lookup()
    chosen = models[(k, seed)]
    fitted = {"lda": chosen if len(sample) == len(units) else chosen.on(units)}
    out: dict[str, pd.DataFrame] = {}
    if seeded:
        seeded_model = fit_seeded_lda(
            sample, max(k, 3), seed, lexicon=lexicon, passes=passes, iterations=iterations
        )
        fitted["seeded"] = seeded_model if len(sample) == len(units) else seeded_model.on(units)
        out["seeded_summary"] = seeded_summary(fitted["seeded"], topn=n)
    out["topics"] = pd.concat(
        [topic_table(f, n, lambda_, glosses).assign(model=name) for name, f in fitted.items()],
        ignore_index=True,
    )[["model", "topic", "label", "seed", "rank", "term", "display", "gloss", "weight", "relevance"]]
    out["article_topics"] = pd.concat(
        [article_topics(f).assign(model=name) for name, f in fitted.items()], ignore_index=True
    )[["model", "article", "topic", "label", "seed", "weight", "n_units", "n_tokens"]]
    out["topic_selection"] = selection
    out["topic_units"] = units_table(units)
    return out


#: File name of each table of :func:`topic_results` under ``results/``.
RESULT_FILES = {
    "topics": "topics.csv",
    "article_topics": "article_topics.csv",
    "topic_selection": "topic_selection.csv",
    "topic_units": "topic_units.csv",
    "seeded_summary": "seeded_topics.csv",
}


def write_topic_tables(tables: Mapping[str, pd.DataFrame], out_dir: str | Path = "results") -> dict[str, Path]:
    """Write the tables of :func:`topic_results` as :data:`RESULT_FILES` in ``out_dir``.

    Floats keep 6 significant digits, line ends are LF, rows keep the
    (deterministic) order of :func:`topic_results`.
    """
    out_dir = Path(out_dir)
    unknown = sorted(set(tables) - set(RESULT_FILES))
    if unknown:
        raise FramingError(f"write_topic_tables: unknown table(s) {', '.join(unknown)}")
    return {key: write_csv(frame, out_dir / RESULT_FILES[key]) for key, frame in tables.items()}


def write_topic_results(
    articles: Mapping[str, str] | Sequence[Any], out_dir: str | Path = "results", **options: Any
) -> dict[str, Path]:
    """Run :func:`topic_results` (``options`` go there) and write its tables:
    ``topics.csv``, ``article_topics.csv``, ``topic_selection.csv``,
    ``topic_units.csv`` and ``seeded_topics.csv`` in ``out_dir``.

    Example
    -------
    >>> import tempfile
    >>> from framing.text.corpus import load_corpus
    >>> paths = write_topic_results(load_corpus(), tempfile.mkdtemp(), ks=(2, 3), seeds=(0,))
    >>> sorted(p.name for p in paths.values())[:2]
    ['article_topics.csv', 'seeded_topics.csv']
    """
    return write_topic_tables(topic_results(articles, **options), out_dir)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _tokens(articles: Any) -> dict[str, list[Token]]:
    """``{id: [Token]}`` from texts, Articles or already tokenised articles."""
    if isinstance(articles, Mapping) and articles and all(
        not isinstance(v, str) for v in articles.values()
    ):
        return {str(k): list(v) for k, v in articles.items()}
    from framing.explore.vocabulary import tokens_by_article

    return tokens_by_article(articles)


def _display(surface: str) -> str:
    from framing.explore.vocabulary import display_form

    return display_form(surface)


def _seed(fitted: FittedTopics, topic: int) -> str:
    return fitted.seeds[topic] if topic < len(fitted.seeds) else ""


def units_summary(units: pd.DataFrame) -> pd.DataFrame:
    """Per article: how many modelling units, of how many sentences and content words.

    ``units`` is :func:`modelling_units` (or ``topic_results(...)["topic_units"]``).
    """
    return (units.groupby("article", sort=False)
            .agg(units=("unit", "size"), sentences=("n_sentences", "sum"),
                 min_words=("n_tokens", "min"), median_words=("n_tokens", "median"),
                 max_words=("n_tokens", "max"))
            .reset_index())


def unit_sizes(units: pd.DataFrame) -> pd.DataFrame:
    """The modelling units' sizes in one row: how many units, and their
    content words (minimum, quartiles, maximum, mean) — what
    ``describe()`` says, named and rounded for a reader.

    >>> unit_sizes(pd.DataFrame({"n_tokens": [30, 40, 50, 136]})).iloc[0].tolist()
    [4.0, 30.0, 37.5, 45.0, 71.5, 136.0, 64.0]
    """
    words = units["n_tokens"]
    return pd.DataFrame([{
        "units": len(words), "min_words": int(words.min()),
        "q1_words": float(words.quantile(0.25)), "median_words": float(words.median()),
        "q3_words": float(words.quantile(0.75)), "max_words": int(words.max()),
        "mean_words": round(float(words.mean()), 1),
    }])


def selection_summary(selection: pd.DataFrame) -> pd.DataFrame:
    """Per k of the grid: mean and range of c_npmi over seeds, mean c_v and stability."""
    return (selection.groupby("k")
            .agg(c_npmi=("c_npmi", "mean"), c_npmi_min=("c_npmi", "min"),
                 c_npmi_max=("c_npmi", "max"), c_v=("c_v", "mean"),
                 stability=("stability", "mean"))
            .reset_index())
