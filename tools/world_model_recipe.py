"""The recipe of the shipped world model (`marl_jepa/assets/world_model.ckpt`) and its evaluation by map size.

    python tools/world_model_recipe.py collect          # data under runs/wm_mix2/s{11,15,21} (a few minutes)
    python tools/world_model_recipe.py train            # runs/wm_mix2/model/final.ckpt (4 to 5 min, one thread)
    python tools/world_model_recipe.py eval PATH NAME [SIZES]  # world_model_sizes.json[NAME] = metrics by size
    python tools/world_model_recipe.py ship             # copy the trained weights to marl_jepa/assets

A variant: `train --out DIR KEY=VALUE ...` trains under runs/wm_mix2/DIR with the recipe's overrides followed by
these (a later one wins; `train.window` sets the training windows' length, 9 frames by default) and writes
DIR/train_info.json (overrides, seconds, load averages); `eval PATH NAME [SIZES] --results FILE` stores the
metrics in FILE instead of world_model_sizes.json, and `--seed N` draws the distance tests' layouts with seed N (0
by default: the layouts the variants were chosen on; another seed gives fresh ones). `eval` also splits the
Spearman correlation at 8 BFS steps (a training window's span): `spearman_near`, `spearman_far`, and `far_share`,
the share of cell pairs farther apart.

The shipped recipe is the session-9 variant `loss.w_blocked=1 loss.w_lip=60` (nbs/results/world_model_candidates.json):
at 15 x 15 it lifted the 1-step decode from 0.68 to 0.91 at the same probe R^2 and was equal or better at 11 and 21.

Data: `make_datasets` at each size (an epsilon-greedy goal walker and a random walker on training layouts, the
walker on test layouts). The exact joint oracle is too slow beyond 11 x 11 (its joint state space is the square of
the free cells), so the walker here steps each agent along its own shortest path (BFS from its goal, teammates
ignored), with 30% random actions, as `EpsilonPolicy(Oracle(), 0.3)` does at 11 x 11.
"""
import json, os, shutil, sys, time
from pathlib import Path

import numpy as np
import torch

from marl_jepa.core import WALL
from marl_jepa.dynamics import (WindowTensors, WorldModelConfig, _layout_cells, cell_distances, evaluate_world_model,
                                load_world_model, save_world_model, spearman, train_world_model)
from marl_jepa.envs import EpsilonPolicy, GridConfig, Oracle, TrajectoryWindows, collect_trajectories, grid_distance

ROOT = Path('runs/wm_mix2')
SIZES = (11, 15, 21)
OVERRIDES = ['train.steps=2500', 'train.lr=0.002', 'train.warmup=100', 'train.device=cpu', 'loss.num_slices=64',
             'model.max_size=21', 'loss.w_blocked=1', 'loss.w_lip=60']
N_ENVS, N_STEPS, SEED = 64, 400, 0


