"""The study in real renderers: headless Chromium driven by Selenium opens the
annotated pages, the notebooks' HTML export and notebook 06 in a real
JupyterLab (sanitized, untrusted; saving it must change nothing).

Skipped, with the reason, where Debian's ``chromium`` and ``chromium-driver``
are not installed (CI installs them). Selenium Manager is never asked for a
browser or a driver: both are the system's.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="headless browser tests need Debian's chromium and chromium-driver "
           "(/usr/bin/chromium, /usr/bin/chromedriver)",
)

ARTICLE = "004_88156597769aeab8"  # nested mentions, all three voices


@pytest.fixture(scope="module")
def profile():
    folder = Path(tempfile.mkdtemp(prefix="framing-chromium-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def driver(profile):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1400,1000",
                     f"--user-data-dir={profile / 'user-data'}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(profile / "downloads"),
        "download.prompt_for_download": False,
    })
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The annotated seeds, plain and in coding mode, and the mentions table."""
    from framing.measure.mentions import load_lexicons, measure
    from framing.report.annotate import annotate_pages, write_pages
    from framing.text.corpus import load_corpus

    articles, lexicons = load_corpus(), load_lexicons()
    root = tmp_path_factory.mktemp("annotated")
    write_pages(annotate_pages(articles, lexicons, resamples=200), root / "plain")
    write_pages(annotate_pages(articles, lexicons, coding=True, resamples=200), root / "coding")
    mentions, _ = measure(articles, lexicons)
    return root, mentions[mentions["article"] == ARTICLE].reset_index(drop=True)


def open_page(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    driver.execute_script("localStorage.clear();")  # no codes left from an earlier test
    driver.refresh()


def test_annotated_page_reads_right_to_left_with_every_mention_shown(driver, pages):
    root, rows = pages
    open_page(driver, root / "plain" / f"{ARTICLE}.html")
    style = driver.execute_script(
        "var s = getComputedStyle(document.querySelector('.article'));"
        "return [s.direction, s.textAlign, document.documentElement.dir];")
    assert style == ["rtl", "right", "rtl"]
    marks = driver.execute_script("""
        return Array.from(document.querySelectorAll('mark.m')).map(function (m) {
          var r = m.getBoundingClientRect();
          return [m.dataset.mention, r.width, r.height,
                  getComputedStyle(m).display, getComputedStyle(m).visibility];
        });""")
    assert len({m[0] for m in marks}) == len(rows)
    hidden = [m for m in marks if not (m[1] > 0 and m[2] > 0) or m[3] == "none"
              or m[4] != "visible"]
    assert not hidden, hidden
    # English cells left-aligned left-to-right, Arabic ones right-aligned right-to-left.
    cells = driver.execute_script("""
        return Array.from(document.querySelectorAll('table td, table th')).map(function (c) {
          var s = getComputedStyle(c);
          return [c.getAttribute('dir'), s.direction, s.textAlign];
        });""")
    english = [c for c in cells if c[0] == "ltr"]
    arabic = [c for c in cells if c[0] == "rtl"]
    assert english and arabic
    assert {(c[1], c[2]) for c in english} == {("ltr", "left")}
    assert {(c[1], c[2]) for c in arabic} == {("rtl", "right")}


def test_the_article_is_drawn_in_the_embedded_naskh_subset(driver, pages):
    """The page's own @font-face draws its Arabic, whatever fonts the machine has."""
    root, _ = pages
    open_page(driver, root / "plain" / f"{ARTICLE}.html")
    faces = driver.execute_async_script(
        "var done = arguments[0]; document.fonts.ready.then(function () {"
        "  done(Array.from(document.fonts).map(function (f) { return [f.family, f.status]; }));"
        "});")
    assert [face[1] for face in faces if "Noto Naskh Arabic" in face[0]] == ["loaded"]
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    document = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector",
                                  {"nodeId": document, "selector": ".article"})["nodeId"]
    used = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    naskh = [f for f in used if f["familyName"] == "Noto Naskh Arabic"]
    assert naskh and naskh[0]["isCustomFont"], used     # from the page, not the system
    # Most glyphs are the embedded font's; the rest are ASCII (digits, spaces, quotes).
    assert naskh[0]["glyphCount"] > sum(f["glyphCount"] for f in used) / 2, used


def test_the_side_list_has_one_row_per_mention_in_table_order(driver, pages):
    root, rows = pages
    open_page(driver, root / "plain" / f"{ARTICLE}.html")
    listed = driver.execute_script(
        "return Array.from(document.querySelectorAll('tr[data-mention]'))"
        ".map(function (r) { return r.dataset.mention; });")
    assert listed == [str(i) for i in range(len(rows))]
    starts = driver.execute_script(
        "return Array.from(document.querySelectorAll('mark.m[data-fragment=\"0\"]'))"
        ".sort(function (a, b) { return a.dataset.mention - b.dataset.mention; })"
        ".map(function (m) { return [Number(m.dataset.start), m.dataset.voice]; });")
    assert starts == [[int(s), v] for s, v in zip(rows["start"], rows["voice"])]


