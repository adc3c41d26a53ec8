"""Corpus loading: the seeds load and verify; every bad input is one line naming the file."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from framing.errors import FramingError
from framing.text.corpus import default_corpus_dir, load_corpus

SEEDS = default_corpus_dir()
ARABIC = "أعلن حفتر الحرب على الجماعات الإرهابية في بنغازي.\n"


def one_line_error(paths, *names: str) -> str:
    """Load and expect a FramingError whose one-line message names each of ``names``."""
    with pytest.raises(FramingError) as info:
        load_corpus(paths)
    message = str(info.value)
    assert "\n" not in message
    for name in names:
        assert name in message, message
    return message


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_seeds_load_with_metadata_and_checksums():
    corpus = load_corpus()
    assert [a.id for a in corpus] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert len(corpus) == 5
    for article in corpus:
        assert article.metadata["sha256"] == hashlib.sha256(article.path.read_bytes()).hexdigest()
        assert article.metadata["date_estimate"][:2] == "20"
        assert article.metadata["genre"]
        assert "\r" not in article.text


def test_metadata_records_no_stance_or_outlet():
    columns = set(load_corpus()[0].metadata)
    assert {"file", "sha256", "date_estimate", "event", "genre", "notes"} <= columns
    assert not columns & {"stance", "outlet", "source"}


def test_folder_without_metadata_takes_ids_from_file_names(tmp_path):
    (tmp_path / "b.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    assert [a.id for a in load_corpus(tmp_path)] == ["a", "b"]
    assert load_corpus(tmp_path / "a.txt")[0].id == "a"


def test_bom_and_crlf_are_accepted_silently(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARABIC.replace("\n", "\r\n").encode("utf-8") * 2)
    (article,) = load_corpus(path)
    assert article.text == ARABIC * 2


def test_changed_seed_is_an_error_naming_the_file(seeds_copy):
    target = seeds_copy / "002_c9f9e21681d0b77a.txt"
    target.write_bytes(target.read_bytes() + " ".encode())
    one_line_error(seeds_copy, "002_c9f9e21681d0b77a.txt", "checksum")


def test_not_utf8_says_where(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("سطر أول\n".encode("utf-8") + "caf\xe9".encode("latin-1"))
    message = one_line_error(path, "latin1.txt", "UTF-8")
    assert "line 2" in message and "column 4" in message


@pytest.mark.parametrize("content", ["", "   \n\t \n"])
def test_empty_or_whitespace_only(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    one_line_error(path, "empty.txt", "empty")


def test_no_arabic_letters(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("Haftar declared war on the Islamists.", encoding="utf-8")
    one_line_error(path, "english.txt", "no Arabic")


def test_duplicate_ids_across_folders(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(ARABIC, encoding="utf-8")
    one_line_error([tmp_path / "one", tmp_path / "two"], "same.txt", "duplicate")


def test_duplicate_ids_in_metadata(seeds_copy):
    metadata = seeds_copy / "metadata.csv"
    lines = metadata.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[1].split(",", 1)[0] + "," + lines[2].split(",", 1)[1]
    metadata.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one_line_error(seeds_copy, "metadata.csv", "duplicate")


def test_metadata_row_without_its_file(seeds_copy):
    (seeds_copy / "003_85cb57c747125343.txt").unlink()
    one_line_error(seeds_copy, "metadata.csv", "003_85cb57c747125343.txt")


def test_file_without_its_metadata_row(seeds_copy):
    (seeds_copy / "extra.txt").write_text(ARABIC, encoding="utf-8")
    one_line_error(seeds_copy, "extra.txt", "metadata.csv")


def test_metadata_missing_columns(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("name,date\na,2014\n", encoding="utf-8")
    one_line_error(tmp_path, "metadata.csv", "id")


def test_path_that_does_not_exist(tmp_path):
    one_line_error(tmp_path / "nowhere", "nowhere", "no such")


def test_directory_without_txt_files(tmp_path):
    (tmp_path / "notes.md").write_text(ARABIC, encoding="utf-8")
    one_line_error(tmp_path, str(tmp_path), "no .txt")


def test_seeds_are_never_modified():
    before = {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    load_corpus()
    assert {p.name: p.read_bytes() for p in SEEDS.iterdir()} == before
