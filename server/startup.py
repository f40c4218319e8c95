"""Start-up: open the store and import the office key file into an empty store.

Why here and why this order: for a store that does not exist yet the key file is checked
first, so a typo in --data or a broken file does not leave an empty database behind; the
import (server/keys.py `ensure_imported`) goes only into a store without an office key, and
`Store.import_office` is atomic, so several processes starting at once (gunicorn workers, a
rolling restart) import it once; afterwards the store is the truth. Orphan blobs are the
store's business (`open_store` adopts or quarantines, never deletes what a row or another
process may still need).
"""

import logging
import os

from server import keys
from server.config import ConfigError

log = logging.getLogger("anlaufstelle")


def _new_store(config):
    return not config.uses_postgres and not os.path.exists(config.sqlite_path)


def _check_key_file(path):
    """Raise ConfigError unless `path` is a usable office key file v2."""
    try:
        keys.load_office_file(path)
    except FileNotFoundError:
        raise ConfigError(f"{path} not found. Create the office key first with "
                          f"anlaufstelle-keygen --out {path} --staff NAME:admin") from None
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    except keys.KeyFileError as e:
        raise ConfigError(f"cannot use {path}: {e}") from None


def open_and_prepare(config):
    """The open store, with an office key. Raises ConfigError if there is none to be had."""
    if _new_store(config):
        _check_key_file(config.key_path)
    from server.store import open_store
    store = open_store(config)
    try:
        keys.ensure_imported(store, config)
    except keys.KeyFileError as e:
        store.close()
        raise ConfigError(str(e)) from None
    except BaseException:
        store.close()
        raise
    return store
