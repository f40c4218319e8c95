#!/usr/bin/env python3
"""Server benchmark: small submissions per second and their latency, side by side, in one run.

    /usr/bin/python3 bench/server_bench.py [--seconds 5] [--clients 1,10,50]

Set-ups, each on a fresh data directory:
  sqlite-embedded   serve.py as a newcomer starts it (SQLite, the standard-library server)
  sqlite-gunicorn-2 the same store under gunicorn with 2 workers
  pg-gunicorn-1     PostgreSQL 15 (a throw-away cluster, fsync on), gunicorn with 1 worker
  pg-gunicorn-2     the same with 2 workers
Load: wrk (Debian's package, C, on the same 2-core machine) POSTs one structurally valid
1.3 KB envelope over kept-alive connections for --seconds per step; every 201 is a submission
the server has made durable. Rate limits are switched off (0) for the run, as they would
otherwise refuse a single address after 30 submissions.
Then, per set-up: one resumable upload of a 50 MB case item (tus, PATCHes of --upload-chunk-kib, 256 KiB as the app sends, with their
SHA-256 checksums, over one kept-alive connection): MB/s from the first PATCH to the 204 of the
last (which includes scanning the whole file as an envelope v2 and making the item durable).
Then: a page load over one kept-alive connection (the files the applicant page fetches, from
build/web/dist), median of 20 loads.
The machine is shared and noisy: compare the columns of one run, not runs of different days.
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "server"))
from case_fixture import Case, seal_v2  # noqa: E402
from harness import ServerProcess, make_envelope, write_fixture  # noqa: E402

PYTHON = "/usr/bin/python3"
NO_LIMITS = ["--submissions-per-hour-per-address", "0", "--submissions-per-hour-global", "0"]
LUA = """
local f = io.open(os.getenv("ANL_BENCH_BODY"), "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
"""


def gunicorn_command():
    return [PYTHON, "-m", "gunicorn", "--chdir", str(REPO), "-c", str(REPO / "server" / "gunicorn_conf.py"),
            "server.wsgi:application"]


def start(root, setup, dsn):
    """A running ServerProcess for one set-up on a fresh data directory under root."""
    root.mkdir()
    write_fixture(root)
    args = list(NO_LIMITS)
    if setup.startswith("pg"):
        args += ["--database", dsn]
    workers = int(setup.rsplit("-", 1)[1]) if "gunicorn" in setup else 1
    if workers == 1 and "gunicorn" not in setup:
        server = ServerProcess(root, args)
    else:
        argv = ["--host", "127.0.0.1", "--port", "0", "--data", str(root / "data"), "--app", str(root / "app"),
                "--workers", str(workers), *args]
        env = dict(os.environ, ANL_ARGS=" ".join(argv))
        server = ServerProcess(root, command=gunicorn_command(), env=env)
    server.start(timeout=60)
    return server


def wrk(port, clients, seconds, lua_path, body_path):
    threads = min(2, clients)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s", "--latency",
                          "-s", str(lua_path), f"http://127.0.0.1:{port}/api/submissions"],
                         capture_output=True, text=True, env=dict(os.environ, ANL_BENCH_BODY=str(body_path)),
                         check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rate": rate, "p50": latency(out, "50"), "p99": latency(out, "99"),
            "errors": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else ""}


def latency(wrk_output, percentile):
    """wrk's latency distribution line ('99%  12.34ms') in milliseconds."""
    value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", wrk_output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def count_rows(server, setup, dsn):
    if setup.startswith("pg"):
        import psycopg
        with psycopg.connect(dsn) as db:
            return db.execute("SELECT count(*) FROM submissions").fetchone()[0]
    import sqlite3
    with sqlite3.connect(server.data / "anlaufstelle.sqlite3") as db:
        return db.execute("SELECT count(*) FROM submissions").fetchone()[0]


def upload_rate(port, office_public_key, megabytes, chunk):
    """MB/s of one tus upload of a `megabytes` MB case item in PATCHes of `chunk` bytes (the
    applicant's page sends 256 KiB: app::CaseUpload::kChunkSize)."""
    case = Case.new()
    body = seal_v2([office_public_key, case.public_key], {"v": 1, "type": "message", "text": ""},
                   [os.urandom(megabytes * 1000 * 1000)])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", "/api/cases", json.dumps(case.creation()), {"Content-Type": "application/json"})
    response = conn.getresponse()
    if response.status != 201:
        raise RuntimeError(f"POST /api/cases answered {response.status}: {response.read()[:200]!r}")
    response.read()
    tus = {"Tus-Resumable": "1.0.0", **case.auth()}
    conn.request("POST", f"/api/cases/{case.locator}/uploads", b"", {**tus, "Upload-Length": str(len(body))})
    response = conn.getresponse()
    response.read()
    location = response.getheader("Location")
    started = time.monotonic()
    for offset in range(0, len(body), chunk):
        piece = body[offset:offset + chunk]
        conn.request("PATCH", location, piece, {
            **tus, "Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset),
            "Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(piece).digest()).decode()})
        response = conn.getresponse()
        response.read()
        if response.status != 204:
            raise RuntimeError(f"PATCH answered {response.status}")
    seconds = time.monotonic() - started
    conn.close()
    if not response.getheader("Anl-Item"):
        raise RuntimeError("the upload did not become an item")
    return len(body) / 1e6 / seconds


def page_files(dist):
    """What the German applicant page fetches on a first visit (bench/first_load.mjs measures
    the same in Chromium): the page, the app, its stylesheet, catalog, form and Latin fonts."""
    names = ["index.html", "app.js", "app.wasm", "platform.css", "i18n/de.json", "i18n/languages.json",
             "forms/social-assistance.json", "forms/i18n/de.json", "fonts/NotoSans-Regular-latin.ttf",
             "fonts/NotoSans-Bold-latin.ttf", "fonts/NotoSans-Regular-names.ttf"]
    return ["/" + n for n in names if (dist / n).is_file()]


def page_load(port, paths, loads=20):
    """Median milliseconds (and bytes) to fetch `paths` in order over one kept-alive connection."""
    times, size = [], 0
    for _ in range(loads):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        started, size = time.perf_counter(), 0
        for path in paths:
            conn.request("GET", path, headers={"Accept-Encoding": "br"})
            response = conn.getresponse()
            size += len(response.read())
            assert response.status == 200, (path, response.status)
        times.append((time.perf_counter() - started) * 1000)
        conn.close()
    return statistics.median(times), size


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=int, default=5)
    p.add_argument("--clients", default="1,10,50")
    p.add_argument("--setups", default="sqlite-embedded,sqlite-gunicorn-2,pg-gunicorn-1,pg-gunicorn-2")
    p.add_argument("--upload-mb", type=int, default=50, help="size of the resumable upload (0: none)")
    p.add_argument("--upload-chunk-kib", type=int, default=256, help="bytes per PATCH (the app's: 256 KiB)")
    args = p.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    setups = args.setups.split(",")
    if not shutil.which("wrk"):
        sys.exit("server_bench: wrk is not installed (apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="anl-bench-"))
    dsn = None
    if any(s.startswith("pg") for s in setups):
        import pg
        cluster = pg.cluster()
        cluster.admin("ALTER SYSTEM SET fsync = on")  # the test cluster runs without; a benchmark must not
        cluster.admin("SELECT pg_reload_conf()")
    lua_path = tmp / "post.lua"
    lua_path.write_text(LUA)
    results = {}
    try:
        for setup in setups:
            if setup.startswith("pg"):
                dsn = cluster.create_database()[1]
            server = start(tmp / setup, setup, dsn)
            try:
                office_key_id = bytes.fromhex(server_config(server.port)["office_key_id"])
                body_path = tmp / f"{setup}.bin"
                body_path.write_bytes(make_envelope(office_key_id, (1024,)))
                for n in clients:
                    results[(setup, n)] = wrk(server.port, n, args.seconds, lua_path, body_path)
                results[(setup, "rows")] = count_rows(server, setup, dsn)
                if args.upload_mb:
                    office_pk = base64.b64decode(server_config(server.port)["office_public_key"])
                    results[(setup, "upload")] = upload_rate(server.port, office_pk, args.upload_mb,
                                                             args.upload_chunk_kib << 10)
                if setup == "sqlite-embedded":
                    dist = REPO / "build" / "web" / "dist"
                    page = ServerProcess(tmp / "page", ["--app", str(dist)]) if dist.is_dir() else None
                    if page:
                        (tmp / "page").mkdir()
                        write_fixture(tmp / "page")
                        page.start()
                        results["page"] = page_load(page.port, page_files(dist)) + (len(page_files(dist)),)
                        page.stop()
            finally:
                server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(results, setups, clients, args.seconds, args.upload_mb, args.upload_chunk_kib)


def server_config(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/api/config")
    return json.loads(conn.getresponse().read())


def report(results, setups, clients, seconds, upload_mb, chunk_kib):
    print(f"# small submissions (1.3 KB envelopes), {seconds} s per cell, wrk on the same machine ({os.cpu_count()} cores)")
    print("| clients | " + " | ".join(setups) + " |")
    print("|---:|" + "---:|" * len(setups))
    for n in clients:
        cells = []
        for s in setups:
            r = results[(s, n)]
            bad = f", {r['errors']} errors" if r["errors"] else ""
            cells.append(f"{r['rate']:.0f}/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms{bad}")
        print(f"| {n} | " + " | ".join(cells) + " |")
    print("| rows stored | " + " | ".join(str(results[(s, "rows")]) for s in setups) + " |")
    if upload_mb:
        print(f"| tus upload, {upload_mb} MB in {chunk_kib} KiB PATCHes | "
              + " | ".join(f"{results[(s, 'upload')]:.0f} MB/s" for s in setups) + " |")
    if "page" in results:
        ms, size, count = results["page"]
        print(f"# page load over one kept-alive connection (embedded server): {count} files, "
              f"{size} bytes (brotli where built), median {ms:.1f} ms of 20 loads")


if __name__ == "__main__":
    main()
