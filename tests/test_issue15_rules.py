"""The measurement revised on real coverage (issue 15): each rule with our own
sentences (never copied from the development set), through the reference
pipeline and the fast scorer, which must agree."""

from __future__ import annotations

import math

import pytest

from framing.measure.mentions import article_mentions, load_lexicons, measure
from framing.measure.schema import SCORE_COLUMNS
from framing.measure.scorer import Scorer
from framing.measure.scores import score_articles
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def art(text: str, date: str = "2019-06-01") -> Article:
    return Article("t", text, None, {"date": date})


def mention(table, surface):
    rows = table[table.surface == surface]
    assert len(rows), (surface, table.surface.tolist())
    return rows.iloc[0]


def row(scorer, lexicons, text, date="2019-06-01"):
    """The fast scorer's row, checked against the reference pipeline's."""
    import datetime as dt

    fast = dict(zip(SCORE_COLUMNS, scorer.score("t", text, dt.date.fromisoformat(date))))
    ref = score_articles(*measure([art(text, date)], lexicons), resamples=200).iloc[0]
    for column in SCORE_COLUMNS:
        a, b = fast[column], ref[column]
        if isinstance(a, float) and math.isnan(a):
            assert isinstance(b, float) and math.isnan(b), column
        elif isinstance(a, float):
            assert a == pytest.approx(b), column
        else:
            assert a == b, column
    return fast


# 1. naming is not framing --------------------------------------------------

def test_wire_copy_with_official_names_scores_zero(scorer, lexicons):
    text = ("دارت اشتباكات جنوب العاصمة بين قوات الجيش الوطني الليبي بقيادة المشير خليفة حفتر "
            "والقوات الموالية لحكومة الوفاق. ودعا المبعوث الأممي إلى هدنة.")
    r = row(scorer, lexicons, text)
    assert r["haftar_index"] == 0 and r["haftar_L"] == r["haftar_D"] == 0
    assert r["haftar_Z"] >= 3 and r["haftar_index_high"] - r["haftar_index_low"] >= 0.5


def test_the_choice_among_names_frames(scorer, lexicons):
    hostile = row(scorer, lexicons, "تواصل ميليشيات حفتر العدوان على طرابلس منذ أسابيع.")
    warm = row(scorer, lexicons, "يواصل الجيش الليبي تقدمه ضمن عملية تحرير طرابلس.")
    assert hostile["haftar_index"] < 0 < warm["haftar_index"]


def test_retired_general_is_a_choice_only_after_his_promotion(scorer, lexicons):
    text = "قاد اللواء المتقاعد خليفة حفتر هجوما في بنغازي."
    assert row(scorer, lexicons, text, "2014-05-20")["haftar_D"] == 0     # his status then
    assert row(scorer, lexicons, text, "2019-05-20")["haftar_D"] == 1     # a choice now


# 2. the adversaries as a camp ----------------------------------------------

def test_adversaries_index_sees_the_camp_without_an_islamist_name(scorer, lexicons):
    pro = row(scorer, lexicons, "تصدت القوات المسلحة لهجوم ميليشيات الوفاق والمرتزقة السوريين.")
    anti = row(scorer, lexicons, "صدت قوات الحكومة الشرعية هجوما جديدا جنوب العاصمة.")
    assert pro["adversaries_index"] == 1 and math.isnan(pro["islamists_index"])
    assert anti["adversaries_index"] == -1
    # the stance on Haftar's war reads both camps
    assert pro["haftar_index"] > 0 > anti["haftar_index"]


# 3. a proper name is never a frame word ------------------------------------

def test_a_name_with_a_frame_word_is_a_name(scorer, lexicons):
    text = "أعلن مجلس شورى ثوار بنغازي انسحابه من الحي."
    table = article_mentions(art(text), lexicons)
    assert not (table.kind == "frame").any()
    assert row(scorer, lexicons, text)["revolution"] == 0


# 4. targets through the grammar of opposition --------------------------------

def test_the_object_of_hafters_fight_is_his_adversary(lexicons):
    text = "يواصل الجيش الوطني تقدمه لتحرير العاصمة من أيدي الميليشيات."
    hit = mention(article_mentions(art(text), lexicons), "الميليشيات")
    assert (hit.target, hit.target_rule) == ("haftar_adversaries", "opponent")
    assert hit.opposed == "من أيدي"


def test_the_object_of_his_adversaries_fight_is_his_camp(lexicons):
    text = "تخوض قوات بركان الغضب معارك ضد المرتزقة جنوب العاصمة."
    hit = mention(article_mentions(art(text), lexicons), "المرتزقة")
    assert (hit.target, hit.target_rule) == ("haftar", "opponent")


