"""The Explain tab's mathematics as Qt rich text: pure functions from the core's explanations (`core.insight.explain`)
to HTML with <sub>/<sup>, Greek letters and italic variables, numbers to 3 significant digits. No widgets here, so
every formula can be tested on its own. The words are translated when a formula is built (context "ExplainFormulas"),
so building it again after a language switch gives it in the new language."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from digitpad.ui.common.i18n import localize

MINUS = "\u2212"
MARK = "#ff4d4d"  # the patch, the picked pixel and the pooling winner, as in the pictures

INTROS = {
    "conv": QT_TRANSLATE_NOOP(
        "ExplainFormulas",
        "A <b>convolution</b> slides a small pattern detector, the <i>kernel</i> (here 3×3 weights), over the image. "
        "At every position it multiplies each weight by the pixel under it and adds the products up: the sum is large "
        "where the pixels look like the kernel's pattern (a stroke edge, a corner) and small or negative where they "
        "do not. Doing this at every position gives one <i>feature map</i>: where that pattern is in the image. Pick "
        "a pixel of the output map to see its sum worked out on your drawing.",
    ),
    "pool": QT_TRANSLATE_NOOP(
        "ExplainFormulas",
        "<b>Pooling</b> shrinks a feature map: it cuts it into 2×2 windows and keeps only the largest value of "
        "each. The map gets four times smaller, so later layers are cheaper and see a wider part of the image, and "
        "a pattern still counts when it moves by a pixel, because only the strongest response in each window survives.",
    ),
    "output": QT_TRANSLATE_NOOP(
        "ExplainFormulas",
        "The <b>output layer</b> gives each digit a score, its <i>logit</i> <i>z</i>: a bias plus a weighted sum of "
        "the features the layers before it found. Scores can be any number, so <b>softmax</b> turns them into "
        "probabilities: it raises <i>e</i> to each score (making every one positive and stretching the gaps between "
        "them) and divides by the total, so the ten answers add up to 100%. The largest score wins.",
    ),
    "recurrent": QT_TRANSLATE_NOOP(
        "ExplainFormulas",
        "A <b>recurrent network</b> reads the picture one row of pixels at a time, from the top, and carries a memory "
        "from row to row: the <i>hidden state</i> <i>h</i>. An <b>LSTM</b> also keeps a longer-lived <i>cell</i> "
        "<i>c</i> and three <i>gates</i>, numbers between 0 and 1 that decide, for each unit, how much new "
        "information gets in (input gate <i>i</i>), how much of the old memory is kept (forget gate <i>f</i>) and "
        "how much of the memory is shown to the next step (output gate <i>o</i>); <i>g</i> is the new candidate "
        "content. Each is the same recipe: weights times the row, plus weights times the last memory, plus a bias, "
        "squashed.",
    ),
    "training": QT_TRANSLATE_NOOP(
        "ExplainFormulas",
        "<b>Training</b> nudges every weight to make the right answer more likely. The <i>loss</i> "
        "<i>L</i> = −log <i>p<sub>y</sub></i> measures how surprised the model is by the true label <i>y</i>: 0 when "
        "it gives <i>y</i> 100%, large when it gives it little. Backpropagation finds the <i>gradient</i>, how the "
        "loss changes when each weight changes; one step of gradient descent moves each weight a little the other "
        "way, by the learning rate <i>η</i> times its gradient. Here is "
        "that step on your drawing, for one set of weights.",
    ),
}


def intro(key: str) -> str:
    """The lesson of section ``key`` in the interface language ("" for none)."""
    return QCoreApplication.translate("ExplainFormulas", str(INTROS[key])) if key in INTROS else ""


def num(value: float) -> str:
    """A number to 3 significant digits with a real minus sign; very large or small ones as a × 10<sup>b</sup>."""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        text = f"{v:.3g}"
        if "e" in text:  # 3 significant digits of e.g. 12345 still read as a plain number
            text = f"{v:.0f}"
    else:
        mantissa, exponent = f"{v:.2e}".split("e")
        text = f"{mantissa} × 10<sup>{int(exponent)}</sup>"
    return text.replace("-", MINUS)


def pct(p: float) -> str:
    return f"{num(100 * float(p))}%"


def array(values: Any) -> np.ndarray:
    """A tensor, array or number as a float numpy array (the core returns tensors)."""
    if hasattr(values, "detach"):
        values = values.detach().cpu().numpy()
    return np.asarray(values, dtype=np.float64)


def sub(name: str, index: str) -> str:
    return f"<i>{name}</i><sub>{index}</sub>"


def table(values: Any, marked: tuple[int, int] | None = None, title: str = "") -> str:
    """A small 2-D array as an HTML table of numbers; ``marked`` (row, col) drawn bold in the highlight colour."""
    grid = np.atleast_2d(array(values))
    rows = []
    for r, row in enumerate(grid):
        cells = []
        for c, v in enumerate(row):
            style = f" style='color:{MARK}; font-weight:bold'" if marked == (r, c) else ""
            cells.append(f"<td align='right'{style}>{num(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<tr><td colspan='{grid.shape[1]}' align='center'><i>{title}</i></td></tr>" if title else ""
    return f"<table border='1' cellspacing='0' cellpadding='1'>{caption}{''.join(rows)}</table>"


def signed_sum(values: Iterable[float]) -> str:
    """ "0.1 − 0.2 + 0.3": terms joined by their own signs."""
    text = ""
    for i, v in enumerate(float(v) for v in values):
        if i == 0:
            text = num(v)
        else:
            text += f" {MINUS} {num(-v)}" if v < 0 else f" + {num(v)}"
    return text


def side_by_side(parts: Iterable[str]) -> str:
    """Tables and operators in one row."""
    cells = "".join(f"<td valign='middle'>{p}</td>" for p in parts)
    return f"<table cellspacing='1'><tr>{cells}</tr></table><p></p>"  # the paragraph: next tables start below


def conv_sum_terms(total: float, bias: float | None) -> str:
    if bias is None:
        return f"Σ <i>w</i>·<i>x</i> = {num(total)}"
    return f"Σ <i>w</i>·<i>x</i> + <i>b</i> = {num(total)} + {num(bias)} = {num(total + bias)}"


def strongest_input(products: Any) -> int:
    """The input channel whose products add up to the most (by size): the one worth showing in full."""
    sums = array(products).reshape(array(products).shape[0], -1).sum(axis=1)
    return int(np.abs(sums).argmax())


def conv_html(e: Any) -> str:
    """The arithmetic of one output pixel of a convolution: patch × kernel = products, their sum, then `after`."""
    patch, kernel, products = array(e.patch), array(e.kernel), array(e.products)
    if patch.ndim == 2:
        patch, kernel, products = patch[None], kernel[None], products[None]
    c_in = patch.shape[0]
    shown = strongest_input(products) if c_in > 1 else 0
    parts = [
        QCoreApplication.translate(
            "ExplainFormulas", "<p><b>Output pixel (row {row}, column {col}) of map #{map}</b>, {layer}:</p>"
        ).format(row=e.row + 1, col=e.col + 1, map=e.channel + 1, layer=localize(e.title)),
        _conv_products_html(patch[shown], kernel[shown], products[shown], shown, c_in),
        _conv_sums_html(products),
    ]
    bias = None if e.bias is None else float(e.bias)
    parts.append(f"<p><b>{conv_sum_terms(float(e.total), bias)}</b></p>")
    then = QCoreApplication.translate("ExplainFormulas", "<p>then <b>{step}</b>: {formula} = {value}</p>")
    for name, formula, value in e.after:
        parts.append(then.format(step=localize(name), formula=localize(formula), value=num(value)))
    return "".join(parts)


def _conv_products_html(patch: np.ndarray, kernel: np.ndarray, products: np.ndarray, shown: int, c_in: int) -> str:
    """The patch times the kernel of input map ``shown`` (of ``c_in``), and their products."""
    if c_in > 1:
        text = QCoreApplication.translate(
            "ExplainFormulas",
            "<p>Each pixel <i>x</i> of the patch times the kernel weight <i>w</i> on it (input map #{map} of "
            "{maps}, the one that adds the most):</p>",
        ).format(map=shown + 1, maps=c_in)
    else:
        text = QCoreApplication.translate(
            "ExplainFormulas", "<p>Each pixel <i>x</i> of the patch times the kernel weight <i>w</i> on it:</p>"
        )
    patch_title = QCoreApplication.translate("ExplainFormulas", "patch x")
    kernel_title = QCoreApplication.translate("ExplainFormulas", "kernel w")
    return (
        text
        + side_by_side([table(patch, title=patch_title), "×", table(kernel, title=kernel_title)])
        + side_by_side(["=", table(products, title="w · x")])
    )


def _conv_sums_html(products: np.ndarray) -> str:
    """The products ``[C_in, k, k]`` added up: the nine of one input map, or each input map's sum."""
    c_in = products.shape[0]
    if c_in == 1:
        return QCoreApplication.translate("ExplainFormulas", "<p>Adding the nine products: {terms}</p>").format(
            terms=signed_sum(products[0].ravel())
        )
    sums = products.reshape(c_in, -1).sum(axis=1)
    return QCoreApplication.translate(
        "ExplainFormulas",
        "<p>The kernel has one 3×3 slice per input map ({maps} of them). The sum over each input map: "
        "{terms} = {total}</p>",
    ).format(maps=c_in, terms=signed_sum(sums), total=num(sums.sum()))


