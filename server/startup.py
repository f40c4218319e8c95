"""Start-up: open the store and import the office key file into an empty store.

Why here and why this order: the key file is checked before a new store is created, so a typo
in --data does not leave an empty database behind; the import happens only into a store that
has no office key (`Store.import_office` is atomic and refuses otherwise), so several processes
starting at once (gunicorn workers, a rolling restart) import it once and the store stays the
truth afterwards. Orphan blobs are the store's business (`open_store` adopts or quarantines,
never deletes what a row or another process may still need).
"""

import base64
import binascii
import json
import logging
import os
import re

from server.config import ConfigError

log = logging.getLogger("anlaufstelle")


def _new_store(config):
    return not config.uses_postgres and not os.path.exists(config.sqlite_path)


def load_key_file(path):
    """The office key file v2 as a dict (server/keys.py does the full check when it exists)."""
    try:
        from server import keys
    except ModuleNotFoundError as e:
        if e.name != "server.keys":
            raise
        keys = None
    if keys is not None and hasattr(keys, "load_key_file"):
        try:
            return keys.load_key_file(path)
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot use {path}: {e}") from None
    return _minimal_v2(path)


def _minimal_v2(path):
    """Fallback while server/keys.py is being written: shape of a v2 file only."""
    try:
        with open(path, "rb") as f:
            office = json.load(f)
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot use {path}: {e}") from None
    if not isinstance(office, dict):
        raise ConfigError(f"cannot use {path}: not a JSON object")
    if office.get("version", 1) == 1:
        raise ConfigError(f"{path} is a version 1 office key file; migrate it with "
                          f"anlaufstelle-keygen --migrate-v1 {path} --out NEW_FILE --staff NAME:admin")
    if office.get("version") != 2 or not re.fullmatch(r"[0-9a-f]{16}", str(office.get("key_id", ""))):
        raise ConfigError(f"cannot use {path}: unsupported version or bad key_id")
    try:
        if len(base64.b64decode(str(office.get("public_key", "")), validate=True)) != 32:
            raise ValueError
    except (binascii.Error, ValueError):
        raise ConfigError(f"cannot use {path}: public_key must be the base64 of 32 bytes") from None
    if not isinstance(office.get("staff", []), list):
        raise ConfigError(f"cannot use {path}: staff must be a list")
    return office


def open_and_prepare(config):
    """The open store, with an office key. Raises ConfigError if there is none to be had."""
    path = config.key_path
    office, problem = None, None
    if os.path.exists(path):
        try:
            office = load_key_file(path)
        except ConfigError as e:
            problem = e
    else:
        problem = ConfigError(f"{path} not found. Create the office key first with "
                              f"anlaufstelle-keygen --out {path} --staff NAME:admin")
    if problem and _new_store(config):
        raise problem
    from server.store import open_store
    store = open_store(config)
    try:
        if store.office_keys() is None:
            if problem:
                raise problem
            if store.import_office(office):
                log.info("office key file imported into the store")
    except BaseException:
        store.close()
        raise
    return store
