"""Honest uncertainty (issue 15, item 4): intervals that know how few mentions
an index rests on, the n beside every index, and the codebook sensitivity table."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

from framing.measure.schema import INDICES, SCORE_COLUMNS
from framing.measure.scorer import Scorer
from framing.measure.scores import codebook_sensitivity, index_table, score_articles
from framing.measure.uncertainty import design_effect, hull, index_interval, jeffreys_interval


def _layouts(total: int):
    """Every way to put ``total`` counted mentions (P or N) into sentences."""
    for p in range(total + 1):
        for sentences in itertools.product(range(total), repeat=total):
            pos, neg = {}, {}
            for k, s in enumerate(sentences):
                side = pos if k < p else neg
                side[s] = side.get(s, 0) + 1
            yield pos, neg


@pytest.mark.parametrize("total", [1, 2, 3])
def test_an_index_on_three_mentions_or_fewer_is_at_least_half_wide(total):
    for pos, neg in _layouts(total):
        # the sentence bootstrap says [v, v] on one-sided indices: the interval must not
        value = (sum(pos.values()) - sum(neg.values())) / total
        low, high = index_interval(pos, neg, (value, value))
        assert high - low >= 0.5, (pos, neg, low, high)
        assert -1 <= low <= value <= high <= 1


def test_more_mentions_narrow_the_interval_and_clustering_widens_it():
    spread = jeffreys_interval({s: 1 for s in range(20)}, {})
    one_sentence = jeffreys_interval({0: 20}, {})
    two = jeffreys_interval({0: 1, 1: 1}, {})
    assert spread[1] - spread[0] < two[1] - two[0]
    assert one_sentence[1] - one_sentence[0] > spread[1] - spread[0]
    assert design_effect({0: 20}, {}) == 20 and design_effect({0: 1, 1: 1}, {2: 1}) == 1
    assert all(math.isnan(v) for v in jeffreys_interval({}, {}))
    assert hull((float("nan"), float("nan")), (0.1, 0.2)) == (0.1, 0.2)


def test_every_index_has_its_n_beside_it_in_the_score_row():
    for name, pos, neg in INDICES:
        at = SCORE_COLUMNS.index(f"{name}_index")
        assert SCORE_COLUMNS[at - 4: at] == [f"{name}_{pos}", f"{name}_{neg}", f"{name}_Z",
                                             f"{name}_n"]
        assert SCORE_COLUMNS[at + 1: at + 3] == [f"{name}_index_low", f"{name}_index_high"]


def test_two_mentions_never_give_a_certain_index():
    # our own sentence: two legitimising names for Haftar's side, nothing else
    text = "تقدمت القوات المسلحة جنوبا. ويواصل الجيش الوطني عملياته."
    row = dict(zip(SCORE_COLUMNS, Scorer().score("t", text)))
    assert (row["haftar_n"], row["haftar_index"]) == (2, 1.0)
    assert row["haftar_index_high"] - row["haftar_index_low"] >= 0.5


def _mention(entry, family, target="haftar", article="a", sentence=0):
    return {"article": article, "kind": "frame", "voice": "authorial", "family": family,
            "target": target, "entry_id": entry, "sentence": sentence}


def test_codebook_sensitivity_flags_an_article_resting_on_one_entry():
    rows = pd.DataFrame([
        _mention("legitimising.tahrir", "legitimising"),
        _mention("legitimising.tahrir", "legitimising", sentence=1),
        _mention("delegitimising.inqilab", "delegitimising", sentence=2),
        _mention("militia.milishia", "terrorism", target="gna", article="b"),
        _mention("revolution.thuwwar", "revolution", target="gna", article="b", sentence=1),
        _mention("revolution.thuwwar", "revolution", target="gna", article="b", sentence=2),
    ])
    table = codebook_sensitivity(rows).set_index(["article", "index", "entry_id"])
    tahrir = table.loc[("a", "haftar_index", "legitimising.tahrir")]
    assert (tahrir["n"], tahrir["entry_n"], tahrir["value"], tahrir["without"]) == (3, 2, 1 / 3, -1)
    assert tahrir["sign_flips"]
    assert not table.loc[("a", "haftar_index", "delegitimising.inqilab"), "sign_flips"]
    thuwwar = table.loc[("b", "adversaries_index", "revolution.thuwwar")]
    assert thuwwar["sign_flips"] and thuwwar["without"] == 1.0


def test_forest_table_and_plot_carry_n():
    from framing.report import plotting

    rows = pd.DataFrame([dict(_mention("legitimising.tahrir", "legitimising"), start=0,
                              category="legitimising")])
    docs = pd.DataFrame({"article": ["a"], "tokens": [10], "sentences": [1]})
    forest = index_table(score_articles(rows, docs, resamples=20))
    haftar = forest.set_index("index").loc["haftar_index"]
    assert haftar["n"] == 1 and haftar["high"] - haftar["low"] >= 0.5
    fig = plotting.index_forest(forest)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "n=1" in texts
