"""`framing study CORPUS --output DIR`: the whole study on a corpus of one's own.

Each run executes every notebook, so the corpora here are small synthetic ones
(resampled seed sentences) and the topic grid is one k (``--n-topics``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from framing.report.study import SEEDS_NARRATIVE_TAG, notebook_paths, study_notebooks_dir
from framing.scale.stream import synthetic_articles, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
# the validation notebook needs human labels (labels.csv), which these corpora lack
NOTEBOOKS = [p.stem for p in notebook_paths(study_notebooks_dir())
             if "framing" not in nbformat.read(p, as_version=4).metadata]


def _study(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "framing", "study", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=1200)


def _check_report(out: Path) -> list:
    """Every notebook executed without an error cell; figures, tables and pages written."""
    assert sorted(p.stem for p in (out / "notebooks").glob("*.ipynb")) == NOTEBOOKS
    executed = []
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), f"{path.name}: a cell did not run"
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        assert errors == [], f"{path.name}: {errors[:1]}"
        # the seeds' narrative is not in a report about another corpus …
        tags = [t for c in notebook.cells for t in c.metadata.get("tags", [])]
        assert SEEDS_NARRATIVE_TAG not in tags
        markdown = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        assert not re.search(r"\b00[0-4] ?[·(]|\(00[0-4]\)|\b00[0-4]'s\b", markdown), path.name
        executed.append(notebook)
    tracked = {p.name for p in (ROOT / "results").glob("*.csv")}
    assert {p.name for p in (out / "results").glob("*.csv")} >= tracked - {
        name for name in tracked if name.startswith("validation_")}
    figures = {p.name for p in (out / "figures").iterdir()}
    assert {f"{stem}.{ext}" for stem in ("01_corpus_timeline", "02_keyness", "04_voice",
                                         "05_titles_vs_rank", "06_indices")
            for ext in ("png", "pdf")} <= figures
    pages = sorted(p.stem for p in (out / "report").glob("*.html"))
    assert pages == NOTEBOOKS
    for page in (out / "report").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", html), page.name
        assert "data:image/png;base64" in html  # figures are inside the page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"report/{stem}.html" in index for stem in NOTEBOOKS)
    assert not (out / ".cache").exists()
    return executed


def test_a_folder_without_metadata(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for article_id, text in synthetic_articles(40, seed=7):
        (corpus / f"{article_id}.txt").write_text(text, encoding="utf-8")
    run = _study(str(corpus), "--output", str(tmp_path / "out"), "--n-topics", "3",
                 cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "out" / "index.html")
    notebooks = _check_report(tmp_path / "out")
    # no dates: the titles are not judged, and the notebook says why
    actors = next(nb for nb in notebooks if "05 ·" in nb.cells[0].source)
    said = "".join(o.get("text", "") for c in actors.cells if c.cell_type == "code"
                   for o in c.outputs)
    assert "40 of 40 articles have no date" in said


def test_a_dated_jsonl_corpus(tmp_path):
    articles = list(synthetic_articles(14, seed=3))
    path = tmp_path / "dated.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for k, (article_id, text) in enumerate(articles):
            date = f"201{4 + k % 6}-0{1 + k % 9}-15"
            f.write(json.dumps({"id": article_id, "text": text, "date": date},
                               ensure_ascii=False) + "\n")
    run = _study(str(path), "-o", str(tmp_path / "out"), "--n-topics", "2", "--seed", "3",
                 cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    _check_report(tmp_path / "out")
    titles = (tmp_path / "out" / "results" / "haftar_titles.csv").read_text(encoding="utf-8")
    assert len(titles.splitlines()) > 1  # dated articles: their titles are judged


@pytest.mark.parametrize("case", ["not utf-8", "non-empty output", "the tracked study",
                                  "one article", "bad seed"])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, case):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for article_id, text in synthetic_articles(3):
        (corpus / f"{article_id}.txt").write_text(text, encoding="utf-8")
    out, extra = tmp_path / "out", []
    if case == "not utf-8":
        (corpus / "bad.txt").write_bytes("حفتر".encode("cp1256"))
    elif case == "non-empty output":
        out.mkdir()
        (out / "mine.txt").write_text("keep me", encoding="utf-8")
    elif case == "the tracked study":
        out = ROOT
    elif case == "one article":
        for p in sorted(corpus.iterdir())[1:]:
            p.unlink()
    elif case == "bad seed":
        extra = ["--seed", "-5"]
    before = sorted(p.name for p in tmp_path.iterdir())
    run = _study(str(corpus), "-o", str(out), *extra, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("framing: error: ")
    assert "Traceback" not in run.stderr
    if case == "non-empty output":
        assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_the_seeds_keep_their_narrative(tmp_path):
    from framing.report.study import drop_tagged_cells, is_seed_corpus
    from framing.text.corpus import load_corpus

    assert is_seed_corpus(load_corpus())
    assert not is_seed_corpus(load_corpus()[:4])
    notebook = nbformat.read(study_notebooks_dir() / "06_synthesis.ipynb", as_version=4)
    kept = drop_tagged_cells(notebook)
    assert 0 < len(kept.cells) < len(notebook.cells)
    assert all(SEEDS_NARRATIVE_TAG not in c.metadata.get("tags", []) for c in kept.cells)


def test_the_seeds_narrative_writes_no_measured_number_by_hand():
    """An index value, an interval or a count of mentions in the seeds' prose is
    computed (a code cell that renders Markdown), so it cannot go stale when a
    rule moves it: no tagged Markdown cell holds a signed decimal or "N to M"."""
    for path in notebook_paths(study_notebooks_dir()):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and SEEDS_NARRATIVE_TAG in cell.metadata.get(
                    "tags", []):
                found = re.findall(r"[+−-]\d\.\d\d|\b\d+ to \d+\b", cell.source)
                assert not found, (path.name, found)


#: decimals the notebooks' prose may write that no cell computes: constants of a method
#: (χ² critical values, a pseudo-count, a parameter) and a reading aid
MARKDOWN_CONSTANTS = {
    "2.1": "ln 3 + 1, the idf of a word in one of five articles",
    "3.84": "χ² (1 df) at p = 0.05", "10.83": "χ² (1 df) at p = 0.001", "0.05": "a p threshold",
    "0.5": "the log-ratio pseudo-count", "0.4": "a Jaccard overlap, read aloud",
    "0.6": "the relevance weight λ of the topic plots",
}


def test_every_decimal_in_the_notebooks_prose_is_computed_in_them():
    """A value the prose quotes (ρ 0.91, an index −0.33) is one the notebook's own
    outputs show, to two decimals; or a constant of :data:`MARKDOWN_CONSTANTS`."""
    number = re.compile(r"(?<![\w.])[+−-]?\d+\.\d+")

    def value(text):
        return round(abs(float(text.replace("−", "-"))), 2)

    for path in notebook_paths(study_notebooks_dir()):
        cells = nbformat.read(path, as_version=4).cells
        shown = set()
        for cell in cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                text = "".join([output.get("text", ""), *(data.get(kind, "") for kind in (
                    "text/plain", "text/markdown", "text/html"))])
                shown |= {value(n) for n in number.findall(text)}
        for cell in cells:
            if cell.cell_type == "markdown":
                quoted = [n for n in number.findall(cell.source)
                          if n not in MARKDOWN_CONSTANTS and value(n) not in shown]
                assert not quoted, (path.name, cell.get("id"), quoted)


def test_a_corpus_too_small_for_topics_gets_the_rest_of_the_report(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    texts = ["قال المتحدث باسم الجيش الوطني الليبي إن قوات حفتر تقدمت في بنغازي ضد الإرهابيين.",
             "وصلت قوات حكومة الوفاق إلى طرابلس، ووصف الثوار ما يسمى الجيش الوطني بالميليشيات.",
             "أعلن المشير خليفة حفتر بدء عملية الكرامة في بنغازي ضد الجماعات المتطرفة."]
    for k, text in enumerate(texts):
        (corpus / f"a{k}.txt").write_text(text, encoding="utf-8")
    run = _study(str(corpus), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "03_topics.ipynb not run: topics:" in run.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "03_topics: not run — topics:" in index
    assert "report/04_framing_lexicon.html" in index
    assert not (tmp_path / "out" / "notebooks" / "03_topics.ipynb").exists()


def test_prose_cells_show_their_text_not_their_source():
    """The seeds' argument is a code cell that renders Markdown from the scores
    (so its numbers are computed): the report shows the prose once, not the
    f-string behind it, and JupyterLab opens it with the source collapsed."""
    import html as html_module

    from framing.report.study import PROSE_TAG, html_report

    notebook = nbformat.read(study_notebooks_dir() / "06_synthesis.ipynb", as_version=4)
    prose = [c for c in notebook.cells if PROSE_TAG in c.metadata.get("tags", [])]
    assert prose and all(c.cell_type == "code" and c.metadata["jupyter"]["source_hidden"]
                         for c in prose)
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html_report(notebook)))
    assert text.count("The argument") == 1 and "Markdown(f" not in text


def test_make_html_pages_load_nothing_from_the_network(tmp_path):
    from framing.report.study import main

    assert main(["html", str(study_notebooks_dir()), str(tmp_path / "html")]) == 0
    pages = sorted((tmp_path / "html").glob("*.html"))
    assert [p.stem for p in pages] == [p.stem for p in notebook_paths(study_notebooks_dir())]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", html), page.name
    assert main(["html"]) == 2
