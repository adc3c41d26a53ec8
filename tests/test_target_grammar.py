"""The grammar of who a word is about, ninth session (issue 15): each rule with
our own sentences, written to reproduce devices of real copy (never copied from
it), and each one failing without its rule."""

from __future__ import annotations

import pytest

from framing.measure.engine import (ArticleTokens, Engine, affiliation_object, beside,
                                    names_someone, qualifies_an_act)
from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.target import TARGET_RULES, load_cue_words
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def target(lexicons, text: str, surface: str, nth: int = 0) -> tuple[str, str]:
    table = article_mentions(Article("t", text, None, {"date": "2019-06-01"}), lexicons)
    rows = table[table["surface"] == surface]
    assert len(rows) > nth, (surface, table["surface"].tolist())
    row = rows.iloc[nth]
    return row["target"], row["target_rule"]


def test_the_word_lists_are_data():
    assert {"ضمن", "جانب", "صفوف"} <= load_cue_words("alongside")
    assert "مع" not in load_cue_words("alongside")  # اشتباكات مع: clashes against
    assert {"التابع", "المواليه"} <= load_cue_words("affiliation")
    assert {"ركن", "المتقاعد", "الليبي"} <= load_cue_words("title_modifiers")
    assert load_cue_words("no_such_section") == frozenset()
    assert "discourse" in TARGET_RULES


# a side's own fight, in the verb forms copy uses ------------------------------------------

@pytest.mark.parametrize("text", [
    "وقال المتحدث إن قوات الجيش الوطني الليبي تحارب الإرهابيين في الجنوب.",
    "وقال حفتر إننا نحارب الإرهاب نيابة عن العالم.",
    "وقالت مصادر إن قوات الجيش الوطني الليبي واجهت الإرهابيين قرب المطار.",
])
def test_what_a_side_fights_is_its_opponent(lexicons, text):
    surface = "الإرهاب" if "الإرهاب " in text else "الإرهابيين"
    assert target(lexicons, text, surface) == ("haftar_adversaries", "opponent")


def test_fighting_within_a_force_is_no_fight_against_it(lexicons):
    text = "وتضم المخازن أسلحة للميليشيات التي تقاتل ضمن قوات الوفاق."
    assert target(lexicons, text, "للميليشيات") == ("gna", "nearest")
    engine = Engine()
    t = ArticleTokens("الميليشيات التي تقاتل ضمن قوات الوفاق")
    assert beside(t, 2, t.n, engine.cue_bits)
    t = ArticleTokens("الميليشيات التي تقاتل قوات الوفاق")
    assert not beside(t, 2, t.n, engine.cue_bits)


def test_a_liberation_verb_reaches_over_a_long_place_name(lexicons):
    text = "أعلن حفتر تطهير الأحياء الشرقية لمدينة درنة من المسلحين المتطرفين."
    assert target(lexicons, text, "المتطرفين") == ("haftar_adversaries", "opponent")


def test_what_a_side_protects_from_is_its_opponent(lexicons):
    text = "وقال المسماري إن الهدف حماية السكان من الإرهابيين."
    assert target(lexicons, text, "الإرهابيين") == ("haftar_adversaries", "opponent")


def test_getting_rid_of_a_proxy_is_not_turkey(lexicons):
    # a force loyal to an outside party is its proxy, never that party
    text = "ويحاصر الجيش طرابلس للتخلص من الميليشيات الموالية لتركيا."
    assert target(lexicons, text, "الميليشيات") == ("haftar_adversaries", "opponent")


# whose a force is: affiliation, and one referent per name ------------------------------

def test_an_affiliation_phrase_says_whose_the_army_is(lexicons):
    text = "وقصف الجيش الليبي التابع لحكومة الوفاق مواقع قوات حفتر جنوب طرابلس."
    assert target(lexicons, text, "الجيش الليبي") == ("gna", "adjacent")
    detached = "وقصف الجيش الليبي التابع لـ حكومة الوفاق مواقع قوات حفتر."
    assert target(lexicons, detached, "الجيش الليبي") == ("gna", "adjacent")
    engine = Engine()
    assert affiliation_object(ArticleTokens("الجيش الليبي التابع لـ حكومة الوفاق"), 2,
                              engine.cue_bits) == 4
    assert affiliation_object(ArticleTokens("الجيش الليبي المدعوم من تركيا"), 2,
                              engine.cue_bits) == -1  # backing is not belonging


def test_a_name_keeps_the_referent_its_article_gave_it(lexicons):
    # Turkish wire style: the affiliation once, the bare name after, for the same forces
    text = ("وقصف الجيش الليبي التابع لحكومة الوفاق مواقع قوات حفتر جنوب طرابلس. "
            "وقال الجيش الليبي إنه أسقط طائرة مسيرة.")
    assert target(lexicons, text, "الجيش الليبي", 1) == ("gna", "discourse")
    # without the affiliation the bare name is Haftar's camp, as before
    alone = "وقال الجيش الليبي إنه أسقط طائرة مسيرة."
    assert target(lexicons, alone, "الجيش الليبي") == ("haftar", "default")


