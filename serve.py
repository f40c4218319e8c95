#!/usr/bin/env python3
"""Anlaufstelle server: the built web app plus the JSON API of docs/API.md.

A thin entry point over the `server` package (a WSGI application): by default it serves the app
with the embedded standard-library server (server/embedded.py) on SQLite in --data; with
`--workers N` (N > 1) it runs the same application under gunicorn instead (docs/OPERATIONS.md).

    python3 serve.py --host 127.0.0.1 --port 8080 --data ./data [--app DIR] [--database URL]
                     [--trusted-proxy CIDR] [--config FILE] ...   (--help lists every option)

Exit status: 0 after SIGTERM/Ctrl-C, 1 if it cannot listen or reach its store, 2 for an
unusable setting or office key file.
"""

import logging
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from server import config as configuration  # noqa: E402
from server.store.base import StoreError  # noqa: E402


def run_gunicorn(argv):
    """Replace this process with gunicorn running server.wsgi, configured by the same options."""
    env = dict(os.environ, ANL_ARGS=shlex.join(argv))
    os.execve(sys.executable, [sys.executable, "-m", "gunicorn", "--chdir", HERE,
                               "-c", os.path.join(HERE, "server", "gunicorn_conf.py"), "server.wsgi:application"], env)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        config = configuration.parse_args(argv)
    except configuration.ConfigError as e:
        print(f"serve.py: {e}", file=sys.stderr)
        return 2
    if config.workers > 1:
        return run_gunicorn(argv)
    logging.basicConfig(stream=sys.stderr, level=config.log_level, format="%(asctime)s %(levelname)s %(message)s")
    from server import embedded
    from server.app import create_app
    try:
        app = create_app(config)
    except configuration.ConfigError as e:
        print(f"serve.py: {e}", file=sys.stderr)
        return 2
    except StoreError as e:
        print(f"serve.py: the store is unavailable: {e}", file=sys.stderr)
        return 1
    host = f"[{config.host}]" if ":" in config.host else config.host
    try:
        return embedded.serve(app, config, ready=lambda port: print(f"serving on http://{host}:{port}/", flush=True))
    finally:
        app.close()


if __name__ == "__main__":
    sys.exit(main())
