"""deploy/nginx.conf, run by a real nginx in front of the built site.

The repository's site is built into a temporary folder; deploy/nginx.conf is copied with only its
`listen` lines (a free port on 127.0.0.1) and its `root` line (the built folder) replaced, and
included from a minimal main configuration whose pid file, logs and temporary folders are in the
temporary folder too. nginx runs in the foreground (`-g 'daemon off;'`) for the tests of this
module and is stopped at the end. Checked: every built file's status and content type; every
security header on every response (HTML, the stylesheet, redirects and 404s alike); caching; the
Danish 404 page for an unknown path; no way out of the root (`..`, encoded `..`, symbolic links,
hidden files); GET and HEAD only.

nginx must be Debian's, at /usr/sbin/nginx (`apt-get install -y nginx`). Without it the tests
skip, except under CI=true, where they fail: a CI run that silently skips them is worse than a red one.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import skip_or_fail

from iskias_site.pipeline.site import build_site
from iskias_site.render.site_pages import REDIRECTS

pytestmark = pytest.mark.slow  # starts a server or Java: not for the inner loop

REPO = Path(__file__).resolve().parent.parent
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
CONFIG = REPO / "deploy" / "nginx.conf"
SITE_FILES = ("content", "templates", "static", "references.bib", "site.yml", "published-anchors.txt",
              "published-pages.txt")

# The policy templates/base.html sets in its <meta> tag, plus what only a header can carry.
CSP = {
    "default-src": {"'self'"}, "script-src": {"'none'"}, "style-src": {"'self'"},
    "img-src": {"'self'", "data:"}, "object-src": {"'none'"}, "base-uri": {"'none'"},
    "form-action": {"'none'"}, "frame-ancestors": {"'none'"},
}
# The search page and Pagefind's files: the site's own scripts, and WebAssembly for Pagefind.
SEARCH_CSP = {**CSP, "script-src": {"'self'", "'wasm-unsafe-eval'"}}
SEARCH_PATHS = ("/soeg/", "/pagefind/")
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")
HTML_MAX_AGE = 600  # HTML may be kept at most this long without asking the server again
STATIC_MIN_AGE = 86400  # the stylesheet at least a day
SECRET = "SECRET-OUTSIDE-THE-ROOT-7f3a"
MOVED = "iskias"  # an old address the test gives the sciatica article


def _require_nginx() -> Path:
    """Skip without nginx, but fail under CI=true (a CI run must not silently skip these)."""
    if not (NGINX.is_file() and os.access(NGINX, os.X_OK) and MIME_TYPES.is_file()):
        skip_or_fail(f"nginx is not installed at {NGINX} (with {MIME_TYPES}); the nginx tests cannot run",
                     "install Debian's 'nginx' package")
    return NGINX


def test_nginx_is_available():
    """One plain test that FAILS (not errors) under CI=true when nginx is missing."""
    _require_nginx()


# --- fixtures: the built site, the configuration, a running nginx ------------------------------

@dataclass(frozen=True)
class Server:
    port: int
    site: Path  # the built folder nginx serves
    prefix: Path  # pid, logs and the configuration files

    def request(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """One request with `path` sent exactly as given (no client-side normalising)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
            headers = {name.lower(): ", ".join(response.headers.get_all(name) or [])
                       for name in response.headers.keys()}  # a repeated header, joined as HTTP allows
            return response.status, headers, body
        finally:
            connection.close()

    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, copied and built, with a secret file beside the built folder."""
    _require_nginx()
    base = tmp_path_factory.mktemp("nginx")
    source = base / "source"
    source.mkdir()
    for name in SITE_FILES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name)
        elif path.is_file():
            shutil.copy2(path, source / name)
    index = source / "content" / "iskiassmerter" / "index.md"  # an old address, for the 301
    index.write_text(index.read_text(encoding="utf-8").replace("\n---\n", f"\nmoved_from: [{MOVED}]\n---\n", 1),
                     encoding="utf-8")
    out = base / "www" / "_site"
    result = build_site(source, out, use_cache=False)
    problems = "\n".join(d.format() for d in result.diagnostics.sorted())
    assert result.ok, f"the repository's site did not build:\n{problems}"
    (base / "www" / "secret.txt").write_text(SECRET, encoding="utf-8")
    for folder in (base, base / "www", out):  # the workers may run as another user
        folder.chmod(0o755)
    return out


def site_config(port: int, root: Path) -> str:
    """deploy/nginx.conf with its `listen` and `root` lines pointed at the test's port and folder."""
    text = CONFIG.read_text(encoding="utf-8")
    listen = re.compile(r"^([ \t]*)listen[ \t]+[^;]+;.*$", re.MULTILINE)
    assert listen.search(text), "deploy/nginx.conf has no `listen` line"
    first = listen.search(text)
    text = text[:first.start()] + f"{first.group(1)}listen 127.0.0.1:{port};" + listen.sub("", text[first.end():])
    text, roots = re.subn(r"^([ \t]*)root[ \t]+[^;]+;.*$", lambda m: f'{m.group(1)}root "{root}";', text,
                          flags=re.MULTILINE)
    assert roots == 1, f"deploy/nginx.conf must have exactly one `root` line, not {roots}"
    text, includes = re.subn(r"^([ \t]*)include[ \t]+[^;]*/redirects\.nginx\.conf;.*$",
                             lambda m: f'{m.group(1)}include "{root / REDIRECTS}";', text, flags=re.MULTILINE)
    assert includes == 1, f"deploy/nginx.conf must include {REDIRECTS} once, not {includes} times"
    return text


