"""The comparison table joins the study's tables without measuring anything new."""

from __future__ import annotations

import math

from framing.explore.vocabulary import article_keyness, tokens_by_article
from framing.measure.mentions import load_lexicons, measure
from framing.measure.scores import score_articles
from framing.report.synthesis import COMPARISON_COLUMNS, comparison_table
from framing.report.titles import titles_against_rank
from framing.text.corpus import load_corpus


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
        assert row.islamists_n == s.islamists_n == s.islamists_T + s.islamists_R + s.islamists_Z
        assert row.adversaries_n == s.adversaries_n
        same = (math.isnan(row.haftar_index) and math.isnan(s.haftar_index)) or \
            row.haftar_index == s.haftar_index
        assert same
        assert 0 <= row.not_authorial_share <= 1 or math.isnan(row.not_authorial_share)
        assert row.key_terms.count("·") == 3


def test_the_displayed_comparison_is_two_compact_tables_of_the_same_rows():
    from framing.explore.overview import article_labels
    from framing.report.synthesis import comparison_summary, comparison_terms

    articles = load_corpus()
    lexicons = load_lexicons()
    mentions, documents = measure(articles, lexicons)
    scores = score_articles(mentions, documents, resamples=200)
    titles = titles_against_rank(mentions, articles, lexicons.titles)
    table = comparison_table(scores, titles, article_keyness(tokens_by_article(articles)),
                             articles)
    labels = article_labels(articles)
    summary = comparison_summary(table, titles, labels)
    terms = comparison_terms(table, labels)
    assert len(summary.columns) <= 9 and len(terms.columns) == 3  # three indices
    assert summary["article"].tolist() == terms["article"].tolist() == [
        labels[a] for a in table["article"]]
    assert summary["article"].iloc[0] == "000 · 2014-05"
    for cell, row in zip(summary["Haftar index [95 % CI], n"], table.itertuples()):
        assert cell.replace("\u00a0", " ").endswith(f"n = {row.haftar_n}")
    # The main title is the one used most; its judgement has a column of its own.
    first = titles[titles["article"] == table["article"].iloc[0]]
    assert summary["Haftar's main title"].iloc[0] == first.loc[first["uses"].idxmax(), "title"]
    assert terms["key terms (keyness)"].tolist() == table["key_terms"].tolist()


def test_the_reported_speech_table_reads_in_short_grouped_headers():
    from framing.explore.overview import article_labels
    from framing.measure.scores import reported_speech_indices
    from framing.report.kwic import RTLTable
    from framing.report.synthesis import reported_speech_align, reported_speech_summary

    articles = load_corpus()
    mentions, documents = measure(articles, load_lexicons())
    reported = reported_speech_indices(mentions, documents)
    summary = reported_speech_summary(reported, article_labels(articles))
    assert summary.columns.nlevels == 2 and len(summary.columns) == 1 + 3 * 3
    assert max(len(name) for _, name in summary.columns) <= 20  # headers that fit
    row = summary.set_index(("", "article")).loc["003 · 2019-07"]
    assert row[("Islamists index", "as measured")] == "+0.00"
    assert row[("Islamists index", "if reported counted")] == "+0.25"
    assert row[("Islamists index", "reported")] == "2 of 8"
    markup = RTLTable(summary, align=reported_speech_align(summary))._repr_html_()
    assert markup.count("<tr>") == 2 + len(summary) and 'colspan="3"' in markup
