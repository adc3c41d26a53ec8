"""Tests for framing.explore.vocabulary: keyness golden values, TF-IDF = scikit-learn, glosses."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import FramingError
from framing.explore.vocabulary import (
    Analyser,
    article_keyness,
    as_texts,
    display_form,
    display_forms,
    gloss_lookup,
    keyness,
    load_glosses,
    tfidf_terms,
    vocabulary_tables,
    write_vocabulary_results,
)



# --------------------------------------------------------------------------- keyness: golden values

# quanteda's own test case (tests/testthat/test-textstat_keyness.R), checked with R's
# chisq.test and scipy.stats.chi2_contingency: feature "b" of the target.
GOLDEN_TARGET = Counter("b b b b b b b a a a".split())
GOLDEN_REFERENCE = Counter("a a a a a a a b b".split())


def _b(correction: str, column: str) -> float:
    table = keyness(GOLDEN_TARGET, GOLDEN_REFERENCE, correction=correction)
    return float(table.loc[table.term == "b", column].iloc[0])


@pytest.mark.parametrize(
    ("correction", "column", "expected"),
    [
        ("yates", "chi2", 2.632438),  # chisq.test(correct = TRUE); quanteda chi2 default
        ("none", "chi2", 4.337160),
        ("none", "g2", 4.534939),
        ("williams", "g2", 4.200833),
        ("yates", "g2", 2.702844),  # quanteda "lr" default: cells shifted Yates-style
        ("none", "pmi", 0.390539),
        ("yates", "pmi", 0.390539),  # pmi takes no correction
    ],
)
def test_keyness_golden_values(correction, column, expected):
    assert _b(correction, column) == pytest.approx(expected, abs=5e-7)


def test_keyness_golden_values_match_scipy():
    from scipy.stats import chi2_contingency

    observed = np.array([[7, 3], [2, 7]])  # rows target/reference, columns b/a
    for correction, yates in (("none", False), ("yates", True)):
        chi2 = chi2_contingency(observed, correction=yates)[0]
        g2 = chi2_contingency(observed, correction=yates, lambda_="log-likelihood")[0]
        assert _b(correction, "chi2") == pytest.approx(chi2, rel=1e-12)
        assert _b(correction, "g2") == pytest.approx(g2, rel=1e-12)


def test_keyness_default_is_williams_and_signs_are_symmetric():
    table = keyness(GOLDEN_TARGET, GOLDEN_REFERENCE)
    assert table.term.tolist() == ["b", "a"]  # sorted by signed g2
    b, a = table.iloc[0], table.iloc[1]
    assert b.g2 == pytest.approx(4.200833, abs=5e-7)
    assert a.g2 < 0 and b.g2 > 0  # "a" is under-used in the target
    assert a.target + b.target == 10 and a.reference + b.reference == 9


def test_keyness_p_values_and_log_ratio():
    from scipy.stats import chi2

    table = keyness(GOLDEN_TARGET, GOLDEN_REFERENCE, correction="none")
    b = table[table.term == "b"].iloc[0]
    assert b.p == pytest.approx(chi2.sf(4.534939332256226, 1), rel=1e-9)
    assert b.log_ratio == pytest.approx(np.log2((7.5 / 10) / (2.5 / 9)))
    by_chi2 = keyness(GOLDEN_TARGET, GOLDEN_REFERENCE, measure="chi2", correction="none")
    assert by_chi2[by_chi2.term == "b"].p.iloc[0] == pytest.approx(chi2.sf(4.33716049382716, 1))


def test_keyness_term_absent_from_reference_is_finite():
    table = keyness({"x": 5, "y": 5}, {"y": 10})
    x = table[table.term == "x"].iloc[0]
    assert x.reference == 0 and np.isfinite(x.g2) and x.g2 > 0
    assert x.log_ratio == pytest.approx(np.log2((5.5 / 10) / (0.5 / 10)))
    raw = keyness({"x": 5, "y": 5}, {"y": 10}, log_ratio_smoothing=0)
    assert np.isinf(raw[raw.term == "x"].log_ratio.iloc[0])


def test_keyness_no_negative_zero():
    table = keyness({"x": 1, "y": 1}, {"x": 1, "y": 1})
    assert (np.signbit(table.g2.to_numpy()) == False).all()  # noqa: E712


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "lr"}, "measure"),
        ({"correction": "default"}, "correction"),
        ({"log_ratio_smoothing": -1}, "log_ratio_smoothing"),
    ],
)
def test_keyness_rejects_bad_options(kwargs, message):
    with pytest.raises(FramingError, match=message):
        keyness(GOLDEN_TARGET, GOLDEN_REFERENCE, **kwargs)


def test_keyness_rejects_bad_counts():
    with pytest.raises(FramingError, match="must be >= 0"):
        keyness({"x": -1}, {"x": 2})
    with pytest.raises(FramingError, match="both have tokens"):
        keyness({"x": 1}, {})


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(0, 60),
    b=st.integers(0, 60),
    c=st.integers(1, 200),
    d=st.integers(1, 200),
)
def test_keyness_equals_scipy_for_any_table(a, b, c, d):
    from scipy.stats import chi2_contingency

    if a + b == 0:
        return
    observed = np.array([[a, c], [b, d]])
    expected_a = (a + b) * (a + c) / (a + b + c + d)
    for correction, yates in (("none", False), ("yates", True)):
        table = keyness({"t": a, "rest": c}, {"t": b, "rest": d}, correction=correction)
        row = table[table.term == "t"].iloc[0]
        chi2 = chi2_contingency(observed, correction=yates)[0]
        g2 = chi2_contingency(observed, correction=yates, lambda_="log-likelihood")[0]
        assert abs(row.chi2) == pytest.approx(chi2, rel=1e-9, abs=1e-9)
        assert abs(row.g2) == pytest.approx(g2, rel=1e-9, abs=1e-9)
        if row.g2 != 0:
            assert (row.g2 > 0) == (a > expected_a)


# --------------------------------------------------------------------------- analyser and display


def test_display_form_keeps_hamza_drops_marks_and_quotes():
    assert display_form("ب«الإرهابيّين") == "بالإرهابيين"
    assert display_form("الإرهـــاب") == "الإرهاب"


def test_analyser_drops_stop_words_short_words_and_non_arabic():
    analyser = Analyser(stopwords=frozenset({"في"}), min_length=3)
    assert analyser("حفتر في بنغازي 2014 UN من") == ["حفتر", "بنغازي"]


def test_bigrams_never_span_a_stop_word_or_a_sentence_end():
    analyser = Analyser(stopwords=frozenset({"في"}), ngram_range=(2, 2))
    assert analyser("الجيش الوطني في بنغازي. طرابلس العاصمة") == [
        "الجيش الوطني",
        "طرابلس العاصمه",
    ]


def test_analyser_rejects_bad_ngram_range():
    with pytest.raises(FramingError, match="ngram_range"):
        Analyser(ngram_range=(1, 3))


def test_display_forms_pick_the_most_frequent_spelling():
    from framing.text.arabic import tokenise

    shown = display_forms([tokenise("الإرهاب والارهاب الارهاب الإرهاب الإرهاب")])
    assert shown["الارهاب"] == "الإرهاب"


def test_as_texts_accepts_articles_and_rejects_duplicates(texts):
    from types import SimpleNamespace

    articles = [SimpleNamespace(id=k, text=v) for k, v in texts.items()]
    assert as_texts(articles) == texts
    with pytest.raises(FramingError, match="duplicate"):
        as_texts([("a", "نص"), ("a", "نص")])


# --------------------------------------------------------------------------- TF-IDF


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2)])
def test_tfidf_equals_a_direct_tfidfvectorizer_call(texts, ngram_range):
    from sklearn.feature_extraction.text import TfidfVectorizer

    table = tfidf_terms(texts, n=15, ngram_range=ngram_range)
    vectorizer = TfidfVectorizer(analyzer=Analyser(ngram_range=ngram_range))
    matrix = vectorizer.fit_transform(list(texts.values())).toarray()
    column = {t: j for j, t in enumerate(vectorizer.get_feature_names_out())}
    row = {k: i for i, k in enumerate(texts)}
    for r in table.itertuples():
        assert r.tfidf == pytest.approx(matrix[row[r.article], column[r.term]], rel=1e-12)
    # and the n kept are the article's n largest values
    for article, group in table.groupby("article"):
        top = np.sort(matrix[row[article]])[::-1][:15]
        np.testing.assert_allclose(group.sort_values("rank").tfidf.to_numpy(), top, rtol=1e-12)


def test_tfidf_table_shape_counts_and_display(texts, tokens):
    from framing.text.arabic import normalise

    table = tfidf_terms(texts, n=10)
    assert list(table.columns) == ["article", "term", "display", "tfidf", "count", "rank"]
    assert table.groupby("article").size().tolist() == [10] * 5
    analyser = Analyser()
    for r in table.itertuples():
        assert r.count == analyser.terms(tokens[r.article]).count(r.term) > 0
        assert normalise(r.display) == r.term
    assert table.groupby("article")["rank"].apply(list).map(lambda x: x == list(range(1, 11))).all()


# --------------------------------------------------------------------------- article keyness


def test_article_keyness_table(tokens):
    table = article_keyness(tokens, n=15)
    assert list(table.columns) == [
        "article", "term", "display", "gloss", "g2", "p", "log_ratio", "target", "reference", "rank",
    ]
    assert (table.g2 > 0).all() and (table.target >= 2).all()
    assert set(table.article) == set(tokens)
    totals = Counter(t for ts in tokens.values() for t in Analyser().terms(ts))
    for r in table.itertuples():
        assert r.target + r.reference == totals[r.term]
    for _, group in table.groupby("article"):
        assert group.g2.is_monotonic_decreasing
        assert group["rank"].tolist() == list(range(1, len(group) + 1))


def test_article_keyness_accepts_plain_term_lists():
    table = article_keyness({"x": "b b b a".split(), "y": "a a a c".split()}, n=1, min_count=1)
    assert table[["article", "term", "display"]].values.tolist() == [["x", "b", "b"], ["y", "a", "a"]]


def test_top_keyness_and_tfidf_terms_of_the_seeds_are_glossed(texts, tokens):
    glosses = gloss_lookup()
    key = article_keyness(tokens, n=10)
    missing = sorted(set(key.term) - set(glosses))
    assert not missing, f"add glosses to framing/data/glosses.csv for: {missing}"
    tfidf = tfidf_terms(texts, n=5)
    missing = sorted(set(tfidf.term) - set(glosses))
    assert not missing, f"add glosses to framing/data/glosses.csv for: {missing}"


# --------------------------------------------------------------------------- glosses


def test_gloss_table_is_normalised_and_unique():
    from framing.text.arabic import normalise

    raw = pd.read_csv(Path(__file__).resolve().parent.parent / "framing/data/glosses.csv", dtype=str)
    assert list(raw.columns) == ["norm", "display", "gloss"]
    assert raw.norm.is_unique and raw.gloss.str.strip().ne("").all()
    for r in raw.itertuples():
        assert normalise(r.norm) == r.norm, r.norm
        assert normalise(r.display) == r.norm, r.display
    assert len(load_glosses()) == len(raw)


def test_gloss_table_errors_name_the_file(tmp_path):
    bad = tmp_path / "g.csv"
    bad.write_text("norm,display,gloss\nحفتر,حفتر,Haftar\nحفتر,حفتر,again\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"g\.csv: line 3 repeats"):
        load_glosses(bad)
    with pytest.raises(FramingError, match="cannot read"):
        load_glosses(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- result files


def test_results_are_written_reproducibly(texts, tmp_path):
    first = write_vocabulary_results(texts, tmp_path / "a", n=5)
    second = write_vocabulary_results(dict(reversed(list(texts.items()))), tmp_path / "b", n=5)
    for name, path in first.items():
        text = path.read_bytes()
        assert b"\r" not in text
        assert text == second[name].read_bytes()
    tables = vocabulary_tables(texts, n=5)
    assert tables["tfidf"].article.is_monotonic_increasing
