"""A `::: video` block on the page: a panel with a link for a video at YouTube or Vimeo, or a
`<video>` element with its captions for a video file of the site's own.

Nothing on the page loads from another site: no iframe, no script, no poster from the provider.
The panel's link says where it goes, so it makes sense read on its own (WCAG 2.4.4). The address
was checked, and the video found, by `load/videos.py`; the fence is read by `convert/blocks.py`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from iskias_site.load.videos import ExternalVideo, Video, VideoFile


def video_figure(video: Video, strings: dict[str, Any],
                 body: Callable[[etree.Element], None]) -> etree.Element:
    """The figure for one checked video; `body` parses the block's own text into the element it is given."""
    kind = "video-external" if isinstance(video, ExternalVideo) else "video-file"
    figure = etree.Element("figure", {"class": f"video {kind}"})
    etree.SubElement(figure, "figcaption", {"class": "video-title"}).text = video.title
    if isinstance(video, VideoFile):
        _player(figure, video, strings)
    body(figure)
    if isinstance(video, ExternalVideo):
        _link(figure, video, strings)
    else:
        _download(figure, video, strings)
    return figure


def _link(figure: etree.Element, video: ExternalVideo, strings: dict[str, Any]) -> None:
    paragraph = etree.SubElement(figure, "p", {"class": "video-link"})
    link = etree.SubElement(paragraph, "a", {"href": video.url})
    link.text = strings["open"].format(title=video.title, provider=video.provider, host=video.host)
    note = etree.SubElement(figure, "p", {"class": "video-privacy"})
    note.text = strings["privacy"].format(provider=video.provider)


def _player(figure: etree.Element, video: VideoFile, strings: dict[str, Any]) -> None:
    source, captions = video.hrefs()
    player = etree.SubElement(figure, "video", {"controls": "controls", "preload": "none"})
    if video.frame is not None:  # its box before it plays: the browser takes the ratio from these
        player.set("width", str(video.frame[0]))
        player.set("height", str(video.frame[1]))
    etree.SubElement(player, "source", {"src": source, "type": video.media_type})
    etree.SubElement(player, "track", {"kind": "captions", "srclang": "da", "label": strings["captions"],
                                       "src": captions, "default": "default"})


def _download(figure: etree.Element, video: VideoFile, strings: dict[str, Any]) -> None:
    paragraph = etree.SubElement(figure, "p", {"class": "video-download"})
    link = etree.SubElement(paragraph, "a", {"href": video.hrefs()[0]})
    link.text = strings["download"].format(title=video.title, format=video.path.suffix.lstrip(".").upper(),
                                           size=_megabytes(video.size))


def _megabytes(size: int) -> str:
    """'1,2' for 1.2 million bytes, in Danish; never '0,0'."""
    return f"{max(size / 1_000_000, 0.1):.1f}".replace(".", ",")