def test_the_nearest_actor_is_never_an_outside_party(lexicons):
    text = "رحبت القاهرة والأمم المتحدة بانسحاب المسلحين، فيما هاجمت الميليشيات الميناء."
    hit = mention(article_mentions(art(text), lexicons), "الميليشيات")
    assert hit.target == ""


def test_a_liberation_verb_is_the_liberators(lexicons):
    text = "أكملت قوات حفتر تحرير المدينة بعد معارك مع مجلس شورى مجاهدي درنة."
    hit = mention(article_mentions(art(text), lexicons), "تحرير")
    assert hit.target == "haftar"


def test_anaphora_follows_the_last_explicit_label(lexicons):
    text = "قصفت ميليشيات حفتر حيا سكنيا. وقال شهود إن القصف استمر ساعات. وانسحبت الميليشيات ليلا."
    hit = mention(article_mentions(art(text), lexicons), "الميليشيات")
    assert (hit.target, hit.target_rule) == ("haftar", "anaphora")


# 5. attribution: a source's claim is not the author's voice ---------------------

def test_reported_claims_feed_no_index(scorer, lexicons):
    text = "وقالت القيادة العامة إن الجيش يحارب الجماعات الإرهابية في الجنوب."
    r = row(scorer, lexicons, text)
    assert r["adversaries_T"] == 0 and r["haftar_L"] == 0
    assert r["haftar_index"] == 0  # the names of the paraphrase are the author's: neutral


def test_contrast_a_label_beside_the_other_sides_honoured_name(lexicons):
    # pro-Haftar: the army's name honours his side, so the militias are the other camp
    text = "تقدم الجيش الوطني بسرعة كبيرة في الأحياء الجنوبية نحو مواقع الميليشيات."
    hit = mention(article_mentions(art(text), lexicons), "الميليشيات")
    assert (hit.target, hit.target_rule) == ("haftar_adversaries", "contrast")
    # anti-Haftar: the government forces are honoured, the militias are his
    text = "في محور المطار واجهت القوات الحكومية طوال الليل عناصر المليشيات."
    hit = mention(article_mentions(art(text), lexicons), "المليشيات")
    assert (hit.target, hit.target_rule) == ("haftar", "contrast")


def test_a_pretext_covers_the_object_of_the_cleansing(lexicons):
    text = "وبزعم تطهير المدينة من الجماعات المتطرفة، قصفت الطائرات أحياء سكنية."
    table = article_mentions(art(text), lexicons)
    assert set(table[table.kind == "frame"].voice) == {"distanced"}


def test_described_as_is_the_describers_label(lexicons):
    text = "ووصف المكتب الإعلامي للقيادة خصومه بالخوارج في بيان مساء أمس."
    hit = mention(article_mentions(art(text), lexicons), "بالخوارج")
    assert hit.voice == "distanced"


DEVICES = "validation/devices"


def test_the_device_articles_read_as_labelled():
    """Our own device articles (validation/devices): the sign of each index agrees
    with the label wherever the label takes a side, and neutral wire copy is at 0."""
    from pathlib import Path

    from framing.report.validate import validate_labels

    root = Path(__file__).resolve().parents[1] / DEVICES
    rows = validate_labels(root / "labels.csv", root, resamples=50)["articles"].set_index("id")
    # neutral wire copy: near 0 (the criterion, |index| <= 0.3); not exactly 0 since
    # the speaker it names, "the national army's media office", is an unmarked army name
    assert abs(rows.loc["d01_wire_official_names", "haftar_index"]) <= 0.3
    for device, column, label in [("d02_naming_hostile", "haftar_index", -1),
                                  ("d03_pro_camp_labels", "adversaries_index", 1),
                                  ("d04_anti_legitimate_forces", "adversaries_index", -1),
                                  ("d06_object_of_fight", "adversaries_index", 1),
                                  ("d10_label_inversion", "haftar_index", -1),
                                  ("d16_pro_column_our_forces", "haftar_index", 1)]:
        assert rows.loc[device, column] * label > 0, device
    assert rows.loc["d07_distancing_markers", "haftar_index"] <= 0


# 5b. a refused label is the author's own stance: the opposite pole ------------------------
# (our sentences; the markers are data: `refuses` in framing/data/voice_markers.yaml)

def test_a_refused_army_name_is_a_delegitimising_name(scorer, lexicons):
    text = "شنت قوات ما يسمى الجيش الوطني الليبي قصفا على أحياء العاصمة."
    table = article_mentions(art(text), lexicons)
    name = mention(table, "الجيش الوطني الليبي")
    assert (name.voice, bool(name.refused)) == ("distanced", True)
    r = row(scorer, lexicons, text)
    assert (r["haftar_L"], r["haftar_D"]) == (0, 1) and r["haftar_index"] < 0