def pool_html(e: Any) -> str:
    window = array(e.window)
    winner = tuple(int(v) for v in e.winner)
    values = ", ".join(num(v) for v in window.ravel())
    k = window.shape[0]
    head = QCoreApplication.translate(
        "ExplainFormulas",
        "<p><b>Pooled pixel (row {row}, column {col}) of map #{map}</b>: the {k}×{k} window it summarises, the "
        "winner in red:</p>",
    )
    return (
        head.format(row=e.row + 1, col=e.col + 1, map=e.channel + 1, k=k)
        + table(window, marked=(winner[0], winner[1]))
        + f"<p><b>max({values}) = {num(e.value)}</b></p>"
    )


def logit_html(term: Any) -> str:
    """``z_k = b_k + Σ_j w_kj a_j`` with the largest contributions written out and "+ the rest"."""
    k = term.digit
    written = " + ".join(f"({num(w)} × {num(a)})" for _j, a, w, _p in term.contributions)
    products = signed_sum([term.bias, *(p for *_, p in term.contributions), term.rest])
    formula = (
        f"{sub('z', str(k))} = {sub('b', str(k))} + Σ<sub><i>j</i></sub> {sub('w', f'{k}j')} {sub('a', 'j')}"
        f" = {num(term.bias)} + {written} + …"
    )
    return QCoreApplication.translate(
        "ExplainFormulas", "<p>{formula} = {terms} <i>(the last: the rest)</i> = <b>{logit}</b></p>"
    ).format(formula=formula, terms=products, logit=num(term.logit))


