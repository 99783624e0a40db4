"""Every stage on every available device, in one run: env steps of `GridCore`, world-model training steps (one step's
parts, and a run of `train_world_model` itself), one decision of every agent by the CEM planner (`MPCAgents`), one PPO
iteration (rollout + update), each beside a fixed reference computation (`reference_seconds`: 100 chained 256 x 256
float32 matmuls) timed on the same device in the same run. Figures are given in milliseconds and as multiples of the
reference ("refs"), so that runs on a loaded machine can still be compared; the load average is printed.

Usage: python bench/devices.py [--devices cpu cuda] [--threads 1] [--rounds 3] [--quick]
(--quick: one round and fewer world-model steps, the CPU only unless --devices says otherwise: a smoke run)
With no arguments it measures the CPU and, where there is one, the GPU (sizes per device below), in a few minutes
on a 2-core CPU. The GPU sizes are those of issue #20's targets: 1000 world-model steps at batch 256 in <= 15 s,
>= 100k planner agent-decisions/s at B=1024 (256 samples, horizon 8, 3 iterations), >= 500k PPO env-steps/s at
B=4096."""
import argparse, os, tempfile, time, warnings
from pathlib import Path
import numpy as np
import torch

from marl_jepa.cem_planner import MPCAgents, PlannerConfig
from marl_jepa.core import get_device
from marl_jepa.dynamics import (WindowTensors, WorldModelConfig, pretrained_world_model, profile_step,
                                reference_seconds, train_world_model)
from marl_jepa.envs import GridCore, TrajectoryWindows, collect_trajectories
from marl_jepa.ppo import PPOConfig, Runner

# per device: envs stepped together, world-model batch and steps of the timed training run, planner envs (2 agents
# each), PPO envs and rollout length
SIZES = {'cpu': dict(env_B=256, wm_batch=32, wm_steps=30, plan_B=4, ppo_B=64, ppo_T=32),
         'cuda': dict(env_B=4096, wm_batch=256, wm_steps=1000, plan_B=1024, ppo_B=4096, ppo_T=32)}
PLANNER = dict(n_samples=256, horizon=8, iters=3, comm='first')   # the planner measured

def sync(dev: torch.device):
    if dev.type == 'cuda': torch.cuda.synchronize(dev)

def best_seconds(fn, dev: torch.device, rounds: int, inner: int = 1) -> float:
    "Best of `rounds` timings of `inner` calls of `fn`, per call (after one untimed call)."
    fn(); sync(dev); best = float('inf')
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(inner): fn()
        sync(dev); best = min(best, (time.perf_counter() - t) / inner)
    return best

@torch.no_grad()
def env_step(dev: torch.device, B: int, images: bool, rounds: int) -> tuple:
    "(seconds per step of B envs, agent-steps per step)."
    core = GridCore(n_envs=B, images=images, auto_reset=True, device=dev)
    core.reset(seed=0)
    gen = torch.Generator(dev).manual_seed(0)
    acts = torch.randint(0, 5, (16, B, core.N), generator=gen, device=dev)
    i = iter(range(10**9))
    return best_seconds(lambda: core.step(acts[next(i) % 16]), dev, rounds, inner=20), B * core.N

def world_model_step(dev: torch.device, data, batch: int, rounds: int) -> float:
    "Median seconds of one training step (grid path, all parts) at `batch` windows."
    cfg = WorldModelConfig.from_dict({}, [f'train.batch_size={batch}', f'train.device={dev}'])
    return min(profile_step(cfg, WindowTensors(data, dev), steps=3)['step'] for _ in range(rounds)) / 1e3

def world_model_run(dev: torch.device, data, batch: int, steps: int) -> float:
    "Seconds of `train_world_model` itself for `steps` steps at `batch` windows (no checkpoints, no progress bar)."
    cfg = WorldModelConfig.from_dict({}, [f'train.batch_size={batch}', f'train.device={dev}', f'train.steps={steps}',
                                          'loss.num_slices=64'])
    windows = WindowTensors(data, dev)
    sync(dev); t = time.perf_counter()
    train_world_model(cfg, windows, progress=False)
    sync(dev)
    return time.perf_counter() - t

