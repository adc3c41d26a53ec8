"""framing.report.validate: the statistics on hand-made tables, the label and coded-mention
readers (one-line errors), and ``framing validate`` end to end on the fixture set."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.errors import FramingError
from framing.report.validate import (
    INDEX_LABELS,
    SUMMARY_COLUMNS,
    agreement_summary,
    auc,
    bootstrap_interval,
    index_agreement,
    join_labels,
    mention_accuracy,
    read_coded_mentions,
    read_labels,
    sign_agreement,
    spearman,
    validate_labels,
    voice_confusion,
    wilson_interval,
)
from cli_runner import run

FIXTURE = Path(__file__).resolve().parent / "data" / "validation"
LABELS = FIXTURE / "labels.csv"
CODED = FIXTURE / "coded_mentions.csv"
HEADER = ("id,url,outlet,outlet_country,date,date_source,genre,takes_side,haftar_stance,"
          "adversaries_frame,haftar_title,split,rationale")


# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------


def test_spearman_known_values_and_agrees_with_scipy():
    from scipy.stats import spearmanr

    assert spearman([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1)
    assert spearman([1, 2, 3, 4], [10, 20, 40, 30]) == pytest.approx(0.8)
    rng = np.random.default_rng(1)
    x, y = rng.integers(-2, 3, 40), rng.normal(size=40).round(1)  # ties in both
    assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic)
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))   # constant labels
    assert math.isnan(spearman([1], [1]))


def test_auc_known_values_and_agrees_with_sklearn():
    from sklearn.metrics import roc_auc_score

    assert auc([0.9, 0.8, 0.1, -1], [True, True, False, False]) == 1.0
    assert auc([-1, 0.1, 0.8, 0.9], [True, True, False, False]) == 0.0
    assert auc([1, 1, 1, 1], [True, False, True, False]) == 0.5  # ties count ½
    assert auc([1, 0, 0], [True, False, True]) == 0.75
    rng = np.random.default_rng(2)
    values, positive = rng.normal(size=50).round(1), rng.random(50) < 0.4
    assert auc(values, positive) == pytest.approx(roc_auc_score(positive, values))
    assert math.isnan(auc([1, 2], [True, True]))  # one class


def test_wilson_interval_known_values():
    low, high = wilson_interval(17, 20)
    assert (round(low, 4), round(high, 4)) == (0.6396, 0.9476)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(1 - high)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    from framing.report.validate import _spearman_rows

    rng = np.random.default_rng(3)
    x = rng.normal(size=60)
    y = x + rng.normal(size=60)
    first = bootstrap_interval(_spearman_rows, x, y, seed=5)
    assert first == bootstrap_interval(_spearman_rows, x, y, seed=5)
    assert first != bootstrap_interval(_spearman_rows, x, y, seed=6)
    assert first[0] < spearman(x, y) < first[1]


def test_coverage_counts_nan_as_undefined_and_only_sides():
    label = pd.Series([2.0, 1, -1, -2, 0, float("nan")])
    value = pd.Series([1.0, float("nan"), -0.5, float("nan"), float("nan"), 1.0])
    sides = pd.Series(["pro", "pro", "anti", "anti", "neutral", "pro"])
    figures = index_agreement(label, value, sides)
    # 4 articles take a side on this label (label ≠ 0, not blank); 2 are defined
    assert (figures["coverage"], figures["n_sides"]) == (0.5, 4)
    assert (figures["n"], figures["n_rho"], figures["n_pro"], figures["n_anti"]) == (5, 2, 1, 1)
    assert figures["auc"] == 1.0
    assert math.isnan(figures["neutral_median_abs"]) and figures["n_neutral"] == 0


def test_neutral_median_is_over_neutral_copy_with_a_value():
    label = pd.Series([0.0, 0, 0, 2])
    value = pd.Series([1.0, -0.2, float("nan"), 1])
    figures = index_agreement(label, value, pd.Series(["neutral"] * 3 + ["pro"]))
    assert (figures["neutral_median_abs"], figures["n_neutral"]) == (0.6, 2)


def _joined(**columns) -> pd.DataFrame:
    base = {"id": list("abcd"), "outlet": ["x", "x", "y", "y"], "genre": ["news"] * 4,
            "takes_side": ["pro", "anti", "pro", "neutral"], "split": ["tune", "tune", "", ""],
            "haftar_stance": [2.0, -2, 1, 0], "haftar_index": [1.0, -1, float("nan"), 1],
            "raw_haftar_index": [1.0, 1, 1, 1]}
    base.update(columns)
    return pd.DataFrame(base)


def test_summary_has_index_and_raw_rows_per_split():
    summary = agreement_summary(_joined(), INDEX_LABELS[:1], resamples=200)
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert summary[["split", "measure"]].values.tolist() == [
        ["all", "index"], ["all", "raw_counts"], ["tune", "index"], ["tune", "raw_counts"]]
    first = summary.iloc[0]
    assert (first["auc"], first["coverage"], first["neutral_median_abs"]) == (1.0, 2 / 3, 1.0)
    raw = summary.iloc[1]
    assert (raw["auc"], raw["coverage"]) == (0.5, 1.0)


def test_sign_agreement_counts_agree_disagree_undefined():
    table = sign_agreement(_joined(), INDEX_LABELS[:1], "outlet")
    got = table.set_index(["group", "measure"])[["n", "agree", "disagree", "undefined"]]
    assert got.loc[("x", "index")].tolist() == [2, 2, 0, 0]
    assert got.loc[("x", "raw_counts")].tolist() == [2, 1, 1, 0]
    assert got.loc[("y", "index")].tolist() == [2, 0, 1, 1]


# ---------------------------------------------------------------------------
# The label file
# ---------------------------------------------------------------------------


def test_read_labels_parses_the_fixture():
    labels = read_labels(LABELS)
    assert labels["id"].tolist() == [f"v0{k}" for k in range(1, 9)]
    assert labels["haftar_stance"].tolist()[:3] == [2.0, -2.0, 0.0]
    assert math.isnan(labels.loc[2, "adversaries_frame"])   # blank: not characterised
    assert set(labels["split"]) == {"tune", "holdout"}
    assert labels["line"].tolist() == list(range(2, 10))


def _labels(tmp_path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = "a,,Outlet,EG,2019-04-04,url,news,pro,2,1,المشير,tune,fine"
STRAY = "nope,,O,EG,2019,u,news,pro,1,1,,tune,r"  # an id that no article has


@pytest.mark.parametrize("row, message", [
    ("a,,O,EG,2019,u,news,pro,3,1,,tune,r", "labels.csv:3: haftar_stance '3' is outside −2"),
    ("a,,O,EG,2019,u,news,pro,1.5,1,,tune,r", "labels.csv:3: haftar_stance '1.5' is not an"),
    ("a,,O,EG,2019,u,news,pro,,1,,tune,r", "labels.csv:3: haftar_stance is blank"),
    ("a,,O,EG,2019,u,news,pro,1,-3,,tune,r", "labels.csv:3: adversaries_frame '-3' is outside"),
    ("a,,O,EG,2019,u,news,maybe,1,1,,tune,r", "labels.csv:3: takes_side 'maybe' is not one of"),
    ("a,,O,EG,2019,u,news,pro,1,1,,te st,r", "labels.csv:3: split 'te st' is not a name"),
    (",,O,EG,2019,u,news,pro,1,1,,tune,r", "labels.csv:3: id is blank"),
    ("x,,O,EG,2019,u,news,pro,1,1,,tune,r,extra", "labels.csv:3: more fields than the header"),
])
def test_bad_label_rows_are_one_line_naming_file_and_line(tmp_path, row, message):
    path = _labels(tmp_path, "b,,O,EG,2019,u,news,anti,-1,,,holdout,r", row)
    with pytest.raises(FramingError) as error:
        read_labels(path)
    assert message in str(error.value)
    assert str(error.value).startswith(str(path))
    assert "\n" not in str(error.value)


def test_duplicate_id_and_missing_column(tmp_path):
    with pytest.raises(FramingError, match=r"labels.csv:3: duplicate id 'a' \(also line 2\)"):
        read_labels(_labels(tmp_path, GOOD, GOOD))
    with pytest.raises(FramingError, match=r"labels.csv:1: missing column\(s\) takes_side"):
        read_labels(_labels(tmp_path, "a,2,1", header="id,haftar_stance,adversaries_frame"))


def test_a_minimal_label_file_without_optional_columns_is_enough(tmp_path):
    path = _labels(tmp_path, "a,pro,\u22122,", "b,neutral,0,+1",
                   header="id,takes_side,haftar_stance,adversaries_frame")
    labels = read_labels(path)
    assert labels["haftar_stance"].tolist() == [-2.0, 0.0]    # U+2212 minus accepted
    assert labels["split"].tolist() == ["", ""] and labels["outlet"].tolist() == ["", ""]


def test_a_labelled_id_without_an_article_is_an_error_or_dropped():
    labels = read_labels(LABELS)
    scores = pd.DataFrame({"article": ["v01"], "haftar_index": [1.0], "legitimising": [1],
                           "delegitimising": [0], "haftar_title": ["المشير"]})
    with pytest.raises(FramingError, match=r"labels.csv:3: id 'v02' has no article in the "
                                           r"corpus \(7 of 8 labelled ids have none\)"):
        join_labels(labels, scores, INDEX_LABELS[:1], source=str(LABELS))
    joined = join_labels(labels, scores, INDEX_LABELS[:1], missing="drop")
    assert joined["id"].tolist() == ["v01"]
    assert len(joined.attrs["missing"]) == 7


# ---------------------------------------------------------------------------
# On the fixture set, end to end
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables():
    return validate_labels(LABELS, FIXTURE, resamples=300)


def test_fixture_articles_rows_show_the_devices(tables):
    articles = tables["articles"].set_index("id")
    # v03: neutral wire copy naming the LNA and the field marshal: official names are plain
    # reference and weigh 0 (issue 15, pattern 1: it used to score +1)
    assert articles.loc["v03", "haftar_index"] == 0
    # v07: GNA-side militias and mercenaries: no islamists_index, raw counts see them (pattern 2)
    assert math.isnan(articles.loc["v07", "islamists_index"])
    assert articles.loc["v07", "raw_islamists_index"] == 1.0
    # v04: the raw haftar count takes the distanced "national army" at face value
    assert articles.loc["v04", "haftar_index"] <= 0 and articles.loc["v04", "raw_haftar_index"] == 1
    assert articles["title_match"].all()


def test_the_codebooks_none_title_agrees_with_no_title_measured(tmp_path):
    # the codebook writes `none` for a Haftar named without a title; no title measured agrees
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    labels["haftar_title"] = labels["haftar_title"].replace("", "none")
    path = tmp_path / "labels.csv"
    labels.to_csv(path, index=False)
    articles = validate_labels(path, FIXTURE, resamples=50)["articles"]
    assert articles["title_match"].all()
    assert (articles["haftar_title"] == "none").any()


def test_fixture_summary(tables):
    summary = tables["summary"].set_index(["split", "index", "measure"])
    assert set(summary.index.get_level_values("split")) == {"all", "tune", "holdout"}
    haftar = summary.loc[("all", "haftar_index", "index")]
    assert (haftar["n"], haftar["auc"], haftar["coverage"]) == (8, 1.0, 1.0)
    # the neutral copy (v03) names the LNA officially: 0
    assert haftar["neutral_median_abs"] == 0 and haftar["n_neutral"] >= 1
    assert haftar["rho_low"] <= haftar["rho"] <= haftar["rho_high"]
    islamists = summary.loc[("all", "islamists_index", "index")]
    assert (islamists["n_sides"], islamists["coverage"]) == (4, 0.75)
    assert summary.loc[("all", "islamists_index", "raw_counts"), "coverage"] == 1.0
    assert tables["titles"].iloc[0][["n", "matches"]].tolist() == [8, 8]


def test_cli_summary_csv_and_json(tmp_path):
    code, out, err = run("validate", str(LABELS), str(FIXTURE), "--resamples", "200")
    assert code == 0, err
    summary = pd.read_csv(io.StringIO(out))
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert len(summary) == 3 * 3 * 2   # all/tune/holdout × 3 indices × index/raw
    target = tmp_path / "holdout.json"
    code, out, err = run("validate", str(LABELS), "--split", "holdout", "--index",
                         "haftar_index", "--format", "json", "-o", str(target),
                         "--resamples", "200")
    assert code == 0 and out == "", err
    records = json.loads(target.read_text(encoding="utf-8"))
    assert {(r["split"], r["index"]) for r in records} == {("holdout", "haftar_index")}


def test_cli_other_tables(tmp_path):
    code, out, err = run("validate", str(LABELS), "--table", "outlet", "--resamples", "50")
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert set(table["group"]) == {"Fixture Pro Daily", "Fixture Revolution Weekly",
                                   "Fixture Tripoli Post", "Fixture Wire"}
    code, out, err = run("validate", str(LABELS), "--table", "articles", "--resamples", "50")
    assert code == 0, err
    assert pd.read_csv(io.StringIO(out))["id"].tolist()[:2] == ["v01", "v02"]


def user_error(*argv: str, names: str) -> str:
    code, out, err = run(*argv)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("framing: error: "), err
    assert names in err
    assert "Traceback" not in err and out == ""
    return err


def test_cli_bad_inputs_are_one_line(tmp_path):
    bad = _labels(tmp_path, "v01,,O,EG,2019,u,news,pro,5,1,,tune,r")
    user_error("validate", str(bad), str(FIXTURE), names=f"{bad}:2: haftar_stance '5'")
    stray = _labels(tmp_path, GOOD.replace("a,", "v01,", 1), STRAY)
    user_error("validate", str(stray), str(FIXTURE),
               names=f"{stray}:3: id 'nope' has no article in the corpus")
    user_error("validate", str(tmp_path / "none.csv"), str(FIXTURE), names="none.csv: no such file")
    user_error("validate", str(LABELS), str(FIXTURE), "--index", "nonsense",
               names="--index nonsense")
    user_error("validate", names="give LABELS.csv")
    user_error("validate", str(LABELS), "--mentions", str(CODED), names="not both")


def test_cli_allow_missing_warns_and_goes_on(tmp_path):
    stray = _labels(tmp_path, GOOD.replace("a,", "v01,", 1), STRAY)
    code, out, err = run("validate", str(stray), str(FIXTURE), "--allow-missing",
                         "--resamples", "50")
    assert code == 0
    assert err.startswith("framing: warning: 1 labelled id has no article") and "nope" in err
    assert set(pd.read_csv(io.StringIO(out))["n"]) <= {0, 1}


# ---------------------------------------------------------------------------
# Coded mentions
# ---------------------------------------------------------------------------


def test_coded_mentions_per_rule_table():
    coded = read_coded_mentions(CODED)
    table = mention_accuracy(coded).set_index(["measure", "group"])
    nearest = table.loc[("target_precision", "nearest")]
    assert (nearest["n"], nearest["correct"]) == (11, 6)
    assert nearest["flag"] == "narrow or drop"
    assert nearest["low"] < nearest["value"] < nearest["high"]
    assert table.loc[("target_precision", "label"), "flag"] == ""
    assert table.loc[("target_precision", "label"), "value"] == 1.0
    # v03 and v06's actor names are not coded: they are not counted
    assert table.loc[("target_precision", "self"), "n"] == 24 - 6
    voice = table.loc[("voice_accuracy", "all")]
    assert (voice["n"], voice["correct"]) == (57, 56)
    assert table.loc[("voice_accuracy", "authorial"), "value"] == pytest.approx(51 / 52)
    groups = table.loc["target_precision"].index.tolist()
    assert groups == ["linked", "linked_not_self", "self", "label", "adjacent", "nearest"]


def test_voice_confusion_uses_the_corrections():
    confusion = voice_confusion(read_coded_mentions(CODED)).set_index("voice")
    assert confusion.loc["authorial", "distanced"] == 1
    assert confusion.loc["quoted", "quoted"] == 3


def _coded(tmp_path, *rows: str, header: str = "article,start,end,entry_id,kind,voice,target,"
           "target_rule,voice_correct,target_correct,voice_true,target_true") -> Path:
    path = tmp_path / "coded.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_verdicts_derived_from_corrections(tmp_path):
    coded = read_coded_mentions(_coded(
        tmp_path,
        "a,0,4,terrorism.irhabi,frame,authorial,haftar,nearest,,,quoted,gna",
        "a,9,12,terrorism.irhabi,frame,quoted,gna,label,YES,1,,"))
    assert coded["voice_correct"].tolist() == [0.0, 1.0]
    assert coded["target_correct"].tolist() == [0.0, 1.0]


@pytest.mark.parametrize("row, message", [
    ("a,0,4,e,frame,shouted,haftar,nearest,1,1,,", "coded.csv:2: voice 'shouted' is not one of"),
    ("a,0,4,e,frame,authorial,haftar,closest,1,1,,", "coded.csv:2: target_rule 'closest'"),
    ("a,0,4,e,frame,authorial,haftar,nearest,maybe,1,,", "coded.csv:2: voice_correct 'maybe'"),
    ("a,0,4,e,frame,authorial,haftar,nearest,1,1,quoted,", "coded.csv:2: voice_correct '1' "
                                                           "contradicts voice_true 'quoted'"),
    ("a,x,4,e,frame,authorial,haftar,nearest,1,1,,", "coded.csv:2: start 'x' is not"),
    ("a,0,4,e,word,authorial,haftar,nearest,1,1,,", "coded.csv:2: kind 'word' is not one of"),
])
def test_bad_coded_rows_are_one_line(tmp_path, row, message):
    with pytest.raises(FramingError, match=message.replace("(", r"\(")):
        read_coded_mentions(_coded(tmp_path, row))


def test_cli_mentions(tmp_path):
    code, out, err = run("validate", "--mentions", str(CODED))
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert list(table.columns) == ["measure", "group", "n", "correct", "value", "low", "high",
                                   "flag"]
    assert table.loc[table["group"] == "nearest", "flag"].tolist() == ["narrow or drop"]
    bad = _coded(tmp_path, "a,0,4,e,frame,authorial,haftar,nearest,2,1,,",
                 header="article,start,end,entry_id,kind,voice,target,target_rule,"
                        "voice_correct,target_correct,voice_true,target_true")
    user_error("validate", "--mentions", str(bad), names=f"{bad}:2: voice_correct '2'")
    missing = _coded(tmp_path, "a,0,4", header="article,start,end")
    user_error("validate", "--mentions", str(missing), names=f"{missing}:1: missing column(s)")


def _split_coded(tmp_path) -> tuple[Path, Path]:
    """The fixture's coded mentions as two downloads, one per half of its articles."""
    lines = CODED.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    articles = sorted({row.split(",", 1)[0] for row in rows})
    first = [r for r in rows if r.split(",", 1)[0] in articles[: len(articles) // 2]]
    second = [r for r in rows if r not in first]
    folder = tmp_path / "downloads"
    folder.mkdir()
    paths = folder / "a.coded.csv", folder / "b.coded.csv"
    for path, part in zip(paths, (first, second)):
        path.write_text("\n".join([header, *part]) + "\n", encoding="utf-8")
    return paths


def test_several_coded_files_give_the_table_of_one(tmp_path):
    one = read_coded_mentions(CODED)
    first, second = _split_coded(tmp_path)
    for argv in ([str(first), str(second)], [str(first.parent)]):
        both = read_coded_mentions(argv)
        columns = [c for c in one.columns if c not in ("file", "line")]
        assert both[columns].equals(one[columns])
        assert set(both["file"]) == {str(first), str(second)}
    code, out, err = run("validate", "--mentions", str(first), str(second))
    assert code == 0, err
    assert out == run("validate", "--mentions", str(CODED))[1]
    assert run("validate", "--mentions", str(first.parent))[1] == out


def test_a_page_downloaded_twice_counts_once_and_coded_rows_win(tmp_path):
    first, _ = _split_coded(tmp_path)
    lines = first.read_text(encoding="utf-8").splitlines()
    # An earlier download of the same page, nothing coded yet: the codes blanked.
    blank = [",".join(line.split(",")[:9] + ["", "", "", ""]) for line in lines[1:]]
    earlier = first.parent / "a.coded (1).csv"
    earlier.write_text("\n".join([lines[0], *blank]) + "\n", encoding="utf-8")
    combined = read_coded_mentions([earlier, first, first])
    alone = read_coded_mentions(first)
    assert len(combined) == len(alone)
    assert combined["voice_correct"].fillna(-1).tolist() == \
        alone["voice_correct"].fillna(-1).tolist()


def test_a_mention_coded_two_ways_is_one_line_naming_both_files(tmp_path):
    first, second = _split_coded(tmp_path)
    lines = first.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[9] = "0" if fields[9] == "1" else "1"            # voice_correct flipped
    other = first.parent / "c.coded.csv"
    other.write_text("\n".join([lines[0], lines[2], ",".join(fields)]) + "\n", encoding="utf-8")
    user_error("validate", "--mentions", str(first), str(other),
               names=f"{other}:3: mention {fields[0]} {fields[1]}–{fields[2]} {fields[4]} "
                     f"({fields[5]}) is coded differently in {first}:2 (voice_correct")
    fields = lines[1].split(",")
    fields[8] = "none" if fields[8] != "none" else "nearest"  # a different run's target rule
    other.write_text("\n".join([lines[0], ",".join(fields)]) + "\n", encoding="utf-8")
    user_error("validate", "--mentions", str(first.parent),
               names=f"{other}:2: mention {fields[0]} {fields[1]}–{fields[2]}")
    empty = tmp_path / "empty"
    empty.mkdir()
    user_error("validate", "--mentions", str(empty), names=f"{empty}: no .csv file")


def test_agreement_figure_has_a_panel_per_index_and_measure(tables):
    from framing.report.validate import agreement_figure

    fig = agreement_figure(tables["articles"], tables["summary"], INDEX_LABELS[:2])
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert len(titles) == 4
    rho = tables["summary"].set_index(["split", "index", "measure"]).loc[
        ("all", "haftar_index", "index"), "rho"]
    assert titles[0].startswith(f"Haftar index\nρ {rho:+.2f}, AUC 1.00, coverage 100%")
    assert titles[3].startswith("raw counts (any voice, any target)")
    # words, not column names, on every axis a reader sees
    assert not any("_" in text for ax in fig.axes for text in (ax.get_title(loc="left"),
                                                                ax.get_xlabel()))


def test_a_set_with_minimal_labels_and_no_split_still_reports(tmp_path):
    from framing.report.validate import agreement_figure

    for name in ("v01.txt", "v03.txt", "v06.txt"):
        (tmp_path / name).write_text((FIXTURE / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    labels = _labels(tmp_path, "v01,pro,2,2", "v03,neutral,0,", "v06,anti,-2,",
                     header="id,takes_side,haftar_stance,adversaries_frame")
    tables = validate_labels(labels, None, resamples=50)
    assert set(tables["summary"]["split"]) == {"all"}
    assert set(tables["outlet"]["group"]) == {"(unknown)"}
    assert tables["titles"][["split", "n"]].values.tolist() == [["all", 3]]
    agreement_figure(tables["articles"], tables["summary"], INDEX_LABELS[:2])


def test_adversaries_index_joins_when_the_score_row_has_it():
    from framing.report.validate import index_labels_for

    scores = pd.DataFrame({"article": ["v01", "v02"], "haftar_index": [1.0, -1],
                           "islamists_index": [1.0, float("nan")],
                           "adversaries_index": [1.0, -0.5], "legitimising": [2, 0],
                           "delegitimising": [0, 1], "terrorism": [3, 0], "revolution": [0, 2],
                           "haftar_title": ["", ""]})
    specs = index_labels_for(scores)
    assert [s.index for s in specs] == ["haftar_index", "islamists_index", "adversaries_index"]
    assert [s.label for s in specs] == ["haftar_stance", "adversaries_frame", "adversaries_frame"]
    labels = read_labels(LABELS)
    joined = join_labels(labels, scores, specs, missing="drop")
    assert joined["adversaries_index"].tolist() == [1.0, -0.5]
    assert joined["raw_adversaries_index"].tolist() == [1.0, -1.0]
    with pytest.raises(FramingError, match="--index adversaries_index: the score row has no"):
        index_labels_for(scores.drop(columns="adversaries_index"), ["adversaries_index"])


def test_a_dateless_text_folder_is_scored_at_the_label_files_dates(tmp_path):
    """validation/texts has no metadata.csv: the labels' dates decide the dated
    entries (اللواء المتقاعد is his status in 2014, a choice in 2019)."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in ("early", "late"):
        (texts / f"{name}.txt").write_text("قاد اللواء المتقاعد خليفة حفتر هجوما على المدينة.\n",
                                           encoding="utf-8")
    labels = _labels(tmp_path, "early,,O,LY,2014-05-20,url,news,anti,-1,,,tune,r",
                     "late,,O,LY,2019-05-20,url,news,anti,-1,,,tune,r")
    rows = validate_labels(labels, texts, resamples=50)["articles"].set_index("id")
    assert rows.loc["early", "haftar_index"] == 0      # plain reference at its date
    assert rows.loc["late", "haftar_index"] < 0        # a choice after March 2015


def test_a_folder_without_metadata_is_dated_by_the_labels_on_the_command_line(tmp_path):
    """The command line passes CORPUS as a list: the label file's dates must still reach the
    folder (they once did only through the Python API, so the CLI read every text as
    today's and a dated title such as اللواء المتقاعد counted before March 2015)."""
    (tmp_path / "texts").mkdir()
    text = "أعلن اللواء المتقاعد خليفة حفتر بدء عملية عسكرية في بنغازي.\n"
    for i in ("a", "b"):
        (tmp_path / "texts" / f"{i}.txt").write_text(text, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text(HEADER + "\n"
                      "a,u,O,X,2014-05-20,url,news,neutral,0,,اللواء المتقاعد,tune,r\n"
                      "b,u,O,X,2019-05-20,url,news,anti,-1,,اللواء المتقاعد,holdout,r\n",
                      encoding="utf-8")
    code, out, err = run("validate", str(labels), str(tmp_path / "texts"), "--table",
                         "articles", "--resamples", "20")
    assert code == 0, err
    index = pd.read_csv(io.StringIO(out)).set_index("id")["haftar_index"]
    assert index["a"] == 0 and index["b"] < 0   # plain reference in 2014, a choice in 2019
    api = validate_labels(labels, tmp_path / "texts", resamples=20)["articles"]
    assert api.set_index("id")["haftar_index"].tolist() == index.tolist()
