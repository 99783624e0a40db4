"""Can a learned cost-to-go head fix the planner's long-range navigation? (Session 4: no.)

Latent distance flattens beyond about 8 steps (05_cem_planner). This trains a head `d(z, z_goal) >= 0` on frozen
encoder latents of the shipped world model and plans with `latent distance + alpha * d` (alpha < 0: `d` alone):
- `--labels temporal`: the number of steps between two frames of one agent's episode in logged epsilon-oracle
  trajectories, fitted by expectile regression (tau 0.1, so it leans to the shortest of the noisy paths);
- `--labels bfs`: the true shortest-path length between every two cells of training layouts (privileged labels at
  training time; the planner only feeds it its own latent and the goal's).

Run: .venv/bin/python experiments/cost_heads.py --labels bfs --alpha -1 [--seed 13] [--layouts 64] [--steps 6000]
     (--labels temporal needs --data DIR: a `collect_trajectories` dataset, e.g. the train_eo of `make_datasets`)
The session-4 numbers below came from the same method in scratch scripts (2 threads); this script is their cleanup.
Session 4 measured (seed 13, 64 test layouts; the latent cost alone scores 73%):
  temporal head (ε=0.1 and 0.3 data, Spearman with BFS 0.94): alpha 0.3 73%, alpha 1 59%;
  bfs head (400 layouts, mean error 1.2 steps on test layouts): alone 77%, alone without exploration 56%.
Even the BFS-supervised head stays far below the privileged decoding of `experiments/planner_diagnosis.py` (94%): one
agent's view and the goal's view do not show the walls in between."""
import argparse, time
import numpy as np, torch, torch.nn as nn
from marl_jepa.cem_planner import MPCAgents, PlannerConfig, run_policy
from marl_jepa.dynamics import cell_distances, mlp, pretrained_world_model, views_everywhere
from marl_jepa.envs import TileAtlas, make_layouts, make_tiles

class DistanceHead(nn.Module):
    "A symmetric MLP `d(a, b) >= 0` on two latents."
    def __init__(self, d: int = 32, h: int = 256):
        super().__init__()
        self.f = mlp(4 * d, 1, h, depth=3)
    def forward(self, a, b):
        return nn.functional.softplus(self.f(torch.cat([a + b, (a - b).abs(), a * b, (a - b) ** 2], -1))).squeeze(-1)

@torch.no_grad()
def bfs_pairs(wm, n_layouts: int):
    "Per training layout: the latents of agent 0 on every free cell and their BFS distances."
    lays, out = make_layouts(n_layouts, split='train', seed=0), []
    for i in range(n_layouts):
        img, pos, walls = views_everywhere(lays, i)
        c = (pos[:, 0] * walls.shape[1] + pos[:, 1]).numpy()
        out.append((wm.backbone(img, position=pos), torch.from_numpy(cell_distances(walls)[c][:, c]).float()))
    return out

@torch.no_grad()
def temporal_pairs(wm, path: str):
    "Per agent-episode of a logged dataset: the latents of its frames and their step gaps."
    a = {k: np.load(f'{path}/{k}.npy', mmap_mode='r') for k in ('grid', 'pos', 'episode')}
    atlas, out = TileAtlas(make_tiles(wm.cfg.tile_px)[None]), []
    for b in range(a['grid'].shape[0]):
        grid = torch.from_numpy(np.array(a['grid'][b]))                 # [T, N, ...]
        pos = torch.from_numpy(np.array(a['pos'][b])).long()
        z = wm.backbone(atlas.render(grid.flatten(0, 1), 0), position=pos.flatten(0, 1)).view(*pos.shape[:2], -1)
        ep = torch.from_numpy(np.array(a['episode'][b]))
        for e in ep.unique():
            t = (ep == e).nonzero().flatten()
            for i in range(z.shape[1]): out.append((z[t, i], (t[None] - t[:, None]).float()))
    return out

def train_head(groups, steps: int, tau: float | None, seed: int = 0) -> DistanceHead:
    "Regress the head on random pairs of random groups: squared error, or an expectile `tau` of forward gaps."
    torch.manual_seed(seed); g = torch.Generator().manual_seed(seed)
    head = DistanceHead(groups[0][0].shape[-1]); opt = torch.optim.AdamW(head.parameters(), 1e-3, weight_decay=1e-4)
    for s in range(steps):
        A, B, Y = [], [], []
        for k in torch.randint(len(groups), (16,), generator=g).tolist():
            z, D = groups[k]; i, j = torch.randint(len(z), (2, 64), generator=g)
            if tau is not None: i, j = torch.minimum(i, j), torch.maximum(i, j)   # forward in time only
            A.append(z[i]); B.append(z[j]); Y.append(D[i, j])
        u = torch.cat(Y) - head(torch.cat(A), torch.cat(B))
        w = 1.0 if tau is None else torch.where(u < 0, 1 - tau, tau)
        loss = (w * u ** 2).mean()
        for pg in opt.param_groups: pg['lr'] = 1e-3 * 0.5 * (1 + np.cos(np.pi * s / steps))
        opt.zero_grad(); loss.backward(); opt.step()
    return head.eval()

class HeadAgents(MPCAgents):
    "CEM agents whose step cost adds `alpha` times the head (alpha < 0: the head alone)."
    def __init__(self, model, cfg, head, alpha):
        super().__init__(model, cfg); self.head, self.alpha = head, alpha
    def step_costs(self, zs, z_goal):
        d = self.head(zs, z_goal[:, None, None].expand_as(zs))
        return d if self.alpha < 0 else super().step_costs(zs, z_goal) + self.alpha * d

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--labels', choices=('bfs', 'temporal'), default='bfs'); ap.add_argument('--data')
    ap.add_argument('--train-layouts', type=int, default=400); ap.add_argument('--steps', type=int, default=6000)
    ap.add_argument('--alpha', type=float, default=-1.0); ap.add_argument('--seed', type=int, default=13)
    ap.add_argument('--layouts', type=int, default=64); ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    if a.labels == 'temporal' and not a.data: ap.error('--labels temporal needs --data (a train_eo dataset directory)')
    torch.set_num_threads(a.threads)
    wm, t = pretrained_world_model(), time.time()
    groups = bfs_pairs(wm, a.train_layouts) if a.labels == 'bfs' else temporal_pairs(wm, a.data)
    head = train_head(groups, a.steps, None if a.labels == 'bfs' else 0.1)
    print(f'{a.labels} head: {len(groups)} groups, {a.steps} steps, {time.time() - t:.0f} s')
    r = run_policy(HeadAgents(wm, PlannerConfig(), head, a.alpha), make_layouts(a.layouts, split='test', seed=a.seed))
    print(f"alpha {a.alpha}: success {r['success'].float().mean():.0%} on {a.layouts} test layouts (seed {a.seed})")
