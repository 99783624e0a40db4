"""The recipe of the shipped move head (`marl_jepa/assets/move_head.ckpt`), fitted on the shipped world model.

    python tools/world_model_recipe.py collect   # the world model's logged data, runs/wm_mix2/s{11,15,21} (once)
    python tools/move_head_recipe.py fit         # fit on the shipped world model, write the asset (a few minutes)
    python tools/move_head_recipe.py eval        # accuracy by map size and depth -> nbs/results/move_head.json

The head is fitted on the same logged trajectories as the world model (all three sizes), with the world model frozen.
"""
import json, sys, time
from pathlib import Path

import torch

from marl_jepa.dynamics import WindowTensors, pretrained_world_model
from marl_jepa.envs import GridConfig, TrajectoryWindows
from marl_jepa.latent_map import fit_move_head, move_head_accuracy, pretrained_move_head, save_move_head

ROOT, SIZES, STEPS = Path('runs/wm_mix2'), (11, 15, 21), 900
ASSET = Path('marl_jepa/assets/move_head.ckpt')


def fit():
    model = pretrained_world_model()
    data = torch.utils.data.ConcatDataset([TrajectoryWindows(ROOT / f's{s}' / k, window=9)
                                           for s in SIZES for k in ('train_eo', 'train_random')])
    t0 = time.time()
    head = fit_move_head(model, WindowTensors(data), steps=STEPS, seed=0)
    print(f'fitted in {time.time() - t0:.0f} s; {save_move_head(head, model, ASSET)}')


def evaluate(out='nbs/results/move_head.json'):
    model = pretrained_world_model()
    head, res = pretrained_move_head(model), {}
    for s in SIZES:
        acc = move_head_accuracy(model, head, GridConfig(height=s, width=s), n_layouts=8, seed=0)
        res[f'{s}x{s}'] = {str(d): {'free': f, 'blocked': b} for d, (f, b) in acc.items()}
        print(s, {d: f'{f:.3f}/{b:.3f}' for d, (f, b) in acc.items()}, flush=True)
    Path(out).write_text(json.dumps(res, indent=1) + '\n')


if __name__ == '__main__':
    torch.set_num_threads(2)
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'fit': fit()
    elif cmd == 'eval': evaluate()
    else: raise SystemExit(f'unknown command {cmd!r}: fit or eval')
