#!/usr/bin/env bash
# The GPU run, for a machine with CUDA (a few minutes): the tests that skip without CUDA, then the benchmarks' GPU
# and scaling sections. Run from the repository root with MNIST in DIR:
#   bash benchmarks/gpu.sh DIR
# It prints the GPU's name, the tests' summary and the measured rows; put them in the README with the date.
set -euo pipefail
data="${1:-${DIGITPAD_DATA_DIR:?give the MNIST folder}}"
export DIGITPAD_DATA_DIR="$data" QT_QPA_PLATFORM=offscreen
export XDG_CONFIG_HOME="$(mktemp -d)" XDG_DATA_HOME="$(mktemp -d)" XDG_CACHE_HOME="$(mktemp -d)"
python -c "import torch; assert torch.cuda.is_available(), 'no CUDA here'; print(torch.cuda.get_device_name())"
python -m pytest -q -p no:cacheprovider -rs -k "cuda or nccl or gpu" tests
python benchmarks/run.py --data-dir "$data" --only gpu,scaling
