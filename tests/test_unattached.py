"""Rule ``unattached``, fifteenth session (issue 15): our own sentences, written to
reproduce what the blind coders of real copy read (never copied from it). A terror
or extremism label that no other rule gives a target — no label, no actor in reach,
no fight that governs it, no antecedent — is about Haftar's adversaries' camp,
except in copy whose own voice brands Haftar by name (framing/data/opposition_cues.yaml,
``unattached``; framing.measure.engine.unattached_labels)."""

from __future__ import annotations

import datetime

import pytest

from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.scores import index_components
from framing.measure.target import load_narrowing
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def mentions(lexicons, text: str):
    return article_mentions(Article("t", text, None, {"date": datetime.date(2015, 6, 1)}),
                            lexicons)


def frame(table, surface: str):
    rows = table[(table["kind"] == "frame") & table["surface"].str.contains(surface)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_a_bare_extremist_label_is_the_adversaries_camp(lexicons):
    text = ("وواصلت وحدات الجيش الوطني تقدمها في محور الصابري. "
            "وقتل عشرات المتشددين في الاشتباكات.")
    table = mentions(lexicons, text)
    word = frame(table, "المتشددين")
    assert (word.target, word.target_rule) == ("haftar_adversaries", "unattached")
    fed = index_components(table)
    assert set(fed[fed["surface"] == "المتشددين"]["component"]) == {"adversaries_T", "haftar_L"}


def test_a_bare_terror_word_is_the_adversaries_camp(lexicons):
    table = mentions(lexicons, "وأكد البيان أن المدينة لن تكون ملاذا. وتراجع الإرهاب في الضواحي.")
    word = frame(table, "الإرهاب")
    assert (word.target, word.target_rule) == ("haftar_adversaries", "unattached")


def test_not_in_copy_that_brands_haftar_by_name(lexicons):
    # anti-Haftar copy writes of the terrorism he claims to fight: no guess
    text = "وقصفت ميليشيات حفتر حي الليثي. وتراجع الإرهاب في الضواحي منذ شهور."
    word = frame(mentions(lexicons, text), "الإرهاب")
    assert (word.target, word.target_rule) == ("", "none")


def test_copy_that_brands_both_camps_keeps_the_rule(lexicons):
    text = "وقصفت ميليشيات حفتر مواقع ميليشيات الوفاق. وفر المتطرفون من الضواحي."
    word = frame(mentions(lexicons, text), "المتطرفون")
    assert (word.target, word.target_rule) == ("haftar_adversaries", "unattached")


@pytest.mark.parametrize("text, surface", [
    # both camps' writers call the other side's forces militias or mercenaries
    ("واندلعت اشتباكات عنيفة قرب المطار. وانسحبت الميليشيات من الطريق.", "الميليشيات"),
    ("واندلعت اشتباكات عنيفة قرب المطار. وانسحب المرتزقة من الطريق.", "المرتزقة"),
])
def test_militia_and_mercenary_labels_stay_without_a_target(lexicons, text, surface):
    word = frame(mentions(lexicons, text), surface)
    assert (word.target, word.target_rule) == ("", "none")


def test_a_cue_file_without_the_section_has_no_such_rule(tmp_path):
    from importlib import resources

    bundled = (resources.files("framing") / "data" / "opposition_cues.yaml").read_text("utf-8")
    assert "\nunattached:\n" in bundled
    own = bundled.split("\nunattached:\n")[0] + "\n"
    path = tmp_path / "cues.yaml"
    path.write_text(own, encoding="utf-8")
    assert load_narrowing(str(path)).unattached == {}
    assert load_narrowing().unattached == {"terrorism": "haftar_adversaries",
                                           "extremism": "haftar_adversaries"}
