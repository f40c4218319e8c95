"""Configuration: command-line options, an optional JSON config file, one frozen `Config`.

Why one place: `serve.py` (embedded server), `server/wsgi.py` (gunicorn) and the tests must
configure the same application the same way, so an office can move from the embedded SQLite
server to gunicorn + PostgreSQL "by configuration alone".

Sources, later ones winning: built-in defaults < JSON file (`--config FILE`, or env `ANL_CONFIG`
under gunicorn) < command-line options (or env `ANL_ARGS` under gunicorn, parsed like a command
line). JSON keys are the field names below (`"max_submission_bytes": 1000000`); unknown keys are
refused so a typo cannot silently leave a limit at its default.

Other modules read fields; they never parse options themselves. A module that needs a new setting
asks the owner of this file (H-core) to add a field, so `--help` stays the one list of them.
"""

import argparse
import dataclasses
import ipaddress
import json
import os
import shlex

from server.api_spec import limit

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_APP_DIR = os.path.join(HERE, "build", "web", "dist")
MIB = 1024 * 1024
ENVELOPE_HEADER_LEN = 96  # the smallest envelope there can be (docs/PROTOCOL.md)


class ConfigError(ValueError):
    """A setting is unusable; the entry point prints it and exits with status 2."""


@dataclasses.dataclass(frozen=True)
class Config:
    # -- where --
    host: str = "127.0.0.1"
    port: int = 8080
    data: str = "./data"                  # data directory: office-key.json, SQLite file, blobs/
    app_dir: str = DEFAULT_APP_DIR        # the built web app (static files)
    database: str = None                  # None or "sqlite": DATA/anlaufstelle.sqlite3; "postgresql://..."
    blob_dir: str = None                  # None: DATA/blobs (PostgreSQL: a directory all processes share)
    key_file: str = None                  # None: DATA/office-key.json (imported into an empty store)
    public_origin: str = None             # e.g. "https://anlaufstelle.example.org"; None: from Host
    # -- inputs (the defaults of the API's limits are spec/api.json's) --
    max_submission_bytes: int = limit("max_submission_bytes")
    max_draft_bytes: int = limit("max_draft_bytes")
    max_json_bytes: int = limit("max_json_bytes")
    max_json_depth: int = limit("max_json_depth")
    min_free_bytes: int = 64 * MIB        # refuse uploads (507) when the disk has less than this free
    orphan_grace_seconds: int = 3600      # a blob file without a row is only touched when older than
                                          # this (longer than any request may take: checked below)
    # -- retention --
    draft_days: int = 30
    submission_days: int = 90             # default retention of submissions (admins may change it)
    # -- sessions (server/auth.py) --
    session_idle_seconds: int = 30 * 60
    session_absolute_seconds: int = 10 * 3600
    # -- limits (server/limits.py) --
    trusted_proxies: tuple = ()           # ipaddress networks whose X-Forwarded-For is believed
    office_networks: tuple = ()           # kiosk networks exempt from per-address limits
    submissions_per_hour_per_address: int = limit("submissions_per_hour_per_address")  # 0 = unlimited (benchmarks)
    submissions_per_hour_global: int = limit("submissions_per_hour_global")      # all clients together; 0 = unlimited
    draft_guesses_per_address: int = limit("draft_guesses_per_address")  # wrong draft codes per window
    draft_guesses_global: int = limit("draft_guesses_global")
    # -- transport (server/embedded.py; gunicorn reads workers/threads/timeouts) --
    max_connections: int = 256            # embedded: concurrent connections; over it: idle ones go, else 503
    idle_timeout: float = 15.0            # seconds of silence before a connection is closed
    request_timeout: float = 60.0         # whole request (head + body) must arrive within this ...
    min_upload_rate: int = 32 * 1024      # ... plus Content-Length / this (bytes per second)
    workers: int = 1                      # >1: serve.py runs gunicorn with that many workers
    threads: int = 8                      # gunicorn gthread threads per worker
    log_level: str = "INFO"

    # Derived paths (every module uses these, never its own os.path.join of data).
    @property
    def key_path(self):
        return self.key_file or os.path.join(self.data, "office-key.json")

    @property
    def blob_path(self):
        return self.blob_dir or os.path.join(self.data, "blobs")

    @property
    def sqlite_path(self):
        return os.path.join(self.data, "anlaufstelle.sqlite3")

    @property
    def uses_postgres(self):
        return bool(self.database) and self.database.startswith(("postgresql://", "postgres://"))


FIELDS = {f.name: f for f in dataclasses.fields(Config)}
NETWORK_FIELDS = ("trusted_proxies", "office_networks")


def _network(text):
    try:
        return ipaddress.ip_network(str(text).strip(), strict=False)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an IP network: {text!r}") from None


