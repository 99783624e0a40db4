"""The README's figures, generated from a run of `marl_jepa run`, never typed.

    python tools/readme_results.py run [key=value ...]     # run the pipeline, timed, then `summarize` it
    python tools/readme_results.py summarize runs/NAME     # the run's metrics -> nbs/results/demo.json (+ the plot)
    python tools/readme_results.py render                  # nbs/results/demo.json -> the marked parts of index.ipynb

`summarize` reads each stage's `metrics.json` of a finished run (and `timing.json`, which `run` writes: wall time,
CPU time and load average while it ran), keeps what the README shows (no training curves, no checkpoints) and writes
one small JSON file that is committed. `render` fills the parts of nbs/index.ipynb between
`<!-- generated: KEY -->` and `<!-- end generated -->` from that file; `tools/check_sync.py` runs it, so the README
(built from index.ipynb) cannot drift from the committed results. `make readme-results RUN=runs/NAME` does
`summarize`, `render` and the README build in one go."""
import argparse, datetime, json, os, re, shutil, subprocess, sys, textwrap, threading, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / 'nbs/results/demo.json'
IMAGE = ROOT / 'nbs/images/demo_success.png'
INDEX = ROOT / 'nbs/index.ipynb'
STAGES = ('collect', 'train', 'evaluate', 'heads', 'plan', 'comm', 'ppo', 'game')
DROP = {'train': ('history',), 'ppo': (), 'game': ('curve',)}   # per-step logs the README does not show
MARK = re.compile(r'(<!-- generated: (\w+) -->\n)(.*?)(<!-- end generated -->)', re.S)

# ---------------------------------------------------------------- run and summarize

def _git(*args: str) -> str:
    r = subprocess.run(['git', *args], cwd=ROOT, capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ''

def run(overrides: list) -> Path:
    "Run `marl_jepa run` with `overrides` in a child process; write its timing.json; return the run directory."
    sys.path.insert(0, str(ROOT))
    from marl_jepa.cli import load_config
    cfg = load_config(None, overrides)
    loads, done = [], threading.Event()
    def sample():
        while not done.wait(0 if not loads else 15): loads.append(os.getloadavg()[0])
    t = threading.Thread(target=sample, daemon=True); t.start()
    t0, c0 = time.time(), os.times()
    commit, dirty = _git('rev-parse', '--short', 'HEAD'), bool(_git('status', '--porcelain', '--', 'marl_jepa'))
    env = {**os.environ, 'PYTHONPATH': str(ROOT), 'OMP_WAIT_POLICY': 'PASSIVE', 'MPLBACKEND': 'Agg'}
    main = 'import sys; from marl_jepa.cli import main; main(sys.argv[1:])'   # what the `marl_jepa` command runs
    r = subprocess.run([sys.executable, '-c', main, 'run', *overrides], cwd=ROOT, env=env)
    wall, c1 = time.time() - t0, os.times()
    done.set(); t.join()
    if r.returncode: sys.exit(f'readme_results: marl_jepa run failed with exit status {r.returncode}')
    cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    timing = {'wall_seconds': wall, 'cpu_seconds': cpu,
              'load_1min': [min(loads), sum(loads) / len(loads), max(loads)], 'cores': os.cpu_count(),
              'started': datetime.datetime.fromtimestamp(t0, datetime.timezone.utc).isoformat(timespec='minutes'),
              'command': ' '.join(['marl_jepa run', *overrides]), 'commit': commit, 'dirty': dirty}
    (cfg.out / 'timing.json').write_text(json.dumps(timing, indent=1))
    return cfg.out

def summarize(run_dir: Path, out: Path = RESULTS, image: Path = IMAGE) -> dict:
    "The small JSON of a finished run that the README is generated from."
    run_dir = Path(run_dir)
    missing = [s for s in STAGES if not (run_dir / s / 'metrics.json').is_file()]
    if missing:
        sys.exit(f'readme_results: {run_dir} has no metrics.json for {", ".join(missing)}: finish the run first')
    metrics = {}
    for s in STAGES:
        m = json.loads((run_dir / s / 'metrics.json').read_text())
        for k in DROP.get(s, ()): m.pop(k, None)
        if s == 'ppo':
            for a in m['algos'].values(): a['curve'] = a['curve'][-1:]   # the last evaluation only
        metrics[s] = m
    import yaml
    timing = run_dir / 'timing.json'
    timing = json.loads(timing.read_text()) if timing.is_file() else None
    # the commit the run started at (timing.json); without one, the checkout's, which may be later than the run's
    res = {'config': yaml.safe_load((run_dir / 'config.yaml').read_text()),
           'commit': (timing or {}).get('commit') or _git('rev-parse', '--short', 'HEAD'),
           'dirty': (timing or {}).get('dirty', bool(_git('status', '--porcelain', '--', 'marl_jepa'))),
           'timing': timing, 'metrics': metrics}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=None, separators=(',', ':'), sort_keys=False) + '\n')
    if (run_dir / 'report/success.png').is_file(): shutil.copyfile(run_dir / 'report/success.png', image)
    print(f'readme_results: {out} ({out.stat().st_size // 1024} kB) from {run_dir}')
    return res

