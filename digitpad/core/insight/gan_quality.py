"""How good a digit generator is, measured with a classifier: whether it reads the generated digits as the digits
asked for, and how far their features lie from real digits' (a Fréchet distance, as FID does with Inception's
features, here on the shipped CNN's penultimate layer, which knows digits)."""

from __future__ import annotations

import torch
from torch import nn

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD, normalize
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.gan import Generator, generate, noise
from digitpad.core.models.zoo import NUM_CLASSES

BATCH = 1000
Classifier = Checkpoint | nn.Module


def _model_and_stats(classifier: Classifier) -> tuple[nn.Module, float, float]:
    if isinstance(classifier, Checkpoint):
        return classifier.model, classifier.mean, classifier.std
    return classifier, MNIST_MEAN, MNIST_STD


def generated_digits(generator: Generator, per_class: int = 1000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``per_class`` digits of each class drawn from seeded noise: images float ``[10 * per_class, 1, 28, 28]``
    in [0, 1] on the CPU and their requested labels int64 ``[10 * per_class]``."""
    labels = torch.arange(NUM_CLASSES).repeat(per_class)
    z = noise(len(labels), seed, size=generator.latent)
    images = [generate(generator, labels[i : i + BATCH], z[i : i + BATCH]).cpu() for i in range(0, len(labels), BATCH)]
    return torch.cat(images), labels


@torch.inference_mode()
def classify(classifier: Classifier, images: torch.Tensor) -> torch.Tensor:
    """The classifier's digit for each image (float ``[N, 1, 28, 28]`` in [0, 1] or uint8 ``[N, 28, 28]``):
    int64 ``[N]``."""
    model, mean, std = _model_and_stats(classifier)
    model.eval()
    device = next(model.parameters()).device
    out = [
        model(normalize(images[i : i + BATCH], mean, std).reshape(-1, 1, 28, 28).to(device)).argmax(1).cpu()
        for i in range(0, len(images), BATCH)
    ]
    return torch.cat(out)


def generated_accuracy(
    generator: Generator, classifier: Classifier, per_class: int = 1000, seed: int = 0
) -> tuple[float, list[float]]:
    """The share of ``10 * per_class`` generated digits (``per_class`` of each, seeded) that ``classifier`` reads
    as the digit asked for, overall and for each digit 0-9."""
    images, labels = generated_digits(generator, per_class, seed)
    right = classify(classifier, images) == labels
    per_digit = [float(right[labels == d].float().mean()) for d in range(NUM_CLASSES)]
    return float(right.float().mean()), per_digit


@torch.inference_mode()
def penultimate_features(classifier: Classifier, images: torch.Tensor) -> torch.Tensor:
    """The CNN's ``classifier.fc1`` activations after its ReLU for images (float ``[N, 1, 28, 28]`` in [0, 1] or
    uint8 ``[N, 28, 28]``): float32 ``[N, hidden]`` on the CPU."""
    model, mean, std = _model_and_stats(classifier)
    model.eval()
    fc1 = dict(model.named_modules()).get("classifier.fc1")
    if not isinstance(fc1, nn.Linear):
        raise ValueError("penultimate features need a CNN (a model with classifier.fc1)")
    device = next(model.parameters()).device
    captured: list[torch.Tensor] = []
    handle = fc1.register_forward_hook(lambda _m, _i, out: captured.append(torch.relu(out).float().cpu()))
    try:
        for i in range(0, len(images), BATCH):
            model(normalize(images[i : i + BATCH], mean, std).reshape(-1, 1, 28, 28).to(device))
    finally:
        handle.remove()
    return torch.cat(captured)


def frechet_distance(features_a: torch.Tensor, features_b: torch.Tensor) -> float:
    """The Fréchet distance between Gaussians fitted to two sets of features ``[N, D]`` and ``[M, D]``:
    ``|μa − μb|² + tr(Σa + Σb − 2 (Σa Σb)^½)``, in float64. 0 for identical sets."""
    a, b = features_a.double(), features_b.double()
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = torch.cov(a.T), torch.cov(b.T)
    # tr((Σa Σb)^½) = tr((√Σa Σb √Σa)^½): the latter is symmetric, so its eigenvalues are real and at least 0
    values, vectors = torch.linalg.eigh(cov_a)
    root_a = vectors @ torch.diag(values.clamp_min(0).sqrt()) @ vectors.T
    middle = torch.linalg.eigvalsh(root_a @ cov_b @ root_a).clamp_min(0).sqrt().sum()
    return float((mu_a - mu_b).square().sum() + cov_a.trace() + cov_b.trace() - 2 * middle)
