"""`iskias-site build|…`: arguments, exit codes and printing. The work happens elsewhere."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Iterator
from gettext import NullTranslations
from pathlib import Path

from iskias_site.diagnostics import Diagnostic, summary
from iskias_site.language import LANGUAGES, choose_language, translation
from iskias_site.messages import TERMINAL, render, words
from iskias_site.pipeline.site import build_site
from iskias_site.progress import ProgressLine
from iskias_site.write.build_lock import one_build_at_a_time

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
COMMANDS = ("build", "serve", "check", "new")


def main(argv: list[str] | None = None) -> int:
    # bibtexparser logs its own account of a broken entry (with 0-based lines); ours is printed instead
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    given = list(sys.argv[1:] if argv is None else argv)
    if not given or given[0] not in COMMANDS + ("-h", "--help"):
        given.insert(0, "build")  # `python build.py --out X` means `iskias-site build --out X`
    chosen = translation(_language(given))
    with _argparse_speaking(chosen):  # its usage lines, --help and errors in the editor's language too
        args = _parser(lambda key: render(words(key), chosen)).parse_args(given)
    args.translation = chosen
    return args.run(args)


def _language(given: list[str]) -> str:
    """The messages' language, chosen before the real parse so that its errors and --help speak it:
    --lang and --site as given (a --lang we do not have is left to the real parse to refuse)."""
    known = argparse.Namespace(lang=None, site=Path("."))
    for option in ("--lang", "--site"):  # one at a time: '--lang' without its value still finds the site
        first = argparse.ArgumentParser(add_help=False, exit_on_error=False)
        first.add_argument(option, type=Path if option == "--site" else str)
        try:
            first.parse_known_args(given[1:], namespace=known)
        except argparse.ArgumentError:  # given without a value: the real parse refuses it, in this language
            pass
    return choose_language(known.lang if known.lang in LANGUAGES else None, os.environ, known.site)


@contextlib.contextmanager
def _argparse_speaking(language: NullTranslations) -> Iterator[None]:
    """argparse's words from our catalogue (messages.ARGPARSE) while it parses, as its how-to
    shows; put back after, so nothing outside this call sees the change."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = language.gettext, language.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _parser(say: Callable[[str], str]) -> argparse.ArgumentParser:
    """The commands and their options; `say` gives each help text (messages.TERMINAL's help.*)."""
    parser = argparse.ArgumentParser(prog="iskias-site", description=say("help.description"))
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help=say("help.build"))
    _site_options(build, say)
    build.add_argument("--out", type=Path, help=say("help.out"))
    build.add_argument("--strict", action="store_true", help=say("help.strict"))
    build.add_argument("--jobs", type=int, default=None, help=say("help.jobs"))
    build.add_argument("--no-cache", action="store_true", help=say("help.no-cache"))
    _quiet_option(build, say)
    build.set_defaults(run=_build)
    serve = commands.add_parser("serve", help=say("help.serve"))
    _site_options(serve, say)
    serve.add_argument("--host", default="127.0.0.1", help=say("help.host"))
    serve.add_argument("--port", type=int, default=8000, help=say("help.port"))
    serve.add_argument("--poll", action="store_true", help=say("help.poll"))
    _quiet_option(serve, say)
    serve.set_defaults(run=_serve)
    check = commands.add_parser("check", help=say("help.check"))
    _site_options(check, say)
    check.add_argument("--strict", action="store_true", help=say("help.strict"))
    check.add_argument("--format", choices=("text", "json"), default="text", help=say("help.format"))
    check.add_argument("--notes", action="store_true", help=say("help.notes"))
    _quiet_option(check, say)
    check.set_defaults(run=_check)
    new = commands.add_parser("new", help=say("help.new"))
    new.add_argument("slug", help=say("help.slug"))
    _site_options(new, say)
    new.set_defaults(run=_new)
    return parser


def _site_options(parser: argparse.ArgumentParser, say: Callable[[str], str]) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help=say("help.site"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=say("help.lang"))


def _quiet_option(parser: argparse.ArgumentParser, say: Callable[[str], str]) -> None:
    parser.add_argument("--quiet", action="store_true", help=say("help.quiet"))


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
    def waiting() -> None:  # another build of this site (the preview's, say) is running
        print(_say(args, "cli.waiting", site=site), file=sys.stderr)

    with one_build_at_a_time(site, waiting), _progress_line(args, "build") as progress:
        result = build_site(site, out, strict=args.strict, jobs=args.jobs, use_cache=not args.no_cache,
                            progress=progress)
    _print_diagnostics(result.diagnostics.sorted(), args.translation)
    for note in result.notes:
        print(render(note, args.translation))
    if not result.ok:
        print(_say(args, "cli.not-written"), file=sys.stderr)
        return EXIT_CONTENT
    if not result.unchanged:  # else its note said that nothing was built
        print(_say(args, "cli.built", n=sum(1 for page in result.pages if page.endswith(".html")), out=out))
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
