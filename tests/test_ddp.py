"""World-model training under torchrun: 2 CPU processes (gloo), DistributedDataParallel."""
import os, subprocess, sys, tempfile
from pathlib import Path

from marl_jepa.core import load_checkpoint
from marl_jepa.envs import collect_trajectories

def test_two_process_ddp_run():
    d = Path(tempfile.mkdtemp())
    collect_trajectories('random', d / 'data', n_envs=4, n_steps=20, progress=False)
    torchrun = Path(sys.executable).parent / 'torchrun'
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    script = Path(__file__).parent / 'ddp_world_model.py'
    r = subprocess.run([str(torchrun), '--standalone', '--nproc_per_node', '2', str(script), str(d / 'data'),
                        str(d / 'out')], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert r.stdout.count('weights in sync') == 2, r.stdout
    assert load_checkpoint(d / 'out' / 'world_model.ckpt', kind='world_model')['step'] == 6
