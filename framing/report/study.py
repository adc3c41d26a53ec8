"""Run the study: execute the numbered notebooks in order, headless, byte-stably.

``make reproduce`` calls ``python -m framing.report.study run notebooks``. Each notebook
runs in a fresh kernel with its own folder as working directory (so relative
paths in the notebooks mean the same in JupyterLab, here and under papermill
``--cwd``), and is written back in place. Two choices keep re-runs
byte-identical: cell timing is not recorded, and no run-dependent ids or
timestamps are written (nbclient adds none when ``record_timing`` is off).
Inline figures need the kernel's inline backend, so ``MPLBACKEND`` is removed
from the kernel's environment (exporting ``MPLBACKEND=Agg`` silently drops every
figure from an executed notebook).

Parameters are injected the way papermill does it: a cell tagged
``injected-parameters`` right after the cell tagged ``parameters``.

Example
-------
>>> from framing.report.study import execute_notebook                  # doctest: +SKIP
>>> execute_notebook("notebooks/01_corpus.ipynb",              # doctest: +SKIP
...                  parameters={"output_root": "/tmp/out"})
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

INJECTED_TAG = "injected-parameters"


def notebook_paths(folder: str | Path) -> list[Path]:
    """The study's notebooks in reading order (``NN_name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))


def _parameter_source(parameters: Mapping[str, object]) -> str:
    lines = ["# Parameters injected by framing.report.study"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    return "\n".join(lines)


def inject_parameters(notebook, parameters: Mapping[str, object]):
    """Return a copy of ``notebook`` with an ``injected-parameters`` cell."""
    import copy

    import nbformat

    notebook = copy.deepcopy(notebook)
    cells = [c for c in notebook.cells if INJECTED_TAG not in c.metadata.get("tags", [])]
    position = next(
        (i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), 0
    )
    cell = nbformat.v4.new_code_cell(_parameter_source(parameters))
    cell.metadata["tags"] = [INJECTED_TAG]
    cell.id = "injected-parameters"
    cells.insert(position, cell)
    notebook.cells = cells
    return notebook


def kernelspec_metadata(name: str = "python3") -> dict[str, str]:
    """The ``kernelspec`` metadata JupyterLab writes into a notebook it opens
    with kernel ``name``: the installed kernel's name, display name and
    language. A run writes the same, so opening an executed notebook in
    ``make lab`` changes nothing (Lab rewrites a differing ``display_name``
    as soon as it saves, and ``git status`` shows every notebook dirty).

    >>> kernelspec_metadata()                         # doctest: +SKIP
    {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'}
    """
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def execute_notebook(
    path: str | Path,
    *,
    parameters: Mapping[str, object] | None = None,
    output: str | Path | None = None,
    timeout: int | None = 600,
    cwd: str | Path | None = None,
) -> Path:
    """Execute one notebook in a fresh kernel, in its own folder; write it to ``output``.

    ``output`` defaults to ``path`` (in place); ``cwd`` is the kernel's
    working folder (default: the notebook's own). Raises nbclient's
    ``CellExecutionError`` — with the failing cell and its traceback — on any
    error, so a broken notebook fails loudly.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path).resolve()
    notebook = nbformat.read(path, as_version=4)
    if parameters:
        notebook = inject_parameters(notebook, parameters)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with _kernel_transport() as transport:
        client = NotebookClient(
            notebook,
            config=transport,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(Path(cwd).resolve() if cwd else path.parent)}},
            record_timing=False,
        )
        client.execute(env=env)
    notebook.metadata["kernelspec"] = kernelspec_metadata("python3")  # what Lab writes
    target = Path(output) if output is not None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


@contextmanager
def _kernel_transport() -> Iterator[object]:
    """The kernel's transport for one notebook run, as traitlets config.

    Where the platform has Unix sockets the kernel talks over IPC, through
    sockets in a private temporary folder: no localhost ports to race for
    when several kernels start at once (the test suite), nothing in plain
    TCP, and no "running over TCP without encryption" warning from
    ipykernel on every run. Elsewhere (Windows) the default, TCP.
    """
    from traitlets.config import Config

    if sys.platform == "win32" or not hasattr(socket, "AF_UNIX"):
        yield Config()
        return
    with tempfile.TemporaryDirectory(prefix="framing-kernel-") as folder:
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "k")}})


# The libraries whose versions decide a figure's bytes: matplotlib draws,
# FreeType (inside matplotlib) rasterises glyphs, libraqm shapes Arabic,
# kiwisolver solves the layout, numpy computes positions, Pillow encodes PNG,
# fontTools subsets the fonts embedded in PDF, zlib compresses both.
_RENDERING_PACKAGES = ("matplotlib", "numpy", "pillow", "fonttools", "kiwisolver")


def platform_fingerprint() -> dict[str, str]:
    """What figure bytes depend on: machine, Python, and the rendering libraries.

    Tables must be identical everywhere; PNG/PDF bytes only where this matches.
    Elsewhere figures are compared for what they show (:func:`figure_difference`).
    """
    import platform
    import zlib
    from importlib.metadata import version

    from matplotlib import ft2font

    return {
        "machine": platform.machine(),
        "system": platform.system(),
        "python": platform.python_version(),
        **{name: version(name) for name in _RENDERING_PACKAGES},
        "freetype": str(ft2font.__freetype_version__),
        "libraqm": str(getattr(ft2font, "__libraqm_version__", "none")),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
    }


# Largest RMS difference (0-255 grey levels) between two renderings of one
# figure that still counts as "shows the same": anti-aliasing and hinting move
# edge pixels between FreeType or Ghostscript versions, a changed bar, label or
# number moves far more.
FIGURE_TOLERANCE = 2.0


def figure_difference(produced: str | Path, tracked: str | Path,
                      tolerance: float = FIGURE_TOLERANCE) -> str | None:
    """``None`` when two figures show the same, else a one-line reason.

    PNG files are compared pixel by pixel; PDF files by page count and by
    their pages rendered with Ghostscript — never by bytes, which change with
    every release of the libraries that write them.

    Example
    -------
    >>> figure_difference("out/figures/04_voice.png", "figures/04_voice.png")  # doctest: +SKIP
    """
    from matplotlib.testing.compare import compare_images

    produced, tracked = Path(produced), Path(tracked)
    if produced.suffix == ".pdf":
        pages = (_pdf_page_count(produced), _pdf_page_count(tracked))
        if pages[0] != pages[1]:
            return f"{produced.name}: {pages[0]} pages, the tracked figure has {pages[1]}"
    import shutil

    # compare_images writes its renderings and difference images beside the
    # files it compares: compare copies, never the tracked folder.
    with tempfile.TemporaryDirectory(prefix="framing-figures-") as folder:
        expected = Path(folder) / f"expected{tracked.suffix}"
        actual = Path(folder) / f"actual{produced.suffix}"
        shutil.copyfile(tracked, expected)
        shutil.copyfile(produced, actual)
        try:
            result = compare_images(str(expected), str(actual), tol=tolerance, in_decorator=True)
        except Exception as error:  # a size mismatch, or no Ghostscript to render a PDF with
            return f"{produced.name}: cannot be compared with the tracked figure: " + \
                " ".join(str(error).split())
    if result is None:
        return None
    return f"{produced.name}: differs from the tracked figure (RMS {result['rms']:.2f} > {tolerance})"


def _pdf_page_count(path: Path) -> int:
    """Pages of a PDF, counted from its page objects (matplotlib writes no object streams)."""
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


FINGERPRINT_FILE = "PLATFORM.json"


def run(folder: str | Path) -> list[Path]:
    """Execute every notebook in ``folder`` in order, in place.

    Afterwards ``figures/PLATFORM.json`` (beside the notebooks' folder) records
    the platform the figures were drawn on (:func:`platform_fingerprint`).
    """
    import json

    paths = notebook_paths(folder)
    if not paths:
        raise SystemExit(f"framing.report.study: no NN_*.ipynb notebooks in {folder}")
    for path in paths:
        print(f"executing {path}", flush=True)
        execute_notebook(path)
    figures = Path(folder).resolve().parent / "figures"
    figures.mkdir(exist_ok=True)
    (figures / FINGERPRINT_FILE).write_text(
        json.dumps(platform_fingerprint(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return paths


#: Cells tagged so make claims about the five seed articles (000 … 004); a study
#: of another corpus leaves them out, and keeps every computed cell.
SEEDS_NARRATIVE_TAG = "seeds-narrative"
#: Code cells tagged so only render prose (Markdown with the numbers computed): the
#: HTML report shows their output, not their source (JupyterLab collapses it, by
#: the cell's ``jupyter.source_hidden``).
PROSE_TAG = "prose"


def study_notebooks_dir() -> Path:
    """The study's numbered notebooks, beside the package in the repository."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def drop_tagged_cells(notebook, tag: str = SEEDS_NARRATIVE_TAG):
    """A copy of ``notebook`` without the cells tagged ``tag``."""
    import copy

    notebook = copy.deepcopy(notebook)
    notebook.cells = [c for c in notebook.cells if tag not in c.metadata.get("tags", [])]
    return notebook


def is_seed_corpus(articles) -> bool:
    """True when ``articles`` are exactly the five seeds (same ids, same texts):
    only then does the seeds' narrative describe the report."""
    from framing.text.corpus import load_corpus

    return {a.id: a.text for a in articles} == {a.id: a.text for a in load_corpus()}


def html_report(notebook) -> str:
    """An executed notebook as one self-contained HTML page: figures inline,
    and no script, style or font fetched from the network (nbconvert's page
    would load MathJax, require.js and mermaid from a CDN); a :data:`PROSE_TAG`
    cell shows its rendered prose only."""
    import re

    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    for url in ("mathjax_url", "require_js_url", "mermaid_js_url", "mermaid_layout_elk_js_url",
                "jquery_url", "widget_renderer_url"):
        config.HTMLExporter[url] = ""
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {PROSE_TAG}
    body, _ = HTMLExporter(template_name="lab", config=config).from_notebook_node(notebook)
    body = re.sub(r'<script src=""></script>\s*', "", body)
    body = re.sub(r"<script type=\"module\">\s*document\.addEventListener\(\"DOMContentLoaded\","
                  r".*?</script>", "", body, flags=re.S)  # the mermaid loader (we draw none)
    return with_arabic_font(body)


def with_arabic_font(page: str) -> str:
    """``page`` (a whole HTML document) with the Noto Naskh subset of its
    Arabic embedded (:func:`framing.report.fonts.font_face_css`) and put first for
    its prose and outputs: read on a machine without an Arabic font, the
    report would show boxes for the letters the system's fallback lacks (ٱ in
    notebook 01's normalisation rules). Latin text keeps the page's font.

    >>> "@font-face" in with_arabic_font("<html><head></head><body>حفتر</body></html>")
    True
    """
    from framing.report.fonts import FAMILY, font_face_css

    face = font_face_css(page)
    if not face or "</head>" not in page:
        return page
    # Naskh draws smaller than the sans-serif beside it at the same size: the
    # tables' Arabic cells and phrases get a step up (JupyterLab's sanitizer
    # would drop this, so it lives in the page's own style).
    first = (f".jp-RenderedHTMLCommon {{ font-family: '{FAMILY}', "
             "var(--jp-content-font-family, system-ui, sans-serif); }\n"
             "table.framing-rtl td[dir=\"rtl\"], "
             "table.framing-rtl td[dir=\"ltr\"] bdi[dir=\"rtl\"] { font-size: 1.15em; }\n")
    return page.replace("</head>", f"<style>\n{face}{first}</style>\n</head>", 1)


def _report_index(pages: list[tuple[str, str]], skipped: list[tuple[str, str]], corpus: str,
                  n_articles: int) -> str:
    import html

    items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>'
                    for href, title in pages)
    items += "".join(f"<li>{html.escape(name)}: not run — {html.escape(reason)}</li>"
                     for name, reason in skipped)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>framing study</title></head><body>"
            f"<h1>framing study</h1><p>Corpus: <code>{html.escape(corpus)}</code> "
            f"({n_articles:,} articles).</p><ol>{items}</ol></body></html>\n")


