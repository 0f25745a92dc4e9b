"""Words the core says to a user, in English and translatable, without Qt.

A `Message` is the English text itself (a ``str``, so that logs, exceptions and the command line read it as they
always did) that also remembers its template and fields. The window translates the template with Qt's translators
and fills in the fields (`digitpad.ui.common.i18n.localize`). Templates are written as
``translate("Core", "...")`` so that Qt's ``pyside6-lupdate`` finds them in the core's source as it finds the UI's::

    raise DataError(Message(translate("Core", "No MNIST in {folder}."), folder=folder))

Fields are formatted by the template (``{accuracy:.2%}``); a field that is itself a `Message` is translated too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONTEXT = "Core"  # the translation context of every core template


def translate(context: str, text: str) -> str:
    """Marks ``text`` for ``pyside6-lupdate`` (which looks for calls of this name); returns it unchanged."""
    return text


class Message(str):
    """The English text of ``template`` filled with ``fields``; `template` and `fields` stay for translation."""

    template: str
    fields: Mapping[str, Any]

    def __new__(cls, template: str, **fields: Any) -> Message:
        text = super().__new__(cls, template.format(**fields))
        text.template = template
        text.fields = fields
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # picklable (exceptions cross threads and processes)
        return (_rebuild, (self.template, dict(self.fields)))


def _rebuild(template: str, fields: dict[str, Any]) -> Message:
    return Message(template, **fields)


def message_of(exc: BaseException) -> Message | None:
    """The `Message` an exception was raised with, if it was (an OSError holds it second, as its strerror)."""
    return next((arg for arg in exc.args if isinstance(arg, Message)), None)


def text_of(exc: BaseException) -> str:
    """What an exception says, as a field of another message: its `Message` (so it is translated too), or its text."""
    found = message_of(exc)
    return found if found is not None else str(exc)
