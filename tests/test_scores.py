"""Scores are group-bys of the mentions table: hand-made tables with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.scorer import Scorer
from framing.measure.scores import (
    SCORE_COLUMNS,
    category_rates,
    index_components,
    index_value,
    reported_speech_indices,
    score_articles,
)
from framing.text.corpus import Article


def mention(article="a", sentence=0, start=0, kind="frame", category="terrorism",
            family="terrorism", voice="authorial", target="islamist_brigades", entry="إرهاب"):
    return dict(article=article, sentence=sentence, start=start, kind=kind, category=category,
                family=family, voice=voice, target=target, entry=entry)


DOCS = pd.DataFrame({"article": ["a", "b"], "tokens": [500, 200], "sentences": [4, 2]})


def test_index_value():
    assert index_value(3, 1) == 0.5
    assert index_value(0, 2) == -1
    assert math.isnan(index_value(0, 0))


def test_islamists_index_counts_only_authorial_mentions_about_the_factions():
    rows = [
        mention(sentence=0),
        mention(sentence=1, category="extremism"),
        mention(sentence=2, category="revolution", family="revolution"),
        mention(sentence=2, voice="quoted"),              # someone else's words
        mention(sentence=3, voice="distanced"),           # "what he calls terrorists"
        mention(sentence=3, target="jihadists"),          # ISIS: not the factions
        mention(sentence=3, target=""),                   # about nobody
    ]
    scores = score_articles(pd.DataFrame(rows), DOCS, resamples=200).set_index("article")
    a = scores.loc["a"]
    assert (a.islamists_T, a.islamists_R) == (2, 1)
    assert a.islamists_index == pytest.approx(1 / 3)
    assert a.terrorism == 6 and a.terrorism_quoted == 1 and a.terrorism_distanced == 1
    assert a.terrorism_authorial == 4
    assert a.revolution == 1 and a.revolution_authorial == 1
    assert a.terrorism_per_1000 == pytest.approx(12.0)
    assert a.jihadists_terrorism == 1
    assert math.isnan(scores.loc["b"].islamists_index)
    assert list(scores.reset_index().columns) == SCORE_COLUMNS


def test_jihadists_can_be_counted_as_islamists_on_request():
    rows = pd.DataFrame([mention(target="jihadists"),
                         mention(category="revolution", family="revolution")])
    default = score_articles(rows, DOCS, resamples=50).iloc[0]
    widened = score_articles(rows, DOCS, resamples=50,
                             islamist_groups=("islamist_brigades", "jihadists")).iloc[0]
    assert default.islamists_index == -1
    assert widened.islamists_index == 0


def test_haftar_index_terrorism_family_counts_against_him():
    rows = pd.DataFrame([
        mention(category="legitimising", family="legitimising", target="haftar"),
        mention(category="legitimising", family="legitimising", target="haftar", sentence=1),
        mention(category="delegitimising", family="delegitimising", target="haftar", sentence=2),
        mention(category="militia", family="terrorism", target="haftar", sentence=3),
        mention(category="legitimising", family="legitimising", target="haftar", voice="quoted"),
    ])
    a = score_articles(rows, DOCS, resamples=200).iloc[0]
    assert (a.haftar_L, a.haftar_D) == (2, 2)
    assert a.haftar_index == 0
    assert -1 <= a.haftar_index_low <= 0 <= a.haftar_index_high <= 1


def test_components_list_the_rows_behind_the_index():
    rows = pd.DataFrame([mention(), mention(voice="quoted"), mention(target="haftar")])
    parts = index_components(rows)
    # a terrorism word about the brigades feeds both the named-faction and the camp index
    # (and brands Haftar's adversaries: the pro-Haftar pole of haftar_index)
    assert list(parts["component"]) == ["islamists_T", "adversaries_T", "haftar_L", "haftar_D"]


def _bootstrap(pos, neg, *, resamples: int = 2000, seed: int = 0) -> tuple[float, float]:
    """The package's sentence bootstrap over per-sentence counts (arrays)."""
    from framing.measure.scorer import SentenceBootstrap

    by_sentence = [{s: v for s, v in enumerate(counts) if v} for counts in (pos, neg)]
    return SentenceBootstrap(resamples, seed).interval(*by_sentence, len(pos))


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    pos = np.array([1, 0, 2, 0, 1, 0, 0, 3])
    neg = np.array([0, 1, 0, 0, 1, 1, 0, 0])
    first = _bootstrap(pos, neg, resamples=2000, seed=7)
    assert first == _bootstrap(pos, neg, resamples=2000, seed=7)
    assert first != _bootstrap(pos, neg, resamples=2000, seed=8)
    low, high = first
    assert -1 <= low <= index_value(pos.sum(), neg.sum()) <= high <= 1