# ---------------------------------------------------------------- render

def _n(x: float, nd: int = 0) -> str: return f'{x:.{nd}f}'
def _pct(x: float) -> str: return f'{100 * x:.0f}%'
def _mean(v) -> float: return sum(v) / len(v) if len(v) else 0.0
def _solved(r: dict) -> int: return sum(bool(s) for s in r['success'])

def runtime_text(res: dict) -> str:
    "The Quick start's run-time sentence."
    t, m = res['timing'], res['metrics']
    ran = [s for s in STAGES if s in m]   # results summarized before a stage existed lack it
    secs = ', '.join(f'{s} {m[s]["seconds"]:.0f} s' for s in ran)
    if not t: return f'It runs the stages in about {sum(m[s]["seconds"] for s in ran) / 60:.0f} minutes ({secs}).'
    lo, mean, hi = t['load_1min']
    return wrap(f"It took {t['wall_seconds'] / 60:.0f} minutes of wall time "
                f"({t['cpu_seconds'] / 60:.0f} min of CPU time) "
            f"on a {t['cores']}-core CPU with a 1-minute load average of {lo:.1f} to {hi:.1f} (mean {mean:.1f}) "
            f"while it ran, measured on {t['started'][:10]} at commit {res['commit']}: {secs}. "
            'On an idle machine expect less, on a busier one more.')

