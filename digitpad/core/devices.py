"""Which devices torch can use here, and how a user's choice maps to one."""

from __future__ import annotations

import torch


def available_devices() -> list[str]:
    """Devices a user may pick, best first: ``cuda:N`` for each GPU, ``mps`` on Apple silicon, then ``cpu``."""
    names = []
    if torch.cuda.is_available():
        names += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        names.append("mps")
    names.append("cpu")
    return names


def resolve_device(name: str = "auto") -> torch.device:
    """``auto`` picks CUDA, then MPS, then CPU; a named device must be available or ValueError says which are."""
    name = name.lower().strip()
    if name == "auto":
        return torch.device(available_devices()[0])
    if name == "cuda":
        name = "cuda:0"
    if name not in available_devices():
        raise ValueError(f"device {name!r} is not available here; available: auto, {', '.join(available_devices())}")
    return torch.device(name)


def device_label(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)})"
    return str(device)
