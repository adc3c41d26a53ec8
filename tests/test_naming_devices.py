"""Naming devices of real copy, tenth session (issue 15): our own sentences,
written to reproduce what the readers of 2014–2017 articles found (never copied
from them), each failing without its entry, marker or narrowing."""

from __future__ import annotations

import pytest

from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.scores import index_components
from framing.measure.target import load_narrowing
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def mentions(lexicons, text: str, date: str = "2017-06-01"):
    return article_mentions(Article("t", text, None, {"date": date}), lexicons)


def row(lexicons, text: str, surface: str, date: str = "2017-06-01"):
    table = mentions(lexicons, text, date)
    rows = table[table["surface"] == surface]
    assert len(rows) == 1, (surface, table["surface"].tolist())
    return rows.iloc[0]


def fed(lexicons, text: str, date: str = "2017-06-01") -> list[str]:
    return sorted(index_components(mentions(lexicons, text, date))["component"])


# ties to a jihadist organisation ------------------------------------------------------------

@pytest.mark.parametrize("text, surface", [
    ("وهاجم مجلس شورى ثوار بنغازي التابع لتنظيم القاعدة مواقع الجيش.", "التابع لتنظيم القاعدة"),
    ("وتقدمت سرايا الدفاع عن بنغازي المرتبطة بالقاعدة نحو الموانئ.", "المرتبطة بالقاعدة"),
])
def test_a_tie_to_al_qaeda_brands_the_group_it_qualifies(lexicons, text, surface):
    found = row(lexicons, text, surface)
    assert (found["family"], found["target"], found["target_rule"]) == (
        "terrorism", "islamist_brigades", "adjacent")  # not al-Qaeda, named inside it
    assert "adversaries_T" in fed(lexicons, text)


def test_the_organisation_inside_the_tie_is_its_complement_not_its_referent(lexicons):
    # after a clause break the group before is no adjacent anchor: the organisation is
    text = "وأعلن مجلس شورى مجاهدي درنة، المرتبط بتنظيم القاعدة، سيطرته على الحي."
    assert tuple(row(lexicons, text, "المرتبط بتنظيم القاعدة")[["target", "target_rule"]]) == (
        "jihadists", "adjacent")


# names that deny legitimacy ------------------------------------------------------------------

def test_the_defector_general_is_a_name_for_haftar(lexicons):
    text = "وقصفت طائرات تابعة لقوات اللواء المنشق خليفة حفتر مواقع في المدينة."
    found = row(lexicons, text, "اللواء المنشق", "2014-06-01")
    assert (found["family"], found["target"]) == ("delegitimising", "haftar")
    assert "haftar_D" in fed(lexicons, text, "2014-06-01")


def test_illegitimate_forces_take_their_target_from_context(lexicons):
    text = "وسحبت البلدية دعمها لقائد القوات غير الشرعية خليفة حفتر."
    found = row(lexicons, text, "القوات غير الشرعية")
    assert (found["family"], found["target"]) == ("delegitimising", "haftar")
    # illegal migration is no such name
    assert mentions(lexicons, "وتنامت الهجرة غير الشرعية عبر السواحل.").empty


def test_the_libyan_government_is_the_gnas_name_as_the_state_after_it_came(lexicons):
    text = "وأعلنت قوات الحكومة الليبية استعادة القاعدة الجوية."
    found = row(lexicons, text, "قوات الحكومة الليبية", "2020-05-20")
    assert (found["family"], found["target"]) == ("legitimising", "gna")
    assert "adversaries_R" in fed(lexicons, text, "2020-05-20")
    # the recognised government's official description and the interim (eastern) one are not
    for plain in ("وقالت الحكومة الليبية المعترف بها دوليا إنها سترد.",
                  "وقالت الحكومة الليبية المؤقتة إنها سترد."):
        assert mentions(lexicons, plain, "2020-05-20").query("kind == 'frame'").empty
    # before the GNA existed the name was someone else's
    assert mentions(lexicons, text, "2014-09-01").query("kind == 'frame'").empty


