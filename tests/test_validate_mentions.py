"""The hand-coded sample of real mentions: keys committed as facts, the full
table rebuilt from the texts (framing.report.validate.rebuild_coded_mentions)."""

import csv
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_cli import run, user_error

from framing.errors import FramingError
from framing.report.validate import (
    CODED_KEY_COLUMNS,
    camp_of,
    camp_precision,
    claim_precision,
    mention_accuracy,
    read_coded_mentions,
    rebuild_coded_mentions,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "validation_keys"
KEYS = FIXTURE / "keys.csv"
LABELS = FIXTURE / "labels.csv"
REAL_KEYS = ROOT / "validation" / "mentions_coded.csv"
REAL_TEXTS = ROOT / "validation" / "texts"


def _rebuild(keys=KEYS, **options) -> pd.DataFrame:
    return rebuild_coded_mentions(keys, FIXTURE, labels_path=LABELS, **options)


def _keys(tmp_path, *edits: tuple[int, str, str], extra: str = "") -> Path:
    """The fixture's keys with (row, column, value) edits and extra lines."""
    keys = pd.read_csv(KEYS, dtype=str, keep_default_na=False)
    for row, column, value in edits:
        keys.loc[row, column] = value
    path = tmp_path / "keys.csv"
    path.write_text(keys.to_csv(index=False, lineterminator="\n") + extra, encoding="utf-8")
    return path


def test_rebuild_joins_the_keys_with_the_mentions_measured_now():
    table = _rebuild()
    assert len(table) == 4 and table.attrs == {"unmatched": [], "changed": 0}
    assert table["surface"].tolist() == ["المشير", "ميليشيات حفتر", "الإرهاب", "الميليشيات"]
    assert table["split"].tolist() == ["tune", "tune", "tune", "holdout"]
    # the verdicts are derived from the coder's reading of what the tool says now
    assert table["voice_correct"].tolist() == [1, 1, 0, 1]
    assert table["target_correct"].tolist() == [1, 1, 1, 1]
    assert table["target_true"].tolist() == ["haftar", "haftar", "none", "haftar"]
    assert table["reported"].tolist() == [0, 1, 0, 0]


def test_the_rebuilt_table_is_what_validate_mentions_reads(tmp_path):
    full = tmp_path / "full.csv"
    full.write_text(_rebuild().to_csv(index=False), encoding="utf-8")
    coded = read_coded_mentions(full)
    table = mention_accuracy(coded).set_index(["measure", "group"])
    assert table.loc[("voice_accuracy", "all"), ["n", "correct"]].tolist() == [4, 3]
    # blank (governed by a verb of naming, ما يسميه), and rightly so
    assert table.loc[("target_precision", "opposed"), "value"] == 1.0
    assert table.loc[("reported_speech", "frame"), ["n", "correct"]].tolist() == [3, 3]
    # the quoted word the coder reads as distanced is not the author's either way
    assert table.loc[("own_voice", "all"), "value"] == 1.0
    code, out, err = run("validate", "--mentions", str(full), "--split", "holdout")
    assert code == 0, err
    rows = pd.read_csv(io.StringIO(out), keep_default_na=False).set_index(["measure", "group"])
    assert rows.loc[("voice_accuracy", "all"), "n"] == 1
    assert rows.loc[("target_precision", "contrast"), "value"] == 1.0


def test_split_needs_a_split_column(tmp_path):
    full = tmp_path / "full.csv"
    full.write_text(_rebuild().drop(columns="split").to_csv(index=False), encoding="utf-8")
    user_error("validate", "--mentions", str(full), "--split", "tune",
               names="--split tune needs a split column")


def test_a_changed_output_is_judged_on_what_the_tool_says_now(tmp_path):
    # coded when the tool gave the contrast mention to the GNA (wrong then)
    keys = _keys(tmp_path, (3, "target", "gna"), (3, "target_correct", "0"))
    table = _rebuild(keys)
    assert table.attrs["changed"] == 1
    row = table.iloc[3]
    assert (row["coded_target"], row["target"], row["target_correct"]) == ("gna", "haftar", 1)
    assert bool(row["changed"])


def test_a_key_that_no_longer_matches_is_reported_never_dropped(tmp_path):
    keys = _keys(tmp_path, extra="tune,k01,0,4,haftar.lna,actor,authorial,haftar,self,0,1,1,"
                                  "authorial,haftar,0,\n")
    with pytest.raises(FramingError, match=r"keys\.csv:6: no mention k01:0-4 haftar\.lna in the "
                                           r"corpus now \(1 of 5 keys have none"):
        _rebuild(keys)
    table = _rebuild(keys, unmatched="report")
    assert len(table) == 4
    assert table.attrs["unmatched"] == ["k01:0-4 haftar.lna (line 6)"]
    # the rows kept are written as they are read: token positions stay integers (an unmatched
    # key once made them floats, 5.0, which the report could not read back)
    assert str(table["token_start"].dtype).startswith("int"), table["token_start"].dtype
    assert ".0," not in table.to_csv(index=False).splitlines()[1]


def test_a_repeated_key_is_an_error(tmp_path):
    lines = KEYS.read_text(encoding="utf-8").splitlines()
    keys = _keys(tmp_path, extra=lines[1] + "\n")
    with pytest.raises(FramingError, match=r"keys\.csv:6: the same mention as line 2"):
        _rebuild(keys)


def test_the_rebuild_script_writes_the_full_table_and_the_report(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "validation"))
    from coded_mentions import main

    out = tmp_path / "full.csv"
    assert main(["rebuild", "--keys", str(KEYS), "--texts", str(FIXTURE), "--labels",
                 str(LABELS), "-o", str(out)]) == 0
    assert len(pd.read_csv(out)) == 4
    bad = _keys(tmp_path, extra="tune,k02,0,4,haftar.lna,actor,authorial,haftar,self,0,1,1,"
                                "authorial,haftar,0,\n")
    assert main(["rebuild", "--keys", str(bad), "--texts", str(FIXTURE), "--labels",
                 str(LABELS), "-o", str(tmp_path / "other.csv")]) == 2
    assert not (tmp_path / "other.csv").exists()


