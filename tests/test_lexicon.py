"""Lexicon loading, validation, titles timeline and the quanteda export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from framing.errors import FramingError
from framing.measure.lexicon import (
    Entry,
    Lexicon,
    load_actors,
    load_lexicon,
    load_titles,
    normalise_phrase,
    official_title,
)
from framing.report.quanteda import export_quanteda

FRAME_CATEGORIES = {
    "terrorism": "terrorism", "extremism": "terrorism", "militia": "terrorism",
    "mercenary": "terrorism", "revolution": "revolution",
    "legitimising": "legitimising", "delegitimising": "delegitimising",
    "descriptive": "neutral",  # الجماعات المسلحة: weighs 0 (twelfth session)
}

HEADER = """\
lexicon: framing
categories:
  terrorism: {family: terrorism}
  revolution: {family: revolution}
entries:
"""


def write(tmp_path: Path, body: str, name: str = "lex.yaml", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def one_line_error(loader, path, *needles: str) -> str:
    with pytest.raises(FramingError) as info:
        loader(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message, message
    for needle in needles:
        assert needle in message, message
    return message


# ---------------------------------------------------------------------------
# The bundled lexicons
# ---------------------------------------------------------------------------


def test_bundled_framing_lexicon_declares_exactly_the_eight_categories():
    lexicon = load_lexicon()
    assert isinstance(lexicon, Lexicon) and lexicon.kind == "frame"
    assert dict(lexicon.categories) == FRAME_CATEGORIES
    assert {e.category for e in lexicon} == set(FRAME_CATEGORIES)
    for entry in lexicon:
        assert isinstance(entry, Entry)
        assert entry.gloss and entry.rationale and entry.norms
        assert entry.family == FRAME_CATEGORIES[entry.category]
        assert entry.entry_id.startswith(entry.category + ".")


def test_bundled_lexicon_keeps_original_spelling_and_variants():
    lexicon = load_lexicon()
    irhab = lexicon.get("terrorism.irhab")
    assert irhab.headword == "إرهاب" and "ارهاب" in irhab.variants
    assert irhab.norms == (normalise_phrase("إرهاب"),)          # both spellings, one norm
    militia = lexicon.get("militia.milishia")
    assert {"ميليشيا", "مليشيا"} <= set(militia.headwords)
    assert len(lexicon.get("revolution.february_17").norms[0].split()) == 3


def test_refers_to_names_actor_groups():
    lexicon, actors = load_lexicon(), load_actors()
    refs = {e.entry_id: e.refers_to for e in lexicon if e.refers_to}
    assert set(refs.values()) <= set(actors.categories)
    assert refs["terrorism.terrorist_groups"] == "islamist_brigades"
    assert refs["revolution.revolutionary_brigades"] == "islamist_brigades"
    assert refs["legitimising.lna"] == "haftar"
    assert lexicon.get("terrorism.irhabi").refers_to is None        # applied to anyone


def test_bundled_actors_groups_and_families():
    actors = load_actors()
    assert actors.kind == "actor"
    assert actors.categories["haftar"] == "haftar"
    for group in ("muslim_brotherhood", "islamist_brigades", "jihadists"):
        assert actors.categories[group] == "islamists"
    for group in ("gna", "gnc", "house_of_representatives", "un", "egypt", "turkey", "gulf", "west"):
        assert actors.categories[group] == "other"
    assert {e.category for e in actors} == set(actors.categories)   # no empty group
    assert not any(e.article for e in actors)                        # names take no added ال


def test_dual_strings_are_in_both_layers():
    frame_norms = {n: e for e in load_lexicon() for n in e.norms}
    actor_norms = {n: e for e in load_actors() for n in e.norms}
    short = normalise_phrase("الجيش الوطني")
    assert frame_norms[short].category == "legitimising" and actor_norms[short].category == "haftar"
    brigades = normalise_phrase("كتائب الثوار")
    assert frame_norms[brigades].category == "revolution"
    assert actor_norms[brigades].category == "islamist_brigades"


def test_titles_ranks_kinds_and_ladder():
    titles = load_titles()
    assert titles.kind == "title"
    assert set(titles.categories) == {"rank", "office", "epithet"}
    rank = {e.entry_id: e.rank for e in titles}
    assert rank["title.major_general"] < rank["title.lieutenant_general"] < rank["title.field_marshal"]
    assert rank["title.retired_major_general"] == rank["title.major_general"]
    for entry in titles:
        assert (entry.rank is None) == (entry.category != "rank"), entry.entry_id
    assert titles.get("title.strongman").category == "epithet"
    assert titles.get("title.commander_in_chief").category == "office"


def test_official_title_timeline():
    assert official_title("2014-05-18").title == "title.retired_major_general"
    assert official_title("2015-03-01").title == "title.retired_major_general"
    march = official_title(dt.date(2015, 3, 2))
    assert march.title == "title.lieutenant_general" and march.office == "title.commander_in_chief"
    assert official_title("2016-09-13").title == "title.lieutenant_general"
    assert official_title("2016-09-14").title == "title.field_marshal"
    assert official_title("2019-04-06").title == "title.field_marshal"
    with pytest.raises(FramingError, match="YYYY-MM-DD"):
        official_title("April 2019")


def test_to_frame_one_row_per_entry():
    lexicon = load_lexicon()
    frame = lexicon.to_frame()
    assert len(frame) == len(lexicon)
    assert list(frame.columns[:4]) == ["entry_id", "headword", "variants", "norms"]
    assert frame.entry_id.is_unique
    assert set(frame.family) == set(FRAME_CATEGORIES.values())
    titles = load_titles().to_frame()
    assert titles.set_index("entry_id").loc["title.field_marshal", "rank"] == 6


def test_user_file_is_used_everywhere(tmp_path):
    path = write(tmp_path, """\
  - id: t.one
    headwords: [إرهاب]
    gloss: terrorism
    category: terrorism
    rationale: test
