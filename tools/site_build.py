"""The offline documentation site: the processed notebooks as pages that read like the Quarto site.

`build_site(out, processed)` writes into `out`:
- one page per notebook (`00_core.html`, ..., `index.html`) with a sidebar (the pages, a search box), a per-page table
  of contents, previous/next links, code highlighted by Pygments in blocks that scroll sideways, Markdown tables,
  math as MathML (latex2mathml, rendered by the browser without any script or network);
- nbdev's doc links (`<doc_host>/<module>.html#sym`) pointing at the local page of the notebook that exports the
  module, and its "source" links (`<git_url>/blob/<branch>/<file>#L<n>`) at local highlighted copies of the files
  (`src/<file>.html#L<n>`);
- `search.html` and `search_index.js`: every heading and API symbol with a line of text, searched in the page by a
  small script (`search.html?q=sigreg` shows the results for `sigreg`).
Nothing is fetched from the network, neither while building nor while reading."""
import base64, html, json, re, shutil
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_cfg = ConfigParser(delimiters=['=']); _cfg.read(ROOT / 'settings.ini')
CFG = _cfg['DEFAULT']
DOC_URL = (CFG.get('doc_host', '') + CFG.get('doc_baseurl', '')).rstrip('/') + '/'
GIT_URL = CFG.get('git_url', '').rstrip('/') + '/'
BRANCH = CFG.get('branch', 'main')

# ---------------------------------------------------------------- links

class Links:
    "Maps the links nbdev writes (online docs, repository) to pages and files of the local site."
    def __init__(self, stems: list):
        self.stems = set(stems)
        # nbdev's page name (dsl) -> notebook (00a_dsl)
        self.page = {re.sub(r'^\d+[a-zA-Z0-9]*_', '', s): s for s in stems}
        self.sources = set()                                       # repository files the site needs a page for

    def __call__(self, url: str) -> str:
        url = html.unescape(url)
        if url.startswith(DOC_URL):
            page, _, frag = url[len(DOC_URL):].partition('#')
            stem = page[:-len('.html')] if page.endswith('.html') else page
            stem = self.page.get(stem, stem) or 'index'
            if stem in self.stems: return f'{stem}.html' + (f'#{frag}' if frag else '')
            return url
        for prefix in (f'{GIT_URL}blob/{BRANCH}/', f'{GIT_URL}tree/{BRANCH}/'):
            if url.startswith(prefix):
                path, _, frag = url[len(prefix):].partition('#')
                return self.local_file(path, frag) or url
        if not re.match(r'^[a-z]+:|^#|^/', url):   # a relative link: notebooks are pages here
            path, _, frag = url.partition('#')
            if path.endswith('.ipynb') and Path(path).stem in self.stems:
                return f'{Path(path).stem}.html' + (f'#{frag}' if frag else '')
        return url

    def local_file(self, path: str, frag: str = '') -> str | None:
        "The local page of repository file `path` (a notebook's page, a highlighted copy, a rendered .md), or None."
        if path.startswith('nbs/') and path.endswith('.ipynb') and Path(path).stem in self.stems:
            return f'{Path(path).stem}.html'
        kinds = ('.py', '.yaml', '.yml', '.ini', '.txt', '.toml', '.cfg', '.md')
        if not (ROOT / path).is_file() or not path.endswith(kinds):
            return None
        self.sources.add(path)
        m = re.fullmatch(r'L(\d+)(?:-L\d+)?', frag)
        return f'src/{path}.html' + (f'#L{m.group(1)}' if m else f'#{frag}' if frag else '')

# ---------------------------------------------------------------- markdown with math and highlighted code

_CODE_FENCE = re.compile(r'^(```|~~~)[^\n]*\n.*?^\1[ \t]*$', re.S | re.M)
_CODE_SPAN = re.compile(r'(`+)(?!`).+?(?<!`)\1(?!`)', re.S)
_MATH_BLOCK = re.compile(r'\$\$(.+?)\$\$', re.S)
_MATH_INLINE = re.compile(r'(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])')
_MD_LINK = re.compile(r'\[`?([^\]\[`]+?)`?\]\(([^)\s]+)\)')

def math_html(tex: str, display: bool) -> str:
    "MathML for LaTeX `tex` (the source kept as `data-tex` and as the fallback text of a failed conversion)."
    from latex2mathml.converter import convert
    try: m = convert(tex.strip(), display='block' if display else 'inline')
    except Exception: return f'<code class="math-error" title="could not convert">{html.escape(tex)}</code>'
    return m.replace('<math ', f'<math data-tex="{html.escape(tex.strip())}" ', 1)

