"""Runs the server tests (tests/server/test_*.py) in parallel worker processes.

    /usr/bin/python3 tests/server/run.py            # every test class, `nproc` workers
    /usr/bin/python3 tests/server/run.py -j 1 -v    # one worker, one line per test with its time
    /usr/bin/python3 tests/server/run.py test_keys test_totp.Totp   # modules or classes

The unit of work is a test class (its setUpClass/tearDownClass and tests stay in one process, in
unittest's order); classes are handed to at most `nproc` worker processes, the slowest of the
last run first (build/test-logs/server-durations.json). The throw-away PostgreSQL cluster
(tests/server/pg.py) is started once here and shared: the workers attach to it through
ANL_TEST_PG_DIR, and every test still takes its own database. Temporary directories (the
servers' and stores' data, blobs, PostgreSQL's cluster) are on a RAM file system (/dev/shm, or
--tmp DIR): the tests kill processes and fill small disks they mount themselves, never the
machine, so waiting for fsync to reach a real disk is not what they check (the same reason the
cluster runs with fsync=off); the fsync calls still run. The output ends like
`python3 -m unittest`'s ("Ran N tests in T", then "OK" or "FAILED (failures=F, errors=E)"), so
scripts/test.sh counts it the same way, after the ten slowest tests.
"""

import argparse
import concurrent.futures
import contextlib
import io
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DURATIONS = REPO / "build" / "test-logs" / "server-durations.json"


class TimedResult(unittest.TextTestResult):
    """unittest's text result, with each test's wall time (shown after "ok" with -v)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.times = {}

    def startTest(self, test):
        self._started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        self.times[test.id()] = time.monotonic() - self._started
        if self.showAll:
            self.stream.write(f"    ({self.times[test.id()]:.2f} s)\n")
        super().stopTest(test)


def units(names):
    """Test class ids ("module.Class") to run, in discovery order."""
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromNames(names) if names else loader.discover(str(HERE), pattern="test_*.py")
    found = []

    def walk(s):
        for item in s:
            if isinstance(item, unittest.TestSuite):
                walk(item)
            else:
                if isinstance(item, unittest.loader._FailedTest):  # an import error: run it to report it
                    unit = item.id()
                else:
                    unit = f"{type(item).__module__}.{type(item).__qualname__}"
                if unit not in found:
                    found.append(unit)
    walk(suite)
    return found


def run_unit(unit, verbosity):
    """In a worker: run one test class; returns its output, counts and per-test times."""
    sys.path.insert(0, str(HERE))
    os.chdir(REPO)
    out = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        suite = unittest.TestLoader().loadTestsFromName(unit)
        result = TimedResult(unittest.runner._WritelnDecorator(out), True, verbosity)
        result.failfast = False
        suite(result)
        result.printErrors()
    return {
        "unit": unit, "output": out.getvalue(), "run": result.testsRun,
        "failures": len(result.failures) + len(result.unexpectedSuccesses), "errors": len(result.errors),
        "skipped": len(result.skipped), "expected_failures": len(result.expectedFailures),
        "times": result.times, "seconds": time.monotonic() - started,
    }


def load_durations():
    try:
        return json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        return {}


def summary(total, seconds):
    print("-" * 70)
    print(f"Ran {total['run']} test{'' if total['run'] == 1 else 's'} in {seconds:.3f}s")
    print()
    bad = [f"{k}={total[k]}" for k in ("failures", "errors") if total[k]]
    extra = [f"{label}={total[k]}" for k, label in (("skipped", "skipped"), ("expected_failures", "expected failures"))
             if total[k]]
    if bad:
        print(f"FAILED ({', '.join(bad + extra)})")
    else:
        print("OK" + (f" ({', '.join(extra)})" if extra else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (at most nproc)")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per test, with its time")
    parser.add_argument("--tmp", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                        help="where temporary directories go (default /dev/shm; '' for the system's)")
    parser.add_argument("names", nargs="*", help="test modules or classes (default: all)")
    args = parser.parse_args()
    tmp = None
    if args.tmp:  # one directory of this run, removed at the end; every worker inherits TMPDIR
        tmp = tempfile.mkdtemp(prefix="anl-server-tests-", dir=args.tmp)
        os.chmod(tmp, 0o1777)  # PostgreSQL runs as its own user and makes its directory here too
        os.environ["TMPDIR"] = tempfile.tempdir = tmp
    jobs = max(1, min(args.jobs, os.cpu_count() or 1))
    sys.path.insert(0, str(HERE))
    os.chdir(REPO)
    todo = units(args.names)
    known = load_durations()
    todo.sort(key=lambda u: -known.get(u, 0.0))  # the slowest first; stable for the unknown ones

    import pg  # noqa: E402  (after sys.path)
    started = time.monotonic()
    cluster = pg.cluster()  # once for every worker
    os.environ[pg.SHARED_ENV] = cluster.dir

    total = {"run": 0, "failures": 0, "errors": 0, "skipped": 0, "expected_failures": 0}
    times, seconds = {}, dict(known)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        futures = {pool.submit(run_unit, unit, 2 if args.verbose else 0): unit for unit in todo}
        for future in concurrent.futures.as_completed(futures):
            try:
                r = future.result()
            except Exception as e:  # a worker died (crash, os._exit): its class counts as an error
                r = {"unit": futures[future], "output": f"ERROR: {futures[future]}: worker failed: {e!r}\n",
                     "run": 1, "failures": 0, "errors": 1, "skipped": 0, "expected_failures": 0, "times": {},
                     "seconds": 0.0}
            if r["output"].strip():  # -v's lines, what tests print (measured figures), failures
                print(f"--- {r['unit']} ({r['seconds']:.1f} s)")
                sys.stdout.write(r["output"])
            for k in total:
                total[k] += r[k]
            times.update(r["times"])
            seconds[r["unit"]] = r["seconds"]
            sys.stdout.flush()
    elapsed = time.monotonic() - started
    cluster.stop()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)

    DURATIONS.parent.mkdir(parents=True, exist_ok=True)
    DURATIONS.write_text(json.dumps(seconds, indent=1, sort_keys=True))
    print(f"slowest tests ({jobs} workers):")
    for test, t in sorted(times.items(), key=lambda item: -item[1])[:10]:
        print(f"  {t:6.2f} s  {test}")
    summary(total, elapsed)
    return 0 if not (total["failures"] or total["errors"]) and total["run"] else 1


if __name__ == "__main__":
    sys.exit(main())