""")
    lexicon = load_lexicon(path)
    assert [e.entry_id for e in lexicon] == ["t.one"] and lexicon.source == str(path)


def test_id_defaults_to_category_and_headword(tmp_path):
    path = write(tmp_path, """\
  - headwords: [ثورة]
    gloss: revolution
    category: revolution
    rationale: test
""")
    assert load_lexicon(path).entries[0].entry_id == "revolution:ثورة"


# ---------------------------------------------------------------------------
# Validation: one line, naming the file (and the entry)
# ---------------------------------------------------------------------------

GOOD = """\
  - id: t.one
    headwords: [إرهاب]
    gloss: terrorism
    category: terrorism
    rationale: test
"""


def test_missing_file(tmp_path):
    one_line_error(load_lexicon, tmp_path / "nope.yaml", "not found")


def test_yaml_syntax_error_has_line_number(tmp_path):
    path = write(tmp_path, GOOD + "  - id: t.two\n    headwords: [ثورة\n    gloss: x\n")
    one_line_error(load_lexicon, path, "YAML syntax error", "line ")


def test_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    one_line_error(load_lexicon, path, "mapping")


def test_missing_categories_header(tmp_path):
    path = write(tmp_path, GOOD, header="entries:\n")
    one_line_error(load_lexicon, path, "categories")


def test_missing_key_names_entry(tmp_path):
    path = write(tmp_path, GOOD + """\
  - id: t.two
    headwords: [ثورة]
    category: revolution
    rationale: test
""")
    one_line_error(load_lexicon, path, "entry 2", "'t.two'", "gloss", "line 11")


def test_missing_rationale_in_framing_lexicon(tmp_path):
    path = write(tmp_path, "  - id: t.one\n    headwords: [إرهاب]\n    gloss: g\n    category: terrorism\n")
    one_line_error(load_lexicon, path, "rationale")


def test_unknown_key_is_reported(tmp_path):
    path = write(tmp_path, GOOD.replace("category:", "catgory: terrorism\n    category:"))
    one_line_error(load_lexicon, path, "unknown key", "catgory")


def test_unknown_category(tmp_path):
    path = write(tmp_path, GOOD.replace("category: terrorism", "category: terror"))
    one_line_error(load_lexicon, path, "unknown category", "terror", "t.one")


def test_invalid_types(tmp_path):
    one_line_error(load_lexicon, write(tmp_path, GOOD + "    inflect: maybe\n"), "inflect")
    one_line_error(load_lexicon, write(tmp_path, GOOD.replace("[إرهاب]", "[]")), "headwords")
    one_line_error(load_lexicon, write(tmp_path, GOOD.replace("id: t.one", "id: 'ت'")), "id")


def test_entry_that_normalises_to_nothing(tmp_path):
    path = write(tmp_path, GOOD.replace("[إرهاب]", "[إرهاب, 'ـــ ،']"))
    one_line_error(load_lexicon, path, "normalises to nothing", "t.one")


def test_same_norm_under_two_categories_names_both(tmp_path):
    path = write(tmp_path, GOOD + """\
  - id: t.two
    headwords: [الثورة, ارهاب]
    gloss: x
    category: revolution
    rationale: test
