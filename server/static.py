"""Static files of the built web app: path checks, MIME types, brotli siblings, ETag.

Why so careful with paths: the app directory sits next to the data directory, so a path that
escapes it (`..`, encoded slashes, backslashes, NUL, symlinks out) could hand out secrets. Only
regular files inside `app_dir` (after realpath) are served, never hidden files.
"""

import os
import re
from urllib.parse import unquote

from server.http import ApiError, Response

ALIASES = {"/": "index.html", "/staff": "staff.html"}
MIME_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
    ".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2", ".json": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json",
}


def static_file(app_root, url_path):
    """Map a URL path to a regular file inside app_root (already realpath'd), or None."""
    rel = ALIASES.get(url_path)
    if rel is None:
        try:
            rel = unquote(url_path, errors="strict")
        except UnicodeDecodeError:
            return None
        if not rel.startswith("/") or "\x00" in rel or "\\" in rel:
            return None
        rel = rel[1:]
        # No absolute paths, no empty, "." or ".." segments, no hidden files.
        if os.path.isabs(rel) or any(not part or part.startswith(".") for part in rel.split("/")):
            return None
    full = os.path.realpath(os.path.join(app_root, rel))
    if os.path.commonpath([app_root, full]) != app_root or not os.path.isfile(full):
        return None
    return full


def accepts_brotli(accept_encoding):
    for item in (accept_encoding or "").split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() == "br":
            return not re.fullmatch(r"\s*q\s*=\s*0(\.0*)?\s*", params)
    return False


def etag_matches(if_none_match, etag):
    tags = [t.strip().removeprefix("W/") for t in (if_none_match or "").split(",")]
    return "*" in tags or etag in tags


def serve_static(app, request, path):
    full = static_file(app.app_root, path)
    if full is None:
        raise ApiError(404, "not_found", "not found")
    content_type = MIME_TYPES.get(os.path.splitext(full)[1].lower(), "application/octet-stream")
    headers, send_path = [("Cache-Control", "no-cache")], full
    if os.path.isfile(full + ".br"):
        headers.append(("Vary", "Accept-Encoding"))
        if accepts_brotli(request.header("Accept-Encoding")):
            headers.append(("Content-Encoding", "br"))
            send_path = full + ".br"
    f = open(send_path, "rb")
    try:
        stat = os.fstat(f.fileno())
        etag = '"%x-%x%s"' % (stat.st_mtime_ns, stat.st_size, "-br" if send_path != full else "")
        headers.append(("ETag", etag))
        if etag_matches(request.header("If-None-Match"), etag):
            f.close()
            return Response(304, b"", None, headers)
        return Response.stream(200, f, stat.st_size, content_type, headers)
    except BaseException:
        f.close()
        raise