def main_config(prefix: Path) -> str:
    """A minimal nginx.conf around the site's server block, everything nginx writes kept in `prefix`."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest folder
    temp = "".join(f"    {kind}_temp_path {prefix / ('temp-' + kind)};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
            f"events {{ worker_connections 64; }}\n"
            f"http {{\n    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
            f"    access_log {prefix / 'access.log'};\n{temp}    include {prefix / 'site.conf'};\n}}\n")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_command(prefix: Path, *extra: str) -> list[str]:
    return [str(NGINX), "-p", f"{prefix}/", "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf"),
            *extra]


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _require_nginx()
    prefix = tmp_path_factory.mktemp("nginx-prefix")
    for attempt in range(5):  # the free port may be taken before nginx binds it: try another
        port = free_port()
        (prefix / "site.conf").write_text(site_config(port, built), encoding="utf-8")
        (prefix / "nginx.conf").write_text(main_config(prefix), encoding="utf-8")
        check = subprocess.run(nginx_command(prefix, "-t"), capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, f"nginx -t rejects deploy/nginx.conf:\n{check.stderr}"
        process = subprocess.Popen(nginx_command(prefix, "-g", "daemon off;"),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if _wait_until_listening(port, process):
            break
        _stop(process)
    else:
        pytest.fail(f"nginx did not start:\n{(prefix / 'error.log').read_text(errors='replace')}")
    try:
        yield Server(port, built, prefix)
    finally:
        _stop(process)


def _wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen) -> None:
    """Stop the master (it stops its workers); kill it if it does not go."""
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if process.stderr:
        process.stderr.close()


# --- the pages ---------------------------------------------------------------------------------

def _url(relative: str) -> str:
    """The address a built file is served at: `x/index.html` -> `/x/`."""
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def _expected_type(relative: str) -> str:
    suffix = Path(relative).suffix
    return {".html": "text/html", ".css": "text/css", ".txt": "text/plain", ".svg": "image/svg+xml",
            ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
            ".gif": "image/gif", ".avif": "image/avif"}.get(suffix, "")


def _built_files(site: Path) -> list[str]:
    """The built files nginx serves as they are: not its own redirect rules, nor the page at a moved
    article's old address, which nginx answers with a 301 instead (a test of its own)."""
    files = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return sorted(f for f in files if f != REDIRECTS and not f.startswith(f"{MOVED}/"))


