"""framing.measure.scorer: the score row of the engine's records. ``Scorer.score``
and ``score_articles(*measure(...))`` are two views of one engine and one
:func:`framing.measure.scorer.score_row` (their agreement checks the plumbing:
dates, settings, the table's round trip); a token's span found through the
cuts equals the one-pass spans of tokenise; the engine's quotations equal
framing.measure.voice's; the sentence bootstrap equals the bootstrap written
plainly (:func:`plain_bootstrap`, the reference that was
framing.measure.scores.bootstrap_index). The values themselves are pinned by
tests/test_engine.py."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pytest

from framing.measure import scorer as fast
from framing.measure.engine import ArticleTokens, TokenQuotes
from framing.measure.mentions import load_lexicons, measure
from framing.measure.scorer import Scorer
from framing.measure.scores import SCORE_COLUMNS, score_articles
from framing.scale.stream import synthetic_articles
from framing.text.arabic import tokenise
from framing.text.corpus import Article, load_corpus
from hard_texts import perturbed_texts, scraped_texts

# ---------------------------------------------------------------------------
# fixtures: the seeds, short synthetic articles, and perturbed texts
# ---------------------------------------------------------------------------

SEEDS = load_corpus()


PERTURBED = perturbed_texts(SEEDS)
SYNTHETIC = list(synthetic_articles(150, seed=3, sentences=(1, 5), paragraphs=(1, 3)))


def _same(a, b) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b


def _reference(articles: list[Article]) -> pd.DataFrame:
    return score_articles(*measure(articles, load_lexicons()))


def _assert_rows_equal(rows: list[tuple], reference: pd.DataFrame) -> None:
    assert len(rows) == len(reference)
    for row, (_, ref) in zip(rows, reference.iterrows()):
        for column, value in zip(SCORE_COLUMNS, row):
            expected = ref[column]
            expected = expected.item() if hasattr(expected, "item") else expected
            assert _same(value, expected), (row[0], column, value, expected)


# ---------------------------------------------------------------------------
# the fast path is the reference pipeline
# ---------------------------------------------------------------------------


def test_score_columns_match_the_scores_module():
    assert fast.SCORE_COLUMNS == SCORE_COLUMNS


@pytest.mark.parametrize("name,texts", [
    ("seeds", [a.text for a in SEEDS]),
    ("synthetic", [t for _, t in SYNTHETIC[:60]]),
    ("perturbed", PERTURBED),
])
def test_token_span_equals_the_spans_of_tokenise(name, texts):
    """The engine finds a token's span through the cuts (ArticleTokens.span);
    tokenise reads all spans in one pass (ArticleTokens.spans)."""
    for text in texts:
        doc = ArticleTokens(text)
        assert [doc.span(i) for i in range(doc.n)] == [(t.start, t.end) for t in tokenise(text)]
        assert [doc.surface(i) for i in range(doc.n)] == [t.surface for t in tokenise(text)]


@pytest.mark.parametrize("name,texts", [
    ("seeds", [a.text for a in SEEDS]),
    ("perturbed", PERTURBED),
    ("corners", ['«الثوار" و"الإرهاب', 'قال "" ثم «» و" - "حفتر', 'ما يسمى "الجيش\n" الوطني',
                 # an unclosed quotation cut at 500 characters, exactly where a word starts
                 '"نعم ' + "كلمة " * 120]),
])
def test_token_quotes_equal_the_character_rule(name, texts):
    """Each token's quotation (found through the cuts) is framing.measure.voice's
    innermost quotation overlapping the token's characters."""
    from framing.measure.voice import quote_tuples

    for text in texts:
        doc = ArticleTokens(text)
        found = quote_tuples(text)
        if not found:
            continue
        quotes = TokenQuotes(doc, found)
        expected = [quotes.innermost(*doc.span(i)) for i in range(doc.n)]
        assert quotes.token_quote == expected, text[:80]
        for i in range(0, doc.n - 2, 3):  # multi-token ranges too
            assert quotes.of_tokens(i, i + 3) == quotes.innermost(doc.span(i)[0],
                                                                  doc.span(i + 2)[1])


def test_scorer_equals_score_articles_on_the_seeds():
    from framing.text.corpus import article_date

    scorer = Scorer()
    _assert_rows_equal([scorer.score(a.id, a.text, article_date(a.metadata)) for a in SEEDS],
                       _reference(SEEDS))


def test_scorer_equals_score_articles_on_synthetic_and_perturbed_articles():
    articles = [Article(i, t, Path(i), {}) for i, t in SYNTHETIC]
    articles += [Article(f"p{k}", t, Path(f"p{k}"), {}) for k, t in enumerate(PERTURBED)]
    scorer = Scorer()
    rows = [scorer.score(a.id, a.text) for a in articles]
    _assert_rows_equal(rows, _reference(articles))


