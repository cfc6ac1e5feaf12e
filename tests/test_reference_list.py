"""The reference list as a clinician reads it: each entry type in Danish Vancouver style, with links,
evidence labels and back-links (a golden file), and the citation previews that open in place."""

from __future__ import annotations

import re

from golden_helpers import assert_golden

from iskias_site.pipeline.site import build_site

BIB = r"""
@string{pr = {Munksgaard}}

@article{seven2020,
  author = {Kj{\ae}r, Per and Hestb{\ae}k, Lise and Schj{\o}lberg, T and Aa, B and Bb, C and Cc, D and Dd, E},
  title = {Seven authors and a {DOI}},
  journal = {Journal of Spine},
  shortjournal = {J Spine},
  year = {2020}, month = sep, volume = {12}, number = {3}, pages = {100--110},
  doi = {10.1000/seven_2020%a}, pmid = {12345678},
  evidence = {systematic-review},
  langid = {english},
}

@book{bog2016,
  author = {Hansen, Anne},
  title = {Ryggen i hverdagen},
  publisher = pr, address = {København}, year = {2016}, edition = {2},
  langid = {danish},
}

@incollection{kapitel2019,
  author = {{\O}stergaard, M},
  editor = {Berg, K and Lund, J},
  title = {Smerter og s{\o}vn},
  booktitle = {Klinisk fysioterapi},
  publisher = pr, year = {2019}, pages = {45--60},
  langid = {danish},
}

@online{web2022,
  title = {Spinalstenose},
  organization = {L{\ae}geh{\aa}ndbogen, sundhed.dk},
  url = {https://www.sundhed.dk/sundhedsfaglig/laegehaandbogen/x/},
  urldate = {2022-10-19},
  langid = {danish},
}

@report{nkr2018,
  author = {{Sundhedsstyrelsen}},
  title = {National klinisk retningslinje for lumbal radikulopati},
  institution = {Sundhedsstyrelsen}, type = {National klinisk retningslinje}, year = {2018},
  evidence = {guideline},
  langid = {danish},
}

@misc{uden2020,
  title = {Et notat uden adresse},
  year = {2020},
}
"""

TEXT = ("## Kilder i brug\n\nFørst [@seven2020], så [@bog2016; @kapitel2019; @web2022] og [@nkr2018, s. 12]. "
        "Igen [@seven2020] og [@uden2020].\n")


def test_reference_list_golden(make_site, tmp_path):
    from conftest import INDEX
    root = make_site({"references.bib": BIB, "content/test/01-foerste.md": TEXT,
                      "content/test/index.md": INDEX.replace("Indledning [@beta2021].", "Indledning.")})
    out = tmp_path / "out"
    result = build_site(root, out)
    assert result.ok, [d.format() for d in result.diagnostics.sorted()]
    html = (out / "test/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="references".*?</section>', html, re.S).group(0)
    assert_golden("reference-list.html", section + "\n")


def test_every_number_in_a_range_is_reachable_from_its_preview(make_site, tmp_path):
    from conftest import INDEX
    root = make_site({"references.bib": BIB, "content/test/01-foerste.md": TEXT,
                      "content/test/index.md": INDEX.replace("Indledning [@beta2021].", "Indledning.")})
    out = tmp_path / "out"
    build_site(root, out)
    html = (out / "test/index.html").read_text(encoding="utf-8")
    assert '>(2–4)</button>' in html and 'aria-label="Kilde 2 til 4"' in html
    preview = re.search(r'id="cite-2-kilder".*?</ol>', html, re.S).group(0)
    assert re.findall(r'href="#ref-([\w-]+)"', preview) == ["bog2016", "kapitel2019", "web2022"]


def test_citations_of_the_same_works_share_one_preview_and_each_opens_it(make_site, tmp_path):
    root = make_site({"content/test/01-foerste.md": (
        "## Første\n\nEt [@alpha2020]. To [@beta2021; @gamma2022]. Tre [@alpha2020].\n\n"
        "Fire [@beta2021; @gamma2022]. Fem [@alpha2020, s. 3].\n")})
    out = tmp_path / "out"
    assert build_site(root, out).ok
    html = (out / "test/index.html").read_text(encoding="utf-8")
    targets = re.findall(r'<button class="citation-button" id="(cite-\d+)" [^>]*popovertarget="([\w-]+)"', html)
    previews = re.findall(r'<div popover id="([\w-]+)"', html)
    citations = dict(targets)
    # the index's own citation of beta2021 comes first (cite-1)
    assert citations["cite-2"] == citations["cite-4"] == "cite-2-kilder"  # alpha2020
    assert citations["cite-3"] == citations["cite-5"] == "cite-3-kilder"  # beta2021 and gamma2022
    assert citations["cite-6"] == "cite-6-kilder"  # alpha2020 with a locator: its own preview
    assert previews == sorted(set(citations.values()), key=lambda p: int(p.split("-")[1]))
    assert 'id="cite-4-kilder"' not in html and 'id="cite-5-kilder"' not in html


def test_an_article_that_cites_nothing_says_so_instead_of_an_empty_list(make_site, tmp_path):
    """The principles of rehabilitation have no citations in their source: the page says plainly
    that it has none (and where to read what it is based on), with no empty list."""
    from conftest import INDEX
    root = make_site({"content/test/index.md": INDEX.replace("Indledning [@beta2021].", "Indledning."),
                      "content/test/01-foerste.md": "## Første afsnit\n\nTekst uden kilder.\n"})
    out = tmp_path / "out"
    assert build_site(root, out).ok
    html = (out / "test/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="references".*?</section>', html, re.S).group(0)
    assert section == ('<section class="references" aria-labelledby="kilder">\n'
                       '  <h2 id="kilder">Kilder</h2>\n'
                       '  <p>Teksten på denne side har ingen kildehenvisninger. Hvad den bygger på, står under '
                       '»Om siden«.</p>\n'
                       '</section>')
