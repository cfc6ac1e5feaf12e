"""The CPU time of one handout PDF: the build's writer against a new one per document, and the
share of layout and of writing. Usage: python benchmarks/pdf_cost.py REPO BUILT_HANDOUT.html [ROUNDS]
(for example REPO=. and _site/iskiassmerter/udskrift/index.html after a build)."""
import sys
import time
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/src")
from iskias_site.render.pdf import PdfWriter
import weasyprint
root = Path(sys.argv[1]).resolve()
html = Path(sys.argv[2]).read_text(encoding="utf-8")
base = (root / "iskiassmerter/udskrift/index.html").as_uri()
N = int(sys.argv[3]) if len(sys.argv) > 3 else 10

def cpu(f, n=N):
    t = time.process_time()
    for _ in range(n):
        f()
    return (time.process_time() - t) / n * 1000

writer = PdfWriter(); writer.write(html, base)  # warm: imports, fonts
print(f"reused writer, whole PDF: {cpu(lambda: writer.write(html, base)):.0f} ms CPU per PDF")
print(f"fresh writer per PDF:     {cpu(lambda: PdfWriter().write(html, base)):.0f} ms")
opts = writer._options
fetcher = weasyprint.URLFetcher(allowed_protocols={"file"})
doc = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(**opts)
print(f"  of which render (layout): {cpu(lambda: weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(**opts)):.0f} ms")
w = {k: v for k, v in opts.items() if k != 'font_config'}
print(f"  of which write_pdf (PDF/UA): {cpu(lambda: doc.write_pdf(**w)):.0f} ms")
w2 = {k: v for k, v in w.items() if k != 'pdf_variant'}
print(f"  write_pdf untagged: {cpu(lambda: doc.write_pdf(**w2)):.0f} ms")
