"""Every notebook runs top to bottom in a fresh kernel and reproduces the tracked outputs.

Each notebook is executed (the same way `make reproduce` does) with its
outputs redirected to a temporary folder; then every table it wrote must be
byte-identical to the tracked one in results/, and every figure byte-identical
to the tracked one in figures/ when this platform is the one that drew them
(figures/PLATFORM.json: the locked versions), and on any platform every figure
must show what the tracked one shows (pixels within a tolerance).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from framing.report.study import (FINGERPRINT_FILE, execute_notebook, figure_difference,
                                  notebook_paths, platform_fingerprint)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = notebook_paths(ROOT / "notebooks")
PARAMETERS = {"corpus_dir", "lexicon", "actors", "seed", "n_topics", "output_root"}


def test_the_study_has_its_notebooks_in_reading_order():
    names = [p.stem for p in NOTEBOOKS]
    assert names[:6] == ["01_corpus", "02_vocabulary", "03_topics", "04_framing_lexicon",
                         "05_actors", "06_synthesis"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_tracked_notebook_is_executed_clean_and_parameterised(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = {line.split("=")[0].strip() for line in tagged[0].source.splitlines()
             if "=" in line and not line.startswith("#")}
    assert names == PARAMETERS
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "not executed"
    for cell in code:
        assert "execution" not in cell.metadata, "timing recorded: reruns would differ"
        assert not [o for o in cell.outputs if o.output_type == "error"]
    assert notebook.cells[0].source.startswith("# ")
    assert "What we learnt" in notebook.cells[-1].source


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook once, in order, writing figures/ and results/ to a temp folder."""
    out = tmp_path_factory.mktemp("study")
    for path in NOTEBOOKS:
        execute_notebook(path, parameters={"output_root": str(out)},
                         output=out / "notebooks" / path.name)
    return out


def test_every_notebook_runs_and_regenerates_identical_tables(executed):
    produced = sorted(p.name for p in (executed / "results").glob("*.csv"))
    tracked = sorted(p.name for p in (ROOT / "results").glob("*.csv"))
    assert produced == tracked
    for name in produced:
        assert (executed / "results" / name).read_bytes() == \
            (ROOT / "results" / name).read_bytes(), f"results/{name} differs"


def _figure_names(executed):
    produced = sorted(p.name for p in (executed / "figures").iterdir())
    tracked = sorted(p.name for p in (ROOT / "figures").iterdir() if p.name != FINGERPRINT_FILE)
    assert produced == tracked
    return produced


def test_figures_show_what_the_tracked_figures_show(executed):
    """On any platform: each PNG pixel by pixel, each PDF by pages and rendering."""
    problems = [figure_difference(executed / "figures" / name, ROOT / "figures" / name)
                for name in _figure_names(executed)]
    assert [p for p in problems if p] == []


def test_figures_are_byte_identical_with_the_locked_versions(executed):
    recorded = json.loads((ROOT / "figures" / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    if recorded != platform_fingerprint():
        changed = sorted(k for k in recorded.keys() | platform_fingerprint().keys()
                         if recorded.get(k) != platform_fingerprint().get(k))
        pytest.skip(f"not the locked platform ({', '.join(changed)} differ): figures were "
                    "compared for what they show, not byte for byte")
    for name in _figure_names(executed):
        assert (executed / "figures" / name).read_bytes() == \
            (ROOT / "figures" / name).read_bytes(), f"figures/{name} differs"


def test_figure_difference_sees_a_changed_figure_and_ignores_byte_layout(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def draw(name, heights, **metadata):
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar(["a", "b"], heights)
        fig.savefig(tmp_path / name, metadata=metadata)
        plt.close(fig)
        return tmp_path / name

    for suffix in ("png", "pdf"):
        same = draw(f"a.{suffix}", [1, 2], Title="one"), draw(f"b.{suffix}", [1, 2], Title="two")
        assert same[0].read_bytes() != same[1].read_bytes()  # other bytes …
        assert figure_difference(*same) is None  # … same picture
        changed = draw(f"c.{suffix}", [2, 1])
        assert "differs" in figure_difference(changed, same[0])
    # nothing is written beside the figures compared (the tracked folder stays clean)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{x}.{suffix}" for x in "abc" for suffix in ("png", "pdf"))


def test_executed_notebooks_show_their_figures_inline(executed):
    for path in NOTEBOOKS:
        notebook = nbformat.read(executed / "notebooks" / path.name, as_version=4)
        saves = sum("save_figure" in c.source for c in notebook.cells if c.cell_type == "code")
        images = sum("image/png" in o.get("data", {})
                     for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert images >= saves, f"{path.name}: a figure is missing inline"


def test_kernels_talk_over_unix_sockets_in_a_folder_that_is_removed(tmp_path, monkeypatch):
    import sys
    import tempfile

    if sys.platform == "win32":
        pytest.skip("Windows kernels use TCP")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "from ipykernel.kernelapp import IPKernelApp\n"
        "app = IPKernelApp.instance()\n"
        "print(app.transport, app.ip)")]
    path = tmp_path / "probe.ipynb"
    nbformat.write(notebook, path)
    execute_notebook(path)
    transport, ip = nbformat.read(path, as_version=4).cells[0].outputs[0]["text"].split()
    assert transport == "ipc"
    assert ip.startswith(str(tmp_path / "framing-kernel-"))
    assert [p.name for p in tmp_path.iterdir()] == ["probe.ipynb"]  # the sockets' folder is gone


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_tracked_notebooks_carry_the_kernelspec_jupyterlab_writes(path):
    """`make lab` leaves the notebooks as they are: JupyterLab rewrites a
    kernelspec that differs from the installed kernel's as soon as it saves."""
    from framing.report.study import kernelspec_metadata

    notebook = nbformat.read(path, as_version=4)
    assert dict(notebook.metadata["kernelspec"]) == kernelspec_metadata()


def test_a_run_writes_the_kernelspec_jupyterlab_writes(executed):
    from framing.report.study import kernelspec_metadata

    for path in NOTEBOOKS:
        notebook = nbformat.read(executed / "notebooks" / path.name, as_version=4)
        assert dict(notebook.metadata["kernelspec"]) == kernelspec_metadata()
