"""The patrons of Haftar's adversaries, fourteenth session (issue 15): our own
sentences, written to reproduce what the readers of pro-Haftar copy found (never
copied from it). A frame word about Turkey or Qatar is about the patron — the
target rules find the patron and the coders read it so — and counts for the camp
the patron arms (framing.measure.schema.DEFAULT_PATRONS)."""

from __future__ import annotations

import datetime

import pytest

from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.schema import DEFAULT_PATRONS, SCORE_COLUMNS, index_components_of
from framing.measure.scorer import Scorer
from framing.measure.scores import index_components
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def mentions(lexicons, text: str, date: str = "2020-01-15"):
    return article_mentions(Article("t", text, None, {"date": date}), lexicons)


def fed(lexicons, text: str) -> list[str]:
    return sorted(index_components(mentions(lexicons, text))["component"])


def test_a_patrons_militias_are_the_camp_it_arms(lexicons):
    text = "وتمول قطر ميليشياتها ومرتزقتها في طرابلس."
    table = mentions(lexicons, text)
    frames = table[table["kind"] == "frame"]
    assert set(frames["target"]) == {"qatar"}  # the mention is about the patron ...
    # ... and the index counts it for the camp the patron arms
    assert fed(lexicons, text) == ["adversaries_T"] * 2 + ["haftar_L"] * 2


def test_the_patron_mapping_feeds_the_score_row(lexicons):
    row = dict(zip(SCORE_COLUMNS, Scorer(resamples=200).score(
        "t", "وتمول قطر ميليشياتها ومرتزقتها في طرابلس.",
        datetime.date(2020, 1, 15))))
    assert (row["adversaries_T"], row["adversaries_Z"], row["adversaries_index"]) == (2, 0, 1)
    assert (row["haftar_L"], row["haftar_index"]) == (2, 1)


def test_a_patrons_name_is_not_a_name_of_the_camp(lexicons):
    # naming Turkey or Qatar names no side of the war: no Z, no index
    assert fed(lexicons, "وأعلنت تركيا إرسال قوات إلى ليبيا. ورحبت قطر بالقرار.") == []


def test_qatar_is_apart_from_the_gulf_states_that_back_haftar(lexicons):
    table = mentions(lexicons, "ورحبت الإمارات وقطر والسعودية بالهدنة.")
    assert table["target"].tolist() == ["gulf", "qatar", "gulf"]


@pytest.mark.parametrize("patron", ["egypt", "gulf", "russia", "west", "un"])
def test_other_outside_parties_are_nobodys_camp(patron):
    # Haftar's own patrons are not mapped: beside them a terror word is mostly
    # their own war on terror; mapping them gained nothing on the labelled articles
    assert patron not in DEFAULT_PATRONS
    assert index_components_of("terrorism", patron, (), ("haftar_adversaries",)) == ()


def test_the_patrons_are_a_parameter():
    camp = ("haftar_adversaries",)
    assert index_components_of("terrorism", "qatar", (), camp) == ("adversaries_T", "haftar_L")
    assert index_components_of("revolution", "turkey", (), camp) == ("adversaries_R", "haftar_D")
    assert index_components_of("terrorism", "qatar", (), camp, patrons={}) == ()