def _coded_csv(driver) -> str:
    return driver.execute_script("return document.getElementById('coded-csv').value;")


def _blob_text(driver) -> str:
    return driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        fetch(document.getElementById('download-link').href)
          .then(function (r) { return r.text(); }).then(done);""")


def code_some_mentions(driver, root: Path, rows: pd.DataFrame) -> tuple[str, int | None]:
    """Open the coding page, code a few mentions as a coder would, download;
    return the CSV text and the index of a mention the tool linked to no actor."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(driver, root / "coding" / f"{ARTICLE}.html")

    def click(name: str, value: str) -> None:
        driver.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').click()

    def choose(name: str, value: str) -> None:
        Select(driver.find_element(By.NAME, name)).select_by_value(value)

    click("voice-correct-0", "0")
    choose("voice-true-0", "quoted")
    click("target-correct-0", "1")
    click("voice-correct-1", "1")
    # A corrected value alone marks the verdict wrong.
    choose("target-true-2", "none")
    # A correction, then "right" after all: the correction is cleared.
    choose("voice-true-3", "distanced")
    click("voice-correct-3", "1")
    # No actor for a mention the tool linked to none: right, nothing to correct.
    unlinked = rows.index[rows["target"].fillna("").astype(str) == ""]
    untargeted = int(unlinked[0]) if len(unlinked) else None
    if untargeted is not None:  # (the article may have none: every mention linked)
        choose(f"target-true-{untargeted}", "none")
    driver.find_element(By.ID, "download-csv").click()
    return _coded_csv(driver), untargeted


def test_coding_mode_downloads_the_csv_validate_reads(driver, pages, profile):
    from framing.report.annotate import CODED_COLUMNS, coded_template
    from framing.tables import csv_text

    root, rows = pages
    open_page(driver, root / "coding" / f"{ARTICLE}.html")
    # Nothing coded yet: the page's CSV is the Python template, byte for byte.
    assert _coded_csv(driver) == csv_text(coded_template(rows))

    text, untargeted = code_some_mentions(driver, root, rows)
    assert _blob_text(driver) == text
    coded = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(coded.columns) == CODED_COLUMNS
    assert len(coded) == len(rows)
    expected = coded_template(rows).astype(str)
    assert coded[CODED_COLUMNS[:8]].equals(expected[CODED_COLUMNS[:8]])
    codes = coded[CODED_COLUMNS[8:]].values.tolist()
    assert codes[0] == ["0", "1", "quoted", ""]
    assert codes[1] == ["1", "", "", ""]
    assert codes[2] == ["", "0", "", "none"]
    assert codes[3] == ["1", "", "", ""]
    if untargeted is not None:
        assert codes[untargeted] == ["", "1", "", ""]
    assert all(row == ["", "", "", ""] for i, row in enumerate(codes)
               if i not in (0, 1, 2, 3, untargeted))

    # The download itself (file://, Blob and a download link) lands as a file.
    target = profile / "downloads" / f"{ARTICLE}.coded.csv"
    for _ in range(50):
        if target.exists():
            break
        time.sleep(0.1)
    assert target.read_text(encoding="utf-8") == text

    # The codes survive a reload (kept in the browser's local storage).
    driver.refresh()
    assert _coded_csv(driver) == text


def test_the_coded_csv_round_trips_through_framing_validate(driver, pages, tmp_path):
    validate = pytest.importorskip(
        "framing.report.validate", reason="framing validate is not on this branch yet")
    root, rows = pages
    text, untargeted = code_some_mentions(driver, root, rows)
    path = tmp_path / "coded.csv"
    path.write_text(text, encoding="utf-8")
    coded = validate.read_coded_mentions(path)
    assert len(coded) == len(rows)
    assert coded["voice_correct"].fillna(-1).tolist()[:4] == [0.0, 1.0, -1, 1.0]
    assert coded["voice_true"].tolist()[:4] == ["quoted", "", "", ""]
    assert coded["target_correct"].iloc[2] == 0.0
    if untargeted is not None:
        assert coded["target_correct"].iloc[untargeted] == 1.0
    assert coded["voice_correct"].notna().sum() == 3
    validate.mention_accuracy(coded)


