"""What does the latent planner add to the agent's map? A baseline with no world model: each agent keeps the same map as
`MPCAgents` (`remember_view`), takes the first move of its shortest path to the goal (`grid_distance`, unseen cells
free: the subgoal at reach 1), and gives way by the same rules. Compared with the default CEM planner on the same test layouts.

Run: .venv/bin/python bench/map_follower.py [--seeds 13 17 19] [--layouts 64] [--threads 1]"""
import argparse, time
import torch
from marl_jepa.cem_planner import MPCAgents, PlannerConfig, action_moves, run_policy
from marl_jepa.dynamics import pretrained_world_model
from marl_jepa.envs import make_layouts

class MapFollower(MPCAgents):
    "Every agent walks its map's shortest path to its goal; `MPCAgents` supplies the map and the give-way rules."
    def __call__(self, obs: dict, core) -> torch.Tensor:
        "With `subgoal_reach=1` the subgoal is the next cell of the path (or the goal when no path is known: then stay)."
        self._target(obs, core)
        step = self.subgoal - obs['pos']                                      # [B, N, 2]
        act = (step[..., None, :] == action_moves()).all(-1).float().argmax(-1)  # no match: 0, stay
        act = self._give_way(obs, act)
        self.last_pos, self.last_action = obs['pos'].clone(), act.clone()
        return act

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, nargs='+', default=[13, 17, 19]); ap.add_argument('--layouts', type=int, default=64)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    wm = pretrained_world_model()
    for seed in a.seeds:
        lays = make_layouts(a.layouts, split='test', seed=seed)
        for name, pol in (('map follower', MapFollower(wm, PlannerConfig(subgoal_reach=1))), ('cem-first', MPCAgents(wm, PlannerConfig()))):
            t, r = time.time(), run_policy(pol, lays)
            print(f"seed {seed}, {a.layouts} layouts, {name}: success {r['success'].float().mean():.1%}, blocked moves / episode {r['blocked'].mean():.2f}, "
                  f"steps (successes) {r['length'][r['success']].float().mean():.1f} ({time.time() - t:.0f} s)", flush=True)
