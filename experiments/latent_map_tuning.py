"""The imagined-map planner's switches on the tuning layouts (nbs/05a_latent_map.ipynb, "What the switches buy").

    python experiments/latent_map_tuning.py    # writes nbs/results/latent_map_tuning.json (about 3 min)

Seeds 7 and 8 of the test split, 32 layouts each, in the four settings of `experiments/latent_map.py`: the map
follower for reference, the default planner, and the default with one switch off: no message head (`mates`
off: teammates' walls are not read), no certain beliefs (`sure_wall=1`: every belief is a price, none a wall),
both off (the planner of the session before). These are the layouts the defaults were chosen on; the held-out
numbers are `experiments/latent_map.py`'s (seed 303).

    python experiments/latent_map_tuning.py --sweep   # w_wall x sure_wall on the same layouts (prints; ~4 min)

The sweep, run on 2026-12-01 after the world model and heads were retrained (layouts solved of 64 per setting:
11x11 / 15x15 / 3 agents / 21x21, total of 256; the default is w_wall 8, sure_wall 0.9):
    w_wall  4: sure_wall 0.8  62 61 63 59 (245)   0.9  63 60 63 60 (246)   0.97  62 61 62 61 (246)
    w_wall  8: sure_wall 0.8  62 61 63 59 (245)   0.9  63 62 63 62 (250)   0.97  63 62 63 64 (252)
    w_wall 16: sure_wall 0.8  62 60 63 59 (244)   0.9  63 61 63 62 (249)   0.97  63 62 63 64 (252)
No setting beats the default by more than 2 layouts of 256, so the defaults stayed.
"""
import itertools, json, sys, time
from pathlib import Path

import torch

from marl_jepa.cem_planner import MapFollower, PlannerConfig, run_policy
from marl_jepa.dynamics import pretrained_world_model
from marl_jepa.envs import GridConfig, make_layouts
from marl_jepa.latent_map import ImaginedMapPlanner, MapPlannerConfig, pretrained_heads

from latent_map import SETTINGS   # the held-out comparison's four settings (this folder is on the path)

SEEDS = (7, 8)
VARIANTS = {'default': {}, 'no message head': dict(mates=False), 'no certain beliefs': dict(sure_wall=1.0),
            'neither': dict(mates=False, sure_wall=1.0)}

def sweep(model, move, view, message):
    "Layouts solved of 64 per setting for each (w_wall, sure_wall), printed."
    lays = {n: [make_layouts(32, GridConfig(comm='always', **kw), seed=s, split='test') for s in SEEDS]
            for n, kw in SETTINGS.items()}
    for w, sure in itertools.product((4., 8., 16.), (0.8, 0.9, 0.97)):
        pol = lambda: ImaginedMapPlanner(model, move, view, MapPlannerConfig(w_wall=w, sure_wall=sure), message)
        row = {n: sum(int(run_policy(pol(), l, GridConfig(comm='always', **SETTINGS[n]))['success'].sum())
                      for l in ls) for n, ls in lays.items()}
        print(f'w_wall {w:g} sure_wall {sure:g}', row, sum(row.values()), flush=True)


if __name__ == '__main__':
    torch.set_num_threads(1)
    model = pretrained_world_model()
    move, view, message = pretrained_heads(model)
    if '--sweep' in sys.argv: sweep(model, move, view, message); raise SystemExit
    out, t0 = {'seeds': list(SEEDS), 'n_layouts': 32, 'settings': {}}, time.time()
    for name, kw in SETTINGS.items():
        cfg, rows = GridConfig(comm='always', **kw), {}
        lays = {s: make_layouts(32, cfg, seed=s, split='test') for s in SEEDS}
        pols = {'map follower': lambda: MapFollower(PlannerConfig(comm='always')),
                **{v: (lambda o=o: ImaginedMapPlanner(model, move, view, MapPlannerConfig(**o), message))
                   for v, o in VARIANTS.items()}}
        for pname, make in pols.items():
            rs = [run_policy(make(), lays[s], cfg) for s in SEEDS]
            rows[pname] = {'success': sum(int(r['success'].sum()) for r in rs),
                           'mean_length': sum(r['length'].float().mean().item() for r in rs) / len(rs)}
            print(f"{name:16s} {pname:20s} {rows[pname]['success']}/64  {rows[pname]['mean_length']:.1f} steps",
                  flush=True)
        out['settings'][name] = rows
    out['seconds'] = round(time.time() - t0)
    path = Path('nbs/results/latent_map_tuning.json')
    path.write_text(json.dumps(out, indent=1) + '\n')
    print('wrote', path)
