"""What a score row is: its columns and the definitions both scorers share.

Kept free of pandas and numpy so that streaming workers (:mod:`framing.stream`)
and the table pipeline (:mod:`framing.scores`) import one definition.
"""

from __future__ import annotations

from collections.abc import Collection

FAMILIES = ("terrorism", "revolution", "legitimising", "delegitimising")
VOICES = ("authorial", "quoted", "distanced")
#: the named Islamist factions (``islamists_index``)
DEFAULT_ISLAMIST_GROUPS = ("islamists", "muslim_brotherhood", "islamist_brigades")
#: Haftar's adversaries as a camp (``adversaries_index``): the named Islamist
#: factions, the Shura councils and Libya Dawn (``islamist_brigades``), the
#: Tripoli governments and their forces (``gna``, ``gnc``), and the forces he
#: fights named only by a label (``haftar_adversaries``, found by the grammar of
#: opposition, :mod:`framing.target`). Jihadist organisations are left out, as
#: in ``islamists_index``: every side calls them terrorists.
DEFAULT_ADVERSARY_GROUPS = ("islamists", "muslim_brotherhood", "islamist_brigades",
                            "gna", "gnc", "haftar_adversaries")
HAFTAR_GROUP = "haftar"
DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 0

#: the indices of the score row: (name, positive component, negative component)
INDICES = (("islamists", "T", "R"), ("adversaries", "T", "R"), ("haftar", "L", "D"))

SCORE_COLUMNS = [
    "article", "tokens", "sentences",
    "terrorism", "revolution", "legitimising", "delegitimising",
    "terrorism_authorial", "terrorism_quoted", "terrorism_distanced",
    "revolution_authorial", "revolution_quoted", "revolution_distanced",
    "terrorism_per_1000", "revolution_per_1000",
    "islamists_T", "islamists_R", "islamists_n",
    "islamists_index", "islamists_index_low", "islamists_index_high",
    "adversaries_T", "adversaries_R", "adversaries_n",
    "adversaries_index", "adversaries_index_low", "adversaries_index_high",
    "haftar_L", "haftar_D", "haftar_n",
    "haftar_index", "haftar_index_low", "haftar_index_high",
    "jihadists_terrorism", "haftar_title",
]


def index_components_of(family: str, target: str, islamist_groups: Collection[str],
                        adversary_groups: Collection[str]) -> tuple[str, ...]:
    """The index terms an authorial frame mention of ``family`` about ``target`` feeds.

    ``islamists_index`` = (T − R)/(T + R) over the named Islamist factions:
    T terrorism family (terrorism, extremism, militia, mercenary), R revolution.
    ``adversaries_index``, the same over Haftar's adversaries as a camp, where
    delegitimising names count with T (المؤتمر المنحل) and legitimising names
    with R (قوات الحكومة الشرعية, the anti-Haftar pole). ``haftar_index`` =
    (L − D)/(L + D): L legitimising, D delegitimising or terrorism family.

    >>> index_components_of("militia", "gna", ("islamist_brigades",), ("gna",))
    ('adversaries_T',)
    >>> index_components_of("revolution", "islamist_brigades", ("islamist_brigades",),
    ...                     ("islamist_brigades", "gna"))
    ('islamists_R', 'adversaries_R')
    """
    out: list[str] = []
    if target in islamist_groups:
        if family == "terrorism":
            out.append("islamists_T")
        elif family == "revolution":
            out.append("islamists_R")
    if target in adversary_groups:
        if family in ("terrorism", "delegitimising"):
            out.append("adversaries_T")
        elif family in ("revolution", "legitimising"):
            out.append("adversaries_R")
    if target == HAFTAR_GROUP:
        if family == "legitimising":
            out.append("haftar_L")
        elif family in ("delegitimising", "terrorism"):
            out.append("haftar_D")
    return tuple(out)
