"""Fail if `nbdev_export`, `nbdev_clean`, the README's generated results or its build would change a tracked source.

The notebooks are the source of truth: the exported modules, the cleaned notebooks and README.md
(generated from nbs/index.ipynb) must already be in step with them when they are committed."""
import hashlib, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def snapshot() -> dict:
    files = [*ROOT.glob('nbs/*.ipynb'), *ROOT.glob('marl_jepa/**/*.py'), ROOT / 'README.md']
    return {str(p.relative_to(ROOT)): hashlib.sha1(p.read_bytes()).hexdigest() for p in files if p.exists()}

def main():
    before = snapshot()
    bin_ = Path(sys.executable).parent
    for cmd in ([sys.executable, str(ROOT / 'tools/readme_results.py'), 'render'],
                [str(bin_ / 'nbdev_export')], [str(bin_ / 'nbdev_clean')],
                [sys.executable, str(ROOT / 'tools/build_docs.py'), '--readme-only']):
        subprocess.run(cmd, cwd=ROOT, check=True)
    after = snapshot()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        sys.exit('Out of sync with the notebooks (run `make export` and commit):\n  ' + '\n  '.join(changed))
    print(f'sync ok: {len(after)} files unchanged by nbdev_export, nbdev_clean and the README build')

if __name__ == '__main__': main()
