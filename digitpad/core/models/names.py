"""The models' names and titles, without importing torch: the command line's parser and the window's first paint
need them before torch has loaded."""

from __future__ import annotations

MODEL_TITLES: dict[str, str] = {
    "cnn": "Convolutional network",
    "lstm": "LSTM, row by row",
    "rnn": "Vanilla RNN, row by row",
    "mlp": "Multilayer perceptron",
    "logreg": "Softmax regression",
}
MODEL_NAMES = tuple(MODEL_TITLES)
