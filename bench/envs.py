"""Benchmark the grid world: agent-steps per second of the batched `GridCore` (symbolic views only, and with
56x56x3 images) for B in {1, 64, 4096} environments, against MiniGrid (one env, RGB partial-observation wrapper,
the same 7x7 view at 8 px per tile), in one run.

Usage: python bench/envs.py [--seconds 1.5] [--rounds 5] [--threads 1 2] [--quick]
(--quick: 0.2 s and 2 rounds per figure, one thread, B up to 64: a smoke run of a few seconds)
Each figure is the best of `rounds` timed rounds (as `timeit` does), for each torch thread count. On a busy
machine one thread is often fastest: these are many small ops, and a second thread that has to wait for a
core stalls every one of them. The load average is printed so figures from a busy machine can be told apart."""
import argparse, os, time, warnings
import torch

from marl_jepa.envs import GridCore

def best_rate(step, agent_steps:int, seconds:float, rounds:int) -> float:
    "Best agent-steps/s over `rounds` rounds of about `seconds / rounds` each."
    step(); step()  # warm up
    best = 0.0
    for _ in range(rounds):
        n, t0 = 0, time.perf_counter()
        while (dt := time.perf_counter() - t0) < seconds / rounds or n < 2: step(); n += 1
        best = max(best, n * agent_steps / dt)
    return best

def core_rate(B:int, images:bool, seconds:float, rounds:int) -> float:
    core = GridCore(n_envs=B, images=images, auto_reset=True)
    core.reset(seed=0)
    gen = torch.Generator().manual_seed(0)
    acts = [torch.randint(0, 5, (B, core.N), generator=gen) for _ in range(32)]
    i = iter(range(10**12))
    with torch.no_grad():
        return best_rate(lambda: core.step(acts[next(i) % 32]), B * core.N, seconds, rounds)

def minigrid_rate(seconds:float, rounds:int, env_id:str='MiniGrid-Empty-8x8-v0') -> float:
    import gymnasium as gym, minigrid  # noqa: F401  (registers the envs)
    from minigrid.wrappers import RGBImgPartialObsWrapper, ImgObsWrapper
    env = ImgObsWrapper(RGBImgPartialObsWrapper(gym.make(env_id), tile_size=8))
    env.reset(seed=0); env.action_space.seed(0)
    def step():
        _, _, te, tr, _ = env.step(env.action_space.sample())
        if te or tr: env.reset()
    return best_rate(step, 1, seconds, rounds)

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seconds', type=float, default=1.5, help='timed seconds per setting')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--threads', type=int, nargs='*', default=[1, 2], help='torch intra-op thread counts to try')
    ap.add_argument('--quick', action='store_true', help='a smoke run: short timings, B up to 64, one thread')
    a = ap.parse_args()
    if a.quick: a.seconds, a.rounds, a.threads = 0.2, 2, [1]
    sizes = (1, 64) if a.quick else (1, 64, 4096)
    warnings.filterwarnings('ignore')
    print(f'torch {torch.__version__}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; '
          f'best of {a.rounds} rounds per figure, agent-steps/s')
    res = {}
    print(f'{"":28s}' + ''.join(f'{f"{n} thread" + "s" * (n > 1):>16s}' for n in a.threads))
    for images in (False, True):
        for B in sizes:
            row = []
            for n in a.threads:
                torch.set_num_threads(n)
                row.append(core_rate(B, images, a.seconds, a.rounds))
            res[images, B] = max(row)
            kind = 'images' if images else 'symbolic'
            print(f'GridCore B={B:<5d} {kind:9s}' + ''.join(f'{r:16,.0f}' for r in row), flush=True)
    try:
        mg = minigrid_rate(a.seconds, a.rounds)
        print(f'MiniGrid Empty-8x8, RGBImgPartialObsWrapper (1 env): {mg:,.0f}')
        for B in sizes:
            print(f'ratio GridCore with images / MiniGrid, B={B:<5d}: {res[True, B] / mg:8.1f}x')
    except ImportError:
        mg = None
        print('MiniGrid is not installed: pip install -e ".[bench]" to compare')
    print(f'load average now {os.getloadavg()[0]:.2f}')
    if not a.quick:
        met = lambda ok: 'met' if ok else 'NOT met'
        print(f'targets: >= 1,000,000 symbolic at B=4096: {met(res[False, 4096] >= 1e6)}; '
              f'>= 100x MiniGrid with images at B=4096: {met(mg and res[True, 4096] >= 100 * mg)}')
