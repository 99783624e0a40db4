"""Every Python snippet of README.md runs as written, in a fresh interpreter, in order, and prints what it shows.

A newcomer copies the README's snippets into a new Python session: so they run here in one subprocess (one namespace,
as in that session) in an empty folder, with nothing imported beforehand. The snippet that trains a world model,
plans and trains PPO at the demo's sizes takes minutes; the test shrinks its sizes through `SHRINK` (exact
replacements, each of which must match, so that a changed snippet fails here instead of silently running long).
A snippet followed by an indented output block must print exactly that block."""
import os, re, subprocess, sys, textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / 'README.md'

SHRINK = {  # README text -> what the test runs instead (same calls, small sizes)
    "make_datasets('data', n_envs=32, n_steps=300)": "make_datasets('data', n_envs=4, n_steps=24, progress=False)",
    "['train.steps=1200']": "['train.steps=3', 'train.batch_size=4']",
    "evaluate_world_model(model, test, probe)": "evaluate_world_model(model, test, probe, n_windows=16, n_layouts=2)",
    "PlannerConfig(comm='first')": "PlannerConfig(comm='first', n_samples=16, n_elites=4, iters=1)",
    "evaluate_planner({'CEM first': agents}, layouts, world)":
        "evaluate_planner({'CEM first': agents}, layouts[:2], world.replace(max_cycles=3))",
    "PPOConfig(algo='mappo', total_steps=100_000)":
        "PPOConfig(algo='mappo', total_steps=256, n_envs=8, eval_every=0, eval_layouts=4, progress=False)",
}
_BLOCK = re.compile(r'^```python\n(.*?)^```\n(?:\n((?:    [^\n]*\n|\n)+))?', re.S | re.M)

def snippets(text: str) -> list:
    "(code, expected output or None) of each ```python block of a Markdown text, in order."
    out = []
    for m in _BLOCK.finditer(text):
        shown = textwrap.dedent(m.group(2)).strip('\n') if m.group(2) else None
        out.append((m.group(1), shown))
    return out

def test_snippets_found():
    assert len(snippets(README.read_text())) >= 4, 'README.md should show its Python snippets in ```python blocks'

def test_shrink_matches():
    text = README.read_text()
    stale = [k for k in SHRINK if text.count(k) != 1]
    assert not stale, f'tests/test_readme.py SHRINK no longer matches README.md exactly once: {stale}'

def test_readme_snippets(tmp_path):
    blocks = snippets(README.read_text())
    code = []
    for i, (src, shown) in enumerate(blocks):
        for k, v in SHRINK.items(): src = src.replace(k, v)
        code.append(f'print("<<<snippet {i}>>>", flush=True)\n{src}')
    script = tmp_path / 'readme_snippets.py'
    script.write_text('\n'.join(code))
    env = {**{k: v for k, v in os.environ.items() if k != 'IN_TEST'}, 'PYTHONPATH': str(ROOT), 'MPLBACKEND': 'Agg'}
    r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=900,
                       env=env)
    parts = re.split(r'<<<snippet (\d+)>>>\n', r.stdout)
    printed = {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}
    if r.returncode:
        last = max(printed, default=0)
        pytest.fail(f'README snippet {last} fails as written:\n{blocks[last][0]}\n{r.stderr[-3000:]}')
    for i, (src, shown) in enumerate(blocks):
        if shown is None: continue
        got = printed.get(i, '').rstrip()
        assert got == shown.rstrip(), (f'README snippet {i} prints something else than the README shows; re-run '
                                       f'nbs/index.ipynb (`make run-nbs NBS=nbs/index.ipynb`, then `make export`):\n'
                                       f'--- shown\n{shown}\n--- printed\n{got}')