def test_bootstrap_of_nothing_is_empty():
    low, high = _bootstrap(np.zeros(3), np.zeros(3))
    assert math.isnan(low) and math.isnan(high)


def test_one_sided_evidence_gives_a_degenerate_interval():
    assert _bootstrap(np.array([1, 1, 0]), np.zeros(3)) == (1.0, 1.0)


def test_category_rates_include_zeros_and_sum_to_the_mentions():
    rows = pd.DataFrame([mention(), mention(article="b", category="militia", voice="quoted")])
    rates = category_rates(rows, DOCS)
    assert len(rates) == 2 * 2 * 3
    assert rates["count"].sum() == 2
    hit = rates[(rates.article == "b") & (rates.category == "militia") & (rates.voice == "quoted")]
    assert hit["rate_per_1000"].item() == pytest.approx(5.0)


def test_most_frequent_title_is_reported_in_arabic():
    rows = pd.DataFrame([
        mention(kind="title", category="rank", family="title", target="haftar", entry="المشير",
                start=10),
        mention(kind="title", category="rank", family="title", target="haftar", entry="المشير",
                start=50),
        mention(kind="title", category="epithet", family="title", target="haftar",
                entry="الرجل القوي", start=5),
        mention(kind="title", category="rank", family="title", target="", entry="اللواء"),
    ])
    assert score_articles(rows, DOCS, resamples=10).iloc[0].haftar_title == "المشير"


def test_a_post_is_his_title_only_when_no_rank_or_epithet_is_written():
    # wire copy writes the post beside the rank: القائد العام … المشير; the codebook's title
    # is the rank (what the author calls him), in the engine's score row as in the table's
    text = "وقال القائد العام المشير خليفة حفتر إن القائد العام سيزور القاهرة."
    row = dict(zip(SCORE_COLUMNS, Scorer(resamples=10).score("a", text)))
    table = article_mentions(Article("a", text, None, {}), load_lexicons())
    assert row["haftar_title"] == "المشير"
    assert score_articles(table, DOCS, resamples=10).iloc[0].haftar_title == "المشير"
    alone = "وقال القائد العام خليفة حفتر إن قواته تقدمت."
    assert dict(zip(SCORE_COLUMNS, Scorer(resamples=10).score("a", alone)))["haftar_title"] == (
        "القائد العام")


