"""Property tests for the program DSL (marl_jepa.dsl) on inputs nobody wrote by hand."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from marl_jepa.core import NUM_CELL_TYPES
from marl_jepa.dsl import (GRID_VOCAB, MAX_PROG_LEN, EOS_IDX, Program, atom_truth, decode_programs, describe,
                           encode_programs, evaluate, parse_program, truth_values, GRID_ATOMS)
from marl_jepa.game.render import SHADER_VOCAB, shader_spec

def _param(p):
    if p.kind == 'int': return st.integers(int(p.lo), int(p.hi))
    return st.floats(p.lo, p.hi, allow_nan=False).map(lambda x: float(np.float32(x)))  # float32-exact for tensors

@st.composite
def programs(draw, vocab=GRID_VOCAB, max_len=MAX_PROG_LEN):
    n = draw(st.integers(0, max_len))
    toks = []
    for _ in range(n):
        p = draw(st.integers(0, vocab.n_prims - 1))
        toks.append((p, tuple(draw(_param(s)) for s in vocab.prims[p][1])))
    if toks and draw(st.booleans()): toks[-1] = (vocab.end_idx, ())
    return Program(tuple(toks), vocab)

views = st.lists(st.integers(0, NUM_CELL_TYPES - 1), min_size=49, max_size=49).map(lambda x: np.array(x).reshape(7, 7))

@given(programs())
def test_grid_text_round_trip(p):
    assert parse_program(repr(p)) == p

@given(programs(SHADER_VOCAB))
def test_shader_text_round_trip(p):
    assert parse_program(repr(p), SHADER_VOCAB) == p

@given(st.lists(programs(), min_size=1, max_size=6))
def test_tensor_round_trip(ps):
    assert decode_programs(encode_programs(ps)) == ps

@given(st.lists(programs(SHADER_VOCAB), min_size=1, max_size=4))
def test_shader_tensor_round_trip(ps):
    assert decode_programs(encode_programs(ps), SHADER_VOCAB) == ps

@settings(max_examples=60, deadline=None)
@given(views)
def test_describe_is_true_of_its_view(g):
    progs = describe(g)
    assert progs and all(evaluate(p, g) for p in progs)
    assert all(1 <= len(p) <= MAX_PROG_LEN for p in progs)

@settings(max_examples=60, deadline=None)
@given(views, programs())
def test_evaluate_is_conjunction(g, p):
    t = atom_truth(g)[0]
    expect = all(p_ == EOS_IDX or t[GRID_ATOMS.index((p_, ps))] for p_, ps in p.tokens)
    assert evaluate(p, g) == expect == all(truth_values(p, g))

def test_batched_truth_matches_single():
    g = np.random.default_rng(0).integers(0, 5, (32, 7, 7))
    assert (atom_truth(g) == np.concatenate([atom_truth(x) for x in g])).all()
    assert (atom_truth(torch.tensor(g)) == atom_truth(g)).all()

bad_texts = ['CellGoal(7, 0)', 'CellGoal(1)', 'CanMove(-1)', 'Near(1)', 'Foo()', 'CellGoal(1, 2) || Near()',
             'CellGoal(a, 2)', 'CellGoal(1.5, 2)', 'End() | Near()', 'SeeGoal', 'OtherAgentDirection(4)']

@pytest.mark.parametrize('text', bad_texts)
def test_bad_programs_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_program(text)

@given(st.text(max_size=30))
def test_parse_never_crashes_unexpectedly(text):
    try: parse_program(text)
    except ValueError: pass

@pytest.mark.parametrize('text', ['Shape(circle) | Shape(square) | Color(red) | Motion(pulse)',
                                  'Color(red) | Motion(pulse)', 'Shape(hexagon) | Color(red) | Motion(pulse)',
                                  'Shape(circle) | Color(red) | Motion(pulse) | Size(2.0)'])
def test_bad_shader_programs(text):
    with pytest.raises(ValueError):
        shader_spec(parse_program(text, SHADER_VOCAB))