def test_scorer_equals_score_articles_on_scraped_text():
    articles = [Article(f"s{k}", t, Path(f"s{k}"), {}) for k, t in enumerate(scraped_texts(SEEDS))]
    scorer = Scorer()
    rows = [scorer.score(a.id, a.text) for a in articles]
    _assert_rows_equal(rows, _reference(articles))
    # and the same numbers as the clean text
    clean = [p for a in SEEDS for p in a.text.split("\n") if p.strip()]
    assert len(clean) == len(rows)
    for row, text in zip(rows, clean):
        expected = scorer.score(row[0], text)
        assert all(_same(a, b) for a, b in zip(row, expected)), (row, expected)


def test_scorer_follows_seed_resamples_and_groups():
    articles = SEEDS[:3]
    scorer = Scorer(seed=5, resamples=300, islamist_groups=("islamists", "jihadists"))
    reference = score_articles(*measure(articles, load_lexicons()), seed=5, resamples=300,
                               islamist_groups=("islamists", "jihadists"))
    from framing.text.corpus import article_date

    _assert_rows_equal([scorer.score(a.id, a.text, article_date(a.metadata)) for a in articles],
                       reference)


def test_scorer_follows_the_articles_dates(dated_lexicon):
    """With dated entries that move the scores (a terrorism term counted only
    until 2016, a name of the brigades only from 2015) and the bundled dated
    names (البرلمان، حكومة طرابلس), articles dated on either side of each
    boundary, and undated, score as the reference pipeline scores them."""
    from framing.text.corpus import article_date

    actors = dated_lexicon("actors", {"islamist_brigades.thuwwar": "from: 2015-01-01"})
    frames = dated_lexicon("framing", {"terrorism.irhab": "until: 2016-01-01"})
    dates = ["", "2014-05-20", "2014-08-04", "2015-01-01", "2016-01-01", "2016-03-30",
             "2019-07-15"]
    names = ["البرلمان", "للبرلمان الليبي", "حكومة طرابلس", "الثوار", "الإرهاب", "الإرهابيين"]
    rng = random.Random(5)
    articles = []
    for k, (_, text) in enumerate(SYNTHETIC[:70]):
        words = text.split(" ")
        for _ in range(4):
            words.insert(rng.randrange(len(words) + 1), rng.choice(names) + rng.choice(["", "،"]))
        date = dates[k % len(dates)]
        articles.append(Article(f"d{k}", " ".join(words), Path(f"d{k}"),
                                {"date": date} if date else {}))
    lexicons = load_lexicons(frames, actors)
    scorer = Scorer(frames, actors)
    assert scorer.dated and lexicons.dated
    rows = [scorer.score(a.id, a.text, article_date(a.metadata)) for a in articles]
    reference = score_articles(*measure(articles, lexicons))
    _assert_rows_equal(rows, reference)
    # the dates matter: the same texts undated score otherwise
    undated = [Article(a.id, a.text, a.path, {}) for a in articles]
    assert not score_articles(*measure(undated, lexicons)).equals(reference)


def plain_bootstrap(positive, negative, *, resamples: int, seed: int,
                    level: float = 0.95) -> tuple[float, float]:
    """The sentence bootstrap written plainly, as the reference for
    SentenceBootstrap: ``resamples`` draws of the article's ``n`` sentences
    (``default_rng(seed).integers(0, n, (resamples, n))``), the percentile
    interval of (P − N)/(P + N) over the resamples where it is defined."""
    import numpy as np

    positive, negative = np.asarray(positive, dtype=float), np.asarray(negative, dtype=float)
    n = len(positive)
    if n == 0 or positive.sum() + negative.sum() == 0:
        return float("nan"), float("nan")
    picks = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    p, q = positive[picks].sum(axis=1), negative[picks].sum(axis=1)
    total = p + q
    values = (p - q)[total > 0] / total[total > 0]
    if values.size == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def test_linear_percentiles_match_numpy():
    assert fast._check_percentiles()


@pytest.mark.parametrize("n", [1, 2, 3, 7, 40])
def test_sentence_bootstrap_equals_the_plain_bootstrap(n):
    import numpy as np

    rng = random.Random(n)
    for _ in range(5):
        pos = {s: rng.choice([1, 2, 0.5]) for s in range(n) if rng.random() < 0.5}
        neg = {s: rng.choice([1, 1.5]) for s in range(n) if rng.random() < 0.4}
        boot = fast.SentenceBootstrap(300, 3)
        expected = plain_bootstrap(np.array([pos.get(s, 0) for s in range(n)]),
                                   np.array([neg.get(s, 0) for s in range(n)]),
                                   resamples=300, seed=3)
        assert all(_same(a, b) for a, b in zip(boot.interval(pos, neg, n), expected))
        # and the streamed path of long articles
        long = fast.SentenceBootstrap(300, 3, budget=0)
        assert all(_same(a, b) for a, b in zip(long.interval(pos, neg, n), expected))
