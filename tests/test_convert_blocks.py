"""Callout boxes, care cards and data figures: Markdown in, exact HTML out."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_helpers import assert_golden
from markdown_helpers import CONFIG, convert

from iskias_site.convert.charts import _lines, chart_files
from iskias_site.load.strings import load_strings
from iskias_site.load.tables import parse_table
from iskias_site.diagnostics import Diagnostics

STRINGS = load_strings()

CALLOUTS = """\
::: summary
- Et punkt med en kilde [@a].
- [Et link](#et-sted)
:::

::: info
Godt at vide.
:::

::: tip Prøv selv
Sid på én balle.
:::

::: important
Vigtigt.
:::

::: quote
Smerter er altid virkelige.
:::
"""


def test_callout_types_golden():
    assert_golden("callouts.html", convert(CALLOUTS) + "\n")


def test_callout_default_title_is_the_danish_type():
    assert convert("::: info\nTekst.\n:::") == (
        '<div class="callout callout-info" role="note">\n<p class="callout-title">Godt at vide</p>\n'
        "<p>Tekst.</p>\n</div>"
    )


def test_callout_with_own_title_keeps_the_type_for_screen_readers():
    assert convert("::: tip Prøv selv\nTekst.\n:::") == (
        '<div class="callout callout-tip" role="note">\n<p class="callout-title">'
        '<span class="visually-hidden">Tip: </span>Prøv selv</p>\n<p>Tekst.</p>\n</div>'
    )


def test_callout_content_spanning_blank_lines_and_lists():
    html = convert("::: important\nFørste afsnit.\n\n- et\n- to\n\nAndet afsnit.\n:::\n\nEfter.")
    assert html.count("<p>") == 3 and "<li>to</li>" in html
    assert html.endswith("</div>\n<p>Efter.</p>")


CARDS = """\
::: card emergency
- mister kontrollen over blære eller tarm
- får føleforstyrrelser i skridtet
:::

::: card urgent
- har feber
:::

::: card non-urgent
- har føleforstyrrelser, der ikke går over
:::
"""


def test_care_card_levels_golden():
    assert_golden("care-cards.html", convert(CARDS) + "\n")


@pytest.mark.parametrize(
    ("level", "prefix", "heading"),
    [
        ("emergency", "Akut:", "Ring 112 nu, hvis du:"),
        ("urgent", "Haster:", "Kontakt din læge eller lægevagten i dag, hvis du:"),
        ("non-urgent", "Ikke akut:", "Bestil tid hos din egen læge, hvis du:"),
    ],
)
def test_care_card_heading_has_hidden_prefix_and_call_to_action(level, prefix, heading):
    html = convert(f"::: card {level}\n- har ondt\n:::")
    assert (f'<span class="visually-hidden">{prefix} </span>{heading}</h3>') in html


def test_emergency_card_action_is_a_tel_link():
    assert '<p class="care-card-action"><a href="tel:112">Ring 112</a></p>' in convert(
        "::: card emergency\n- har ondt\n:::")


def test_urgent_card_names_the_out_of_hours_number():
    html = convert("::: card urgent\n- har feber\n:::")
    assert ('<ul class="care-card-phones">\n<li><span class="care-card-region">Akuttelefonen 1813</span>'
            '<a href="tel:1813"><span class="visually-hidden">Ring </span>1813</a></li>\n</ul>') in html


def test_urgent_card_lists_each_region_with_its_number_in_site_order():
    from dataclasses import replace

    from iskias_site.load.config import Phone

    phones = (Phone("emergency", "112", "Alarm 112", None, 1),
              Phone("syd", "70 11 07 07", "Lægevagten", None, 2, region="Region Syddanmark"),
              Phone("hov", "1813", "Akuttelefonen 1813", None, 3, region="Region Hovedstaden"))
    html = convert("::: card urgent\n- har feber\n:::", config=replace(CONFIG, phones=phones))
    assert ('<li><span class="care-card-region">Region Syddanmark</span><a href="tel:70110707">'
            '<span class="visually-hidden">Ring </span>70 11 07 07</a></li>\n'
            '<li><span class="care-card-region">Region Hovedstaden</span><a href="tel:1813">'
            '<span class="visually-hidden">Ring </span>1813</a></li>') in html
    assert "tel:112" not in html


def test_unclosed_fence_renders_nothing_special():
    # the build has already failed with the line of the opening fence; nothing is swallowed
    assert "callout" not in convert("::: info\nTekst.")


CSV = """\
# a comment
fund,20,30
Diskusprolaps,29,31
Slid på disken,37,52.5
"""


def test_data_figure_golden():
    table = parse_table(CSV, Path("fund.csv"), Diagnostics())
    html = convert("::: chart fund.csv\nFund efter alder [@a].\n:::", tables={"fund.csv": table})
    assert_golden("data-figure.html", html + "\n")


def test_data_figure_has_caption_chart_and_table():
    table = parse_table(CSV, Path("fund.csv"), Diagnostics())
    html = convert("::: chart fund.csv\nFund efter alder.\n:::", tables={"fund.csv": table})
    assert html.startswith('<figure class="data-figure" id="figur-fund">\n<figcaption>\n<p>Fund efter alder.</p>\n</figcaption>')
    assert "<td>52,5 %</td>" in html


def test_the_chart_is_an_image_beside_the_page_whose_alt_text_points_to_the_table():
    # two drawings: the panels one under another, and (on a wider screen) two side by side
    table = parse_table(CSV, Path("fund.csv"), Diagnostics())
    html = convert("::: chart fund.csv\nFund efter alder.\n:::", tables={"fund.csv": table})
    assert (
        '</figcaption>\n<picture><source height="204" media="(min-width: 35rem)" srcset="figur-fund-bred.svg" width="528">'
        '<img alt="Søjlediagrammer, ét pr. fund, med procent fordelt på alder. Alle tallene står i tabellen '
        '»Tallene bag figuren« lige under figuren." decoding="async" height="424" loading="eager" src="figur-fund.svg" '
        'width="256"></picture><details class="data-figure-table">'
    ) in html
    assert "<svg" not in html


def test_the_charts_file_draws_each_value_in_its_own_colours_light_and_dark():
    table = parse_table(CSV, Path("fund.csv"), Diagnostics())
    narrow, wide = chart_files(table, "fund.csv", STRINGS["figure"])
    assert (narrow.name, narrow.width, narrow.height) == ("figur-fund.svg", 256, 424)
    assert (wide.name, wide.width, wide.height) == ("figur-fund-bred.svg", 528, 204)
    svg = narrow.svg.decode()
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                          'viewBox="0 0 256 424" width="256" height="424"><style>')
    assert "@media (prefers-color-scheme:dark)" in svg and "<script" not in svg
    for value in ("29 %", "31 %", "37 %", "52,5 %", "Alder (år)"):
        assert f">{value}</text>" in svg
    assert '<tspan x="8" y="22">Diskusprolaps</tspan>' in svg


def test_a_long_panel_label_takes_two_lines_and_no_more():
    assert _lines("Glidning af en ryghvirvel (spondylolistese)") == ["Glidning af en ryghvirvel", "(spondylolistese)"]
    assert _lines("en to tre fire fem seks syv otte ni ti elleve tolv tretten") == [
        "en to tre fire fem seks", "syv otte ni ti elleve …"]  # cut short, and warned of (test_errors.py)