# distancing markers --------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, marker", [
    ("وشن حفتر، الذي نصب نفسه الجيش الوطني الليبي، غارات على المدينة.",
     "الجيش الوطني الليبي", "الذي نصب نفسه"),
    ("وهاجمت ميليشيا تطلق على نفسها اسم سرايا الدفاع عن بنغازي الموانئ.",
     "سرايا الدفاع عن بنغازي", "تطلق على نفسها"),
])
def test_a_self_given_name_is_refused(lexicons, text, surface, marker):
    found = row(lexicons, text, surface)
    assert (found["voice"], found["voice_marker"], bool(found["refused"])) == (
        "distanced", marker, True)


def test_a_name_said_to_be_someone_elses_is_attributed(lexicons):
    text = "وقال المكتب الإعلامي للجيش الليبي، حسب تسميات برلمان طبرق، إن القصف مستمر."
    found = row(lexicons, text, "للجيش الليبي")
    assert (found["voice"], bool(found["refused"])) == ("distanced", False)
    assert "haftar_L" not in fed(lexicons, text)


# proximity is no reference -------------------------------------------------------------------

def test_the_narrowing_is_data():
    never = load_narrowing().never_nearest
    assert never["terrorism"] == frozenset({"haftar", "house_of_representatives"})
    assert never["revolution"] == frozenset({"*"})


@pytest.mark.parametrize("text, surface, expected", [
    # the hardliners near Haftar are those he fights, not his men (a bare extremist label is
    # his adversaries' camp: rule unattached, fifteenth session)
    ("وزار حفتر الجبهة الغربية حيث يتحصن المتشددون منذ أشهر.", "المتشددون",
     ("haftar_adversaries", "unattached")),
    # the revolutionaries near Haftar are not his
    ("وتحدث حفتر طويلا عن مبادئ الثورة في خطابه.", "الثورة", ("", "none")),
])
def test_a_word_does_not_take_haftar_by_proximity(lexicons, text, surface, expected):
    assert tuple(row(lexicons, text, surface)[["target", "target_rule"]]) == expected


def test_a_terror_word_is_still_haftars_by_name(lexicons):
    text = "وتواصل ميليشيات حفتر قصف الأحياء."
    assert tuple(row(lexicons, text, "ميليشيات حفتر")[["target", "target_rule"]]) == (
        "haftar", "label")
    text = "وتقدمت الميليشيات التابعة لحفتر نحو المطار."
    assert row(lexicons, text, "الميليشيات")["target"] == "haftar"


# the neutral wording of wire copy (twelfth session) ------------------------------------------

@pytest.mark.parametrize("wording, fed_as", [
    ("الجماعات المسلحة", "adversaries_Z"),   # the wire's word: named, not framed
    ("الميليشيات", "adversaries_T"),          # one camp's word for the same forces
    ("العصابات المسلحة", "adversaries_T"),    # armed gangs: the militia label as crime
])
def test_armed_groups_name_the_adversaries_forces_without_framing_them(lexicons, wording,
                                                                       fed_as):
    text = f"وشنت قوات حفتر هجوما على {wording} في جنوب طرابلس."
    components = fed(lexicons, text)
    assert fed_as in components
    assert {"adversaries_T", "adversaries_Z"} - {fed_as} & set(components) == set()


def test_armed_groups_weigh_zero_in_the_score_row():
    from framing.measure.schema import SCORE_COLUMNS
    from framing.measure.scorer import Scorer

    scorer = Scorer(resamples=200)

    def score(text):
        return dict(zip(SCORE_COLUMNS, scorer.score("t", text)))

    neutral = score("وشنت قوات حفتر هجوما على الجماعات المسلحة في جنوب طرابلس.")
    branded = score("وشنت قوات حفتر هجوما على الميليشيات في جنوب طرابلس.")
    assert (neutral["adversaries_Z"], neutral["adversaries_index"]) == (1, 0)
    assert neutral["terrorism"] == 0  # no frame family: not in the raw counts either
    assert (branded["adversaries_T"], branded["adversaries_index"]) == (1, 1)