def test_views_are_group_bys_of_the_table():
    from framing.measure.scores import (actor_counts, family_rates, frames_by_target, index_table,
                                        raw_count_indices, voice_counts)

    rows = pd.DataFrame([
        mention(),
        mention(voice="quoted"),
        mention(category="revolution", family="revolution", target=""),
        mention(category="legitimising", family="legitimising", target="haftar",
                voice="distanced"),
        mention(kind="actor", category="haftar", family="haftar", target="haftar"),
    ])
    rates = family_rates(rows, DOCS).set_index(["article", "family"])
    assert rates.loc[("a", "terrorism"), "count"] == 2
    assert rates.loc[("a", "terrorism"), "rate"] == pytest.approx(4.0)
    assert rates.loc[("b", "terrorism"), "count"] == 0
    authorial = family_rates(rows, DOCS, voices=("authorial",)).set_index(["article", "family"])
    assert authorial.loc[("a", "terrorism"), "count"] == 1
    voices = voice_counts(rows).set_index(["article", "family", "voice"])["count"]
    assert voices[("a", "terrorism", "quoted")] == 1 and voices.sum() == 4
    scores = score_articles(rows, DOCS, resamples=20)
    raw = raw_count_indices(rows, scores).set_index("article")
    assert raw.loc["a", "raw_islamists_index"] == pytest.approx(1 / 3)
    assert raw.loc["a", "islamists_index"] == 1.0
    # the terror label on the brigades is the pro-Haftar pole of his war's framing
    assert raw.loc["a", "raw_haftar_index"] == 1.0 and raw.loc["a", "haftar_index"] == 1.0
    assert actor_counts(rows)["count"].tolist() == [1]
    targets = frames_by_target(rows).set_index(["target", "family"])["count"]
    assert targets[("(none)", "revolution")] == 1
    forest = index_table(scores)
    assert len(forest) == 6
    assert set(forest["index"]) == {"islamists_index", "adversaries_index", "haftar_index"}
    assert forest.set_index(["article", "index"]).loc[("a", "islamists_index"), "n"] == 1


def test_indices_without_reported_speech():
    rows = [dict(mention(sentence=0), reported_by=""),
            dict(mention(sentence=1, category="revolution", family="revolution"), reported_by=""),
            dict(mention(sentence=2), reported_by="قالت … أن"),
            dict(mention(article="b", target="haftar", category="legitimising",
                         family="legitimising"), reported_by="أعلن … أن")]
    table = reported_speech_indices(pd.DataFrame(rows), DOCS).set_index("article")
    a, b = table.loc["a"], table.loc["b"]
    assert (a.islamists_n, a.islamists_reported) == (3, 1)
    assert a.islamists_index == pytest.approx(1 / 3) and a.islamists_index_unreported == 0
    assert (b.haftar_n, b.haftar_reported, b.haftar_index) == (1, 1, 1)
    assert math.isnan(b.haftar_index_unreported)


def test_reported_speech_indices_agree_with_the_scores_on_the_seeds():
    from framing.measure.mentions import load_lexicons, measure
    from framing.text.corpus import load_corpus

    mentions, documents = measure(load_corpus(), load_lexicons())
    table = reported_speech_indices(mentions, documents)
    scores = score_articles(mentions, documents, resamples=50)
    # the score row reads the author's own voice: reported claims left out
    for name in ("islamists", "adversaries", "haftar"):
        assert np.allclose(table[f"{name}_index_unreported"], scores[f"{name}_index"],
                           equal_nan=True)
    # 003's Islamist terror labels are a claim attributed to sources (أكدت … أن): with them
    # the index is positive; in the author's own voice only the neutral names are left (0)
    row = table.set_index("article").loc[[a for a in table.article if a.startswith("003")][0]]
    assert row.islamists_reported >= 2 and row.islamists_index > 0
    assert row.islamists_index_unreported == 0


def test_the_reported_speech_rows_are_the_ones_the_table_counts():
    from framing.measure.mentions import load_lexicons, measure
    from framing.measure.scores import reported_speech_mentions
    from framing.text.corpus import load_corpus

    mentions, documents = measure(load_corpus(), load_lexicons())
    table = reported_speech_indices(mentions, documents).set_index("article")
    rows = reported_speech_mentions(mentions)
    # claims (names in a paraphrase count anyway), each mention once
    assert set(rows["kind"]) <= {"frame", "actor", "title"} and (rows["reported_by"] != "").all()
    assert not rows.duplicated(["article", "start", "end", "entry_id"]).any()
    for name in ("islamists", "adversaries", "haftar"):
        feeds = rows[rows["components"].str.contains(f"{name}_")]
        counted = feeds.groupby("article").size().reindex(table.index, fill_value=0)
        assert counted.tolist() == table[f"{name}_reported"].tolist(), name
