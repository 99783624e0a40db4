"""A 2-process CPU DistributedDataParallel run of `train_world_model`; launched by tests/test_ddp.py:

    torchrun --standalone --nproc_per_node 2 tests/ddp_world_model.py DATA_DIR OUT_DIR
"""
import os, sys
import torch
import torch.distributed as dist
from marl_jepa.dynamics import WorldModelConfig, train_world_model
from marl_jepa.envs import TrajectoryWindows

if __name__ == '__main__':
    data, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    cfg = WorldModelConfig.from_dict({}, ['train.steps=6', 'train.batch_size=8', 'train.window=4',
                                          'train.ckpt_every=3', 'train.warmup=1', 'train.device=cpu',
                                          'model.hidden=64', 'loss.num_slices=32'])
    model, hist = train_world_model(cfg, TrajectoryWindows(data, window=4), out, progress=False)
    flat = torch.cat([p.detach().flatten() for p in model.parameters()])
    gathered = [torch.zeros_like(flat) for _ in range(dist.get_world_size())]
    dist.all_gather(gathered, flat)
    assert all(torch.equal(gathered[0], g) for g in gathered), 'ranks disagree on the weights'
    print(f'rank {dist.get_rank()}/{dist.get_world_size()}: {len(hist)} logged steps, '
          f'last loss {hist[-1]["loss"]:.4f}, weights in sync')
    dist.barrier()
    sys.stdout.flush()
    # skip gloo's teardown: after all work is done it rarely aborts at exit
    # ("terminate called without an active exception")
    os._exit(0)
