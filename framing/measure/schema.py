"""What a score row is: its columns and which mention feeds which index term.

Kept free of pandas and numpy so that streaming workers (:mod:`framing.scale.stream`)
and the table views (:mod:`framing.measure.scores`) import one definition
(:func:`framing.measure.scorer.score_row` computes the row).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

#: the mentions table's columns (:mod:`framing.measure.mentions` describes them; the
#: fields of :class:`framing.measure.engine.Mention`)
MENTION_COLUMNS = [
    "article", "sentence", "paragraph", "clause", "start", "end", "token_start", "token_end",
    "surface", "entry", "entry_id", "gloss", "kind", "category", "family", "refers_to",
    "voice", "voice_marker", "refused", "reported_by", "target", "target_rule", "opposed", "title_rank",
]
FAMILIES = ("terrorism", "revolution", "legitimising", "delegitimising")
#: the family of neutral descriptive wording (الجماعات المسلحة, framing.yaml's
#: ``descriptive`` category): a frame-lexicon word that counts as a neutral name (Z)
NEUTRAL_FAMILY = "neutral"


def is_refused(value: object) -> bool:
    """A mention's ``refused`` value as a bool: ``True``, or its text in a
    CSV read back (``"True"``); anything else (``False``, blank, missing) is
    not refused.

    >>> is_refused(True), is_refused("True"), is_refused(""), is_refused(float("nan"))
    (True, True, False, False)
    """
    return value is True or str(value).strip().lower() == "true"

#: the family a refused frame word counts as (``ما يسمى بالثوار`` → terrorism):
#: :func:`framing.measure.scorer.terms_fed`
OPPOSITE_FAMILY = {"terrorism": "revolution", "revolution": "terrorism",
                   "legitimising": "delegitimising", "delegitimising": "legitimising"}
VOICES = ("authorial", "quoted", "distanced")
#: the named Islamist factions (``islamists_index``)
DEFAULT_ISLAMIST_GROUPS = ("islamists", "muslim_brotherhood", "islamist_brigades")
#: Haftar's adversaries as a camp (``adversaries_index``): the named Islamist
#: factions, the Shura councils and Libya Dawn (``islamist_brigades``), the
#: Tripoli governments and their forces (``gna``, ``gnc``), and the forces he
#: fights named only by a label (``haftar_adversaries``, found by the grammar of
#: opposition, :mod:`framing.measure.target`) — and, unlike ``islamists_index``, the
#: jihadist organisations: in Benghazi and Derna (2014–2018) they fought Haftar
#: beside the Shura councils, and tying the councils to al-Qaeda or ISIS is how
#: his camp frames them (measured on the tune half: ρ 0.67 → 0.71, coverage
#: 0.56 → 0.64).
DEFAULT_ADVERSARY_GROUPS = ("islamists", "muslim_brotherhood", "islamist_brigades",
                            "jihadists", "gna", "gnc", "haftar_adversaries")
#: The outside patrons of Haftar's adversaries, each with the camp it arms: a
#: frame word about a patron counts for that camp. Pro-Haftar copy brands the
#: Tripoli side through its backers — "مرتزقة أردوغان" (Erdoğan's mercenaries,
#: the Syrian fighters Turkey sent), "قطر وميليشياتها الإرهابية" (Qatar and its
#: terrorist militias) — and the target rules rightly find Turkey or Qatar there
#: (the coders read those mentions the same way). Names of a patron are not
#: names of the camp: they feed no index (no ``Z``). Haftar's own patrons
#: (Egypt, the Emirates, Russia) are not mapped: the frame words beside them in
#: real copy are mostly their own war on terror ("مصر تحارب الإرهاب"), and
#: mapping them too gained nothing (fourteenth session, on the 823 labelled
#: articles: ρ 0.783 → 0.787 for ``haftar_index`` and 0.806 → 0.811 for
#: ``adversaries_index`` with these two; no change with Haftar's patrons added).
#: The House of Representatives, the parliament that made Haftar its commander,
#: counts for his camp the same way: anti-Haftar copy brands his war through it
#: (مجلس النواب المنحل, the dissolved House; sixteenth session).
DEFAULT_PATRONS = {"turkey": "haftar_adversaries", "qatar": "haftar_adversaries",
                   "house_of_representatives": "haftar"}
HAFTAR_GROUP = "haftar"
DEFAULT_RESAMPLES = 2000
#: At most this many bootstrap resamples: a 95 % interval's ends are stable
#: to the third decimal long before, and the resampled indices are held in
#: memory (8 bytes a resample per interval).
MAX_RESAMPLES = 100_000
DEFAULT_SEED = 0

#: the indices of the score row: (name, positive component, negative component).
#: Each also counts ``Z``: the referent named neutrally (an actor or title
#: mention that is not a frame word: الجيش الوطني الليبي، المشير، حكومة الوفاق),
#: which weighs 0 — naming is not framing, but it is a choice among names.
INDICES = (("islamists", "T", "R"), ("adversaries", "T", "R"), ("haftar", "L", "D"))

SCORE_COLUMNS = [
    "article", "tokens", "sentences",
    "terrorism", "revolution", "legitimising", "delegitimising",
    "terrorism_authorial", "terrorism_quoted", "terrorism_distanced",
    "revolution_authorial", "revolution_quoted", "revolution_distanced",
    "terrorism_per_1000", "revolution_per_1000",
    "islamists_T", "islamists_R", "islamists_Z", "islamists_n",
    "islamists_index", "islamists_index_low", "islamists_index_high",
    "adversaries_T", "adversaries_R", "adversaries_Z", "adversaries_n",
    "adversaries_index", "adversaries_index_low", "adversaries_index_high",
    "haftar_L", "haftar_D", "haftar_Z", "haftar_n",
    "haftar_index", "haftar_index_low", "haftar_index_high",
    "jihadists_terrorism", "haftar_title",
]


def index_components_of(family: str, target: str, islamist_groups: Collection[str],
                        adversary_groups: Collection[str],
                        patrons: Mapping[str, str] = DEFAULT_PATRONS) -> tuple[str, ...]:
    """The index terms an authorial frame mention of ``family`` about ``target`` feeds.

    ``islamists_index`` = (T − R)/(T + R + Z) over the named Islamist
    factions: T terrorism family (terrorism, extremism, militia, mercenary),
    R revolution. ``adversaries_index``, the same over Haftar's adversaries as
    a camp, where delegitimising names count with T (المؤتمر المنحل) and
    legitimising names with R (قوات الحكومة الشرعية, the anti-Haftar pole).
    ``haftar_index`` = (L − D)/(L + D + Z) is the article's stance on
    Haftar's war, as the codebook reads ``haftar_stance``: L are the names
    that legitimise his camp (legitimising, about ``haftar``) *or* brand his
    adversaries (T of ``adversaries_index``: "the army's fight against the
    terrorists"), D the names that delegitimise his camp (delegitimising or
    terrorism family, about ``haftar``) *or* legitimise his adversaries (R:
    "الثوار", "قوات الحكومة الشرعية"). A frame word about an outside patron
    of a camp (``patrons``, :data:`DEFAULT_PATRONS`: Turkey, Qatar) counts for
    the camp it arms, and one about the House of Representatives for Haftar's.

    >>> index_components_of("terrorism", "gna", ("islamist_brigades",), ("gna",))
    ('adversaries_T', 'haftar_L')
    >>> index_components_of("terrorism", "turkey", (), ("haftar_adversaries",))
    ('adversaries_T', 'haftar_L')
    >>> index_components_of("delegitimising", "house_of_representatives", (), ())
    ('haftar_D',)
    >>> index_components_of("revolution", "islamist_brigades", ("islamist_brigades",),
    ...                     ("islamist_brigades", "gna"))
    ('islamists_R', 'adversaries_R', 'haftar_D')
    """
    target = patrons.get(target, target)
    out: list[str] = []
    if target in islamist_groups:
        if family == "terrorism":
            out.append("islamists_T")
        elif family == "revolution":
            out.append("islamists_R")
    if target in adversary_groups:
        if family in ("terrorism", "delegitimising"):
            out += ["adversaries_T", "haftar_L"]
        elif family in ("revolution", "legitimising"):
            out += ["adversaries_R", "haftar_D"]
    if target == HAFTAR_GROUP:
        if family == "legitimising":
            out.append("haftar_L")
        elif family in ("delegitimising", "terrorism"):
            out.append("haftar_D")
    return tuple(out)


def neutral_components_of(target: str, islamist_groups: Collection[str],
                          adversary_groups: Collection[str]) -> tuple[str, ...]:
    """The ``Z`` terms (neutral names, weight 0) an authorial name mention of
    ``target`` feeds: an actor or title mention that is not a frame word.

    Every index is (P − N) / (P + N + Z): the mean over the names the author
    chose for the referent, legitimising +1, neutral 0, delegitimising −1
    (for ``haftar_index`` the referents are both camps of his war).

    >>> neutral_components_of("gna", ("islamist_brigades",), ("islamist_brigades", "gna"))
    ('adversaries_Z', 'haftar_Z')
    """
    out: list[str] = []
    if target in islamist_groups:
        out.append("islamists_Z")
    if target in adversary_groups:
        out += ["adversaries_Z", "haftar_Z"]
    if target == HAFTAR_GROUP:
        out.append("haftar_Z")
    return tuple(out)
