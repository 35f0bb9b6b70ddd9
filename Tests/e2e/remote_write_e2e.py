#!/usr/bin/env python3
"""End to end for remote write: three statsd-bridges push to one Prometheus, which adds them up; they catch up after
an outage; a receiver that refuses and one that is not there are counted and logged once.

Starts Debian's `prometheus` (2.42) on 127.0.0.1 with `--web.enable-remote-write-receiver
--enable-feature=native-histograms`, a configuration without scrape jobs and a temporary TSDB, and three
statsd-bridges on loopback ephemeral ports (UDP in, TCP off) with `--remote-write.interval=1s`. Each bridge loads
MAPPING below (written to a temporary file: Airflow-like counters, a gauge, and task-duration timers in ms as
histograms with the classic buckets CLASSIC_BUCKETS and native buckets of factor 1.1, schema 3) and a remote-write
config of its own: Prometheus' /api/v1/write with the external label instance="bridge-N" (bridge-3 writes it under
`global:`). Rounds of raw StatsD datagrams go out with each line to the next bridge in turn, so each bridge gets a
third; Python adds up what every bridge was sent. Every check polls (Prometheus' HTTP API, or a bridge's /metrics
and log) for at most 30 s.

1. Fan-in, through PromQL:
   * sum() of each counter family equals the total sent, exactly; sum by (dag_id) of the labelled one per DAG;
     sum by (instance) gives each bridge its own share; each instance's gauge is the last value that bridge got;
   * the bridges' self-metrics arrive too (statsd_exporter_build_info of each instance), with the push time as
     timestamp (at most 5 s old while the bridges push every second);
   * classic: sum(..._count) is the number of observations; histogram_quantile(0.9, sum by (le)
     (rate(..._bucket[1m]))) lies in the mapping's classic bucket that holds the true 0.9 quantile;
   * native: histogram_count(sum(...)) and histogram_sum(sum(...)) are exact; histogram_quantile(0.9,
     sum(rate(...[1m]))) lies in the schema-3 bucket that holds the true 0.9 quantile, so within a factor 2^(1/8)
     of it;
   * each bridge's /metrics counts requests, samples and bytes sent and push durations for the URL, and its
     last_success_timestamp_seconds is recent.
2. Outage: Prometheus gets SIGTERM while traffic goes on for 20 s, starts again on the same port and TSDB, and
   traffic goes on a few seconds more. Then the counters and the native observation count catch up exactly (what
   was sent during the outage included), and for each bridge: requests_failed_total{reason="network"},
   requests_retried_total and samples_dropped_total{reason="superseded"} above 0 for the URL;
   last_success_timestamp_seconds after the restart; `remote write recovered` in its log and `remote write
   failed` at most once per minute; ingest lost nothing (statsd_bridge_udp_receive_buffer_drops_total 0 or absent,
   statsd_exporter_samples_total and _udp_packets_total equal to the lines and datagrams that bridge was sent);
   RSS after at most 1.5 times RSS before plus 20 MB.
3. Failing receivers: a fourth bridge with two remote_write entries, a receiver in this process that answers every
   POST with 401 and a closed port, runs for 8 s. The 401 URL shows requests_failed_total{reason="client_error"}
   >= 3, samples_dropped_total{reason="rejected"} > 0 and no retry; the receiver got remote write 1.0's headers
   (Content-Encoding: snappy, Content-Type: application/x-protobuf, X-Prometheus-Remote-Write-Version: 0.1.0), the
   configured header and the bearer token of credentials_file; the closed port shows
   requests_failed_total{reason="network"} >= 1. The log holds exactly one `remote write failed` line per URL,
   each naming its URL, the 401 one with the receiver's response text.

Every process it starts is stopped by PID, the receiver shut down and the temporary directory removed; --timeout
(default 240 s) bounds the whole run. Prints `N passed, M failed` last and exits 1 on any failure.

    python3 Tests/e2e/remote_write_e2e.py --binary .build/release/statsd-bridge
"""
import argparse, http.server, math, os, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time
import prometheus_api
from checks import Checks
from loopback import free_port, http_get, wait_http, stop
from prometheus_api import Prometheus, native_bucket

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLL_SECONDS = 30

