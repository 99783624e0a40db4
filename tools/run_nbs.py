"""Execute notebooks in place so their outputs (tables, plots) are saved for the docs.

Usage: python tools/run_nbs.py [nbs/01_envs.ipynb ...]   (default: every notebook in nbs/)
Cells flagged `slow` are run too unless --skip-slow is given."""
import argparse, os
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

ROOT = Path(__file__).resolve().parents[1]

def run_nb(path: Path, skip_slow: bool = False):
    nb = read_nb(path)
    def _skip(cell):
        if cell.cell_type != 'code': return True
        return skip_slow and '#| slow' in cell.source or 'nbdev_export(' in cell.source
    with working_directory(path.parent):
        CaptureShell(path).run_all(nb, exc_stop=True, preproc=_skip)
    write_nb(nb, path)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('nbs', nargs='*')
    ap.add_argument('--skip-slow', action='store_true')
    a = ap.parse_args()
    os.environ.setdefault('MPLBACKEND', 'Agg')
    for p in [Path(p).resolve() for p in a.nbs] or sorted((ROOT / 'nbs').glob('*.ipynb')):
        print('running', p.name, flush=True)
        run_nb(p, a.skip_slow)
