"""The CLI contract: columns, formats, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from framing.cli import main
from framing.text.corpus import default_corpus_dir
from cli_runner import run

CONTRACT = ["article", "tokens", "terrorism", "revolution", "terrorism_quoted",
            "terrorism_distanced", "revolution_quoted", "revolution_distanced",
            "islamists_index", "islamists_index_low", "islamists_index_high", "haftar_index",
            "haftar_index_low", "haftar_index_high", "haftar_title"]


def user_error(*argv: str, names: str) -> str:
    code, out, err = run(*argv)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("framing: error: "), err
    assert names in err
    assert "Traceback" not in err
    return err


def test_score_csv_has_the_contract_columns(tmp_path):
    target = tmp_path / "scores.csv"
    code, _, err = run("score", "--resamples", "200", "--output", str(target))
    assert code == 0, err
    scores = pd.read_csv(target)
    assert list(scores.columns[: 2]) == ["article", "tokens"]
    assert set(CONTRACT) <= set(scores.columns)
    assert len(scores) == 5


def test_score_json_and_a_single_file(tmp_path):
    seed = next(default_corpus_dir().glob("004_*.txt"))
    code, out, _ = run("score", str(seed), "--format", "json", "--resamples", "100")
    assert code == 0
    (row,) = json.loads(out)
    assert row["article"] == seed.stem and row["revolution"] > 0


def test_mentions_and_kwic():
    code, out, _ = run("mentions", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {"surface", "voice", "voice_marker", "target"} <= set(rows[0])
    code, out, _ = run("kwic", "والإرهابيين")
    assert code == 0
    assert "⟦" in out and "distanced" in out


def test_lexicon_export_quanteda(tmp_path):
    import yaml

    target = tmp_path / "dict.yml"
    assert run("lexicon", "export", "--format", "quanteda", "-o", str(target))[0] == 0
    exported = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert {"terrorism", "revolution", "legitimising", "delegitimising"} <= set(exported)


def test_missing_path_is_one_line_and_writes_nothing(tmp_path):
    target = tmp_path / "scores.csv"
    user_error("score", str(tmp_path / "missing"), "-o", str(target), names="missing")
    assert not target.exists()


def test_bad_lexicon_names_the_file(tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("entries: [\n", encoding="utf-8")
    user_error("score", "--lexicon", str(lexicon), names="mine.yaml")


def test_unknown_kwic_entry_names_the_entry():
    user_error("kwic", "xyzzy", names="xyzzy")


def test_bad_resamples_is_a_user_error():
    user_error("score", "--resamples", "0", names="--resamples")


def test_unwritable_output_names_the_file(tmp_path):
    user_error("score", "--resamples", "10", "-o", str(tmp_path / "no" / "dir.csv"),
               names="dir.csv")


def test_no_command_prints_help():
    code, out, _ = run()
    assert code == 0 and "score" in out


class Terminal(io.StringIO):
    """A stdout that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run_on_terminal(*argv: str) -> tuple[int, str]:
    out = Terminal()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue()


def test_mentions_on_a_terminal_is_a_summary_and_csv_otherwise(tmp_path):
    code, summary = run_on_terminal("mentions")
    assert code == 0 and " mentions in 5 articles" in summary.splitlines()[0]
    assert "-o FILE" in summary and not summary.startswith("article,")
    _, piped, _ = run("mentions")
    assert piped.startswith("article,sentence,paragraph,")
    assert run_on_terminal("mentions", "--format", "csv")[1] == piped
    assert run_on_terminal("mentions", "-o", str(tmp_path / "m.csv")) == (0, "")
    assert (tmp_path / "m.csv").read_text(encoding="utf-8") == piped


def test_kwic_marks_direction_only_on_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, shown = run_on_terminal("kwic", "الإرهاب")
    assert code == 0 and "\u2067" in shown
    _, piped, _ = run("kwic", "الإرهاب")
    assert "\u2067" not in piped and "\u2069" not in piped
    assert len(shown.splitlines()) == len(piped.splitlines())


def test_help_texts_say_what_the_commands_take():
    _, kwic_help, _ = run("kwic", "--help")
    kwic_help = " ".join(kwic_help.split())  # argparse wraps lines
    for word in ("entry id", "headword", "category", "family", "voice", "actor group",
                 "terminal"):
        assert word in kwic_help, word
    _, top_help, _ = run("--help")
    _, lexicon_help, _ = run("lexicon", "--help")
    assert "inspect" not in top_help and "inspect" not in lexicon_help
    assert "annotate" in top_help
