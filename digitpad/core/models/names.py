"""The models' names and titles, without importing torch: the command line's parser and the window's first paint
need them before torch has loaded."""

from __future__ import annotations

from digitpad.core.runtime.messages import Message, translate

MODEL_TITLES: dict[str, Message] = {
    "cnn": Message(translate("Core", "Convolutional network")),
    "lstm": Message(translate("Core", "LSTM, row by row")),
    "rnn": Message(translate("Core", "Vanilla RNN, row by row")),
    "mlp": Message(translate("Core", "Multilayer perceptron")),
    "logreg": Message(translate("Core", "Softmax regression")),
}
MODEL_NAMES = tuple(MODEL_TITLES)
CNN_STEMS = ("pool", "strided")  # the CNN's first block (`digitpad.core.models.zoo.CNN`)
