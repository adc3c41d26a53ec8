"""What a score row is: its columns and the definitions both scorers share.

Kept free of pandas and numpy so that streaming workers (:mod:`framing.stream`)
and the table pipeline (:mod:`framing.scores`) import one definition.
"""

from __future__ import annotations

FAMILIES = ("terrorism", "revolution", "legitimising", "delegitimising")
VOICES = ("authorial", "quoted", "distanced")
DEFAULT_ISLAMIST_GROUPS = ("islamists", "muslim_brotherhood", "islamist_brigades")
HAFTAR_GROUP = "haftar"
DEFAULT_RESAMPLES = 2000
#: At most this many bootstrap resamples: a 95 % interval's ends are stable
#: to the third decimal long before, and the resampled indices are held in
#: memory (8 bytes a resample per interval).
MAX_RESAMPLES = 100_000
DEFAULT_SEED = 0

SCORE_COLUMNS = [
    "article", "tokens", "sentences",
    "terrorism", "revolution", "legitimising", "delegitimising",
    "terrorism_authorial", "terrorism_quoted", "terrorism_distanced",
    "revolution_authorial", "revolution_quoted", "revolution_distanced",
    "terrorism_per_1000", "revolution_per_1000",
    "islamists_T", "islamists_R",
    "islamists_index", "islamists_index_low", "islamists_index_high",
    "haftar_L", "haftar_D",
    "haftar_index", "haftar_index_low", "haftar_index_high",
    "jihadists_terrorism", "haftar_title",
]