# Classic buckets of the task-duration histogram, in seconds (the bridge turns "ms" timers into seconds).
CLASSIC_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60]
SCHEMA = 3  # native_histogram_bucket_factor 1.1 -> the largest schema with 2^(2^-schema) <= 1.1: 2^(1/8) ~ 1.0905
MAPPING = """\
defaults:
  observer_type: histogram
mappings:
  - match: airflow.ti_successes
    name: airflow_ti_successes_total
  - match: airflow.scheduler_heartbeat
    name: airflow_scheduler_heartbeat_total
  - match: airflow.ti.finish.*.*.*
    name: airflow_ti_finish_total
    labels: {dag_id: "$1", task_id: "$2", state: "$3"}
  - match: airflow.pool.open_slots.*
    name: airflow_pool_open_slots
    labels: {pool: "$1"}
  - match: airflow.dag.*.*.duration
    name: airflow_task_duration_seconds
    observer_type: histogram
    labels: {dag_id: "$1", task_id: "$2"}
    histogram_options:
      buckets: [%s]
      native_histogram_bucket_factor: 1.1
      native_histogram_max_buckets: 256
""" % ", ".join("%g" % b for b in CLASSIC_BUCKETS)

# One round of task durations in ms, ascending. Each is a multiple of 125 ms, so every value in seconds and every
# sum of them is exact in binary: counts and sums compare exactly. The top 6 of 20 are 10 s, so the 0.9 quantile
# (rank 18 of every 20) is 10 s with ranks 0.7 to 1.0 in its native bucket: a round cut by the edge of a rate()
# window (which keeps its later, larger values) moves the rank up, never out of that bucket.
DURATIONS_MS = [250, 375, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7000, 8000] + [10000] * 6
# Counter lines of one round: (StatsD line, family, labels, increment).
COUNTER_LINES = (
    [("airflow.ti_successes:1|c", "airflow_ti_successes_total", (), 1)] * 6
    + [("airflow.scheduler_heartbeat:1|c", "airflow_scheduler_heartbeat_total", (), 1)] * 3
    + [("airflow.ti.finish.%s.%s.%s:%d|c" % (dag, task, state, n), "airflow_ti_finish_total",
        (("dag_id", dag), ("state", state), ("task_id", task)), n)
       for dag, task, state, n in (("etl", "extract", "success", 1), ("etl", "load", "failed", 1),
                                   ("report", "render", "success", 2), ("report", "render", "success", 2))])
TIMER = "airflow.dag.etl.extract.duration:%d|ms"
FAMILY = "airflow_task_duration_seconds"
GAUGE = "airflow.pool.open_slots.default_pool:%d|g"
COUNTER_FAMILIES = ("airflow_ti_successes_total", "airflow_scheduler_heartbeat_total", "airflow_ti_finish_total")

ROUND_PAUSE = 0.5  # seconds between rounds
FAN_IN_ROUNDS = 10
OUTAGE_SECONDS = 20
AFTER_OUTAGE_SECONDS = 6
FAILING_SECONDS = 8
REFUSAL = "token refused by the test receiver"
TOKEN = "test-token-7f3a"
ORG_ID = "team-a"


class TimeUp(Exception):
    pass


# ---- what was sent

