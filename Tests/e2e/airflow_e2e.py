#!/usr/bin/env python3
"""Real Apache Airflow -> statsd-bridge -> real Prometheus, end to end (issue 9).

Usage:
  airflow_e2e.py --binary PATH/TO/statsd-bridge [--mode plain|influxdb ...] [--timeout SECONDS] [--keep]
                 [--capture PREFIX]

What it does:
  1. Creates, or reuses, a virtualenv with apache-airflow 3.3.2 and statsd 4.0.1 under
     ${XDG_CACHE_HOME:-$HOME/.cache}/statsd-bridge-airflow-venv/ (outside the repository), keyed by the Airflow
     version, the Python version and a hash of Tests/e2e/airflow/constraints-3.3.2.txt (the versions of a known-good
     install; Airflow's own constraint files live on GitHub, which this machine cannot reach).
  2. For each mode, plain StatsD and InfluxDB-tagged (AIRFLOW__METRICS__STATSD_INFLUXDB_ENABLED=True):
     - starts statsd-bridge with mappings/airflow.yml on 127.0.0.1 ephemeral UDP and web ports, and a real
       Prometheus on 127.0.0.1 (its own temporary TSDB, scrape interval 1s, job_name airflow);
     - with a temporary AIRFLOW_HOME on SQLite: `airflow db migrate`, `airflow dags test team.etl-daily` (the
       fixture DAG in Tests/e2e/airflow/dags: dag id with a dot and a dash, a task group, one task that succeeds
       and one that fails), checks the task metrics, runs `airflow dags test` a second time (rate() needs two
       observations of a series), then runs `airflow dag-processor` and `airflow scheduler` until the scheduler
       has heartbeated, emitted pool metrics and finished two runs of the fixture's scheduled DAG team.ping-5s;
     - asserts through Prometheus' HTTP API: up == 1; airflow_task_duration_seconds of that DAG has the right
       dag_id and task_id labels and histogram_quantile lies in the bucket of the observed duration (read back
       from Airflow's database); airflow_ti_finish_total is 1 success and 1 failure; the unmapped-events counter
       is 0 or absent; no metric name holds a dag id, task id, pool, file, bundle, executor or operator name; in
       tagged mode the _tagged families carry the exact ids (dots included); the five PromQL queries of the
       README's Airflow section return data.
  3. Compares the id labels of both modes: they must be the same.

Every process it starts runs in its own process group and is stopped by its PID (SIGTERM, then SIGKILL); the
temporary directories are removed (unless --keep). The whole run is bounded by --timeout (default 900 s). The
last line printed is `N passed, M failed`; the exit status is 0 only when nothing failed.
"""
import argparse
import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from checks import Checks
from loopback import free_port, http_get

AIRFLOW_VERSION = "3.3.2"
STATSD_VERSION = "4.0.1"

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DAGS_FOLDER = os.path.join(HERE, "airflow", "dags")
CONSTRAINTS = os.path.join(HERE, "airflow", "constraints-%s.txt" % AIRFLOW_VERSION)
MAPPING = os.path.join(REPO, "mappings", "airflow.yml")

# The fixture's ids as Airflow knows them, and as Airflow 3 writes them into dotted StatsD names ("." -> "__").
DAG_ID = "team.etl-daily"
OK_TASK = "extract-src.pull.users"
FAIL_TASK = "load-fails"
PING_DAG = "team.ping-5s"
DAG_SENT = DAG_ID.replace(".", "__")
OK_SENT = OK_TASK.replace(".", "__")
FAIL_SENT = FAIL_TASK.replace(".", "__")
PING_SENT = PING_DAG.replace(".", "__")

# No metric name may contain any of these (compared lower-case, after the bridge's name escaping).
FORBIDDEN_IN_NAMES = [
    "team_etl", "etl_daily", "extract_src", "pull_users", "load_fails", "ping_5s",  # dag and task ids
    "default_pool",                                                                 # pool
    "bridge_e2e",                                                                   # DAG file
    "dags_folder",                                                                  # bundle
    "pythondecoratedoperator", "emptyoperator",                                     # operators
    "localexecutor",                                                                # executor class
]

