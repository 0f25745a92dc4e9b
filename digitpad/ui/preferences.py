"""Edit > Preferences: the MNIST data folder (typed, or chosen with Browse), the wish to download MNIST into it, and
the theme, and the interface language. Every field writes the app state at once, so each panel follows, and follows
the state back. Its texts are set again in the new language on `LanguageChange`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.ui.common import i18n, theme
from digitpad.ui.common.data_folder import choose_data_folder
from digitpad.ui.state import AppState


class PreferencesDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self._state = state

        self.data_edit = QLineEdit(state.data_folder_text())
        self.data_edit.setObjectName("dataFolderEdit")
        self.data_edit.setMinimumWidth(280)
        self.data_edit.editingFinished.connect(lambda: state.set_data_folder(self.data_edit.text()))
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("browseDataFolderButton")
        self.browse_button.clicked.connect(lambda: choose_data_folder(self, state))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_edit, 1)
        folder_row.addWidget(self.browse_button)

        self.download_check = QCheckBox()
        self.download_check.setObjectName("downloadMnistCheck")
        self.download_check.setChecked(state.download)
        self.download_check.toggled.connect(state.set_download)

        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("themeCombo")
        for name in theme.THEMES:
            self.theme_combo.addItem(name, name)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(state.theme), 0))
        self.theme_combo.currentIndexChanged.connect(lambda i: state.set_theme(self.theme_combo.itemData(i)))

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        for name in i18n.LANGUAGES:
            self.language_combo.addItem(name, name)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(state.language), 0))
        self.language_combo.currentIndexChanged.connect(lambda i: state.set_language(self.language_combo.itemData(i)))

        self.data_label, self.theme_label, self.language_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.data_label, folder_row)
        form.addRow("", self.download_check)
        form.addRow(self.theme_label, self.theme_combo)
        form.addRow(self.language_label, self.language_combo)
        self.note = note = QLabel()
        note.setWordWrap(True)
        note.setEnabled(False)  # the quiet colour of a hint
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

        state.data_folder_changed.connect(self._on_state_data_folder_changed)
        state.download_changed.connect(self._on_state_download_changed)
        state.theme_changed.connect(self._on_state_theme_changed)
        state.language_changed.connect(self._on_state_language_changed)
        self._retranslate()

    @classmethod
    def open_for(cls, state: AppState, parent: QWidget | None = None) -> PreferencesDialog:
        """Show a Preferences dialog for the state (not modal); returns it."""
        dialog = cls(state, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self.data_edit.setToolTip(self.tr("The folder holding MNIST/raw; empty: the default folder"))
        self.browse_button.setText(self.tr("Browse…"))
        self.download_check.setText(self.tr("Download MNIST (about 12 MB) when the folder lacks it"))
        theme_names = {"system": self.tr("System"), "light": self.tr("Light"), "dark": self.tr("Dark")}
        for i in range(self.theme_combo.count()):
            self.theme_combo.setItemText(i, theme_names.get(self.theme_combo.itemData(i), ""))
        language_names = {"system": self.tr("System"), "en": "English", "zh_CN": "简体中文"}
        for i in range(self.language_combo.count()):
            self.language_combo.setItemText(i, language_names.get(self.language_combo.itemData(i), ""))
        self.data_label.setText(self.tr("MNIST data folder"))
        self.theme_label.setText(self.tr("Theme"))
        self.language_label.setText(self.tr("Language"))
        self.note.setText(
            self.tr("Changes apply at once. The training, test-set and fine-tune views read the same folder.")
        )

    def _on_state_data_folder_changed(self, _folder: object) -> None:
        if not self.data_edit.hasFocus():  # not while the user types
            self.data_edit.setText(self._state.data_folder_text())

    def _on_state_download_changed(self, download: bool) -> None:
        self.download_check.setChecked(download)

    def _on_state_theme_changed(self, name: str) -> None:
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(name), 0))

    def _on_state_language_changed(self, language: str) -> None:
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language), 0))