def test_a_refused_terror_label_counts_for_the_adversaries(scorer, lexicons):
    # "under the pretext of fighting terrorism": the author does not call them terrorists
    text = "وهاجمت قوات حفتر مدينة درنة بدعوى محاربة الإرهاب."
    r = row(scorer, lexicons, text)
    assert (r["adversaries_T"], r["adversaries_R"]) == (0, 1)
    assert r["haftar_D"] == 1 and r["haftar_index"] < 0


def test_a_pretext_refuses_the_claims_words_not_the_names_in_it(scorer, lexicons):
    # "under the guise of fighting ISIS and the terrorists": the writer rejects the claim, not
    # the name of the organisation
    text = "وشنت قوات حفتر هجوما على درنة تحت ستار محاربة داعش والإرهابيين."
    table = article_mentions(art(text), lexicons)
    assert not bool(mention(table, "داعش").refused)
    assert bool(mention(table, "والإرهابيين").refused)


def test_a_refused_revolution_label_counts_as_terror(scorer, lexicons):
    text = "وطرد الجيش من بنغازي ما يسمى بالثوار بعد معارك طويلة."
    r = row(scorer, lexicons, text, "2015-06-01")
    assert r["adversaries_T"] == 1 and r["adversaries_R"] == 0


def test_attribution_is_not_refusal(scorer, lexicons):
    # "whom he described as terrorists", "accused": the label is someone else's, counted nowhere
    for text in ("وتوعد حفتر من وصفهم بالإرهابيين في طرابلس.",
                 "واتهم السراج حفتر بالانقلاب على الشرعية."):
        table = article_mentions(art(text), lexicons)
        frames = table[table.kind == "frame"]
        assert (frames.voice == "distanced").all() and not frames.refused.any(), text
        r = row(scorer, lexicons, text)
        assert r["haftar_L"] == r["haftar_D"] == 0 and r["adversaries_T"] == r["adversaries_R"] == 0


def test_a_refusal_in_reported_speech_is_the_sources(scorer, lexicons):
    text = "وقال المتحدث باسم حكومة الوفاق إن ما يسمى الجيش الوطني الليبي قصف المطار."
    table = article_mentions(art(text), lexicons)
    name = mention(table, "الجيش الوطني الليبي")
    assert bool(name.refused) and name.reported_by
    assert row(scorer, lexicons, text)["haftar_D"] == 0


# 5c. quotation marks around a proper name are house style, not someone else's words ------

def test_a_name_alone_in_quotation_marks_is_the_authors(lexicons):
    text = 'وأعلنت عملية "بركان الغضب" التابعة لحكومة «الوفاق» تقدمها جنوب العاصمة.'
    table = article_mentions(art(text), lexicons)
    for surface in ("الوفاق", "بركان الغضب"):
        rows = table[table.surface.str.contains(surface)]
        assert len(rows) and (rows.voice == "authorial").all(), (surface, rows.voice.tolist())


@pytest.mark.parametrize("text, surface", [
    # the quotation marks set off the name inside the phrase, not the phrase (eleventh
    # session, from the blind-coded mentions): the head word before them is the writer's
    ('وقصفت ميليشيات "حفتر" الأحياء الجنوبية.', "ميليشيات \"حفتر"),
    ('وقال قائد «الجيش الوطني الليبي» إن قواته تقدمت.', "قائد «الجيش الوطني الليبي"),
])
def test_a_name_in_quotation_marks_inside_a_phrase_leaves_the_phrase_the_authors(
        lexicons, text, surface):
    table = article_mentions(art(text), lexicons)
    assert mention(table, surface).voice == "authorial"


def test_a_frame_word_alone_in_quotation_marks_stays_quoted(lexicons):
    # scare quotes on a label ("the 'revolutionaries'") remain the voice of others
    text = 'وسيطر من يسمون أنفسهم "الثوار" على المطار.'
    table = article_mentions(art(text), lexicons)
    assert mention(table, "الثوار").voice != "authorial"


# lexicon entries found missing in real copy (our sentences) ------------------------------

def test_gangs_are_a_militia_label_but_guerrilla_war_is_not(lexicons):
    table = article_mentions(art("وطردت القوات عصابات حفتر من المطار، بعد حرب عصابات طويلة."),
                             lexicons)
    frames = table[table.kind == "frame"]
    assert frames.entry_id.tolist() == ["militia.gangs"]
    assert frames.iloc[0].target == "haftar"


