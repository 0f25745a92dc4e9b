"""The Explain tab works the formulas out on the current drawing and model, only when it is seen, and is reached
from the other views' "How was this computed?"."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from insight_inputs import ckpt, digit

from digitpad.core.insight import explain
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.insight import explain_formulas as fx
from digitpad.ui.insight.insight_panel import InsightPanel


@pytest.fixture
def panel(qtbot):
    p = InsightPanel()
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    qtbot.waitExposed(p)
    yield p
    assert p.shutdown(10_000)


def open_explain(panel, model: Checkpoint, x: torch.Tensor, section: str):
    panel.set_model(model)
    panel.set_input(x)
    view = panel.explain_view
    panel.show_view(view)
    view.show_section(section)
    return view


def test_clicking_an_output_pixel_explains_that_pixel(panel, qtbot):
    model, x = ckpt("cnn"), digit(1)
    view = open_explain(panel, model, x, "conv")
    layer = explain.conv_layers(model.model)[0]
    view.conv_output.clicked.emit(5, 9)
    e = explain.explain_conv(model.model, x, layer, 0, 5, 9)
    assert (view.conv_row.value(), view.conv_col.value()) == (6, 10)
    assert "row 6, column 10" in view.conv_text.text()
    assert fx.num(e.value) in view.conv_text.text()
    view.conv_channel.setValue(3)  # the selectors do it too
    e = explain.explain_conv(model.model, x, layer, 2, 5, 9)
    assert "map #3" in view.conv_text.text() and fx.num(e.value) in view.conv_text.text()


def test_the_recurrent_selectors_update_the_step(panel):
    model, x = ckpt("lstm", hidden=16), digit(2)
    view = open_explain(panel, model, x, "recurrent")
    assert view.sections() == ["recurrent", "output", "training"]
    view.step_slider.setValue(12)
    view.unit_spin.setValue(4)
    s = explain.explain_recurrent_step(model.model, x, 11, 3)
    text = view.recurrent_text.text()
    assert view.step_label.text() == "row 12 of 28"
    assert "Row 12 of 28, hidden unit 4" in text and fx.num(s.h) in text
    assert "<sub>t</sub>" in text and "σ(" in text


def test_a_new_drawing_and_a_new_model_update_the_explanation(panel):
    first, second = ckpt("cnn", seed=0), ckpt("cnn", seed=1)
    view = open_explain(panel, first, digit(1), "output")
    before = view.output_text.text()
    panel.set_input(digit(3))
    after = view.output_text.text()
    assert after != before
    p = explain.explain_output(first.model, digit(3)).probabilities
    assert fx.pct(p.max()) in after
    panel.set_model(second)
    assert view.output_text.text() != after
    panel.set_model(ckpt("mlp", hidden=(32,)))
    assert view.sections() == ["output", "training"]


def test_a_hidden_explain_tab_does_not_recompute(panel, monkeypatch):
    model = ckpt("cnn")
    view = open_explain(panel, model, digit(1), "conv")
    calls: list[str] = []
    real = explain.explain_conv

    def counting(*args, **kwargs):
        calls.append("conv")
        return real(*args, **kwargs)

    monkeypatch.setattr(explain, "explain_conv", counting)
    panel.show_view(panel.feature_map_view)
    panel.set_input(digit(2))
    panel.set_input(digit(3))
    assert calls == []
    assert view.is_stale()
    panel.show_view(view)
    assert calls == ["conv"]


def test_how_was_this_computed_opens_the_pixel_from_the_feature_maps(panel, qtbot):
    model, x = ckpt("cnn"), digit(1)
    panel.set_model(model)
    panel.set_input(x)
    maps = panel.feature_map_view
    panel.show_view(maps)
    index = maps.layer_selector.findData(explain.conv_layers(model.model)[0])
    maps.layer_selector.setCurrentIndex(index)
    maps.select_channel(2)
    with qtbot.waitSignal(maps.explain_requested) as signal:
        maps.enlarged_view.clicked.emit(7, 4)
    assert signal.args[0] == {"section": "conv", "layer": explain.conv_layers(model.model)[0], "channel": 2,
                              "row": 7, "col": 4}  # fmt: skip
    view = panel.explain_view
    assert panel.current_view() is view and view.current_section() == "conv"
    assert (view.conv_channel.value(), view.conv_row.value(), view.conv_col.value()) == (3, 8, 5)
    assert "row 8, column 5" in view.conv_text.text()


def test_the_link_from_the_recurrent_view_opens_its_step(panel):
    panel.set_model(ckpt("rnn", hidden=8))
    panel.set_input(digit(1))
    lstm = panel.lstm_view
    panel.show_view(lstm)
    lstm.slider.setValue(9)
    lstm.request_explanation()
    view = panel.explain_view
    assert panel.current_view() is view and view.current_section() == "recurrent"
    assert view.step_slider.value() == 10 and "tanh(" in view.recurrent_text.text()


def test_the_formula_builders_write_real_mathematics():
    assert fx.num(-0.012345) == "\u22120.0123" and fx.num(0.5) == "0.5" and fx.num(1234.5) in ("1234", "1235")
    assert "<sup>" in fx.num(1.5e-7)
    softmax = fx.softmax_html(2, np.array([0.5, 0.25, 1.0]), np.array([2 / 7, 1 / 7, 4 / 7]))
    assert "<sup><i>z</i><sub>2</sub></sup>" in softmax and "1 / 1.75" in softmax and "57.1%" in softmax
    term = explain.ClassTerm(digit=3, logit=1.5, bias=0.25, contributions=[(7, 2.0, 0.5, 1.0)], rest=0.25)
    z = fx.logit_html(term)
    assert "<i>z</i><sub>3</sub>" in z and "(0.5 × 2)" in z and "<b>1.5</b>" in z
    assert "<sub>y</sub>" in fx.loss_html(4, np.full(10, 0.1), 2.302585) and "2.3" in fx.loss_html(
        4, np.full(10, 0.1), 2.3
    )
