"""Making a store's disk read-only or full for real, for the error tests.

As root (CI, this box) a read-only bind mount goes over the data directory, or the store lives on
a tiny tmpfs: the same EROFS and ENOSPC a real disk gives. Without mount rights the read-only
case falls back to file modes and the tmpfs case is skipped with a message.
"""

import contextlib
import os
import stat
import subprocess
import tempfile


def _mount(*args):
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path):
    subprocess.run(["umount", "-l", path], capture_output=True)


def can_mount():
    probe = tempfile.mkdtemp(prefix="anl-mnt-")
    try:
        ok = os.geteuid() == 0 and _mount("--bind", probe, probe)
        if ok:
            _umount(probe)
        return ok
    finally:
        os.rmdir(probe)


@contextlib.contextmanager
def sqlite_read_only(backend, store):
    """Yields (store, set_read_only): set_read_only(True) puts a read-only bind mount over the
    data directory (EROFS for every file opened from then on: new blobs, a process starting
    now; files the store opened before keep working, as on a real system), False removes it."""
    data = backend.data
    mounted = []
    if can_mount():
        def set_ro(ro):
            if ro and not mounted:
                assert _mount("--bind", data, data) and _mount("-o", "remount,bind,ro", data), "mount failed"
                mounted.append(data)
            elif not ro and mounted:
                _umount(mounted.pop())
    else:
        paths = [data, store.blobs.root, store.blobs.incoming_dir]
        modes = {p: stat.S_IMODE(os.stat(p).st_mode) for p in paths}

        def set_ro(ro):
            for p in paths:
                os.chmod(p, modes[p] & ~0o222 if ro else modes[p])
    try:
        yield store, set_ro
    finally:
        set_ro(False)


@contextlib.contextmanager
def tiny_disk(testcase, size="3m"):
    """A tmpfs of `size` as a data directory (skips the test without mount rights)."""
    if not can_mount():
        testcase.skipTest("needs root to mount a tmpfs (a real ENOSPC); StoreFull is covered by min_free_bytes")
    path = tempfile.mkdtemp(prefix="anl-full-")
    assert _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", path)
    try:
        yield path
    finally:
        _umount(path)
        os.rmdir(path)


@contextlib.contextmanager
def pg_read_only(backend, store):
    """PostgreSQL: the test database refuses writes (default_transaction_read_only, every
    connection broken so the setting applies); set_read_only(False) undoes it."""
    name = backend.db_name
    try:
        yield store, lambda ro: backend.cluster.set_read_only(name, ro)
    finally:
        backend.cluster.set_read_only(name, False)
