"""Success against message size (issue #15): the map follower with comm `always` on `relay` and `find`, its messages'
view part in each format: `none` (the header only: position, goals known, announced actions), `program` (the 00_core
DSL's `describe` of the view, at most `msg_len` predicates; only the cells they pin are merged into the receiver's
map) at several `msg_len`, and `grid` (the whole 7x7 view); beside comm `none` (no message at all).

Nothing here was tuned: the layouts are the comm-gap measurement's held-out seed 101 (64 per task).

Run: .venv/bin/python experiments/message_size.py          # writes nbs/results/message_size.json
     options: --n 64, --seed 101, --tasks relay find, --lens 1 2 4 8 16, --policies follower, --out PATH"""
import argparse, json, time
from pathlib import Path
import torch
from marl_jepa.cem_planner import COMM_GAP_TASKS, measure_comm_gap

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=64, help='layouts per task')
    ap.add_argument('--seed', type=int, default=101, help='held-out layout seed')
    ap.add_argument('--tasks', nargs='+', default=['relay', 'find'], choices=list(COMM_GAP_TASKS))
    ap.add_argument('--lens', nargs='+', type=int, default=[1, 2, 4, 8, 16], help="msg_len of 'program' messages")
    ap.add_argument('--policies', nargs='+', default=['follower'], choices=['oracle', 'follower', 'random'])
    ap.add_argument('--out', default='nbs/results/message_size.json')
    a = ap.parse_args()
    torch.set_num_threads(1)
    formats = [('none', {'msg_format': 'none'}), *((f'program {k}', {'msg_format': 'program', 'msg_len': k})
                                                  for k in a.lens), ('grid', {'msg_format': 'grid'})]
    t, out = time.time(), {'n': a.n, 'seed': a.seed, 'policies': a.policies, 'formats': {}}
    base = measure_comm_gap(None, a.n, a.seed, a.tasks, ('none',), policies=a.policies)
    out['formats']['no message'] = base
    for name, grid in formats:
        print(f'--- view part: {name}')
        out['formats'][name] = measure_comm_gap(None, a.n, a.seed, a.tasks, ('always',), policies=a.policies, grid=grid)
    out['seconds'] = round(time.time() - t)
    Path(a.out).write_text(json.dumps(out))
    print(f'wrote {a.out} ({out["seconds"]} s)')