def highlight(code: str, links: Links | None = None, lang: str = 'python') -> str:
    "Pygments HTML of `code`; Markdown links inside it (nbdev's signatures) become real links."
    from pygments import highlight as hl
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name, TextLexer
    found = []
    def keep(m):
        found.append((m.group(1), m.group(2))); return f'LNKPH{len(found) - 1}X'
    if links is not None: code = _MD_LINK.sub(keep, code)
    try: lexer = get_lexer_by_name(lang or 'text')
    except Exception: lexer = TextLexer()
    out = hl(code, lexer, HtmlFormatter(nowrap=True))
    for i, (text, url) in enumerate(found):
        out = out.replace(f'LNKPH{i}X', f'<a href="{html.escape(links(url))}">{html.escape(text)}</a>', 1)
    return f'<pre class="code"><code>{out}</code></pre>'

class Page:
    "Renders one page's Markdown and code; collects its headings (for the TOC and the search index)."
    def __init__(self, links: Links):
        import mistune
        self.links, self.headings, self.ids = links, [], set()
        page = self
        class Renderer(mistune.HTMLRenderer):
            def heading(self, text, level, **attrs):
                plain = re.sub(r'<[^>]+>', '', text)
                hid = page.unique_id(plain)
                page.headings.append((level, html.unescape(plain), hid))
                return f'<h{level} id="{hid}"><a class="anchor" href="#{hid}">{text}</a></h{level}>\n'
            def block_code(self, code, info=None):
                return highlight(code, page.links, (info or 'text').split()[0]) + '\n'
            def link(self, text, url, title=None):
                return super().link(text, page.links(url), title)
            def image(self, text, url, title=None):
                return super().image(text, page.links(url), title)
            def table(self, text): return f'<div class="table-wrap"><table>{text}</table></div>\n'
        self.md = mistune.create_markdown(renderer=Renderer(escape=False), plugins=['table', 'strikethrough', 'url'])

    def unique_id(self, text: str) -> str:
        "Quarto's/nbdev's anchor of a heading: lower case, spaces to '-', most punctuation dropped."
        base = re.sub(r'[^\w.\- ]', '', text.strip().lower()).replace(' ', '-') or 'section'
        hid, n = base, 1
        while hid in self.ids: hid, n = f'{base}-{n}', n + 1
        self.ids.add(hid)
        return hid

    def markdown(self, text: str) -> str:
        "HTML of Markdown `text`, with $...$ and $$...$$ as MathML (never inside code)."
        text = re.sub(r'\{target="_blank"[^}]*\}', '', text)
        kept, maths = [], []
        def protect(m): kept.append(m.group(0)); return f'CODEPH{len(kept) - 1}X'
        def mathph(display):
            def f(m): maths.append((m.group(1), display)); return f'MATHPH{len(maths) - 1}X'
            return f
        text = _CODE_FENCE.sub(protect, text)
        text = _CODE_SPAN.sub(protect, text)
        text = _MATH_BLOCK.sub(mathph(True), text)
        text = _MATH_INLINE.sub(mathph(False), text)
        for i in reversed(range(len(kept))): text = text.replace(f'CODEPH{i}X', kept[i], 1)
        out = self.md(text)
        for i, (tex, display) in enumerate(maths): out = out.replace(f'MATHPH{i}X', math_html(tex, display), 1)
        return re.sub(r'<p>(<a href="src/[^"]*">source</a>)</p>', r'<p class="source">\1</p>', out)

# ---------------------------------------------------------------- cells

def _directives(src: str) -> dict:
    return {m.group(1).strip(): m.group(2).strip() for m in re.finditer(r'^#\|\s*([\w-]+)\s*:?\s*(.*)$', src, re.M)}

def cell_html(c, page: Page) -> str:
    if c.cell_type == 'markdown': return page.markdown(c.source)
    if c.cell_type != 'code': return ''
    d = _directives(c.source)
    src = '\n'.join(l for l in c.source.splitlines() if not l.startswith('#|')).strip()
    parts = []
    if src and d.get('echo', 'true').lower() != 'false': parts.append(highlight(src))
    for o in c.get('outputs', []):
        if o.output_type == 'stream':
            parts.append(f'<pre class="out">{html.escape(o.text)}</pre>')
        elif o.output_type == 'error':
            parts.append(f'<pre class="out error">{html.escape(o.ename)}: {html.escape(o.evalue)}</pre>')
        elif 'data' in o:
            data = o['data']
            if 'text/markdown' in data: parts.append(page.markdown(data['text/markdown']))
            elif 'image/png' in data or 'image/gif' in data or 'image/jpeg' in data:
                kind = next(k for k in ('image/png', 'image/gif', 'image/jpeg') if k in data)
                img = data[kind] if isinstance(data[kind], str) else ''.join(data[kind])
                parts.append(f'<img class="out" alt="output" src="data:{kind};base64,{img.strip()}">')
            elif 'image/svg+xml' in data: parts.append(f'<div class="out">{data["image/svg+xml"]}</div>')
            elif 'text/html' in data: parts.append(f'<div class="out">{data["text/html"]}</div>')
            elif 'text/plain' in data: parts.append(f'<pre class="out">{html.escape(data["text/plain"])}</pre>')
    return f'<div class="cell">{"".join(parts)}</div>\n' if parts else ''

