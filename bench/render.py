"""Throughput of the clip renderers and of the batched coder/describer/rater game, in ONE run.

Frames/s for single-frame GL (one draw + one readback per frame, the compiled per-clip shader), atlas GL (all frames
of a batch in one draw), torch and Pillow, at 64x64 and 128x128; games/s of `BatchedGame` (T=8, 64x64); and the
process's memory over 10,000 batched renders. Each timing is the best of a few rounds, and the rounds interleave
the renderers, so a busy machine slows them alike and the ratios stay meaningful.

Run: .venv/bin/python bench/render.py [--quick]
On a 2-core machine, torch's OpenMP threads spin after each parallel kernel and slow llvmpipe down, so this script
sets OMP_WAIT_POLICY=PASSIVE unless the environment already sets it (OMP_WAIT_POLICY=ACTIVE shows the interference)."""
import argparse, os, time
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')   # before torch loads: see the docstring
import numpy as np
from marl_jepa.game.render import COLORS, MOTIONS, SHAPES
from marl_jepa.game.render import GLSLRenderer, render_pillow, render_torch
from marl_jepa.game.env import BatchedGame

N_ATTR = np.array([len(SHAPES), len(COLORS), len(MOTIONS)])   # values of (shape, colour, motion)

def rss_mb() -> float:
    with open('/proc/self/status') as f: return next(int(l.split()[1]) for l in f if l.startswith('VmRSS')) / 1024

def best_rate(fn, n: int, rounds: int) -> float:
    "Best of `rounds` timings of `fn()`, as n / seconds."
    best = float('inf')
    for _ in range(rounds):
        t = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t)
    return n / best

def clips(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    attrs, params = rng.integers(0, N_ATTR, (n, 3)), rng.uniform([0.1, 0.25], [0.4, 4.0], (n, 2))
    return np.concatenate([attrs, params], 1).astype(np.float32)

def frames_per_second(r: GLSLRenderer, size: int, T: int, rounds: int, quick: bool) -> dict:
    n_atlas = (2048 if size <= 64 else 512) // T // (4 if quick else 1)   # clips per batch: 2048 / 512 frames
    batch, few = clips(n_atlas), clips(16 if not quick else 8, seed=1)  # few: fits the program cache (no recompiles)
    r.render(batch, size, T); [r.render_frames(c, size, T) for c in few]  # warm-up: JIT, programs, buffers
    tests = {'single-frame GL': (lambda: [r.render_frames(c, size, T) for c in few], len(few) * T),
             'atlas GL': (lambda: r.render(batch, size, T), len(batch) * T),
             'torch': (lambda: render_torch(batch, size, T), len(batch) * T),
             'pillow': (lambda: render_pillow(few, size, T), len(few) * T)}
    rates = {k: 0.0 for k in tests}
    for _ in range(rounds):
        for k, (fn, n) in tests.items(): rates[k] = max(rates[k], best_rate(fn, n, 1))
    return rates

def games_per_second(n: int, rounds: int, steps: int, **cfg) -> float:
    game = BatchedGame(n, seed=0, size=64, frames=8, **cfg)
    rng = np.random.default_rng(0)
    acts = [rng.integers(0, N_ATTR, (n, 3)) for _ in range(4)]
    def play():
        for k in range(steps):
            game.step(acts[k % 4]); game.step(acts[(k + 1) % 4]); game.step(rng.random(n, dtype=np.float32))
    play()
    return best_rate(play, n * steps, rounds)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--quick', action='store_true'); a = ap.parse_args()
    rounds, T = (1 if a.quick else 3), 8
    r = GLSLRenderer()
    if r.gl:
        with r.gl.ctx: print(f'backend: gl ({r.gl.ctx.info["GL_RENDERER"]})')
    else: print(f'backend: {r.backend} (no GL: {r.gl_error})')
    for size in (64, 128):
        rates = frames_per_second(r, size, T, rounds, a.quick)
        print(f'\n{size}x{size}, T={T}: frames/s')
        for k, v in rates.items(): print(f'  {k:16s} {v:10,.0f}')
        if rates['single-frame GL']:
            print(f'  atlas / single-frame GL: {rates["atlas GL"] / rates["single-frame GL"]:.1f}x')
    print('\nBatchedGame, T=8, 64x64 (a game = coder + describer + rater steps):')
    for label, n, cfg in [('256 games, dedupe (default: each distinct clip rendered once)', 256, {}),
                          ('256 games, every clip rendered (dedupe=False)', 256, {'dedupe': False}),
                          ('256 games, jitter: random size and speed, all clips distinct', 256, {'jitter': True}),
                          ('64 games, every clip rendered', 64, {'dedupe': False}),
                          ('256 games, torch backend, every clip rendered', 256,
                           {'dedupe': False, 'backend': 'torch'})]:
        print(f'  {label}: {games_per_second(n, rounds, 2 if a.quick else 4, **cfg):,.0f} games/s')
    n = 1000 if a.quick else 10_000
    batch = clips(4, seed=2); [r.render(batch) for _ in range(100)]
    before = rss_mb(); t = time.perf_counter()
    for _ in range(n): r.render(batch)
    secs = time.perf_counter() - t
    print(f'\nmemory: {n:,} renders of 4 clips x 8 frames (64x64) in {secs:.1f} s: '
          f'RSS {before:.1f} MB -> {rss_mb():.1f} MB')
    r.close()
