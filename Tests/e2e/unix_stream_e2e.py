#!/usr/bin/env python3
"""End to end over a Unix stream socket: the PyPI `statsd` client's UnixSocketStatsClient (what Airflow 3.4's
`[metrics] statsd_socket_path` uses) -> statsd-bridge --statsd.listen-unix -> /metrics.

Starts the release binary with mappings/airflow.yml, UDP and TCP off, `--statsd.listen-unix=PATH` in a temporary
directory and `--statsd.unixsocket-mode=770`, the web server on a loopback ephemeral port. Checks:

  * the startup log names the socket (`unix=PATH`), and PATH is a socket with mode 770;
  * counters, gauges and timers sent with `UnixSocketStatsClient(PATH, prefix="airflow")`, one call per line and
    in pipelines (several lines in one write), over two connections, arrive through the mapping with the values
    sent: the task-duration histogram's samples exactly, heartbeats, finishes by state, the pool gauge;
  * nothing is unmapped, and the self-metrics count the lines and the two connections in
    statsd_bridge_unix_connections_total (and none in statsd_exporter_tcp_connections_total);
  * on SIGTERM the daemon exits 0 and the socket file is gone;
  * started again with a plain file at PATH, it exits 1 naming the path, and leaves the file as it was.

Every process it starts is stopped by PID and its temporary directory removed. Prints `N passed, M failed` last
and exits 1 on any failure.

    python3 Tests/e2e/unix_stream_e2e.py --binary .build/release/statsd-bridge
"""
import argparse, os, shutil, signal, socket, stat, subprocess, sys, tempfile, time
import urllib.error
from checks import Checks
from loopback import free_port, http_get, stop

try:
    import statsd
except ImportError:
    sys.exit("unix_stream_e2e: the PyPI 'statsd' package is missing (pip install statsd)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROUNDS = 3
# Task durations in milliseconds, each an exact binary fraction in seconds, so the histogram's sum prints exactly.
DURATIONS_MS = [500, 1500, 4000]
BUCKETS = ["0.1", "0.5", "1", "2.5", "5", "10", "30", "60", "120", "300", "600", "1200", "1800", "3600", "7200",
           "14400", "28800", "43200", "86400", "+Inf"]
TASK = 'dag_id="etl-daily",task_id="extract-src"'


def expected_task_duration():
    """The sample lines of airflow_task_duration_seconds after ROUNDS rounds, as the text format shows them."""
    seconds = [ms / 1000.0 for ms in DURATIONS_MS]
    lines = []
    for le in BUCKETS:
        count = sum(1 for s in seconds if le == "+Inf" or s <= float(le)) * ROUNDS
        lines.append('airflow_task_duration_seconds_bucket{%s,le="%s"} %d' % (TASK, le, count))
    lines.append("airflow_task_duration_seconds_sum{%s} %g" % (TASK, sum(seconds) * ROUNDS))
    lines.append("airflow_task_duration_seconds_count{%s} %d" % (TASK, len(seconds) * ROUNDS))
    return lines


def samples(text, family):
    """The sample lines of `family` (with its _bucket/_sum/_count series) in an exposition, in order."""
    names = {family, family + "_bucket", family + "_sum", family + "_count"}
    return [line for line in text.splitlines()
            if line and not line.startswith("#") and line.split("{")[0].split(" ")[0] in names]


def value(text, series):
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line[len(series) + 1:])
    return None


def send(path):
    """Two connections, as two Airflow processes would open them; returns the number of lines sent."""
    lines = 0
    first = statsd.UnixSocketStatsClient(path, prefix="airflow")
    for _ in range(ROUNDS):
        first.incr("scheduler_heartbeat")
        lines += 1
        with first.pipeline() as pipe:  # one write of several lines
            for ms in DURATIONS_MS:
                pipe.timing("dag.etl-daily.extract-src.duration", ms)
            pipe.incr("ti.finish.etl-daily.extract-src.success")
            pipe.gauge("pool.open_slots.default_pool", 128)
            lines += len(DURATIONS_MS) + 2
    second = statsd.UnixSocketStatsClient(path, prefix="airflow")
    second.incr("ti.finish.etl-daily.extract-src.failed")
    second.incr("ti_successes", 2)
    lines += 2
    first.close()
    second.close()
    return lines


def scrape_until(web, accept, seconds=20):
    deadline = time.time() + seconds
    text = ""
    while time.time() < deadline:
        try:
            _, text = http_get("http://127.0.0.1:%d/metrics" % web)
            if accept(text):
                return True, text
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    return False, text


