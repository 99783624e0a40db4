"""How much does talking buy? Task x comm mode x policy on the same fresh held-out layouts (issue #15).

Tasks: relay (11x11: only a teammate knows each agent's goal), find (15x15, 100 steps: goals are seen, not told),
corridors (two agents swap the ends of a one-cell corridor with one passing bay), goals (each agent told its goal).
Policies: the oracle (exact joint BFS on full information), the CEM planner, the map follower, random.
Every policy plays comm 'none', 'first' and 'always' on the same layouts; messages carry intent_len=8 announced actions.

Seeds: the planner's rules (yielding to announced paths, the side-cell choice) were tuned on make_layouts(..., seed=7)
and corridor_layouts(seed=1). The measurement uses seed 101 (held out; never looked at while tuning).

Run: .venv/bin/python experiments/comm_gap.py            # 8 layouts per cell, writes nbs/results/comm_gap_small.json
     .venv/bin/python experiments/comm_gap.py --full     # 64 layouts per cell, writes nbs/results/comm_gap.json
     options: --tasks relay find, --comms none first, --policies cem follower, --seed 101, --n 16,
              --threads 1, --out PATH
     .venv/bin/python experiments/comm_gap.py --merge a.json b.json --out nbs/results/comm_gap.json
         joins runs made with different --tasks/--comms/--policies (a task measured on another number of layouts
         is kept apart, as 'find (32 layouts)')"""
import argparse, json, time
from pathlib import Path
import torch
from marl_jepa.cem_planner import COMM_GAP_TASKS, comm_gap_rows, comm_gap_table, measure_comm_gap
from marl_jepa.dynamics import pretrained_world_model

def merge(parts) -> dict:
    "One result dict from several: runs of the same task and layout count are joined."
    out = None
    for d in parts:
        if out is None: out = {**d, 'tasks': {}, 'seconds': 0}
        if d['seed'] != out['seed'] or d['intent_len'] != out['intent_len']:
            raise SystemExit('merge: different seed or intent_len')
        out['seconds'] += d.get('seconds', 0)
        for task, res in d['tasks'].items():
            key = task if d['n'] == out['n'] else f"{task} ({d['n']} layouts)"
            t = out['tasks'].setdefault(key, {'env': res['env'], 'bits': {}, 'runs': {}})
            t['bits'].update(res['bits']); t['runs'].update(res['runs'])
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--full', action='store_true', help='64 layouts per cell (default 8)')
    ap.add_argument('--n', type=int, default=None, help='layouts per cell (overrides --full)')
    ap.add_argument('--seed', type=int, default=101, help='held-out layout seed')
    ap.add_argument('--tasks', nargs='+', default=list(COMM_GAP_TASKS), choices=list(COMM_GAP_TASKS))
    ap.add_argument('--policies', nargs='+', default=['oracle', 'cem', 'follower', 'random'])
    ap.add_argument('--comms', nargs='+', default=['none', 'first', 'always'], choices=['none', 'first', 'always'])
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--out', default=None)
    ap.add_argument('--merge', nargs='+', default=None, help='join these result files into --out instead of measuring')
    a = ap.parse_args()
    if a.merge:
        merged = merge(json.loads(Path(f).read_text()) for f in a.merge)
        Path(a.out).write_text(json.dumps(merged)); print(comm_gap_table(comm_gap_rows(merged))); raise SystemExit
    torch.set_num_threads(a.threads)
    n = a.n or (64 if a.full else 8)
    out = Path(a.out or f"nbs/results/comm_gap{'' if a.full and a.n is None else '_small'}.json")
    t = time.time()
    data = measure_comm_gap(pretrained_world_model(), n=n, seed=a.seed, tasks=a.tasks, comms=a.comms,
                            policies=a.policies)
    data['seconds'] = round(time.time() - t)
    out.parent.mkdir(parents=True, exist_ok=True); out.write_text(json.dumps(data))
    print(comm_gap_table(comm_gap_rows(data)))
    print(f'wrote {out} ({data["seconds"]} s)')