""")
    one_line_error(load_lexicon, path, "t.one", "t.two", "terrorism", "revolution")


def test_duplicate_id(tmp_path):
    path = write(tmp_path, GOOD + GOOD.replace("[إرهاب]", "[ثورة]"))
    one_line_error(load_lexicon, path, "already used")


def test_unknown_refers_to(tmp_path):
    path = write(tmp_path, GOOD + "    refers_to: martians\n")
    one_line_error(load_lexicon, path, "refers_to", "martians")
    path = write(tmp_path, GOOD + "    refers_to: islamists\n")      # a family, not a group
    one_line_error(load_lexicon, path, "refers_to", "islamists")


def test_refers_to_checked_against_given_actors(tmp_path):
    actors_path = tmp_path / "actors.yaml"
    actors_path.write_text("groups:\n  martians: {family: other}\nentries:\n"
                           "  - {id: m, headwords: [مريخي], gloss: g, group: martians}\n",
                           encoding="utf-8")
    path = write(tmp_path, GOOD + "    refers_to: martians\n")
    lexicon = load_lexicon(path, actors=load_actors(actors_path))
    assert lexicon.entries[0].refers_to == "martians"


def test_exception_must_contain_the_term(tmp_path):
    path = write(tmp_path, GOOD + "    exceptions: [ميدان التحرير]\n")
    one_line_error(load_lexicon, path, "does not contain")


def test_rank_rules_for_titles(tmp_path):
    header = "lexicon: titles\nkinds:\n  rank: {family: title}\n  epithet: {family: title}\nentries:\n"
    path = write(tmp_path, "  - id: a\n    headwords: [اللواء]\n    gloss: g\n    kind: rank\n",
                 header=header)
    one_line_error(load_titles, path, "integer 'rank'")
    path = write(tmp_path, "  - id: a\n    headwords: [الرجل القوي]\n    gloss: g\n"
                 "    kind: epithet\n    rank: 2\n", header=header)
    one_line_error(load_titles, path, "must be null")


def test_bad_timeline(tmp_path):
    header = "lexicon: titles\nkinds:\n  rank: {family: title}\nentries:\n"
    body = "  - id: a\n    headwords: [اللواء]\n    gloss: g\n    kind: rank\n    rank: 3\n"
    path = write(tmp_path, body + "timeline:\n  - {from: 2015-03-02, title: b}\n", header=header)
    one_line_error(load_titles, path, "timeline period 1", "'b'")
    path = write(tmp_path, body + "timeline:\n  - {from: 2016-01-01, title: a}\n"
                 "  - {from: 2015-01-01, title: a}\n", header=header)
    one_line_error(load_titles, path, "increasing")


def test_actor_group_unknown(tmp_path):
    header = "lexicon: actors\ngroups:\n  haftar: {family: haftar}\nentries:\n"
    path = write(tmp_path, "  - id: a\n    headwords: [حفتر]\n    gloss: g\n    group: hafter\n",
                 header=header)
    one_line_error(load_actors, path, "unknown group", "hafter")


# ---------------------------------------------------------------------------
# Dated entries (from / until)
# ---------------------------------------------------------------------------

DATED_HEADER = """\
lexicon: actors
groups:
  gnc: {family: other}
  house_of_representatives: {family: other}
