"""framing.scale.stream: inputs, shards, the error policy, engines and writers.

Small inputs only (a few hundred short articles), no timing assertions: the
benchmark is ``benchmarks/bench_score.py``.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.measure.mentions import load_lexicons, measure
from framing.measure.scorer import Scorer, ScoreSettings
from framing.measure.scores import SCORE_COLUMNS, score_articles
from framing.scale import stream
from framing.scale.stream import (
    iter_articles,
    plan_shards,
    score_corpus,
    synthetic_articles,
    write_jsonl,
    write_parquet,
)
from framing.text.corpus import Article, default_corpus_dir, load_corpus
from cli_runner import run

pytest.importorskip("pyarrow")

SEEDS = load_corpus()


def _reference(articles: list[Article]) -> pd.DataFrame:
    return score_articles(*measure(articles, load_lexicons()))


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_csv() -> str:
    out = io.StringIO()
    score_corpus(stdout=out)
    return out.getvalue()


def test_seeds_output_is_what_score_articles_writes(seeds_csv):
    expected = _reference(SEEDS).to_csv(index=False, lineterminator="\n", float_format="%.6g")
    assert seeds_csv == expected


def test_jsonl_and_parquet_inputs_give_the_seeds_scores(tmp_path):
    pairs = [(a.id, a.text) for a in SEEDS]
    write_jsonl(tmp_path / "seeds.jsonl", pairs, outlet="test")  # extra fields: metadata
    write_parquet(tmp_path / "seeds.parquet", pairs, row_group_size=2)
    # these inputs carry no date: dated entries (اللواء المتقاعد from March 2015) read as today's
    undated = [Article(a.id, a.text, a.path, {}) for a in SEEDS]
    expected = _reference(undated).to_csv(index=False, lineterminator="\n", float_format="%.6g")
    for name in ("seeds.jsonl", "seeds.parquet"):
        out = io.StringIO()
        assert score_corpus([tmp_path / name], stdout=out).articles == 5
        assert out.getvalue() == expected, name


def test_iter_articles_gives_articles_with_their_metadata(tmp_path):
    pairs = [(a.id, a.text) for a in SEEDS[:2]]
    write_jsonl(tmp_path / "s.jsonl", pairs, outlet="test")
    (first, second) = iter_articles(tmp_path / "s.jsonl", articles=True)
    assert (first.id, first.text, dict(first.metadata)) == (SEEDS[0].id, SEEDS[0].text,
                                                            {"outlet": "test"})
    assert first.path == tmp_path / "s.jsonl"
    seeds = list(iter_articles(articles=True))
    assert [(a.id, a.text, a.path, dict(a.metadata)) for a in seeds] == \
        [(a.id, a.text, a.path, dict(a.metadata)) for a in SEEDS]


def test_a_folder_without_metadata_and_a_single_txt(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    for a in SEEDS[:2]:
        (folder / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    out = io.StringIO()
    score_corpus([folder, default_corpus_dir() / f"{SEEDS[4].id}.txt"], stdout=out)
    got = pd.read_csv(io.StringIO(out.getvalue()))
    assert got["article"].tolist() == [SEEDS[0].id, SEEDS[1].id, SEEDS[4].id]


def test_jsonl_texts_get_the_corpus_rules(tmp_path):
    text = SEEDS[0].text
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": 7, "text": text.replace("\n", "\r\n")},
                                                  ensure_ascii=True).encode() + b"\n\n")
    ((article_id, got),) = list(iter_articles(path))
    assert article_id == "7" and got == text


def test_mentions_and_kwic_take_jsonl_too(tmp_path):
    """The notebooks' pipeline on a JSONL file: the seeds' mentions table,
    dated by their date_estimate field; a repeated id is a one-line error."""
    path = tmp_path / "seeds.jsonl"
    records = [{"id": a.id, "text": a.text, "date_estimate": a.metadata["date_estimate"]}
               for a in SEEDS]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    code, from_jsonl, _ = run("mentions", str(path))
    assert code == 0
    assert from_jsonl == run("mentions")[1]
    code, out, _ = run("kwic", "البرلمان", str(path))
    assert code == 0 and "gnc" in out and "house_of_representatives" in out
    twice = tmp_path / "twice.jsonl"
    twice.write_text((path.read_text(encoding="utf-8").splitlines()[0] + "\n") * 2,
                     encoding="utf-8")
    code, out, err = run("mentions", str(twice))
    assert code == 2 and out == "" and err.count("\n") == 1
    # streamed like `framing score`: the message names the line
    assert f"{twice}:2: duplicate article id {SEEDS[0].id!r}" in err


def test_jsonl_shards_cut_at_line_starts(tmp_path):
    path = tmp_path / "c.jsonl"
    n = write_jsonl(path, synthetic_articles(60, seed=1, sentences=(1, 4)))
    shards = plan_shards(path, min_shards=7, shard_bytes=10_000)
    assert len(shards) >= 7
    data = path.read_bytes()
    assert all(s.begin == 0 or data[s.begin - 1:s.begin] == b"\n" for s in shards)
    assert [s.begin for s in shards[1:]] == [s.end for s in shards[:-1]]
    assert sum(1 for s in shards for item in stream.read_shard(s)) == n


def test_parquet_rows_split_within_a_row_group(tmp_path):
    path = tmp_path / "one_group.parquet"
    pairs = list(synthetic_articles(600, seed=2, sentences=(1, 2)))
    write_parquet(path, pairs, row_group_size=1000)
    shards = plan_shards(path, min_shards=3)
    assert len(shards) == 2 and shards[1].begin == 300  # ≥ 256 rows a shard
    got = [(i, t) for s in shards for _, i, t in stream.read_shard(s)]
    assert got == pairs


# ---------------------------------------------------------------------------
# errors at scale
# ---------------------------------------------------------------------------

GOOD = '{"id": "a%d", "text": "قوات حفتر تقصف الإرهابيين في بنغازي."}\n'


@pytest.fixture()
def bad_jsonl(tmp_path) -> Path:
    path = tmp_path / "bad.jsonl"
    with open(path, "wb") as f:
        f.write((GOOD % 1).encode())                                   # 1
        f.write(b'{"id": "a2", "text": "\xd8\xab\xff"}\n')            # 2 non-UTF-8
        f.write(b'{"id": "a3", "text": "ok"\n')                       # 3 bad JSON
        f.write(b"\n")                                                 # 4 blank: ignored
        f.write('{"id": "a4", "text": "hello"}\n'.encode())            # 5 no Arabic
        f.write((GOOD % 1).encode())                                   # 6 duplicate id
        f.write('{"text": "حفتر"}\n'.encode())                         # 7 no id
        f.write('["a8", "حفتر"]\n'.encode())                           # 8 not an object
        f.write((GOOD % 9).encode())                                   # 9
    return path


def test_fail_is_one_line_with_file_and_line_and_writes_nothing(bad_jsonl, tmp_path):
    target = tmp_path / "scores.csv"
    code, out, err = run("score", str(bad_jsonl), "-o", str(target))
    assert code == 2 and out == ""
    assert err == f"framing: error: {bad_jsonl}:2: not valid UTF-8 at column 24 (byte 25 of the line)\n"
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [bad_jsonl]  # no temporary file left behind
    code, out, err = run("score", str(bad_jsonl))  # to stdout: nothing either
    assert code == 2 and out == "" and err.count("\n") == 1


def test_a_bad_date_is_a_problem_at_its_line(tmp_path):
    """The bundled actors have dated entries (البرلمان), so each article's date
    is read; one that is not a date stops the run, or is skipped, at its line."""
    path = tmp_path / "dated.jsonl"
    path.write_text(
        '{"id": "a1", "text": "حل البرلمان.", "date": "2014-05-20"}\n'
        '{"id": "a2", "text": "حل البرلمان.", "date": "May 2014"}\n'
        '{"id": "a3", "text": "حل البرلمان."}\n', encoding="utf-8")
    code, out, err = run("score", str(path))
    assert code == 2 and out == ""
    assert err == (f"framing: error: {path}:2: metadata 'date' must be a date (YYYY-MM-DD), "
                   "got 'May 2014'\n")
    target = tmp_path / "scores.csv"
    code, _, err = run("score", str(path), "-o", str(target), "--on-error", "skip")
    assert code == 0 and "skipped 1 article" in err
    assert pd.read_csv(target)["article"].tolist() == ["a1", "a3"]


def test_dates_decide_dated_entries_in_every_engine(tmp_path, dated_lexicon):
    """A terrorism term dated until 2016 counts in the 2014 article only
    (the undated one is read as current usage), with and without workers."""
    lexicon = dated_lexicon("framing", {"terrorism.irhab": "until: 2016-01-01"})
    path = tmp_path / "dated.jsonl"
    path.write_text(
        '{"id": "a2014", "text": "الحرب على الإرهاب.", "date": "2014-05-20"}\n'
        '{"id": "a2019", "text": "الحرب على الإرهاب.", "date": "2019-04-06T09:00:00Z"}\n'
        '{"id": "undated", "text": "الحرب على الإرهاب."}\n', encoding="utf-8")
    settings = ScoreSettings(lexicon=str(lexicon), resamples=50)
    for jobs in (1, 2):
        out = io.StringIO()
        score_corpus([path], stdout=out, settings=settings, jobs=jobs)
        got = pd.read_csv(io.StringIO(out.getvalue())).set_index("article")["terrorism"]
        assert got.to_dict() == {"a2014": 1, "a2019": 0, "undated": 0}


def test_skip_counts_on_stderr_and_lists_every_skipped_article(bad_jsonl, tmp_path):
    target = tmp_path / "scores.csv"
    code, _, err = run("score", str(bad_jsonl), "-o", str(target), "--on-error", "skip")
    assert code == 0
    assert err == (f"framing: skipped 6 article(s) with problems; listed in {target}.skipped.csv\n")
    assert pd.read_csv(target)["article"].tolist() == ["a1", "a9"]
    with open(f"{target}.skipped.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["source", "line", "id", "reason"]
    assert [(r[1], r[2]) for r in rows[1:]] == [
        ("2", ""), ("3", ""), ("5", "a4"), ("6", "a1"), ("7", ""), ("8", "")]
    reasons = [r[3] for r in rows[1:]]
    assert reasons[0].startswith("not valid UTF-8")
    assert reasons[1].startswith("not valid JSON")
    assert reasons[2] == "no Arabic letters in the text"
    assert reasons[3] == f"duplicate article id 'a1' (also {bad_jsonl}:1)"
    assert reasons[4] == "no 'id' field"
    assert reasons[5].startswith("expected a JSON object")
    assert all(r[0] == str(bad_jsonl) for r in rows[1:])


def test_skip_needs_a_place_for_the_list(bad_jsonl):
    code, _, err = run("score", str(bad_jsonl), "--on-error", "skip")
    assert code == 2 and "--skipped" in err
    assert err.count("\n") == 1


def test_line_numbers_are_absolute_in_later_shards(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    write_jsonl(path, synthetic_articles(80, seed=4, sentences=(1, 3)))
    with open(path, "ab") as f:
        f.write(b"{broken\n")
    monkeypatch.setattr(stream, "SHARD_BYTES", 20_000)
    assert len(plan_shards(path)) > 3
    with pytest.raises(FramingError, match=rf"^{path}:81: not valid JSON"):
        score_corpus([path], stdout=io.StringIO())


def test_bad_files_in_a_folder(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(SEEDS[0].text, encoding="utf-8")
    (folder / "b.txt").write_bytes("حفتر\n".encode() + b"\xff\xfe\n")
    (folder / "c.txt").write_text("   \n", encoding="utf-8")
    with pytest.raises(FramingError) as failed:
        score_corpus([folder], stdout=io.StringIO())
    with pytest.raises(FramingError) as loaded:
        load_corpus(folder)  # the same message as the corpus loader
    assert str(failed.value) == str(loaded.value)
    assert "b.txt: not valid UTF-8 at byte" in str(failed.value) and "line 2" in str(failed.value)
    out = tmp_path / "s.csv"
    summary = score_corpus([folder], str(out), on_error="skip", stderr=io.StringIO())
    assert summary.articles == 1
    skipped = pd.read_csv(f"{out}.skipped.csv", keep_default_na=False)
    assert [Path(s).name for s in skipped["source"]] == ["b.txt", "c.txt"]
    assert skipped["reason"].str.startswith(("not valid UTF-8", "the file is empty")).all()


def test_parquet_problems_name_the_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": ["x", None, "z"], "text": ["حفتر", "حفتر", None]}), path)
    with pytest.raises(FramingError, match=rf"^{path}: row 2: 'id' must be"):
        score_corpus([path], stdout=io.StringIO())
    pq.write_table(pa.table({"name": ["x"], "body": ["حفتر"]}), path)
    with pytest.raises(FramingError, match=r"no 'id' or 'text' column"):
        score_corpus([path], stdout=io.StringIO())


# ---------------------------------------------------------------------------
# engines and output formats
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_jsonl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    write_jsonl(path, synthetic_articles(300, seed=11, sentences=(2, 10)))
    return path


@pytest.fixture(scope="module")
def single_process_csv(corpus_jsonl) -> str:
    out = io.StringIO()
    score_corpus([corpus_jsonl], stdout=out, settings=ScoreSettings(resamples=500))
    return out.getvalue()


def test_jobs_2_output_is_identical(corpus_jsonl, single_process_csv, tmp_path):
    target = tmp_path / "two.csv"
    code, _, err = run("score", str(corpus_jsonl), "--resamples", "500", "--jobs", "2",
                       "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == single_process_csv


def test_jobs_2_in_a_fresh_process_forks_and_output_is_identical(corpus_jsonl, single_process_csv,
                                                                  tmp_path):
    # a fresh CLI process has one thread when the pool starts: the workers are
    # forked with the parent's scorer (under pytest other threads may exist)
    import subprocess

    target = tmp_path / "two.csv"
    probe = ("import sys; from framing import cli; from framing.scale import stream\n"
             "print(stream._mp_context().get_start_method(), file=sys.stderr)\n"
             "sys.exit(cli.main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", probe, "score", str(corpus_jsonl), "--resamples",
                           "500", "--jobs", "2", "--no-progress", "-o", str(target)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    if sys.platform.startswith("linux"):
        assert done.stderr.splitlines()[0] == "fork"
    assert target.read_text(encoding="utf-8") == single_process_csv


def test_workers_start_from_a_forkserver_when_other_threads_run(corpus_jsonl, single_process_csv,
                                                                monkeypatch):
    import multiprocessing as mp
    import threading

    if "forkserver" not in mp.get_all_start_methods():
        pytest.skip("no forkserver here")
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not stream._single_threaded()
        assert stream._mp_context().get_start_method() == "forkserver"
        out = io.StringIO()
        score_corpus([corpus_jsonl], stdout=out, jobs=2, settings=ScoreSettings(resamples=500))
    finally:
        release.set()
        thread.join()
    assert out.getvalue() == single_process_csv


def test_dask_local_cluster_output_is_identical(corpus_jsonl, single_process_csv, tmp_path):
    pytest.importorskip("distributed")
    target = tmp_path / "dask.csv"
    code, _, err = run("score", str(corpus_jsonl), "--resamples", "500", "--engine", "dask",
                       "--jobs", "2", "-o", str(target))
    assert code == 0, err
    assert "LocalCluster" in err
    assert target.read_text(encoding="utf-8") == single_process_csv


def test_dask_on_an_existing_cluster(corpus_jsonl, single_process_csv):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        out, err = io.StringIO(), io.StringIO()
        score_corpus([corpus_jsonl], stdout=out, stderr=err, engine="dask",
                     scheduler=cluster.scheduler_address, settings=ScoreSettings(resamples=500))
    assert f"cluster at {cluster.scheduler_address} (1 workers)" in err.getvalue()
    assert out.getvalue() == single_process_csv


def test_dask_without_distributed_uses_the_processes_scheduler(corpus_jsonl, single_process_csv,
                                                                monkeypatch):
    pytest.importorskip("dask")
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    out, err = io.StringIO(), io.StringIO()
    score_corpus([corpus_jsonl], stdout=out, stderr=err, engine="dask", jobs=2,
                 settings=ScoreSettings(resamples=500))
    assert "processes scheduler" in err.getvalue()
    assert out.getvalue() == single_process_csv


def test_json_output_is_what_pandas_writes(corpus_jsonl, tmp_path):
    target = tmp_path / "s.json"
    score_corpus([corpus_jsonl], str(target), format="json", jobs=2,  # several shards
                 settings=ScoreSettings(resamples=500))
    scorer = Scorer(resamples=500)
    rows = [scorer.score(i, t) for i, t in iter_articles(corpus_jsonl)]
    expected = pd.DataFrame(rows, columns=SCORE_COLUMNS).to_json(
        orient="records", force_ascii=False, indent=1) + "\n"
    assert target.read_text(encoding="utf-8") == expected


def test_parquet_round_trip(corpus_jsonl, single_process_csv, tmp_path):
    target = tmp_path / "s.parquet"
    code, _, err = run("score", str(corpus_jsonl), "--resamples", "500", "--format", "parquet",
                       "-o", str(target))
    assert code == 0, err
    back = pd.read_parquet(target)
    assert list(back.columns) == SCORE_COLUMNS
    expected = pd.read_csv(io.StringIO(single_process_csv), keep_default_na=False,
                           na_values={c: [""] for c in SCORE_COLUMNS if c not in
                                      ("article", "haftar_title")})
    assert back["article"].tolist() == expected["article"].tolist()
    assert back["haftar_title"].tolist() == expected["haftar_title"].tolist()
    numeric = [c for c in SCORE_COLUMNS if c not in ("article", "haftar_title")]
    assert str(back["tokens"].dtype) == "int64"
    pd.testing.assert_frame_equal(back[numeric], expected[numeric], check_dtype=False,
                                  rtol=1e-5)  # the CSV has 6 significant digits
    assert (back.drop(columns=["article", "haftar_title"]).to_numpy().shape[0] == 300)


def test_parquet_needs_an_output_file(corpus_jsonl):
    code, _, err = run("score", str(corpus_jsonl), "--format", "parquet")
    assert code == 2 and "--output" in err


def test_csv_writer_matches_pandas():
    rng = random.Random(0)
    rows = []
    for k in range(200):
        row = []
        for c in SCORE_COLUMNS:
            if c in ("article", "haftar_title"):
                row.append(rng.choice(["", "المشير", 'a,"b"', f"id{k}", "x\ny"]))
            elif c in stream._INT_COLUMNS:
                row.append(rng.randrange(0, 10**6))
            else:
                row.append(rng.choice([float("nan"), 1.0, -1.0, 0.0, rng.random() * 1e3,
                                       rng.uniform(-1, 1), 1e-7, 123456789.0]))
        rows.append(tuple(row))
    out = io.StringIO()
    writer = stream._CsvWriter(out)
    writer.write(rows[:70])
    writer.write(rows[70:])
    expected = pd.DataFrame(rows, columns=SCORE_COLUMNS).to_csv(
        index=False, lineterminator="\n", float_format="%.6g")
    assert out.getvalue() == expected


def test_progress_bar_goes_to_stderr(tmp_path):
    pytest.importorskip("tqdm")
    err = io.StringIO()
    score_corpus(None, str(tmp_path / "x.csv"), progress=True, stderr=err)
    # tqdm redraws at most every 0.1 s and clears the bar at the end (leave=False),
    # so which counts were drawn depends on the machine's speed: check the bar's
    # total and unit, not its last frame.
    assert "/5 [" in err.getvalue() and "file/s" in err.getvalue()


# ---------------------------------------------------------------------------
# --keep: metadata carried into the output
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated_jsonl(tmp_path_factory) -> Path:
    """40 short articles with a date on every line, an outlet on some (an
    integer in JSON), a nested field on one."""
    path = tmp_path_factory.mktemp("keep") / "dated.jsonl"
    lines = []
    for k, (article_id, text) in enumerate(synthetic_articles(40, seed=5, sentences=(1, 3))):
        record = {"id": article_id, "text": text, "date": f"2019-04-{k % 28 + 1:02d}"}
        if k % 3 == 0:
            record["outlet"] = k
        if k == 7:
            record["tags"] = ["libya", "حفتر"]
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_keep_appends_the_fields_after_the_scores(dated_jsonl, tmp_path):
    plain, kept = tmp_path / "plain.csv", tmp_path / "kept.csv"
    score_corpus([dated_jsonl], str(plain), settings=ScoreSettings(resamples=200))
    score_corpus([dated_jsonl], str(kept), settings=ScoreSettings(resamples=200),
                 keep=["date", "outlet", "tags"])
    rows = list(csv.reader(io.StringIO(kept.read_text(encoding="utf-8"))))
    assert rows[0] == SCORE_COLUMNS + ["date", "outlet", "tags"]
    # the scores are untouched
    assert [r[:len(SCORE_COLUMNS)] for r in rows] == list(
        csv.reader(io.StringIO(plain.read_text(encoding="utf-8"))))
    records = [json.loads(line) for line in dated_jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r[-3] for r in rows[1:]] == [rec["date"] for rec in records]
    assert [r[-2] for r in rows[1:]] == [str(rec.get("outlet", "")) for rec in records]
    assert rows[8][-1] == '["libya", "حفتر"]' and rows[9][-1] == ""


def test_keep_is_the_same_with_workers_and_in_parquet(dated_jsonl, tmp_path, monkeypatch):
    one, two, par = tmp_path / "one.csv", tmp_path / "two.csv", tmp_path / "k.parquet"
    settings = ScoreSettings(resamples=200)
    score_corpus([dated_jsonl], str(one), settings=settings, keep=["date", "outlet"])
    monkeypatch.setattr(stream, "SHARD_BYTES", 4_000)  # several shards for the two workers
    assert len(plan_shards(dated_jsonl)) > 3
    score_corpus([dated_jsonl], str(two), settings=settings, keep=["date", "outlet"], jobs=2)
    assert one.read_bytes() == two.read_bytes()
    score_corpus([dated_jsonl], str(par), format="parquet", settings=settings,
                 keep=["date", "outlet"])
    back = pd.read_parquet(par)
    assert list(back.columns) == SCORE_COLUMNS + ["date", "outlet"]
    assert pd.api.types.is_string_dtype(back["outlet"]) and back["outlet"].iloc[0] == "0"


def test_keep_from_a_folder_reads_metadata_csv():
    out = io.StringIO()
    score_corpus(stdout=out, keep=["date_estimate"])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    dates = {a.id: a.metadata["date_estimate"] for a in SEEDS}
    assert rows[0][-1] == "date_estimate"
    assert {r[0]: r[-1] for r in rows[1:]} == dates


@pytest.mark.parametrize("keep,message", [
    ("dat", "--keep dat: no article has this field"),
    ("date,tokens", "--keep tokens: a score column has this name"),
    ("text", "--keep text: not metadata"),
    ("date,date", "--keep date: named more than once"),
    ("date,", "--keep: a field name is empty"),
])
def test_keep_problems_are_one_line_and_write_nothing(dated_jsonl, tmp_path, keep, message):
    target = tmp_path / "out.csv"
    code, out, err = run("score", str(dated_jsonl), "--keep", keep, "-o", str(target))
    assert code == 2 and out == ""
    assert err.strip().startswith(f"framing: error: {message}") and err.count("\n") == 1
    assert not target.exists() and not list(tmp_path.glob(".*part"))
