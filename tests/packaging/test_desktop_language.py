"""The desktop entry and the AppStream metainfo speak Simplified Chinese too."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
DESKTOP = LINUX / "io.github.digitpad.Digitpad.desktop"
METAINFO = LINUX / "io.github.digitpad.Digitpad.metainfo.xml"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_the_desktop_entry_has_chinese_names() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert entry.get(f"{key}[zh_CN]", "").strip(), f"{key}[zh_CN] is missing or empty"
    assert entry["Comment[zh_CN]"] != entry["Comment"]
    assert entry["Keywords[zh_CN]"].endswith(";")


def test_the_metainfo_has_chinese_name_summary_and_description() -> None:
    root = ET.parse(METAINFO).getroot()
    for tag in ("name", "summary", "description/p"):
        chinese = [e for e in root.findall(tag) if e.get(LANG) == "zh-CN"]
        assert len(chinese) == 1 and (chinese[0].text or "").strip(), f"no zh-CN {tag}"
    assert root.findtext("summary") == "Draw a digit and see what neural networks make of it"  # English first
