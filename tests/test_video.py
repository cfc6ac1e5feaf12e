"""`::: video` blocks: a panel with a link for YouTube and Vimeo (nothing loaded from there), a
`<video>` with captions for a file of the site's own; Markdown in, exact HTML out; every problem
at the block's line; the files published by a build."""

from __future__ import annotations

import dataclasses
import struct

from pathlib import Path

import pytest
from markdown_helpers import convert

from iskias_site.check.blocks import check_blocks
from iskias_site.diagnostics import Diagnostics
from iskias_site.load.content import SourceFile
from iskias_site.load.videos import ExternalVideo, VideoFile
from iskias_site.pipeline.site import build_site

SECTION = "content/test/01-foerste.md"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHej og velkommen.\n"
# No real video: the build publishes the file as it is and never reads it (and the page preloads nothing).
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"

YOUTUBE = ExternalVideo("Hvad er smerte?", "YouTube", "youtube.com", "https://www.youtube.com/watch?v=abcdefghijk")
VIMEO = ExternalVideo("Genoptræningsbjerget", "Vimeo", "vimeo.com", "https://vimeo.com/123456789")


def mp4(width: int, height: int, turned: int = 0) -> bytes:
    """The boxes of an MP4 file that say what its picture is (no frames): a track of `width` x
    `height` pixels, turned by `turned` degrees as a phone held upright records it."""
    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I4s", 8 + len(body), kind) + body

    def full(kind: bytes, flags: int, body: bytes) -> bytes:
        return box(kind, struct.pack(">I", flags) + body)  # version 0

    a, b, c, d = {0: (1, 0, 0, 1), 90: (0, 1, -1, 0)}[turned]
    matrix = struct.pack(">9i", a << 16, b << 16, 0, c << 16, d << 16, 0, 0, 0, 1 << 30)
    track = full(b"tkhd", 3, struct.pack(">5I", 0, 0, 1, 0, 2000) + bytes(16) + matrix
                 + struct.pack(">II", width << 16, height << 16))
    avc1 = box(b"avc1", bytes(6) + struct.pack(">H", 1) + bytes(16) + struct.pack(">HHII", width, height, 72 << 16, 72 << 16)
               + bytes(4) + struct.pack(">H", 1) + bytes(32) + struct.pack(">Hh", 24, -1))
    table = box(b"stbl", full(b"stsd", 0, struct.pack(">I", 1) + avc1) + full(b"stts", 0, bytes(4))
                + full(b"stsc", 0, bytes(4)) + full(b"stsz", 0, bytes(8)) + full(b"stco", 0, bytes(4)))
    media = box(b"mdia", full(b"mdhd", 0, struct.pack(">4IHH", 0, 0, 1000, 2000, 0x55C4, 0))
                + full(b"hdlr", 0, bytes(4) + b"vide" + bytes(12) + b"Video\0")
                + box(b"minf", full(b"vmhd", 1, bytes(8)) + table))
    movie = full(b"mvhd", 0, struct.pack(">4IiH", 0, 0, 1000, 2000, 1 << 16, 1 << 8) + bytes(10)
                 + struct.pack(">9i", 1 << 16, 0, 0, 0, 1 << 16, 0, 0, 0, 1 << 30) + bytes(24) + struct.pack(">I", 2))
    return box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomavc1") + box(b"moov", movie + box(b"trak", track + media))


OWN = VideoFile("Sådan rejser du dig", "rejs.mp4", Path("c/rejs.mp4"), Path("c/rejs.vtt"), 2_345_678)


# --- Markdown in, HTML out ---------------------------------------------------------------------

def test_a_youtube_video_is_a_panel_with_a_link_that_says_where_it_goes():
    html = convert("::: video https://youtu.be/abcdefghijk Hvad er smerte?\nEn kort film om *smerte*.\n:::",
                   videos={"https://youtu.be/abcdefghijk": YOUTUBE})
    assert html == (
        '<figure class="video video-external">\n'
        '<figcaption class="video-title">Hvad er smerte?</figcaption>\n'
        "<p>En kort film om <em>smerte</em>.</p>\n"
        '<p class="video-link"><a href="https://www.youtube.com/watch?v=abcdefghijk" rel="noopener noreferrer">'
        "Se videoen »Hvad er smerte?« på YouTube (åbner youtube.com)</a></p>\n"
        '<p class="video-privacy">Videoen ligger hos YouTube. Siden her henter intet fra YouTube, '
        "før du klikker på linket.</p>\n"
        "</figure>")


