"""Brands the lexicon lacked until the sixteenth session (issue 15): our own sentences,
written to reproduce devices read in real copy of the untouched halves (never copied
from it).

* The nisba adjectives of ISIS and of the Brotherhood (داعشي، إخواني) brand the referent
  they qualify: حفتر الداعشي in an anti-Haftar column, حكومة الوفاق الإخوانية in a
  pro-Haftar one (``terrorism.daeshi``, ``extremism.ikhwani`` in
  framing/data/lexicons/framing.yaml). The organisations' names stay actors.
* Russia's mercenaries are Haftar's (``mercenary.russian_mercenaries``, a label like
  مرتزقة أردوغان for the other camp): no rule of proximity may hand them to the forces
  that fight them."""

from __future__ import annotations

import datetime

import pytest

from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.scores import index_components
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def mentions(lexicons, text: str, date=datetime.date(2020, 3, 1)):
    return article_mentions(Article("t", text, None, {"date": date}), lexicons)


def frame(table, surface: str):
    rows = table[(table["kind"] == "frame") & (table["surface"] == surface)]
    assert len(rows) == 1, table[["surface", "entry_id", "target", "target_rule"]]
    return rows.iloc[0]


def components_of(table, surface: str) -> set[str]:
    fed = index_components(table)
    return set(fed[fed["surface"] == surface]["component"])


def test_the_isis_nisba_brands_the_name_it_follows(lexicons):
    table = mentions(lexicons, "ويواصل حفتر الداعشي قصف الأحياء السكنية في العاصمة.")
    word = frame(table, "الداعشي")
    assert (word.entry_id, word.target) == ("terrorism.daeshi", "haftar")
    assert components_of(table, "الداعشي") == {"haftar_D"}


def test_the_isis_nisba_before_a_name_brands_that_name(lexicons):
    word = frame(mentions(lexicons, "وأعلن الداعشي حفتر حربه على المدينة."), "الداعشي")
    assert word.target == "haftar"


def test_the_organisation_itself_stays_an_actor(lexicons):
    table = mentions(lexicons, "وفر عناصر من الدواعش إلى الجنوب.")
    assert not (table["kind"] == "frame").any()
    assert set(table["category"]) == {"jihadists"}


def test_the_brotherhood_nisba_brands_the_government_it_qualifies(lexicons):
    table = mentions(lexicons, "ورفضت حكومة الوفاق الإخوانية وقف إطلاق النار.")
    word = frame(table, "الإخوانية")
    assert (word.entry_id, word.target, word.target_rule) == ("extremism.ikhwani", "gna",
                                                              "adjacent")
    assert components_of(table, "الإخوانية") == {"adversaries_T", "haftar_L"}


def test_the_brotherhood_nisba_alone_names_a_brotherhood_man(lexicons):
    # the nearest actor (ISIS, the army) is someone else: the word's own default referent
    text = "وقال القيادي الإخواني إن الدواعش فروا من سرت أمام الجيش الوطني."
    word = frame(mentions(lexicons, text), "الإخواني")
    assert (word.target, word.target_rule) == ("muslim_brotherhood", "default")


def test_the_brotherhood_nisba_makes_a_bare_militia_word_the_brotherhoods(lexicons):
    table = mentions(lexicons, "وانسحبت الميليشيات الإخوانية من المطار.")
    assert frame(table, "الميليشيات").target == "muslim_brotherhood"


def test_the_party_and_the_movement_are_names_not_brands(lexicons):
    table = mentions(lexicons, "وقال حزب العدالة والبناء وجماعة الإخوان إنهما يرفضان الحرب.")
    assert not (table["kind"] == "frame").any()


@pytest.mark.parametrize("name", ["المرتزقة الروس", "مرتزقة فاغنر"])
def test_russian_mercenaries_are_haftars_beside_the_forces_that_fight_them(lexicons, name):
    text = f"وتصدت القوات الحكومية لهجوم شنه {name} جنوب العاصمة."
    table = mentions(lexicons, text)
    word = frame(table, name)
    assert (word.entry_id, word.target, word.target_rule) == (
        "mercenary.russian_mercenaries", "haftar", "label")
    assert components_of(table, name) == {"haftar_D"}