def test_every_expected_page_was_built(built: Path):
    files = _built_files(built)
    for name in ("index.html", "iskiassmerter/index.html", "404.html", "sitemap.xml", "robots.txt",
                 "static/style.css", "soeg/index.html", "pagefind/pagefind.js", "pagefind/pagefind-ui.js"):
        assert name in files, f"{name} missing from the built site: {files}"


def test_a_moved_article_s_old_address_answers_301_to_the_new_one(server: Server):
    for path in (f"/{MOVED}", f"/{MOVED}/", f"/{MOVED}/index.html"):
        status, headers, _ = server.request(path)
        assert (status, headers.get("location")) == (301, "/iskiassmerter/"), path


def test_the_redirect_rules_are_not_served(server: Server):
    assert server.request(f"/{REDIRECTS}")[0] == 404


def test_every_built_file_is_served_with_its_type(server: Server):
    problems = []
    for relative in _built_files(server.site):
        status, headers, body = server.request(_url(relative))
        content_type = headers.get("content-type", "")
        if status != 200:
            problems.append(f"{_url(relative)}: status {status}")
            continue
        if body != (server.site / relative).read_bytes():
            problems.append(f"{_url(relative)}: the body is not the built file {relative}")
        if relative.endswith(".xml"):
            if content_type not in ("text/xml; charset=utf-8", "application/xml; charset=utf-8"):
                problems.append(f"{_url(relative)}: Content-Type {content_type!r}, want XML with charset=utf-8")
        elif relative.endswith((".html", ".css", ".txt", ".svg")):
            want = f"{_expected_type(relative)}; charset=utf-8"
            if content_type.lower() != want:
                problems.append(f"{_url(relative)}: Content-Type {content_type!r}, want {want!r}")
        elif _expected_type(relative) and content_type != _expected_type(relative):
            problems.append(f"{_url(relative)}: Content-Type {content_type!r}, want {_expected_type(relative)!r}")
    assert not problems, "\n".join(problems)


def test_head_requests_work(server: Server):
    status, headers, body = server.request("/", method="HEAD")
    assert status == 200 and body == b""
    assert headers.get("content-type") == "text/html; charset=utf-8"


def test_folder_without_slash_redirects_relatively(server: Server):
    status, headers, _ = server.request("/iskiassmerter")
    assert status == 301, status
    assert headers.get("location") == "/iskiassmerter/", headers.get("location")


# --- headers -----------------------------------------------------------------------------------