def test_a_vimeo_video_without_text_is_the_title_and_the_link():
    html = convert("::: video https://vimeo.com/123456789 Genoptræningsbjerget\n:::",
                   videos={"https://vimeo.com/123456789": VIMEO})
    assert html == (
        '<figure class="video video-external">\n'
        '<figcaption class="video-title">Genoptræningsbjerget</figcaption>\n'
        '<p class="video-link"><a href="https://vimeo.com/123456789" rel="noopener noreferrer">'
        "Se videoen »Genoptræningsbjerget« på Vimeo (åbner vimeo.com)</a></p>\n"
        '<p class="video-privacy">Videoen ligger hos Vimeo. Siden her henter intet fra Vimeo, '
        "før du klikker på linket.</p>\n"
        "</figure>")


def test_a_video_file_plays_on_the_page_with_danish_captions_and_a_download_link():
    html = convert("::: video rejs.mp4 Sådan rejser du dig\nSe, hvordan du rejser dig fra en stol.\n:::",
                   videos={"rejs.mp4": OWN})
    assert html == (
        '<figure class="video video-file">\n'
        '<figcaption class="video-title">Sådan rejser du dig</figcaption>\n'
        '<video controls preload="none"><source src="rejs.mp4" type="video/mp4">'
        '<track default kind="captions" label="Dansk" src="rejs.vtt" srclang="da"></video>\n'
        "<p>Se, hvordan du rejser dig fra en stol.</p>\n"
        '<p class="video-download"><a href="rejs.mp4">Hent videoen »Sådan rejser du dig« (MP4, 2,3 MB)</a></p>\n'
        "</figure>")


def test_a_video_file_whose_picture_is_known_gets_a_box_of_its_shape():
    upright = dataclasses.replace(OWN, frame=(1080, 1920))
    html = convert("::: video rejs.mp4 Sådan rejser du dig\n:::", videos={"rejs.mp4": upright})
    assert '<video controls height="1920" preload="none" width="1080"><source src="rejs.mp4" type="video/mp4">' in html


def test_a_shared_video_file_is_linked_from_the_shared_folder():
    shared = VideoFile("Øvelsen", "/billeder/oevelse.webm", Path("b/oevelse.webm"), Path("b/oevelse.vtt"), 10)
    html = convert("::: video /billeder/oevelse.webm Øvelsen\n:::", videos={"/billeder/oevelse.webm": shared})
    assert ('<source src="../billeder/oevelse.webm" type="video/webm"><track default kind="captions" '
            'label="Dansk" src="../billeder/oevelse.vtt" srclang="da">') in html
    assert '<a href="../billeder/oevelse.webm">Hent videoen »Øvelsen« (WEBM, 0,1 MB)</a>' in html


# --- the address: which video it names ---------------------------------------------------------

