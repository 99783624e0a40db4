"""Check the built docs (`make docs`) in a real browser: `python tools/test_docs.py [_docs] [--screenshots DIR]`.

Installs Debian's chromium when it is missing (apt-get, as root), serves the folder on a free 127.0.0.1 port,
loads every page in headless Chromium (`--dump-dom`: the DOM after the page's scripts ran) and checks:
- no raw math (`$...$`) in the text, and no formula that failed to convert;
- no raw Markdown links (`[text](url)`) anywhere, code and signatures included, and no Markdown pipe tables;
- every local link and image resolves (the file is served, and a `#fragment` names an element of the target page);
- no link points at the online docs or the repository instead of the local copy;
- the search page finds a known function (`sigreg`) and links to its documentation.
Prints one line per check and a closing `N passed, M failed`; exits 1 when a check failed."""
import argparse, functools, html.parser, http.server, os, re, shutil, subprocess, sys, tempfile, threading, time
import urllib.parse, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'tools'))
from site_build import DOC_URL, GIT_URL   # noqa: E402

CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync',
                '--disable-default-apps', '--mute-audio', '--hide-scrollbars']
SEARCH = ('sigreg', '03_jepa.html#sigreg')   # a query and the link its results must hold

def chromium() -> str:
    "The chromium binary, installed from Debian's packages when missing."
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        if path := shutil.which(name): return path
    if os.geteuid() != 0:
        sys.exit('test_docs: chromium is missing; install it (Debian: `sudo apt-get install chromium`)')
    print('test_docs: installing chromium (apt-get)', flush=True)
    env = {**os.environ, 'DEBIAN_FRONTEND': 'noninteractive'}
    for cmd in (['apt-get', 'update', '-qq'],
                ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium']):
        if subprocess.run(cmd, env=env).returncode: sys.exit(f'test_docs: `{" ".join(cmd)}` failed')
    return shutil.which('chromium') or sys.exit('test_docs: chromium is still missing after apt-get install')

class Server:
    "A static file server for `root` on 127.0.0.1 (a free port), in a thread; stopped by `close` or `with`."
    def __init__(self, root: Path):
        handler = functools.partial(type('Quiet', (http.server.SimpleHTTPRequestHandler,),
                                         {'log_message': lambda *a: None}), directory=str(root))
        server = type('Server', (http.server.ThreadingHTTPServer,), {'handle_error': lambda *a: None})  # closed pipes
        self.httpd = server(('127.0.0.1', 0), handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}/'
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True); self.thread.start()
    def close(self): self.httpd.shutdown(); self.httpd.server_close()
    def __enter__(self): return self
    def __exit__(self, *a): self.close()

class DOM(html.parser.HTMLParser):
    "What the checks need from a page: ids, links, images, the text outside code, and all text."
    HIDDEN = {'script', 'style'}
    CODE = {'pre', 'code', 'math', 'script', 'style'}
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.images, self.prose, self.all_text = set(), [], [], [], []
        self.math = self.math_errors = 0
        self.stack = []
        self.feed(text)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in ('br', 'img', 'input', 'meta', 'link', 'hr', 'source'): self.stack.append(tag)
        if 'id' in a: self.ids.add(a['id'])
        if tag == 'a' and 'name' in a: self.ids.add(a['name'])
        if tag == 'a' and a.get('href'): self.links.append(a['href'])
        if tag in ('img', 'source') and a.get('src'): self.images.append(a['src'])
        if tag == 'link' and a.get('href'): self.links.append(a['href'])
        if tag == 'script' and a.get('src'): self.links.append(a['src'])
        if tag == 'math': self.math += 1
        if 'math-error' in (a.get('class') or ''): self.math_errors += 1
    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag: pass
    def handle_data(self, data):
        if self.HIDDEN & set(self.stack): return
        self.all_text.append(data)
        if not self.CODE & set(self.stack): self.prose.append(data)

def dump_dom(browser: str, url: str, profile: str) -> str:
    r = subprocess.run([browser, *CHROME_FLAGS, f'--user-data-dir={profile}', '--virtual-time-budget=3000',
                        '--dump-dom', url], capture_output=True, text=True, timeout=120)
    if r.returncode or '<html' not in r.stdout: raise RuntimeError(f'chromium could not load {url}: {r.stderr[-500:]}')
    return r.stdout