def _parser():
    p = argparse.ArgumentParser(prog="serve.py", description="Anlaufstelle server (docs/API.md, docs/OPERATIONS.md)")
    add = p.add_argument
    S = argparse.SUPPRESS  # unset options stay unset, so the config file can supply them
    add("--config", help="JSON file with settings (keys = the long option names with _ for -)")
    add("--host", default=S)
    add("--port", type=int, default=S)
    add("--data", default=S, help="data directory (office-key.json, SQLite file, blobs)")
    add("--app", dest="app_dir", default=S, help="built web app directory")
    add("--database", default=S, help="'sqlite' (default) or a postgresql:// URL")
    add("--blob-dir", default=S, help="blob directory (default DATA/blobs)")
    add("--key-file", default=S, help="office key file v2 (default DATA/office-key.json)")
    add("--public-origin", default=S, help="the origin browsers use, e.g. https://intake.example.org")
    for name in ("max_submission_bytes", "max_draft_bytes", "max_json_bytes", "max_json_depth", "min_free_bytes",
                 "draft_days", "submission_days", "orphan_grace_seconds", "session_idle_seconds", "session_absolute_seconds",
                 "submissions_per_hour_per_address", "submissions_per_hour_global", "draft_guesses_per_address",
                 "draft_guesses_global", "max_connections", "min_upload_rate",
                 "workers", "threads"):
        add("--" + name.replace("_", "-"), type=int, default=S)
    for name in ("idle_timeout", "request_timeout"):
        add("--" + name.replace("_", "-"), type=float, default=S)
    add("--trusted-proxy", dest="trusted_proxies", action="append", type=_network, default=S,
        help="CIDR of a reverse proxy whose X-Forwarded-For is believed (repeatable)")
    add("--office-network", dest="office_networks", action="append", type=_network, default=S,
        help="CIDR of the office's kiosks, exempt from per-address limits (repeatable)")
    add("--log-level", default=S, choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return p


def _from_file(path):
    try:
        with open(path, "rb") as f:
            values = json.load(f)
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot read config file {path}: {e}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"config file {path} must hold a JSON object")
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ConfigError(f"config file {path}: unknown setting(s) {', '.join(unknown)}")
    for name in NETWORK_FIELDS:
        if name in values:
            try:
                values[name] = tuple(ipaddress.ip_network(v, strict=False) for v in values[name])
            except (TypeError, ValueError) as e:
                raise ConfigError(f"config file {path}: {name}: {e}") from None
    return values


def _check(config):
    """Refuse settings that cannot work, with the option's name in the message."""
    positive = ["port", "orphan_grace_seconds", "max_draft_bytes", "max_json_bytes", "max_json_depth", "draft_days", "submission_days",
                "session_idle_seconds", "session_absolute_seconds", "max_connections", "workers", "threads",
                "idle_timeout", "request_timeout", "min_upload_rate"]
    for name in positive:
        value = getattr(config, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < (0 if name == "port" else 1):
            raise ConfigError(f"--{name.replace('_', '-')} must be a positive number")
    for name in ("min_free_bytes", "submissions_per_hour_per_address", "submissions_per_hour_global",
                 "draft_guesses_per_address", "draft_guesses_global"):
        if not isinstance(getattr(config, name), int) or getattr(config, name) < 0:
            raise ConfigError(f"--{name.replace('_', '-')} must be 0 or more")
    if not isinstance(config.max_submission_bytes, int) or config.max_submission_bytes < ENVELOPE_HEADER_LEN:
        raise ConfigError(f"--max-submission-bytes must be at least {ENVELOPE_HEADER_LEN}")
    longest = config.request_timeout + config.max_submission_bytes / config.min_upload_rate
    if config.orphan_grace_seconds <= longest:
        raise ConfigError(f"--orphan-grace-seconds must exceed the longest request ({longest:.0f} s: "
                          "--request-timeout + --max-submission-bytes / --min-upload-rate)")
    if config.database not in (None, "sqlite") and not config.uses_postgres:
        raise ConfigError("--database must be 'sqlite' or a postgresql:// URL")
    if config.public_origin and not config.public_origin.startswith(("http://", "https://")):
        raise ConfigError("--public-origin must start with http:// or https://")
    return config


def parse_args(argv=None, env=None):
    """Config from a command line (None: no options), honouring --config FILE. Raises ConfigError;
    argparse itself exits with status 2 on a malformed option, as before."""
    options = vars(_parser().parse_args(argv if argv is not None else []))
    path = options.pop("config", None) or (env or {}).get("ANL_CONFIG")
    values = _from_file(path) if path else {}
    for name in NETWORK_FIELDS:
        if name in options:
            options[name] = tuple(options[name])
    values.update(options)
    try:
        return _check(Config(**values))
    except TypeError as e:
        raise ConfigError(str(e)) from None


def from_environment(env=None):
    """Config for gunicorn: env ANL_ARGS (a command line, e.g. "--data /srv/a --database postgresql://...")
    and/or ANL_CONFIG (a JSON config file)."""
    env = os.environ if env is None else env
    return parse_args(shlex.split(env.get("ANL_ARGS", "")), env)
