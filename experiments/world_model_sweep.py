"""Train world models under config overrides on the default datasets and print `world_model_table` side by side.

Each run is one name and its overrides, separated by commas; the default recipe is 2000 steps on CPU:

    .venv/bin/python experiments/world_model_sweep.py --root /tmp/wm default= \\
        'no-geodesic=loss.w_lip=0,loss.w_spread=0,loss.cov_coeff=1' \\
        'spread1-cov1=loss.w_lip=10,loss.w_spread=1,loss.cov_coeff=1'

Datasets are collected under --root the first time (`make_datasets`), and a finished run is reused: its
directory keeps the checkpoint and `eval.json`. To use both cores, start two processes with --threads 1.
Session 3 measured with it (rank / Spearman / greedy reach): default 18.7 / 0.837 / 0.591; no-geodesic
15.7 / 0.731 / 0.486; spread1-cov1 14.5 / 0.882 / 0.674 (7.5 to 12 min per run, two runs side by side)."""
import argparse, json, time
from pathlib import Path
import torch
from marl_jepa.dynamics import (WorldModelConfig, evaluate_world_model, make_datasets, train_world_model,
                                world_model_table)

def parse_run(spec: str) -> tuple:
    "'name=a.b=1,c.d=2' -> ('name', ['a.b=1', 'c.d=2'])."
    name, _, rest = spec.partition('=')
    if not name: raise SystemExit(f'a run needs a name before "=", got {spec!r}')
    return name, [o for o in rest.split(',') if o]

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('runs', nargs='+', help="name=override,override,... (name= alone for the defaults)")
    ap.add_argument('--root', default='runs/world_model_sweep'); ap.add_argument('--steps', type=int, default=2000)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    root = Path(a.root)
    train_w, test_w, probe_w = make_datasets(root)
    results = {}
    for name, overrides in map(parse_run, a.runs):
        out = root / name
        if (out / 'eval.json').exists(): results[name] = json.loads((out / 'eval.json').read_text()); continue
        cfg = WorldModelConfig.from_dict({}, [f'train.steps={a.steps}', 'train.device=cpu', *overrides])
        t = time.time(); model, _ = train_world_model(cfg, train_w, out)
        print(f'{name}: trained in {(time.time() - t) / 60:.1f} min', flush=True)
        results[name] = evaluate_world_model(model, test_w, probe_w)
        (out / 'eval.json').write_text(json.dumps(results[name]))
    print(world_model_table(results))