entries:
"""


def dated(tmp_path: Path, first: str, second: str) -> Path:
    return write(tmp_path, f"""\
  - id: gnc.parliament
    headwords: [البرلمان]
    gloss: the GNC
    group: gnc
{first}
  - id: hor.parliament
    headwords: [برلمان]
    gloss: the House
    group: house_of_representatives
{second}
""", header=DATED_HEADER)


def test_dated_entries_share_a_headword_in_periods_that_do_not_meet(tmp_path):
    import datetime as dt

    lexicon = load_actors(dated(tmp_path, "    until: 2014-08-04", "    from: 2014-08-04"))
    gnc, hor = lexicon.entries
    assert lexicon.dated and (gnc.start, gnc.end) == (None, dt.date(2014, 8, 4))
    assert [e.entry_id for e in lexicon.on(dt.date(2014, 8, 3)).entries] == ["gnc.parliament"]
    assert [e.entry_id for e in lexicon.on(dt.date(2014, 8, 4)).entries] == ["hor.parliament"]
    # an undated text is read as current usage: no entry with an end
    assert [e.entry_id for e in lexicon.on(None).entries] == ["hor.parliament"]
    assert lexicon.on(None).dated  # the filtered lexicon keeps the entry's period
    frame = lexicon.to_frame()
    assert frame["until"].tolist() == [dt.date(2014, 8, 4), None]


def test_an_entry_without_a_period_applies_always():
    import datetime as dt

    entry = load_actors().get("haftar.person")
    assert not entry.dated
    assert entry.applies(None) and entry.applies(dt.date(1990, 1, 1))


@pytest.mark.parametrize("first,second,needles", [
    ("    until: 2014-08-05", "    from: 2014-08-04", ["hor.parliament", "gnc.parliament",
                                                      "periods overlap"]),
    ("", "    from: 2014-08-04", ["periods overlap"]),
    ("    from: 2014-08-04\n    until: 2014-08-04", "", ["must be before 'until'"]),
    ("    until: August 2014", "", ["'until' must be a date (YYYY-MM-DD)", "gnc.parliament"]),
    ("    from: 2014", "", ["'from' must be a date (YYYY-MM-DD)"]),
])
def test_bad_periods_are_one_line_errors(tmp_path, first, second, needles):
    one_line_error(load_actors, dated(tmp_path, first, second), *needles)


def test_a_good_file_never_computes_entry_line_numbers(tmp_path, monkeypatch):
    """Line numbers are for error messages only (finding them re-parses the
    YAML in Python: most of a lexicon's load time)."""
    import framing.measure.lexicon as lexicon_module

    def fail(*args):
        raise AssertionError("entry line numbers computed for a good file")

    copies = []
    for name in ("framing.yaml", "actors.yaml", "titles.yaml"):
        source = Path(lexicon_module.__file__).parents[1] / "data" / "lexicons" / name
        copy = tmp_path / name
        copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        copies.append(copy)
    monkeypatch.setattr(lexicon_module, "_entry_lines", fail)
    actors = load_actors(copies[1])
    load_lexicon(copies[0], actors=actors)
    load_titles(copies[2])


def test_bundled_dated_entries():
    import datetime as dt

    actors = load_actors()
    parliament = {e.entry_id for e in actors.entries if "البرلمان" in e.headwords}
    assert parliament == {"gnc.parliament", "house_of_representatives.parliament"}
    assert actors.get("gnc.parliament").applies(dt.date(2014, 5, 20))
    assert actors.get("house_of_representatives.parliament").applies(dt.date(2019, 7, 15))
    assert not actors.get("gnc.tripoli_government").applies(None)


# ---------------------------------------------------------------------------
# quanteda export
# ---------------------------------------------------------------------------


def test_quanteda_export_is_yaml_family_category_patterns():
    lexicon = load_lexicon()
    data = yaml.safe_load(export_quanteda(lexicon))
    assert set(data) == set(FRAME_CATEGORIES.values())
    assert set(data["terrorism"]) == {"terrorism", "extremism", "militia", "mercenary"}
    assert set(data["revolution"]) == {"revolution"}
    for family, categories in data.items():
        for category, patterns in categories.items():
            assert FRAME_CATEGORIES[category] == family
            assert patterns and all(isinstance(p, str) and p for p in patterns)
    terrorism = data["terrorism"]["terrorism"]
    assert "*ارهاب*" in terrorism and "*إرهاب*" in terrorism         # normalised + original
    delegit = data["delegitimising"]["delegitimising"]
    assert "*محاولة انقلابية" in delegit and "*المحاولة الانقلابية" in delegit
    assert "*الربيع العربي" in data["revolution"]["revolution"]


def test_quanteda_export_inflect_false_is_exact(tmp_path):
    path = write(tmp_path, GOOD + "    inflect: false\n")
    data = yaml.safe_load(export_quanteda(load_lexicon(path)))
    assert data == {"terrorism": {"terrorism": ["إرهاب", "ارهاب"]}}


def test_quanteda_export_forms_style_lists_generated_forms():
    data = yaml.safe_load(export_quanteda(load_lexicon(), style="forms"))
    terrorism = data["terrorism"]["terrorism"]
    assert "والارهاب" in terrorism and "بالارهابيين" in terrorism
    assert not any("*" in p for cats in data.values() for ps in cats.values() for p in ps)
    with pytest.raises(FramingError, match="style"):
        export_quanteda(load_lexicon(), style="regex")


def test_quanteda_export_of_actors():
    data = yaml.safe_load(export_quanteda(load_actors()))
    assert set(data) == {"haftar", "islamists", "other"}
    assert "jihadists" in data["islamists"]


def test_official_names_are_names_not_frames():
    """Naming is not framing: the official names of Haftar's side are actor
    (or title) mentions only; the short and first-person forms frame."""
    frame_norms = {n: e for e in load_lexicon() for n in e.norms}
    actor_norms = {n: e for e in load_actors() for n in e.norms}
    for name in ("الجيش الوطني الليبي", "القيادة العامة", "القائد العام", "عملية الكرامة",
                 "القوات المسلحة العربية الليبية"):
        norm = normalise_phrase(name)
        assert norm not in frame_norms, name
        assert actor_norms[norm].category == "haftar", name
    assert "المشير" not in frame_norms
    for name in ("الجيش الليبي", "القوات المسلحة", "قواتنا المسلحة", "تحرير طرابلس"):
        assert frame_norms[normalise_phrase(name)].category == "legitimising", name
    for name in ("ميليشيات حفتر", "العدوان على طرابلس", "مجرم الحرب"):
        assert frame_norms[normalise_phrase(name)].family in ("delegitimising", "terrorism"), name