class Traffic:
    """Sends rounds of StatsD lines, each line to the next bridge in turn, packed into datagrams of at most 1400
    bytes without a trailing newline (so statsd_exporter_lines_total counts lines, not lines plus one); adds up per
    bridge the lines, datagrams, counter totals and last gauge value, and overall the observations in seconds."""

    def __init__(self, ports):
        self.ports = ports
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.turn = 0
        self.rounds = 0
        self.lines = [0] * len(ports)
        self.datagrams = [0] * len(ports)
        self.counters = [{} for _ in ports]  # (family, labels) -> total
        self.gauges = [None] * len(ports)
        self.observations = []  # seconds, all bridges

    def send_round(self):
        batches = [[] for _ in self.ports]
        for line, family, labels, increment in COUNTER_LINES:
            b = self._next()
            batches[b].append(line)
            key = (family, labels)
            self.counters[b][key] = self.counters[b].get(key, 0) + increment
        for ms in DURATIONS_MS:
            batches[self._next()].append(TIMER % ms)
            self.observations.append(ms / 1000.0)
        for b in range(len(self.ports)):
            self.gauges[b] = 100 * (b + 1) + self.rounds
            batches[b].append(GAUGE % self.gauges[b])
        for b, lines in enumerate(batches):
            self._send(b, lines)
        self.rounds += 1

    def send_for(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            self.send_round()
            time.sleep(ROUND_PAUSE)

    def counter_total(self, family, bridge=None, **labels):
        bridges = range(len(self.ports)) if bridge is None else [bridge]
        return sum(v for b in bridges for (f, l), v in self.counters[b].items()
                   if f == family and set(labels.items()) <= set(l))

    def close(self):
        self.sock.close()

    def _next(self):
        b = self.turn % len(self.ports)
        self.turn += 1
        return b

    def _send(self, b, lines):
        datagram = ""
        for line in lines:
            if datagram and len(datagram) + 1 + len(line) > 1400:
                self._sendto(b, datagram)
                datagram = ""
            datagram = datagram + "\n" + line if datagram else line
        if datagram:
            self._sendto(b, datagram)
        self.lines[b] += len(lines)

    def _sendto(self, b, datagram):
        self.sock.sendto(datagram.encode(), ("127.0.0.1", self.ports[b]))
        self.datagrams[b] += 1


def true_quantile(observations, q):
    # histogram_quantile's rank q * count falls in the bucket of the observation at (1-based) position
    # ceil(q * count) in sorted order.
    ordered = sorted(observations)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def classic_bucket(value):
    """(lower, upper] of CLASSIC_BUCKETS that holds `value`."""
    lower = 0.0
    for upper in CLASSIC_BUCKETS + [math.inf]:
        if value <= upper:
            return lower, upper
        lower = upper


# ---- the processes

class PrometheusServer:
    """Debian's prometheus on 127.0.0.1 as a remote-write receiver; stop() and start() keep its port and TSDB."""

    def __init__(self, binary, temp):
        self.binary = binary
        self.port = free_port(socket.SOCK_STREAM)
        self.config = os.path.join(temp, "prometheus.yml")
        self.tsdb = os.path.join(temp, "tsdb")
        self.log_path = os.path.join(temp, "prometheus.log")
        self.proc = None
        with open(self.config, "w") as f:  # no scrape job: everything it stores comes by remote write
            f.write("global:\n  evaluation_interval: 1s\n")
        self.api = Prometheus(self.port)
        self.write_url = "http://127.0.0.1:%d/api/v1/write" % self.port

    def start(self):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [self.binary, "--config.file=" + self.config, "--storage.tsdb.path=" + self.tsdb,
                 "--web.listen-address=127.0.0.1:%d" % self.port, "--web.enable-remote-write-receiver",
                 "--enable-feature=native-histograms", "--log.level=warn"],
                stdout=log, stderr=subprocess.STDOUT, cwd=os.path.dirname(self.tsdb))
        wait_http("http://127.0.0.1:%d/-/ready" % self.port, self.proc, "prometheus", seconds=60)

    def stop(self):
        stop(self.proc)


class Bridge:
    """One statsd-bridge on loopback ephemeral ports (UDP in, TCP off) pushing every second; its log is a file."""

    def __init__(self, args, temp, name, mapping, remote_write_yaml):
        self.name = name
        self.udp, self.web = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM)
        self.config = os.path.join(temp, name + "-remote-write.yml")
        with open(self.config, "w") as f:
            f.write(remote_write_yaml)
        self.log_path = os.path.join(temp, name + ".log")
        self.argv = [args.binary, "--statsd.listen-udp=127.0.0.1:%d" % self.udp, "--statsd.listen-tcp=",
                     "--web.listen-address=127.0.0.1:%d" % self.web, "--statsd.mapping-config=" + mapping,
                     "--remote-write.config-file=" + self.config, "--remote-write.interval=1s"]
        self.proc = None

    def start(self):
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT)
        wait_http("http://127.0.0.1:%d/-/healthy" % self.web, self.proc, self.name)

    def metrics(self):
        _, body = http_get("http://127.0.0.1:%d/metrics" % self.web)
        return parse_exposition(body)

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def remote_write_yaml(instance, url, under_global=False):
    labels = ("global:\n  external_labels:\n    instance: %s\n" if under_global
              else "external_labels:\n  instance: %s\n") % instance
    return labels + ("remote_write:\n"
                     "  - url: %s\n"
                     "    name: prometheus\n"
                     "    send_native_histograms: true\n"
                     "    remote_timeout: 5s\n"
                     "    queue_config:\n"
                     "      min_backoff: 30ms\n"
                     "      max_backoff: 2s\n") % url


