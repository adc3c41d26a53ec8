"""The annotated pages in a real renderer: headless Chromium driven by Selenium.

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
    from framing.annotate import annotate_pages, write_pages
    from framing.corpus import load_corpus
    from framing.mentions import load_lexicons, measure

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
    from framing.annotate import CODED_COLUMNS, coded_template
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
        "framing.validate", reason="framing validate is not on this branch yet")
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
