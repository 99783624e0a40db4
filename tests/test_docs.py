"""The docs build: every notebook goes through nbdev's doc processors (as for Quarto) without error.

nbdev executes exported cells, imports and `show_doc` cells while building docs; a cell that mixes imports with
other code is executed too and fails there although the notebook itself runs fine. This catches that."""
import importlib.util, warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted((ROOT / 'nbs').glob('*.ipynb'))
spec = importlib.util.spec_from_file_location('build_docs', ROOT / 'tools' / 'build_docs.py')

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_docs_processing(nb):
    build_docs = importlib.util.module_from_spec(spec); spec.loader.exec_module(build_docs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        raw, title = build_docs.processed(nb)
    mixed = [str(w.message) for w in caught if 'imports and other code' in str(w.message)]
    assert not mixed, f'{nb.name}: put imports in cells of their own (nbdev runs import cells while building docs):\n' + '\n'.join(mixed)
    assert title and raw.cells
