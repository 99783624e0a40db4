"""Every stage gives the same results on the CPU and on a GPU, for the same seed and the same inputs.

Each check compares two devices. The `gpu` tests compare 'cpu' with 'cuda' and are skipped where there is no CUDA;
the CPU tests run the same checks with 'cpu' against 'cpu', which must agree exactly, so the checks themselves are
exercised everywhere. Env cores draw their episodes with a generator on their own device, so episodes are given
explicitly (layouts) rather than drawn, and PPO's update is compared on one rollout with one full-batch step.

The planner draws its CEM samples from a generator on its device, so on a GPU its episodes differ from the CPU's: the
GPU test compares the deterministic parts exactly (the map follower without random yielding, the imagined rollout)
and the CEM planner's success within a tolerance. On the CPU the planner plays under `simulate_device('cuda')`, which
fails on any tensor left on the CPU and must reproduce the CPU's episodes exactly."""
import copy, tempfile
from pathlib import Path

import pytest
import torch

from marl_jepa.cem_planner import MapFollower, MPCAgents, PlannerConfig, imagined_rollout, planning_frames, run_policy
from marl_jepa.core import simulate_device
from marl_jepa.dynamics import WindowTensors, WorldModelConfig, pretrained_world_model, train_world_model
from marl_jepa.envs import GridCore, TrajectoryWindows, collect_trajectories, make_layouts
from marl_jepa.ppo import PPOConfig, Runner, gae

@pytest.fixture
def exact_float():
    "No TF32 on CUDA while comparing: its 10-bit mantissa would dominate the differences."
    flags = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    yield
    torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = flags

@pytest.fixture(scope='module')
def windows():
    d = Path(tempfile.mkdtemp())
    collect_trajectories('random', d / 'data', n_envs=4, n_steps=40, seed=0, progress=False, max_cycles=15)
    return TrajectoryWindows(d / 'data', window=5)

def env_trace(device: str, steps: int = 20) -> list:
    "Observations, rewards and ends of 8 given layouts stepped with given actions."
    core = GridCore(n_envs=8, images=True, device=device)
    obs = core.reset(layouts=make_layouts(8, seed=3))
    acts = torch.randint(0, 5, (steps, 8, core.N), generator=torch.Generator().manual_seed(0))
    out = [{k: v.cpu() for k, v in obs.items()}]
    for a in acts:
        obs, rew, term, trunc, _ = core.step(a.to(device))
        out.append({**{k: v.cpu() for k, v in obs.items()}, 'rew': rew.cpu(), 'term': term.cpu(), 'trunc': trunc.cpu()})
    return out

def check_env(a: str, b: str):
    for x, y in zip(env_trace(a), env_trace(b)):
        assert x.keys() == y.keys()
        for k in x: assert torch.equal(x[k], y[k]), k

def check_batches(windows, a: str, b: str):
    idx = torch.arange(len(windows))
    x, y = WindowTensors(windows, a).batch(idx), WindowTensors(windows, b).batch(idx)
    for k in x: assert torch.equal(x[k].cpu(), y[k].cpu()), k

def check_world_model(windows, a: str, b: str):
    cfg = WorldModelConfig.from_dict({}, ['train.steps=5', 'train.batch_size=8', 'train.window=5', 'train.warmup=1',
                                          'train.log_every=1', 'model.hidden=64', 'loss.num_slices=32'])
    on = lambda d: cfg.replace(train=cfg.train.replace(device=d))
    (ma, ha), (mb, hb) = (train_world_model(on(d), windows, progress=False) for d in (a, b))
    la, lb = torch.tensor([h['loss'] for h in ha]), torch.tensor([h['loss'] for h in hb])
    assert torch.allclose(la[0], lb[0], rtol=1e-4), (la, lb)          # the same weights and batch: one forward apart
    assert torch.allclose(la, lb, rtol=1e-2), (la, lb)                # five optimizer steps later
    for (k, p), q in zip(ma.state_dict().items(), mb.state_dict().values()):
        # the projectors' first bias feeds a BatchNorm, so its gradient is rounding noise, which Adam scales up to
        # full steps: it differs between devices, and changes no output
        if not k.startswith(('proj_z', 'proj_c')): assert torch.allclose(p.cpu(), q.cpu(), atol=1e-4, rtol=1e-3), k

def to(x, device):
    return {k: to(v, device) for k, v in x.items()} if isinstance(x, dict) else x.to(device)

def check_ppo(a: str, b: str, algo: str):
    cfg = PPOConfig(algo=algo, n_envs=8, n_steps=8, total_steps=64, epochs=1, minibatches=1, progress=False)
    ref = Runner(cfg)                                                  # one rollout on the CPU, fed to both
    ro = ref.rollout()
    out = []
    for d in (a, b):
        run = Runner(cfg.replace(device=d))
        run.agent.load_state_dict(ref.agent.state_dict())
        run.opt = torch.optim.Adam(run.agent.parameters(), lr=cfg.lr, eps=1e-5)
        adv, ret = run.advantages(to(ro, d))
        stats = run.update(to(ro, d), cfg.lr)                          # one full-batch step: its order does not matter
        out.append((adv.cpu(), ret.cpu(), stats, {k: v.cpu() for k, v in run.agent.state_dict().items()}))
        kind = torch.device(d).type
        assert next(run.agent.parameters()).device.type == kind and run.core.device.type == kind
    (aa, ra, sa, wa), (ab, rb, sb, wb) = out
    assert torch.allclose(aa, ab, atol=1e-5) and torch.allclose(ra, rb, atol=1e-5)
    for k in sa: assert abs(sa[k] - sb[k]) <= 1e-4 * (1 + abs(sa[k])), (k, sa[k], sb[k])
    for k in wa: assert torch.allclose(wa[k], wb[k], atol=1e-5), k