def softmax_html(k: int, exps: Any, probabilities: Any) -> str:
    e = array(exps)
    return (
        f"<p>softmax(<i>z</i>)<sub>{k}</sub> = <i>e</i><sup>{sub('z', str(k))}</sup> / "
        f"Σ<sub><i>j</i></sub> <i>e</i><sup>{sub('z', 'j')}</sup> = {num(e[k])} / {num(e.sum())} = "
        f"<b>{pct(array(probabilities)[k])}</b></p>"
    )


def shown_classes(probabilities: Any, expanded: bool) -> list[int]:
    """The digits written out: all ten, or the three most likely (the prediction first)."""
    order = [int(k) for k in np.argsort(-array(probabilities))]
    return order if expanded else order[:3]


def output_html(e: Any, expanded: bool = False) -> str:
    probs = array(e.probabilities)
    by_digit = {int(t.digit): t for t in e.classes}
    predicted = int(probs.argmax())
    parts = [
        QCoreApplication.translate(
            "ExplainFormulas",
            "<p>The {count} features <i>a</i> reaching the output layer are weighted for each digit (the largest "
            "products written out):</p>",
        ).format(count=array(e.features).size)
    ]
    for k in shown_classes(probs, expanded):
        if k in by_digit:
            parts.append(logit_html(by_digit[k]))
    parts.append(
        QCoreApplication.translate(
            "ExplainFormulas",
            "<p>Softmax (each <i>e</i><sup><i>z</i></sup> computed as <i>e</i><sup><i>z</i> − max <i>z</i></sup>, "
            "which gives the same fractions without overflowing):</p>",
        )
    )
    for k in shown_classes(probs, expanded):
        parts.append(softmax_html(k, e.exps, probs))
    parts.append(
        QCoreApplication.translate("ExplainFormulas", "<p>So the model answers <b>{digit}</b>, with {p}.</p>").format(
            digit=predicted, p=pct(probs[predicted])
        )
    )
    return "".join(parts)


