"""The command line's language: English, or Simplified Chinese from `--lang zh_CN` or a Chinese locale.

English is the source language and costs nothing: Qt is imported only when Chinese is asked for. The commands' own
words come from the translation file through a `QTranslator` alone (QtCore, no application object, so that
`digitpad --lang zh_CN` can still open the window); the core's messages are translated on first use by
`digitpad.ui.common.i18n`, which needs an application object and Qt's GUI library.
"""

from __future__ import annotations

import argparse
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from digitpad.core.runtime import messages

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

LANGUAGES = ("en", "zh_CN")
CHINESE_LOCALES = ("zh_CN", "zh_SG", "zh_Hans")
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # the first one set decides, as for gettext

# argparse's own words, which it looks up with gettext as it uses them; lupdate collects them from here.
ARGPARSE_WORDS = frozenset(
    (
        messages.translate("Cli", "usage: "),
        messages.translate("Cli", "positional arguments"),
        messages.translate("Cli", "options"),
        messages.translate("Cli", "show this help message and exit"),
        messages.translate("Cli", "%(prog)s: error: %(message)s\n"),
        messages.translate("Cli", "argument %(argument_name)s: %(message)s"),
        messages.translate("Cli", "invalid choice: %(value)r (choose from %(choices)s)"),
        messages.translate("Cli", "invalid %(type)s value: %(value)r"),
        messages.translate("Cli", "the following arguments are required: %s"),
        messages.translate("Cli", "unrecognized arguments: %s"),
        messages.translate("Cli", "expected one argument"),
        messages.translate("Cli", "expected at most one argument"),
        messages.translate("Cli", "expected at least one argument"),
        messages.translate("Cli", "not allowed with argument %s"),
        messages.translate("Cli", "ambiguous option: %(option)s could match %(matches)s"),
        messages.translate("Cli", "ignored explicit argument %r"),
    )
)
_ARGPARSE_GETTEXT = argparse._  # type: ignore[attr-defined]

_language = "en"
_translator: QTranslator | None = None
_core: ModuleType | None = None  # digitpad.ui.common.i18n, once it translates the core's messages


def requested_language(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """The last valid `--lang` in ``argv`` (read before the parser is built, so that its help is translated), else
    the locale's: Chinese for zh_CN, zh_SG and zh_Hans, English for anything else."""
    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang=") :]
        else:
            continue
        if value in LANGUAGES:
            chosen = value
    if chosen is not None:
        return chosen
    locale = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    name = locale.split(".")[0].split("@")[0].replace("-", "_")
    return "zh_CN" if name.startswith(CHINESE_LOCALES) else "en"


def use_language(language: str) -> str:
    """Speak ``language`` (one of `LANGUAGES`) from now on; returns the language in use, English where Qt or the
    translation file cannot be loaded."""
    global _language, _translator, _core
    if language == _language:
        return _language
    _language, _translator, _core = "en", None, None
    argparse._ = _ARGPARSE_GETTEXT  # type: ignore[attr-defined]
    if language == "en":
        return _language
    try:
        from PySide6.QtCore import QTranslator
    except ImportError:
        return _language
    from digitpad.core.runtime.paths import resources_dir

    translator = QTranslator()
    if not translator.load(f"digitpad_{language}", str(resources_dir() / "translations")):
        return _language
    _language, _translator = language, translator
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    return _language


def translate(context: str, text: str) -> str:
    """``text`` in the language in use (lupdate collects the calls of this name, as in the core)."""
    if _translator is None:
        return text
    return _translator.translate(context, text) or text


def _argparse_gettext(text: str) -> str:
    return translate("Cli", text) if text in ARGPARSE_WORDS else _ARGPARSE_GETTEXT(text)


def localize(text: object) -> str:
    """A message the core returned, in the language in use."""
    core = _core_translations()
    return core.localize(text) if core is not None else str(text)


def describe(exc: BaseException) -> str:
    """What an exception says, in the language in use (the core's `Message` when it was raised with one)."""
    core = _core_translations()
    if core is not None:
        return str(core.describe(exc))
    found = messages.message_of(exc)
    return str(found if found is not None else exc)


def _core_translations() -> ModuleType | None:
    """digitpad.ui.common.i18n with the core's translations installed (on first use); None for English, or where
    Qt's GUI library (which that module loads) is missing."""
    global _core
    if _translator is None:
        return None
    if _core is None:
        try:
            from digitpad.ui.common import i18n
        except ImportError:
            return None
        i18n.apply_headless_language(_language)
        _core = i18n
    return _core


class HelpFormatter(argparse.HelpFormatter):
    """Lays out Chinese help by the terminal's columns: a Chinese character takes two, and a line may break after
    any of them (never before a comma or a closing bracket)."""

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        prefix = _argparse_gettext("usage: ") if prefix is None else prefix
        wider = _columns(prefix) - len(prefix)  # argparse measures the prefix in characters
        self._width -= wider
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += wider
        return text.replace("\n ", "\n" + " " * wider + " ")

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        lines, line = [], ""
        for token in _TOKENS.findall(" ".join(text.split())):
            if line and _columns(line + token.rstrip()) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        return [*lines, line.rstrip()]


_TOKENS = re.compile(r"[^\s\u2e80-\uffef]+|\s+|[\u2e80-\uffef][，。：；、）！？”]*")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
