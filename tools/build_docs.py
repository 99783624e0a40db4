"""Offline docs: process the notebooks as nbdev would for Quarto, then render them to HTML.

Quarto cannot be installed on the offline machines, so `make docs` uses nbdev's own notebook
processors (show_doc tables, directives such as `#| hide` and `#| export`) and nbconvert.
Output: `_docs/<notebook>.html` (one page per notebook) and `_docs/index.html`.
With --readme-only it just regenerates README.md from nbs/index.ipynb."""
import argparse, copy, html, os, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.chdir(ROOT)
os.environ.setdefault('MPLBACKEND', 'Agg')

import nbformat
from execnb.nbio import read_nb, dict2nb
from nbconvert import HTMLExporter, MarkdownExporter
from nbdev.processors import FilterDefaults

def processed(path: Path):
    "The notebook as nbdev hands it to Quarto: directives applied, `show_doc` cells executed."
    nb = read_nb(path)
    os.environ['IN_TEST'] = '1'
    try: FilterDefaults()(nb)
    finally: del os.environ['IN_TEST']
    raw = nbformat.reads(nbformat.writes(nbformat.from_dict(_plain(nb))), as_version=4)
    return raw, _title(nb)

def _plain(o):
    if isinstance(o, dict): return {k: _plain(v) for k, v in o.items() if not k.endswith('_')}
    if isinstance(o, list): return [_plain(v) for v in o]
    return o

def _title(nb) -> str:
    fm = getattr(nb, 'frontmatter_', {}) or {}
    return fm.get('title') or Path(nb.path_).stem

def _body_markdown(raw) -> str:
    md, _ = MarkdownExporter().from_notebook_node(raw)
    return md

def build_readme():
    raw, title = processed(ROOT / 'nbs/index.ipynb')
    for c in raw.cells:  # README keeps text outputs only; pictures live in the docs
        if c.cell_type == 'code':
            c.outputs = [o for o in c.outputs if not ('data' in o and 'text/plain' not in o['data'])]
    md = _body_markdown(raw).strip()
    header = f'# {title}\n\n<!-- generated from nbs/index.ipynb by tools/build_docs.py: edit the notebook, not this file -->\n\n'
    (ROOT / 'README.md').write_text(header + re.sub(r'\n{3,}', '\n\n', md) + '\n')

STYLE = """<style>
body{margin:0;font-family:system-ui,sans-serif} nav{position:fixed;top:0;left:0;bottom:0;width:220px;
overflow:auto;background:#f6f7f9;border-right:1px solid #ddd;padding:1em;box-sizing:border-box}
nav a{display:block;padding:.25em 0;color:#246;text-decoration:none} nav a.cur{font-weight:bold}
main{margin-left:240px;max-width:1000px;padding:1em 2em} table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:2px 6px} .jp-InputArea-prompt,.jp-OutputArea-prompt{display:none}
</style>"""

def build_site(out: Path):
    out.mkdir(exist_ok=True)
    nbs = sorted((ROOT / 'nbs').glob('*.ipynb'), key=lambda p: (p.stem != 'index', p.stem))
    pages = [(p, *processed(p)) for p in nbs]
    exporter = HTMLExporter(template_name='lab')
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    for p, raw, title in pages:
        nav = ''.join(f'<a class="{"cur" if q == p else ""}" href="{q.stem}.html">{html.escape(t)}</a>' for q, _, t in pages)
        body, _ = exporter.from_notebook_node(raw)
        body = body.replace('<body', f'<body><nav><b>marl_jepa</b>{nav}</nav><main', 1).replace('</body>', '</main></body>')
        body = body.replace('</head>', STYLE + '</head>', 1)
        (out / f'{p.stem}.html').write_text(body)
        print('docs:', out / f'{p.stem}.html')

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--readme-only', action='store_true')
    ap.add_argument('--out', default='_docs')
    a = ap.parse_args()
    build_readme()
    if not a.readme_only: build_site(ROOT / a.out)
