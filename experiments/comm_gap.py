"""How much does talking buy? Task x comm mode x policy on the same fresh held-out layouts (issue #15).

Tasks: relay (11x11: only a teammate knows each agent's goal), find (15x15, 100 steps: goals are seen, not told),
corridors (two agents swap the ends of a one-cell corridor with one passing bay), goals (each agent told its goal).
Policies: the oracle (exact joint BFS on full information), the CEM planner, the map follower, random, and (asked for
with --policies mappo) MAPPO: 06_ppo's 'MAPPO relay, comm none' and 'MAPPO relay, comm always' runs (500k env steps
each, seed 0, trained on the train split), each played in the comm mode it was trained with, on `relay` only.
`trained_policy` (06_ppo) trains a run once and keeps its checkpoint under runs/ppo/ (not committed).
Every other policy plays comm 'none', 'first' and 'always' on the same layouts; messages carry intent_len=8 announced
actions (MAPPO was trained with 4; it reads the delivered views, positions and goals, never the announced actions).

Seeds: the planner's rules (yielding to announced paths, the side-cell choice) were tuned on make_layouts(..., seed=7)
and corridor_layouts(seed=1). The measurement uses seed 101 (held out; never looked at while tuning).

Run: .venv/bin/python experiments/comm_gap.py            # 8 layouts per cell, writes nbs/results/comm_gap_small.json
     .venv/bin/python experiments/comm_gap.py --full     # 64 layouts per cell, writes nbs/results/comm_gap.json
     options: --tasks relay find, --comms none first, --policies cem follower, --seed 101, --n 16,
              --threads 1, --out PATH
     .venv/bin/python experiments/comm_gap.py --merge a.json b.json --out nbs/results/comm_gap.json
         joins runs made with different --tasks/--comms/--policies (a task measured on another number of layouts
         is kept apart, as 'find (32 layouts)')

What made the committed nbs/results/comm_gap.json (shipped world model; seed 101, 64 layouts per cell, the same
layouts for every policy and mode of a task), measured in parts on the shared 2-core machine and joined with --merge:
earlier sessions: the oracle, follower and random in every task and mode; CEM in every mode on relay and the
corridors, in 'none' and 'always' on find and goals. Session of 2026-12-01:
     --full --tasks find goals --policies cem --comms first       CEM 'first' on find and goals
     --full --tasks relay --policies mappo --comms none always    MAPPO on relay
  Measured then (load average 2.4-4.7 on the 2 cores): CEM 'first' 91% on find (vs none +3/-6, p = 0.51; 414 s) and
  91% on goals (+1/-3, p = 0.62; 178 s). MAPPO none 0%, always 45% [34%, 57%] (+29/-0, p = 3.7e-09). The two MAPPO
  runs were trained again for their checkpoints (274 s and 217 s); their final success on 06_ppo's own 200 layouts
  (0% and 52%, mean length 19.37) equals the committed nbs/results/ppo runs' exactly. Check that the parts join: CEM
  'none' on goals measured again gave the committed per-layout success and lengths exactly.
Session of 2026-12-01, after the world model was retrained (w_blocked=1, w_lip=60): every CEM row again, in three
parallel parts joined with --merge onto the file above (the other policies do not use the world model):
     --full --policies cem --tasks relay;  --tasks find;  --tasks corridors goals
  Measured then (load 2-6, 619 s, 1245 s, 1169 s): relay none / first / always 0 / 98 / 97% (before 2 / 92 / 98%),
  find 100 / 94 / 98% (95 / 91 / 97%), corridors 12 / 12 / 98% (9 / 11 / 95%), goals 95 / 98 / 98% (94 / 91 / 97%)."""
import argparse, json, time
from pathlib import Path
import torch
from marl_jepa.cem_planner import COMM_GAP_TASKS, comm_gap_rows, comm_gap_table, measure_comm_gap
from marl_jepa.dynamics import pretrained_world_model
from marl_jepa.ppo import cached_run, experiments, trained_policy

MAPPO_RUNS = {comm: experiments()[f'MAPPO relay, comm {comm}'] for comm in ('none', 'always')}   # 06_ppo's configs

def mappo_policies(task: str, comm: str) -> dict:
    "06_ppo's MAPPO trained on `relay` with this comm mode ('none' or 'always'), as {'mappo': policy}; else nothing."
    if task != 'relay' or comm not in MAPPO_RUNS: return {}
    return {'mappo': trained_policy(MAPPO_RUNS[comm], 'runs/ppo')}

def mappo_training(comms) -> dict:
    "What the MAPPO rows were trained with: per comm mode, the run's config hash, env steps, seconds, task and seed."
    out = {}
    for comm in (c for c in comms if c in MAPPO_RUNS):
        cfg, run = MAPPO_RUNS[comm], cached_run(MAPPO_RUNS[comm], 'runs/ppo')
        out[f'mappo/{comm}'] = dict(config_hash=cfg.config_hash(), env_steps=run['env_steps'],
                                    seconds=round(run['seconds']), task=cfg.env.task, seed=cfg.seed)
    return out

def merge(parts) -> dict:
    "One result dict from several: runs of the same task and layout count are joined."
    out = None
    for d in parts:
        if out is None: out = {**d, 'tasks': {}, 'seconds': 0}
        if d['seed'] != out['seed'] or d['intent_len'] != out['intent_len']:
            raise SystemExit('merge: different seed or intent_len')
        out['seconds'] += d.get('seconds', 0)
        out.setdefault('trained', {}).update(d.get('trained', {}))
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
    ap.add_argument('--policies', nargs='+', default=['oracle', 'cem', 'follower', 'random'],
                    choices=['oracle', 'cem', 'follower', 'random', 'mappo'])
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
    data = measure_comm_gap(pretrained_world_model() if 'cem' in a.policies else None, n=n, seed=a.seed,
                            tasks=a.tasks, comms=a.comms, policies=a.policies,
                            extra=mappo_policies if 'mappo' in a.policies else None)
    data['seconds'] = round(time.time() - t)
    if 'mappo' in a.policies and 'relay' in a.tasks: data['trained'] = mappo_training(a.comms)
    out.parent.mkdir(parents=True, exist_ok=True); out.write_text(json.dumps(data))
    print(comm_gap_table(comm_gap_rows(data)))
    print(f'wrote {out} ({data["seconds"]} s)')
