"""Exploration rules for `find` with messages (issue #15): which use of teammates' messages shortens the search?

`find` (15x15, 100 steps, 2 agents): goals are seen, not told. With comm `always` every agent already merges each
teammate's delivered view into its own map and learns every goal a teammate sees (`AgentMemory.update`), so the
team searches one shared map. Rules tried on top, for the map follower (the subgoal source CEM shares):
  spread  Voronoi split: skip unseen cells closer (on the agent's map) to a teammate's delivered position
  cover   skip unseen cells within 3 of the path a teammate announced (its view will cover them)
  gain    frontier by information gain: unseen cells in a 7x7 window / (distance + 1), not the nearest unseen cell
  help    the library's `help_radius` (PlannerConfig): an agent that knows its goal while a teammate's is unknown
          explores on, at unseen cells within `radius` moves of its goal

Tuning seeds only (make_layouts(..., split='test', seed=7 or 8)); the held-out seed 101 is measured by comm_gap.py.
Measured 2026-12-01 (comm always, mean episode steps, 256 layouts; comm none on the same layouts: 40-43 steps):
  seed 7: base 31.23, cover 31.75 (2 failures), help r=8 31.15, cover + help r=8 32.39, cover + help alpha=1 33.36
  seed 8: base 30.95, cover 31.08, help r=8 30.14 (adopted: help_radius=8)
  64 layouts, seed 7: spread 30.4 vs base 29.7; gain (info-gain frontier) 31.0 vs 29.7, and comm none 42.4 vs 40.2.
Why the gain is bounded (seed 7, 64 layouts, `--knowledge`): with messages each agent knows its own goal after 11.7
steps on average (alone: 20.8), but it learns it from a teammate while far from it; the lower bound max_i(time agent i
learns its goal + shortest path from there) is 28.5 steps with messages against 36.3 alone, and the follower ends
within 1.2 steps of it (alone: 4.0, of which ~3.8 are 4 episodes that hit the 100-step limit).

Run: .venv/bin/python experiments/find_exploration.py --seed 7 --n 256 --rules base spread cover gain help
     .venv/bin/python experiments/find_exploration.py --seed 7 --n 64 --knowledge"""
import argparse
import torch
import torch.nn.functional as F
from marl_jepa.cem_planner import (COMM_GAP_TASKS, AgentMemory, MapFollower, PlannerConfig, _others, follow,
                                   grid_distance, nearest, run_policy)
from marl_jepa.core import VIEW_CENTER, WALL
from marl_jepa.envs import GridCore, make_layouts

RULES = set()

def _near_path(cells, shape):
    "bool [P, Hp, Wp]: cells within 3 (Chebyshev) of any of `cells [P, L, 2]` (padded coordinates)."
    P, Hp, Wp = shape
    m = torch.zeros(P, Hp, Wp)
    m[torch.arange(P)[:, None], cells[..., 0].clamp(0, Hp - 1), cells[..., 1].clamp(0, Wp - 1)] = 1
    return F.max_pool2d(m[:, None], 7, 1, 3)[:, 0] > 0