def test_pages_coded_one_by_one_validate_at_once(driver, pages, profile, tmp_path):
    """A coder codes two pages, downloads two CSVs and validates their folder once."""
    from selenium.webdriver.common.by import By

    from framing.cli import main

    root, _ = pages
    downloads = profile / "downloads"
    codes = {"001_27e1f201ff86f8ca": "1", "002_c9f9e21681d0b77a": "0"}
    for article, verdict in codes.items():
        open_page(driver, root / "coding" / f"{article}.html")
        driver.find_element(By.CSS_SELECTOR,
                            f'input[name="voice-correct-0"][value="{verdict}"]').click()
        driver.find_element(By.ID, "download-csv").click()
    folder = tmp_path / "coded"
    folder.mkdir()
    for article in codes:
        target = downloads / f"{article}.coded.csv"
        for _ in range(50):
            if target.exists():
                break
            time.sleep(0.1)
        shutil.copy(target, folder / target.name)
    coded = pytest.importorskip("framing.report.validate").read_coded_mentions(folder)
    assert sorted(set(coded["article"])) == sorted(codes)
    assert coded["voice_correct"].notna().sum() == 2
    out = tmp_path / "accuracy.csv"
    assert main(["validate", "--mentions", str(folder), "-o", str(out)]) == 0
    accuracy = pd.read_csv(out, keep_default_na=False).set_index(["measure", "group"])
    assert accuracy.loc[("voice_accuracy", "all"), ["n", "correct"]].tolist() == [2, 1]


