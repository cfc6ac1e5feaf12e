"""`iskias-site build|…`: arguments, exit codes and printing. The work happens elsewhere."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from gettext import NullTranslations
from pathlib import Path

from iskias_site.diagnostics import Diagnostic, summary
from iskias_site.language import LANGUAGES, choose_language, translation
from iskias_site.messages import TERMINAL, render, words
from iskias_site.pipeline.site import build_site
from iskias_site.progress import ProgressLine

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
COMMANDS = ("build", "serve", "check", "new")


def main(argv: list[str] | None = None) -> int:
    # bibtexparser logs its own account of a broken entry (with 0-based lines); ours is printed instead
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    parser = _parser()
    given = list(sys.argv[1:] if argv is None else argv)
    if not given or given[0] not in COMMANDS + ("-h", "--help"):
        given.insert(0, "build")  # `python build.py --out X` means `iskias-site build --out X`
    args = parser.parse_args(given)
    args.translation = translation(choose_language(args.lang, os.environ, args.site))
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iskias-site", description="Build the Danish patient-information site.")
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="build the site into _site/ (the default)")
    _site_options(build)
    build.add_argument("--out", type=Path, help="write the site here instead of SITE/_site")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    build.add_argument("--no-cache", action="store_true", help="convert every article again")
    _quiet_option(build)
    build.set_defaults(run=_build)
    serve = commands.add_parser("serve", help="preview the site on a local address, reloading on every save")
    _site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--poll", action="store_true",
                       help="look for saves by polling, where file events do not arrive (network drives)")
    _quiet_option(serve)
    serve.set_defaults(run=_serve)
    check = commands.add_parser("check", help="run every build check and the editors' lints; write nothing")
    _site_options(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument("--notes", action="store_true",
                       help="list the editors' notes (<!-- … -->) instead of the problems")
    _quiet_option(check)
    check.set_defaults(run=_check)
    new = commands.add_parser("new", help="start a new article: content/SLUG/ with front matter and a first section")
    new.add_argument("slug", help="the article's web address, e.g. rygsmerter")
    _site_options(new)
    new.set_defaults(run=_new)
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: here)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="the language of the messages (default: from LANGUAGE, LC_MESSAGES or LANG, "
                             "else the site's language, else da)")


def _quiet_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="no progress line while the articles are built")


def _progress_line(args: argparse.Namespace, kind: str) -> ProgressLine:
    """The progress line on stderr: shown only on a terminal, without --quiet, after a second."""
    template = args.translation.gettext(TERMINAL[f"progress.{kind}"])  # filled in by ProgressLine
    return ProgressLine(sys.stderr, template, quiet=args.quiet)


def _say(args: argparse.Namespace, key: str, **values: object) -> str:
    """A terminal line from the catalogue (messages.py), in the chosen language."""
    return render(words(key, **values), args.translation)


def _build(args: argparse.Namespace) -> int:
    site = args.site
    if not site.is_dir():
        print(_say(args, "cli.no-site", site=site), file=sys.stderr)
        return EXIT_USAGE
    out = args.out if args.out is not None else site / "_site"
    if args.jobs is not None and args.jobs < 1:
        print(_say(args, "cli.jobs"), file=sys.stderr)
        return EXIT_USAGE
    with _progress_line(args, "build") as progress:
        result = build_site(site, out, strict=args.strict, jobs=args.jobs, use_cache=not args.no_cache,
                            progress=progress)
    _print_diagnostics(result.diagnostics.sorted(), args.translation)
    for note in result.notes:
        print(render(note, args.translation))
    if not result.ok:
        print(_say(args, "cli.not-written"), file=sys.stderr)
        return EXIT_CONTENT
    pages = sum(1 for page in result.pages if page.endswith(".html"))
    print(_say(args, "cli.built", n=pages, out=out))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from iskias_site.lint.lints import check_site, format_json, format_readability

    if not args.site.is_dir():
        print(_say(args, "cli.no-site", site=args.site), file=sys.stderr)
        return EXIT_USAGE
    notes: list[str] | None = [] if args.notes else None
    with _progress_line(args, "check") as progress:
        diags, reports = check_site(args.site, dt.date.today(), notes, progress)
    diagnostics = diags.sorted()
    if notes is not None:
        print("\n".join(notes) if notes else _say(args, "cli.no-notes"))
        return EXIT_CONTENT if diags.has_errors() else EXIT_OK
    if args.format == "json":
        print(format_json(diagnostics, args.translation))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format(args.translation, code=True))
        print(summary(diagnostics, args.translation))
        if reports:
            print(format_readability(reports, args.translation))
    failed = diags.has_errors() or (args.strict and bool(diagnostics))
    return EXIT_CONTENT if failed else EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from iskias_site.scaffold import new_article

    try:
        files = new_article(args.site / "content", args.slug, dt.date.today())
    except ValueError as exc:
        print(_say(args, "cli.new-refused", problem=exc.args[0]), file=sys.stderr)
        return EXIT_USAGE
    for path in files:
        print(_say(args, "cli.created", path=path))
    print(_say(args, "cli.next"))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from iskias_site.preview.server import serve  # tornado is only needed here

    if not args.site.is_dir():
        print(_say(args, "cli.no-site", site=args.site), file=sys.stderr)
        return EXIT_USAGE
    try:
        with _progress_line(args, "build") as progress:  # the first build; the rebuilds are quick
            serve(args.site, args.host, args.port, poll=args.poll, progress=progress, translation=args.translation)
    except OSError as exc:
        print(_say(args, "cli.cannot-listen", host=args.host, port=args.port, reason=exc.strerror), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_say(args, "preview.stopped"))
    return EXIT_OK


def _print_diagnostics(diagnostics: list[Diagnostic], translation: NullTranslations) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(translation, code=True), file=sys.stderr)
    if diagnostics:
        print(summary(diagnostics, translation), file=sys.stderr)