def test_a_name_tied_to_two_groups_keeps_its_default(lexicons):
    text = ("وتقدم الجيش الليبي التابع لحكومة الوفاق نحو المطار. وقال الجيش الليبي بقيادة خليفة حفتر "
            "إنه صد الهجوم. وأعلن الجيش الليبي حظر الطيران.")
    assert target(lexicons, text, "الجيش الليبي", 2) == ("haftar", "default")


def test_a_conjunct_after_a_name_is_not_its_possessor(lexicons):
    text = "واندلعت اشتباكات عنيفة بين الجيش الليبي وداعش في الضواحي."
    assert target(lexicons, text, "الجيش الليبي") == ("haftar", "default")
    # the possessor without و still is
    assert target(lexicons, "وتقدمت ميليشيات داعش في الضواحي.", "ميليشيات") == (
        "jihadists", "adjacent")


# titles of people no lexicon knows ------------------------------------------------

def test_the_title_of_someone_unnamed_in_the_lexicons_takes_no_target(lexicons):
    text = "وأكد الناطق باسم القوات الخاصة العقيد نوفل المهدي استعادة المعسكر."
    assert target(lexicons, text, "العقيد") == ("", "none")
    # Haftar's title through the words between a title and its bearer
    assert target(lexicons, "وأعلن اللواء ركن خليفة حفتر بدء العملية.", "اللواء")[0] == "haftar"
    # a bare title is still read (anaphora, nearest)
    assert target(lexicons, "واستقبل حفتر الوفد، وقال المشير إن الحرب انتهت.", "المشير")[0] == (
        "haftar")
    engine = Engine()
    t = ArticleTokens("وقال العقيد ميلود الزوي إن")
    assert names_someone(t, 2, set(), engine.title_modifiers, engine.given_names)
    assert not names_someone(t, 2, {2}, engine.title_modifiers, engine.given_names)


# the speaker of a brand -----------------------------------------------------------

def test_the_speaker_of_a_brand_is_not_its_target(lexicons):
    text = "وأكدت قوات حفتر أن مسلحين متطرفين يتحصنون في المطار."
    assert target(lexicons, text, "متطرفين") == ("haftar_adversaries", "opponent")
    # any brand in what the speaker says: the militias it says withdrew are its foes
    foes = "وأكدت قوات حفتر أن الميليشيات انسحبت من المطار."
    assert target(lexicons, foes, "الميليشيات") == ("haftar_adversaries", "opponent")


# the act a terror word qualifies; the holder of a place; who judges a label ------------------

def test_a_terror_word_qualifying_an_act_names_no_side(lexicons):
    # الهجوم الإرهابي is no attack on terrorists, and its grammar says nothing of who carried
    # it out: not Haftar, the fight's subject; only the unattached rule's camp (the coders
    # read the authors of such attacks as his adversaries)
    text = "وقال حفتر إن قواته سترد على الهجوم الإرهابي الذي استهدف الكنيسة."
    assert target(lexicons, text, "الإرهابي") == ("haftar_adversaries", "unattached")
    # an adjacent group still names its author
    assert target(lexicons, "وأدان البيان الهجوم الإرهابي لداعش.", "الإرهابي") == (
        "jihadists", "adjacent")
    engine = Engine()
    assert qualifies_an_act(ArticleTokens("العملية الإرهابية"), 1, "terrorism", engine.cue_bits)
    assert not qualifies_an_act(ArticleTokens("جرائم إرهابية"), 1, "terrorism", engine.cue_bits)


def test_the_holder_of_a_place_under_attack_is_the_object(lexicons):
    text = "وشنت طائرات حربية تابعة لقوات حفتر غارات جديدة على مواقع لمجموعات إسلامية متشددة."
    assert target(lexicons, text, "متشددة") == ("haftar_adversaries", "opponent")
    # a fight verb in a clause that opens with it does not govern its subject, and what the
    # subject attacks is not its referent
    vso = "وهاجمت الميليشيات مواقع قوات حفتر جنوب العاصمة."
    assert target(lexicons, vso, "الميليشيات") == ("", "none")


def test_a_label_someone_is_said_to_consider_true_is_not_the_writers(lexicons):
    table = article_mentions(Article("t", "والمدينة التي يعتبرها حفتر بؤرة إرهابية تقع شرقا.",
                                     None, {"date": "2018-05-01"}), lexicons)
    row = table[table["surface"] == "إرهابية"].iloc[0]
    assert (row["voice"], row["voice_marker"]) == ("distanced", "يعتبرها")


def test_a_fused_according_to_attributes_the_sentence(lexicons):
    table = article_mentions(Article("t", "وتعهد بالتصدي للتنظيمات الإرهابية، حسبما أفاد بيان.",
                                     None, {"date": "2016-05-01"}), lexicons)
    row = table[table["surface"] == "للتنظيمات الإرهابية"].iloc[0]
    assert row["voice"] == "distanced" and "حسبما" in row["voice_marker"]


def test_the_names_of_operation_dignity_are_haftars(lexicons):
    assert target(lexicons, "وقصفت قوات الكرامة المطار.", "قوات الكرامة") == ("haftar", "self")
    assert target(lexicons, "وتقدمت ميليشيات الكرامة نحو المطار.", "ميليشيات الكرامة") == (
        "haftar", "label")
