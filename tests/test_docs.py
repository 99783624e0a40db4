"""The docs build: every notebook goes through nbdev's doc processors (as for Quarto) without error.

nbdev executes exported cells, imports and `show_doc` cells while building docs; a cell that mixes imports with
other code is executed too and fails there although the notebook itself runs fine. This catches that."""
import importlib.util, warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted((ROOT / 'nbs').glob('*.ipynb'))
spec = importlib.util.spec_from_file_location('build_docs', ROOT / 'tools' / 'build_docs.py')

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_docs_processing(nb):
    build_docs = importlib.util.module_from_spec(spec); spec.loader.exec_module(build_docs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        raw, title = build_docs.processed(nb)
    mixed = [str(w.message) for w in caught if 'imports and other code' in str(w.message)]
    assert not mixed, (f'{nb.name}: put imports in cells of their own (nbdev runs import cells while building docs):\n'
                       + '\n'.join(mixed))
    assert title and raw.cells

# ---- the offline site's rendering (tools/site_build.py), without a browser: `make test-docs` checks the built site

import sys
sys.path.insert(0, str(ROOT / 'tools'))

def test_site_links():
    import site_build as sb
    links = sb.Links(['index', '00_core', '08_cli'])
    assert links(sb.DOC_URL + 'core.html#evaluate') == '00_core.html#evaluate'
    assert links(sb.DOC_URL + 'cli.html') == '08_cli.html'
    assert links(f'{sb.GIT_URL}blob/{sb.BRANCH}/marl_jepa/core.py#L40') == 'src/marl_jepa/core.py.html#L40'
    assert links.sources == {'marl_jepa/core.py'}
    assert links('index.ipynb') == 'index.html' and links('08_cli.ipynb#the-config') == '08_cli.html#the-config'
    assert links('https://example.org/x.html') == 'https://example.org/x.html'

def test_site_markdown():
    pytest.importorskip('latex2mathml')
    import site_build as sb
    page = sb.Page(sb.Links(['index', '00_core']))
    out = page.markdown('## A heading\n\nInline $x_{t+1}^2$, code `$HOME` and\n\n$$\\sum_i a_i$$\n\n'
                        '| a | b |\n|---|---|\n| 1 | 2 |\n\n'
                        f'```python\ndef f(x:int, # a [`Program`]({sb.DOC_URL}core.html#program)\n): ...\n```\n')
    assert out.count('<math') == 2 and 'display="block"' in out and '$x' not in out
    assert '<code>$HOME</code>' in out
    assert '<table>' in out and '|---' not in out
    assert '<a href="00_core.html#program">Program</a>' in out and '](' not in out
    assert page.headings == [(2, 'A heading', 'a-heading')]
