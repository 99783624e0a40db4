"""Are `PlannerConfig.explore` and `see_walls` still worth keeping on? (issue #16: drop defaults measured as no gain)

05_cem_planner's ablation switched each off alone and saw no difference with subgoals on; this plays CEM (comm
'first') with each off, and with both off, on find, goals and the corridors, 16 tuning layouts per task (seed 7),
on the shipped world model.

    python experiments/cem_switches.py     # writes nbs/results/cem_switches.json (about 6 min at load 3)

Measured on 2026-12-01 (world model `w_blocked=1, w_lip=60`), layouts solved of 16 (find / goals / corridors):
default 16 / 16 / 1; explore off 16 / 16 / 0; see_walls off 15 / 15 / 2; both off 4 / 12 / 0. Each switch alone
buys nothing measurable, but they stand in for each other: without both, CEM walks into walls it sees and back
into cells it has been, and `find` drops from 16 to 4. Both stay on.
"""
import json
from pathlib import Path

import torch

from marl_jepa.cem_planner import measure_comm_gap
from marl_jepa.dynamics import pretrained_world_model

VARIANTS = {'default': None, 'no explore, blind': {'explore': 0, 'see_walls': False},
            'no explore': {'explore': 0}, 'blind': {'see_walls': False}}

if __name__ == '__main__':
    torch.set_num_threads(1)
    model, out, path = pretrained_world_model(), {}, Path('nbs/results/cem_switches.json')
    for name, planner in VARIANTS.items():
        out[name] = measure_comm_gap(model, n=16, seed=7, tasks=('find', 'goals', 'corridors'), comms=('first',),
                                     policies=('cem',), planner=planner, log=lambda s: print(name, s, flush=True))
        path.write_text(json.dumps(out, indent=1) + '\n')
