"""The one build step pyproject.toml cannot declare: compile the gettext catalogues.

Every src/iskias_site/locale/LANG/LC_MESSAGES/iskias_site.po is compiled to its .mo with Babel
(listed in [build-system] requires) whenever setuptools runs build_py: for a wheel, into the build
folder; for an editable install (`pip install -e .`), next to the .po, where the package is run
from. The .mo files are not kept in git (.gitignore).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("src/iskias_site/locale")


def compile_catalogue(po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as file:
        catalog = read_po(file)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as file:
        write_mo(file, catalog)


class BuildWithCatalogues(build_py):
    """build_py, then each .po compiled to .mo where the installed package will read it."""

    def run(self) -> None:
        super().run()
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to("src").with_suffix(".mo")
            target = Path("src") / relative if self.editable_mode else Path(self.build_lib) / relative
            compile_catalogue(po, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        mos = [str(Path(self.build_lib) / po.relative_to("src").with_suffix(".mo"))
               for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))]
        return super().get_outputs(include_bytecode) + ([] if self.editable_mode else mos)


setup(cmdclass={"build_py": BuildWithCatalogues})
