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


def _locked_versions() -> dict[str, list[tuple[str, str]]]:
    """requirements.lock as {name: [(version, environment marker), …]}."""
    locked: dict[str, list[tuple[str, str]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*([^\\]*))?", line)
        if match:
            name, version, marker = match.groups()
            name = name.lower().replace("_", "-")
            locked.setdefault(name, []).append((version, (marker or "").strip()))
    return locked


def test_the_lock_pins_every_requirement_within_its_pyproject_range():
    from packaging.markers import Marker
    from packaging.specifiers import SpecifierSet

    locked = _locked_versions()
    for name, spec in _pyproject_requirements().items():
        name = name.split("[")[0]
        assert name in locked, f"{name} is in pyproject.toml but not in requirements.lock"
        for version, marker in locked[name]:
            assert version in SpecifierSet(spec), \
                f"requirements.lock pins {name}=={version}, outside pyproject.toml's {spec}"
        assert any(not marker or Marker(marker).evaluate() for _, marker in locked[name]), \
            f"no pin of {name} applies to this Python"


def test_the_lock_pins_exact_versions_with_hashes():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    requirements = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(requirements) > 100  # the whole transitive closure, not only our direct needs
    assert all("==" in line for line in requirements)
    assert text.count("--hash=sha256:") >= len(requirements)
    assert "make lock" in text  # how to refresh it, in its own header


def test_environment_yml_installs_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-r requirements.lock" in pip and "--require-hashes" in pip
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert sorted(conda) == ["pip", "python=3.11"]  # nothing conda could resolve differently


def test_environment_yml_python_is_the_locked_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "--python-version 3.11" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "python=3.11" in env["dependencies"]
    assert project["requires-python"] == ">=3.11"


def test_both_readme_commands_install_the_lock_through_one_stamp():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^reproduce: \$\(STAMP\)$", makefile, re.M)
    assert re.search(r"^test: \$\(STAMP\)$", makefile, re.M)
    assert "--require-hashes --no-deps -r $(LOCK)" in makefile


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
