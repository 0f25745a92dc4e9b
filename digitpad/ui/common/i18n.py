"""The interface language: Qt translators for digitpad's own strings and Qt's (standard buttons, dialogs), and a
Chinese font when the application font has no Chinese glyphs.

Switching removes the translators installed before and installs the new ones, so Qt sends every widget a
`QEvent.Type.LanguageChange` and each re-sets its texts (`changeEvent`): the switch is live, without a restart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from digitpad.core.runtime.messages import CONTEXT, Message, message_of
from digitpad.core.runtime.paths import resources_dir

if TYPE_CHECKING:  # QtGui needs libGL: the command line translates without it
    from PySide6.QtGui import QFont, QGuiApplication

LANGUAGES = ("system", "en", "zh_CN")  # what `view/language` holds; "system" follows the system's locale
TRANSLATED = ("zh_CN",)  # the languages with a digitpad_<language>.qm; English is the source language
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")

_installed: list[QTranslator] = []
_current: str | None = None  # the resolved language now installed
_latin_font: QFont | None = None  # the application font before a Chinese one was preferred
_headless_app: QCoreApplication | None = None  # the command line's, made for its translators


def translations_dir() -> Path:
    return resources_dir() / "translations"


def resolve(language: str, system: QLocale | None = None) -> str:
    """The language to show: "en" or one of `TRANSLATED`; "system" (or anything unknown) follows the locale."""
    if language in ("en", *TRANSLATED):
        return language
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalChineseScript:
        return "zh_CN"
    return "en"


def current_language() -> str:
    """The resolved language installed last ("en" before any)."""
    return _current or "en"


def apply_language(language: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for ``language`` (one of `LANGUAGES`) in place of the previous ones; returns the
    resolved language. Nothing happens when that language is installed already."""
    global _current
    app = app if app is not None else QCoreApplication.instance()
    resolved = resolve(language)
    if app is None or resolved == _current:
        return resolved
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if resolved != "en":
        for name, folder in (
            (f"digitpad_{resolved}", translations_dir()),
            (f"qtbase_{resolved}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
        ):
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                _installed.append(translator)
    _current = resolved
    if app.inherits("QGuiApplication"):
        _apply_font(cast("QGuiApplication", app), resolved)
    return resolved


def apply_headless_language(language: str) -> str:
    """`apply_language` for the command line, which has no window: a `QCoreApplication` (no display needed) is made
    for the translators, once, where there is none."""
    global _headless_app
    app = QCoreApplication.instance()
    if app is None:
        app = _headless_app = QCoreApplication(["digitpad"])
    return apply_language(language, app)


def _apply_font(app: QGuiApplication, language: str) -> None:
    """For Chinese, put a Chinese font after the application font's family when that family lacks the glyphs
    (Latin text keeps its font); back to the font as it was for English."""
    global _latin_font
    if language != "zh_CN":
        if _latin_font is not None:
            app.setFont(_latin_font)
            _latin_font = None
        return
    font = app.font()
    from PySide6.QtGui import QFont, QFontDatabase

    if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(font.family()):
        return
    available = set(QFontDatabase.families())
    cjk = next((family for family in CJK_FONTS if family in available), None)
    if cjk is None:
        return  # Qt's own fallback picks whatever font has the glyphs
    _latin_font = QFont(font)
    chinese = QFont(font)
    chinese.setFamilies([font.family(), cjk])
    app.setFont(chinese)


def localize(text: object) -> str:
    """``text`` in the interface language: a core `Message` is translated (its fields too), anything else is
    shown as it is. A translation whose placeholders do not match its template falls back to the English."""
    if not isinstance(text, Message):
        return str(text)
    template = QCoreApplication.translate(CONTEXT, text.template)
    fields = {name: localize(value) if isinstance(value, Message) else value for name, value in text.fields.items()}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return str(text)


def describe(exc: BaseException) -> str:
    """An exception's message for a dialog or the status bar, in the interface language."""
    found = message_of(exc)
    return localize(found) if found is not None else str(exc)