RAW_MATH = re.compile(r'(?<![\w$])\$(?=\S)[^$\n]{1,200}?(?<=\S)\$(?![\w$])|\$\$')
RAW_LINK = re.compile(r'\[[^\]\n]{1,200}\]\((?:https?://|[\w./-]+\.(?:html|ipynb|md|py))[^)\s]*\)')
PIPE_TABLE = re.compile(r'^\s*\|.*\|.*\|\s*$|\|\s*:?-{3,}:?\s*\|', re.M)

def main(argv=None):
    ap = argparse.ArgumentParser(description='Check the built docs in headless Chromium.')
    ap.add_argument('docs', nargs='?', default=str(ROOT / '_docs'), type=Path)
    ap.add_argument('--screenshots', type=Path, help='also save a PNG of every notebook page here')
    a = ap.parse_args(argv)
    if not (a.docs / 'index.html').is_file():
        sys.exit(f'test_docs: {a.docs}/index.html is missing: run `make docs` first')
    t0 = time.time()
    browser = chromium()
    pages = sorted(p.relative_to(a.docs).as_posix() for p in a.docs.rglob('*.html'))
    failures, checks = {}, {}
    def check(name: str, problems: list):
        checks[name] = problems
        print(f"{'ok  ' if not problems else 'FAIL'} {name}" + (f': {len(problems)} problems' if problems else ''),
              flush=True)
        for p in problems[:15]: print('       ', p)
        if problems: failures[name] = problems
    with Server(a.docs) as srv, tempfile.TemporaryDirectory() as profile:
        doms = {}
        for p in pages: doms[p] = DOM(dump_dom(browser, srv.url + p, profile))
        version = subprocess.run([browser, '--version'], capture_output=True, text=True).stdout.strip()
        print(f'test_docs: {len(pages)} pages loaded in {version} ({time.time() - t0:.0f} s)', flush=True)
        prose = {p: ''.join(d.prose) for p, d in doms.items()}
        check('no raw $...$ math in the text',
              [f'{p}: {m.group(0)[:80]!r}' for p, t in prose.items() for m in RAW_MATH.finditer(t)])
        check('every formula converted to MathML',
              [f'{p}: {d.math_errors} formulas' for p, d in doms.items() if d.math_errors])
        check('some MathML rendered', [] if sum(d.math for d in doms.values()) else ['no <math> element on any page'])
        check('no raw Markdown links (text, code, signatures)',
              [f'{p}: {m.group(0)[:100]!r}' for p, d in doms.items() for m in RAW_LINK.finditer(''.join(d.all_text))])
        check('no Markdown pipe tables in the text',
              [f'{p}: {m.group(0).strip()[:100]!r}' for p, t in prose.items() for m in PIPE_TABLE.finditer(t)])
        broken, online, seen = [], [], {}
        for p, d in doms.items():
            for ref in d.links + d.images:
                if ref.startswith(('data:', 'mailto:', 'javascript:')): continue
                if ref.startswith((DOC_URL, GIT_URL)): online.append(f'{p}: {ref}'); continue
                url = urllib.parse.urljoin(srv.url + p, ref)
                if not url.startswith(srv.url): continue   # another site: not checked (no network here)
                target, _, frag = url[len(srv.url):].partition('#')
                target = urllib.parse.unquote(target.split('?')[0]) or 'index.html'
                if target not in seen:
                    try:
                        with urllib.request.urlopen(srv.url + urllib.parse.quote(target), timeout=10) as r:
                            seen[target] = r.status == 200
                    except Exception: seen[target] = False
                if not seen[target]: broken.append(f'{p}: {ref} (not found)')
                elif frag and target in doms and frag not in doms[target].ids:
                    broken.append(f'{p}: {ref} (no #{frag} there)')
        check('every local link and image resolves', broken)
        check('no links to the online docs or the repository', online)
        q, want = SEARCH
        dom = DOM(dump_dom(browser, f'{srv.url}search.html?q={q}', profile))
        hits = [l for l in dom.links if '#' in l]
        check(f'search for {q!r} links to {want}', [] if want in hits else [f'results: {hits[:8]}'])
        if a.screenshots:
            a.screenshots.mkdir(parents=True, exist_ok=True)
            for p in [p for p in pages if '/' not in p]:
                shot = a.screenshots / (p[:-5] + '.png')
                subprocess.run([browser, *CHROME_FLAGS, f'--user-data-dir={profile}', '--window-size=1400,1000',
                                f'--screenshot={shot}', srv.url + p], capture_output=True, timeout=120)
    print(f'test_docs: {time.time() - t0:.0f} s')
    print(f'docs: {len(checks) - len(failures)} passed, {len(failures)} failed')
    sys.exit(1 if failures else 0)

if __name__ == '__main__': main()