def check_gae(a: str, b: str):
    g = torch.Generator().manual_seed(0)
    r, v, lv = torch.rand(6, 4, 2, generator=g), torch.rand(6, 4, 2, generator=g), torch.rand(4, 2, generator=g)
    d = torch.rand(6, 4, generator=g) < 0.3
    (xa, ya), (xb, yb) = (gae(*(t.to(dev) for t in (r, v, d, lv))) for dev in (a, b))
    assert torch.allclose(xa.cpu(), xb.cpu(), atol=1e-6) and torch.allclose(ya.cpu(), yb.cpu(), atol=1e-6)

SMALL = dict(n_samples=64, n_elites=8, horizon=4, iters=2)

def episodes(policy, layouts, **env) -> dict:
    r = run_policy(policy, layouts, **env)
    return {k: r[k] for k in ('success', 'length', 'blocked')}

def check_planner_simulated(comm: str):
    "On a simulated GPU the planner and the map follower play exactly the CPU's episodes, and touch no CPU tensor."
    wm, lays = pretrained_world_model(), make_layouts(2, split='test', seed=5)
    for make in (lambda d: MPCAgents(wm, PlannerConfig(comm=comm, device=d, **SMALL)),
                 lambda d: MapFollower(PlannerConfig(comm=comm, device=d))):
        ref = episodes(make('cpu'), lays, max_cycles=8)
        with simulate_device('cuda'): got = episodes(make('cuda'), lays, max_cycles=8)
        for k in ref: assert torch.equal(ref[k], got[k]), (comm, k, ref[k], got[k])
    with simulate_device('cuda'):
        assert len(planning_frames(MPCAgents(wm, PlannerConfig(device='cuda', **SMALL)), lays[[0]], max_steps=2)) == 3

def check_planner(a: str, b: str, n: int = 16, cem: dict = {}, **env):
    "The same deterministic episodes and imagined latents on both devices; CEM's success within a tolerance."
    wm, lays = pretrained_world_model(), make_layouts(n, split='test', seed=5)
    follow = [episodes(MapFollower(PlannerConfig(comm='always', yield_prob=0.0, device=d)), lays, **env)
              for d in (a, b)]
    for k in follow[0]: assert torch.equal(follow[0][k], follow[1][k]), k
    obs = GridCore(n_envs=3, images=True).reset(layouts=make_layouts(3, split='test', seed=1))
    with torch.no_grad():
        z, h = wm.backbone(obs['image'], position=obs['pos']).flatten(0, 1), wm.msg_encoder(obs['grid']).flatten(0, 1)
    seqs = torch.randint(0, 5, (len(z), 32, 4), generator=torch.Generator().manual_seed(0))
    za, zb = (imagined_rollout(MPCAgents(wm, PlannerConfig(device=d)).model, z.to(d), h.to(d), seqs.to(d)).cpu()
              for d in (a, b))
    assert torch.allclose(za, zb, atol=1e-4), (za - zb).abs().max()
    won = [episodes(MPCAgents(wm, PlannerConfig(comm='first', device=d, **cem)), lays, **env)['success'].float().mean()
           for d in (a, b)]
    assert abs(won[0] - won[1]) <= 0.25, won

def test_env_cpu(): check_env('cpu', 'cpu')
def test_batches_cpu(windows): check_batches(windows, 'cpu', 'cpu')
def test_world_model_cpu(windows): check_world_model(windows, 'cpu', 'cpu')
def test_gae_cpu(): check_gae('cpu', 'cpu')
@pytest.mark.parametrize('algo', ['ippo', 'mappo', 'coma'])
def test_ppo_cpu(algo): check_ppo('cpu', 'cpu', algo)
def test_planner_simulated(): check_planner_simulated('always')
def test_planner_cpu(): check_planner('cpu', 'cpu', n=2, cem=SMALL, max_cycles=8)

@pytest.mark.gpu
def test_env_gpu(): check_env('cpu', 'cuda')
@pytest.mark.gpu
def test_batches_gpu(windows): check_batches(windows, 'cpu', 'cuda')
@pytest.mark.gpu
def test_world_model_gpu(windows, exact_float): check_world_model(windows, 'cpu', 'cuda')
@pytest.mark.gpu
def test_gae_gpu(): check_gae('cpu', 'cuda')
@pytest.mark.gpu
@pytest.mark.parametrize('algo', ['ippo', 'mappo', 'coma'])
def test_ppo_gpu(algo, exact_float): check_ppo('cpu', 'cuda', algo)

@pytest.mark.gpu
def test_planner_gpu(exact_float): check_planner('cpu', 'cuda')

@pytest.mark.gpu
def test_run_config_device():
    "`device=cuda` reaches the world-model trainer, the planner and PPO."
    from marl_jepa.cli import RunConfig
    cfg = RunConfig.from_dict({}, ['device=cuda'])
    assert cfg.world_model_config().train.device == 'cuda' and cfg.ppo_config('mappo').device == 'cuda'
    assert cfg.planner_config('first').device == 'cuda' and MPCAgents(pretrained_world_model(), cfg.planner_config(
        'first')).device.type == 'cuda'
