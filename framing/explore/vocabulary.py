"""What each article talks about: distinctive terms (TF-IDF) and keyness.

Two views of the vocabulary, both over the same *terms*: the normalised forms
(:attr:`framing.text.arabic.Token.norm`) of the Arabic-word tokens of an article,
minus the curated stop words (:func:`framing.text.arabic.load_stopwords`) and
minus terms shorter than ``min_length`` letters. Clitics are *not* stripped:
``الارهابيين`` and ``بالارهابيين`` are two terms, which keeps every term a
form that occurs in the text (and keeps the numbers comparable with the
lexicon counts, which also match inflected forms). Each term is shown in its
most frequent original spelling (:func:`display_forms`): the surface form
without harakat, tatweel or quote marks but with its original hamza, so
``الارهابيين`` is displayed as ``الإرهابيين``.

* :func:`tfidf_terms` — TF-IDF with scikit-learn's ``TfidfVectorizer`` fed by
  :class:`Analyser` (we never re-implement TF-IDF);
* :func:`keyness` — a term-by-term 2×2 comparison of a target against a
  reference (signed G², χ², p-values, log ratio, PMI), cross-checked against
  quanteda's ``textstat_keyness`` and :func:`scipy.stats.chi2_contingency`;
* :func:`article_keyness` — each article against the rest of the corpus;
* :func:`load_glosses` — the English glosses of ``framing/data/glosses.csv``;
* :func:`write_vocabulary_results` — ``results/tfidf.csv`` and
  ``results/keyness.csv``.

Example
-------
>>> from framing.explore.vocabulary import keyness
>>> from collections import Counter, defaultdict
>>> target = Counter("b b b b b b b a a a".split())
>>> reference = Counter("a a a a a a a b b".split())
>>> table = keyness(target, reference, correction="none")
>>> round(float(table.loc[table.term == "b", "g2"].iloc[0]), 6)
4.534939
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import FramingError
from framing.tables import write_csv

if TYPE_CHECKING:  # pragma: no cover
    from framing.text.arabic import Token

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
GLOSSES_FILE = DATA_DIR / "glosses.csv"

#: The corrections :func:`keyness` offers; see its docstring.
CORRECTIONS = ("none", "yates", "williams")
#: The default correction: Williams' (1976) correction of G² (see :func:`keyness`).
DEFAULT_CORRECTION = "williams"
#: The measures :func:`keyness` can sort by.
MEASURES = ("g2", "chi2", "log_ratio", "pmi")
#: Added to both frequencies of a term before taking the log ratio.
LOG_RATIO_SMOOTHING = 0.5

#: How many decimals (significant digits) the result CSVs keep.


# Harakat (fathatan … sukun, the extended marks), superscript alef, Quranic
# marks, and tatweel: dropped from the display form. Hamza is kept.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Anything that is not an Arabic letter (quote marks glued to a word, …).
_NON_LETTER = re.compile("[^\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def as_texts(articles: Mapping[str, str] | Sequence[Any]) -> dict[str, str]:
    """Articles as an ordered ``{id: text}`` dict.

    Parameters
    ----------
    articles
        A mapping ``id -> text``, or a sequence of objects with ``.id`` and
        ``.text`` (:class:`framing.text.corpus.Article`), or of ``(id, text)`` pairs.

    Raises
    ------
    FramingError
        On a duplicate id, a non-text article or an unknown kind of input.

    Example
    -------
    >>> as_texts([("a", "نص"), ("b", "نص آخر")])
    {'a': 'نص', 'b': 'نص آخر'}
    """
    if isinstance(articles, Mapping):
        pairs = list(articles.items())
    elif isinstance(articles, (str, bytes)):
        raise FramingError("articles: expected a mapping id -> text or a list of articles, got a string")
    else:
        pairs = []
        for item in articles:
            if hasattr(item, "id") and hasattr(item, "text"):
                pairs.append((item.id, item.text))
            elif isinstance(item, tuple) and len(item) == 2:
                pairs.append(item)
            else:
                raise FramingError(
                    f"articles: expected Article objects or (id, text) pairs, got {type(item).__name__}"
                )
    texts: dict[str, str] = {}
    for key, text in pairs:
        key = str(key)
        if key in texts:
            raise FramingError(f"article {key!r}: duplicate article id")
        if not isinstance(text, str):
            raise FramingError(f"article {key!r}: text must be a string, got {type(text).__name__}")
        texts[key] = text
    if not texts:
        raise FramingError("articles: no articles given")
    return texts


def tokens_by_article(articles: Mapping[str, str] | Sequence[Any]) -> dict[str, list[Token]]:
    """Tokenise every article with :func:`framing.text.arabic.tokenise`.

    Example
    -------
    >>> toks = tokens_by_article({"a": "أعلن حفتر الحرب"})
    >>> [t.norm for t in toks["a"]]
    ['اعلن', 'حفتر', 'الحرب']
    """
    from framing.text.arabic import tokenise

    return {key: tokenise(text) for key, text in as_texts(articles).items()}


def display_form(surface: str) -> str:
    """A surface form for display: no harakat, tatweel or quote marks; hamza kept.

    Example
    -------
    >>> display_form("«الإرهابيّين")
    'الإرهابيين'
    """
    return _NON_LETTER.sub("", _MARKS.sub("", surface))


# ---------------------------------------------------------------------------
# The analyser: tokens -> terms
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Analyser:
    """Text → list of terms, for ``TfidfVectorizer(analyzer=Analyser())``.

    A term is the ``norm`` of an Arabic-word token (``kind == "arabic"``) that
    is not a stop word and has at least ``min_length`` letters. With
    ``ngram_range=(1, 2)`` bigrams are added: two such tokens that are
    *adjacent in the text* (no token, stop word or otherwise, between them) in
    the same sentence, joined by one space. Unlike scikit-learn's own word
    n-grams, a bigram never spans a removed stop word or a sentence end, so
    ``حفتر في بنغازي`` gives no bigram ``حفتر بنغازي``.

    Parameters
    ----------
    stopwords
        Normalised stop words; ``None`` (default) uses
        :func:`framing.text.arabic.load_stopwords`.
    min_length
        Shortest term kept, in letters of the normalised form (default 2).
    ngram_range
        ``(min_n, max_n)`` with ``1 <= min_n <= max_n <= 2``.

    Example
    -------
    >>> Analyser(ngram_range=(1, 2))("الجيش الوطني الليبي في بنغازي")
    ['الجيش', 'الوطني', 'الليبي', 'بنغازي', 'الجيش الوطني', 'الوطني الليبي']
    """

    stopwords: frozenset[str] | None = None
    min_length: int = 2
    ngram_range: tuple[int, int] = (1, 1)

    def __post_init__(self) -> None:
        lo, hi = (tuple(self.ngram_range) + (None, None))[:2]
        if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi <= 2):
            raise FramingError(
                f"ngram_range: expected (1, 1), (1, 2) or (2, 2), got {self.ngram_range!r}"
            )
        if not isinstance(self.min_length, int) or self.min_length < 1:
            raise FramingError(f"min_length: expected a positive integer, got {self.min_length!r}")
        object.__setattr__(self, "ngram_range", (lo, hi))
        if self.stopwords is not None:
            object.__setattr__(self, "stopwords", frozenset(self.stopwords))

    def _stopwords(self) -> frozenset[str]:
        if self.stopwords is not None:
            return self.stopwords
        from framing.text.arabic import load_stopwords

        return load_stopwords()

    def keep(self, token: Token, stopwords: frozenset[str] | None = None) -> bool:
        """Whether ``token`` is a content token (a unigram term)."""
        stop = self._stopwords() if stopwords is None else stopwords
        return token.kind == "arabic" and len(token.norm) >= self.min_length and token.norm not in stop

    def term_tokens(self, tokens: Sequence[Token]) -> list[tuple[str, str]]:
        """``(term, display)`` for every term occurrence, unigrams then bigrams.

        The display of a unigram is :func:`display_form` of its surface; of a
        bigram, the two display forms joined by a space.
        """
        stop = self._stopwords()
        keep = [self.keep(t, stop) for t in tokens]
        lo, hi = self.ngram_range
        out: list[tuple[str, str]] = []
        if lo <= 1:
            out.extend((t.norm, display_form(t.surface)) for t, k in zip(tokens, keep) if k)
        if hi >= 2:
            for i in range(len(tokens) - 1):
                a, b = tokens[i], tokens[i + 1]
                if keep[i] and keep[i + 1] and a.sentence == b.sentence:
                    out.append(
                        (f"{a.norm} {b.norm}", f"{display_form(a.surface)} {display_form(b.surface)}")
                    )
        return out

    def terms(self, tokens: Sequence[Token]) -> list[str]:
        """The terms of a token list (see the class docstring)."""
        if self.ngram_range == (1, 1):  # the common case, without display forms
            stop = self._stopwords()
            return [t.norm for t in tokens if self.keep(t, stop)]
        return [term for term, _ in self.term_tokens(tokens)]

    def __call__(self, text: str) -> list[str]:
        from framing.text.arabic import tokenise

        return self.terms(tokenise(text))


def display_forms(
    tokens: Mapping[str, Sequence[Token]] | Iterable[Sequence[Token]],
    analyser: Analyser | None = None,
) -> dict[str, str]:
    """The most frequent display spelling of every term: ``{term: display}``.

    Ties go to the first spelling in Unicode order, so the result does not
    depend on the order of the articles.

    Example
    -------
    >>> from framing.text.arabic import tokenise
    >>> display_forms([tokenise("الإرهاب والارهاب الإرهاب")])["الارهاب"]
    'الإرهاب'
    """
    analyser = analyser or Analyser()
    lists = tokens.values() if isinstance(tokens, Mapping) else tokens
    seen: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for token_list in lists:
        for term, shown in analyser.term_tokens(token_list):
            seen[term][shown] += 1
    return {term: most_frequent(counter) for term, counter in seen.items()}


def most_frequent(counter: Mapping[str, int]) -> str:
    """The most frequent key; ties go to the first in Unicode order.

    Example
    -------
    >>> most_frequent({"ب": 2, "أ": 2, "ج": 1})
    'أ'
    """
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


# ---------------------------------------------------------------------------
# TF-IDF
# ---------------------------------------------------------------------------


def tfidf_terms(
    articles: Mapping[str, str] | Sequence[Any],
    n: int = 15,
    ngram_range: tuple[int, int] = (1, 1),
    *,
    min_length: int = 2,
    stopwords: Iterable[str] | None = None,
    sublinear_tf: bool = False,
    tokens: Mapping[str, Sequence[Token]] | None = None,
) -> pd.DataFrame:
    """The ``n`` most distinctive terms of each article by TF-IDF.

    Fits ``sklearn.feature_extraction.text.TfidfVectorizer(analyzer=Analyser(...))``
    on the articles with scikit-learn's defaults (``smooth_idf=True``,
    ``norm="l2"``: ``tfidf = tf · (ln((1 + n_docs) / (1 + df)) + 1)``, then
    each article's vector scaled to unit length). With five articles the idf
    takes only five values, so TF-IDF mostly separates "in one article only"
    from "everywhere"; :func:`article_keyness` adds a significance test.

    Parameters
    ----------
    articles
        ``{id: text}`` or a list of :class:`framing.text.corpus.Article`.
    n
        Terms kept per article (ties broken by term, alphabetically).
    ngram_range
        ``(1, 1)`` words, ``(1, 2)`` words and bigrams, ``(2, 2)`` bigrams.
    min_length, stopwords
        See :class:`Analyser`.
    sublinear_tf
        Passed to ``TfidfVectorizer`` (``1 + ln(tf)`` instead of ``tf``).
    tokens
        ``{id: tokens}`` of the same articles when already tokenised
        (:func:`tokens_by_article`), so the text is not tokenised again.

    Returns
    -------
    DataFrame
        Columns ``article, term, display, tfidf, count, rank``: ``term`` is
        the normalised form, ``display`` its most frequent spelling in the
        corpus, ``count`` its raw frequency in the article, ``rank`` 1..n.

    Example
    -------
    >>> from framing.text.corpus import load_corpus
    >>> table = tfidf_terms(load_corpus(), n=5)
    >>> list(table.columns)
    ['article', 'term', 'display', 'tfidf', 'count', 'rank']
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    _check_n(n)
    texts = as_texts(articles)
    analyser = Analyser(
        stopwords=None if stopwords is None else frozenset(stopwords),
        min_length=min_length,
        ngram_range=ngram_range,
    )
    if tokens is None:
        tokens = tokens_by_article(texts)
    tokens = {key: tokens[key] for key in texts}
    shown = display_forms(tokens, analyser)
    # The vectoriser gets the token lists: each text is tokenised once, not per use.
    vectorizer = TfidfVectorizer(analyzer=analyser.terms, sublinear_tf=sublinear_tf)
    if not any(analyser.terms(t) for t in tokens.values()):
        raise FramingError("tfidf_terms: no article has a single term (after stop words)")
    matrix = vectorizer.fit_transform(list(tokens.values())).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    rows = []
    for i, key in enumerate(texts):
        counts = Counter(analyser.terms(tokens[key]))
        row = matrix.getrow(i)
        order = sorted(zip(row.indices, row.data), key=lambda x: (-x[1], vocabulary[x[0]]))
        for rank, (j, value) in enumerate(order[:n], start=1):
            term = str(vocabulary[j])
            rows.append((key, term, shown[term], float(value), counts[term], rank))
    return pd.DataFrame(rows, columns=["article", "term", "display", "tfidf", "count", "rank"])


