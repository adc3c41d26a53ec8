"""The comparison table joins the study's tables without measuring anything new."""

from __future__ import annotations

import math

from framing.corpus import load_corpus
from framing.mentions import load_lexicons, measure
from framing.scores import score_articles
from framing.synthesis import COMPARISON_COLUMNS, comparison_table
from framing.titles import titles_against_rank
from framing.vocabulary import article_keyness, tokens_by_article


def test_comparison_table_matches_its_sources():
    articles = load_corpus()
    lexicons = load_lexicons()
    mentions, documents = measure(articles, lexicons)
    scores = score_articles(mentions, documents, resamples=200)
    titles = titles_against_rank(mentions, articles, lexicons.titles)
    keyness = article_keyness(tokens_by_article(articles))
    table = comparison_table(scores, titles, keyness, articles)
    assert list(table.columns) == COMPARISON_COLUMNS
    assert list(table.article) == list(scores.article)
    for row, s in zip(table.itertuples(), scores.itertuples()):
        assert row.islamists_n == s.islamists_T + s.islamists_R
        same = (math.isnan(row.haftar_index) and math.isnan(s.haftar_index)) or \
            row.haftar_index == s.haftar_index
        assert same
        assert 0 <= row.not_authorial_share <= 1 or math.isnan(row.not_authorial_share)
        assert row.key_terms.count("·") == 3
