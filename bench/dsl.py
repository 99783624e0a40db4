"""Throughput of the program DSL: truth tables of views and `describe` messages per second.

Run: .venv/bin/python bench/dsl.py [--quick]   (--quick: smaller batches, a few seconds)"""
import argparse, time
from marl_jepa.dsl import atom_truth, describe, reference_views

def timed(fn, n):
    t = time.perf_counter(); fn(); return n / (time.perf_counter() - t)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--quick', action='store_true'); a = ap.parse_args()
    B, one, msgs = (512, 64, 10) if a.quick else (4096, 512, 100)
    views = reference_views(B, seed=1)
    describe(views[0])  # builds the default reference bank once, outside the timings
    print(f'atom_truth, batch of {B}: {timed(lambda: atom_truth(views), B):,.0f} views/s')
    print(f'atom_truth, one view a call: {timed(lambda: [atom_truth(v) for v in views[:one]], one):,.0f} views/s')
    print(f'describe (beam 5, topk 6, len 5): {timed(lambda: [describe(v) for v in views[:msgs]], msgs):,.1f} views/s')