def wait_listening(proc, log_path, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        log = open(log_path, "rb").read().decode(errors="replace")
        if "statsd-bridge listening" in log:
            return log
        if proc.poll() is not None:
            raise RuntimeError("statsd-bridge exited with %s before listening:\n%s" % (proc.returncode, log))
        time.sleep(0.1)
    raise RuntimeError("statsd-bridge did not listen within %d s" % seconds)


def run(args, checks):
    temp = tempfile.mkdtemp(prefix="statsd-bridge-unix-e2e-")
    path = os.path.join(temp, "statsd.sock")
    log_path = os.path.join(temp, "bridge.log")
    bridge = None
    try:
        web = free_port(socket.SOCK_STREAM)
        command = [args.binary, "--statsd.listen-udp=", "--statsd.listen-tcp=", "--statsd.listen-unix=" + path,
                   "--statsd.unixsocket-mode=770", "--web.listen-address=127.0.0.1:%d" % web,
                   "--statsd.mapping-config=" + args.mapping]
        with open(log_path, "wb") as log:
            bridge = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        started = wait_listening(bridge, log_path)
        checks.check("the startup log names the socket", " unix=%s " % path in started, started.strip()[-400:])
        info = os.stat(path)
        checks.check("the socket file is a socket with mode 770",
                     stat.S_ISSOCK(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o770, oct(info.st_mode))

        lines = send(path)
        ok, text = scrape_until(web, lambda t: value(t, "airflow_ti_successes_total") == 2
                                and value(t, "statsd_exporter_lines_total") == lines)
        checks.check("every line sent over the socket arrives", ok,
                     "statsd_exporter_lines_total %s, want %d" % (value(text, "statsd_exporter_lines_total"), lines))
        want = expected_task_duration()
        have = samples(text, "airflow_task_duration_seconds")
        checks.check("the task-duration histogram holds exactly the timings sent", have == want,
                     "\n  have: %s\n  want: %s" % ("\n        ".join(have), "\n        ".join(want)))
        for series, expected in [
            ("airflow_scheduler_heartbeat_total", ROUNDS),
            ('airflow_ti_finish_total{dag_id="etl-daily",state="success",task_id="extract-src"}', ROUNDS),
            ('airflow_ti_finish_total{dag_id="etl-daily",state="failed",task_id="extract-src"}', 1),
            ('airflow_pool_open_slots{pool="default_pool"}', 128),
            ("statsd_exporter_events_unmapped_total", 0),
            ("statsd_exporter_tcp_too_long_lines_total", 0),
            ("statsd_bridge_unix_connections_total", 2),
            ("statsd_exporter_tcp_connections_total", 0),
        ]:
            got = value(text, series)
            checks.check("%s == %g" % (series, expected), got == expected, "got %s" % got)

        bridge.send_signal(signal.SIGTERM)
        try:
            status = bridge.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = None
        checks.check("SIGTERM stops the daemon with exit 0", status == 0, "exit %s" % status)
        checks.check("the socket file is removed on exit", not os.path.lexists(path))

        with open(path, "w") as f:
            f.write("not a socket")
        with open(log_path, "wb") as log:
            again = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            status = again.wait(timeout=20)
        except subprocess.TimeoutExpired:
            again.kill()
            status = again.wait()
        refused = open(log_path, "rb").read().decode(errors="replace")
        message = ("unix stream socket path %s already exists; remove it or choose another --statsd.listen-unix"
                   % path)
        checks.check("a path that exists at startup is refused with exit 1, naming it",
                     status == 1 and message in refused, "exit %s: %s" % (status, refused.strip()[-400:]))
        checks.check("the existing file is left as it was", open(path).read() == "not a socket")
    except Exception as error:  # any setup failure is a failed check, then cleanup
        checks.check("end-to-end run", False, "%s: %s" % (type(error).__name__, error))
    finally:
        stop(bridge)
        if checks.failed and os.path.exists(log_path):
            print("---- bridge.log (last 2 kB)")
            print(open(log_path, "rb").read()[-2000:].decode(errors="replace"))
        shutil.rmtree(temp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/statsd-bridge"))
    parser.add_argument("--mapping", default=os.path.join(ROOT, "mappings/airflow.yml"))
    args = parser.parse_args()
    checks = Checks(pass_word="PASS", detail_on_pass=False)
    run(args, checks)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