@torch.no_grad()
def planner_decision(dev: torch.device, B: int, rounds: int) -> tuple:
    "(seconds of one decision of every agent of B envs by `MPCAgents` from a fresh start, agent decisions per call)."
    core = GridCore(n_envs=B, images=True, device=dev)
    obs = core.reset(seed=0)
    agents = MPCAgents(pretrained_world_model(), PlannerConfig(**PLANNER, device=str(dev)))
    def decide(): agents.reset(); agents(obs, core)
    return best_seconds(decide, dev, rounds), B * core.N

def ppo_iteration(dev: torch.device, B: int, T: int, rounds: int) -> tuple:
    "(seconds of a MAPPO rollout, of its update), on B envs for T steps."
    cfg = PPOConfig(n_envs=B, n_steps=T, total_steps=B * T, progress=False, device=str(dev))
    run = Runner(cfg)
    run.opt = torch.optim.Adam(run.agent.parameters(), lr=cfg.lr, eps=1e-5)
    ro = run.rollout()
    return best_seconds(run.rollout, dev, rounds), best_seconds(lambda: run.update(ro, cfg.lr), dev, rounds)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--devices', nargs='*', default=['cpu'] + (['cuda'] if torch.cuda.is_available() else []))
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--quick', action='store_true', help='one round (a smoke run)')
    a = ap.parse_args()
    if a.quick: a.rounds = 1; SIZES['cpu']['wm_steps'] = 5
    warnings.filterwarnings('ignore')
    torch.set_num_threads(a.threads)
    tmp = Path(tempfile.mkdtemp())
    collect_trajectories('random', tmp / 'data', n_envs=16, n_steps=64, seed=0, progress=False)
    data = TrajectoryWindows(tmp / 'data', window=9)
    print(f'torch {torch.__version__}, {os.cpu_count()} cores, {a.threads} CPU thread(s), '
          f'load average {os.getloadavg()[0]:.2f}')
    print(f'{"device":8s} {"stage":34s} {"ms":>9s} {"refs":>8s}  throughput')
    for name in a.devices:
        dev, size = get_device(name), SIZES[get_device(name).type]
        ref = reference_seconds(dev)
        row = lambda stage, s, what: print(f'{str(dev):8s} {stage:34s} {s * 1e3:9.2f} {s / ref:8.3f}  {what}')
        row('reference (100 matmuls 256x256)', ref, f'{100 * 2 * 256**3 / ref / 1e9:.0f} GFLOP/s')
        for images in (False, True):
            s, n = env_step(dev, size['env_B'], images, a.rounds)
            row(f'env step, B={size["env_B"]}' + (', images' if images else ''), s, f'{n / s / 1e6:.2f}M agent-steps/s')
        s = world_model_step(dev, data, size['wm_batch'], a.rounds)
        row(f'world-model step, batch {size["wm_batch"]}', s, f'{1 / s:.1f} steps/s')
        n = size['wm_steps']
        s = world_model_run(dev, data, size['wm_batch'], n)
        row(f'train_world_model, {n} steps', s, f'{1000 * s / n:.1f} s per 1000 steps')
        s, n = planner_decision(dev, size['plan_B'], a.rounds)
        row(f'planner decision, B={size["plan_B"]}', s, f'{n / s:,.0f} agent-decisions/s '
            f'(S={PLANNER["n_samples"]} H={PLANNER["horizon"]} iters={PLANNER["iters"]})')
        r, u = ppo_iteration(dev, size['ppo_B'], size['ppo_T'], a.rounds)
        steps = size['ppo_B'] * size['ppo_T']
        row(f'PPO rollout, B={size["ppo_B"]} T={size["ppo_T"]}', r, f'{steps / r / 1e3:.1f}k env-steps/s')
        row('PPO update (4 epochs x 4 minibatches)', u, f'{steps / (r + u) / 1e3:.1f}k env-steps/s with the rollout')
    print(f'load average at the end {os.getloadavg()[0]:.2f}')
