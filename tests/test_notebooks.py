"""Every notebook in nbs/ is one pytest test, run through nbdev's own test machinery.

Cells flagged with a `tst_flags` flag (`#| slow`) are skipped unless named in MARL_JEPA_TEST_FLAGS
(`make test-slow` sets it to `slow`)."""
import os
from pathlib import Path

import pytest
from nbdev.config import get_config
import nbdev.test as nbdev_test

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted((ROOT / 'nbs').glob('*.ipynb'))

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb: Path):
    skip = get_config(path=ROOT).tst_flags.split()
    force = os.environ.get('MARL_JEPA_TEST_FLAGS', '').split()
    ok, secs = nbdev_test.test_nb(nb, skip_flags=skip, force_flags=force, basepath=ROOT)
    assert ok, f'{nb.name} failed: the failing cell and traceback are printed above'
