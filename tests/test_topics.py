"""Tests for framing.explore.topics: units, determinism (in and across processes), mixtures, relevance."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.errors import FramingError
from framing.explore.topics import (
    MIN_TOKENS,
    article_topics,
    build_units,
    fit_lda,
    fit_seeded_lda,
    jaccard,
    lexicon_seed_words,
    modelling_units,
    relevance,
    seeded_eta,
    select_k,
    topic_match,
    topic_results,
    topic_selection,
    topic_table,
    unit_mixtures,
    write_topic_tables,
)
from framing.explore.vocabulary import Analyser, tokens_by_article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def units(tokens):
    return build_units(tokens)


@pytest.fixture(scope="module")
def results(texts):
    """The whole default pipeline (grid k = 2..8 × seeds 0, 1, 2 and the seeded model), once."""
    return topic_results(texts)


# --------------------------------------------------------------------------- units


def test_units_are_sentence_windows_of_at_least_min_tokens(texts, tokens, units):
    table = modelling_units(tokens)
    assert list(table.columns)[:5] == ["article", "unit", "n_tokens", "text_start", "text_end"]
    assert len(table) == len(units)
    assert (table.n_tokens >= MIN_TOKENS).all()
    analyser = Analyser()
    # documented upper bound: < 2·min_tokens + the longest sentence (in content tokens)
    longest = max(
        sum(1 for t in ts if t.sentence == s and analyser.keep(t))
        for ts in tokens.values()
        for s in {t.sentence for t in ts}
    )
    assert (table.n_tokens < 2 * MIN_TOKENS + longest).all()
    for article, group in table.groupby("article"):
        # consecutive sentences, none skipped, none shared, all of the article's
        assert group.unit.tolist() == list(range(len(group)))
        assert group.sentence_first.iloc[0] == 0
        assert (group.sentence_first.iloc[1:].to_numpy() == group.sentence_last.iloc[:-1].to_numpy() + 1).all()
        assert group.sentence_last.iloc[-1] == max(t.sentence for t in tokens[article])
        assert group.n_tokens.sum() == len(analyser.terms(tokens[article]))
        assert (group.text_start.iloc[1:].to_numpy() >= group.text_end.iloc[:-1].to_numpy()).all()
    # offsets point at the unit's own text (first token to last token)
    for u in units:
        text = texts[u.article][u.text_start : u.text_end]
        assert text.strip() == text and text


def test_units_of_a_short_article_and_the_remainder_rule():
    toks = tokens_by_article({"a": "حفتر يعلن الحرب. الجيش يتقدم. بنغازي"})
    units = build_units(toks, min_tokens=2)
    assert [(u.sentence_first, u.sentence_last, u.n_tokens) for u in units] == [(0, 0, 3), (1, 2, 3)]
    assert [u.n_tokens for u in build_units(toks, min_tokens=50)] == [6]
    with pytest.raises(FramingError, match="min_tokens"):
        build_units(toks, min_tokens=0)


# --------------------------------------------------------------------------- determinism


def _snapshot(fitted) -> tuple[str, str]:
    return (
        topic_table(fitted, glosses={}).to_csv(index=False, float_format="%.12g"),
        article_topics(fitted).to_csv(index=False, float_format="%.12g"),
    )


def test_lda_is_reproducible_across_calls(units):
    first = fit_lda(units, k=3, seed=7)
    second = fit_lda(units, k=3, seed=7)
    np.testing.assert_array_equal(first.phi(), second.phi())
    np.testing.assert_array_equal(unit_mixtures(first), unit_mixtures(second))
    # inference does not depend on what was inferred before
    first.model.get_document_topics(first.bows[0])
    np.testing.assert_array_equal(unit_mixtures(first), unit_mixtures(second))
    assert _snapshot(first) == _snapshot(second)
    other = fit_lda(units, k=3, seed=8)
    assert not np.array_equal(first.phi(), other.phi())


SUBPROCESS_SCRIPT = """
import sys
from pathlib import Path
from framing.explore.topics import article_topics, build_units, fit_lda, topic_table
from framing.explore.vocabulary import tokens_by_article
seeds = Path(sys.argv[1])
texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
fitted = fit_lda(build_units(tokens_by_article(texts)), k=3, seed=7)
sys.stdout.write(topic_table(fitted, glosses={}).to_csv(index=False, float_format="%.12g"))
sys.stdout.write("--\\n")
sys.stdout.write(article_topics(fitted).to_csv(index=False, float_format="%.12g"))
"""


def test_lda_is_reproducible_across_processes(units):
    expected = "--\n".join(_snapshot(fit_lda(units, k=3, seed=7)))
    env = dict(os.environ, PYTHONHASHSEED="12345")  # a different string-hash order
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS_SCRIPT, str(SEEDS)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert done.stdout == expected


# --------------------------------------------------------------------------- mixtures


def test_mixtures_sum_to_one(units):
    fitted = fit_lda(units, k=4, seed=0)
    theta = unit_mixtures(fitted)
    assert theta.shape == (len(units), 4)
    np.testing.assert_allclose(theta.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    table = article_topics(fitted)
    sums = table.groupby("article").weight.sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, rtol=0, atol=1e-12)
    assert (table.weight >= 0).all()


def test_article_mixture_is_the_token_weighted_mean_of_its_units(units):
    fitted = fit_lda(units, k=3, seed=1)
    theta = unit_mixtures(fitted)
    weights = np.array([sum(c for _, c in bow) for bow in fitted.bows], dtype=float)
    article = units[0].article
    index = [i for i, u in enumerate(units) if u.article == article]
    expected = np.average(theta[index], axis=0, weights=weights[index])
    got = article_topics(fitted).query("article == @article").weight.to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-12)


# --------------------------------------------------------------------------- relevance and matching


def test_relevance_formula_and_lambda_limits():
    phi = pd.DataFrame([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]], columns=["x", "y", "z"])
    freq = [30, 20, 50]
    table = relevance(phi, freq, lambda_=0.6)
    p = np.array(freq) / 100
    row = table[(table.topic == 0) & (table.term == "y")].iloc[0]
    assert row.relevance == pytest.approx(0.6 * np.log(0.3) + 0.4 * np.log(0.3 / p[1]))
    assert row.lift == pytest.approx(0.3 / 0.2)
    # λ = 1 ranks by probability, λ = 0 by lift
    assert relevance(phi, freq, lambda_=1).query("topic == 0").term.tolist() == ["x", "y", "z"]
    assert relevance(phi, freq, lambda_=0).query("topic == 0").term.tolist() == ["x", "y", "z"]
    assert relevance(phi, freq, lambda_=0).query("topic == 1").term.tolist() == ["z", "y", "x"]
    with pytest.raises(FramingError, match="lambda_"):
        relevance(phi, freq, lambda_=1.5)


def test_topic_table_columns_and_glosses(units):
    fitted = fit_lda(units, k=3, seed=0)
    table = topic_table(fitted, n=10)
    assert list(table.columns) == [
        "topic", "label", "seed", "rank", "term", "display", "gloss", "weight", "relevance",
    ]
    assert table.groupby("topic").label.nunique().eq(1).all() and table.label.nunique() == 3
    assert table.label.iloc[0].startswith("T0 · ")
    assert table.groupby("topic").size().tolist() == [10, 10, 10]
    for _, group in table.groupby("topic"):
        assert group.relevance.is_monotonic_decreasing


def test_jaccard_and_topic_match():
    assert jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
    assert topic_match([["a", "b"]], [["a", "b"], ["c", "d"]]) == pytest.approx(0.75)


def test_select_k_prefers_npmi_then_stability():
    table = pd.DataFrame(
        {"k": [2, 2, 3, 3], "seed": [0, 1, 0, 1], "c_npmi": [-0.1, -0.1, -0.2, -0.2],
         "c_v": [0.3, 0.3, 0.5, 0.5], "stability": [0.4, 0.6, 0.9, 0.9]}
    )
    assert select_k(table) == (2, 1)


def test_small_grid(units):
    table, models = topic_selection(units, ks=(2, 3), seeds=(0, 1))
    assert list(table.columns) == ["k", "seed", "c_npmi", "c_v", "stability"]
    assert table[["k", "seed"]].values.tolist() == [[2, 0], [2, 1], [3, 0], [3, 1]]
    assert table.stability.between(0, 1).all()
    assert table.c_npmi.between(-1, 1).all()
    assert set(models) == {(2, 0), (2, 1), (3, 0), (3, 1)}


def test_coherence_of_many_models_at_once_equals_one_by_one(units):
    from framing.explore.topics import coherence_scores

    models = [fit_lda(units, k=2, seed=0), fit_lda(units, k=3, seed=0)]
    together = coherence_scores(models)
    alone = pd.concat([coherence_scores([m]) for m in models], ignore_index=True)
    pd.testing.assert_frame_equal(together, alone)


# --------------------------------------------------------------------------- seeded LDA


def test_seed_words_come_from_the_lexicon_families(units):
    vocabulary = {t for u in units for t in u.terms}
    seeds = lexicon_seed_words(vocabulary)
    assert list(seeds) == ["terrorism", "revolution"]
    assert "الارهاب" in seeds["terrorism"]
    assert any(w.startswith("الثور") or w.startswith("ثور") for w in seeds["revolution"])
    assert all(w in vocabulary for ws in seeds.values() for w in ws)


def test_seeded_eta_and_model(units):
    fitted = fit_seeded_lda(units, k=3, seed=0)
    assert fitted.seeds == ("terrorism", "revolution", "")
    eta = seeded_eta(fitted.dictionary, 3, fitted.seed_words, weight=2.0)
    word = fitted.seed_words["terrorism"][0]
    j = fitted.dictionary.token2id[word]
    assert eta.shape == (3, len(fitted.dictionary))
    assert eta[0, j] == 2.0 and eta[1, j] == pytest.approx(1 / 3)
    # every seed form stays in the vocabulary even if rare
    assert all(w in fitted.dictionary.token2id for ws in fitted.seed_words.values() for w in ws)
    with pytest.raises(FramingError, match="k >= 2"):
        seeded_eta(fitted.dictionary, 1, fitted.seed_words)


def test_lexicon_errors_name_the_file(tmp_path):
    bad = tmp_path / "lex.yaml"
    bad.write_text("nothing: here\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"lex\.yaml: expected a top-level 'entries:'"):
        lexicon_seed_words({"x"}, bad)


# --------------------------------------------------------------------------- the pipeline


def test_pipeline_tables(results):
    selection = results["topic_selection"]
    assert len(selection) == 7 * 3 and selection.chosen.sum() == 1
    chosen = selection[selection.chosen].iloc[0]
    assert chosen.k == selection.groupby("k").c_npmi.mean().idxmax()
    mixtures = results["article_topics"]
    assert set(mixtures.model) == {"lda", "seeded"}
    sums = mixtures.groupby(["model", "article"]).weight.sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-12)
    topics = results["topics"]
    assert (topics.query("model == 'lda'").topic.nunique()) == chosen.k
    assert set(topics.query("model == 'seeded' and topic < 2").seed) == {"terrorism", "revolution"}
    assert topics.query("model == 'seeded' and topic == 0").label.iloc[0].startswith("T0 terrorism · ")
    summary = results["seeded_summary"]
    assert summary.seed.tolist() == ["terrorism", "revolution"]
    assert summary.seed_capture.between(0, 1).all()


def test_top_topic_words_are_glossed(results):
    topics = results["topics"]
    top = topics[topics["rank"] <= 5]
    missing = sorted(set(top.term[top.gloss == ""]))
    assert not missing, f"add glosses to framing/data/glosses.csv for: {missing}"


def test_written_results_format(results, tmp_path):
    paths = write_topic_tables(results, tmp_path)
    assert sorted(p.name for p in paths.values()) == [
        "article_topics.csv", "seeded_topics.csv", "topic_selection.csv", "topic_units.csv", "topics.csv",
    ]
    for key, path in paths.items():
        data = path.read_bytes()
        assert b"\r" not in data
        back = pd.read_csv(path)
        assert list(back.columns) == list(results[key].columns)
        assert len(back) == len(results[key])
    again = write_topic_tables(results, tmp_path / "again")
    assert all(paths[k].read_bytes() == again[k].read_bytes() for k in paths)