def navigate(self, obs, core):
    "`MapFollower.navigate` with the rules in RULES (help: the library's own `help_radius`)."
    B, N = obs['pos'].shape[:2]
    if self.mem is None: self.mem = AgentMemory(B, N, core.H, core.W)
    heard = self.heard(obs)
    self.mem.update(obs, heard)
    P, pad = B * N, VIEW_CENTER
    known, pos = self.mem.known.view(P, *self.mem.known.shape[2:]), obs['pos'].reshape(P, 2)
    goal, free = self.mem.own_goal().reshape(P, 2), known != WALL
    from_me, unseen = grid_distance(free, pos + pad), known < 0
    ok = heard & (obs['message_pos'] >= 0).all(-1)
    if 'spread' in RULES:
        lower = (_others(N) < torch.arange(N)[:, None]).repeat(B, 1)      # a teammate of lower index wins ties
        for k in range(N - 1):
            d = grid_distance(free, obs['message_pos'][:, :, k].reshape(P, 2).clamp(min=0) + pad)
            mine = (d < from_me) | ((d == from_me) & lower[:, k, None, None])
            unseen = unseen & ~(mine & ok[:, :, k].reshape(P, 1, 1))
    if 'cover' in RULES:
        mates = follow(obs['message_pos'].long(), obs['message_intent'].long()[..., 1:])
        for k in range(N - 1):
            unseen = unseen & ~(_near_path(mates[:, :, k].reshape(P, -1, 2) + pad, unseen.shape)
                                & ok[:, :, k].reshape(P, 1, 1))
    if 'gain' in RULES:
        g = F.avg_pool2d(unseen.float()[:, None], 7, 1, 3, count_include_pad=False)[:, 0] * 49
        score = torch.where(free & (g > 0) & from_me.isfinite(), g / (from_me + 1), -1.0).view(P, -1)
        v, i = score.max(1)
        frontier, open_ = torch.stack([i // known.shape[2], i % known.shape[2]], -1), v > 0
    else: frontier, open_ = nearest(from_me, unseen)
    anywhere, open_any = nearest(from_me, known < 0)                     # rules left nothing: the nearest unseen cell
    frontier = torch.where(open_[:, None], frontier, anywhere)
    target = torch.where((open_ | open_any)[:, None], frontier, pos + pad)
    go = (goal >= 0).all(-1)
    helping = self.helping()
    if helping is not None and (helping & go).any():
        spot, found = nearest(from_me, (known < 0) & (grid_distance(free, goal.clamp(min=0) + pad)
                                                      <= self.cfg.help_radius))
        on = helping & go & found
        target, go = torch.where(on[:, None], spot, target), go & ~on
    target = torch.where(go[:, None], goal + pad, target)
    self.exploring, self.dist = ~go, grid_distance(free, target)
    self.target = (target - pad).view(B, N, 2)
    return self.dist

def knowledge(lays, comm: str, help_radius: int) -> dict:
    "When each agent first knows its own goal, and the bound max_i(that time + shortest path from there)."
    env = dict(COMM_GAP_TASKS['find'], intent_len=8)
    pol = MapFollower(PlannerConfig(comm=comm, seed=0, help_radius=help_radius))
    core = GridCore(None, n_envs=len(lays), images=False, comm=comm, **env)
    obs, (B, N) = core.reset(layouts=lays), lays.goals.shape[:2]
    pol.reset()
    dists = [grid_distance(lays.cells != WALL, lays.goals[:, i].long()) for i in range(N)]
    learn, bound = torch.full((B, N), -1), torch.zeros(B, N)
    while not core.done.all():
        a = pol(obs, core)
        new = (pol.mem.own_goal() >= 0).all(-1) & (learn < 0) & ~core.done[:, None]
        for i in range(N):
            d = dists[i][torch.arange(B), obs['pos'][:, i, 0], obs['pos'][:, i, 1]]
            bound[:, i] = torch.where(new[:, i], core.t + d, bound[:, i])
        learn = torch.where(new, core.t[:, None].expand(B, N), learn)
        obs, *_ = core.step(a, intents=pol.intents)
    L, b = core.t.float(), bound.max(1).values
    return dict(steps=L.mean().item(), knows=learn.float().mean().item(), bound=b.mean().item(),
                above_bound=(L - b).mean().item(), failures=int((~core.term).sum()))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=7, help='a tuning seed (7 or 8); 101 is held out')
    ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--rules', nargs='+', default=['base', 'help'], help='base spread cover gain help, or a+b')
    ap.add_argument('--knowledge', action='store_true', help='when goals become known, comm none vs always')
    a = ap.parse_args()
    torch.set_num_threads(1)
    lays = make_layouts(a.n, split='test', seed=a.seed, height=15, width=15, task='find')
    if a.knowledge:
        for comm in ('none', 'always'): print(comm, knowledge(lays, comm, 0))
        raise SystemExit
    MapFollower.navigate = navigate
    env = dict(COMM_GAP_TASKS['find'], intent_len=8)
    for rule in a.rules:
        RULES.clear(); RULES.update(r for r in rule.split('+') if r != 'base')
        cfg = PlannerConfig(comm='always', seed=0, help_radius=8 if 'help' in RULES else 0)
        r = run_policy(MapFollower(cfg), lays, comm='always', **env)
        print(f"{rule:20s} success {r['success'].float().mean():.3f} steps {r['length'].float().mean():.2f}")
