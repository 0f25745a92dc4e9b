import os

import torch

from digitpad.ui.workers import torch_threads


def test_interaction_uses_one_thread_and_heavy_jobs_use_every_core():
    before = torch.get_num_threads()
    try:
        torch_threads.for_interaction()
        assert torch.get_num_threads() == 1
        with torch_threads.heavy_work():
            assert torch.get_num_threads() == (os.cpu_count() or 1)
            with torch_threads.heavy_work():
                torch_threads.for_interaction()  # a heavy job is running: interaction must not starve it
                assert torch.get_num_threads() == (os.cpu_count() or 1)
            assert torch.get_num_threads() == (os.cpu_count() or 1), "the outer job still runs"
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
