#!/usr/bin/python3
"""A separate process using a store, for tests/server/test_durability.py.

    store_worker.py --data DIR [--database DSN] --mode MODE [--count N] [--threads T]
                    [--grace S] [--size BYTES] [--pause MS]

Modes:
  submit       save N envelopes from T threads; print "ACK <reference> <sha256>" after each
               returned save (that is the moment a server would answer 201), then "DONE".
  restart      what a freshly started server does (open the store, recover blobs with the
               given grace period), then submit N envelopes as above and exit.
  hold-upload  start one upload, write half of it, print "WRITING", then wait to be killed.
  hang-in-save place one upload under its final name, print "PLACED", then wait to be killed
               before its row is inserted (the worst moment for a crash).
"""

import argparse
import hashlib
import secrets
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server.config import Config  # noqa: E402
from server.store import open_store  # noqa: E402

KEY_ID = "0123456789abcdef"
_print_lock = threading.Lock()


def say(line):
    with _print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def envelope(size):
    return b"ANLS\x01\x00" + bytes.fromhex(KEY_ID) + secrets.token_bytes(size - 14)


def submit(store, count, threads, size, pause):
    def worker(n):
        for _ in range(n):
            data = envelope(size)
            with store.incoming() as inc:
                inc.write(data[:size // 2])
                inc.write(data[size // 2:])
                ref, _ = store.save_submission(inc, KEY_ID)
            say(f"ACK {ref} {hashlib.sha256(data).hexdigest()}")
            if pause:
                time.sleep(pause / 1000)
    share = [count // threads + (i < count % threads) for i in range(threads)]
    pool = [threading.Thread(target=worker, args=(n,)) for n in share]
    [t.start() for t in pool]
    [t.join() for t in pool]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--database")
    p.add_argument("--mode", required=True, choices=["submit", "restart", "hold-upload", "hang-in-save"])
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--grace", type=float, default=3600)
    p.add_argument("--size", type=int, default=3000)
    p.add_argument("--pause", type=float, default=0)
    a = p.parse_args()
    store = open_store(Config(data=a.data, database=a.database, min_free_bytes=0), grace_seconds=a.grace)
    if a.mode == "restart":
        store.recover_blobs()
    if a.mode in ("submit", "restart"):
        submit(store, a.count, a.threads, a.size, a.pause)
        say("DONE")
    elif a.mode == "hold-upload":
        inc = store.incoming()
        inc.write(envelope(a.size)[:a.size // 2])
        inc._file.flush()
        say("WRITING")
        time.sleep(3600)
    elif a.mode == "hang-in-save":
        def hang(fn, sync_dirs=()):
            if sync_dirs:
                say("PLACED")
                time.sleep(3600)
            return original(fn, sync_dirs)
        original, store._write = store._write, hang
        with store.incoming() as inc:
            inc.write(envelope(a.size))
            store.save_submission(inc, KEY_ID)
    store.close()


if __name__ == "__main__":
    main()