class RefusingReceiver:
    """An HTTP server on 127.0.0.1 in a thread of this process: every POST is read whole and answered 401 with
    REFUSAL; the headers of each are kept (names lower-cased)."""

    def __init__(self):
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                read_body(self)
                requests.append({k.lower(): v for k, v in self.headers.items()})
                reply = REFUSAL.encode()
                self.send_response(401)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *_):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/api/v1/write" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def read_body(handler):
    """Reads a request body sent with Content-Length or chunked."""
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            handler.rfile.read(size + 2)
            if size == 0:
                return
    handler.rfile.read(int(handler.headers.get("Content-Length") or 0))


# ---- reading /metrics, logs and PromQL answers

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_exposition(text):
    """[(name, {label: value}, value)] of a text exposition."""
    out = []
    for line in text.splitlines():
        found = SAMPLE.match(line)
        if found:
            out.append((found.group(1), dict(LABEL.findall(found.group(2) or "")), float(found.group(3))))
    return out


def value(samples, name, **labels):
    """Sum of the samples of `name` whose labels include `labels`; None when there is none."""
    found = [v for n, l, v in samples if n == name and labels.items() <= l.items()]
    return sum(found) if found else None


def log_lines(text, *words):
    return [line for line in text.splitlines() if all(w in line for w in words)]


def scalar(result):
    """The one value of an instant-vector answer, or None."""
    try:
        return float(result[0]["value"][1]) if len(result) == 1 else None
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def by_label(result, label):
    """{label value: value} of an instant-vector answer; {} when it holds native histograms."""
    try:
        return {s["metric"].get(label): float(s["value"][1]) for s in result}
    except (KeyError, TypeError, ValueError):
        return {}


def short(result):
    return str(result)[:400]


def check_scalar(checks, api, expr, want, what):
    ok, result = api.poll(expr, lambda r: scalar(r) == want)
    checks.check("%s: %s == %r" % (what, expr, want), ok, short(result))


def check_by(checks, api, expr, label, want, what):
    ok, result = api.poll(expr, lambda r: by_label(r, label) == want)
    checks.check("%s: %s is %s" % (what, expr, want), ok, short(result))


# ---- 1. fan-in

def check_totals(checks, api, traffic, bridges, what):
    for family in COUNTER_FAMILIES:
        check_scalar(checks, api, "sum(%s)" % family, float(traffic.counter_total(family)), what)
    per_instance = {b.name: float(traffic.counter_total("airflow_ti_successes_total", i))
                    for i, b in enumerate(bridges)}
    check_by(checks, api, "sum by (instance) (airflow_ti_successes_total)", "instance", per_instance,
             what + ", each bridge's share")
    per_dag = {dag: float(traffic.counter_total("airflow_ti_finish_total", dag_id=dag)) for dag in ("etl", "report")}
    check_by(checks, api, "sum by (dag_id) (airflow_ti_finish_total)", "dag_id", per_dag, what)
    gauges = {b.name: float(traffic.gauges[i]) for i, b in enumerate(bridges)}
    check_by(checks, api, "airflow_pool_open_slots", "instance", gauges, what + ", each bridge's last gauge")
    count = float(len(traffic.observations))
    check_scalar(checks, api, "sum(%s_count)" % FAMILY, count, what + ", classic")
    check_scalar(checks, api, "histogram_count(sum(%s))" % FAMILY, count, what + ", native")


