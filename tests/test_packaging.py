"""Packaging: one source of dependencies, agreed by environment.yml; a working CLI."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import framing

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _requirement(spec: str) -> tuple[str, str]:
    name, version = NAME.match(spec).groups()
    return name.lower().replace("_", "-"), version.replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    return dict(map(_requirement, specs))


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs = [d for d in env["dependencies"] if isinstance(d, str)]
    return {n: v for n, v in map(_requirement, specs) if n not in ("python", "pip")}


def test_environment_yml_agrees_with_pyproject():
    assert _conda_requirements() == _pyproject_requirements()


def test_environment_yml_python_matches_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert f"python{project['requires-python']}" in env["dependencies"]


def test_design_card_packages_are_dependencies():
    names = set(_pyproject_requirements())
    assert {"jupyterlab", "scikit-learn", "gensim", "matplotlib", "arabic-reshaper",
            "python-bidi"} <= names


def test_import_framing_stays_light():
    code = (
        "import sys, framing; "
        "heavy = [m for m in ('gensim', 'matplotlib', 'sklearn', 'scipy', 'pandas') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_version_and_help():
    version = subprocess.run(
        [sys.executable, "-m", "framing", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"framing {framing.__version__}"
    helptext = subprocess.run(
        [sys.executable, "-m", "framing", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("score", "mentions", "kwic", "lexicon"):
        assert command in helptext.stdout


def test_font_licence_ships_beside_the_fonts():
    fonts = ROOT / "framing" / "data" / "fonts"
    assert (fonts / "LICENSE-NotoNaskhArabic.txt").is_file()
    assert sorted(p.name for p in fonts.glob("*.ttf")) == [
        "NotoNaskhArabic-Bold.ttf", "NotoNaskhArabic-Regular.ttf"]


def test_citation_version_matches_package():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == framing.__version__
