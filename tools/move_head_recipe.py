"""The recipe of the shipped map heads (`marl_jepa/assets/{move,view,message}_head.ckpt`), fitted on the shipped
world model.

    python tools/world_model_recipe.py collect   # the world model's logged data, runs/wm_mix2/s{11,15,21} (once)
    python tools/move_head_recipe.py fit         # fit the move head, write the asset (16 s)
    python tools/move_head_recipe.py fit_view    # fit the view head, write the asset (4 min)
    python tools/move_head_recipe.py fit_message # fit the message head, write the asset (3 min)
    python tools/move_head_recipe.py eval        # accuracy by map size and depth -> nbs/results/move_head.json

The move head is fitted on the same logged trajectories as the world model (all three sizes), the view head on
views of 400 training layouts per size (`view_head_data`), the message head on the message encoder's latents of
the same views (`source='message'`), all with the world model frozen.

Times measured on 2026-12-01 on the 2-core CPU at load 1-4 (two torch threads), fitting all three on the
world model shipped that day.
"""
import json, sys, time
from pathlib import Path

import torch

from marl_jepa.dynamics import WindowTensors, pretrained_world_model
from marl_jepa.envs import GridConfig, TrajectoryWindows
from marl_jepa.latent_map import (fit_move_head, fit_view_head, move_head_accuracy, pretrained_heads, save_head,
                                  view_head_accuracy, view_head_data)

ROOT, SIZES, STEPS = Path('runs/wm_mix2'), (11, 15, 21), 900
ASSET = Path('marl_jepa/assets/move_head.ckpt')


def fit():
    model = pretrained_world_model()
    data = torch.utils.data.ConcatDataset([TrajectoryWindows(ROOT / f's{s}' / k, window=9)
                                           for s in SIZES for k in ('train_eo', 'train_random')])
    t0 = time.time()
    head = fit_move_head(model, WindowTensors(data), steps=STEPS, seed=0)
    print(f'fitted in {time.time() - t0:.0f} s; {save_head(head, model, ASSET)}')


def fit_view(source: str = 'image'):
    model, kind = pretrained_world_model(), 'view_head' if source == 'image' else 'message_head'
    t0 = time.time()
    head = fit_view_head(model, view_head_data(model, SIZES, n_layouts=400, progress=True, source=source), seed=0)
    print(f'fitted in {time.time() - t0:.0f} s; {save_head(head, model, ASSET.with_name(f"{kind}.ckpt"), kind)}')


def evaluate(out='nbs/results/move_head.json'):
    model = pretrained_world_model()
    (head, view, message), res = pretrained_heads(model), {}
    for s in SIZES:
        acc = move_head_accuracy(model, head, GridConfig(height=s, width=s), n_layouts=8, seed=0)
        res[f'{s}x{s}'] = {str(d): {'free': f, 'blocked': b} for d, (f, b) in acc.items()}
        print(s, {d: f'{f:.3f}/{b:.3f}' for d, (f, b) in acc.items()}, flush=True)
        for name, h, src in (('view', view, 'image'), ('message', message, 'message')):
            v = view_head_accuracy(h, view_head_data(model, (s,), n_layouts=16, seed=5, split='test', source=src))
            res[f'{s}x{s}'][name] = {k: v[k] for k in ('all', 'free', 'wall')}
            print(s, f'{name} head', {k: round(v[k], 3) for k in ('all', 'free', 'wall')}, flush=True)
    Path(out).write_text(json.dumps(res, indent=1) + '\n')


if __name__ == '__main__':
    torch.set_num_threads(2)
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'fit': fit()
    elif cmd == 'fit_view': fit_view()
    elif cmd == 'fit_message': fit_view('message')
    elif cmd == 'eval': evaluate()
    else: raise SystemExit(f'unknown command {cmd!r}: fit, fit_view, fit_message or eval')