# ---------------------------------------------------------------------------
# Keyness
# ---------------------------------------------------------------------------


def keyness(
    counts_target: Mapping[str, int] | pd.Series,
    counts_reference: Mapping[str, int] | pd.Series,
    measure: str = "g2",
    correction: str = DEFAULT_CORRECTION,
    *,
    total_target: int | None = None,
    total_reference: int | None = None,
    log_ratio_smoothing: float = LOG_RATIO_SMOOTHING,
    sort: bool = True,
) -> pd.DataFrame:
    """Signed keyness of every term of a target against a reference.

    For each term a 2×2 table: ``a`` = its count in the target, ``b`` in the
    reference, ``c = N_target − a``, ``d = N_reference − b``, ``N`` the total;
    ``E = (a + b)·N_target / N`` its expected count in the target. Every
    statistic is *signed*: positive when the term is over-used in the target
    (``a > E``), negative when under-used. This is quanteda's
    ``textstat_keyness`` with the target as ``target`` and everything else
    as the reference.

    * ``g2`` — log-likelihood ratio ``G² = 2 Σ O·ln(O/E)`` over the four
      cells (Dunning 1993; Rayson & Garside 2000);
    * ``chi2`` — Pearson's ``X² = Σ (O − E)²/E``;
    * ``p`` — upper tail of χ² with 1 degree of freedom
      (``scipy.stats.chi2.sf(|stat|, 1)``) for ``measure`` (for ``log_ratio``
      and ``pmi``, which are not tests, the p-value of ``g2``);
    * ``log_ratio`` — effect size (Hardie 2014): ``log2`` of the ratio of the
      term's relative frequencies, ``log2(((a + s)/N_target) / ((b + s)/N_reference))``
      with ``s = log_ratio_smoothing = 0.5`` added to *both* counts (a
      Haldane–Anscombe continuity correction). It keeps a term absent from
      one side finite and pulls ratios of small counts towards 0 (it is not
      a significance test: rank by ``g2``, read ``log_ratio`` for "how much");
      each unit is a doubling. ``s = 0`` gives the raw ratio (±inf for
      zeros);
    * ``pmi`` — pointwise mutual information ``ln(a/E)`` (natural log, as
      quanteda), ``-inf`` when ``a = 0``.

    Corrections (``correction``):

    * ``"none"`` — the plain statistics;
    * ``"yates"`` — Yates' continuity correction: every cell moves
      ``min(0.5, |O − E|)`` towards its expected value before ``chi2``
      *and* ``g2`` are computed. For ``chi2`` this is R's
      ``chisq.test(correct = TRUE)`` and ``scipy.stats.chi2_contingency``;
      for ``g2`` it is ``chi2_contingency(..., lambda_="log-likelihood")``
      and what quanteda's ``measure = "lr"`` actually computes by default
      (its documentation says Williams; quanteda moreover applies the shift
      only when an expected count is below 5, we apply it always, as R
      and scipy do);
    * ``"williams"`` (default) — Williams' (1976) correction for ``g2``:
      ``G²/q`` with ``q = 1 + (N/(a+b) + N/(c+d) − 1)(N/(a+c) + N/(b+d) − 1)/(6N)``.
      ``chi2`` is left uncorrected (Williams' ``q`` is derived for G²).

    Why Williams by default: G² is our primary measure, and ``q`` is the
    correction derived for it in small samples (Williams 1976; Sokal & Rohlf
    recommend it for 2×2 G-tests). It shrinks G² by a factor close to 1,
    never changes a sign and never collapses a difference to zero, whereas
    Yates' half-unit shift is designed for Pearson's X², over-corrects
    (makes the test conservative) precisely for the small counts of a
    five-article corpus, and is discontinuous at ``|O − E| = 0.5``.

    Golden values (quanteda's own test case, cross-checked with scipy):
    target ``b b b b b b b a a a``, reference ``a a a a a a a b b``,
    feature ``b``: ``chi2`` 4.337160 (none), 2.632438 (yates); ``g2``
    4.534939 (none), 2.702844 (yates), 4.200833 (williams); ``pmi`` 0.390539.

    Parameters
    ----------
    counts_target, counts_reference
        Term → count (a ``Counter``, a dict or a ``Series``); a term missing
        from one side counts 0 there.
    measure
        The column to sort by and whose p-value is reported:
        ``"g2"`` (default), ``"chi2"``, ``"log_ratio"`` or ``"pmi"``.
    correction
        ``"none"``, ``"yates"`` or ``"williams"`` (default), see above.
    total_target, total_reference
        Corpus sizes when the counts do not cover every token (default: the
        sums of the counts).
    log_ratio_smoothing
        ``s`` above (default 0.5).
    sort
        Sort by ``measure`` descending, then term (default); otherwise keep
        the order of first appearance (target terms, then reference-only).

    Returns
    -------
    DataFrame
        Columns ``term, target, reference, expected, g2, chi2, p, log_ratio, pmi``.

    Raises
    ------
    FramingError
        On an unknown measure or correction, a negative count, or an empty side.
    """
    from scipy.special import xlogy
    from scipy.stats import chi2 as chi2_distribution

    if measure not in MEASURES:
        raise FramingError(f"measure: expected one of {', '.join(MEASURES)}, got {measure!r}")
    if correction not in CORRECTIONS:
        raise FramingError(
            f"correction: expected one of {', '.join(CORRECTIONS)}, got {correction!r}"
        )
    if not (isinstance(log_ratio_smoothing, (int, float)) and log_ratio_smoothing >= 0):
        raise FramingError(
            f"log_ratio_smoothing: expected a number >= 0, got {log_ratio_smoothing!r}"
        )
    target = _as_counts(counts_target, "counts_target")
    reference = _as_counts(counts_reference, "counts_reference")
    # a term counted 0 on both sides has no 2×2 table: dropped
    terms = [t for t in dict.fromkeys([*target, *reference]) if target.get(t, 0) + reference.get(t, 0) > 0]
    a = np.array([target.get(t, 0) for t in terms], dtype=float)
    b = np.array([reference.get(t, 0) for t in terms], dtype=float)
    n_target = float(a.sum() if total_target is None else total_target)
    n_reference = float(b.sum() if total_reference is None else total_reference)
    if n_target <= 0 or n_reference <= 0:
        raise FramingError("keyness: the target and the reference must both have tokens")
    if (a > n_target).any() or (b > n_reference).any():
        raise FramingError("keyness: a term's count exceeds the corpus size (total_target/total_reference)")

    c = n_target - a
    d = n_reference - b
    n = n_target + n_reference
    expected = (a + b) * n_target / n
    observed = np.stack([a, b, c, d])
    row = np.array([n_target, n_reference, n_target, n_reference])[:, None]
    col = np.stack([a + b, a + b, c + d, c + d])
    exp_cells = row * col / n
    if correction == "yates":
        diff = exp_cells - observed
        observed = observed + np.minimum(0.5, np.abs(diff)) * np.sign(diff)

    sign = np.where(a > expected, 1.0, -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * np.where(
            observed > 0, xlogy(observed, observed) - xlogy(observed, exp_cells), 0.0
        ).sum(axis=0)
        chi2 = ((observed - exp_cells) ** 2 / exp_cells).sum(axis=0)
        if correction == "williams":
            q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / n_target + n / n_reference - 1.0) / (6.0 * n)
            g2 = g2 / q
        s = float(log_ratio_smoothing)
        log_ratio = np.log2(((a + s) / n_target) / ((b + s) / n_reference))
        pmi = np.log(a / expected)
    g2 = np.maximum(g2, 0.0) * sign + 0.0  # + 0.0 turns -0.0 into 0.0
    chi2 = np.maximum(chi2, 0.0) * sign + 0.0
    tested = chi2 if measure == "chi2" else g2
    p = chi2_distribution.sf(np.abs(tested), 1)
    table = pd.DataFrame(
        {
            "term": terms,
            "target": a.astype(int),
            "reference": b.astype(int),
            "expected": expected,
            "g2": g2,
            "chi2": chi2,
            "p": p,
            "log_ratio": log_ratio,
            "pmi": pmi,
        }
    )
    if sort:
        table = table.sort_values([measure, "term"], ascending=[False, True], kind="mergesort")
        table = table.reset_index(drop=True)
    return table


