"""The CLI's promise, field by field: a bad key or value stops the command before any work with one line naming it,
and exit status 2. Every field of every section of `RunConfig` (what configs/default.yaml configures) is given
out-of-range values (derived from the field's declared check), non-finite numbers and values of the wrong type.

`main` is called in-process once per field (the dearest part: a whole `RunConfig` merge each); every bad value of
every field is also tried on the field's own section class, which runs the same checks in milliseconds."""
import contextlib, dataclasses, io, re, typing
from pathlib import Path

import pytest

from marl_jepa.cli import RunConfig, main
from marl_jepa.core import ConfigBase, ConfigError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / 'configs' / 'default.yaml'

OTHER_BAD = {'name': ['../elsewhere', '.hidden']}   # checked in RunConfig.validate
FREE_TEXT = {'root'}                                 # any string is a folder name

def leaves(cls: type, prefix: str = ''):
    "(dotted key, type, declared check, section class, key within the section) of every leaf field under `cls`."
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        t = hints[f.name]
        if dataclasses.is_dataclass(t): yield from leaves(t, f'{prefix}{f.name}.')
        else: yield f'{prefix}{f.name}', t, cls.checks.get(f.name)

FIELDS = list(leaves(RunConfig))
SECTIONS = {f.name: typing.get_type_hints(RunConfig)[f.name] for f in dataclasses.fields(RunConfig)}

def _num(x: float, t: type) -> str: return str(int(x)) if t is int else repr(float(x))

def out_of_range(key: str, t: type, spec) -> list[str]:
    "Values the field must refuse, from its declared check (or the table above)."
    if key in OTHER_BAD: return OTHER_BAD[key]
    if spec is None: return []
    if isinstance(spec, tuple): return ['[bogus]' if typing.get_origin(t) is list else 'bogus']
    if isinstance(spec, re.Pattern): return ['bogus!']
    step = 1 if t is int else 0.5
    if m := re.fullmatch(r'(>=|>|<=|<)\s*(\S+)', spec):
        x = float(m.group(2))
        below, above = [_num(x - step, t)], [_num(x + step, t)]
        return {'>': [_num(x, t)] + below, '>=': below, '<': [_num(x, t)], '<=': above}[m.group(1)]
    m = re.fullmatch(r'([\[(])\s*(\S+)\s*,\s*(\S+)\s*([\])])', spec)
    lo, hi = float(m.group(2)), float(m.group(3))
    return [_num(lo - step if m.group(1) == '[' else lo, t), _num(hi + step if m.group(4) == ']' else hi, t)]

def non_finite(t: type) -> list[str]:
    return ['nan', 'inf', '-inf'] if t is float else ['nan', '1.5'] if t is int else []

def wrong_type(t: type) -> list[str]:
    if typing.get_origin(t) is list: return ['5']
    return {int: ['abc', 'true'], float: ['abc'], bool: ['maybe'], str: ['[1,2]']}[t]

def bad_values(key, t, spec) -> list[str]: return out_of_range(key, t, spec) + non_finite(t) + wrong_type(t)

def names_field(msg: str, key: str) -> bool:
    "Does the error line name `key` (as 'key=value', as OmegaConf's 'key', or as GridConfig's own name for it)?"
    cands = [key, key.split('.', 1)[-1]] if key.startswith('game.game.') else [key]
    if key.startswith('grid.'): cands.append(f'GridConfig.{key[5:]}')
    return any(f'{k}=' in msg or f"'{k}'" in msg for k in cands)

def test_every_number_and_choice_has_a_declared_range():
    "A field added without a check fails here: ints and floats need a range, strings a set of values or a pattern."
    missing = [k for k, t, spec in FIELDS if t is not bool and not out_of_range(k, t, spec) and k not in FREE_TEXT]
    assert not missing, f'fields without a declared check: {missing}'

def test_default_config_is_the_run_config():
    "The sweep covers every field configs/default.yaml can set: its sections are RunConfig's."
    import yaml
    assert set(yaml.safe_load(DEFAULT.read_text())) <= {k.split('.')[0] for k, _, _ in FIELDS}

def run_main(argv: list) -> tuple:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try: main(argv); return 0, err.getvalue()
        except SystemExit as e: return e.code, err.getvalue()

@pytest.mark.parametrize('key,t,spec', FIELDS, ids=[k for k, _, _ in FIELDS])
def test_cli_stops_before_any_work(tmp_path, key, t, spec):
    value = bad_values(key, t, spec)[0]
    code, err = run_main(['report', '--config', str(DEFAULT), f'root={tmp_path}', f'{key}={value}'])
    lines = err.strip().splitlines()
    assert code == 2, (key, value, code, err)
    assert len(lines) == 1 and lines[0].startswith('marl_jepa report: error: ') and names_field(lines[0], key), lines
    assert list(tmp_path.iterdir()) == [], 'work was done'

def section_of(key: str) -> tuple:
    "The config class that holds the top of `key` and the key within it (top-level fields: RunConfig itself)."
    top, _, rest = key.partition('.')
    return (SECTIONS[top], rest) if rest else (RunConfig, key)

@pytest.mark.parametrize('key,t,spec', FIELDS, ids=[k for k, _, _ in FIELDS])
def test_every_bad_value_is_refused_with_its_name(key, t, spec):
    cls, rest = section_of(key)
    for value in bad_values(key, t, spec):
        with pytest.raises(ConfigError) as e: cls.from_dict({}, [f'{rest}={value}'])
        msg = str(e.value)
        assert '\n' not in msg and (names_field(msg, rest) or names_field(msg, key)), (key, value, msg)

def test_direct_construction_is_checked_too():
    "Configs built in Python, not only from YAML or overrides, refuse the same values."
    for cls in {type(v) for v in (RunConfig().__dict__.values()) if isinstance(v, ConfigBase)}:
        for name, spec in cls.checks.items():
            t = typing.get_type_hints(cls)[name]
            if t is float:
                with pytest.raises(ConfigError, match=f'{name}=nan'): cls(**{name: float('nan')})