def results_text(res: dict) -> str:
    "The section 'What `make demo` finds': the headline table and what it says, from the committed results."
    sys.path.insert(0, str(ROOT))
    from marl_jepa.cli import FOLLOWER, IMAGINED, RunConfig, comparison_table
    from marl_jepa.cem_planner import sign_test
    from marl_jepa.report import PPO_NAMES
    cfg, m = RunConfig.from_dict(res['config']), res['metrics']
    t = res['timing']
    table = comparison_table(cfg, m)
    plan, ppo, n = m['plan']['policies'], m['ppo']['algos'], cfg.test.n_layouts
    oracle = _mean(plan['oracle']['success'])
    cems = {k: v for k, v in plan.items() if k.startswith('CEM')}
    best_cem = max(cems, key=lambda k: _solved(cems[k])) if cems else None
    best_ppo = max(ppo, key=lambda a: _solved(ppo[a]['test'])) if ppo else None
    data = sum(v['env_steps'] for k, v in m['collect']['datasets'].items() if k.startswith('train'))
    out = [f"This is `{t['command'] if t else 'marl_jepa run'}` with `configs/default.yaml` at commit {res['commit']}"
           + (' (with uncommitted changes to the package)' if res.get('dirty') else '')
           + f"; CPU only, {cfg.threads} torch thread. All policies play the same {n} test-split layouts, which no "
           f"training used; {cfg.grid.n_agents} agents on {cfg.grid.height}x{cfg.grid.width} maps, task "
           f"`{cfg.grid.task}`, at most {cfg.grid.max_cycles} steps. With {n} layouts one layout is "
           f"{100 / n:.0f} points.", '', table.md(), '',
           "![Success on the test layouts: per policy, and by the length of the oracle's shortest joint plan]"
           '(images/demo_success.png)', '']
    if cems:
        solved = ', '.join(f'{_solved(v)} ({k.split()[-1]})' for k, v in cems.items())
        ms = [1e3 * v['sec_per_decision'] for v in cems.values()]
        f = plan.get(FOLLOWER)
        follower = (f"; the map follower (each agent walks shortest paths on the map it has seen, no world model) "
                    f"solves {_solved(f)}" if f else '')
        out.append(f"- **Planner and baselines.** The oracle solves {_solved(plan['oracle'])} of {n} layouts"
                   f"{follower}. CEM in the latent space of the world model solves {solved}; the best PPO baseline, "
                   f"{PPO_NAMES[best_ppo]}, {_solved(ppo[best_ppo]['test'])} after "
                   f"{ppo[best_ppo]['env_steps'] / 1000:.0f}k on-policy environment steps. The world model learned "
                   f"from {data / 1000:.0f}k logged environment steps and serves any goal without retraining. How "
                   'the planner works and how it fares on many more fresh layouts: 05_cem_planner; PPO with a larger '
                   'budget: 06_ppo.')
        if f:
            won, lost, p = sign_test(cems[best_cem]['success'], f['success'])
            verdict = ('beats' if _solved(cems[best_cem]) > _solved(f) else 'ties with' if _solved(cems[best_cem])
                       == _solved(f) else 'loses to')
            out.append(f"- **Against the map follower.** The best CEM ({best_cem.split()[-1]}) {verdict} the "
                       f"follower on these {n} layouts: it alone solves {won}, the follower alone {lost} (paired exact "
                       f"sign test p = {p:.2g}); the table's column `vs {FOLLOWER}` gives every policy's.")
        if (im := plan.get(IMAGINED)) and f:
            won, lost, p = sign_test(im['success'], f['success'])
            h = m.get('heads', {}).get('view_head')
            out.append(f"- **Without a symbolic map.** `05a`'s imagined-map planner walks on a map that this run's "
                       f"world model writes through heads fitted on it (`heads` stage"
                       + (f"; the view head is right on {100 * h['all']:.1f}% of test cells" if h else '')
                       + f"). It solves {_solved(im)} (against the follower: it alone solves {won}, the follower "
                       f"alone {lost}, p = {p:.2g}) at {1e3 * im['sec_per_decision']:.2f} ms per agent decision.")
        out.append(f"- **Speed.** A CEM decision ({cfg.plan.n_samples} sequences, horizon {cfg.plan.horizon}, "
                   f"{cfg.plan.iters} iterations) took {min(ms):.1f} to {max(ms):.1f} ms per agent, with "
                   f"{cfg.threads} torch thread.")
        cor = m['plan'].get('corridors') or {}
        talk = (f"- **Talking.** Blocked moves per episode: "
                + ', '.join(f"{_mean(v['blocked']):.2f} ({k.split()[-1]})" for k, v in cems.items()) + '.')
        if cor:
            ccem = {k: v for k, v in cor.items() if k.startswith('CEM')}
            talk += (f" On {cfg.plan.corridors} corridor layouts, where the two agents must pass each other "
                     f"(`plan.corridors`), the oracle solves {_solved(cor['oracle'])}"
                     + (f", the map follower {_solved(cor[FOLLOWER])}" if FOLLOWER in cor else '')
                     + (f", the imagined-map planner {_solved(cor[IMAGINED])}" if IMAGINED in cor else '') + " and CEM "
                     + ', '.join(f'{_solved(v)} ({k.split()[-1]})' for k, v in ccem.items())
                     + f"; blocked moves per episode there: "
                     + ', '.join(f"{_mean(v['blocked']):.1f}" for v in ccem.values()) + '.')
        out.append(talk)
    e = m['evaluate']
    out.append(f"- **The world model** (`evaluate_world_model`; {cfg.train.steps} training steps, z_dim "
               f"{cfg.model.z_dim}, `{cfg.loss.ssl}`): position probe R^2 {e['probe_r2'][0]:.3f} from the encoder "
               f"and {e['probe_r2'][-1]:.3f} after {len(e['probe_r2']) - 1} open-loop steps (prediction error "
               f"{e['pred_err'][-1]:.2f}, copying the last latent {e['copy_err'][-1]:.2f}); effective rank "
               f"{e['eff_rank']:.1f} of {cfg.model.z_dim}; Spearman(latent, BFS distance) {e['spearman']:.2f}"
               + (f", over the model's graph {e['graph_spearman']:.2f}" if 'graph_spearman' in e else '') + "; "
               f"greedy reach {e['greedy_reach']:.2f}; 1-step free moves decoded to the right cell "
               f"{e['nn_free_acc']:.2f}.")
    g = m['game']
    ok = lambda k: g['final'][k] <= g['targets'][k] if k == 'rater_mse' else g['final'][k] >= g['targets'][k]
    met = [k for k in g['targets'] if ok(k)]
    out.append(f"- **The language game** ({g['games'] / 1000:.0f}k games, {g['train_seconds'] / 60:.1f} min): "
                + ', '.join(f"{k.replace('_', ' ')} {g['final'][k]:.{4 if k == 'rater_mse' else 2}f} "
                            f"(target {'<=' if k == 'rater_mse' else '>='} "
                           f"{g['targets'][k]}{', met' if k in met else ', not met'})" for k in g['targets']) + '.')
    out += ['', f"`runs/{cfg.name}/report.html` of such a run shows the same with every plot and the episodes as GIFs."]
    return '\n'.join(wrap(l) for l in out)

