"""TrajectoryWindows must splice in the true final observation of an episode that ends inside a window."""
import tempfile
from pathlib import Path

import numpy as np
import torch

from marl_jepa.envs import GridCore, TrajectoryWindows, collect_trajectories

def test_final_frames_match_a_replay():
    d = Path(tempfile.mkdtemp())
    p = collect_trajectories('random', d / 'r', n_envs=6, n_steps=120, max_cycles=15, progress=False)
    ds = TrajectoryWindows(p, window=6, images=False)
    core = GridCore(n_envs=6, images=False, auto_reset=True, max_cycles=15)
    core.reset(seed=0)
    act, finals = np.load(p / 'action.npy'), {}
    for t in range(120):
        _, _, term, trunc, info = core.step(torch.from_numpy(act[:, t]).long())
        for b in (term | trunc).nonzero().flatten().tolist(): finals[(b, t)] = info['final_grid'][b].clone()
    checked = 0
    for i in range(len(ds)):
        w = ds[i]; b, t0 = i // ds.per_env, i % ds.per_env
        if len(e := w['done'][:-1].nonzero()):
            k = int(e[0]); checked += 1
            assert torch.equal(w['grid'][k + 1], finals[(b, t0 + k)]), f'window {i}: wrong final frame'
            assert not w['mask'][k + 2:].any() and w['mask'][:k + 2].all()
    assert checked > 20