class GoalWalker:
    "Each agent steps along its own shortest path to its goal (single-agent BFS on the wall map; teammates ignored)."
    def __init__(self): self._dist = {}

    def _distances(self, core, b: int, i: int) -> np.ndarray:
        key = (id(core), b, int(core.episode[b]), i)
        if key not in self._dist:
            if len(self._dist) > 4096: self._dist.clear()
            free = (core.cells[b] != WALL).view(1, core.Hp, core.Wp).cpu()
            g = int(core.goal[b, i])
            d = grid_distance(free, torch.tensor([[g // core.Wp, g % core.Wp]]))
            d = d.nan_to_num(posinf=10**6).view(-1).long().numpy()
            self._dist[key] = d
        return self._dist[key]

    def __call__(self, obs, core) -> torch.Tensor:
        out = torch.zeros(core.B, core.N, dtype=torch.long)
        deltas = core.deltas.cpu().numpy()
        for b in range(core.B):
            for i in range(core.N):
                d, p = self._distances(core, b, i), int(core.pos[b, i])
                if d[p] > 0: out[b, i] = int(np.argmin(d[p + deltas[1:]])) + 1
        return out.to(core.device)


def collect(size: int, root: Path = ROOT):
    "Training (walker, random) and test (walker) trajectories at one map size, as `make_datasets` lays them out."
    r = root / f's{size}'
    walker = Oracle if size <= 11 else GoalWalker       # the exact joint oracle where it is fast enough
    plan = {'train_eo': (EpsilonPolicy(walker(), 0.3, seed=SEED), 'train', N_STEPS),
            'train_random': ('random', 'train', N_STEPS),
            'test_eo': (EpsilonPolicy(walker(), 0.3, seed=SEED + 1), 'test', N_STEPS // 2)}
    for k, (policy, split, T) in plan.items():
        if not (r / k / 'meta.json').exists():
            collect_trajectories(policy, r / k, n_envs=N_ENVS, n_steps=T, seed=SEED + len(k), split=split,
                                 overwrite=True, progress=False, height=size, width=size)


def windows(size: int, kind: str, window: int = 9) -> TrajectoryWindows:
    return TrajectoryWindows(ROOT / f's{size}' / kind, window=window)


def train(overrides=OVERRIDES, out='model', init=None):
    cfg = WorldModelConfig.from_dict({}, overrides)
    data = torch.utils.data.ConcatDataset([windows(s, k, cfg.train.window) for s in SIZES
                                           for k in ('train_eo', 'train_random')])
    t0, load0 = time.time(), os.getloadavg()
    model, hist = train_world_model(cfg, WindowTensors(data), ROOT / out, progress=True, init=init)
    seconds = time.time() - t0
    print(f'trained in {seconds / 60:.1f} min; last losses {hist[-1]}')
    save_world_model(model, cfg, ROOT / out / 'final.ckpt', hist)
    info = {'overrides': list(overrides), 'seconds': round(seconds, 1), 'threads': torch.get_num_threads(),
            'loadavg_start': [round(x, 2) for x in load0], 'loadavg_end': [round(x, 2) for x in os.getloadavg()]}
    (ROOT / out / 'train_info.json').write_text(json.dumps(info, indent=1) + '\n')


def _option(args: list, flag: str, default: str) -> tuple[str, list]:
    "The value after `flag` in `args` (or `default`), and `args` without the two."
    if flag not in args: return default, args
    i = args.index(flag)
    if i + 1 >= len(args): raise SystemExit(f'{flag} needs a value')
    return args[i + 1], args[:i] + args[i + 2:]


@torch.no_grad()
def spearman_by_range(model, size: int, span: int = 8, n_layouts: int = 16, seed: int = 0) -> dict:
    "`spearman` of latent and BFS distances split at `span` steps (a training window's), and the share of far pairs."
    model.eval()
    embed = lambda img, pos: model.backbone(img, position=pos)
    near, far, share = [], [], []
    for e, pos, walls in _layout_cells(embed, GridConfig(height=size, width=size), n_layouts, seed):
        cell, iu = (pos[:, 0] * walls.shape[1] + pos[:, 1]).numpy(), torch.triu_indices(len(pos), len(pos), 1)
        bfs = torch.from_numpy(cell_distances(walls)[cell][:, cell][iu[0], iu[1]]).double()
        lat, n = torch.cdist(e, e)[iu[0], iu[1]], bfs <= span
        near.append(spearman(lat[n], bfs[n])); far.append(spearman(lat[~n], bfs[~n]))
        share.append((~n).double().mean().item())
    model.train()
    return {'spearman_near': float(np.mean(near)), 'spearman_far': float(np.mean(far)),
            'far_share': float(np.mean(share)), 'range_span': span}


def evaluate(path: str, name: str, sizes=SIZES, out='nbs/results/world_model_sizes.json', seed: int = 0):
    "`evaluate_world_model` at each size: test windows and layouts of that size, probe fitted on its training windows."
    model, p, info = load_world_model(path), Path(out), Path(path).with_name('train_info.json')
    for s in sizes:
        t0 = time.time()
        r = evaluate_world_model(model, windows(s, 'test_eo'), windows(s, 'train_eo'), n_layouts=16, seed=seed)
        r |= spearman_by_range(model, s, seed=seed) | {'layout_seed': seed}
        allres = json.loads(p.read_text()) if p.exists() else {}
        allres.setdefault(name, {})[f'{s}x{s}'] = r
        if info.exists(): allres[name]['train'] = json.loads(info.read_text())   # how it was trained, how long
        p.write_text(json.dumps(allres, indent=1) + '\n')
        print(f"{name} {s}x{s}: R2 k=0 {r['probe_r2'][0]:.3f} k=8 {r['probe_r2'][-1]:.3f} spearman {r['spearman']:.3f}"
              f" graph {r['graph_spearman']:.3f}"
              f" (near {r['spearman_near']:.3f}, far {r['spearman_far']:.3f}) nn_free {r['nn_free_acc']:.3f}"
              f" rollout {r.get('rollout_acc')} msg {r.get('msg_nn_acc')}"
              f" ({time.time() - t0:.0f} s)", flush=True)


if __name__ == '__main__':
    torch.set_num_threads(1)
    cmd = sys.argv[1]
    if cmd == 'collect':
        for s in SIZES:
            t0 = time.time(); collect(s); print(f'{s}x{s} collected in {time.time() - t0:.0f} s', flush=True)
    elif cmd == 'train':
        out, extra = _option(sys.argv[2:], '--out', 'model')
        bad = [a for a in extra if '=' not in a]
        if bad: raise SystemExit(f'train takes --out DIR and KEY=VALUE overrides, got {bad}')
        train(OVERRIDES + extra, out)
    elif cmd == 'eval':
        results, args = _option(sys.argv[2:], '--results', 'nbs/results/world_model_sizes.json')
        seed, args = _option(args, '--seed', '0')
        evaluate(args[0], args[1], tuple(map(int, args[2:])) or SIZES, results, int(seed))
    elif cmd == 'ship':
        dest = Path('marl_jepa/assets/world_model.ckpt')
        shutil.copyfile(ROOT / 'model' / 'final.ckpt', dest)
        print(f'{dest}: {dest.stat().st_size / 2**20:.1f} MB')
    else: raise SystemExit(f'unknown command {cmd!r}: collect, train, eval or ship')
