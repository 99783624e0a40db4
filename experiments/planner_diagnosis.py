"""Where the latent planner loses against the oracle: the cost, or coordination?

Plays the same test layouts with CEM (comm 'none') under two costs, each with and without giving way:
- `latent`: the planner's own cost, latent distance to the goal view's latent;
- `privileged`: each imagined latent decoded to the layout cell whose real view has the nearest latent, scored
  by that cell's true BFS distance to the goal. It uses the whole map, so it is a diagnosis, not a planner:
  whatever it still fails is not the cost's fault.

Run: .venv/bin/python experiments/planner_diagnosis.py [--layouts 16] [--ckpt PATH] [--threads 1]
Session 2 measured (16 layouts, the shipped model of then, load ~4, 131 s): latent 31% (38% with give-way),
privileged 62% (56%).
Session 3, with the geodesic shipped model (145 s, load ~3): latent 31% (31%), privileged 56% (50%).
Sessions 2-3 planned with the final-step cost and blind to walls (now `sum_steps=True`, `see_walls=True` by default).
Session 4, with those (37 s, 2 threads): latent 44% (56% with give-way), privileged 81% (94%): with a right cost the
planner meets the 90% target, so what is missing is the cost."""
import argparse, time
import torch
from marl_jepa.cem_planner import MPCAgents, PlannerConfig, evaluate_planner, planner_table
from marl_jepa.dynamics import cell_distances, load_world_model, pretrained_world_model, views_everywhere
from marl_jepa.envs import Oracle, make_layouts

class PrivilegedCost(MPCAgents):
    "CEM whose step cost is the BFS distance of the nearest real cell latent (layouts known in advance)."
    def __init__(self, model, cfg, layouts):
        super().__init__(model, cfg)
        self.cells, self.dist = [], []   # per layout: cell latents [K, D]; BFS distance [K, H*W] to every cell
        for i in range(len(layouts)):
            img, pos, walls = views_everywhere(layouts, i)
            with torch.no_grad(): self.cells.append(model.backbone(img, position=pos))
            D = torch.from_numpy(cell_distances(walls)).float()
            self.dist.append(D[pos[:, 0] * walls.shape[1] + pos[:, 1]])
        self.width = walls.shape[1]

    def __call__(self, obs, core):
        self.goal_cell = (obs['goal_pos'][..., 0] * self.width + obs['goal_pos'][..., 1]).reshape(-1)   # [P]
        self.n_agents = obs['pos'].shape[1]
        return super().__call__(obs, core)

    def step_costs(self, zs, z_goal):
        out = torch.empty(zs.shape[:-1])
        for p in range(zs.shape[0]):
            b = p // self.n_agents
            near = torch.cdist(zs[p].reshape(-1, zs.shape[-1]), self.cells[b]).argmin(1)
            out[p] = self.dist[b][near, self.goal_cell[p]].view(zs.shape[1:-1])
        return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--layouts', type=int, default=16); ap.add_argument('--ckpt')
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = load_world_model(a.ckpt) if a.ckpt else pretrained_world_model()
    lays = make_layouts(a.layouts, split='test', seed=7)
    pols = {'oracle': Oracle()}
    for y in (0.0, 0.5):
        pols[f'latent, yield_prob={y}'] = MPCAgents(model, PlannerConfig(comm='none', yield_prob=y, explore=0.0))
        cfg = PlannerConfig(comm='none', yield_prob=y, explore=0.0)
        pols[f'privileged, yield_prob={y}'] = PrivilegedCost(model, cfg, lays)
    t = time.time()
    print(planner_table(evaluate_planner(pols, lays)))
    print(f'{time.time() - t:.0f} s')