def run_study(corpus, output: str | Path, *, lexicon: str | None = None,
              actors: str | None = None, seed: int = 0, n_topics: int | None = None,
              notebooks: str | Path | None = None, log=None) -> Path:
    """Execute every notebook of the study on ``corpus``, into a new folder ``output``.

    ``output`` receives ``notebooks/`` (executed), ``figures/``, ``results/``,
    ``report/`` (one HTML page per notebook, readable without Jupyter) and
    ``index.html``. It must not exist yet or be empty: a study never
    overwrites anything, and never touches the tracked study. Everything is
    built in a temporary folder beside it and moved into place at the end, so
    a failed run leaves nothing behind.

    ``corpus`` is anything ``framing score`` reads (paths of ``.txt`` files or
    folders, ``.jsonl``, ``.parquet``). The cells that describe the five seed
    articles are left out unless the corpus is the seeds.

    Example
    -------
    >>> run_study("my_articles/", "my_study")                        # doctest: +SKIP
    """
    import shutil

    import nbformat
    from nbclient.exceptions import CellExecutionError

    from framing.errors import FramingError
    from framing.measure.mentions import load_lexicons
    from framing.scale.output import check_new_folder, new_folder
    from framing.scale.stream import read_articles

    given = [corpus] if isinstance(corpus, (str, Path)) else list(corpus)
    paths = [str(Path(p).resolve()) for p in given]
    output = Path(output).resolve()
    source = Path(notebooks).resolve() if notebooks else study_notebooks_dir()
    notebook_files = notebook_paths(source)
    if not notebook_files:
        raise FramingError(f"{source}: no NN_*.ipynb notebooks (the study runs from a clone "
                           "of the repository)")
    check_new_folder(output, "framing study")
    if output == source.parent or source.parent in output.parents and \
            output.relative_to(source.parent).parts[0] in ("figures", "results", "notebooks"):
        raise FramingError(f"{output}: is the tracked study; write a study of your own "
                           "elsewhere")
    if seed < 0:
        raise FramingError(f"--seed must be 0 or more, got {seed}")
    if n_topics is not None and n_topics < 2:
        raise FramingError(f"--n-topics must be 2 or more, got {n_topics}")
    articles = read_articles(paths)  # a bad input stops here, before anything is written
    if len(articles) < 2:
        raise FramingError(f"{given[0]}: a study compares articles and needs at least two, "
                           f"got {len(articles)}")
    load_lexicons(lexicon, actors)
    seeds = is_seed_corpus(articles)
    parameters = {
        "corpus_dir": paths[0] if len(paths) == 1 else paths,
        "lexicon": str(Path(lexicon).resolve()) if lexicon else None,
        "actors": str(Path(actors).resolve()) if actors else None,
        "seed": seed,
        "n_topics": n_topics,
    }
    with new_folder(output, "framing study") as work:
        pages: list[tuple[str, str]] = []
        skipped: list[tuple[str, str]] = []
        (work / "report").mkdir()
        for path in notebook_files:
            notebook = nbformat.read(path, as_version=4)
            needs = notebook.metadata.get("framing", {}).get("needs")
            if needs and not (len(paths) == 1 and (Path(paths[0]) / needs).is_file()):
                # the validation notebook compares with human labels: only for a
                # folder that has them (framing validate takes them anywhere)
                if log:
                    log(f"skipping {path.name}: no {needs} in the corpus folder")
                continue
            if log:
                log(f"executing {path.name}")
            if not seeds:
                notebook = drop_tagged_cells(notebook)
            staged = work / "notebooks" / path.name
            staged.parent.mkdir(exist_ok=True)
            nbformat.write(notebook, staged)
            try:
                # no cell time limit: a large corpus may measure for longer than
                # the 10 minutes the tracked study allows
                execute_notebook(staged, parameters={**parameters, "output_root": str(work)},
                                 cwd=path.parent, timeout=None)
            except CellExecutionError as error:
                reason = " ".join(_strip_ansi(str(error.evalue)).split())
                if error.ename != "FramingError":  # a bug, not the corpus: stop
                    raise FramingError(f"{path.name}: a cell failed: {error.ename}: "
                                       f"{reason}") from None
                # the corpus cannot support this part (e.g. too little text for
                # topic models): the report says so and goes on with the rest
                staged.unlink()
                skipped.append((path.stem, reason))
                if log:
                    log(f"{path.name} not run: {reason}")
                continue
            executed = nbformat.read(staged, as_version=4)
            page = f"report/{path.stem}.html"
            (work / page).write_text(html_report(executed), encoding="utf-8")
            pages.append((page, path.stem.replace("_", " ")))
        (work / "index.html").write_text(
            _report_index(pages, skipped, " ".join(map(str, given)), len(articles)),
            encoding="utf-8")
        shutil.rmtree(work / ".cache", ignore_errors=True)  # the notebooks' shared measurement
    return output


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def export_html(folder: str | Path, output: str | Path) -> list[Path]:
    """Each executed notebook of ``folder`` as an offline HTML page in ``output``
    (:func:`html_report`: no script or style from the network), for ``make html``."""
    import nbformat

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in notebook_paths(folder):
        page = output / f"{path.stem}.html"
        page.write_text(html_report(nbformat.read(path, as_version=4)), encoding="utf-8")
        pages.append(page)
    return pages


USAGE = ("usage: python -m framing.report.study run NOTEBOOK_FOLDER\n"
         "       python -m framing.report.study html NOTEBOOK_FOLDER OUTPUT_FOLDER")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["run"] and len(argv) == 2:
        run(argv[1])
    elif argv[:1] == ["html"] and len(argv) == 3:
        for page in export_html(argv[1], argv[2]):
            print(page)
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
