"""Which devices torch can use here, and how a user's choice maps to one."""

from __future__ import annotations

import functools

import torch

from digitpad.core.runtime.messages import Message, translate


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
        raise ValueError(
            Message(
                translate("Core", "device {name!r} is not available here; available: auto, {devices}"),
                name=name,
                devices=", ".join(available_devices()),
            )
        )
    return torch.device(name)


def device_label(device: torch.device) -> str:
    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)})"
    return str(device)


@functools.cache
def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def cpu_has_native_bf16() -> bool:
    """Whether this CPU computes bfloat16 in hardware (AVX512-BF16 or AMX), where bf16 autocast is measured to speed
    up convolutions about 2x; elsewhere it is emulated and slower than float32, so it is not used."""
    if not torch.ops.mkldnn._is_mkldnn_bf16_supported():
        return False
    return bool(_cpu_flags() & {"avx512_bf16", "amx_bf16"})


def use_mixed_precision(device: torch.device, precision: str = "auto") -> bool:
    """``auto``: bfloat16 autocast on CUDA and on CPUs with native bf16; ``bf16`` always; ``fp32`` never."""
    if precision == "fp32":
        return False
    if precision == "bf16":
        return device.type in ("cuda", "cpu")
    return device.type == "cuda" or (device.type == "cpu" and cpu_has_native_bf16())
