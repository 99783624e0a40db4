"""Property tests for marl_jepa.game on inputs nobody wrote by hand: GL vs torch frames, the raw-GLSL
sandbox under junk, the game's rewards and determinism, and PettingZoo's checks for every coder action space."""
import threading, warnings
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from marl_jepa.dsl import Program
from marl_jepa.game.render import (SHADER_VOCAB, GLSLRenderer, as_spec, compile_glsl, perceive, render_pillow,
                                   render_torch, shader_program, shader_spec)
from marl_jepa.game.env import AGENTS, BatchedGame, env, program_to_tokens, similarity, tokens_to_program

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)

@pytest.fixture(scope='module')
def gl():
    r = GLSLRenderer(timeout=1.5)
    if r.backend != 'gl': pytest.skip(f'no OpenGL here: {r.gl_error}')
    yield r
    r.close()

clip = st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 3),
                 st.floats(0.05, 0.5), st.floats(0.25, 4.0))
sizes = st.one_of(st.integers(8, 96), st.tuples(st.integers(8, 96), st.integers(8, 96)))

@settings(max_examples=40, **SETTINGS)
@given(st.lists(clip, min_size=1, max_size=12), sizes, st.integers(1, 9), st.floats(0.1, 3.0), st.floats(0, 50))
def test_gl_matches_torch(gl, clips, size, frames, duration, start):
    a = gl.render(clips, size, frames, duration, start).astype(int)
    b = render_torch(clips, size, frames, duration, start).astype(int)
    d = np.abs(a - b)
    assert d.reshape(len(clips), -1).mean(1).max() <= 2 and d.max() <= 2

@settings(max_examples=8, **SETTINGS)
@given(clip, st.integers(16, 64))
def test_compiled_shader_matches_atlas(gl, c, size):
    "compile_glsl's shader, drawn in-process one frame per draw and in the sandbox, gives the atlas's frames."
    atlas = gl.render([c], size)[0].astype(int)
    assert np.abs(gl.render_frames(c, size).astype(int) - atlas).max() <= 1
    res = gl.render_source(compile_glsl(c), size)
    assert res.ok, res.log
    assert np.abs(res.frames.astype(int) - atlas).max() <= 1

junk = st.one_of(st.text(max_size=300), st.binary(max_size=300),
                 st.text(alphabet='{}();=+-*/.,#\n 01abvecfloatmainvoid', max_size=200)
                   .map(lambda s: '#version 330 core\n' + s),
                 st.sampled_from(['', ' ', '\x00', 'void main() {',
                                  '#version 330 core\nout vec4 c; void main() { c = vec4(1.0 / 0.0); }',
                                  '#version 330 core\nout vec4 c; void main() { while (true) {} c = vec4(1); }',
                                  '#version 999\nvoid main() {}', '#version 330 core\n#error nope\nvoid main() {}']))

@settings(max_examples=40, **SETTINGS)
@given(junk)
def test_sandbox_survives_junk(gl, src):
    res = gl.render_source(src, 32, 4)
    assert res.status in ('ok', 'invalid', 'compile_error', 'timeout', 'crashed', 'error')
    assert res.seconds < gl.timeout + 1.0
    if res.ok: assert res.frames.shape == (4, 32, 32, 3) and res.frames.dtype == np.uint8
    assert gl.render([(0, 1, 2)], 16, 2).max() > 0                 # the in-process renderer still works

def test_runaway_shader_is_killed_and_sandbox_recovers(gl):
    src = ('#version 330 core\nout vec4 c;\nuniform float u_time;\nvoid main() { float x = u_time;\n'
           '  for (;;) { x += sin(x) * cos(1.3 * x) + 0.5 * sin(0.7 * x + u_time); if (x > 1e30) break; }'
           ' c = vec4(x); }')
    res = gl.render_source(src, 96, 8)
    assert res.status == 'timeout' and res.seconds < gl.timeout + 1.0
    ok = gl.render_source(compile_glsl((1, 1, 1)), 32, 4)
    assert ok.ok and np.abs(ok.frames.astype(int) - gl.render([(1, 1, 1)], 32, 4)[0]).max() <= 1

def test_gl_refuses_other_threads(gl):
    errors = []
    def use():
        try: gl.render([(0, 0, 0)], 16, 1)
        except RuntimeError as e: errors.append(str(e))
    t = threading.Thread(target=use); t.start(); t.join()
    assert errors and 'thread' in errors[0]

@settings(max_examples=60, **SETTINGS)
@given(st.integers(0, 2), st.integers(0, 2), st.integers(0, 3), st.floats(0.12, 0.25), st.floats(0.25, 4.0))
def test_perceive_reads_what_was_drawn(s, c, m, size, speed):
    assert perceive(render_torch([(s, c, m, size, speed)], 64, 8)[0]) == (s, c, m)

@settings(max_examples=30, **SETTINGS)
@given(clip)
def test_pillow_roughly_agrees(c):
    d = np.abs(render_pillow([c], 48, 4).astype(int) - render_torch([c], 48, 4).astype(int))
    assert d.mean() < 8          # no anti-aliasing: edges differ by up to a pixel