# --- The notebooks' HTML export (nbconvert's lab template, as `make html` and
# `framing study` write it): tables keep their direction and alignment.


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Notebooks 01 and 06 as the study exports them (the tracked, executed notebooks)."""
    import nbformat

    from framing.report.study import html_report

    root = tmp_path_factory.mktemp("export")
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    for name in ("01_corpus", "06_synthesis"):
        notebook = nbformat.read(notebooks / f"{name}.ipynb", as_version=4)
        (root / f"{name}.html").write_text(html_report(notebook), encoding="utf-8")
    return root


_TABLES = """
    return Array.from(document.querySelectorAll('table.framing-rtl')).map(function (t) {
      return Array.from(t.querySelectorAll('th')).map(function (h) { return h.textContent; });
    });"""

_CELL = """
    var table = document.querySelectorAll('table.framing-rtl')[arguments[0]];
    var cell = table.querySelectorAll('tbody tr')[arguments[1]].children[arguments[2]];
    var box = cell.getBoundingClientRect(), range = document.createRange();
    range.selectNodeContents(cell);
    var text = range.getBoundingClientRect(), style = getComputedStyle(cell);
    return {text: cell.textContent, direction: style.direction, align: style.textAlign,
            left: box.left, right: box.right, textLeft: text.left, textRight: text.right,
            tableWidth: table.getBoundingClientRect().width};"""


def _table_index(driver, first_header: str, containing: str) -> int:
    tables = driver.execute_script(_TABLES)
    return next(i for i, heads in enumerate(tables)
                if heads[0] == first_header and containing in heads)


def test_exported_comparison_reads_rtl_for_arabic_and_ltr_for_english(driver, exports):
    driver.get((exports / "06_synthesis.html").as_uri())
    table = _table_index(driver, "article", "Haftar's main title")
    heads = driver.execute_script(_TABLES)[table]
    title = driver.execute_script(_CELL, table, 0, heads.index("Haftar's main title"))
    genre = driver.execute_script(_CELL, table, 0, heads.index("genre"))
    assert (title["direction"], title["align"]) == ("rtl", "right"), title
    assert (genre["direction"], genre["align"]) == ("ltr", "left"), genre
    # One compact row per article: the table fits the 1400 px window, dates unbroken.
    assert title["tableWidth"] <= 1400
    date = driver.execute_script(_CELL, table, 0, heads.index("date"))
    assert date["text"] == "2014-05-20" and date["right"] - date["left"] < 120


def test_exported_kwic_centres_the_match_with_the_preceding_words_to_its_right(driver,
                                                                             exports):
    driver.get((exports / "06_synthesis.html").as_uri())
    table = _table_index(driver, "before", "kind")
    before, match, after = (driver.execute_script(_CELL, table, 0, i) for i in range(3))
    assert all(c["direction"] == "rtl" for c in (before, match, after))
    assert match["align"] == "center"
    middle = (match["left"] + match["right"]) / 2
    assert abs((match["textLeft"] + match["textRight"]) / 2 - middle) <= 2
    # In a right-to-left line the preceding words sit right of the match, the
    # following ones left of it, each against the match (only the padding between).
    assert before["left"] >= match["right"] - 1 and after["right"] <= match["left"] + 1
    assert before["textLeft"] - before["left"] <= 12, before
    assert after["right"] - after["textRight"] <= 12, after


def test_exported_figures_have_alt_text(driver, exports):
    driver.get((exports / "06_synthesis.html").as_uri())
    alts = driver.execute_script(
        "return Array.from(document.querySelectorAll('img')).map(function (i) { return i.alt; });")
    assert alts and all(a and "No description" not in a for a in alts), alts
    assert any("delegitimising" in a for a in alts)


def test_exported_normalisation_rules_point_from_the_written_form(driver, exports):
    driver.get((exports / "01_corpus.html").as_uri())
    positions = driver.execute_script("""
        var cell = Array.from(document.querySelectorAll('table.framing-rtl td'))
          .find(function (c) { return c.textContent === 'ة → ه'; });
        var parts = cell.querySelectorAll('bdi');
        return [getComputedStyle(cell).direction, parts[0].textContent,
                parts[0].getBoundingClientRect().left, parts[1].getBoundingClientRect().left];""")
    direction, written, left_of_written, left_of_folded = positions
    assert direction == "ltr" and written == "ة"
    assert left_of_written < left_of_folded  # "ة → ه": the arrow points to the folded form


def test_exported_pages_draw_their_arabic_in_the_embedded_naskh(driver, exports):
    """ٱ (in 01's hamza rule) is drawn, from the page's own font, on any machine."""
    driver.get((exports / "01_corpus.html").as_uri())
    driver.execute_async_script("var done = arguments[0]; document.fonts.ready.then(done);")
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    document = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    cells = driver.execute_cdp_cmd("DOM.querySelectorAll", {
        "nodeId": document, "selector": "table.framing-rtl td bdi"})["nodeIds"]
    texts = [driver.execute_cdp_cmd("DOM.getOuterHTML", {"nodeId": n})["outerHTML"]
             for n in cells]
    wasla = cells[next(i for i, t in enumerate(texts) if "ٱ" in t)]
    used = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": wasla})["fonts"]
    assert [(f["familyName"], f["isCustomFont"]) for f in used] == [("Noto Naskh Arabic", True)]


# --- The notebooks as JupyterLab renders them: untrusted (a fresh Jupyter
# data folder trusts nothing), so every table goes through Lab's sanitizer.


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server (the venv's) on a copy of notebook 06; yields (url, folder)."""
    import os
    import subprocess
    import sys
    import urllib.request

    jupyter = Path(sys.executable).with_name("jupyter")
    if not jupyter.exists():
        pytest.skip(f"JupyterLab is not installed beside {sys.executable}")
    root = tmp_path_factory.mktemp("lab")
    folder = root / "notebooks"
    folder.mkdir()
    tracked = Path(__file__).resolve().parent.parent / "notebooks" / "06_synthesis.ipynb"
    shutil.copy(tracked, folder / tracked.name)
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"),
               JUPYTER_DATA_DIR=str(root / "data"), JUPYTER_RUNTIME_DIR=str(root / "runtime"),
               PYTHONPATH=str(tracked.parent.parent))
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
         f"--ServerApp.root_dir={folder}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url, folder, tracked
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_jupyterlab_keeps_the_table_direction_and_saving_changes_nothing(driver, lab):
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, folder, tracked = lab
    driver.get(f"{url}/lab/tree/{tracked.name}")
    for _ in range(120):
        if driver.execute_script(
                "return document.querySelectorAll('.jp-OutputArea-output "
                "table.framing-rtl').length"):
            break
        time.sleep(0.5)
    cells = driver.execute_script("""
        var t = document.querySelector('.jp-OutputArea-output table.framing-rtl');
        return Array.from(t.querySelectorAll('tbody td')).map(function (c) {
          var s = getComputedStyle(c);
          return [c.getAttribute('dir'), s.direction, s.textAlign]; });""")
    arabic = {(c[1], c[2]) for c in cells if c[0] == "rtl"}
    english = {(c[1], c[2]) for c in cells if c[0] == "ltr"}
    assert arabic == {("rtl", "right")}
    assert ("ltr", "left") in english and english <= {("ltr", "left"), ("ltr", "right")}
    # the figures render after the tables (the output area fills in stages): wait for them
    for _ in range(120):
        alts = driver.execute_script(
            "return Array.from(document.querySelectorAll('.jp-OutputArea-output img'))"
            ".map(function (i) { return i.alt; });")
        if alts:
            break
        time.sleep(0.5)
    assert alts and all("delegitimising" in a for a in alts)
    # Let the kernel start (Lab writes its metadata into the model), then save.
    for _ in range(120):
        if "Idle" in driver.execute_script("return document.body.innerText"):
            break
        time.sleep(0.5)
    saved = folder / tracked.name
    before = saved.stat().st_mtime_ns
    time.sleep(0.05)  # a later save gets a later mtime
    driver.find_element(By.CSS_SELECTOR, ".jp-Notebook").click()
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    for _ in range(80):  # the save rewrites the file; wait until it has
        if saved.stat().st_mtime_ns != before:
            break
        time.sleep(0.25)
    assert saved.stat().st_mtime_ns != before, "JupyterLab did not save the notebook"
    time.sleep(0.5)
    assert saved.read_bytes() == tracked.read_bytes()