GATES = {  # name -> (what it is, squashing function)
    "i": (QT_TRANSLATE_NOOP("ExplainFormulas", "input gate"), "σ"),
    "f": (QT_TRANSLATE_NOOP("ExplainFormulas", "forget gate"), "σ"),
    "g": (QT_TRANSLATE_NOOP("ExplainFormulas", "candidate"), "tanh"),
    "o": (QT_TRANSLATE_NOOP("ExplainFormulas", "output gate"), "σ"),
}


def gate_html(name: str, parts: Sequence[float]) -> str:
    """``i_t = σ(W_ii x_t + W_hi h_{t−1} + b_i) = σ(a + b + c) = σ(pre) = value``."""
    x_part, h_part, bias, pre, value = (float(v) for v in parts)
    what, squash = QCoreApplication.translate("ExplainFormulas", str(GATES[name][0])), GATES[name][1]
    return (
        f"<p>{sub(name, 't')} = {squash}({sub('W', 'i' + name)} {sub('x', 't')} + {sub('W', 'h' + name)} "
        f"{sub('h', f't{MINUS}1')} + {sub('b', name)}) = {squash}({signed_sum((x_part, h_part, bias))}) = "
        f"{squash}({num(pre)}) = <b>{num(value)}</b> <i>({what})</i></p>"
    )


def recurrent_html(s: Any) -> str:
    t = int(s.step) + 1
    head = QCoreApplication.translate(
        "ExplainFormulas", "<p><b>Row {row} of {rows}, hidden unit {unit} of {units}</b>:</p>"
    ).format(row=t, rows=s.steps, unit=int(s.unit) + 1, units=s.hidden)
    if s.cell == "rnn":
        x_part, h_part, bias, pre, value = (float(v) for v in s.gates["h"])
        body = (
            f"<p>{sub('h', 't')} = tanh({sub('W', 'xh')} {sub('x', 't')} + {sub('W', 'hh')} "
            f"{sub('h', f't{MINUS}1')} + <i>b</i>) = tanh({signed_sum((x_part, h_part, bias))}) = "
            f"tanh({num(pre)}) = <b>{num(value)}</b></p>"
        )
    else:
        g = {n: [float(v) for v in s.gates[n]] for n in "ifgo"}
        body = "".join(gate_html(n, g[n]) for n in "ifgo")
        body += (
            f"<p>{sub('c', 't')} = {sub('f', 't')} ⊙ {sub('c', f't{MINUS}1')} + {sub('i', 't')} ⊙ {sub('g', 't')}"
            f" = {num(g['f'][4])} × {num(_unit(s.c_prev, s.unit))} + {num(g['i'][4])} × {num(g['g'][4])}"
            f" = <b>{num(_unit(s.c, s.unit))}</b></p>"
            f"<p>{sub('h', 't')} = {sub('o', 't')} ⊙ tanh({sub('c', 't')}) = {num(g['o'][4])} × "
            f"tanh({num(_unit(s.c, s.unit))}) = <b>{num(_unit(s.h, s.unit))}</b></p>"
        )
    sentences = "".join(f"<li>{localize(text)}</li>" for text in s.sentences)
    return head + body + (f"<ul>{sentences}</ul>" if sentences else "")


