"""Fail if a line of code is longer than 120 characters; print `file:line: length` for each one.

Checked: the exported modules (marl_jepa/*.py but the generated _modidx.py and `__all__` lists), the code cells of
the notebooks (reported as `nbs/NAME.ipynb:cell K line L`), tools/, tests/, bench/ and experiments/. A module's first
line is the notebook's description (`> ...` under its title): keep that under 115 characters.
Run: python tools/check_lines.py [--all] [--max 120]   (--all: also report the files in ALLOWED_LONG)"""
import argparse, json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX = 120

# Files still allowed long lines while their owners shorten them in parallel (issue #18). The lead empties this
# list at the merge; a file leaves it as soon as it passes (`--all` shows what is left). An entry 'NOTEBOOK#ID'
# allows one cell of a notebook and its exported code (the module marks each cell's code with `# %% ... #ID`).
ALLOWED_LONG: set = set()   # files or notebook cells (`path#cell-id`) still allowed long lines: none

def source_files() -> list:
    "Every checked file, as a path relative to the repository root."
    py = [p for p in sorted((ROOT / 'marl_jepa').glob('**/*.py')) if p.name != '_modidx.py']
    for d in ('tools', 'tests', 'bench', 'experiments'): py += sorted((ROOT / d).glob('**/*.py'))
    return [p.relative_to(ROOT) for p in py + sorted((ROOT / 'nbs').glob('*.ipynb'))]

def generated_lines(lines: list) -> set:
    "Numbers of the lines nbdev writes itself in an exported module: the `__all__` list (its wrapping is nbdev's)."
    start = next((i for i, l in enumerate(lines, 1) if l.startswith('__all__ = [')), None)
    if start is None: return set()
    end = next(i for i, l in enumerate(lines[start - 1:], start) if l.rstrip().endswith(']'))
    return set(range(start, end + 1))

def long_lines(path: Path, limit: int = MAX, allowed: set = frozenset()) -> list:
    "(place, length) of each line over `limit` characters: 'file:line', or 'file:cell K line L' in a notebook."
    cells = {a.split('#')[1] for a in allowed if '#' in a}   # ids of cells allowed long lines
    if path.suffix != '.ipynb':
        lines = (ROOT / path).read_text().splitlines()
        skip = generated_lines(lines) | allowed_cell_lines(lines, cells) if 'marl_jepa' in path.parts else set()
        return [(f'{path}:{i}', len(l)) for i, l in enumerate(lines, 1) if len(l) > limit and i not in skip]
    nb = json.loads((ROOT / path).read_text())['cells']
    return [(f'{path}:cell {k} line {i}', len(l)) for k, c in enumerate(nb)
            if c['cell_type'] == 'code' and c.get('id') not in cells
            for i, l in enumerate(''.join(c['source']).splitlines(), 1) if len(l) > limit]

def allowed_cell_lines(lines: list, cells: set) -> set:
    "Numbers of the lines of an exported module that come from the notebook cells `cells` (by id)."
    out, inside = set(), False
    for i, l in enumerate(lines, 1):
        if l.startswith('# %% '): inside = l.rsplit('#', 1)[-1].strip() in cells
        elif inside: out.add(i)
    return out

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--all', action='store_true', help='also check the files in ALLOWED_LONG')
    ap.add_argument('--max', type=int, default=MAX)
    a = ap.parse_args(argv)
    allowed = set() if a.all else ALLOWED_LONG
    files = [p for p in source_files() if str(p) not in allowed]
    bad = [hit for p in files for hit in long_lines(p, a.max, {x for x in allowed if '#' in x})]
    for place, n in bad: print(f'{place}: {n} characters (at most {a.max})')
    if bad: print(f'{len(bad)} lines over {a.max} characters in {len({b[0].split(":")[0] for b in bad})} files')
    else: print(f'lines ok: {len(files)} files, none over {a.max} characters'
                + ('' if a.all else f' ({len(ALLOWED_LONG)} files or cells still allowed long lines)'))
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main())
