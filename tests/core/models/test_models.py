import pytest
import torch
from torch import nn

from digitpad.core.insight.activations import (
    GATE_NAMES,
    channel_source,
    conv_kernels,
    feature_layers,
    feature_maps,
    layer_title,
    lstm_steps,
    misclassified,
    predictions_over_time,
    rnn_hidden_states,
    saliency,
)
from digitpad.core.models.zoo import REGISTRY, build_model, count_parameters, predict


@pytest.fixture
def batch():
    return torch.randn(4, 1, 28, 28, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_model_returns_logits_and_predict_returns_probabilities(name, batch):
    torch.manual_seed(0)
    model = build_model(name).eval()
    logits = model(batch)
    assert logits.shape == (4, 10)
    probs = predict(model, batch)
    assert torch.allclose(probs.sum(1), torch.ones(4), atol=1e-5) and (probs >= 0).all()
    assert predict(model, batch[0]).shape == (1, 10)  # one [1, 28, 28] image
    assert count_parameters(model) > 0


def test_unknown_model_is_a_clear_error():
    with pytest.raises(KeyError, match="cnn"):
        build_model("transformer")


def test_hparams_override_defaults():
    small = build_model("cnn", {"channels": [8, 16]})
    assert small.features.conv1.out_channels == 8 and small.features.conv2.out_channels == 16


def test_cnn_feature_maps_per_layer(batch):
    model = build_model("cnn", {"channels": (8, 16), "stem": "pool"})
    maps = feature_maps(model, batch[0])
    stages = [f"features.{n}" for n in ("conv1", "pool1", "relu1", "conv2", "pool2", "relu2")]
    assert list(maps) == feature_layers(model) == stages  # the classifier's ReLU is not a feature map
    assert maps["features.conv1"].shape == (8, 28, 28)
    assert maps["features.pool1"].shape == maps["features.relu1"].shape == (8, 14, 14)
    assert maps["features.conv2"].shape == (16, 14, 14)
    assert maps["features.pool2"].shape == maps["features.relu2"].shape == (16, 7, 7)
    with torch.no_grad():  # the activation map is what the next layer reads: ReLU(BN(pooled conv))
        expected = torch.relu(model.features.bn1(maps["features.pool1"].unsqueeze(0)))[0]
    torch.testing.assert_close(maps["features.relu1"], expected)
    older = build_model("cnn", {"channels": (8, 16), "pool_first": False, "stem": "pool"})
    assert feature_layers(older)[:3] == ["features.conv1", "features.relu1", "features.pool1"]
    assert feature_maps(older, batch[0])["features.relu1"].shape == (8, 28, 28)
    assert not model._forward_hooks and not model.features.conv1._forward_hooks, "hooks must be removed"
    kernels = conv_kernels(model)
    assert kernels["features.conv1"].shape == (8, 1, 3, 3) and kernels["features.conv2"].shape == (16, 8, 3, 3)


@pytest.mark.parametrize("layers", [1, 2])
def test_recomputed_lstm_gates_match_nn_lstm(batch, layers):
    torch.manual_seed(layers)
    model = build_model("lstm", {"hidden": 32, "layers": layers}).eval()
    steps = lstm_steps(model, batch[1])
    assert len(steps) == layers
    with torch.no_grad():
        out, (h_n, c_n) = model.rnn(batch[1].reshape(1, 28, 28))
    top = steps[-1]
    assert set(top) == set(GATE_NAMES) and all(v.shape == (28, 32) for v in top.values())
    assert torch.allclose(top["hidden"], out[0], atol=1e-5)
    for k in range(layers):
        assert torch.allclose(steps[k]["hidden"][-1], h_n[k, 0], atol=1e-5)
        assert torch.allclose(steps[k]["cell"][-1], c_n[k, 0], atol=1e-5)
    gates = torch.stack([top[n] for n in ("input", "forget", "output")])
    assert (gates >= 0).all() and (gates <= 1).all()
    assert (top["candidate"].abs() <= 1).all()


def test_rnn_hidden_states_match_nn_rnn(batch):
    torch.manual_seed(0)
    model = build_model("rnn", {"hidden": 16, "layers": 2}).eval()
    states = rnn_hidden_states(model, batch[2])
    with torch.no_grad():
        out, _ = model.rnn(batch[2].reshape(1, 28, 28))
    assert len(states) == 2 and torch.allclose(states[-1], out[0], atol=1e-5)


def test_predictions_over_time_end_with_the_model_prediction(batch):
    model = build_model("lstm", {"hidden": 16}).eval()
    over_time = predictions_over_time(model, batch[3])
    assert over_time.shape == (28, 10)
    assert torch.allclose(over_time[-1], predict(model, batch[3])[0], atol=1e-5)


def test_lstm_steps_refuses_a_non_lstm():
    with pytest.raises(TypeError):
        lstm_steps(build_model("rnn"), torch.zeros(1, 28, 28))
    assert isinstance(build_model("rnn").rnn, nn.RNN)


@pytest.mark.parametrize(
    "name,method", [("cnn", "Grad-CAM"), ("lstm", "gradient x input"), ("mlp", "gradient x input")]
)
def test_saliency_has_the_input_shape_and_is_finite(batch, name, method):
    torch.manual_seed(0)
    model = build_model(name).eval()
    x = batch[0].clamp(min=0)
    sal, cls, used = saliency(model, x)
    assert sal.shape == (28, 28) and torch.isfinite(sal).all() and float(sal.min()) >= 0 and float(sal.max()) <= 1
    assert used == method and cls == int(predict(model, x).argmax())
    assert not model.training and not any(p.grad is not None for p in model.parameters())
    assert not model.features.conv2._forward_hooks if name == "cnn" else True


def test_misclassified_lists_confident_mistakes_first(synthetic_mnist):
    torch.manual_seed(0)
    model = build_model("logreg")
    wrong = misclassified(model, synthetic_mnist.test.images, synthetic_mnist.test.labels, 0.1307, 0.3081, limit=10)
    assert 0 < len(wrong) <= 10
    assert all(w["label"] != w["predicted"] for w in wrong)
    assert [w["confidence"] for w in wrong] == sorted((w["confidence"] for w in wrong), reverse=True)
    first = wrong[0]
    assert synthetic_mnist.test.labels[first["index"]] == first["label"]


def test_the_torch_free_name_list_matches_the_registry():
    from digitpad.core.models.names import MODEL_NAMES, MODEL_TITLES

    assert tuple(REGISTRY) == MODEL_NAMES
    assert all(REGISTRY[n].title == MODEL_TITLES[n] for n in MODEL_NAMES)


@pytest.mark.parametrize("pool_first", [True, False])
def test_layers_are_titled_for_learners_and_numbered_in_forward_order(pool_first):
    model = build_model("cnn", {"channels": (16, 32), "pool_first": pool_first, "stem": "pool", "hidden": 128})
    assert layer_title(model, "features.conv1") == "Convolution 1 — 16 filters of 3×3"
    assert layer_title(model, "features.relu1") == "Convolution 1 — 16 filters of 3×3, after ReLU"
    assert layer_title(model, "features.relu2") == "Convolution 2 — 32 filters of 3×3, after ReLU"
    assert layer_title(model, "features.pool1") == "Pooling 1 — 2×2 max"
    assert layer_title(model, "features.pool2") == "Pooling 2 — 2×2 max"
    assert layer_title(model, "features.bn2") == "Batch norm 2"
    assert layer_title(model, "classifier.fc1") == "Dense layer 1 — 128 units"
    assert channel_source(model, "features.pool2") == channel_source(model, "features.relu2") == "features.conv2"
    with pytest.raises(KeyError):
        layer_title(model, "features.nothing")


def test_a_deeper_cnn_has_two_convolutions_a_stage_each_read_by_the_insight_views(batch):
    model = build_model("cnn", {"channels": (8, 16), "convs": 2, "stem": "pool"}).eval()
    assert model(batch).shape == (4, 10)
    convs = [n for n in feature_layers(model) if ".conv" in n]
    assert convs == ["features.conv1", "features.conv2", "features.conv3", "features.conv4"]
    maps = feature_maps(model, batch[0])
    assert maps["features.conv2"].shape == (8, 28, 28) and maps["features.conv4"].shape == (16, 14, 14)
    assert maps["features.relu4"].shape == (16, 7, 7)  # pooled once a stage, after its last convolution
    assert layer_title(model, "features.conv3") == "Convolution 3 — 16 filters of 3×3"
    assert channel_source(model, "features.pool2") == "features.conv4"
    assert conv_kernels(model)["features.conv2"].shape == (8, 8, 3, 3)
    with pytest.raises(ValueError, match="convs"):
        build_model("cnn", {"convs": 9})


def test_a_model_without_convolutions_has_no_channel_source():
    model = build_model("mlp")
    assert channel_source(model, "net.0") is None


def test_a_strided_stem_halves_the_image_in_one_4x4_convolution_and_the_views_read_it(batch):
    model = build_model("cnn", {"channels": (8, 16), "stem": "strided", "convs": 2}).eval()
    assert model(batch).shape == (4, 10)
    assert [n for n in feature_layers(model) if ".conv" in n] == ["features.conv1", "features.conv2", "features.conv3"]
    assert not any(".pool1" in n for n in feature_layers(model))  # the stride does the first halving
    maps = feature_maps(model, batch[0])
    assert maps["features.conv1"].shape == (8, 14, 14) and maps["features.conv3"].shape == (16, 14, 14)
    assert maps["features.relu3"].shape == (16, 7, 7)
    assert layer_title(model, "features.conv1") == "Convolution 1 — 8 filters of 4×4"
    assert channel_source(model, "features.pool2") == "features.conv3"
    with pytest.raises(ValueError, match="pool or strided"):
        build_model("cnn", {"stem": "patches"})
