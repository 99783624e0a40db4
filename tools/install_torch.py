"""Install the pinned PyTorch into the running Python: the CPU build by default, the CUDA build on request.

    python tools/install_torch.py [cpu|cuda]        (the Makefile's `TORCH=cpu|cuda`)

The version comes from constraints.txt (`torch==X`). An unpinned or plain `pip install torch==X` on Linux takes
PyPI's CUDA build (several GB of nvidia-* wheels), so for `cpu` this script looks, in order, at:
1. an installed torch of the right version and kind: nothing to do;
2. a CPU wheel that pip can find without any index (a `find-links` folder of pip's configuration);
3. PyTorch's CPU wheel index, only if it answers within a few seconds (`TORCH_CPU_INDEX` overrides the address);
4. on macOS and Windows PyPI's own wheel, which is the CPU build there.
If none of them serves a CPU build it stops with a message instead of downloading the CUDA build.
`cuda` installs PyPI's build (CUDA on Linux). Extra arguments for pip can go in `PIP_ARGS`."""
import os, platform, re, shlex, subprocess, sys, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = os.environ.get('TORCH_CPU_INDEX', 'https://download.pytorch.org/whl/cpu')
PROBE_SECONDS = float(os.environ.get('TORCH_PROBE_SECONDS', '4'))

def pinned_version(constraints: Path = ROOT / 'constraints.txt') -> str:
    "The torch version pinned in the constraints file."
    m = re.search(r'^torch==([^\s;#]+)', constraints.read_text(), re.M)
    if not m: sys.exit(f'install_torch: no `torch==VERSION` line in {constraints}')
    return m.group(1).split('+')[0]

def installed() -> tuple | None:
    "(version without local tag, cuda version or None) of the torch this Python has, or None."
    r = subprocess.run([sys.executable, '-c', 'import torch; print(torch.__version__, torch.version.cuda)'],
                       capture_output=True, text=True)
    if r.returncode: return None
    ver, cuda = r.stdout.split()
    return ver.split('+')[0], None if cuda == 'None' else cuda

def index_answers(url: str, seconds: float = PROBE_SECONDS) -> bool:
    "Whether the wheel index at `url` answers within `seconds` (no retries)."
    try:
        with urllib.request.urlopen(url.rstrip('/') + '/torch/', timeout=seconds) as r: return r.status == 200
    except Exception: return False

def pip(*args: str, quiet: bool = False) -> int:
    "`pip install ARGS` in this Python; its exit status. `quiet` hides pip's output (for an attempt that may fail)."
    cmd = [sys.executable, '-m', 'pip', 'install', '--quiet', *shlex.split(os.environ.get('PIP_ARGS', '')), *args]
    print('install_torch:', ' '.join(cmd[3:]), flush=True)
    return subprocess.run(cmd, capture_output=quiet).returncode

def main(kind: str = 'cpu') -> None:
    if kind not in ('cpu', 'cuda'): sys.exit(f'install_torch: TORCH must be cpu or cuda, not {kind!r}')
    ver, t0 = pinned_version(), time.time()
    have = installed()
    if have and have[0] == ver and (kind == 'cuda') == (have[1] is not None):
        return print(f'install_torch: torch {ver} ({kind}) already installed')
    spec = f'torch=={ver}'
    if kind == 'cuda':
        if pip('--force-reinstall', '--no-deps', spec) or pip(spec): sys.exit('install_torch: pip failed (see above)')
    elif sys.platform == 'linux':
        # 2: a local wheel folder (pip's find-links), without touching any index; fails at once when there is none.
        local = pip('--no-index', '--no-deps', '--force-reinstall', f'{spec}+cpu', quiet=True) == 0
        if not local:
            if not index_answers(CPU_INDEX):
                sys.exit(f'install_torch: no CPU build of torch {ver} found: no local wheel, and {CPU_INDEX} '
                         f'did not answer within {PROBE_SECONDS:g} s.\n  Set TORCH_CPU_INDEX to a reachable mirror, '
                         'put the wheel in a pip find-links folder, or install the CUDA build (several GB) with '
                         '`make install TORCH=cuda`.')
            if pip('--no-deps', '--force-reinstall', '--index-url', CPU_INDEX, f'{spec}+cpu'):
                sys.exit(f'install_torch: pip could not install torch {ver}+cpu from {CPU_INDEX}')
        if pip('-c', str(ROOT / 'constraints.txt'), spec):
            sys.exit('install_torch: pip failed installing the dependencies of torch (see above)')
    else:  # PyPI's wheels are CPU-only builds on macOS and Windows
        if pip(spec): sys.exit('install_torch: pip failed (see above)')
    have = installed()
    if not have or have[0] != ver: sys.exit(f'install_torch: torch {ver} does not import after the install')
    print(f'install_torch: torch {ver} ({"cuda " + have[1] if have[1] else "cpu"}) in {time.time() - t0:.0f} s')

if __name__ == '__main__': main(*sys.argv[1:2])