@settings(max_examples=60, **SETTINGS)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 7)), min_size=1, max_size=6))
def test_token_actions_decode_or_explain(tokens):
    try: prog = tokens_to_program(tokens)
    except ValueError as e: assert 'token' in str(e) or 'expected' in str(e); return
    try: spec = shader_spec(prog)
    except ValueError as e: assert str(e); return
    assert shader_spec(tokens_to_program(program_to_tokens(prog))).attributes() == spec.attributes()

@settings(max_examples=25, **SETTINGS)
@given(st.integers(1, 12), st.integers(0, 2**31 - 1), st.sampled_from(['tuple', 'tokens']), st.booleans(),
       st.booleans())
def test_batched_game_rewards(n, seed, mode, jitter, dedupe):
    g = BatchedGame(n, seed=seed, size=16, frames=3, coder_action=mode, jitter=jitter, dedupe=dedupe, backend='torch')
    rng = np.random.default_rng(seed)
    coder = g.action_spaces['coder']; coder.seed(seed)
    acts = (np.stack([coder.sample() for _ in range(n)]) if mode == 'tokens' else rng.integers(-1, 5, (n, 3)))
    obs, r, done, _ = g.step(acts)
    assert not done.any() and obs['describer']['active'].all() and obs['describer']['frames'].shape == (n, 3, 16, 16, 3)
    g.step(rng.integers(0, [3, 3, 4], (n, 3)))
    _, r, done, info = g.step(rng.uniform(-0.5, 1.5, n))
    f = info['final']
    assert done.all() and g.agent == 'coder'
    coder = np.where(f['valid'], similarity(f['task'], f['rendered']), g.cfg.invalid_penalty)
    np.testing.assert_allclose(r['coder'], coder, atol=1e-6)
    np.testing.assert_allclose(r['describer'], similarity(f['rendered'], f['caption']), atol=1e-6)
    rater = 1 - (np.clip(f['rating'], 0, 1) - similarity(f['task'], f['caption'])) ** 2
    np.testing.assert_allclose(r['rater'], rater, atol=1e-6)
    assert all(bool(reason) != bool(v) for reason, v in zip(f['reason'], f['valid']))

def test_batched_game_is_deterministic():
    def play(seed):
        g = BatchedGame(16, seed=seed, size=16, frames=3, jitter=True, backend='torch')
        rng = np.random.default_rng(0); out = []
        for _ in range(2):
            o, *_ = g.step(rng.integers(0, [3, 3, 4], (16, 3))); out.append(o['describer']['frames'].copy())
            g.step(rng.integers(0, [3, 3, 4], (16, 3))); _, r, _, _ = g.step(rng.random(16)); out.append(r['coder'])
        return out
    a, b, c = play(3), play(3), play(4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b)) and not all(np.array_equal(x, y) for x, y in zip(a, c))

@pytest.mark.parametrize('mode', ['tuple', 'tokens', 'glsl'])
def test_pettingzoo(mode):
    from pettingzoo.test import api_test, seed_test
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        api_test(env(size=16, frames=3, coder_action=mode), num_cycles=20)
        seed_test(lambda: env(size=16, frames=3, coder_action=mode), num_cycles=20)

def test_raw_glsl_coder_is_scored_by_what_it_drew(gl):
    e = env(size=48, frames=8, coder_action='glsl')
    e.reset(seed=0)
    task = tuple(int(v) for v in e.observe('coder')['task'])
    e.step(compile_glsl(task))
    assert e.infos['coder']['valid'] and e.infos['coder']['rendered'] == task
    e.step(np.array(task)); e.step(np.array([1.0], np.float32))
    assert [e.rewards[a] for a in AGENTS] == [1.0, 1.0, 1.0]
    e.reset(seed=0); e.step('#version 330 core\nvoid main() { nope }')
    assert not e.infos['coder']['valid'] and 'compile_error' in e.infos['coder']['reason']

def test_batched_game_takes_tensors_and_integral_floats():
    import torch
    g = BatchedGame(4, seed=0, size=16, frames=2, backend='torch')
    g.step(torch.tensor([[0, 1, 2]] * 4)); assert g.valid.all()
    g.step(np.array([[0., 1., 2.]] * 4)); _, r, _, _ = g.step(torch.ones(4))
    assert (r['coder'] >= 0).all() and (r['describer'] == 1).all()
    g.step(np.array([[0.5, 1, 2]] * 4)); assert not g.valid.any()
    with pytest.raises(ValueError, match='describer actions must be 4 int triples'): g.step(np.full((4, 3), 7))

def test_renderer_rejects_a_bare_clip():
    r = GLSLRenderer(backend='torch')
    with pytest.raises(ValueError, match='wrap a single clip in a list'):
        r.render('Shape(circle) | Color(red) | Motion(pulse)')
    assert r.render(['Shape(circle) | Color(red) | Motion(pulse)'], 16, 2).shape == (1, 2, 16, 16, 3)
