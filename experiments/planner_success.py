"""Success of the default planner on fresh test layouts: the oracle, random, CEM with each comm mode, and CEM
without subgoals.

Use seeds nobody tuned on to check the #6 target (CEM success >= 90% of the oracle's on the default `goals` task).
Run: .venv/bin/python experiments/planner_success.py [--seeds 19 23] [--layouts 64] [--agents 2] [--set horizon=8]
     [--threads 1]
Session 5 measured (64 layouts per seed, defaults, CEM none / first / always / always without subgoals; oracle 100%):
seed 29: 100 / 100 / 95 / 72%; seed 31: 94 / 97 / 97 / 66%. Seeds 19 and 23, before parked agents gave way:
92 / 97 / 95 / 75% and 95 / 92 / 97 / 83%."""
import argparse, time
import torch
from marl_jepa.cem_planner import MPCAgents, PlannerConfig, evaluate_planner, planner_table
from marl_jepa.dynamics import pretrained_world_model
from marl_jepa.envs import Oracle, RandomPolicy, make_layouts

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, nargs='+', default=[19, 23])
    ap.add_argument('--layouts', type=int, default=64)
    ap.add_argument('--agents', type=int, default=2); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--set', nargs='*', default=[], help='PlannerConfig overrides, e.g. horizon=8 explore=0')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    default = PlannerConfig()
    parse = lambda k, v: (v.lower() in ('1', 'true') if isinstance(getattr(default, k), bool)
                          else type(getattr(default, k))(v))
    kw = {k: parse(k, v) for k, v in (s.split('=') for s in a.set)}
    wm = pretrained_world_model()
    comms = ('none', 'first', 'always') if a.agents > 1 else ('none',)
    for seed in a.seeds:
        t = time.time()
        pols = {'oracle': Oracle(), 'random': RandomPolicy(0),
                **{f'cem-{c}': MPCAgents(wm, PlannerConfig(comm=c, **kw)) for c in comms},
                f'cem-{comms[-1]}, no subgoals':
                    MPCAgents(wm, PlannerConfig(comm=comms[-1], **{**kw, 'subgoal_reach': 0}))}
        lays = make_layouts(a.layouts, split='test', seed=seed, n_agents=a.agents)
        res = evaluate_planner(pols, lays, n_agents=a.agents)
        print(f'\nseed {seed}, {a.layouts} test layouts, {a.agents} agent(s), overrides {kw} '
              f'({time.time() - t:.0f} s)\n{planner_table(res)}', flush=True)
