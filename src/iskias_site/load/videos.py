"""Videos in articles: what the address of a `::: video` block names, checked with its line.

An address is either a video at YouTube or Vimeo, which the page only links to (nothing is loaded
from the other site until the reader clicks), or a video file of the site's own, found as images
are (`load/images.py`): beside the article, in its folder, or in the shared folder `billeder/`.
A video file of our own needs its captions, a WebVTT file beside it with the same stem
(`film.mp4` -> `film.vtt`). The files are published as they are: no re-encoding. Their picture's
width and height, as a player shows it, come from MediaInfo (`pymediainfo`), so that the page
gives a video filmed upright on a phone an upright box before it plays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.messages import Message, phrase
from iskias_site.load.images import SHARED, source_path
from iskias_site.source.fences import Opening

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
CAPTIONS = ".vtt"
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_PATH = re.compile(r"^/(?:video/)?(\d+)(?:/([0-9a-f]+))?/?$")  # an unlisted video adds its hash
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be")
_VIMEO_HOSTS = ("vimeo.com", "www.vimeo.com", "player.vimeo.com")
EXAMPLE = "'::: video https://youtu.be/… Titel'"


@dataclass(frozen=True)
class ExternalVideo:
    """A video at another site: the page shows a panel with a link to it, and loads nothing from there."""

    title: str
    provider: str  # 'YouTube' or 'Vimeo', as the reader knows it
    host: str  # where the link goes: 'youtube.com', 'vimeo.com'
    url: str  # the video's own page there, without the editor's tracking parameters


@dataclass(frozen=True)
class VideoFile:
    """A video file of the site's own, with its captions, published beside the page (or shared)."""

    title: str
    name: str  # as the article writes it: 'film.mp4' or '/billeder/film.mp4'
    path: Path
    captions: Path  # the .vtt beside it
    size: int  # bytes, for the download link
    frame: tuple[int, int] | None = None  # the picture's width and height as shown; None: not known

    @property
    def media_type(self) -> str:
        return VIDEO_TYPES[self.path.suffix.lower()]

    @property
    def shared(self) -> bool:
        return self.name.startswith(f"/{SHARED}/")

    def site_paths(self, slug: str) -> tuple[str, str]:
        """Where the video and its captions are published: beside the page, or in the shared folder."""
        video = self.name.lstrip("/") if self.shared else f"{slug}/{self.name}"
        return video, video.rsplit(".", 1)[0] + CAPTIONS

    def hrefs(self) -> tuple[str, str]:
        """The addresses the page links the video and its captions by."""
        video = f"..{self.name}" if self.shared else self.name
        return video, video.rsplit(".", 1)[0] + CAPTIONS


Video = ExternalVideo | VideoFile


def video_files(videos: Iterable[Video], slug: str) -> set[tuple[str, Path]]:
    """(path in the site, source file) of every video file among an article's videos, and of its captions."""
    files = set()
    for video in videos:
        if isinstance(video, VideoFile):
            site_video, site_captions = video.site_paths(slug)
            files |= {(site_video, video.path), (site_captions, video.captions)}
    return files


def check_video(path: Path, line: int, opening: Opening, folder: Path | None,
                diags: Diagnostics) -> Video | None:
    """Report what is wrong with a `::: video` opening line; return the video it names if nothing is."""
    address, title = opening.argument, opening.title
    if not address:
        diags.error(path, line, "video-invalid/no-address", example=EXAMPLE)
        return None
    if not title:
        diags.error(path, line, "video-invalid/no-title", address=address)
    if address.startswith("http://"):
        diags.error(path, line, "video-invalid/insecure", address=address)
        return None
    if address.startswith(("https://", "//")):
        video = _external(path, line, address, title, diags)
    else:
        video = _file(path, line, address, title, folder, diags)
    return video if title else None


def _external(path: Path, line: int, address: str, title: str, diags: Diagnostics) -> ExternalVideo | None:
    parts = urlsplit(address if not address.startswith("//") else "https:" + address)
    host = (parts.hostname or "").lower()
    if host in _YOUTUBE_HOSTS:
        if host == "youtu.be":
            found = parts.path.strip("/")
        elif parts.path.startswith("/embed/"):
            found = parts.path.removeprefix("/embed/").strip("/")
        else:
            found = parse_qs(parts.query).get("v", [""])[0] if parts.path.rstrip("/") == "/watch" else ""
        if _YOUTUBE_ID.match(found):
            return ExternalVideo(title, "YouTube", "youtube.com", f"https://www.youtube.com/watch?v={found}")
        diags.error(path, line, "video-unknown-address/youtube", address=address)
        return None
    if host in _VIMEO_HOSTS:
        match = _VIMEO_PATH.match(parts.path)
        if match:
            rest = f"/{match.group(2)}" if match.group(2) else ""
            return ExternalVideo(title, "Vimeo", "vimeo.com", f"https://vimeo.com/{match.group(1)}{rest}")
        diags.error(path, line, "video-unknown-address/vimeo", address=address)
        return None
    diags.error(path, line, "video-unknown-address/site", address=address)
    return None


def _file(path: Path, line: int, name: str, title: str, folder: Path | None,
          diags: Diagnostics) -> VideoFile | None:
    suffix = Path(name).suffix.lower()
    if suffix not in VIDEO_TYPES:
        diags.error(path, line, "video-file-type", name=name, types=", ".join(VIDEO_TYPES))
        return None
    source = source_path(path, folder, name)
    if source is None or not source.is_file():
        diags.error(path, line, "video-missing", name=name, where=_where(path, folder, name), hint=_nearby(source, name))
        return None
    captions = source.with_suffix(CAPTIONS)
    if not captions.is_file():
        diags.error(path, line, "video-without-captions", name=name, captions=captions.name)
        return None
    if not _is_webvtt(captions):
        diags.error(path, line, "video-captions-not-webvtt", captions=captions.name)
        return None
    return VideoFile(title, name, source, captions, source.stat().st_size, _frame(source))


def _frame(source: Path) -> tuple[int, int] | None:
    """The width and height of a video's picture as a player shows it: turned as the file says
    (a phone films upright into a picture stored on its side), its pixels made square. None when
    MediaInfo finds no picture in it; the page then gives the player a 16:9 box."""
    from pymediainfo import MediaInfo  # 40 ms to import: only for a site with videos of its own

    try:
        tracks = MediaInfo.parse(source).video_tracks
    except (OSError, RuntimeError):  # MediaInfo's library missing, or the file unreadable
        return None
    for track in tracks:
        if track.width and track.height:
            width, height = round(int(track.width) * float(track.pixel_aspect_ratio or 1)), int(track.height)
            return (height, width) if round(float(track.rotation or 0)) % 180 == 90 else (width, height)
    return None


def _where(path: Path, folder: Path | None, name: str) -> Message:
    if name.startswith(f"/{SHARED}/"):
        return phrase("shared-folder", SHARED=SHARED)
    return phrase("article-folder") if folder is not None else phrase("article-file-folder")


def _nearby(source: Path | None, name: str) -> Message | str:
    """A did-you-mean among the video files in the folder the address points into."""
    if source is None or not source.parent.is_dir():
        return ""
    known = [p.name for p in source.parent.iterdir() if p.suffix.lower() in VIDEO_TYPES]
    return did_you_mean(Path(name).name, known)


def _is_webvtt(captions: Path) -> bool:
    try:
        with captions.open("rb") as file:
            head = file.read(16)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")