def wrap(line: str, width: int = 108) -> str:
    """A paragraph or bullet of Markdown wrapped to `width` (tables and pictures untouched; 108 keeps index.ipynb's
    lines, quoted as JSON, within 120 characters)."""
    if line.startswith(('|', '!')) or len(line) <= width: return line
    bullet = line.startswith('- ')
    return textwrap.fill(line, width, subsequent_indent='  ' if bullet else '', break_long_words=False,
                         break_on_hyphens=False)

COMM = ROOT / 'nbs' / 'results' / 'comm_gap.json'

def comm_text(data: dict) -> str:
    "The comm-gap table of `experiments/comm_gap.py --full` and one generated sentence per task on what talking buys."
    from marl_jepa.cem_planner import comm_gap_rows, comm_gap_summary, comm_gap_table
    rows = comm_gap_rows(data)
    out = [f"{data['n']} fresh test layouts per cell (layout seed {data['seed']}; the rules were tuned on other "
           f"seeds), "
           f"2 agents, messages announce {data['intent_len']} actions. Success with 95% Wilson intervals; "
           f"`+a/-b (p)` counts layouts solved only with / only without messages (paired exact sign test).", '',
           str(comm_gap_table(rows, policies=('oracle', 'cem', 'mappo', 'follower', 'random'))), '']   # Markdown
    if trained := data.get('trained'):   # the MAPPO rows: 06_ppo's runs, each played in the mode it learned
        tasks = ', '.join(sorted({f"`{t['task']}`" for t in trained.values()}))
        modes = ', '.join(f"`{k.split('/')[1]}`" for k in trained)
        steps = '/'.join(sorted({f"{t['env_steps'] / 1000:.0f}k" for t in trained.values()}))
        out[0] += (f" MAPPO plays {tasks} only, in the comm mode it was trained with ({modes}; {steps} env steps "
                   f"of on-policy training each, `06_ppo`).")
    out += [f'- {line}' for line in comm_gap_summary(rows)]
    return '\n'.join(wrap(l) for l in out) + '\n'

LATENT = ROOT / 'nbs' / 'results' / 'latent_map.json'

def latent_text(data: dict) -> str:
    "The held-out table of `experiments/latent_map.py` and one generated sentence per setting against the follower."
    from marl_jepa.latent_map import results_summary, results_table
    out = [f"Fresh test layouts (seed {data['seed']}; tuned on {data['tuned_on']}).", '', results_table(data), '',
           *results_summary(data).split('\n')]
    return '\n'.join(wrap(l) for l in out) + '\n'

