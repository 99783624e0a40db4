"""tools/readme_results.py end to end on a tiny run: run the pipeline timed, summarize it, render the README's parts.

The README's results and run time are generated from `nbs/results/demo.json` (see the tool's docstring);
`tools/check_sync.py` checks that the committed notebook matches that file. This checks the path from a run to it."""
import importlib.util, json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location('readme_results', ROOT / 'tools' / 'readme_results.py')
rr = importlib.util.module_from_spec(spec); spec.loader.exec_module(rr)

TINY = ['grid.height=9', 'grid.width=9', 'grid.max_cycles=8', 'collect.n_envs=4', 'collect.n_steps=24',
        'model.hidden=32', 'train.steps=4', 'train.batch_size=4', 'train.window=4', 'train.ckpt_every=2',
        'evaluate.n_windows=16', 'evaluate.n_layouts=2', 'test.n_layouts=2', 'plan.n_samples=16', 'plan.n_elites=4',
        'plan.horizon=3', 'plan.iters=1', 'plan.corridors=2', 'ppo.total_steps=128', 'ppo.n_envs=8', 'ppo.n_steps=8',
        'ppo.eval_every=64', 'ppo.eval_layouts=4', 'game.n_games=16', 'game.max_games=32', 'game.eval_every=1',
        'game.eval_games=16', 'game.final_games=32', 'report.gifs=false', 'progress=false']

def test_committed_results_render():
    res = json.loads(rr.RESULTS.read_text())
    text = rr.results_text(res)
    assert '| oracle |' in text and 'CEM, comm' in text
    assert all(len(l) <= 108 for l in text.splitlines() if l[:1] not in '|!'), 'prose lines are wrapped'
    assert 'load average' in rr.runtime_text(res)
    assert not rr.render(check=True), 'nbs/index.ipynb is out of step with nbs/results/demo.json: run `make export`'

def test_run_summarize_render(tmp_path):
    run_dir = rr.run([f'root={tmp_path}', 'name=tiny', *TINY])
    timing = json.loads((run_dir / 'timing.json').read_text())
    assert timing['wall_seconds'] > 0 and timing['cpu_seconds'] > 0 and len(timing['load_1min']) == 3
    res = rr.summarize(run_dir, out=tmp_path / 'demo.json', image=tmp_path / 'demo.png')
    assert (tmp_path / 'demo.png').stat().st_size > 0
    assert (tmp_path / 'demo.json').stat().st_size < 64_000, 'the committed results should stay small'
    assert 'history' not in res['metrics']['train'] and res['timing']['commit'] == res['commit']
    text = rr.results_text(res)
    flat = lambda s: ' '.join(s.split())   # prose is wrapped where a line fills up, which depends on the run's path
    assert text.count('| CEM, comm ') == 3 and '2 test-split layouts' in flat(text)
    assert f"{timing['wall_seconds'] / 60:.0f} minutes of wall time" in flat(rr.runtime_text(res))