def article_keyness(
    tokens_by_article: Mapping[str, Sequence[Token]] | Mapping[str, Sequence[str]],
    n: int = 15,
    *,
    correction: str = DEFAULT_CORRECTION,
    min_count: int = 2,
    analyser: Analyser | None = None,
    glosses: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The ``n`` key terms of each article against the rest of the corpus.

    For every article, :func:`keyness` of its term counts (target) against
    the summed counts of all other articles (reference), ranked by signed
    ``g2`` (Williams-corrected by default). Only over-used terms (``g2 > 0``)
    used at least ``min_count`` times in the article are kept: a word an
    article uses once is not what it talks about.

    Parameters
    ----------
    tokens_by_article
        ``{article: [Token, …]}`` (from :func:`tokens_by_article`) — terms
        are taken with ``analyser`` and shown in their most frequent
        spelling — or ``{article: [term, …]}`` already analysed (then the
        display form is the term itself).
    n
        Key terms per article.
    correction
        See :func:`keyness`.
    min_count
        Smallest count in the article for a key term (default 2).
    analyser
        Default :class:`Analyser` ``()`` (unigrams).
    glosses
        ``{norm: English gloss}``; default :func:`gloss_lookup` (empty
        string where the table has no entry).

    Returns
    -------
    DataFrame
        Columns ``article, term, display, gloss, g2, p, log_ratio, target,
        reference, rank``; ``target``/``reference`` are the term's counts in
        the article and in the rest of the corpus.

    Example
    -------
    >>> table = article_keyness({"x": "b b b a".split(), "y": "a a a c".split()}, n=1, min_count=1)
    >>> table[["article", "term", "rank"]].values.tolist()
    [['x', 'b', 1], ['y', 'a', 1]]
    """
    _check_n(n)
    if len(tokens_by_article) < 2:
        raise FramingError("article_keyness: needs at least two articles")
    analyser = analyser or Analyser()
    glosses = gloss_lookup() if glosses is None else glosses
    terms_by_article: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    token_lists = {}
    for key, items in tokens_by_article.items():
        items = list(items)
        if all(isinstance(x, str) for x in items):
            terms_by_article[str(key)] = items
        else:
            token_lists[str(key)] = items
            terms_by_article[str(key)] = analyser.terms(items)
    if token_lists:
        shown = display_forms(token_lists, analyser)
    counts = {key: Counter(terms) for key, terms in terms_by_article.items()}
    total = Counter()
    for counter in counts.values():
        total.update(counter)
    corpus_size = sum(total.values())
    frames = []
    for key, counter in counts.items():
        # Each term's statistics depend only on its own two counts and the two
        # totals, so only the candidates (used min_count times here) are
        # computed: linear in the corpus, not articles × vocabulary.
        candidates = {t: c for t, c in counter.items() if c >= min_count}
        size = sum(counter.values())
        table = keyness(
            candidates,
            {t: total[t] - c for t, c in candidates.items()},
            "g2",
            correction,
            total_target=size,
            total_reference=corpus_size - size,
        )
        table = table[(table.g2 > 0) & (table.target >= min_count)].head(n).copy()
        table.insert(0, "article", key)
        table["rank"] = np.arange(1, len(table) + 1)
        frames.append(table)
    result = pd.concat(frames, ignore_index=True)
    result["display"] = [shown.get(t, t) for t in result.term]
    result["gloss"] = [glosses.get(t, "") for t in result.term]
    columns = ["article", "term", "display", "gloss", "g2", "p", "log_ratio", "target", "reference", "rank"]
    return result[columns].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Glosses
# ---------------------------------------------------------------------------


def load_glosses(path: str | Path | None = None) -> pd.DataFrame:
    """The gloss table (``norm, display, gloss``), keys re-normalised.

    The table is data (``framing/data/glosses.csv``), written by hand for the
    key terms and topic words of the seeds — no machine translation. ``norm``
    is passed through :func:`framing.text.arabic.normalise` on loading, so the
    keys follow the text layer's normalisation even if its defaults change.

    Raises
    ------
    FramingError
        On a missing file or column, an empty gloss or a duplicate key.

    Example
    -------
    >>> glosses = load_glosses()
    >>> list(glosses.columns)
    ['norm', 'display', 'gloss']
    """
    from framing.text.arabic import normalise

    path = GLOSSES_FILE if path is None else Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise FramingError(f"{path}: cannot read the gloss table ({error.strerror})") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("norm", "display", "gloss") if c not in (reader.fieldnames or [])]
    if missing:
        raise FramingError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(reader, start=2):
        norm = normalise((row["norm"] or "").strip())
        gloss = (row["gloss"] or "").strip()
        if not norm or not gloss:
            raise FramingError(f"{path}: line {line_no} has an empty norm or gloss")
        if norm in seen:
            raise FramingError(
                f"{path}: line {line_no} repeats {norm!r} (first on line {seen[norm]})"
            )
        seen[norm] = line_no
        rows.append((norm, (row["display"] or "").strip() or norm, gloss))
    return pd.DataFrame(rows, columns=["norm", "display", "gloss"])


def gloss_lookup(path: str | Path | None = None) -> dict[str, str]:
    """``{norm: gloss}`` from :func:`load_glosses`.

    Example
    -------
    >>> gloss_lookup()["حفتر"]
    'Haftar'
    """
    table = load_glosses(path)
    return dict(zip(table.norm, table.gloss))


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


def vocabulary_tables(
    articles: Mapping[str, str] | Sequence[Any], n: int = 15
) -> dict[str, pd.DataFrame]:
    """``{"tfidf": tfidf_terms(...), "keyness": article_keyness(...)}``, sorted.

    Example
    -------
    >>> from framing.text.corpus import load_corpus
    >>> sorted(vocabulary_tables(load_corpus(), n=3))
    ['keyness', 'tfidf']
    """
    texts = as_texts(articles)
    tokens = tokens_by_article(texts)
    tfidf = tfidf_terms(texts, n=n, tokens=tokens).sort_values(["article", "rank"],
                                                               kind="mergesort")
    key = article_keyness(tokens, n=n).sort_values(
        ["article", "rank"], kind="mergesort"
    )
    return {"tfidf": tfidf.reset_index(drop=True), "keyness": key.reset_index(drop=True)}


def write_vocabulary_results(
    articles: Mapping[str, str] | Sequence[Any], out_dir: str | Path = "results", n: int = 15
) -> dict[str, Path]:
    """Write ``tfidf.csv`` and ``keyness.csv`` into ``out_dir``; return the paths.

    Example
    -------
    >>> import tempfile
    >>> from framing.text.corpus import load_corpus
    >>> paths = write_vocabulary_results(load_corpus(), tempfile.mkdtemp(), n=3)
    >>> sorted(p.name for p in paths.values())
    ['keyness.csv', 'tfidf.csv']
    """
    tables = vocabulary_tables(articles, n=n)
    out_dir = Path(out_dir)
    return {name: write_csv(frame, out_dir / f"{name}.csv") for name, frame in tables.items()}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise FramingError(f"n: expected a positive integer, got {n!r}")


def _as_counts(counts: Mapping[str, int] | pd.Series, name: str) -> dict[str, float]:
    items = counts.items()
    out: dict[str, float] = {}
    for term, value in items:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise FramingError(f"{name}: count of {term!r} is not a number: {value!r}") from None
        if not math.isfinite(number) or number < 0:
            raise FramingError(f"{name}: count of {term!r} must be >= 0, got {value!r}")
        out[str(term)] = out.get(str(term), 0.0) + number
    return out
