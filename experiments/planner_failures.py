"""Why do pairs of CEM agents fail? Play test layouts and sort every failed episode by how it ended.

Classes (from the true map, after the episode; each failure gets one):
- `together`: the two agents ended at most 2 steps apart (in each other's way);
- `parked in the path`: one agent stands on its goal, and its cell cuts the other's only path to its own goal;
- `one navigating`: one agent stands on its goal, the other is apart and could pass (its own navigation failed);
- `both away`: neither is on its goal and they are apart.

Run: .venv/bin/python experiments/planner_failures.py [--seed 13] [--layouts 64] [--set horizon=8 comm=none]
     [--threads 1]
Session 4 measured (seed 13, 64 layouts, defaults): success 73%; of 17 failures 11 one navigating, 1 parked in the
path, 3 together, 2 both away.
Session 5, with subgoals on the agent's map: seed 13 97% (1 one navigating, 1 both away); seed 7 (32 layouts) 88%
(3 parked in the path, 1 both away), then with parked agents giving way 91% (3 both away)."""
import argparse, time
import torch
from marl_jepa.cem_planner import MPCAgents, PlannerConfig
from marl_jepa.dynamics import cell_distances, pretrained_world_model
from marl_jepa.core import WALL
from marl_jepa.envs import GridCore, make_layouts

def classify(walls, pos, goals) -> str:
    "How a failed two-agent episode ended, from the wall map, the final positions `pos` and `goals` ([2, 2] lists)."
    W = walls.shape[1]
    D = cell_distances(walls)
    bfs = lambda D, a, b: int(D[a[0] * W + a[1], b[0] * W + b[1]])
    d = [bfs(D, p, g) for p, g in zip(pos, goals)]
    if bfs(D, pos[0], pos[1]) <= 2: return 'together'
    if min(d) > 0: return 'both away'
    on, off = (0, 1) if d[0] == 0 else (1, 0)
    parked = walls.copy(); parked[tuple(pos[on])] = True
    return 'parked in the path' if bfs(cell_distances(parked), pos[off], goals[off]) < 0 else 'one navigating'

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=13); ap.add_argument('--layouts', type=int, default=64)
    ap.add_argument('--set', nargs='*', default=[], help='PlannerConfig overrides, e.g. horizon=8')
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = PlannerConfig.from_dict({}, a.set)
    lays = make_layouts(a.layouts, split='test', seed=a.seed)
    agents, core = MPCAgents(pretrained_world_model(), cfg), GridCore(n_envs=a.layouts, images=True)
    obs, t = core.reset(layouts=lays), time.time()
    while not core.done.all(): obs, *_ = core.step(agents(obs, core))
    final = core.rowcol(core.pos)
    counts = {}
    for b in torch.nonzero(~core.term).flatten().tolist():
        k = classify((lays.cells[b] == WALL).numpy(), final[b].tolist(), lays.goals[b].tolist())
        counts[k] = counts.get(k, 0) + 1
    print(f'{a.set or "defaults"}: success {core.term.float().mean():.0%} on {a.layouts} layouts (seed {a.seed}), '
          f'{time.time() - t:.0f} s')
    print('failures:', counts)