def _unit(value: Any, unit: int) -> float:
    """A state the core gives either for the unit alone or for every unit."""
    values = array(value)
    return float(values) if values.ndim == 0 else float(values.reshape(-1)[unit])


def loss_html(label: int, probabilities: Any, loss: float) -> str:
    p = array(probabilities)[label]
    return (
        f"<p><i>L</i> = {MINUS}log {sub('p', 'y')} = {MINUS}log {sub('p', str(label))} = {MINUS}log({num(p)})"
        f" = <b>{num(loss)}</b></p>"
    )


def update_rule_html(learning_rate: float) -> str:
    rule = f"<i>w</i> ← <i>w</i> {MINUS} <i>η</i> · ∂<i>L</i>/∂<i>w</i>"
    return QCoreApplication.translate("ExplainFormulas", "<p>{rule}, with <i>η</i> = {rate}</p>").format(
        rule=rule, rate=num(learning_rate)
    )


def training_html(e: Any, what: str) -> str:
    """Loss, then the weights, their gradient and the updated weights (tables, or the entries the step moves most)."""
    w, grad, new = array(e.weights), array(e.gradient), array(e.updated)
    parts = [loss_html(int(e.label), e.probabilities, float(e.loss)), update_rule_html(float(e.learning_rate))]
    if w.ndim == 3:  # a conv kernel [C_in, k, k]: the slice for the first input map
        maps = w.shape[0]
        w, grad, new = w[0], grad[0], new[0]
        if maps > 1:
            parts.append(
                QCoreApplication.translate("ExplainFormulas", "<p>{weights} (input map 1 of {maps}):</p>").format(
                    weights=what, maps=maps
                )
            )
        else:
            parts.append(f"<p>{what}:</p>")
    if w.ndim == 2 and w.size <= 49:
        parts.append(side_by_side([table(w, title="w")]))
        parts.append(side_by_side([table(grad, title="∂L/∂w")]))
        parts.append(side_by_side([table(new, title=f"w {MINUS} η·∂L/∂w")]))
        return "".join(parts)
    flat_w, flat_g, flat_new = w.ravel(), grad.ravel(), new.ravel()
    top = np.argsort(-np.abs(flat_g))[:6]
    parts.append(
        QCoreApplication.translate(
            "ExplainFormulas", "<p>{weights}: {count} weights; the 6 the step moves most:</p>"
        ).format(weights=what, count=flat_w.size)
    )
    rows = "".join(
        f"<tr><td>{j}</td><td align='right'>{num(flat_w[j])}</td><td align='right'>{num(flat_g[j])}</td>"
        f"<td align='right'>{num(flat_new[j])}</td></tr>"
        for j in top
    )
    parts.append(
        "<table border='1' cellspacing='0' cellpadding='3'><tr><th><i>j</i></th><th><i>w</i></th>"
        f"<th>∂<i>L</i>/∂<i>w</i></th><th><i>w</i> {MINUS} <i>η</i>·∂<i>L</i>/∂<i>w</i></th></tr>{rows}</table>"
    )
    return "".join(parts)
