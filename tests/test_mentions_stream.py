"""`framing mentions` streams like `framing score`: JSONL, Parquet and
folders in shards, --jobs, --engine dask, csv / json / parquet, --on-error,
--keep, a progress bar; its rows are the notebooks' mentions table
(``framing.measure.mentions.measure``). Small inputs only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from framing.measure.mentions import MENTION_COLUMNS, load_lexicons, measure
from framing.scale.stream import read_articles, synthetic_articles, write_jsonl, write_parquet
from framing.tables import csv_text
from framing.text.corpus import default_corpus_dir
from cli_runner import run

pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mentions") / "corpus.jsonl"
    write_jsonl(path, synthetic_articles(120, seed=5, sentences=(1, 8)))
    return path


@pytest.fixture(scope="module")
def table(corpus) -> pd.DataFrame:
    """The notebooks' mentions table of the corpus."""
    return measure(read_articles([str(corpus)]), load_lexicons())[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_csv_is_the_notebooks_table_byte_for_byte(corpus, table, tmp_path, jobs):
    target = tmp_path / "m.csv"
    code, out, err = run("mentions", str(corpus), "--jobs", jobs, "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == csv_text(table)


def test_stdout_when_piped(corpus, table):
    code, out, _ = run("mentions", str(corpus))
    assert code == 0 and out == csv_text(table)


def test_parquet_with_two_jobs_holds_the_table(corpus, table, tmp_path):
    target = tmp_path / "m.parquet"
    code, _, err = run("mentions", str(corpus), "--jobs", "2", "--format", "parquet",
                       "-o", str(target))
    assert code == 0, err
    back = pd.read_parquet(target)
    assert list(back.columns) == MENTION_COLUMNS
    pd.testing.assert_frame_equal(back.astype(table.dtypes.to_dict()), table,
                                  check_dtype=False)
    import pyarrow.parquet as pq

    types = {f.name: str(f.type) for f in pq.read_schema(target)}
    assert types["start"] == "int64" and types["title_rank"] == "int64"
    assert types["surface"] == "string"


def test_json_is_what_pandas_writes(corpus, table, tmp_path):
    target = tmp_path / "m.json"
    code, _, err = run("mentions", str(corpus), "--jobs", "2", "--format", "json",
                       "-o", str(target))
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        table.to_json(orient="records", force_ascii=False))


def test_parquet_input_and_a_folder_of_texts(tmp_path, table, corpus):
    source = tmp_path / "in.parquet"
    write_parquet(source, synthetic_articles(120, seed=5, sentences=(1, 8)))
    code, out, err = run("mentions", str(source), "--jobs", "2")
    assert code == 0, err
    assert out == csv_text(table)
    seeds = measure(read_articles(None), load_lexicons())[0]
    code, out, err = run("mentions", str(default_corpus_dir()), "--jobs", "2")
    assert code == 0, err
    assert out == csv_text(seeds)


def test_dask_engine(corpus, table, tmp_path):
    pytest.importorskip("dask")
    target = tmp_path / "d.csv"
    code, _, err = run("mentions", str(corpus), "--engine", "dask", "--jobs", "2",
                       "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == csv_text(table)


def with_line_8(corpus: Path, folder: Path, line: str) -> Path:
    """A copy of the corpus with ``line`` inserted as its line 8."""
    bad = folder / "bad.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines.insert(7, line)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return bad


def test_a_bad_line_is_one_error_and_nothing_is_written(corpus, tmp_path):
    bad = with_line_8(corpus, tmp_path, '{"id": "x", "text": 3}')
    target = tmp_path / "m.csv"
    code, out, err = run("mentions", str(bad), "--jobs", "2", "-o", str(target))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"framing: error: {bad}:8: "), err
    assert not target.exists()


def test_skip_lists_the_bad_articles(corpus, table, tmp_path):
    bad = with_line_8(corpus, tmp_path, '{"id": "x", "text": ""}')
    target = tmp_path / "m.csv"
    code, _, err = run("mentions", str(bad), "--on-error", "skip", "-o", str(target))
    assert code == 0 and "skipped 1 article" in err
    assert target.read_text(encoding="utf-8") == csv_text(table)
    skipped = pd.read_csv(f"{target}.skipped.csv", dtype=str)
    assert skipped[["line", "id"]].values.tolist() == [["8", "x"]]


def test_keep_appends_metadata_to_every_mention(tmp_path):
    source = tmp_path / "dated.jsonl"
    articles = list(synthetic_articles(6, seed=2, sentences=(1, 4)))
    source.write_text("".join(json.dumps({"id": i, "text": t, "outlet": f"o{k}"},
                                         ensure_ascii=False) + "\n"
                              for k, (i, t) in enumerate(articles)), encoding="utf-8")
    code, out, err = run("mentions", str(source), "--keep", "outlet")
    assert code == 0, err
    rows = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert list(rows.columns) == MENTION_COLUMNS + ["outlet"]
    assert len(rows) > 6
    expected = {i: f"o{k}" for k, (i, _) in enumerate(articles)}
    assert all(expected[a] == o for a, o in zip(rows["article"], rows["outlet"]))
    code, _, err = run("mentions", str(source), "--keep", "surface")
    assert code == 2 and "mentions-table column" in err


def test_progress_bar_goes_to_stderr(corpus, table):
    pytest.importorskip("tqdm")
    code, out, err = run("mentions", str(corpus), "--progress")
    assert code == 0 and out == csv_text(table)
    assert "%" in err
