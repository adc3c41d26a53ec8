"""validation/agreement.py and validation/second_reading.csv: the second reading of the untouched
halves (facts only) and the agreement helpers."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "validation" / "second_reading.csv"


def _agreement():
    spec = importlib.util.spec_from_file_location("agreement", ROOT / "validation" / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cohen_kappa_on_a_known_table():
    # 20 items: 15 agreements; marginals 10/10 and 10/10 → po 0.75, pe 0.5, kappa 0.5
    a = pd.Series(["pro"] * 10 + ["anti"] * 10)
    b = pd.Series(["pro"] * 8 + ["anti"] * 2 + ["anti"] * 7 + ["pro"] * 3)
    assert _agreement().cohen_kappa(a, b) == pytest.approx((0.75 - 0.5) / 0.5)


def test_spearman_interval_contains_its_estimate():
    x = np.array([-2, -1, 0, 1, 2, 1, 0, -1, 2, -2], dtype=float)
    y = x + np.array([0, 1, 0, 0, -1, 0, 1, 0, 0, 1])
    rho, low, high = _agreement().spearman_ci(x, y, resamples=300)
    assert low <= rho <= high and 0.7 < rho <= 1


def test_the_second_reading_is_facts_about_the_untouched_halves():
    rows = list(csv.DictReader(open(SECOND, encoding="utf-8")))
    assert tuple(rows[0]) == ("id", "haftar_stance", "adversaries_frame", "takes_side", "reader",
                              "rationale")
    first = {r["id"]: r["split"] for r in csv.DictReader(
        open(ROOT / "validation" / "sources.csv", encoding="utf-8"))}
    # the eighth session's untouched halves, and the ninth's (final5)
    assert {first[r["id"]] for r in rows} == {"final2", "final3", "final5"}
    assert len({r["id"] for r in rows}) == len(rows) == 146
    for r in rows:
        assert int(r["haftar_stance"]) in range(-2, 3)
        assert r["adversaries_frame"] == "" or int(r["adversaries_frame"]) in range(-2, 3)
        assert r["takes_side"] in ("pro", "anti", "neutral")
        # a rationale quotes at most four Arabic words in a row (the codebook's rule)
        runs = re.findall(r"[\u0600-\u06FF]+(?:\s+[\u0600-\u06FF]+)*", r["rationale"])
        assert all(len(run.split()) <= 4 for run in runs), (r["id"], runs)