# ---------------------------------------------------------------- pages

def _first_md(nb) -> str: return next((c.source for c in nb.cells if c.cell_type == 'markdown'), '')

def page_info(path: Path) -> tuple:
    "(title, description) of a notebook from its first Markdown cell (`# Title` and `> description`)."
    from execnb.nbio import read_nb
    src = _first_md(read_nb(path))
    t = re.search(r'^#\s+(.+)$', src, re.M)
    d = re.search(r'^>\s*(.+)$', src, re.M)
    return (t.group(1).strip() if t else path.stem), (d.group(1).strip() if d else '')

def label(stem: str, title: str) -> str:
    "The sidebar label of a page: its number and the module it exports ('03 · jepa'), the same form for all."
    m = re.match(r'^(\d+[a-z]?)_(.+)$', stem)
    return f'{m.group(1)} · {m.group(2)}' if m else title

def sidebar(pages: list, cur: str) -> str:
    items = ''.join(f'<li><a class="{"cur" if s == cur else ""}" href="{s}.html">{html.escape(l)}</a></li>'
                    for s, l in pages)
    return (f'<nav class="side"><a class="brand" href="index.html">{html.escape(CFG["lib_name"])}</a>'
            '<form class="search" action="search.html"><input name="q" type="search" placeholder="Search" '
            f'aria-label="Search the docs"></form><ul>{items}</ul></nav>')

def toc(headings: list) -> str:
    items = ''.join(f'<li class="l{l}"><a href="#{i}">{html.escape(t)}</a></li>' for l, t, i in headings if l in (2, 3))
    return f'<nav class="toc"><b>On this page</b><ul>{items}</ul></nav>' if items else ''

def layout(title: str, body: str, side: str, right: str = '', scripts: str = '') -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(title)}</title><link rel="stylesheet" href="site.css"></head>\n'
            f'<body>{side}<main>{body}</main>{right}{scripts}</body></html>\n')

def source_page(path: str, out: Path, n_up: int) -> None:
    "A highlighted copy of repository file `path` with an anchor per line (`#L12`)."
    from pygments import highlight as hl
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_for_filename, TextLexer
    text = (ROOT / path).read_text()
    try: lexer = get_lexer_for_filename(path)
    except Exception: lexer = TextLexer()
    # Pygments closes and reopens its spans at each line end, so the lines split cleanly; nbdev links say `#L12`
    lines = hl(text, lexer, HtmlFormatter(nowrap=True)).split('\n')
    code = '\n'.join(f'<a class="ln" id="L{i}" href="#L{i}">{i}</a>{l}' for i, l in enumerate(lines, 1))
    up = '../' * n_up
    generated = path.startswith(CFG.get('lib_path', 'marl_jepa') + '/')
    body = (f'<h1>{html.escape(path)}</h1>'
            + ('<p>Generated from the notebooks by nbdev; edit the notebook, not this file.</p>' if generated else '')
            + f'<pre class="code src"><code>{code}</code></pre>')
    side = (f'<nav class="side"><a class="brand" href="{up}index.html">{html.escape(CFG["lib_name"])}</a>'
            f'<ul><li><a href="{up}index.html">back to the docs</a></li></ul></nav>')
    if path.endswith('.md'): body = Page(Links([])).markdown(text)   # prose (DEVELOPERS.md): rendered, not listed
    page = layout(path, body, side)
    dest = out / 'src' / f'{path}.html'
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(page.replace('href="site.css"', f'href="{up}site.css"'))

