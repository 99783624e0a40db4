"""Shared pytest setup.

`IN_TEST` shrinks the notebooks' long work. nbdev's `test_nb` sets it only when it starts a notebook, but
`marl_jepa.core.IN_TEST` is read once, when the package is first imported, and other test modules import the
package while pytest collects them. So set it here, before any test module is imported.

Tests marked `gpu` need a CUDA device: they run where there is one and are skipped elsewhere (CI has none)."""
import os

os.environ['IN_TEST'] = '1'

import pytest
import torch

def pytest_configure(config):
    config.addinivalue_line('markers', 'gpu: needs a CUDA device; skipped where there is none')

def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available(): return
    skip = pytest.mark.skip(reason='no CUDA device here')
    for item in items:
        if 'gpu' in item.keywords: item.add_marker(skip)