def test_turkish_militias_are_the_adversaries_camp(scorer, lexicons):
    r = row(scorer, lexicons, "وتصدى الجيش الوطني الليبي لتقدم الميليشيات التركية نحو سرت.")
    assert r["adversaries_T"] == 1 and r["haftar_L"] >= 1


def test_the_putschist_epithet_but_not_an_overturned_car(lexicons):
    table = article_mentions(art("وقصفت طائرات المنقلب حفتر المدينة، وعثر على سيارة منقلبة."),
                             lexicons)
    frames = table[table.kind == "frame"]
    assert frames.entry_id.tolist() == ["delegitimising.munqalib"]


# label inversion and names in a paraphrase (our sentences) --------------------------------

def test_label_inversion_across_the_article(scorer, lexicons):
    # a writer who calls Haftar's forces militias calls the other camp "the Libyan army"
    text = ("تواصل ميليشيات حفتر قصف الأحياء السكنية جنوب العاصمة. "
            "وتقدم الجيش الليبي نحو مطار طرابلس بعد معارك عنيفة.")
    table = article_mentions(art(text), lexicons)
    army = mention(table, "الجيش الليبي")
    assert (army.target, army.target_rule) == ("haftar_adversaries", "inverted")
    r = row(scorer, lexicons, text)
    assert r["haftar_L"] == 0 and r["haftar_D"] == 2 and r["adversaries_R"] == 1


def test_no_inversion_when_only_a_quoted_source_brands_haftar(lexicons):
    text = ('وقال المتحدث باسم حكومة الوفاق: "ميليشيات حفتر تقصف المدنيين". '
            "وتقدم الجيش الليبي نحو مطار طرابلس.")
    army = mention(article_mentions(art(text), lexicons), "الجيش الليبي")
    assert (army.target, army.target_rule) == ("haftar", "default")


def test_a_name_in_a_paraphrase_is_the_writers_choice_a_claim_is_not(scorer, lexicons):
    # "the retired general" names Haftar in the journalist's paraphrase: it counts;
    # "the terrorists" in the same paraphrase is the source's claim: it does not
    text = ("وأعلنت حكومة الوفاق أن قوات اللواء المتقاعد خليفة حفتر قصفت مواقع "
            "الإرهابيين في المدينة.")
    table = article_mentions(art(text), lexicons)
    assert mention(table, "اللواء المتقاعد").reported_by
    r = row(scorer, lexicons, text)
    assert r["haftar_D"] == 1 and r["adversaries_T"] == 0


def test_reported_speech_in_the_present_tense_and_as_a_participle(lexicons):
    # "… affirming that" / "the government says that": the claim is the source's, as after قال أن
    for text in ("وهاجم المتحدث الحكومة مؤكدا أن الميليشيات الإرهابية تسيطر على المدينة.",
                 "وتقول الحكومة إن الميليشيات الإرهابية تسيطر على المدينة."):
        table = article_mentions(art(text), lexicons)
        assert mention(table, "الإرهابية").reported_by, text


# brands with a default referent; direct speech after a colon (eighth session) ---------------

def test_a_coup_or_an_aggression_is_haftars_by_default_not_the_nearest_actors(scorer, lexicons):
    # the nearest actor is the government that foils the coup, not the putschist
    text = "ورحبت حكومة الوفاق باستعادة المدينة وعدتها بداية لإحباط الانقلاب على الشرعية."
    coup = mention(article_mentions(art(text), lexicons), "الانقلاب")
    assert (coup.target, coup.target_rule) == ("haftar", "default")
    assert row(scorer, lexicons, text)["haftar_D"] == 1


def test_a_default_brand_still_takes_an_adjacent_name(lexicons):
    # an adjacent anchor names whose aggression it is: here Turkey's, in pro-Haftar copy
    table = article_mentions(art("وحذر المتحدث من أن عدوان أردوغان على ليبيا لن يمر."), lexicons)
    aggression = mention(table, "عدوان")
    assert (aggression.target, aggression.target_rule) == ("turkey", "adjacent")


def test_inversion_moves_an_honouring_default_name_only(lexicons):
    # a writer who brands Haftar's forces calls the other camp the Libyan army, but the
    # aggression is still Haftar's: a default brand does not change hands
    text = ("تواصل ميليشيات حفتر قصف الأحياء السكنية جنوب العاصمة. "
            "وتقدم الجيش الليبي نحو المطار. ويتواصل العدوان منذ شهرين.")
    table = article_mentions(art(text), lexicons)
    army, aggression = mention(table, "الجيش الليبي"), mention(table, "العدوان")
    assert (army.target, army.target_rule) == ("haftar_adversaries", "inverted")
    assert (aggression.target, aggression.target_rule) == ("haftar", "default")


