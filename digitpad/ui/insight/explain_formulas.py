"""The Explain tab's mathematics as Qt rich text: pure functions from the core's explanations (`core.insight.explain`)
to HTML with <sub>/<sup>, Greek letters and italic variables, numbers to 3 significant digits. No widgets here, so
every formula can be tested on its own."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

MINUS = "\u2212"
MARK = "#ff4d4d"  # the patch, the picked pixel and the pooling winner, as in the pictures

INTROS = {
    "conv": (
        "A <b>convolution</b> slides a small pattern detector, the <i>kernel</i> (here 3×3 weights), over the image. "
        "At every position it multiplies each weight by the pixel under it and adds the products up: the sum is large "
        "where the pixels look like the kernel's pattern (a stroke edge, a corner) and small or negative where they "
        "do not. Doing this at every position gives one <i>feature map</i>: where that pattern is in the image. Pick "
        "a pixel of the output map to see its sum worked out on your drawing."
    ),
    "pool": (
        "<b>Pooling</b> shrinks a feature map: it cuts it into 2×2 windows and keeps only the largest value of "
        "each. The map gets four times smaller, so later layers are cheaper and see a wider part of the image, and "
        "a pattern still counts when it moves by a pixel, because only the strongest response in each window survives."
    ),
    "output": (
        "The <b>output layer</b> gives each digit a score, its <i>logit</i> <i>z</i>: a bias plus a weighted sum of "
        "the features the layers before it found. Scores can be any number, so <b>softmax</b> turns them into "
        "probabilities: it raises <i>e</i> to each score (making every one positive and stretching the gaps between "
        "them) and divides by the total, so the ten answers add up to 100%. The largest score wins."
    ),
    "recurrent": (
        "A <b>recurrent network</b> reads the picture one row of pixels at a time, from the top, and carries a memory "
        "from row to row: the <i>hidden state</i> <i>h</i>. An <b>LSTM</b> also keeps a longer-lived <i>cell</i> "
        "<i>c</i> and three <i>gates</i>, numbers between 0 and 1 that decide, for each unit, how much new "
        "information gets in (input gate <i>i</i>), how much of the old memory is kept (forget gate <i>f</i>) and "
        "how much of the memory is shown to the next step (output gate <i>o</i>); <i>g</i> is the new candidate "
        "content. Each is the same recipe: weights times the row, plus weights times the last memory, plus a bias, "
        "squashed."
    ),
    "training": (
        "<b>Training</b> nudges every weight to make the right answer more likely. The <i>loss</i> "
        "<i>L</i> = −log <i>p<sub>y</sub></i> measures how surprised the model is by the true label <i>y</i>: 0 when "
        "it gives <i>y</i> 100%, large when it gives it little. Backpropagation finds the <i>gradient</i>, how the "
        "loss changes when each weight changes; one step of gradient descent moves each weight a little the other "
        "way, by the learning rate <i>η</i> times its gradient. Here is "
        "that step on your drawing, for one set of weights."
    ),
}


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
        f"<p><b>Output pixel (row {e.row + 1}, column {e.col + 1}) of map #{e.channel + 1}</b>, {e.title}:</p>",
    ]
    which = f" (input map #{shown + 1} of {c_in}, the one that adds the most)" if c_in > 1 else ""
    parts.append(f"<p>Each pixel <i>x</i> of the patch times the kernel weight <i>w</i> on it{which}:</p>")
    parts.append(side_by_side([table(patch[shown], title="patch x"), "×", table(kernel[shown], title="kernel w")]))
    parts.append(side_by_side(["=", table(products[shown], title="w · x")]))
    sums = products.reshape(c_in, -1).sum(axis=1)
    if c_in > 1:
        terms = signed_sum(sums)
        parts.append(
            f"<p>The kernel has one 3×3 slice per input map ({c_in} of them). The sum over each input map: "
            f"{terms} = {num(sums.sum())}</p>"
        )
    else:
        parts.append(f"<p>Adding the nine products: {signed_sum(products[0].ravel())}</p>")
    bias = None if e.bias is None else float(e.bias)
    parts.append(f"<p><b>{conv_sum_terms(float(e.total), bias)}</b></p>")
    for name, formula, value in e.after:
        parts.append(f"<p>then <b>{name}</b>: {formula} = {num(value)}</p>")
    return "".join(parts)


def pool_html(e: Any) -> str:
    window = array(e.window)
    winner = tuple(int(v) for v in e.winner)
    values = ", ".join(num(v) for v in window.ravel())
    k = window.shape[0]
    return (
        f"<p><b>Pooled pixel (row {e.row + 1}, column {e.col + 1}) of map #{e.channel + 1}</b>: the {k}×{k} window "
        f"it summarises, the winner in red:</p>"
        + table(window, marked=(winner[0], winner[1]))
        + f"<p><b>max({values}) = {num(e.value)}</b></p>"
    )


def logit_html(term: Any) -> str:
    """``z_k = b_k + Σ_j w_kj a_j`` with the largest contributions written out and "+ the rest"."""
    k = term.digit
    written = " + ".join(f"({num(w)} × {num(a)})" for _j, a, w, _p in term.contributions)
    products = signed_sum([term.bias, *(p for *_, p in term.contributions), term.rest])
    return (
        f"<p>{sub('z', str(k))} = {sub('b', str(k))} + Σ<sub><i>j</i></sub> {sub('w', f'{k}j')} {sub('a', 'j')}"
        f" = {num(term.bias)} + {written} + … = {products} <i>(the last: the rest)</i>"
        f" = <b>{num(term.logit)}</b></p>"
    )


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
        f"<p>The {array(e.features).size} features <i>a</i> reaching the output layer are weighted for each digit "
        "(the largest products written out):</p>"
    ]
    for k in shown_classes(probs, expanded):
        if k in by_digit:
            parts.append(logit_html(by_digit[k]))
    parts.append(
        "<p>Softmax (each <i>e</i><sup><i>z</i></sup> computed as <i>e</i><sup><i>z</i> − max <i>z</i></sup>, which "
        "gives the same fractions without overflowing):</p>"
    )
    for k in shown_classes(probs, expanded):
        parts.append(softmax_html(k, e.exps, probs))
    parts.append(f"<p>So the model answers <b>{predicted}</b>, with {pct(probs[predicted])}.</p>")
    return "".join(parts)


GATES = {  # name -> (what it is, squashing function)
    "i": ("input gate", "σ"),
    "f": ("forget gate", "σ"),
    "g": ("candidate", "tanh"),
    "o": ("output gate", "σ"),
}


def gate_html(name: str, parts: Sequence[float]) -> str:
    """``i_t = σ(W_ii x_t + W_hi h_{t−1} + b_i) = σ(a + b + c) = σ(pre) = value``."""
    x_part, h_part, bias, pre, value = (float(v) for v in parts)
    squash = GATES[name][1]
    return (
        f"<p>{sub(name, 't')} = {squash}({sub('W', 'i' + name)} {sub('x', 't')} + {sub('W', 'h' + name)} "
        f"{sub('h', f't{MINUS}1')} + {sub('b', name)}) = {squash}({signed_sum((x_part, h_part, bias))}) = "
        f"{squash}({num(pre)}) = <b>{num(value)}</b> <i>({GATES[name][0]})</i></p>"
    )


def recurrent_html(s: Any) -> str:
    t = int(s.step) + 1
    head = f"<p><b>Row {t} of {s.steps}, hidden unit {int(s.unit) + 1} of {s.hidden}</b>:</p>"
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
    sentences = "".join(f"<li>{text}</li>" for text in s.sentences)
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
    return f"<p><i>w</i> ← <i>w</i> {MINUS} <i>η</i> · ∂<i>L</i>/∂<i>w</i>, with <i>η</i> = {num(learning_rate)}</p>"


def training_html(e: Any, what: str) -> str:
    """Loss, then the weights, their gradient and the updated weights (tables, or the entries the step moves most)."""
    w, grad, new = array(e.weights), array(e.gradient), array(e.updated)
    parts = [loss_html(int(e.label), e.probabilities, float(e.loss)), update_rule_html(float(e.learning_rate))]
    if w.ndim == 3:  # a conv kernel [C_in, k, k]: the slice for the first input map
        note = f" (input map 1 of {w.shape[0]})" if w.shape[0] > 1 else ""
        w, grad, new = w[0], grad[0], new[0]
        parts.append(f"<p>{what}{note}:</p>")
    if w.ndim == 2 and w.size <= 49:
        parts.append(side_by_side([table(w, title="w")]))
        parts.append(side_by_side([table(grad, title="∂L/∂w")]))
        parts.append(side_by_side([table(new, title=f"w {MINUS} η·∂L/∂w")]))
        return "".join(parts)
    flat_w, flat_g, flat_new = w.ravel(), grad.ravel(), new.ravel()
    top = np.argsort(-np.abs(flat_g))[:6]
    parts.append(f"<p>{what}: {flat_w.size} weights; the 6 the step moves most:</p>")
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