def test_camps_are_the_sides_an_index_counts():
    assert camp_of("haftar_adversaries") == camp_of("gna") == "adversaries"
    assert camp_of("none") == camp_of("") == "none"
    # a patron whose frame words the indices count for the camp it arms is in that camp
    # (framing.measure.schema.DEFAULT_PATRONS); Haftar's own patrons stay outside parties
    assert camp_of("turkey") == camp_of("qatar") == "adversaries"
    assert camp_of("egypt") == "egypt" and camp_of("turkey", patrons={}) == "turkey"
    coded = pd.DataFrame({"target": ["haftar_adversaries", "haftar", ""],
                          "target_rule": ["nearest"] * 3, "target_correct": [0.0, 0, 1],
                          "target_true": ["gna", "gna", ""]})
    table = camp_precision(coded).set_index("group")
    assert table.loc["nearest", ["n", "correct"]].tolist() == [3, 2]
    assert table.loc["linked", ["n", "correct"]].tolist() == [2, 1]


def test_claim_precision_takes_a_camp_named_as_a_camp_at_its_word():
    # the tool's "one of Haftar's adversaries" is true of the brigades the coder names; a
    # specific actor of the same camp (gna for the brigades) is not, though its camp is right
    coded = pd.DataFrame({"target": ["haftar_adversaries", "gna", "haftar_adversaries", "haftar"],
                          "target_rule": ["opponent"] * 4, "target_correct": [0.0, 0, 0, 1],
                          "target_true": ["islamist_brigades", "islamist_brigades", "haftar", ""]})
    claim = claim_precision(coded).set_index("group")
    camp = camp_precision(coded).set_index("group")
    assert claim.loc["opponent", ["n", "correct"]].tolist() == [4, 2]
    assert camp.loc["opponent", ["n", "correct"]].tolist() == [4, 3]


# ---------------------------------------------------------------------------
# The committed sample of real mentions
# ---------------------------------------------------------------------------


def test_the_committed_keys_are_facts_only():
    with open(REAL_KEYS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CODED_KEY_COLUMNS  # no surface, no context column
    assert {r["split"] for r in rows} == {"tune", "holdout", "fresh", "final", "final2", "final3",
                                          "final4", "final5", "final6", "final7", "final8",
                                          "final9", "final10", "final11", "final12",
                                          "final13", "final14",
                                          "final15", "final16", "final17", "final18",
                                          "final19", "final20"}
    for r in rows:
        # English rationales; Arabic only as a lexicon word or marker, never a run of text
        runs = re.findall(r"[\u0600-\u06FF]+(?:[\s\u2026.]+[\u0600-\u06FF]+)*", r["rationale"])
        assert all(len(run.split()) <= 2 for run in runs), (r["article"], r["start"], runs)
    coded = read_coded_mentions(REAL_KEYS)
    assert coded["voice_true"].ne("").all() and coded["target_true"].ne("").all()
    assert coded[["voice_correct", "target_correct", "reported_true"]].notna().all().all()


@pytest.mark.skipif(not REAL_TEXTS.is_dir(), reason="the real texts are git-ignored")
def test_every_committed_key_still_matches_a_mention():
    # a checkout may hold only the texts refetched so far: each key whose text is here
    here = {p.stem for p in REAL_TEXTS.glob("*.txt")}
    keys = read_coded_mentions(REAL_KEYS)
    if not set(keys["article"]) & here:
        pytest.skip("no coded article's text is here (validation/README.md: refetching)")
    table = rebuild_coded_mentions(REAL_KEYS, REAL_TEXTS,
                                   labels_path=ROOT / "validation" / "sources.csv",
                                   unmatched="report")
    stale = [key for key in table.attrs["unmatched"] if key.split(":")[0] in here]
    assert stale == [], "re-code these keys (validation/README.md)"
