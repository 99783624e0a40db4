"""Regressions of issue #17 that need processes, signals or files: the shader sandbox after an interrupt, run-folder
locks held by another process, crafted checkpoints, and datasets with missing or truncated arrays."""
import _thread, contextlib, hashlib, io, json, os, subprocess, sys, threading, time
from pathlib import Path

import numpy as np
import pytest
import torch

from marl_jepa.cli import RunLock, RunStateError, main, verify_dataset, verify_output
from marl_jepa.core import CheckpointError, load_checkpoint, save_checkpoint
from marl_jepa.envs import GridConfig, collect_trajectories
from marl_jepa.game.render import ShaderSandbox
from marl_jepa.ppo import PPOConfig, _resume_key, train_ppo

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / 'configs' / 'default.yaml'

def flat(rgb: tuple) -> str:
    return f'#version 330 core\nout vec4 c;\nvoid main() {{ c = vec4({rgb[0]:.1f}, {rgb[1]:.1f}, {rgb[2]:.1f}, 1.0); }}'

SLOW_RED = ('#version 330 core\nout vec4 c;\nuniform float u_time;\nvoid main() { float x = u_time;\n'
            '  for (int i = 0; i < 16000; i++) { x += sin(x) * 1e-9; } c = vec4(1.0, 0.0, step(1e30, x), 1.0); }')

def test_sandbox_answers_the_request_after_an_interrupt():
    "A KeyboardInterrupt while a shader renders must not make the next render return that shader's frames."
    sb = ShaderSandbox(timeout=60)
    try:
        warm = sb.render(flat((0, 0, 1)), 16, 2)
        if warm.status == 'no_gl': pytest.skip(f'no OpenGL here: {warm.log}')
        assert warm.ok and warm.frames[0, 0, 0].tolist() == [0, 0, 255]
        timer = threading.Timer(0.3, _thread.interrupt_main); timer.start()
        with pytest.raises(KeyboardInterrupt): sb.render(SLOW_RED, 64, 8)   # takes seconds: interrupted while waiting
        timer.join()
        for rgb in ((0, 1, 0), (1, 0, 0)):
            res = sb.render(flat(rgb), 16, 2)
            assert res.ok and res.frames[0, 0, 0].tolist() == [255 * v for v in rgb], (rgb, res)
    finally: sb.close()

HOLD = """import sys, time
from pathlib import Path
from marl_jepa.cli import RunLock
lock = RunLock(Path(sys.argv[1]), 'marl_jepa run name=held').acquire()
print('locked', flush=True); time.sleep(120)"""

def run_main(argv) -> tuple:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try: main(argv); return 0, err.getvalue()
        except SystemExit as e: return e.code, err.getvalue()

def test_a_run_folder_held_by_another_process_is_refused_then_taken_over(tmp_path):
    out = tmp_path / 'held'
    env = {**os.environ, 'PYTHONPATH': str(ROOT)}
    p = subprocess.Popen([sys.executable, '-c', HOLD, str(out)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert p.stdout.readline().strip() == 'locked'
        code, err = run_main(['report', '--config', str(DEFAULT), f'root={tmp_path}', 'name=held'])
        assert code == 1 and len(err.strip().splitlines()) == 1, err
        assert f'is in use by process {p.pid}' in err and 'marl_jepa run name=held' in err, err
        assert sorted(x.name for x in out.iterdir()) == ['.lock']                  # no config.yaml, no stage folder
    finally: p.kill(); p.wait()
    assert json.loads((out / '.lock').read_text())['pid'] == p.pid                # a stale lock of a dead process ...
    code, err = run_main(['report', '--config', str(DEFAULT), f'root={tmp_path}', 'name=held'])
    assert code in (0, None), err                                                # ... is taken over
    assert (out / 'report.md').exists() and json.loads((out / '.lock').read_text())['pid'] == os.getpid()

class _RunsCode:
    def __reduce__(self): return (os.system, ('touch ran-code',))

def test_ppo_checkpoint_is_loaded_as_weights_only(tmp_path, monkeypatch):
    "A crafted file at the checkpoint path, with a header that matches, is refused without running its pickle."
    monkeypatch.chdir(tmp_path)
    cfg = PPOConfig(total_steps=64, n_envs=4, n_steps=4, eval_every=0, eval_layouts=2, progress=False,
                    checkpoint=str(tmp_path / 'm.ckpt'), env=GridConfig(height=7, width=7, max_cycles=8))
    save_checkpoint({'agent': _RunsCode()}, tmp_path / 'm.ckpt', kind='ppo', meta=dict(resume_key=_resume_key(cfg)))
    with pytest.raises(CheckpointError, match='cannot be loaded'): train_ppo(cfg)
    assert not (tmp_path / 'ran-code').exists()

def test_datasets_with_missing_or_truncated_arrays_fail_verification(tmp_path):
    d = collect_trajectories('random', tmp_path / 'data' / 'a', n_envs=2, n_steps=6, progress=False, height=7, width=7)
    verify_output(tmp_path / 'data')
    (d / 'action.npy').unlink()
    with pytest.raises(RunStateError, match=r'action\.npy is missing or unreadable'): verify_dataset(d)
    collect_trajectories('random', d, n_envs=2, n_steps=6, progress=False, overwrite=True, height=7, width=7)
    (d / 'reward.npy').write_bytes((d / 'reward.npy').read_bytes()[:-8])
    with pytest.raises(RunStateError, match=r'reward\.npy is missing or unreadable'): verify_output(tmp_path / 'data')
    (d / 'meta.json').write_text('[]')
    with pytest.raises(RunStateError, match='meta.json holds a JSON list'): verify_dataset(d)
