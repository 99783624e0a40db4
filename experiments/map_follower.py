"""What does the latent planner add to the agent's map? `MapFollower` (in `marl_jepa.cem_planner`) keeps the same map
as `MPCAgents`, walks its shortest path to the target, and follows the same rules (yield to announced paths, give way).
Compared with the default CEM planner on the same test layouts, task `goals`.

Run: .venv/bin/python experiments/map_follower.py [--seeds 13 17 19] [--layouts 64] [--threads 1]"""
import argparse, time
import torch
from marl_jepa.cem_planner import MapFollower, MPCAgents, PlannerConfig, run_policy
from marl_jepa.dynamics import pretrained_world_model
from marl_jepa.envs import make_layouts

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, nargs='+', default=[13, 17, 19])
    ap.add_argument('--layouts', type=int, default=64)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    wm = pretrained_world_model()
    for seed in a.seeds:
        lays = make_layouts(a.layouts, split='test', seed=seed)
        pols = {'map follower': MapFollower(PlannerConfig()), 'cem-first': MPCAgents(wm, PlannerConfig())}
        for name, pol in pols.items():
            t, r = time.time(), run_policy(pol, lays)
            steps = r['length'][r['success']].float().mean()
            print(f"seed {seed}, {a.layouts} layouts, {name}: success {r['success'].float().mean():.1%}, "
                  f"blocked moves / episode {r['blocked'].mean():.2f}, steps (successes) {steps:.1f} "
                  f"({time.time() - t:.0f} s)", flush=True)
