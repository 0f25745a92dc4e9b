"""The release files agree with each other and with the package; the desktop entry installs per user and validates.

Building and installing the wheel itself is packaging/check_wheel.sh (minutes, not a unit test)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import digitpad
from digitpad.core.inference.images import read_image
from digitpad.core.runtime.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.digitpad.Digitpad"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALL = LINUX / "install-desktop-entry.sh"


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_one_version_everywhere() -> None:
    version = digitpad.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", version)
    releases = ET.parse(METAINFO).getroot().findall("./releases/release")
    assert releases and releases[0].get("version") == version, "the newest metainfo release is not __version__"
    assert re.search(rf"^## {re.escape(version)}\b", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)


def test_ids_and_icon_names_agree() -> None:
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    entry = _desktop_entry(DESKTOP)
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "digitpad"
    assert f"APP_ID={APP_ID}\n" in INSTALL.read_text()


def test_icons_and_samples_ship_with_the_resources() -> None:
    icons = resources_dir() / "icons"
    assert (icons / "digitpad.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (icons / f"digitpad-{size}.png").is_file()
    for name in ("three", "seven"):
        assert read_image(resources_dir() / "samples" / f"{name}.png").shape == (280, 280)


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils is not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream is not installed")
def test_metainfo_validates() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]:", result.stdout, re.MULTILINE), result.stdout


@pytest.mark.skipif(not shutil.which("bash"), reason="no bash")
def test_install_script_installs_and_uninstalls_per_user(tmp_path: Path) -> None:
    fake = tmp_path / "my apps" / "digitpad"  # a space: the Exec line must quote it
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}
    share = tmp_path / "share"

    subprocess.run(["bash", str(INSTALL), "--exec", str(fake)], env=env, check=True, capture_output=True)
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert _desktop_entry(entry)["Exec"] == f'"{fake}"'
    assert _desktop_entry(entry)["Icon"] == APP_ID
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (share / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()

    subprocess.run(["bash", str(INSTALL), "--uninstall"], env=env, check=True, capture_output=True)
    assert not entry.exists()
    assert not list(share.glob(f"icons/**/{APP_ID}.*"))
