"""Throughput of the program DSL: truth tables of views and `describe` messages per second.

Run: .venv/bin/python bench/dsl.py"""
import time
import numpy as np
from marl_jepa.dsl import atom_truth, describe, reference_views, _Bank

def timed(fn, n):
    t = time.perf_counter(); fn(); return n / (time.perf_counter() - t)

if __name__ == '__main__':
    views = reference_views(4096, seed=1)
    _Bank.default()  # build the default reference bank once, outside the timings
    print(f'atom_truth, batch of 4096: {timed(lambda: atom_truth(views), 4096):,.0f} views/s')
    print(f'atom_truth, one view a call: {timed(lambda: [atom_truth(v) for v in views[:512]], 512):,.0f} views/s')
    print(f'describe (beam 5, topk 6, len 5): {timed(lambda: [describe(v) for v in views[:100]], 100):,.1f} views/s')