# The five queries of the README's Airflow section, with what each must return here.
README_QUERIES = [
    ("task duration p95 by DAG",
     'histogram_quantile(0.95, sum by (dag_id, le) (rate(airflow_task_duration_seconds_bucket[1h])))'),
    ("task failures by DAG",
     'sum by (dag_id) (increase(airflow_ti_finish_total{state="failed"}[1h]))'),
    ("scheduler heartbeat rate",
     'rate(airflow_scheduler_heartbeat_total[1m])'),
    ("pool slots",
     'sum by (pool) (airflow_pool_open_slots)'),
    ("DAG-run duration p95 by DAG and state",
     'histogram_quantile(0.95, sum by (dag_id, state, le) (rate(airflow_dagrun_duration_seconds_bucket[1h])))'),
]

DEADLINE = None  # set in main()


class TimeUp(Exception):
    pass


def remaining():
    return DEADLINE - time.monotonic()


def log(msg):
    print("[%6.1fs] %s" % (time.monotonic() - START, msg), flush=True)


START = time.monotonic()


# ------------------------------------------------------------------------------------------------------------------
# Processes: each in its own process group (its PID is the group id), stopped by that PID.
# ------------------------------------------------------------------------------------------------------------------
class Procs:
    def __init__(self):
        self.running = []

    def start(self, name, argv, logpath, env=None, cwd=None):
        out = open(logpath, "wb")
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                             cwd=cwd, start_new_session=True)
        out.close()
        p.name = name
        p.logpath = logpath
        self.running.append(p)
        return p

    @staticmethod
    def _group_members(pgid):
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
                fields = stat[stat.rindex(")") + 2:].split()
                if int(fields[2]) == pgid:
                    pids.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
        return pids

    def stop(self, p, grace=15):
        """SIGTERM to the process group led by p.pid, then SIGKILL to it and to any member still left."""
        if p in self.running:
            self.running.remove(p)
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for pid in self._group_members(p.pid):  # children that outlived their leader (forked workers)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop_all(self):
        for p in list(reversed(self.running)):
            self.stop(p, grace=5)

    def run(self, name, argv, logpath, env=None, timeout=300):
        """Runs a command to completion (bounded by timeout and the global deadline); returns its exit status."""
        limit = min(timeout, remaining())
        if limit <= 0:
            raise TimeUp("no time left for %s" % name)
        p = self.start(name, argv, logpath, env=env)
        try:
            return p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            log("%s did not finish within %.0f s; stopping it" % (name, limit))
            return None
        finally:
            self.stop(p)


def tail(path, n=40):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join("    | " + l for l in lines[-n:])
    except OSError as e:
        return "    | (no log: %s)" % e


