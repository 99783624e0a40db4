"""tools/check_lines.py: it finds long lines in modules and notebook cells, and skips only what it is told to."""
import json, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'tools'))
import check_lines as cl

def test_module_lines(tmp_path):
    mod = tmp_path / 'marl_jepa' / 'm.py'; mod.parent.mkdir()
    mod.write_text('\n'.join(['"""doc"""', '__all__ = [' + "'a', " * 40, "           'b']",
                              '# %% ../nbs/01_x.ipynb #aaaa1111', 'x = 1  # ' + 'y' * 130,
                              '# %% ../nbs/01_x.ipynb #bbbb2222', 'z = 2  # ' + 'y' * 130]))
    test = lambda allowed=frozenset(): [place.rsplit(':', 1)[1] for place, _ in cl.long_lines(mod, 120, allowed)]
    assert test() == ['5', '7']                                   # the __all__ list is nbdev's, not checked
    assert test({'nbs/01_x.ipynb#aaaa1111'}) == ['7']             # one cell allowed: its exported lines too

def test_notebook_cells(tmp_path):
    cell = lambda i, kind, src: {'cell_type': kind, 'id': i, 'metadata': {}, 'source': src}
    nb = tmp_path / 'n.ipynb'
    nb.write_text(json.dumps({'cells': [cell('c0', 'markdown', 'x' * 200), cell('c1', 'code', 'a = 1\n' + 'b' * 121)]}))
    assert cl.long_lines(nb) == [(f'{nb}:cell 1 line 2', 121)]    # prose is not checked
    assert cl.long_lines(nb, 121) == []
