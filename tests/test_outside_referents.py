"""What happens abroad is not a Libyan side's, eleventh session (issue 15): our
own sentences, written to reproduce the devices the blind coders of the seventh
and eighth halves found (never copied from them), each failing without its rule
or data: Egypt's coup and its generals in copy that compares Haftar with Sisi,
and the titles of officers of outside parties."""

from __future__ import annotations

import pytest

from framing.measure.mentions import article_mentions, load_lexicons
from framing.measure.scores import index_components
from framing.text.corpus import Article


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def mentions(lexicons, text: str, date: str = "2019-06-01"):
    return article_mentions(Article("t", text, None, {"date": date}), lexicons)


def target_of(lexicons, text: str, surface: str) -> tuple[str, str]:
    table = mentions(lexicons, text)
    rows = table[table["surface"] == surface]
    assert len(rows) == 1, (surface, table["surface"].tolist())
    return tuple(rows.iloc[0][["target", "target_rule"]])


# located abroad ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface", [
    # the coup the writer compares Haftar's war with is Egypt's
    ("وجاءت عملية حفتر في بنغازي بعد الانقلاب في مصر بعام واحد.", "الانقلاب"),
    ("ويرى الكاتب أن داعمي حفتر يكررون تجربة الجنرال الآخر في مصر.", "الجنرال"),
    ("وشبه المحلل حملة حفتر بالانقلاب العسكري في مصر.", "بالانقلاب"),
])
def test_a_word_located_in_an_outside_country_is_that_countrys(lexicons, text, surface):
    assert target_of(lexicons, text, surface) == ("egypt", "adjacent")
    assert not [c for c in index_components(mentions(lexicons, text))["component"]
                if c.startswith("haftar_") and c != "haftar_Z"]


@pytest.mark.parametrize("text", [
    # in Libya, or with the outside party further than one word after it, the brand stays his
    "وأعلن البيان أن الانقلاب في ليبيا فشل.",
    "وأدان البيان الانقلاب الذي يقوده حفتر بدعم من مصر.",
    "وقال المتحدث إن الانقلاب فشل، ورحبت مصر بذلك.",
])
def test_a_brand_not_located_abroad_stays_haftars(lexicons, text):
    assert target_of(lexicons, text, "الانقلاب")[0] == "haftar"


# officers of outside parties ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "والتقى المشير خليفة حفتر في بنغازي اللواء عباس كامل رئيس المخابرات المصرية.",
    "واستقبل حفتر الفريق صدقي صبحي في القاهرة.",
])
def test_a_title_before_another_officers_name_is_his_not_haftars(lexicons, text):
    table = mentions(lexicons, text)
    titles = table[table["kind"] == "title"]
    other = titles[titles["surface"] != "المشير"]
    assert len(other) == 1 and tuple(other.iloc[0][["target", "target_rule"]]) == ("", "none")
