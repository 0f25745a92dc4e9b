"""digitpad's benchmark suite: every number measured here, next to a baseline measured in the same invocation.

    python benchmarks/run.py --data-dir DIR            # everything (about 30 minutes on 2 CPU cores)
    python benchmarks/run.py --data-dir DIR --only throughput,latency

Each section runs in its own process, so one section's memory or threads cannot skew another. Sections:
time-to-accuracy, throughput, gui-overhead, responsiveness, latency, startup, memory, handwriting, gpu, gan,
scaling.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTIONS = (
    "time-to-accuracy",
    "throughput",
    "gui-overhead",
    "responsiveness",
    "latency",
    "startup",
    "memory",
    "handwriting",
    "gpu",
    "gan",
    "scaling",
)
# sections with a script of their own; the others run in sections.py
SCRIPTS = {"gan": "gan.py", "scaling": "scaling.py"}


def run_section(name: str, data_dir: str, extra: list[str]) -> list[dict]:
    script = SCRIPTS.get(name)
    cmd = [sys.executable, str(HERE / script)] if script else [sys.executable, str(HERE / "sections.py"), name]
    cmd += ["--data-dir", data_dir, *extra]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYQTGRAPH_QT_LIB": "PySide6"}
    for folder in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):  # a fresh user: no remembered settings
        env[folder] = tempfile.mkdtemp(prefix=f"digitpad-bench-{name}-")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    if out.returncode != 0:
        return [{"benchmark": name, "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}]
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return "" if value is None else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("DIGITPAD_DATA_DIR", ""))
    parser.add_argument("--only", help="comma-separated sections")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    if not args.data_dir:
        parser.error("give --data-dir (a folder holding MNIST/raw) or set DIGITPAD_DATA_DIR")
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    import torch

    print(
        f"# digitpad benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()} {os.cpu_count()} CPUs, "
        f"torch {torch.__version__}, CUDA {'yes' if torch.cuda.is_available() else 'no'}"
    )
    print("| benchmark | measured | baseline | ratio | target | met |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    rows = []
    for name in chosen:
        for row in run_section(name, args.data_dir, []):
            rows.append(row)
            if "error" in row:
                print(f"| {row['benchmark']} | error: {row['error']} | | | | no |")
                continue
            print(
                f"| {row['benchmark']} | {fmt(row.get('value'))} {row.get('unit', '')} | "
                f"{fmt(row.get('baseline'))} | {fmt(row.get('ratio'))} | {row.get('target', '')} | "
                f"{'yes' if row.get('met') else 'no' if row.get('met') is False else ''} |",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