def check_quantiles(checks, api, traffic):
    truth = true_quantile(traffic.observations, 0.9)
    lower, upper = classic_bucket(truth)
    expr = "histogram_quantile(0.9, sum by (le) (rate(%s_bucket[1m])))" % FAMILY
    ok, result = api.poll(expr, lambda r: scalar(r) is not None and lower <= scalar(r) <= upper)
    checks.check("classic %s in [%g, %g], the bucket of the true 0.9 quantile %g s" % (expr, lower, upper, truth),
                 ok, short(result))
    # Prometheus computes native bounds from a table (math.Ldexp of the same powers), which may differ from
    # 2 ** (i/8) in the last bit: hence 1e-12 of slack.
    _, lower, upper = native_bucket(truth, SCHEMA)
    expr = "histogram_quantile(0.9, sum(rate(%s[1m])))" % FAMILY
    ok, result = api.poll(expr, lambda r: scalar(r) is not None
                          and lower * (1 - 1e-12) <= scalar(r) <= upper * (1 + 1e-12))
    checks.check("native %s in [%.6f, %.6f], the schema-3 bucket of the true 0.9 quantile %g s (relative error "
                 "below 2^(1/8))" % (expr, lower, upper, truth), ok, short(result))
    check_scalar(checks, api, "histogram_sum(sum(%s))" % FAMILY, sum(traffic.observations), "native sum exact")


def check_pushed_self_metrics(checks, api, bridges):
    names = {b.name for b in bridges}
    ok, result = api.poll("statsd_exporter_build_info", lambda r: {s["metric"].get("instance") for s in r} == names)
    checks.check("the bridges' self-metrics are pushed too: statsd_exporter_build_info of %s" % sorted(names), ok,
                 short(result))
    expr = "max(time() - timestamp(statsd_exporter_build_info))"
    ok, result = api.poll(expr, lambda r: scalar(r) is not None and scalar(r) <= 5)
    checks.check("samples carry the push time: %s <= 5 s" % expr, ok, short(result))


def check_sender_metrics(checks, bridge, url):
    samples = bridge.metrics()
    problems = []
    for name in ("requests_sent_total", "samples_sent_total", "bytes_sent_total", "push_duration_seconds_count"):
        v = value(samples, "statsd_bridge_remote_write_" + name, url=url)
        if not v or v <= 0:
            problems.append("statsd_bridge_remote_write_%s{url=%r} is %s, not > 0" % (name, url, v))
    last = value(samples, "statsd_bridge_remote_write_last_success_timestamp_seconds", url=url)
    if last is None or abs(time.time() - last) > 10:
        problems.append("last_success_timestamp_seconds is %s, not within 10 s of now (%.0f)" % (last, time.time()))
    checks.check_problems("%s: /metrics counts what it pushed to %s" % (bridge.name, url), problems)


def fan_in(checks, prom, bridges, traffic):
    for _ in range(FAN_IN_ROUNDS):
        traffic.send_round()
        time.sleep(ROUND_PAUSE)
    check_totals(checks, prom.api, traffic, bridges, "fan-in")
    check_quantiles(checks, prom.api, traffic)
    check_pushed_self_metrics(checks, prom.api, bridges)
    for bridge in bridges:
        check_sender_metrics(checks, bridge, prom.write_url)


# ---- 2. outage

def outage(checks, prom, bridges, traffic):
    rss_before = [b.rss_kb() for b in bridges]
    prom.stop()
    stopped_at = time.time()
    traffic.send_for(OUTAGE_SECONDS)
    prom.start()
    restarted_at = time.time()
    print("     (Prometheus down %.1f s, back after a restart on the same port and TSDB)" % (restarted_at - stopped_at),
          flush=True)
    traffic.send_for(AFTER_OUTAGE_SECONDS)
    check_totals(checks, prom.api, traffic, bridges, "after the outage")
    for i, bridge in enumerate(bridges):
        check_outage_counted(checks, bridge, prom.write_url, restarted_at)
        check_outage_logged(checks, bridge, stopped_at)
        check_ingest_complete(checks, bridge, traffic, i)
        rss = bridge.rss_kb()
        checks.check("%s: RSS after the outage %d kB <= 1.5 x %d kB + 20 MB" % (bridge.name, rss, rss_before[i]),
                     rss <= 1.5 * rss_before[i] + 20 * 1024)


