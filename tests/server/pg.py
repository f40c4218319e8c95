"""A throw-away PostgreSQL 15 cluster for the tests, started once per test run.

Every test module that needs PostgreSQL calls `cluster()`: the first call runs Debian's initdb
and postgres (as the `postgres` user when the tests run as root; PostgreSQL refuses to run as
root) on a Unix socket in a temporary directory with TCP off; later calls reuse it; it stops when
the test process exits. tests/server/run.py starts it once for all its worker processes and
names its directory in ANL_TEST_PG_DIR: there `cluster()` attaches to it (and leaves it running). Each test takes its own database (`create_database()`), so tests do not
see each other's rows. PostgreSQL missing is a failure, not a skip: CI installs it.
"""

import atexit
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import psycopg

PG_BIN = "/usr/lib/postgresql/15/bin"
SHARED_ENV = "ANL_TEST_PG_DIR"
_lock = threading.Lock()
_cluster = None


class Cluster:
    def __init__(self, shared_dir=None):
        if shared_dir:  # started by another process (tests/server/run.py), which also stops it
            self.dir, self.process = shared_dir, None
            self.dsn = f"postgresql://postgres@/postgres?host={self.dir}"
            self.log_path = os.path.join(self.dir, "postgres.log")
            return
        for tool in ("initdb", "postgres"):
            if not os.access(os.path.join(PG_BIN, tool), os.X_OK):
                raise RuntimeError(f"PostgreSQL 15 is not installed ({PG_BIN}/{tool} missing): "
                                   "apt-get install postgresql-15; the store tests need it")
        self.dir = tempfile.mkdtemp(prefix="anl-pg-")
        self.as_user = {}
        if os.geteuid() == 0:  # like `runuser -u postgres --`, but signals reach postgres itself
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        self.dsn = f"postgresql://postgres@/postgres?host={self.dir}"
        self.log_path = os.path.join(self.dir, "postgres.log")
        started = time.monotonic()
        subprocess.run([f"{PG_BIN}/initdb", "-D", f"{self.dir}/db", "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.dir, **self.as_user)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [f"{PG_BIN}/postgres", "-D", f"{self.dir}/db", "-k", self.dir,
             "-c", "listen_addresses=", "-c", "max_connections=200",
             "-c", "fsync=off"],  # the tests kill clients, never the machine: durability of PG itself is not theirs
            stdout=log, stderr=log, cwd=self.dir, **self.as_user)
        log.close()
        while True:
            try:
                psycopg.connect(self.dsn, connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() - started > 60:
                    raise RuntimeError("PostgreSQL did not start: " + self.log_tail())
                time.sleep(0.05)
        self.startup_seconds = time.monotonic() - started
        atexit.register(self.stop)

    def log_tail(self):
        with open(self.log_path, "rb") as f:
            return f.read()[-2000:].decode(errors="replace")

    def admin(self, sql):
        """Run one statement on the maintenance database (autocommit: CREATE DATABASE needs it)."""
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            return conn.execute(sql).fetchall() if sql.lstrip().upper().startswith("SELECT") else conn.execute(sql)

    def create_database(self):
        """A fresh empty database; returns (name, DSN)."""
        name = "t_" + secrets.token_hex(6)
        self.admin(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
        return name, f"postgresql://postgres@/{name}?host={self.dir}"

    def drop_database(self, name):
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def terminate(self, name):
        """Break every connection to database `name` (as a database restart would)."""
        self.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")

    def set_down(self, name, down):
        """'Database down' for one database: refuse new connections and break the open ones."""
        self.admin(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {'false' if down else 'true'}")
        if down:
            self.terminate(name)

    def set_read_only(self, name, read_only):
        self.admin(f"ALTER DATABASE {name} SET default_transaction_read_only = {'on' if read_only else 'off'}")
        self.terminate(name)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def cluster():
    """The one cluster of this test run (started on first use)."""
    global _cluster
    with _lock:
        if _cluster is None:
            _cluster = Cluster(os.environ.get(SHARED_ENV))
        return _cluster