# ------------------------------------------------------------------------------------------------------------------
# Virtualenv
# ------------------------------------------------------------------------------------------------------------------
def venv_dir(cache_root):
    with open(CONSTRAINTS, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    key = "airflow-%s-statsd-%s-py%d.%d-%s" % (AIRFLOW_VERSION, STATSD_VERSION, sys.version_info[0],
                                              sys.version_info[1], digest)
    return os.path.join(cache_root, key)


def ensure_venv(cache_root, procs, logdir):
    os.makedirs(cache_root, exist_ok=True)
    venv = venv_dir(cache_root)
    ready = os.path.join(venv, ".statsd-bridge-ready")
    airflow = os.path.join(venv, "bin", "airflow")
    with open(os.path.join(cache_root, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs at once build one venv, not two half ones
        if os.path.exists(ready) and os.access(airflow, os.X_OK):
            check = subprocess.run([os.path.join(venv, "bin", "python"), "-c", "import airflow, statsd"],
                                   capture_output=True, timeout=120)
            if check.returncode == 0:
                log("reusing %s" % venv)
                return venv
            log("%s is broken (%s); creating it again" % (venv, check.stderr.decode(errors="replace")[-200:]))
        shutil.rmtree(venv, ignore_errors=True)
        log("creating %s (pip install apache-airflow==%s statsd==%s)" % (venv, AIRFLOW_VERSION, STATSD_VERSION))
        steps = [
            [sys.executable, "-m", "venv", venv],
            [os.path.join(venv, "bin", "pip"), "install", "--quiet", "--disable-pip-version-check",
             "--constraint", CONSTRAINTS, "apache-airflow==%s" % AIRFLOW_VERSION, "statsd==%s" % STATSD_VERSION],
        ]
        for i, argv in enumerate(steps):
            logpath = os.path.join(logdir, "venv-%d.log" % i)
            rc = procs.run("venv step %d" % i, argv, logpath, timeout=420)
            if rc != 0:
                print(tail(logpath))
                shutil.rmtree(venv, ignore_errors=True)
                raise RuntimeError("creating the Airflow virtualenv failed (%s)" % " ".join(argv[:3]))
        with open(ready, "w") as f:
            f.write("apache-airflow==%s statsd==%s\n" % (AIRFLOW_VERSION, STATSD_VERSION))
        return venv


# ------------------------------------------------------------------------------------------------------------------
# HTTP helpers
# ------------------------------------------------------------------------------------------------------------------


def wait_http(url, proc, what, limit=60):
    end = time.monotonic() + min(limit, remaining())
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("%s exited with status %s before serving %s\n%s" % (what, proc.returncode, url,
                                                                                 tail(proc.logpath)))
        try:
            status, _ = http_get(url, timeout=2)
            if status == 200:
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError("%s did not serve %s in time\n%s" % (what, url, tail(proc.logpath)))


class Prom:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def query(self, q):
        """Instant query; returns a list of (labels dict, float value)."""
        url = self.base + "/api/v1/query?" + urllib.parse.urlencode({"query": q})
        _, body = http_get(url, timeout=10)
        data = json.loads(body)
        if data.get("status") != "success":
            raise RuntimeError("query %s failed: %s" % (q, body[:300]))
        out = []
        res = data["data"]
        if res["resultType"] == "vector":
            for item in res["result"]:
                out.append((item["metric"], float(item["value"][1])))
        elif res["resultType"] == "scalar":
            out.append(({}, float(res["result"][1])))
        return out

    def names(self):
        _, body = http_get(self.base + "/api/v1/label/__name__/values", timeout=10)
        return json.loads(body)["data"]

    def wait_for(self, q, pred, limit, what):
        """Polls q until pred(result) holds; returns the last result (pred may still be false at the deadline)."""
        end = time.monotonic() + max(0, min(limit, remaining()))
        result = []
        while True:
            try:
                result = self.query(q)
                if pred(result):
                    return result
            except Exception as e:  # Prometheus not ready yet, or a transient error: keep polling
                result = [({"error": str(e)}, float("nan"))]
            if time.monotonic() >= end:
                log("gave up waiting for %s" % what)
                return result
            time.sleep(0.5)


def fmt(result, limit=8):
    shown = ["%s=%g" % (json.dumps(m, sort_keys=True), v) for m, v in result[:limit]]
    if len(result) > limit:
        shown.append("... %d more" % (len(result) - limit))
    return "[" + ", ".join(shown) + "]"


def finite(v):
    return not (math.isnan(v) or math.isinf(v))


# ------------------------------------------------------------------------------------------------------------------
# One mode
# ------------------------------------------------------------------------------------------------------------------
def airflow_env(home, udp_port, tagged):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({
        "AIRFLOW_HOME": home,
        "AIRFLOW__CORE__DAGS_FOLDER": DAGS_FOLDER,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__METRICS__STATSD_ON": "True",
        "AIRFLOW__METRICS__STATSD_HOST": "127.0.0.1",
        "AIRFLOW__METRICS__STATSD_PORT": str(udp_port),
        "AIRFLOW__METRICS__STATSD_PREFIX": "airflow",
        "AIRFLOW__METRICS__STATSD_INFLUXDB_ENABLED": "True" if tagged else "False",
        # Fast scheduler metrics, so that a short scheduler run shows several heartbeats and pool samples.
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "1",
        "AIRFLOW__SCHEDULER__POOL_METRICS_INTERVAL": "1",
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ next to the fixture DAG
        "NO_PROXY": "127.0.0.1,localhost",
    })
    return env


def db_rows(home, sql, args=()):
    conn = sqlite3.connect("file:%s?mode=ro" % os.path.join(home, "airflow.db"), uri=True, timeout=10)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def bucket_bounds(prom, family, selector, value):
    """The (lo, hi] bucket of `family` that holds `value`, from the le labels Prometheus has."""
    les = sorted(float(m["le"]) for m, _ in prom.query('%s_bucket{%s}' % (family, selector)))
    lo = 0.0
    for le in les:
        if value <= le:
            return lo, le
        lo = le
    return lo, float("inf")


class Tee:
    """--capture: Airflow sends to this relay, which appends every datagram to a file and forwards it unchanged."""

    def __init__(self, path, target_port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.target = ("127.0.0.1", target_port)
        self.out = open(path, "ab")
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        fwd = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        while not self.stopped.is_set():
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            self.out.write(data + b"\n")
            fwd.sendto(data, self.target)

    def close(self):
        self.stopped.set()
        self.thread.join(timeout=2)
        self.sock.close()
        self.out.close()


def run_mode(mode, binary, venv, procs, results, keep, summary, capture=None):
    tagged = mode == "influxdb"
    tag = "[%s] " % mode
    work = tempfile.mkdtemp(prefix="statsd-bridge-airflow-%s-" % mode)
    log("%smode %s in %s" % (tag, mode, work))
    started = []
    tee = None
    web_port = None
    try:
        udp_port = free_port(socket.SOCK_DGRAM)
        web_port = free_port(socket.SOCK_STREAM)
        prom_port = free_port(socket.SOCK_STREAM)

        bridge = procs.start("statsd-bridge", [
            binary, "--statsd.mapping-config=" + MAPPING,
            "--statsd.listen-udp=127.0.0.1:%d" % udp_port, "--statsd.listen-tcp=",
            "--web.listen-address=127.0.0.1:%d" % web_port],
            os.path.join(work, "bridge.log"))
        started.append(bridge)
        wait_http("http://127.0.0.1:%d/metrics" % web_port, bridge, "statsd-bridge")

        os.makedirs(os.path.join(work, "prometheus"))
        prom_cfg = os.path.join(work, "prometheus.yml")
        with open(prom_cfg, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n  - job_name: airflow\n    static_configs:\n"
                    "      - targets: ['127.0.0.1:%d']\n" % web_port)
        prometheus = procs.start("prometheus", [
            shutil.which("prometheus") or "prometheus", "--config.file=" + prom_cfg,
            "--storage.tsdb.path=" + os.path.join(work, "prometheus"),
            "--web.listen-address=127.0.0.1:%d" % prom_port, "--log.level=warn"],
            os.path.join(work, "prometheus.log"), cwd=work)
        started.append(prometheus)
        wait_http("http://127.0.0.1:%d/-/ready" % prom_port, prometheus, "prometheus")
        prom = Prom(prom_port)

        home = os.path.join(work, "airflow-home")
        os.makedirs(home)
        if capture:
            tee = Tee("%s.%s.statsd" % (capture, mode), udp_port)
        env = airflow_env(home, tee.port if tee else udp_port, tagged)
        airflow = os.path.join(venv, "bin", "airflow")

        t0 = time.monotonic()
        rc = procs.run("airflow db migrate", [airflow, "db", "migrate"], os.path.join(work, "migrate.log"),
                       env=env, timeout=300)
        log("%sairflow db migrate: exit %s in %.1f s" % (tag, rc, time.monotonic() - t0))
        if not results.check(tag + "airflow db migrate exits 0", rc == 0, "exit %s" % rc):
            print(tail(os.path.join(work, "migrate.log")))
            return

        # --- first run of the fixture DAG -----------------------------------------------------------------------
        t0 = time.monotonic()
        rc = procs.run("airflow dags test", [airflow, "dags", "test", DAG_ID], os.path.join(work, "dags-test-1.log"),
                       env=env, timeout=300)
        log("%sairflow dags test #1: exit %s in %.1f s" % (tag, rc, time.monotonic() - t0))
        states = dict(db_rows(home, "select task_id, state from task_instance where dag_id = ?", (DAG_ID,)))
        if not results.check(tag + "dags test ran: %s success, %s failed" % (OK_TASK, FAIL_TASK),
                             states == {OK_TASK: "success", FAIL_TASK: "failed"} and rc in (0, 1),
                             "exit %s, task states %s" % (rc, states)):
            print(tail(os.path.join(work, "dags-test-1.log")))
            return
        durations = dict(db_rows(home, "select task_id, duration from task_instance where dag_id = ?", (DAG_ID,)))

        up = prom.wait_for('up{job="airflow"}', lambda r: r and r[0][1] == 1, 20, "up")
        results.check(tag + 'up{job="airflow"} == 1', len(up) == 1 and up[0][1] == 1, fmt(up))

        finish_q = 'airflow_ti_finish_total{dag_id="%s"}' % DAG_SENT
        finish = prom.wait_for(finish_q, lambda r: len(r) >= 2, 30, "ti finish")
        got = sorted((m.get("task_id"), m.get("state"), v) for m, v in finish)
        results.check(tag + "ti finish by state: 1 success and 1 failure, dag_id and task_id as sent",
                      got == sorted([(OK_SENT, "success", 1.0), (FAIL_SENT, "failed", 1.0)]), fmt(finish))
        by_state = {m.get("state"): v for m, v in prom.query('sum by (state) (%s)' % finish_q)}
        results.check(tag + "sum by (state) of ti finish == {success: 1, failed: 1}",
                      by_state == {"success": 1.0, "failed": 1.0}, str(by_state))

        counts = prom.wait_for('airflow_task_duration_seconds_count{dag_id="%s"}' % DAG_SENT,
                               lambda r: len(r) >= 2, 20, "task duration")
        got = sorted((m.get("dag_id"), m.get("task_id"), v) for m, v in counts)
        results.check(tag + "airflow_task_duration_seconds has dag_id=%s and both task_ids, one observation each"
                      % DAG_SENT, got == sorted([(DAG_SENT, OK_SENT, 1.0), (DAG_SENT, FAIL_SENT, 1.0)]), fmt(counts))
        for task, sent in ((OK_TASK, OK_SENT), (FAIL_TASK, FAIL_SENT)):
            sel = 'dag_id="%s",task_id="%s"' % (DAG_SENT, sent)
            observed = durations.get(task)
            s = prom.query('airflow_task_duration_seconds_sum{%s}' % sel)
            ok = observed is not None and len(s) == 1 and abs(s[0][1] - observed) <= 0.05 + 0.01 * observed
            results.check(tag + "task %s: duration sum matches Airflow's database (%.3f s)" % (task, observed or -1),
                          ok, fmt(s))
            lo, hi = bucket_bounds(prom, "airflow_task_duration_seconds", sel, observed or 0)
            for q in (0.5, 0.95):
                r = prom.query('histogram_quantile(%s, sum by (le) (airflow_task_duration_seconds_bucket{%s}))'
                               % (q, sel))
                v = r[0][1] if len(r) == 1 else float("nan")
                results.check(tag + "task %s: histogram_quantile(%s) = %.4g within the observed bucket (%g, %g]"
                              % (task, q, v, lo, hi), finite(v) and lo <= v <= hi, fmt(r))

        if tagged:
            check_tagged_ids(prom, results, tag)
        else:
            r = prom.query("airflow_ti_finish_tagged_total")
            results.check(tag + "airflow_ti_finish_tagged_total has no id labels in plain mode and counts 2",
                          len(r) == 1 and "dag_id" not in r[0][0] and r[0][1] == 2, fmt(r))

        # --- second run (rate() and increase() need a series to grow) ------------------------------------------
        t0 = time.monotonic()
        rc = procs.run("airflow dags test", [airflow, "dags", "test", DAG_ID], os.path.join(work, "dags-test-2.log"),
                       env=env, timeout=300)
        log("%sairflow dags test #2: exit %s in %.1f s" % (tag, rc, time.monotonic() - t0))
        finish = prom.wait_for('sum(%s)' % finish_q, lambda r: r and r[0][1] == 4, 30, "second run")
        results.check(tag + "second dags test: ti finish sums to 4", finish and finish[0][1] == 4, fmt(finish))

        # --- scheduler and DAG processor ----------------------------------------------------------------------
        t0 = time.monotonic()
        processor = procs.start("airflow dag-processor", [airflow, "dag-processor"],
                                os.path.join(work, "dag-processor.log"), env=env)
        # --skip-serve-logs: no log server on Airflow's fixed port 8793.
        scheduler = procs.start("airflow scheduler", [airflow, "scheduler", "--skip-serve-logs"],
                                os.path.join(work, "scheduler.log"), env=env)
        started += [processor, scheduler]
        ping_runs = 'sum(airflow_dagrun_duration_seconds_count{dag_id="%s",state="success"})' % PING_SENT
        need = [
            ("scheduler heartbeats", 'rate(airflow_scheduler_heartbeat_total[1m])', lambda r: r and r[0][1] > 0),
            ("pool metrics", 'airflow_pool_open_slots{pool="default_pool"}', lambda r: len(r) == 1),
            # Two runs seen by Prometheus one after the other: the rate of the DAG-run histogram is then defined.
            ("two successful runs of %s" % PING_DAG,
             'increase(airflow_dagrun_duration_seconds_count{dag_id="%s",state="success"}[1h])' % PING_SENT,
             lambda r: r and r[0][1] > 0),
        ]
        for what, q, pred in need:
            limit = 150 - (time.monotonic() - t0)
            prom.wait_for(q, pred, limit, what)
            if processor.poll() is not None or scheduler.poll() is not None:
                break
        log("%sscheduler phase: %.1f s" % (tag, time.monotonic() - t0))
        for p in (scheduler, processor):
            alive = p.poll() is None
            results.check(tag + "%s kept running" % p.name, alive, "exit %s" % p.returncode)
            if not alive:
                print(tail(p.logpath))
        procs.stop(scheduler)
        procs.stop(processor)
        time.sleep(2.5)  # let Prometheus scrape the last samples

        # --- README queries -----------------------------------------------------------------------------------
        for title, q in README_QUERIES:
            r = prom.query(q)
            vals = [v for _, v in r if finite(v)]
            ok = bool(vals)
            if title.startswith("task duration"):
                ok = any(m.get("dag_id") == DAG_SENT and finite(v) and v > 0 for m, v in r)
            elif title.startswith("task failures"):
                ok = any(m.get("dag_id") == DAG_SENT and v >= 0.9 for m, v in r)
            elif title.startswith("scheduler"):
                ok = any(v > 0 for v in vals)
            elif title.startswith("pool"):
                ok = any(m.get("pool") == "default_pool" and v > 0 for m, v in r)
            elif title.startswith("DAG-run"):
                ok = any(m.get("dag_id") == PING_SENT and m.get("state") == "success" and finite(v) and v > 0
                         for m, v in r)
            results.check(tag + "README query '%s' returns data: %s" % (title, q), ok, fmt(r))
        if tagged:
            for title, q, label, want in [
                ("task duration p95 by DAG, exact ids",
                 'histogram_quantile(0.95, sum by (dag_id, le) (rate(airflow_task_duration_tagged_seconds_bucket[1h])))',
                 "dag_id", DAG_ID),
                ("task failures by DAG, exact ids",
                 'sum by (dag_id) (increase(airflow_ti_finish_tagged_total{state="failed"}[1h]))', "dag_id", DAG_ID),
                ("pool slots, tagged", 'sum by (pool_name) (airflow_pool_open_slots_tagged)', "pool_name",
                 "default_pool"),
                ("DAG-run duration p95, exact ids",
                 'histogram_quantile(0.95, sum by (dag_id, le) (rate(airflow_dagrun_duration_tagged_seconds_bucket[1h])))',
                 "dag_id", PING_DAG),
            ]:
                r = prom.query(q)
                results.check(tag + "README tagged query '%s' returns %s=%s: %s" % (title, label, want, q),
                              any(m.get(label) == want and finite(v) and v > 0 for m, v in r), fmt(r))

        # --- whole-exposition checks --------------------------------------------------------------------------
        unmapped = prom.query('statsd_exporter_events_unmapped_total{job="airflow"}')
        results.check(tag + "statsd_exporter_events_unmapped_total is 0 or absent",
                      all(v == 0 for _, v in unmapped), fmt(unmapped))
        for metric in ("statsd_exporter_events_conflict_total", "statsd_exporter_events_error_total",
                       "statsd_exporter_sample_errors_total", "statsd_exporter_tag_errors_total"):
            r = prom.query('sum(%s{job="airflow"})' % metric)
            results.check(tag + "%s is 0 or absent (no sample dropped)" % metric, all(v == 0 for _, v in r), fmt(r))
        names = prom.names()
        stray = not_from_mapping(names)
        results.check(tag + "every airflow* metric name is one that mappings/airflow.yml defines",
                      not stray, "unmapped families (rerun with --capture to see the lines): " + ", ".join(stray))
        bad = sorted(n for n in names if any(f in n.lower() for f in FORBIDDEN_IN_NAMES))
        results.check(tag + "no metric name holds a dag id, task id, pool, file, bundle, executor or operator "
                      "(%d names)" % len(names), not bad, ", ".join(bad))
        lines = prom.query('statsd_exporter_lines_total')
        summary[mode] = {"names": names, "labels": id_labels(prom),
                         "lines": lines[0][1] if lines else 0}
        log("%s%d StatsD lines received, %d metric names in Prometheus" % (tag, summary[mode]["lines"], len(names)))
    except TimeUp as e:
        results.check(tag + "finished within the time limit", False, str(e))
    finally:
        if tee:
            tee.close()
        if keep and web_port and started and started[0].poll() is None:
            try:
                with open(os.path.join(work, "bridge-metrics.prom"), "w") as f:
                    f.write(http_get("http://127.0.0.1:%d/metrics" % web_port)[1])
            except Exception:
                pass
        for p in reversed(started):
            procs.stop(p)
        if results.failures and any(f.startswith(tag) for f in results.failures):
            for name in ("bridge.log", "prometheus.log", "scheduler.log", "dag-processor.log"):
                path = os.path.join(work, name)
                if os.path.exists(path):
                    print("--- %s%s (last lines)" % (tag, name))
                    print(tail(path, 25))
        if keep:
            log("%skept %s" % (tag, work))
        else:
            shutil.rmtree(work, ignore_errors=True)


def check_tagged_ids(prom, results, tag):
    """Tagged mode: the bare-name families carry Airflow's exact ids as labels."""
    r = prom.query('airflow_ti_finish_tagged_total{dag_id="%s"}' % DAG_ID)
    got = sorted((m.get("task_id"), m.get("state"), v) for m, v in r)
    results.check(tag + "airflow_ti_finish_tagged_total carries the exact ids (dag_id=%s, task_id=%s)"
                  % (DAG_ID, OK_TASK), got == sorted([(OK_TASK, "success", 1.0), (FAIL_TASK, "failed", 1.0)]), fmt(r))
    r = prom.query('airflow_task_duration_tagged_seconds_count{dag_id="%s"}' % DAG_ID)
    got = sorted((m.get("task_id"), v) for m, v in r)
    results.check(tag + "airflow_task_duration_tagged_seconds carries the exact ids",
                  got == sorted([(OK_TASK, 1.0), (FAIL_TASK, 1.0)]), fmt(r))
    r = prom.query('airflow_ti_start_tagged_total{dag_id="%s"}' % DAG_ID)
    results.check(tag + "airflow_ti_start_tagged_total carries the exact ids",
                  sorted(m.get("task_id") for m, _ in r) == sorted([OK_TASK, FAIL_TASK]), fmt(r))


def id_labels(prom):
    """For the comparison of the two modes: the id labels of the id-form families."""
    out = {}
    for fam, keys in [
        ("airflow_ti_finish_total", ("dag_id", "task_id", "state")),
        ("airflow_ti_start_total", ("dag_id", "task_id")),
        ("airflow_task_duration_seconds_count", ("dag_id", "task_id")),
        ("airflow_operator_successes_total", ("operator",)),
        ("airflow_operator_failures_total", ("operator",)),
        ("airflow_dagrun_duration_seconds_count", ("dag_id", "state")),
        ("airflow_pool_open_slots", ("pool",)),
        ("airflow_executor_open_slots", ("executor",)),
    ]:
        r = prom.query(fam)
        out[fam] = {
            "ids": sorted(set(tuple(m.get(k, "") for k in keys) for m, _ in r)),
            "keys": sorted(set(k for m, _ in r for k in m if k not in ("__name__", "job", "instance"))),
        }
    return out


def mapping_names():
    """The metric names that mappings/airflow.yml can produce (its `name:` values)."""
    names = set()
    with open(MAPPING, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s+name:\s*['\"]?([A-Za-z_:][A-Za-z0-9_:]*)", line)
            if m:
                names.add(m.group(1))
    return names


def not_from_mapping(names):
    """Prometheus names that start with airflow but come from no rule: Airflow families the bridge left unmapped."""
    known = mapping_names()
    out = []
    for n in names:
        if not n.startswith("airflow"):
            continue
        base = n
        for suffix in ("_bucket", "_sum", "_count"):
            if n.endswith(suffix) and n[: -len(suffix)] in known:
                base = n[: -len(suffix)]
        if base not in known:
            out.append(n)
    return sorted(out)


def compare_modes(summary, results):
    if "plain" not in summary or "influxdb" not in summary:
        return
    a, b = summary["plain"]["labels"], summary["influxdb"]["labels"]
    for fam in sorted(a):
        results.check("[both] %s: same id labels in plain and tagged mode" % fam, a[fam]["ids"] == b[fam]["ids"],
                      "plain %s, tagged %s" % (a[fam]["ids"], b[fam]["ids"]))
        extra = sorted(set(b[fam]["keys"]) - set(a[fam]["keys"]))
        if extra:
            print("note [both] %s: tagged mode adds Airflow's leftover tags as labels: %s" % (fam, extra))
    only_tagged = sorted(set(summary["influxdb"]["names"]) - set(summary["plain"]["names"]))
    only_plain = sorted(set(summary["plain"]["names"]) - set(summary["influxdb"]["names"]))
    print("note [both] metric names only in tagged mode: %s" % (", ".join(only_tagged) or "none"))
    print("note [both] metric names only in plain mode: %s" % (", ".join(only_plain) or "none"))


def main():
    global DEADLINE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the statsd-bridge executable")
    ap.add_argument("--mode", action="append", choices=["plain", "influxdb"],
                    help="run only this mode (repeatable); default: plain, then influxdb")
    ap.add_argument("--timeout", type=float, default=900, help="hard limit for the whole run, seconds")
    ap.add_argument("--venv-cache", default=os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "statsd-bridge-airflow-venv"), help="where the reusable virtualenv lives")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directories (logs, TSDB, the bridge's last exposition)")
    ap.add_argument("--capture", metavar="PREFIX",
                    help="also write what Airflow sends to PREFIX.MODE.statsd (through a relay in this script)")
    a = ap.parse_args()
    DEADLINE = time.monotonic() + a.timeout
    modes = a.mode or ["plain", "influxdb"]
    binary = os.path.abspath(a.binary)

    results = Checks()
    procs = Procs()

    def on_alarm(signum, frame):
        raise TimeUp("hard limit of %.0f s reached" % a.timeout)

    def on_term(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(int(a.timeout) + 1)
    logdir = tempfile.mkdtemp(prefix="statsd-bridge-airflow-venv-logs-")
    summary = {}
    try:
        ok = results.check("statsd-bridge binary is executable", os.access(binary, os.X_OK), binary)
        ok = results.check("prometheus is installed", shutil.which("prometheus") is not None,
                           "apt-get install prometheus") and ok
        if ok:
            t0 = time.monotonic()
            venv = ensure_venv(a.venv_cache, procs, logdir)
            log("virtualenv ready in %.1f s" % (time.monotonic() - t0))
            for mode in modes:
                t0 = time.monotonic()
                run_mode(mode, binary, venv, procs, results, a.keep, summary,
                         os.path.abspath(a.capture) if a.capture else None)
                log("mode %s took %.1f s" % (mode, time.monotonic() - t0))
            compare_modes(summary, results)
    except TimeUp as e:
        results.check("finished within the time limit", False, str(e))
    except KeyboardInterrupt:
        results.check("not interrupted", False)
    except Exception as e:
        results.check("ran without an internal error", False, "%s: %s" % (type(e).__name__, e))
    finally:
        signal.alarm(0)
        procs.stop_all()
        shutil.rmtree(logdir, ignore_errors=True)
    log("total %.1f s" % (time.monotonic() - START))
    return results.summary()


if __name__ == "__main__":
    sys.exit(main())
