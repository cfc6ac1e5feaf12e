"""Which language the editor reads messages in, and its gettext catalogue (locale/LANG/LC_MESSAGES).

The language is `--lang`, else the first the environment asks for that we have (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG, as gettext reads them; C and POSIX ask for none), else the site's `language`,
else Danish. The catalogue is the .mo file the install compiled (setup.py); where it is missing or
older than its .po (an editable install whose .po was edited since), the .po is read instead.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from pathlib import Path

import yaml

DOMAIN = "iskias_site"
LOCALE = Path(__file__).parent / "locale"
LANGUAGES = ("da", "en")
DEFAULT = "da"
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def choose_language(flag: str | None, environ: Mapping[str, str], site: Path | None = None) -> str:
    """The language to show messages in (see the module docstring)."""
    return flag or environment_language(environ) or (site_language(site) if site is not None else DEFAULT)


def environment_language(environ: Mapping[str, str]) -> str | None:
    """The first language of ours that LANGUAGE's list or the locale (LC_ALL, LC_MESSAGES, LANG: the
    first one set) asks for; None for C, POSIX, nothing set, or only languages we do not have."""
    locale = next((environ[name] for name in ENVIRONMENT[1:] if environ.get(name)), "")
    for wanted in [*environ.get("LANGUAGE", "").split(":"), locale]:
        code = wanted.split(".")[0].split("@")[0].split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return None


def site_language(site: Path) -> str:
    """site.yml's `language` where it names one we have; its problems are the build's to report."""
    try:
        data = yaml.safe_load((site / "site.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return DEFAULT
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in LANGUAGES else DEFAULT


def translation(language: str) -> gettext.NullTranslations:
    """The catalogue of `language`; English is the msgids themselves."""
    folder = LOCALE / language / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as file:
            return gettext.GNUTranslations(file)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    return gettext.NullTranslations()


def compile_po(po: Path) -> bytes:
    """A .po file compiled to .mo bytes with Babel (setup.py compiles the same way at install)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as file:
        catalog = read_po(file)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()