def test_direct_speech_after_a_colon_is_quoted(scorer, lexicons):
    # no quotation marks: a verb of saying, then a colon, then the speaker's words
    text = ("وقال قائد المحور في تصريح: الميليشيات الإرهابية قصفت الحي. "
            "وتواصل الميليشيات الإرهابية قصف الأحياء.")
    table = article_mentions(art(text), lexicons)
    first, second = table[table.surface == "الإرهابية"].itertuples()
    assert (first.voice, first.voice_marker) == ("quoted", ":…")
    assert second.voice == "authorial"
    # a colon that follows no verb of saying (a dateline, a heading) quotes nothing
    table = article_mentions(art("طرابلس: الميليشيات الإرهابية قصفت الحي."), lexicons)
    assert mention(table, "الإرهابية").voice == "authorial"


def test_a_headline_after_a_speakers_name_and_a_colon_is_quoted(scorer, lexicons):
    # the headline convention "Speaker: words", no verb of saying (sixteenth session)
    text = ("البرلمان الليبي: ميليشيات فجر ليبيا جماعة إرهابية\n"
            "وصوت النواب على القرار بالإجماع.")
    table = article_mentions(art(text, "2014-09-01"), lexicons)
    label = mention(table, "جماعة إرهابية")
    assert (label.voice, label.voice_marker) == ("quoted", ":…")
    assert mention(table, "البرلمان الليبي").voice == "authorial"  # the speaker is named
    # the index counts no quoted words: the headline is the parliament's, not the author's
    assert row(scorer, lexicons, text, "2014-09-01")["islamists_n"] == 0
    # a topic label or a heading before the colon names no speaker: the words are the author's
    # nor a dateline, whose place may be an outside party or whose dash or parenthesis shows it
    for text in ("ليبيا: ميليشيات فجر ليبيا جماعة إرهابية", "عاجل: ميليشيات فجر ليبيا جماعة إرهابية",
                 "القاهرة: ميليشيات فجر ليبيا جماعة إرهابية",
                 "طرابلس - القاهرة - وكالات: ميليشيات فجر ليبيا جماعة إرهابية",
                 "بنغازي – (الجيش الوطني): ميليشيات فجر ليبيا جماعة إرهابية"):
        table = article_mentions(art(text, "2014-09-01"), lexicons)
        assert mention(table, "جماعة إرهابية").voice == "authorial"
    # nor does an actor beyond the first words of a sentence
    text = "وعادت الحياة إلى الأسواق والمدارس في الضواحي الجنوبية بعد انسحاب قوات حفتر: الإرهاب انتهى"
    assert mention(article_mentions(art(text), lexicons), "الإرهاب").voice == "authorial"


def test_a_conjunct_stands_with_the_anchor_before_it_or_against_it_after_between(lexicons):
    # "the government's forces in Tripoli and the militias backing it": the militias are its allies,
    # not its opponents (no contrast across a conjunction)
    table = article_mentions(art("استعادت قوات الحكومة في طرابلس والمليشيات المناصرة لها المطار."),
                             lexicons)
    militias = mention(table, "والمليشيات")
    assert (militias.target, militias.target_rule) == ("gna", "adjacent")
    # "clashes between Haftar's forces and the city's revolutionaries": the two sides of a fight
    table = article_mentions(art("اندلعت اشتباكات بين قوات حفتر وثوار المدينة."), lexicons)
    rebels = mention(table, "وثوار")
    assert (rebels.target, rebels.target_rule) == ("haftar_adversaries", "contrast")


def test_the_parallel_governments_forces_are_not_the_government_forces(lexicons):
    # قوات الحكومة counts for the GNA side, but not inside "the parallel / interim government's forces"
    table = article_mentions(art("سيطرت قوات الحكومة الموازية على الموانئ.", "2016-09-13"),
                             lexicons)
    assert "legitimising.legitimate_government" not in table.entry_id.tolist()
    table = article_mentions(art("سيطرت قوات الحكومة على الموانئ.", "2016-09-13"), lexicons)
    assert mention(table, "قوات الحكومة").target == "gna"


def test_a_liberation_word_is_the_subjects_act_not_the_object_of_a_fight(lexicons):
    # an attack "to liberate" the city: the liberation is Haftar's, though هجوم governs it
    table = article_mentions(art("وأطلق حفتر في مايو هجوما لتحرير المدينة الساحلية."), lexicons)
    liberation = mention(table, "لتحرير")
    assert liberation.target == "haftar"