def check(tmp_path: Path, text: str, files: dict[str, bytes | str] | None = None,
          shared: dict[str, bytes | str] | None = None):
    """The videos and the error lines of one section file in an article folder in tmp_path."""
    folder = tmp_path / "content/test"
    folder.mkdir(parents=True, exist_ok=True)
    for where, named in ((folder, files or {}), (tmp_path / "billeder", shared or {})):
        for name, data in named.items():
            where.mkdir(parents=True, exist_ok=True)
            (where / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    diags, videos = Diagnostics(tmp_path), {}
    check_blocks(SourceFile(folder / "01-foerste.md", text, 1), folder, diags, [], videos)
    return videos, [d.format() for d in diags.items]


@pytest.mark.parametrize("address", [
    "https://www.youtube.com/watch?v=abcdefghijk", "https://youtube.com/watch?v=abcdefghijk&t=42s&si=sporing",
    "https://youtu.be/abcdefghijk?si=sporing", "https://www.youtube.com/embed/abcdefghijk",
    "https://m.youtube.com/watch?v=abcdefghijk"])
def test_every_kind_of_youtube_address_links_to_the_video_without_tracking(tmp_path, address):
    videos, problems = check(tmp_path, f"::: video {address} Hvad er smerte?\n:::")
    assert problems == []
    assert videos == {address: ExternalVideo("Hvad er smerte?", "YouTube", "youtube.com",
                                             "https://www.youtube.com/watch?v=abcdefghijk")}


@pytest.mark.parametrize(("address", "url"), [
    ("https://vimeo.com/123456789", "https://vimeo.com/123456789"),
    ("https://player.vimeo.com/video/123456789", "https://vimeo.com/123456789"),
    ("https://vimeo.com/123456789/abc123def0", "https://vimeo.com/123456789/abc123def0")])
def test_a_vimeo_address_links_to_the_video(tmp_path, address, url):
    videos, problems = check(tmp_path, f"::: video {address} Bjerget\n:::")
    assert problems == [] and videos[address].url == url


def test_a_video_file_with_captions_beside_it(tmp_path):
    videos, problems = check(tmp_path, "::: video rejs.mp4 Rejs dig\n:::", {"rejs.mp4": MP4, "rejs.vtt": VTT})
    folder = tmp_path / "content/test"
    assert problems == []
    assert videos == {"rejs.mp4": VideoFile("Rejs dig", "rejs.mp4", folder / "rejs.mp4", folder / "rejs.vtt", len(MP4))}


@pytest.mark.parametrize(("data", "frame"), [(mp4(640, 360), (640, 360)), (mp4(1920, 1080, turned=90), (1080, 1920)),
                                           (MP4, None)])
def test_a_video_files_picture_is_read_as_a_player_shows_it(tmp_path, data, frame):
    """Its width and height, turned as the file says (a phone held upright); a file with no
    picture MediaInfo can read has none, and the page keeps its 16:9 box."""
    videos, problems = check(tmp_path, "::: video rejs.mp4 Rejs dig\n:::", {"rejs.mp4": data, "rejs.vtt": VTT})
    assert problems == [] and videos["rejs.mp4"].frame == frame


# --- errors, each at the block's line ----------------------------------------------------------

BEFORE = "Tekst.\n\n"  # the block opens on line 3


@pytest.mark.parametrize(("opening", "message"), [
    ("::: video", "a video block names the video's address and its title: '::: video https://youtu.be/… Titel'"),
    ("::: video https://youtu.be/abcdefghijk",
     "the video 'https://youtu.be/abcdefghijk' has no title; write it after the address: "
     "'::: video https://youtu.be/abcdefghijk Titel'"),
    ("::: video http://youtu.be/abcdefghijk Smerte",
     "the video address 'http://youtu.be/abcdefghijk' is not secure; write it with https://"),
    ("::: video https://youtu.be/kort Smerte",
     "'https://youtu.be/kort' names no YouTube video; copy the address from the video's 'Del' (Share) button: "
     "https://youtu.be/…"),
    ("::: video https://www.youtube.com/@kanal Smerte",
     "'https://www.youtube.com/@kanal' names no YouTube video; copy the address from the video's 'Del' (Share) "
     "button: https://youtu.be/…"),
    ("::: video https://vimeo.com/kanal Smerte",
     "'https://vimeo.com/kanal' names no Vimeo video; write it as https://vimeo.com/<number>"),
    ("::: video https://video.example/smerte Smerte",
     "'https://video.example/smerte' is not a video this site can show; link to YouTube "
     "(https://www.youtube.com/watch?v=…) or Vimeo (https://vimeo.com/…), or put an '.mp4' or '.webm' file "
     "with its captions beside the article"),
    ("::: video film.avi Smerte",
     "'film.avi' is not a video file this site can show (.mp4, .webm); save it as MP4 or WebM, "
     "or link to YouTube or Vimeo"),
    ("::: video rejs.mp4 Rejs dig", "video 'rejs.mp4' needs captions: add rejs.vtt beside it "
                                    "(a WebVTT file, the text of everything said in the video)"),
    ("::: video rjes.mp4 Rejs dig", "video 'rjes.mp4' is not in the article's folder (did you mean 'rejs.mp4'?)"),
    ("::: video /billeder/rejs.mp4 Rejs dig", "video '/billeder/rejs.mp4' is not in the site's billeder/ folder"),
])
def test_each_problem_with_a_video_is_an_error_at_its_line(tmp_path, opening, message):
    videos, problems = check(tmp_path, f"{BEFORE}{opening}\n:::\n", {"rejs.mp4": MP4})
    assert problems == [f"{SECTION}:3: error: {message}"]
    assert videos == {}


def test_captions_that_are_not_webvtt_are_an_error(tmp_path):
    _, problems = check(tmp_path, f"{BEFORE}::: video rejs.mp4 Rejs dig\n:::\n",
                        {"rejs.mp4": MP4, "rejs.vtt": "1\n00:00:00,000 --> 00:00:02,000\nHej\n"})
    assert problems == [f"{SECTION}:3: error: 'rejs.vtt' is not a WebVTT caption file: its first line must be 'WEBVTT'"]


def test_a_video_block_may_have_no_text_but_must_close(tmp_path):
    _, problems = check(tmp_path, f"{BEFORE}::: video https://youtu.be/abcdefghijk Smerte\n")
    assert problems == [f"{SECTION}:3: error: the '::: video' block opened here is never closed; "
                        "add a line ':::' where it ends"]


# --- a built site ------------------------------------------------------------------------------

def video_site(make_site, block: str, files: dict[str, bytes | str], shared: bool = False) -> Path:
    root = make_site({SECTION: f"## Første afsnit\n\nTekst [@alpha2020].\n\n{block}\n"})
    folder = root / ("billeder" if shared else "content/test")
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


def test_a_build_publishes_the_video_and_its_captions_as_they_are(make_site, tmp_path):
    root = video_site(make_site, "::: video rejs.mp4 Rejs dig\nSådan rejser du dig.\n:::",
                      {"rejs.mp4": MP4, "rejs.vtt": VTT})
    out = tmp_path / "out"
    result = build_site(root, out)
    assert result.ok, [d.format() for d in result.diagnostics.items]
    assert (out / "test/rejs.mp4").read_bytes() == MP4
    assert (out / "test/rejs.vtt").read_text(encoding="utf-8") == VTT
    page = (out / "test/index.html").read_text(encoding="utf-8")
    assert '<source src="rejs.mp4" type="video/mp4"><track default kind="captions"' in page


def test_a_shared_video_is_published_once_in_the_shared_folder_and_a_new_caption_file_rebuilds(make_site, tmp_path):
    root = video_site(make_site, "::: video /billeder/rejs.webm Rejs dig\n:::", {"rejs.webm": MP4}, shared=True)
    out = tmp_path / "out"
    result = build_site(root, out)  # with the cache: the article is kept, and must be built again below
    assert [d.format() for d in result.diagnostics.errors] == [
        f"{SECTION}:5: error: video '/billeder/rejs.webm' needs captions: add rejs.vtt beside it "
        "(a WebVTT file, the text of everything said in the video)"]
    (root / "billeder/rejs.vtt").write_text(VTT, encoding="utf-8")
    assert build_site(root, out).ok
    assert (out / "billeder/rejs.webm").read_bytes() == MP4 and (out / "billeder/rejs.vtt").is_file()
    assert 'src="../billeder/rejs.vtt"' in (out / "test/index.html").read_text(encoding="utf-8")


def test_a_poster_image_in_the_block_is_the_site_own_responsive_figure(make_site, tmp_path):
    from test_images import PNG

    root = video_site(make_site, "::: video https://youtu.be/abcdefghijk Hvad er smerte?\n"
                                 "![Tegning fra videoen: en nerve, der sender signaler](plakat.png)\n\n"
                                 "En kort film.\n:::", {"plakat.png": PNG})
    out = tmp_path / "out"
    assert build_site(root, out).ok
    page = (out / "test/index.html").read_text(encoding="utf-8")
    start = page.index('<figure class="video video-external">')
    panel = page[start: page.index('class="video-privacy"', start)]
    assert '<figcaption class="video-title">Hvad er smerte?</figcaption>\n<figure class="image-figure">' in panel
    assert 'alt="Tegning fra videoen: en nerve, der sender signaler"' in panel and 'src="plakat-3.png"' in panel
    assert "youtube.com" not in page.replace('href="https://www.youtube.com/watch?v=abcdefghijk"', "").replace(
        "(åbner youtube.com)", "")