def build_site(out: Path, processed) -> list:
    "Write the site into `out` from `processed(path) -> (notebook, title)`; returns the pages written."
    import latex2mathml  # noqa: F401  (fail early with a clear message when the dev extra is missing)
    out.mkdir(exist_ok=True)
    for d in ('images',):
        if (ROOT / 'nbs' / d).is_dir(): shutil.copytree(ROOT / 'nbs' / d, out / d, dirs_exist_ok=True)
    nbs = sorted((ROOT / 'nbs').glob('*.ipynb'), key=lambda p: (p.stem != 'index', p.stem))
    info = {p.stem: page_info(p) for p in nbs}
    pages = [(p.stem, 'Overview' if p.stem == 'index' else label(p.stem, info[p.stem][0])) for p in nbs]
    links, index, written = Links([p.stem for p in nbs]), [], []
    for k, p in enumerate(nbs):
        raw, _ = processed(p)
        title, desc = info[p.stem]
        page = Page(links)
        page.ids.add('top')
        cells = [c for c in raw.cells if c.cell_type != 'raw']
        first = next((i for i, c in enumerate(cells)
                      if c.cell_type == 'markdown' and re.search(r'^#\s', c.source, re.M)), None)
        if first is not None:   # the title block: the notebook's `# Title` and `> description`
            cells[first].source = re.sub(r'^#\s+.+\n?|^>\s*.+\n?', '', cells[first].source, flags=re.M)
        lead = re.sub(r'^<p>|</p>\s*$', '', page.markdown(desc).strip()) if desc else ''
        body = [f'<header id="top"><h1>{html.escape(title)}</h1>'
                + (f'<p class="description">{lead}</p>' if lead else '') + '</header>']
        body += [cell_html(c, page) for c in cells]
        prev_, next_ = (pages[k - 1] if k > 0 else None), (pages[k + 1] if k + 1 < len(pages) else None)
        body.append('<footer class="pager">'
                    + (f'<a class="prev" href="{prev_[0]}.html">&larr; {html.escape(prev_[1])}</a>'
                       if prev_ else '<span></span>')
                    + (f'<a class="next" href="{next_[0]}.html">{html.escape(next_[1])} &rarr;</a>'
                       if next_ else '<span></span>')
                    + '</footer>')
        doc = layout(f'{title} – {CFG["lib_name"]}', ''.join(body), sidebar(pages, p.stem), toc(page.headings))
        (out / f'{p.stem}.html').write_text(doc)
        written.append(out / f'{p.stem}.html')
        index.append({'t': title, 'p': f'{p.stem}.html', 's': label(p.stem, title), 'd': desc})
        index += [{'t': t, 'p': f'{p.stem}.html#{i}', 's': label(p.stem, title), 'd': _heading_text(doc, i)}
                  for l, t, i in page.headings]
        print('docs:', out / f'{p.stem}.html')
    unlink_missing(written)
    for path in sorted(links.sources):
        source_page(path, out, n_up=path.count('/') + 1)
    (out / 'search_index.js').write_text('window.SEARCH_INDEX = ' + json.dumps(index, ensure_ascii=False) + ';\n')
    scripts = '<script src="search_index.js"></script><script src="search.js"></script>'
    (out / 'search.html').write_text(layout(f'Search – {CFG["lib_name"]}', '<h1>Search</h1><div id="results"></div>',
                                            sidebar(pages, 'search'), scripts=scripts))
    shutil.copyfile(ROOT / 'tools/site/search.js', out / 'search.js')
    shutil.copyfile(ROOT / 'tools/site/site.css', out / 'site.css')
    print(f'docs: {len(written)} pages, {len(links.sources)} source files, {len(index)} search entries in {out}')
    return written

def unlink_missing(pages: list) -> None:
    "Links between pages to an anchor that no page has (nbdev links private or undocumented names) become plain text."
    ids = {p.name: set(re.findall(r'\sid="([^"]+)"', p.read_text())) for p in pages}
    dropped = []
    def fix(m):
        page, frag = m.group(2), m.group(3)
        if page in ids and frag not in ids[page]: dropped.append(f'{page}#{frag}'); return m.group(4)
        return m.group(0)
    for p in pages:
        ids[''] = ids[p.name]
        text = re.sub(r'<a href="(([\w.-]*?\.html|))#([^"]+)">(.*?)</a>', fix, p.read_text())
        p.write_text(text)
    if dropped:
        names = ', '.join(sorted(set(dropped)))
        print(f'docs: {len(dropped)} links to names without documentation left as text: {names}')

def _heading_text(doc: str, hid: str) -> str:
    "About 160 characters of the text that follows heading `hid` (for the search results)."
    m = re.search(rf'id="{re.escape(hid)}".*?</h\d>(.*?)(?:<h\d |$)', doc, re.S)
    if not m: return ''
    text = re.sub(r'<(pre|math)\b.*?</\1>', ' ', m.group(1), flags=re.S)
    text = html.unescape(re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', text))).strip()
    return text[:160]
