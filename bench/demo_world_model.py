"""The demo's world model: seconds of training (`train_world_model`, the recipe `marl_jepa run` uses: `RunConfig`'s
model, loss and train sections), beside a fixed reference computation (`reference_seconds`, timed before and after
in the same run, so a loaded machine's figures still compare), and the three numbers the planner needs on held-out
layouts: probe R^2 at k = 8 (>= 0.9), Spearman between latent and BFS distances (>= 0.8), 1-step nearest-cell decode
of free moves (>= 0.85). The data is the demo's (`collect` section: 32 envs x 300 steps), collected once into --data.

Usage: python bench/demo_world_model.py [--data /tmp/demo_data] [--threads 1] [--quick] [--out FILE] [key=value ...]
(key=value: `RunConfig` overrides, e.g. train.steps=400 loss.w_step=1; --quick: 8 envs x 40 steps, 10 training steps,
4 test layouts: a smoke run, whose quality means nothing; --out: also append the result to a JSON list there, e.g.
nbs/results/demo_world_model.json, which nbs/04_dynamics.ipynb tabulates)"""
import argparse, datetime, json, os, tempfile, time
from pathlib import Path
import torch
from marl_jepa.cli import RunConfig
from marl_jepa.dynamics import evaluate_world_model, make_datasets, reference_seconds, train_world_model

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=None, help='where the demo data is collected (reused when there)')
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads (marl_jepa run uses 1)')
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--out', default=None, help='a JSON file holding a list of results: append this one')
    ap.add_argument('--recipe', default=None, help="the row's name in --out (default: the overrides)")
    ap.add_argument('overrides', nargs='*')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    quick = ['collect.n_envs=8', 'collect.n_steps=40', 'train.steps=10', 'evaluate.n_windows=64',
             'evaluate.n_layouts=4'] if a.quick else []
    rc = RunConfig.from_dict({}, ['device=cpu', 'progress=false', *quick, *a.overrides])
    c = rc.collect
    data = a.data or tempfile.mkdtemp()
    train, test, probe = make_datasets(data, n_envs=c.n_envs, n_steps=c.n_steps, epsilon=c.epsilon,
                                       window=rc.train.window, eval_window=rc.evaluate.window, seed=c.seed,
                                       progress=False, cfg=rc.grid)
    cfg = rc.world_model_config()
    ref0, load0 = reference_seconds('cpu'), os.getloadavg()[0]
    t = time.perf_counter()
    model, _ = train_world_model(cfg, train, progress=False)
    secs = time.perf_counter() - t
    ref1, load1 = reference_seconds('cpu'), os.getloadavg()[0]
    ref = (ref0 + ref1) / 2
    e = rc.evaluate
    r = evaluate_world_model(model.eval(), test, probe, n_windows=e.n_windows, n_layouts=e.n_layouts, seed=e.seed)
    out = {'recipe': a.recipe or ' '.join(a.overrides), 'overrides': a.overrides, 'width': cfg.model.width,
           'hidden': cfg.model.hidden, 'window': cfg.train.window, 'seed': cfg.train.seed,
           'steps': cfg.train.steps, 'seconds': round(secs, 1),
           'reference_ms': round(ref * 1e3, 1), 'in_references': round(secs / ref), 'load': [round(load0, 2),
           round(load1, 2)], 'r2_k8': round(r['probe_r2'][-1], 3), 'spearman': round(r['spearman'], 3),
           'free_move_decode': round(r['nn_free_acc'], 3), 'blocked_move_decode': round(r['nn_blocked_acc'], 3)}
    out['date'] = datetime.date.today().isoformat()
    print(json.dumps(out))
    if a.out:
        f = Path(a.out)
        runs = json.loads(f.read_text()) if f.exists() else []
        f.write_text(json.dumps(runs + [out], indent=1) + '\n')
