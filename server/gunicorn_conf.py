"""gunicorn settings derived from the same configuration as serve.py (server/config.py).

    ANL_ARGS="--host 127.0.0.1 --port 8080 --data /srv/anlaufstelle --database postgresql:///anl \
              --workers 2 --trusted-proxy 127.0.0.1/32" \
        gunicorn -c server/gunicorn_conf.py server.wsgi:application

Why these settings:
- gthread workers: each worker serves `threads` requests at once (a submission waits on a
  commit, so one request per worker would leave the CPU idle), with keep-alive for nginx.
- No access log: gunicorn's would print raw paths (draft ids, references) and queries; the
  application logs method, route template, status and size instead.
- forwarded_allow_ips is empty: gunicorn itself believes no X-Forwarded-* header; the app does,
  only from --trusted-proxy addresses (server/http.py, server/limits.py).
- Start-up work (office key import) runs once in the master before workers fork (on_starting);
  an unusable key file stops gunicorn with the message and status 2 instead of a boot loop.
- The request body deadline is the app's (server/http.py bounds every read in time); behind
  nginx with proxy_request_buffering on, nginx has received the whole body before gunicorn.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from server import config as configuration  # noqa: E402

_config = configuration.from_environment()

bind = [f"[{_config.host}]:{_config.port}" if ":" in _config.host else f"{_config.host}:{_config.port}"]
workers = _config.workers
worker_class = "gthread"
threads = _config.threads
worker_connections = _config.max_connections
keepalive = int(_config.idle_timeout)
timeout = 30                      # heartbeat of a worker's main loop, not of a request
graceful_timeout = 15
backlog = 1024
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None
errorlog = "-"
loglevel = _config.log_level.lower()
forwarded_allow_ips = ""
proxy_allow_ips = ""
preload_app = False               # every worker opens its own store after the fork


def on_starting(server):
    from server.config import ConfigError
    from server.startup import open_and_prepare
    from server.store.base import StoreError
    try:
        open_and_prepare(_config).close()
    except ConfigError as e:
        print(f"gunicorn: {e}", file=sys.stderr)
        sys.exit(2)
    except StoreError as e:
        print(f"gunicorn: the store is unavailable: {e}", file=sys.stderr)
        sys.exit(1)


def when_ready(server):
    """The same line serve.py prints, with the real port (tests and scripts bind port 0)."""
    port = server.LISTENERS[0].sock.getsockname()[1]
    host = f"[{_config.host}]" if ":" in _config.host else _config.host
    print(f"serving on http://{host}:{port}/", flush=True)