def check_outage_counted(checks, bridge, url, restarted_at):
    deadline = time.time() + POLL_SECONDS
    while True:
        samples = bridge.metrics()
        wanted = [("requests_failed_total", {"reason": "network"}), ("requests_retried_total", {}),
                  ("samples_dropped_total", {"reason": "superseded"})]
        problems = ["statsd_bridge_remote_write_%s%s is %s, not > 0" % (name, dict(labels, url=url), v)
                    for name, labels in wanted
                    for v in [value(samples, "statsd_bridge_remote_write_" + name, url=url, **labels)]
                    if not v or v <= 0]
        last = value(samples, "statsd_bridge_remote_write_last_success_timestamp_seconds", url=url)
        if last is None or last < restarted_at - 1:
            problems.append("last_success_timestamp_seconds %s is before the restart at %.1f" % (last, restarted_at))
        if not problems or time.time() > deadline:
            break
        time.sleep(0.5)
    checks.check_problems("%s: /metrics counts the outage (network failures, retries, superseded samples) and the "
                          "recovery" % bridge.name, problems)


def check_outage_logged(checks, bridge, stopped_at):
    text = bridge.log()
    failed = log_lines(text, "remote write failed")
    recovered = log_lines(text, "remote write recovered")
    most = 1 + int((time.time() - stopped_at) // 60)
    checks.check("%s: log has `remote write failed` 1 to %d time(s) (once a minute at most) and `remote write "
                 "recovered`" % (bridge.name, most), 1 <= len(failed) <= most and len(recovered) >= 1,
                 "%d failed, %d recovered: %s" % (len(failed), len(recovered), (failed + recovered)[:4]))


def check_ingest_complete(checks, bridge, traffic, i):
    samples = bridge.metrics()
    drops = value(samples, "statsd_bridge_udp_receive_buffer_drops_total")
    got = (value(samples, "statsd_exporter_samples_total"), value(samples, "statsd_exporter_udp_packets_total"))
    want = (float(traffic.lines[i]), float(traffic.datagrams[i]))
    checks.check("%s: ingest lost nothing: no kernel drops, samples and datagrams as sent %s" % (bridge.name, want),
                 not drops and got == want, "drops %s, samples_total and udp_packets_total %s" % (drops, got))


# ---- 3. failing receivers

def failing_receivers(checks, args, temp, mapping, receiver, procs):
    unreachable = "http://127.0.0.1:%d/api/v1/write" % free_port(socket.SOCK_STREAM)
    token_file = os.path.join(temp, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN + "\n")
    config = ("external_labels:\n  instance: bridge-failing\nremote_write:\n"
              "  - url: %s\n    name: refuses\n    headers:\n      X-Scope-OrgID: %s\n"
              "    authorization:\n      credentials_file: %s\n"
              "  - url: %s\n    name: unreachable\n    remote_timeout: 2s\n"
              "    queue_config:\n      min_backoff: 30ms\n      max_backoff: 1s\n"
              % (receiver.url, ORG_ID, token_file, unreachable))
    bridge = Bridge(args, temp, "bridge-failing", mapping, config)
    procs.append(bridge)
    bridge.start()
    traffic = Traffic([bridge.udp])
    try:
        traffic.send_for(FAILING_SECONDS)
    finally:
        traffic.close()
    samples = bridge.metrics()
    stop(bridge.proc)
    text = bridge.log()

    failed = value(samples, "statsd_bridge_remote_write_requests_failed_total", url=receiver.url,
                   reason="client_error")
    rejected = value(samples, "statsd_bridge_remote_write_samples_dropped_total", url=receiver.url,
                     reason="rejected")
    retried = value(samples, "statsd_bridge_remote_write_requests_retried_total", url=receiver.url)
    checks.check("401: requests_failed_total{reason=\"client_error\"} >= 3, samples_dropped_total"
                 "{reason=\"rejected\"} > 0, requests_retried_total 0 or absent",
                 (failed or 0) >= 3 and (rejected or 0) > 0 and not retried,
                 "client_error %s, rejected %s, retried %s" % (failed, rejected, retried))
    check_request_headers(checks, receiver.requests)
    network = value(samples, "statsd_bridge_remote_write_requests_failed_total", url=unreachable, reason="network")
    checks.check("closed port: requests_failed_total{reason=\"network\"} >= 1", (network or 0) >= 1,
                 "network %s" % network)
    for url, extra, what in ((receiver.url, REFUSAL, "401, with the response text"), (unreachable, "", "closed port")):
        lines = log_lines(text, "remote write failed", url, extra)
        total = log_lines(text, "remote write failed", url)
        checks.check("%s: exactly one `remote write failed` line for the URL in %d s (%s)"
                     % (what, FAILING_SECONDS, url), len(lines) == 1 and len(total) == 1, "\n  ".join(total[:5]))


def check_request_headers(checks, requests):
    problems = [] if len(requests) >= 3 else ["the receiver got %d requests, not >= 3" % len(requests)]
    want = {"content-encoding": "snappy", "content-type": "application/x-protobuf",
            "x-prometheus-remote-write-version": "0.1.0", "x-scope-orgid": ORG_ID,
            "authorization": "Bearer " + TOKEN}
    for n, headers in enumerate(requests[:3]):
        problems += ["request %d: %s is %r, not %r" % (n + 1, k, headers.get(k), v) for k, v in want.items()
                     if headers.get(k) != v]
    checks.check_problems("401 receiver got remote write 1.0's headers, X-Scope-OrgID and the bearer token of "
                          "credentials_file", problems)


# ---- the run

def run(args, checks):
    temp = tempfile.mkdtemp(prefix="statsd-bridge-remote-write-")
    procs = []  # PrometheusServer and Bridge objects (listed before they start), stopped in reverse order
    receiver = traffic = None
    try:
        mapping = os.path.join(temp, "mapping.yml")
        with open(mapping, "w") as f:
            f.write(MAPPING)
        prom = PrometheusServer(args.prometheus, temp)
        procs.append(prom)
        prom.start()
        bridges = []
        for n in (1, 2, 3):
            name = "bridge-%d" % n
            bridge = Bridge(args, temp, name, mapping, remote_write_yaml(name, prom.write_url, under_global=n == 3))
            procs.append(bridge)
            bridge.start()
            bridges.append(bridge)
        traffic = Traffic([b.udp for b in bridges])
        print("---- 1. fan-in: three bridges, one Prometheus", flush=True)
        fan_in(checks, prom, bridges, traffic)
        print("---- 2. outage: Prometheus stopped for %d s while traffic goes on" % OUTAGE_SECONDS, flush=True)
        outage(checks, prom, bridges, traffic)
        print("---- 3. failing receivers: 401 and a closed port", flush=True)
        receiver = RefusingReceiver()
        failing_receivers(checks, args, temp, mapping, receiver, procs)
    except TimeUp as error:
        checks.check("finished within the time limit", False, str(error))
    except Exception as error:  # any setup failure is a failed check, then cleanup
        checks.check("end-to-end run", False, "%s: %s" % (type(error).__name__, error))
    finally:
        signal.alarm(0)
        for proc in reversed(procs):
            stop(proc.proc)
        if receiver is not None:
            receiver.close()
        if traffic is not None:
            traffic.close()
        if checks.failed:
            show_logs(temp)
        shutil.rmtree(temp, ignore_errors=True)


def show_logs(temp):
    for name in sorted(os.listdir(temp)):
        if name.endswith(".log"):
            print("---- %s (last 2 kB)" % name)
            print(open(os.path.join(temp, name), "rb").read()[-2000:].decode(errors="replace"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/statsd-bridge"))
    parser.add_argument("--prometheus", default=shutil.which("prometheus") or "prometheus")
    parser.add_argument("--timeout", type=int, default=240, help="hard limit for the whole run, seconds")
    args = parser.parse_args()
    prometheus_api.POLL_SECONDS = POLL_SECONDS

    def on_alarm(signum, frame):
        raise TimeUp("hard limit of %d s reached" % args.timeout)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.timeout)
    checks = Checks(pass_word="PASS", detail_on_pass=False)
    run(args, checks)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