def _csp_problems(value: str, expected: dict[str, set[str]] = CSP) -> list[str]:
    directives: dict[str, set[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = set(words[1:])
    problems = [f"{name} is {sorted(directives.get(name, set()))}, want {sorted(sources)}"
                for name, sources in expected.items() if directives.get(name) != sources]
    problems += [f"unexpected {name} {sorted(sources)}" for name, sources in directives.items()
                 if name not in expected and name != "font-src"]
    return problems


def _meta_csp(template: str = "base.html") -> str:
    text = (REPO / "templates" / template).read_text(encoding="utf-8")
    match = (re.search(r'http-equiv="Content-Security-Policy" content="(?:\{% block csp %\})?([^"{]+)', text)
             or re.search(r"\{% block csp %\}(.+?)\{% endblock %\}", text))
    assert match, f"templates/{template} has no CSP"
    return match.group(1)


def _config_csp(key: str) -> str:
    """The policy deploy/nginx.conf's `map $uri $csp` gives `key` (`default`, or a regex's start)."""
    block = re.search(r"map\s+\$uri\s+\$csp\s*\{(.*?)\n\}", CONFIG.read_text(encoding="utf-8"), re.S)
    assert block, "deploy/nginx.conf has no `map $uri $csp`"
    match = re.search(rf'^\s*{re.escape(key)}\S*\s+"([^"]+)";', block.group(1), re.M)
    assert match, f"deploy/nginx.conf's map has no {key!r} entry"
    return match.group(1)


def _directives(policy: str) -> dict[str, set[str]]:
    return {d.split()[0]: set(d.split()[1:]) for d in policy.split(";") if d.strip()}


@pytest.mark.parametrize(("key", "template"), [("default", "base.html"), ("~^/(?:soeg|pagefind)/", "search.html")])
def test_header_csp_matches_the_templates_meta_csp(key, template):
    """The header says what the <meta> tag says (frame-ancestors only works in a header)."""
    header = _directives(_config_csp(key))
    meta = _directives(_meta_csp(template))
    assert header.pop("frame-ancestors", None) == {"'none'"}
    assert header == meta, f"header CSP {header} differs from {template}'s meta CSP {meta}"


def _header_problems(url: str, headers: dict[str, str]) -> list[str]:
    problems = [f"{url}: no {name}" for name in SECURITY_HEADERS if not headers.get(name.lower())]
    if headers.get("content-security-policy"):
        expected = SEARCH_CSP if url.startswith(SEARCH_PATHS) else CSP
        problems += [f"{url}: CSP {p}" for p in _csp_problems(headers["content-security-policy"], expected)]
    if headers.get("x-content-type-options", "nosniff").lower() != "nosniff":
        problems.append(f"{url}: X-Content-Type-Options is {headers['x-content-type-options']!r}")
    referrer = headers.get("referrer-policy", "")
    if referrer and referrer not in ("no-referrer", "strict-origin-when-cross-origin", "same-origin",
                                     "strict-origin"):
        problems.append(f"{url}: Referrer-Policy {referrer!r} leaks the address to other sites")
    permissions = headers.get("permissions-policy", "")
    for feature in ("camera", "microphone", "geolocation"):
        if permissions and f"{feature}=()" not in permissions:
            problems.append(f"{url}: Permissions-Policy does not switch off {feature}")
    server_header = headers.get("server", "")
    if re.search(r"\d", server_header):
        problems.append(f"{url}: the Server header gives the version away: {server_header!r}")
    return problems


def test_security_headers_on_every_response(server: Server):
    urls = [_url(r) for r in _built_files(server.site)] + ["/no-such-page", "/iskiassmerter", "/static/nope.css"]
    problems = []
    for url in urls:
        _, headers, _ = server.request(url)
        problems += _header_problems(url, headers)
    assert not problems, "\n".join(problems)


def test_no_version_in_error_pages(server: Server):
    status, _, body = server.request("/", method="DELETE")
    assert status == 405
    assert not re.search(rb"nginx/\d", body), body[:300]


def _max_age(cache_control: str) -> int | None:
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else None


def test_caching(server: Server):
    problems = []
    for relative in _built_files(server.site):
        url = _url(relative)
        _, headers, _ = server.request(url)
        cache = headers.get("cache-control", "").lower()
        if relative.startswith("static/"):
            age = _max_age(cache)
            if age is None or age < STATIC_MIN_AGE or "no-store" in cache or "no-cache" in cache:
                problems.append(f"{url}: Cache-Control {cache!r}; static files should be kept (max-age ≥ "
                                f"{STATIC_MIN_AGE})")
        elif relative.endswith((".html", ".xml", ".txt")):
            age = _max_age(cache)
            revalidates = "no-cache" in cache or "must-revalidate" in cache
            if not cache or (age is not None and age > HTML_MAX_AGE and not revalidates) or (
                    age is None and not revalidates):
                problems.append(f"{url}: Cache-Control {cache!r}; pages must be short-lived or revalidated")
        if not (headers.get("etag") or headers.get("last-modified")):
            problems.append(f"{url}: neither ETag nor Last-Modified, so nothing can be revalidated")
    assert not problems, "\n".join(problems)


def test_revalidation_answers_304(server: Server):
    _, headers, _ = server.request("/iskiassmerter/")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", "/iskiassmerter/", headers={"If-None-Match": headers["etag"]})
        response = connection.getresponse()
        response.read()
        assert response.status == 304
    finally:
        connection.close()


# --- 404 and the root --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/findes-ikke", "/iskiassmerter/findes-ikke/", "/static/findes-ikke.css",
                                  "/index.htm", "/iskiassmerter/index.md", "/%C3%A6%C3%B8%C3%A5"])
