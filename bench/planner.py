"""Latency of the planners: milliseconds per agent decision of latent CEM (N=256 samples, H=8, 3 iterations) and
of the imagined-map planner (`ImaginedMapPlanner`, default settings), side by side in one run.

Run: .venv/bin/python bench/planner.py [--ckpt runs/default/world_model.ckpt] [--threads 2] [--quick]
(--quick: one env, 3 timed steps per mode: a smoke run)
Without --ckpt it plans with the world model shipped in the package (weights do not change the arithmetic)."""
import argparse, time
import torch
from marl_jepa.cem_planner import MPCAgents, PlannerConfig
from marl_jepa.dynamics import load_world_model, pretrained_world_model
from marl_jepa.envs import GridCore
from marl_jepa.latent_map import ImaginedMapPlanner, pretrained_heads

def bench(model, comm: str, n_envs: int, steps: int = 10, agents=None) -> float:
    core = GridCore(n_envs=n_envs, max_cycles=1000)
    obs = core.reset(seed=0)
    agents = agents or MPCAgents(model, PlannerConfig(comm=comm, n_samples=256, horizon=8, iters=3))
    for _ in range(3): obs, *_ = core.step(agents(obs, core))   # warm-up
    secs = 0.0
    for _ in range(steps):
        t = time.perf_counter(); act = agents(obs, core); secs += time.perf_counter() - t
        obs, *_ = core.step(act)
    return 1e3 * secs / (steps * core.B * core.N)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--ckpt'); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--quick', action='store_true', help='one env, 3 timed steps per mode')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = load_world_model(a.ckpt) if a.ckpt else pretrained_world_model()
    print(f'torch threads: {a.threads}; N=256 samples, H=8, 3 CEM iterations')
    for comm in ('none', 'first', 'always'):
        for B in ((1,) if a.quick else (1, 8)):
            ms = bench(model, comm, B, steps=3 if a.quick else 10)
            print(f'comm={comm:6s} envs={B:3d}: {ms:6.2f} ms per agent decision')
    move, view, message = pretrained_heads(model)
    for B in ((1,) if a.quick else (1, 8, 64)):
        imagined = ImaginedMapPlanner(model, move, view, message_head=message)
        ms = bench(model, 'always', B, 3 if a.quick else 10, imagined)
        print(f'imagined map envs={B:3d}: {ms:6.2f} ms per agent decision')
