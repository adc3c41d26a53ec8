"""Names and brands the lexicon lacked until the sixteenth session (issue 15): our own sentences,
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


# A second round, from the misses of final14-final18 (sixteenth session) -----------------------

def test_the_dissolved_house_counts_against_haftars_camp(lexicons):
    # after the Supreme Court's ruling of November 2014 anti-Haftar copy calls his parliament
    # dissolved; the House counts for his camp as Turkey counts for his adversaries'
    table = mentions(lexicons, "وأصدر مجلس النواب المنحل قرارا بتعيين حفتر.",
                     date=datetime.date(2015, 3, 1))
    word = frame(table, "مجلس النواب المنحل")
    assert (word.entry_id, word.target) == ("delegitimising.dissolved_house",
                                            "house_of_representatives")
    assert components_of(table, "مجلس النواب المنحل") == {"haftar_D"}
    # before the ruling a dissolved parliament is no brand of the House
    early = mentions(lexicons, "وأصدر مجلس النواب المنحل قرارا.", date=datetime.date(2014, 9, 1))
    assert "delegitimising.dissolved_house" not in set(early["entry_id"])


def test_the_tobruk_army_is_a_name_that_denies_the_national_one(lexicons):
    table = mentions(lexicons, "وتقدم جيش طبرق نحو ميناء بنغازي.", date=datetime.date(2015, 3, 1))
    word = frame(table, "جيش طبرق")
    assert (word.entry_id, word.target) == ("delegitimising.tobruk_army", "haftar")
    assert components_of(table, "جيش طبرق") == {"haftar_D"}


def test_the_army_a_defector_left_is_no_legitimising_name(lexicons):
    table = mentions(lexicons, "وصل اللواء المنشق عن الجيش الليبي إلى بنغازي.",
                     date=datetime.date(2014, 5, 20))
    assert "legitimising.libyan_army" not in set(table["entry_id"])
    assert "legitimising.state_army" not in set(table["entry_id"])
    assert frame(table, "المنشق عن الجيش الليبي").target == "haftar"


@pytest.mark.parametrize("text, verb", [
    ("وفي الصباح كانت قوات الجيش الليبي تحرر درنة من الإرهابيين.", "تحرر"),
    ("وحرر الجيش الليبي منطقة القوارشة.", "وحرر"),
])
def test_a_liberation_verb_is_the_liberators(lexicons, text, verb):
    table = mentions(lexicons, text, date=datetime.date(2018, 6, 1))
    word = frame(table, verb)
    assert (word.entry_id, word.target) == ("legitimising.liberating", "haftar")
    assert "haftar_L" in components_of(table, verb)


def test_freeing_hostages_is_no_liberation_and_a_liberated_city_names_no_one(lexicons):
    assert not (mentions(lexicons, "وحرر الأسرى المحتجزين في السجن.")["kind"] == "frame").any()
    # what a city is liberated from is not its liberator
    table = mentions(lexicons, "وعادت الحياة إلى الأحياء المحررة من داعش.")
    assert (frame(table, "المحررة").target, frame(table, "المحررة").target_rule) == ("", "none")


def test_a_council_of_revolutionaries_is_a_name(lexicons):
    # issue 15, item 3: the revolution word inside a name is no frame word
    table = mentions(lexicons, "وأعلن مجلس ثوار بنغازي سيطرته على المعسكر.",
                     date=datetime.date(2014, 11, 1))
    assert not (table["kind"] == "frame").any()
    assert set(table["category"]) == {"islamist_brigades"}