def test_unknown_path_gives_the_danish_404_page(server: Server, path: str):
    status, headers, body = server.request(path)
    assert status == 404, f"{path}: status {status}"
    assert headers.get("content-type") == "text/html; charset=utf-8", headers.get("content-type")
    assert body == (server.site / "404.html").read_bytes(), f"{path}: the body is not the site's 404.html"
    assert 'lang="da"' in body.decode("utf-8")
    assert "cache-control" in headers


TRAVERSALS = [
    "/../secret.txt", "/../../secret.txt", "/static/../../secret.txt", "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/static/..%2f..%2fsecret.txt", "/static%2f..%2f..%2fsecret.txt",
    "/.%2e/secret.txt", "/%2e./secret.txt", "//../secret.txt", "/static/..%5c..%5csecret.txt",
    "/..%252fsecret.txt", "/static/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt", "/..;/secret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/..\\secret.txt", "/link-outside.txt", "/static/link-outside.txt",
]


@pytest.fixture(scope="module")
def planted(server: Server) -> Server:
    """A symbolic link and a hidden file inside the served folder, as a careless upload might leave."""
    (server.site / "link-outside.txt").symlink_to(server.site.parent / "secret.txt")
    (server.site / "static" / "link-outside.txt").symlink_to(server.site.parent / "secret.txt")
    (server.site / ".hidden.txt").write_text(SECRET, encoding="utf-8")
    (server.site / ".git").mkdir()
    (server.site / ".git" / "config").write_text(SECRET, encoding="utf-8")
    return server


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_way_out_of_the_root(planted: Server, path: str):
    status, _, body = planted.request(path)
    assert SECRET.encode() not in body, f"{path} served a file outside the root (status {status})"
    assert status in (400, 403, 404), f"{path}: status {status}"


@pytest.mark.parametrize("path", ["/.hidden.txt", "/.git/config", "/static/../.git/config"])
def test_hidden_files_are_not_served(planted: Server, path: str):
    status, _, body = planted.request(path)
    assert SECRET.encode() not in body, f"{path} served a hidden file (status {status})"
    assert status in (400, 403, 404), f"{path}: status {status}"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_only_get_and_head(server: Server, method: str):
    status, headers, _ = server.request("/", method=method)
    assert status == 405, f"{method}: status {status}"
    assert not _header_problems(f"{method} /", headers)


def test_nginx_logged_no_errors(server: Server):
    """Run last in this module: the error log holds no [crit], [alert] or [emerg] lines, apart from
    the refused symbolic links the tests above plant (nginx logs a refused openat() as [crit])."""
    serious = [line for line in server.log().splitlines() if re.search(r"\[(?:crit|alert|emerg)\]", line)
               and "link-outside.txt" not in line]
    assert not serious, "\n".join(serious)


# --- search under the real headers -------------------------------------------------------------

@pytest.mark.browser
def test_search_works_under_the_sites_own_policy(server: Server, browser):
    """Pagefind's worker and WebAssembly run under the headers nginx sends (the meta tag alone
    does not govern a worker); nothing is refused by the policy."""
    page = browser.new_page()
    try:
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if m.type in ("error", "warning") else None)
        page.goto(f"http://127.0.0.1:{server.port}/soeg/")
        page.get_by_label("Søg efter et ord i artiklerne").fill("operationen")
        link = page.locator(".pagefind-ui__result-nested a").first
        link.wait_for()
        assert link.get_attribute("href").startswith("/iskiassmerter/#")
        assert not refused, refused
    finally:
        page.close()
