"""Voice: quotation pairing, distancing markers and their scopes, precedence, seeds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import FramingError
from framing.measure.apply import add_voice, assign_voice, find_markers
from framing.measure.voice import (
    MARKERS_FILE,
    VOICES,
    clause_ids,
    load_markers,
    quote_pairs,
    quote_spans,
)
from framing.text.arabic import tokenise
from framing.text.corpus import load_corpus

SEEDS = {a.id[:3]: a.text for a in load_corpus()}


def contents(text: str) -> list[str]:
    return [text[q.content_start : q.content_end] for q in quote_pairs(text)]


def span(text: str, surface: str, nth: int = 0, after: str = "") -> tuple[int, int]:
    """(start, end) of the nth occurrence of ``surface`` in ``text`` after the
    first occurrence of ``after``."""
    pos = text.index(after) + len(after) - 1 if after else -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos, pos + len(surface)


def voice_of(text: str, surface: str, nth: int = 0, after: str = "") -> tuple[str, str]:
    """(voice, voice_marker) of one mention."""
    return assign_voice(text, tokenise(text), [span(text, surface, nth, after)])[0][:2]


def hits(text: str) -> list[tuple[str, str, str]]:
    """(marker id, marker surface, governed surfaces) of every marker in ``text``."""
    toks = tokenise(text)
    return [
        (h.marker_id, h.surface, " ".join(t.surface for t in toks[h.scope_start : h.scope_end]))
        for h in find_markers(text, toks)
    ]


# --------------------------------------------------------------------------- quotes


def test_guillemet_opened_closed_by_straight_quote():
    t = 'واحتشدت أعداد من عناصر الجيش و«المقاتلين" للرد على هذه المليشيا'
    (q,) = quote_pairs(t)
    assert (q.open, q.close, q.marker) == ("«", '"', '«…"')
    assert t[q.content_start : q.content_end] == "المقاتلين"
    assert t[q.start : q.end] == '«المقاتلين"'


def test_standard_pairs():
    assert contents("قال «الجيش» و“الثوار” و\"الإخوان\"") == ["الجيش", "الثوار", "الإخوان"]
    assert [q.close for q in quote_pairs("قال «الجيش» و“الثوار”")] == ["»", "”"]


def test_quote_glued_to_proclitic_and_to_next_word():
    t = 'انضمامها ل"عملية الكرامة"التي يقودها حفتر'
    assert contents(t) == ["عملية الكرامة"]
    assert contents('ضد "المجموعات الإرهابية" في بنغازي قائلا "إن العملية ستستمر".') == [
        "المجموعات الإرهابية",
        "إن العملية ستستمر",
    ]


def test_nested_quotes():
    t = '«قال "كذا" ثم مضى» وانتهى'
    qs = quote_pairs(t)
    assert [(t[q.start : q.end], q.depth) for q in qs] == [('«قال "كذا" ثم مضى»', 0), ('"كذا"', 1)]


def test_guillemet_closes_over_an_unclosed_straight_quote():
    t = '«قال "كذا ثم مضى» وانتهى'
    qs = quote_pairs(t)
    outer = [q for q in qs if q.open == "«"][0]
    inner = [q for q in qs if q.open == '"'][0]
    assert t[outer.start : outer.end] == '«قال "كذا ثم مضى»'
    assert inner.close == "" and t[inner.start : inner.end] == '"كذا ثم مضى'


def test_unbalanced_straight_quote_is_cut_at_its_sentence_end():
    # seed 000: "في الحقيقة … بالشريعة. is never closed; the next quote is fine
    t = 'بانها "في الحقيقة حرب على الاسلام. ويرى خبراء ان المؤتمر "البرلمان" قائم'
    qs = quote_pairs(t)
    assert [(t[q.start : q.end], q.balanced) for q in qs] == [
        ('"في الحقيقة حرب على الاسلام', False),
        ('"البرلمان"', True),
    ]
    assert qs[0].marker == '"…'


def test_unmatched_quote_stops_at_paragraph_end():
    t = 'قال "لن نتوقف عن القتال\nثم أضاف "هذا" وانتهى'
    qs = quote_pairs(t)
    assert [(t[q.start : q.end], q.balanced) for q in qs] == [
        ('"لن نتوقف عن القتال', False),
        ('"هذا"', True),
    ]


def test_max_length_limits_a_quote():
    t = 'قال "' + "كلمة " * 40 + 'انتهت" هنا'
    assert quote_pairs(t, max_length=500)[0].balanced
    short = quote_pairs(t, max_length=50)
    assert not short[0].balanced and short[0].end - short[0].start <= 50


def test_stray_closing_marks_are_ignored():
    assert quote_pairs('انتهى" الأمر» هنا') == []


def test_ambiguous_straight_quotes_toggle():
    assert contents('قال " كذا " و " ذاك "') == [" كذا ", " ذاك "]


def test_quote_kind_term_or_quotation():
    t = 'هاجم "المجموعات الإرهابية" وقال "إن العملية ستستمر حتى النهاية"'
    assert [q.kind for q in quote_pairs(t)] == ["term", "quotation"]


def test_quote_spans_include_the_marks():
    t = 'ضد «الإرهابيين" و"الثوار"'
    assert [t[a:b] for a, b in quote_spans(t)] == ['«الإرهابيين"', '"الثوار"']


def test_bad_max_length():
    with pytest.raises(FramingError):
        quote_pairs("x", max_length=1)


SEED_QUOTES = {
    "000": [
        "المجموعات الإرهابية",
        "إن العملية ستستمر حتى تطهير بنغازي من الإرهابيين",
        "الموقف هو انحياز لارادة الشعب الليبي بمحاربة الارهاب والمتطرفين",
        "عملية الكرامة",
        "في الحقيقة حرب على الاسلام ومن ينادي بالشريعة",  # never closed in the source
        "البرلمان",
    ],
    "001": [
        "المجلس دعا قوات الجيش الوطني الليبي لوقف كلّ التحرّكات العسكرية",
        "أعضاء مجلس الأمن أعربوا عن قلقهم العميق إزاء النشاط العسكري بالقرب من طرابلس والذي يهدّد "
        "الاستقرار الليبي وآفاق وساطة الأمم المتحدة والحلّ السياسي الشامل للأزمة",
        "محاسبة المسؤولين عن مزيد من النزاعات",
        "قلقه العميق",
        "مواجهة دامية",
        "نعتقد بقوة أنه لا يوجد حل عسكري للصراع الليبي",
        "نعارض بشدة أي عمل عسكري في ليبيا. أي طرف أو فصيل ليبي يتسبب في المزيد من الصراع الأهلي "
        "فهو يضر بالأبرياء ويقف في طريق السلام الذي يستحقه الليبيون",
        "الأهرام",
        "نعتز بالجيشين المصري والجزائري لكن هذه معركة ليبيين ومعركة إرادة وطنية ولا يمكن أن "
        "يخوضها إلا الليبيون",
        "سترون الطائرات القديمة جدًا ولا توجد أي مشاركات أجنبية على الإطلاق، مؤكدًا أن هناك "
        "طائرات أجنبية تدخل يوميًا بعضها بهدف القضاء على داعش وبعضها بهدف الاستطلاع وهي تدخل "
        "المجال الجوي الليبي بدون التنسيق مع الجيش الوطني",
    ],
    "002": [
        "البرلمان",
        "انقلابا أو سعيا للسلطة أو تعطيلا للمسار الديمقراطي",
        "القعقاع والصواعق",
        "المقاتلين",
        "انقلاب",
        "مجموعات إرهابية",
        "خارج عن شرعية الدولة وانقلاب يقوده حفتر",
        "سيلاحق قانونا كل من شارك في هذه المحاولة الانقلابية",
        "طلائع الجيش اضطرت إلى خوض ما سماها معركة دفاع عن الوطن والشعب وأرواح جنود القوات "
        "المسلحة الذين يُغتالون بالمئات",
        "العملية هدفها محدد وهو اجتثاث الإرهاب",
        "مليشيات إسلامية",
        "الإرهابيين",
        "الجيش الوطني",
        "الجيش الوطني",
        "المجموعات الإرهابية",
        "غربي بنغازي",
        "جنوبي بنغازي",
    ],
    "003": [],
    "004": ["استثنائية", "معركة الكرامة"],
}


@pytest.mark.parametrize("article", sorted(SEED_QUOTES))
def test_every_quote_of_the_seeds(article):
    text = SEEDS[article]
    assert contents(text) == SEED_QUOTES[article]
    # every double quote mark of the seed is used by exactly one quotation
    marks = sorted(i for i, c in enumerate(text) if c in '«»“”"')
    used = sorted(p for q in quote_pairs(text) for p in ((q.start, q.end - 1) if q.close else (q.start,)))
    assert used == marks


def test_seed_002_mixes_guillemets_and_straight_quotes():
    qs = [q for q in quote_pairs(SEEDS["002"]) if q.open == "«"]
    assert [q.marker for q in qs] == ['«…"'] * 4


_ALPHABET = st.sampled_from(list('ابتثحلمنهوي «»“”"\n.، '))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120), st.integers(min_value=2, max_value=60))
def test_quote_pairs_properties(text, max_length):
    qs = quote_pairs(text, max_length=max_length)
    assert qs == quote_pairs(text, max_length=max_length)  # deterministic
    starts = [q.start for q in qs]
    assert len(set(starts)) == len(starts)  # a mark opens at most one quotation
    for q in qs:
        assert 0 <= q.start < q.end <= len(text)
        assert q.end - q.start <= max_length
        assert text[q.start] == q.open
        assert "\n" not in text[q.start : q.end]
        if q.close:
            assert text[q.end - 1] == q.close
    for a in qs:  # properly nested: no partial overlap
        for b in qs:
            if a.start < b.start < a.end:
                assert b.end <= a.end


# --------------------------------------------------------------------------- markers


def test_markers_file_loads():
    markers = load_markers()
    assert {m.scope for m in markers} == {"forward", "backward"}
    assert load_markers(MARKERS_FILE) is markers  # cached
    ids = [m.id for m in markers]
    assert len(ids) == len(set(ids))


def test_every_documented_example_matches_its_marker():
    raw = yaml.safe_load(MARKERS_FILE.read_text(encoding="utf-8"))
    for entry in raw["markers"]:
        for example in entry["examples"]:
            found = [h[0] for h in hits(example)]
            assert entry["id"] in found, (entry["id"], example, found)


@pytest.mark.parametrize(
    "text, marker, governed",
    [
        # ما يسمى and its inflections / proclitics
        ("وما يسمى بمجلس نواب طرابلس في طبرق", "so_called", "بمجلس نواب طرابلس"),
        ("ما تسمى بالحكومة المؤقتة", "so_called", "بالحكومة المؤقتة"),
        ("بما يسمى الجيش الوطني", "so_called", "الجيش الوطني"),
        ("فيما يسمى بعملية الكرامة", "so_called", "بعملية الكرامة"),
        ("ما يسمي بالثوار", "so_called", "بالثوار"),  # ى/ي confusion
        ("ما يُسمّى بالجيش", "so_called", "بالجيش"),  # diacritics
        ("ما يطلق عليه الجيش الوطني", "so_called", "الجيش الوطني"),
        ("ما يدعى بالجيش الليبي", "so_called", "بالجيش الليبي"),
        ("المجلس المسمى بالرئاسي", "so_called", "بالرئاسي"),
        # ما يسميه / سماه / أسماهم …
        ("ما تسميه الجيش الوطني", "what_they_call", "الجيش الوطني"),
        ("ما يسمونه الجيش الوطني", "what_they_call", "الجيش الوطني"),
        ("ما سماه مليشيات إسلامية", "what_they_call", "مليشيات إسلامية"),
        ("ما أسماه معركة الكرامة", "what_they_call", "معركة الكرامة"),
        ("ضد من أسماهم بالمتطرفين", "what_they_call", "بالمتطرفين"),
        ("ضد من سموهم بالخوارج", "what_they_call", "بالخوارج"),
        ("يسميهم الإرهابيين", "what_they_call", "الإرهابيين"),
        ("مليشيا تسمي نفسها الجيش الوطني", "calls_itself", "الجيش الوطني"),
        ("المدعو خليفة حفتر", "the_one_called", "خليفة حفتر"),
        # وصفهم بـ …
        ("التي وصفها بالمتشددة", "whom_he_described", "بالمتشددة"),
        ("على من يصفهم بالإرهابيين", "whom_he_described", "بالإرهابيين"),
        ("من وصفتهم بالمتطرفين", "whom_he_described", "بالمتطرفين"),
        ("ووصفهم بالخوارج", "whom_he_described", "بالخوارج"),
        ("التي تصفه بالإرهاب", "whom_he_described", "بالإرهاب"),
        ("الذين وصفوهم بالمرتزقة", "whom_he_described", "بالمرتزقة"),
        # حسب كلامه … (backward)
        ("لتحرير بنغازي من المتطرفين حسب كلامه", "according_to_his_words", "لتحرير بنغازي من المتطرفين"),
        ("هزيمة الإرهابيين بحسب تعبيره", "according_to_his_words", "هزيمة الإرهابيين"),
        ("هزيمة الإرهابيين على حد قولها", "according_to_his_words", "هزيمة الإرهابيين"),
        ("هزيمة الإرهابيين بحسب وصفه", "according_to_his_words", "هزيمة الإرهابيين"),
        ("هزيمة الإرهابيين حسب قولهم", "according_to_his_words", "هزيمة الإرهابيين"),
        ("هزيمة الإرهابيين على حد تعبيره", "according_to_his_words", "هزيمة الإرهابيين"),
        ("هزيمة الإرهابيين بزعمه", "according_to_his_words", "هزيمة الإرهابيين"),
        ("هزيمة الإرهابيين حسب ادعائه", "according_to_his_words", "هزيمة الإرهابيين"),
        # المزعوم (backward, 1–3 tokens)
        ("دعم الجيش الوطني المزعوم", "alleged", "دعم الجيش الوطني"),
        ("ضد الإرهاب المزعوم", "alleged", "الإرهاب"),
        ("الثورة المزعومة", "alleged", "الثورة"),
        ("من المتطرفين المزعومين", "alleged", "المتطرفين"),
        # زعم / ادعى … (forward, the claim)
        ("زاعماً أن حفتر انقلابي", "claim", "حفتر انقلابي"),
        ("وزعم أن الثوار إرهابيون", "claim", "الثوار إرهابيون"),
        ("يزعم الإرهابيين", "claim", "الإرهابيين"),
        ("تزعم الحكومة أن الثوار إرهابيون", "claim", "الثوار إرهابيون"),
        ("مزاعم وجود الإرهابيين", "claim", "وجود الإرهابيين"),
        ("ادعى أن الثوار إرهابيون", "claim", "الثوار إرهابيون"),
        ("تعلل حفتر بأن طيرانه لا يصل", "claim", "طيرانه لا يصل"),
        # بحجة / تحت ستار …
        # a pretext runs past من / في to its clause end (بزعم تطهير المدينة من المتطرفين)
        ("بحجة توسع الإرهاب في ليبيا", "pretext", "توسع الإرهاب في ليبيا"),
        ("تحت ستار مقاومة داعش والإرهابيين", "pretext", "مقاومة داعش والإرهابيين"),
        ("بذريعة محاربة الإرهاب", "pretext", "محاربة الإرهاب"),
        ("تحت ذريعة محاربة الإرهاب", "pretext", "محاربة الإرهاب"),
        ("تحت مسمى الجيش الوطني", "pretext", "الجيش الوطني"),
        ("تحت غطاء مكافحة الإرهاب", "pretext", "مكافحة الإرهاب"),
        ("بدعوى مكافحة الإرهاب", "pretext", "مكافحة الإرهاب"),
        ("بحجة أن الثوار إرهابيون", "pretext", "الثوار إرهابيون"),  # a complementiser: the claim
    ],
)
def test_marker_families_and_inflections(text, marker, governed):
    found = hits(text)
    assert len(found) == 1, found
    assert found[0][0] == marker
    assert found[0][2] == governed


@pytest.mark.parametrize(
    "text",
    [
        "بحسب هوسغن فإن مجلس الأمن أكد",  # attribution, not distancing
        "ودوما بحسب المراقبين فان",
        "بوصفه رئيسا للمجلس",  # "in his capacity as"
        "وصفه للوضع كان دقيقا",  # no ب- after it
        "يدعون إلى الحوار",  # "they call for"
        "معللة رفضها بانحياز القاهرة",  # justifying, neutral
        "الجيش الذي يعتبر بمثابة",
        "زعيم الجماعة",
    ],
)
def test_false_friends_are_not_markers(text):
    assert hits(text) == []


def test_forward_scope_stops_at_clause_boundary():
    assert hits("هاجم ما يسمى، الجيش الوطني") == [("so_called", "ما يسمى", "")]
    assert hits("ما تسميه الجيش الوطني ، أي ميليشيات حفتر") == [
        ("what_they_call", "ما تسميه", "الجيش الوطني")
    ]


def test_forward_scope_stops_at_stop_word_and_window():
    assert hits("ما يسمى بالجيش في الشرق")[0][2] == "بالجيش"
    assert hits("ما يسمى بمجلس نواب طرابلس الغرب الليبي")[0][2] == "بمجلس نواب طرابلس الغرب"


def test_forward_scope_takes_a_quoted_label_whole_and_stays_in_it():
    # (token surfaces: a free-standing quote mark is not part of a token)
    assert hits('ما أسماه "معركة الكرامة" لتحرير بنغازي')[0][2] == "معركة الكرامة"
    assert hits('من يصفهم ب«مجموعات إرهابية" تحرك')[0][2] == "ب«مجموعات إرهابية"
    assert hits('ما يسمى بالجيش "الوطني" الليبي')[0][2] == "بالجيش"


def test_backward_scope_alleged_stops_at_clause_and_stop_word():
    assert hits("حفتر، المزعوم")[0][2] == ""
    assert hits("قتال ضد الإرهابيين المزعومين")[0][2] == "الإرهابيين"


def test_backward_scope_according_to_crosses_commas_not_sentences():
    t = "مضيفا أن الدم الليبي مقدس لكن الإرهاب وخدمه، أرادوها معركة، بحسب تعبيره."
    assert hits(t)[0][2] == "الدم الليبي مقدس لكن الإرهاب وخدمه أرادوها معركة"
    assert hits("انتهت الحرب. الإرهابيين بحسب تعبيره")[0][2] == "الإرهابيين"
    # at most 8 tokens back
    t = "قبل عام أعلن حفتر عملية عسكرية واسعة جدا لتحرير المدينة من المتطرفين والإرهابيين حسب كلامه"
    assert hits(t)[0][2] == "عسكرية واسعة جدا لتحرير المدينة من المتطرفين والإرهابيين"


def test_markers_do_not_span_a_clause_boundary():
    assert hits("ما، يسمى الجيش") == []
    assert hits("وصفهم، بالإرهابيين") == []


def test_seed_markers():
    found = {a: [(h[0], h[1]) for h in hits(t)] for a, t in SEEDS.items()}
    assert found == {
        "000": [
            ("whom_he_described", "التي وصفها"),
            ("what_they_call", "من اسماهم"),
            ("claim", "زاعماً"),
        ],
        "001": [],
        "002": [
            ("calls_itself", "تسمي نفسها"),
            ("according_to_sources", "بحسب بيان"),
            ("whom_he_described", "من يصفهم"),
            ("what_they_call", "ما سماها"),
            ("according_to_his_words", "بحسب تعبيره"),
            ("what_they_call", "ما سماه"),
            ("whom_he_described", "من وصفهم"),
        ],
        "003": [("so_called", "وما يسمى")],
        "004": [
            ("what_they_call", "ما تسميه"),
            ("what_they_call", "ما أسماه"),
            ("according_to_his_words", "حسب كلامه"),
            ("claim", "تعلل"),
            ("pretext", "بحجة"),
            ("pretext", "تحت ستار"),
        ],
    }


def test_find_markers_accepts_a_tokens_table():
    from framing.text.arabic import tokens_table

    t = "وما يسمى بمجلس نواب طرابلس"
    assert find_markers(t, tokens_table(t)) == find_markers(t, tokenise(t))


# --------------------------------------------------------------------------- bad marker files


def _write(tmp_path: Path, markers: list[dict]) -> Path:
    p = tmp_path / "m.yaml"
    p.write_text(
        yaml.safe_dump({"macros": {"PRON": "ه|ها"}, "stoplists": {"np": ["في"]}, "markers": markers},
                       allow_unicode=True),
        encoding="utf-8",
    )
    return p


GOOD = {"id": "x", "patterns": ["ما يسمى"], "scope": "forward", "window": 3, "stop": "np"}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"patterns": ["ما يسمى{NOPE}"]}, ["NOPE", "'x'"]),
        ({"patterns": ["ما [يسمى]"]}, ["not allowed", "'x'"]),
        ({"scope": "sideways"}, ["scope", "'x'"]),
        ({"window": 0}, ["window", "'x'"]),
        ({"stop": "missing"}, ["stoplist", "'x'"]),
        ({"patterns": []}, ["patterns", "'x'"]),
        ({"cross_clause": "yes"}, ["cross_clause", "'x'"]),
        ({"refuses": "names"}, ["refuses", "'x'"]),
    ],
)
def test_bad_marker_entries_are_one_line_errors(tmp_path, change, words):
    p = _write(tmp_path, [{**GOOD, **change}])
    with pytest.raises(FramingError) as info:
        load_markers(p)
    msg = str(info.value)
    assert "\n" not in msg and str(p) in msg
    for w in words:
        assert w in msg, msg


def test_duplicate_marker_id(tmp_path):
    with pytest.raises(FramingError, match="twice"):
        load_markers(_write(tmp_path, [GOOD, GOOD]))


def test_custom_marker_file(tmp_path):
    markers = load_markers(_write(tmp_path, [GOOD]))
    t = "ما يسمى بالجيش في الشرق"
    assert [h.scope_end - h.scope_start for h in find_markers(t, tokenise(t), markers=markers)] == [1]


# --------------------------------------------------------------------------- voice


def test_authorial_quoted_distanced():
    t = 'هاجم حفتر ما يسمى بالجماعات الإرهابية ثم قال إن "الإرهاب" انتهى والإرهابيين هزموا.'
    assert voice_of(t, "الإرهابية") == ("distanced", "ما يسمى")
    assert voice_of(t, 'الإرهاب"'[:-1], 1) == ("quoted", '"…"')
    assert voice_of(t, "والإرهابيين") == ("authorial", "")
    assert voice_of(t, "حفتر") == ("authorial", "")


def test_quoted_with_guillemet_and_straight_close():
    t = 'واحتشدت أعداد من عناصر الجيش و«المقاتلين" للرد'
    assert voice_of(t, "المقاتلين") == ("quoted", '«…"')
    # the whole token, proclitic and quote mark included, is also inside
    assert voice_of(t, 'و«المقاتلين') == ("quoted", '«…"')
    assert voice_of(t, "الجيش") == ("authorial", "")


def test_scare_quote_and_quotation_are_both_quoted():
    t = 'عمليته ضد "المجموعات الإرهابية" في بنغازي قائلا "إن العملية ستستمر حتى تطهير بنغازي من الإرهابيين".'
    assert voice_of(t, "المجموعات الإرهابية") == ("quoted", '"…"')
    assert voice_of(t, "الإرهابيين") == ("quoted", '"…"')


def test_unbalanced_quote_still_quotes_to_sentence_end():
    t = 'بانها "في الحقيقة حرب على الإرهابيين. ويرى خبراء ان الإرهابيين كثر'
    assert voice_of(t, "الإرهابيين") == ("quoted", '"…')
    assert voice_of(t, "الإرهابيين", 1) == ("authorial", "")


def test_precedence_marker_outside_quote_is_distanced():
    t = 'مؤكدا تصميمه على مواصلة حملته على ما سماه "مليشيات إسلامية" في بنغازي'
    assert voice_of(t, "مليشيات") == ("distanced", "ما سماه")
    t = 'الحملة التي يشنها حفتر على من يصفهم ب«مجموعات إرهابية" تحرك'
    assert voice_of(t, "مجموعات إرهابية") == ("distanced", "من يصفهم")


def test_precedence_marker_inside_quote_is_quoted():
    t = 'وقال إن "الجيش اضطر إلى خوض ما سماها معركة ضد الإرهاب" في بنغازي'
    assert voice_of(t, "معركة") == ("quoted", '"…"')


def test_mention_inside_the_marker_is_not_governed():
    t = "ضد الإرهاب المزعوم في المدينة"
    assert voice_of(t, "الإرهاب") == ("distanced", "المزعوم")
    assert voice_of(t, "المزعوم") == ("authorial", "")


def test_nearest_marker_decides():
    t = "ما يسمى الجيش الوطني المزعوم"
    assert voice_of(t, "الوطني") == ("distanced", "المزعوم")
    assert voice_of(t, "الجيش") == ("distanced", "ما يسمى")


def test_diacritics_and_tatweel_do_not_change_the_voice():
    plain = "ضد من وصفهم بالإرهابيين في بنغازي"
    marked = "ضد من وَصَفَـــهم بالإرهابيّين في بنغازي"
    assert voice_of(plain, "بالإرهابيين") == ("distanced", "من وصفهم")
    assert voice_of(marked, "بالإرهابيّين")[0] == "distanced"


def test_bad_span():
    with pytest.raises(FramingError, match="span"):
        assign_voice("نص", tokenise("نص"), [(0, 10)])


def test_add_voice_columns_and_errors():
    t = "أعلن حفتر ما أسماه معركة الكرامة، وهاجم الإرهابيين"
    m = pd.DataFrame(
        {"article": ["a", "a"], "start": [span(t, "معركة")[0], span(t, "الإرهابيين")[0]],
         "end": [span(t, "معركة")[1], span(t, "الإرهابيين")[1]]},
        index=[10, 20],
    )
    out = add_voice(m, t, tokenise(t))
    assert list(out.index) == [10, 20]
    assert out["voice"].tolist() == ["distanced", "authorial"]
    assert out["voice_marker"].tolist() == ["ما أسماه", ""]
    assert set(out["voice"]) <= set(VOICES)
    assert "voice" not in m.columns  # pure
    with pytest.raises(FramingError, match="several articles"):
        add_voice(m.assign(article=["a", "b"]), t, tokenise(t))
    with pytest.raises(FramingError, match="columns"):
        add_voice(m.drop(columns="end"), t, tokenise(t))


def test_clause_ids():
    t = "قوات حفتر، الإرهابيين. ثم"
    assert clause_ids(t, [0, span(t, "حفتر")[0], span(t, "الإرهابيين")[0], span(t, "ثم")[0]]) == [0, 0, 1, 2]


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize(
    "article, surface, nth, expected",
    [
        ("000", "المتشددة", 0, ("distanced", "التي وصفها")),
        ("000", "المتطرفين", 0, ("distanced", "من اسماهم")),
        ("000", "المجموعات الإرهابية", 0, ("quoted", '"…"')),
        ("000", "الإرهابيين", 0, ("quoted", '"…"')),
        ("000", "الارهاب", 0, ("authorial", "")),  # في حربه ضد الارهاب
        ("000", "عملية الكرامة", 0, ("quoted", '"…"')),
        ("002", "المقاتلين", 0, ("quoted", '«…"')),
        ("002", "مجموعات إرهابية", 0, ("distanced", "من يصفهم")),
        ("002", "مليشيات إسلامية", 0, ("distanced", "ما سماه")),
        ("002", "الإرهابيين", 0, ("distanced", "من وصفهم")),
        ("002", "الإرهاب", 0, ("quoted", '"…"')),  # "العملية هدفها محدد وهو اجتثاث الإرهاب"
        ("002", "الإرهابَ", 0, ("distanced", "بحسب تعبيره")),
        ("002", "المجموعات الإرهابية", 0, ("quoted", '"…"')),
        ("002", "كتائب الثوار", 0, ("authorial", "")),
        ("003", "مجلس نواب طرابلس", 0, ("distanced", "وما يسمى")),
        ("004", "الجيش الوطني", 0, ("distanced", "ما تسميه")),
        ("004", "ميليشيات", 0, ("authorial", "")),  # after the comma: أي ميليشيات خليفة حفتر
        ("004", "معركة الكرامة", 0, ("distanced", "ما أسماه")),
        ("004", "المتطرفين", 0, ("distanced", "حسب كلامه")),
        ("004", "الإرهاب", 0, ("authorial", "")),  # عاجزة عن مواجهة الإرهاب
        ("004", "الخلايا الإرهابية", 0, ("authorial", "")),
    ],
)
def test_seed_voices(article, surface, nth, expected):
    assert voice_of(SEEDS[article], surface, nth) == expected


@pytest.mark.parametrize(
    "article, after, surface, expected",
    [
        ("004", "بحجة توسع ", "الإرهاب", ("distanced", "بحجة")),
        ("004", "تحت ستار مقاومة داعش و", "الإرهابيين", ("distanced", "تحت ستار")),
        ("004", "تحت ستار مقاومة ", "داعش", ("distanced", "تحت ستار")),
        ("004", "ما تسميه الجيش الوطني ، أي ", "ميليشيات", ("authorial", "")),
        ("004", "لتحرير بنغازي من المتطرفين و", "الإرهابيين", ("distanced", "حسب كلامه")),
        ("000", "ما أقدم عليه اللواء ", "حفتر", ("distanced", "زاعماً")),
        ("002", "الدم الليبي مقدس لكنّ ", "الإرهابَ", ("distanced", "بحسب تعبيره")),
        ("002", "اجتثاث ", "الإرهاب", ("quoted", '"…"')),
    ],
)
def test_seed_voices_in_context(article, after, surface, expected):
    assert voice_of(SEEDS[article], surface, after=after) == expected


@pytest.mark.parametrize("article", sorted(SEEDS))
@pytest.mark.parametrize("mark", ["\u064e", "\u0640", "\u0651\u064f"])  # fatha, tatweel, shadda+damma
def test_seed_voices_do_not_change_with_diacritics_or_tatweel(article, mark):
    text = SEEDS[article]
    # a mark after every third letter that is followed by another letter (inside words)
    out, n = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and i + 1 < len(text) and "\u0621" <= text[i + 1] <= "\u064a":
            n += 1
            if n % 3 == 0:
                out.append(mark)
    marked = "".join(out)
    voices = []
    for t in (text, marked):
        toks = tokenise(t)
        voices.append([v for v in assign_voice(t, toks, [(x.start, x.end) for x in toks])])
    assert [v for v, *_ in voices[0]] == [v for v, *_ in voices[1]]
    assert any(v != "authorial" for v, *_ in voices[0])  # every seed has quoted or distanced tokens


# ---------------------------------------------------------------------------
# reported speech
# ---------------------------------------------------------------------------


def _reported(text: str, word: str) -> str:
    from framing.measure.voice import reported_by

    tokens = tokenise(text)
    index = next(i for i, t in enumerate(tokens) if t.surface == word)
    return reported_by(tokens, [index])[0]


@pytest.mark.parametrize("text,word,expected", [
    # the claim after "verb … complementiser" is reported; the speaker is not
    ("أعلنت السلطات الليبية أن التحرك محاولة انقلابية.", "انقلابية", "أعلنت … أن"),
    ("أعلنت السلطات الليبية أن التحرك محاولة انقلابية.", "السلطات", ""),
    ("نفى اللواء المتقاعد أن تكون العملية انقلابا.", "المتقاعد", ""),
    # a complementiser without a verb of saying before it: the author's inference
    ("وهو ما يوحي بأنه يراهن على الإرهاب.", "الإرهاب", ""),
    # a verb too far before its complementiser is not its verb
    ("قال " + "كلمة " * 13 + "أن الإرهاب انتشر.", "الإرهاب", ""),
    ("قال " + "كلمة " * 11 + "أن الإرهاب انتشر.", "الإرهاب", "قال … أن"),
    # وأن continues the claim before it
    ("وقالت الحكومة أنها عاجزة عن مواجهة الإرهاب، وأنها تطالب بقصف الإرهابيين.",
     "الإرهابيين", "وقالت … أنها"),
    # a sentence end closes the claim
    ("قال المتحدث أن الوضع هادئ. وهاجمت الميليشيات المدينة.", "الميليشيات", ""),
])
def test_reported_speech_is_a_verb_of_saying_then_a_complementiser(text, word, expected):
    assert _reported(text, word) == expected


def test_seed_rows_in_reported_speech():
    """000: the authorities' "coup" claim is reported; Haftar's vow with no
    complementiser (أعلن … حل البرلمان، متعهداً …) is not."""
    from framing.measure.mentions import load_lexicons, measure

    seed = [a for a in load_corpus() if a.id.startswith("000")]
    mentions = measure(seed, load_lexicons())[0]
    by_surface = dict(zip(mentions["surface"], mentions["reported_by"]))
    assert by_surface["ومحاولة انقلابية"] == "اعلنت … ان"
    assert by_surface["الإرهاب"] == ""  # بملاحقة رموز جماعة الإخوان بتهم الإرهاب


def test_bad_speech_verbs_file_is_one_line(tmp_path):
    from framing.measure.voice import load_speech_verbs

    path = tmp_path / "verbs.yaml"
    path.write_text("verbs:\n  - gloss: said\n", encoding="utf-8")
    with pytest.raises(FramingError) as info:
        load_speech_verbs(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "verb #1" in message


# ---------------------------------------------------------------------------
# issue 15: distancing and attribution the real articles taught us (our own sentences)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, marker", [
    ("تقاتل قوات يطلق عليها اسم الجيش الوطني في الجنوب.", "so_called"),
    ("هاجم ما يعرف بمجلس شورى المدينة مواقع الجيش.", "known_as"),
    ("قتل ثلاثة مسلحين في اشتباكات ليلية، وفق ما أفادت مصادر محلية.", "according_to_sources"),
    ("واتهم رئيس الحكومة القائد العسكري بالانقلاب على المؤسسات.", "accused"),
    ("تقدمت القوات بدعوى محاربة الإرهاب في المدينة.", "pretext"),
    ("أعلن الجيش المزعوم سيطرته على المطار.", "alleged"),
])
def test_issue15_markers_are_found(text, marker):
    assert marker in [h[0] for h in hits(text)]


def test_an_accusation_is_the_accusers_label():
    from framing.measure.schema import SCORE_COLUMNS
    from framing.measure.scorer import Scorer

    text = "واتهم رئيس حكومة الوفاق حفتر بتدبير انقلاب على الشرعية."
    row = dict(zip(SCORE_COLUMNS, Scorer().score("t", text)))
    assert row["haftar_D"] == 0            # the coup charge is the accuser's


@pytest.mark.parametrize("text, name, marker", [
    # the accuser and the accused are named by the author; the charge is the accuser's
    ("واتهم السراج حفتر بتنفيذ انقلاب على الشرعية.", "السراج", "واتهم"),
    ("واتهم السراج حفتر بتنفيذ انقلاب على الشرعية.", "حفتر", "واتهم"),
    # the actors of a sourced report
    ("قصفت قوات حفتر المطار ليلا، بحسب مصادر محلية.", "قوات حفتر", "بحسب مصادر"),
    # what lies outside what is "known as": the possessor of the named force
    ("وقاتلت ما يعرف بقوات الكرامة التابعة للواء خليفة حفتر.", "للواء", "ما يعرف"),
])
def test_the_names_around_an_attributed_claim_are_the_authors(text, name, marker):
    # an attributing marker distances the claim or the label it introduces, not the names
    # around it (twelfth/thirteenth sessions: of the actor and title mentions the tool called
    # distanced, the blind coders read 19 as the author's)
    assert marker in [h[1] for h in hits(text)]
    voices = assign_voice(text, tokenise(text), [span(text, name)], frames=[False])
    assert voices[0][:2] == ("authorial", "")


def test_the_charge_stays_the_accusers():
    # beside the accuser and the accused, both the author's names, the charge is distanced
    text = "واتهم السراج حفتر بتنفيذ انقلاب على الشرعية."
    spans = [span(text, "السراج"), span(text, "حفتر"), span(text, "انقلاب")]
    voices = assign_voice(text, tokenise(text), spans, frames=[False, False, True])
    assert [v[:2] for v in voices] == [("authorial", ""), ("authorial", ""),
                                       ("distanced", "واتهم")]


@pytest.mark.parametrize("text, name, marker", [
    # a marker with a next word governs the name it introduces …
    ("وقاتلت ما يعرف بقوات الكرامة التابعة للواء خليفة حفتر.", "بقوات الكرامة", "ما يعرف"),
    # … and a refusing marker every name in its scope, as before
    ("وهاجمت ما يسمى الجيش الوطني الليبي مدينة درنة.", "الجيش الوطني الليبي", "ما يسمى"),
])
def test_a_marker_still_governs_the_name_it_introduces(text, name, marker):
    voices = assign_voice(text, tokenise(text), [span(text, name)], frames=[False])
    assert voices[0][:2] == ("distanced", marker)


def test_the_table_helper_reads_a_headlines_speaker_as_the_engine_does():
    # one rule (framing.measure.engine.headline_speech), two callers: the engine and add_voice
    import datetime

    from framing.measure.mentions import article_mentions, load_lexicons
    from framing.text.corpus import Article

    lexicons = load_lexicons()
    for text in ("البرلمان الليبي: ميليشيات فجر ليبيا جماعة إرهابية\nوصوت النواب على القرار.",
                 "القاهرة: ميليشيات فجر ليبيا جماعة إرهابية",  # a dateline: an outside party
                 "ليبيا: ميليشيات فجر ليبيا جماعة إرهابية"):
        engine = article_mentions(Article("t", text, None, {"date": datetime.date(2015, 1, 1)}),
                                  lexicons)
        table = add_voice(engine.drop(columns=["voice", "voice_marker", "refused"]), text,
                          tokenise(text))
        assert table["voice"].tolist() == engine["voice"].tolist(), text
        assert table["voice_marker"].tolist() == engine["voice_marker"].tolist(), text
        assert ("quoted" in table["voice"].tolist()) == text.startswith("البرلمان"), text