SIZES = ROOT / 'nbs' / 'results' / 'world_model_sizes.json'
WM_RUN = 'shipped, fresh layouts (seed 303)'   # world_model_sizes.json's entry for the shipped model, fresh layouts
WM_ROWS = (('probe R^2 of an 8-step prediction', lambda r: r['probe_r2'][-1], 0.8),
           ('1-step prediction decoded to the right cell (free moves)', lambda r: r['nn_free_acc'], 0.85),
           ('Spearman(latent distance, BFS distance)', lambda r: r['spearman'], 0.8),
           ('Spearman(model graph distance, BFS distance)', lambda r: r['graph_spearman'], 0.8),
           ('greedy reach: latent distance', lambda r: r['greedy_reach'], None),
           ('greedy reach: model graph distance', lambda r: r['graph_greedy_reach'], None))

def world_model_text(data: dict) -> str:
    "The shipped world model's evaluation by map size on fresh layouts, beside #16's 15 x 15 targets."
    r, sizes = data[WM_RUN], ('11x11', '15x15', '21x21')
    met = lambda v, t: '-' if t is None else f">= {t} ({'met' if v >= t else 'not met'})"
    rows = [f"| {name} | {' | '.join(f'{f(r[s]):.2f}' for s in sizes)} | {met(f(r['15x15']), t)} |"
            for name, f, t in WM_ROWS]
    out = [f"16 test layouts per size (layout seed {r['15x15']['layout_seed']}, not the seed the recipe was chosen "
           f"on); the window rows use each size's test windows. Issue #16 set the Spearman target for latent "
           f"distance; the graph row is held to the same bar. Greedy reach: the share of (start, goal) cell pairs "
           f"reached by always stepping to the neighbour that distance puts nearest the goal.", '',
           f"| metric | {' | '.join(sizes)} | 15x15 target |", '|---|---|---|---|---|', *rows]
    return '\n'.join(wrap(l) for l in out) + '\n'

def render(check: bool = False) -> bool:
    "Fill index.ipynb's generated parts from the committed results; True when it changed (or would change)."
    if not RESULTS.is_file(): sys.exit(f'readme_results: {RESULTS.relative_to(ROOT)} is missing: run `summarize` first')
    res = json.loads(RESULTS.read_text())
    texts = {'runtime': runtime_text(res), 'results': results_text(res),
             'comm': comm_text(json.loads(COMM.read_text())), 'latent': latent_text(json.loads(LATENT.read_text())),
             'worldmodel': world_model_text(json.loads(SIZES.read_text()))}
    nb = json.loads(INDEX.read_text())
    seen, changed = set(), False
    for c in nb['cells']:
        if c['cell_type'] != 'markdown': continue
        src = ''.join(c['source'])
        def fill(mt):
            key = mt.group(2)
            if key not in texts:
                sys.exit(f'readme_results: index.ipynb marks an unknown part {key!r} (known: {", ".join(texts)})')
            seen.add(key)
            return mt.group(1) + texts[key].rstrip('\n') + '\n' + mt.group(4)
        new = MARK.sub(fill, src)
        if new != src:
            changed = True
            lines = new.splitlines(keepends=True)
            c['source'] = lines
    if missing := set(texts) - seen:
        sys.exit(f'readme_results: index.ipynb has no <!-- generated: {sorted(missing)[0]} --> part')
    if changed and not check:
        INDEX.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return changed

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run', help='run the pipeline timed, then summarize and render')
    r.add_argument('overrides', nargs='*')
    s = sub.add_parser('summarize', help="a finished run's metrics -> nbs/results/demo.json, then render")
    s.add_argument('run_dir', type=Path)
    c = sub.add_parser('render', help='nbs/results/demo.json -> the generated parts of nbs/index.ipynb')
    c.add_argument('--check', action='store_true', help='exit 1 if index.ipynb is out of step, change nothing')
    a = ap.parse_args(argv)
    if a.cmd == 'run': summarize(run(a.overrides))
    elif a.cmd == 'summarize': summarize(a.run_dir)
    if a.cmd == 'render' and a.check:
        if render(check=True): sys.exit('readme_results: nbs/index.ipynb is out of step with nbs/results/demo.json')
        return
    print('readme_results: index.ipynb ' + ('updated' if render() else 'unchanged'))

if __name__ == '__main__': main()
