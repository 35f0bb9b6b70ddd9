#!/usr/bin/env python3
"""statsd-bridge as a drop-in for the official Apache Airflow Helm chart's StatsD exporter (issue 9, item 3).

Usage:
  helm_chart_e2e.py --binary PATH/TO/statsd-bridge [--shared DIR] [--netns auto|always|never] [--timeout SECONDS]

The chart (chart/templates/statsd/statsd-deployment.yaml) runs the exporter image with exactly one argument,
`--statsd.mapping-config=/etc/statsd-exporter/mappings.yml` (its ConfigMap with the chart's default mapping,
chart/files/statsd-mappings.yml, unless statsd.overrideMappings or statsd.extraMappings change it), sends StatsD to
UDP port 9125 (ports.statsdIngest) and scrapes port 9102 (ports.statsdScrape). Its liveness and readiness probes
are `httpGet /metrics` on port 9102 with initialDelaySeconds 10 and timeoutSeconds 5.

This test does the same: it copies the chart's default mapping (the conformance case
SHARED/conformance/cases/airflow_helm_chart_mapping/mapping.yml) to a temporary mappings.yml, starts the binary
with `--statsd.mapping-config=<that file>` and nothing else, so it listens on its defaults (:9125 UDP and TCP,
:9102 HTTP); probes GET :9102/metrics as the kubelet does; sends that case's input.statsd over UDP to
127.0.0.1:9125; and checks the exposition against the case's expected.prom with the conformance runner's own
comparison (same rules as `SHARED/conformance/run`, with statsd-bridge's own statsd_bridge_* families counted as
self-metrics beside statsd_exporter_*). It then probes again and stops the daemon with SIGTERM, as
Kubernetes does, expecting a clean exit.

A second run checks the chart values the README recommends (images.statsd = statsd-bridge, statsd.args =
[--statsd.mapping-config=/etc/statsd-bridge/mappings/airflow.yml], the mapping baked into the image): the same
probes, then Tests/Fixtures/airflow/real-3.3.statsd (real Airflow 3.3.2 traffic) over UDP to :9125, with nothing lost
and nothing unmapped.

Ports 9125 and 9102 are fixed, so by default (--netns auto) the test runs in a network namespace of its own,
like a pod (`unshare --net`, loopback brought up), whenever that is possible; otherwise on the host loopback, after
checking that the ports are free. Every process it starts is stopped by its PID. The last line printed is
`N passed, M failed`; the exit status is 0 only when nothing failed.
"""
import argparse
import importlib.machinery
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from checks import Checks

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
AIRFLOW_FIXTURES = os.path.join(REPO, "Tests", "Fixtures", "airflow")
CASE = os.path.join("conformance", "cases", "airflow_helm_chart_mapping")

# What the chart's statsd deployment sets (Airflow Helm chart 1.x values.yaml / statsd-deployment.yaml).
CHART_MAPPING_PATH = "/etc/statsd-exporter/mappings.yml"
# Where the statsd-bridge image keeps the shipped mapping (Dockerfile: COPY mappings /etc/statsd-bridge/mappings).
SHIPPED_MAPPING_PATH = "/etc/statsd-bridge/mappings/airflow.yml"
INGEST_PORT = 9125
SCRAPE_PORT = 9102
PROBE_PATH = "/metrics"
PROBE_INITIAL_DELAY = 10.0
PROBE_TIMEOUT = 5.0


def load_runner(shared):
    """The conformance runner (a script without .py) as a module, for its unescape() and compare()."""
    path = os.path.join(shared, "conformance", "run")
    loader = importlib.machinery.SourceFileLoader("conformance_run", path)
    spec = importlib.util.spec_from_loader("conformance_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def port_free(kind, port):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind(("0.0.0.0", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def chart_ports_free():
    return (port_free(socket.SOCK_DGRAM, INGEST_PORT) and port_free(socket.SOCK_STREAM, INGEST_PORT)
            and port_free(socket.SOCK_STREAM, SCRAPE_PORT))


def probe():
    """One kubelet httpGet probe: success is a status in 200..399 within timeoutSeconds."""
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (SCRAPE_PORT, PROBE_PATH),
                                    timeout=PROBE_TIMEOUT) as r:
            body = r.read().decode("utf-8", "replace")
            return 200 <= r.status < 400, time.monotonic() - t0, body, r.headers.get("Content-Type", "")
    except Exception as e:
        return False, time.monotonic() - t0, str(e), ""


def stop(proc, grace=10):
    """SIGTERM to the daemon's process group (its PID), SIGKILL after the grace period; returns the exit status."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
            return None
    return proc.returncode


def send_udp(runner, lines, pause):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = 0
    for line in lines:
        if line.startswith("#sleep "):
            time.sleep(float(line.split()[1]))
            continue
        if not line.strip():
            continue
        sock.sendto(runner.unescape(line), ("127.0.0.1", INGEST_PORT))
        sent += 1
        time.sleep(pause)  # keep datagrams in order and inside the receive buffer
    sock.close()
    return sent


def self_metric(body, name):
    got = [l for l in body.splitlines() if l.startswith(name + " ")]
    return float(got[0].split()[1]) if got else None


def run_pod(binary, mapping_source, mount_path, results, deadline, title, traffic):
    """Starts the binary as the chart's container would (one argument), probes it, runs traffic(), stops it."""
    work = tempfile.mkdtemp(prefix="statsd-bridge-helm-")
    proc = None
    try:
        # The chart mounts its ConfigMap key mappings.yml at /etc/statsd-exporter/; the same file name here.
        mount = os.path.join(work, mount_path.lstrip("/"))
        os.makedirs(os.path.dirname(mount))
        shutil.copyfile(mapping_source, mount)
        argv = [binary, "--statsd.mapping-config=" + mount]
        logpath = os.path.join(work, "statsd-bridge.log")
        log = open(logpath, "wb")
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        log.close()
        print("-- %s: started %s (pid %d)" % (title, " ".join(argv), proc.pid), flush=True)

        # Readiness: the kubelet's first probe comes after initialDelaySeconds; it must pass then.
        ready_after = None
        while time.monotonic() - started < PROBE_INITIAL_DELAY and time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            ok, _, _, _ = probe()
            if ok:
                ready_after = time.monotonic() - started
                break
            time.sleep(0.1)
        if not results.check("%s: readiness probe GET :%d%s passes within initialDelaySeconds (%.0f s)"
                             % (title, SCRAPE_PORT, PROBE_PATH, PROBE_INITIAL_DELAY), ready_after is not None,
                             "ready after %.2f s" % ready_after if ready_after is not None
                             else "exit status %s" % proc.poll()):
            print(open(logpath, errors="replace").read()[-3000:])
            return
        text = open(logpath, errors="replace").read()
        results.check("%s: the mapping loads without an error" % title, "level=error" not in text,
                      text.strip()[-300:])
        for line in text.splitlines():
            if "level=warn" in line:
                print("note: %s" % line.strip())

        ok, took, body, ctype = probe()
        results.check("%s: liveness probe passes within timeoutSeconds (%.0f s)" % (title, PROBE_TIMEOUT),
                      ok and took < PROBE_TIMEOUT, "%.3f s, Content-Type %s" % (took, ctype))
        results.check("%s: /metrics is Prometheus text format 0.0.4" % title,
                      ctype.startswith("text/plain") and "version=0.0.4" in ctype, ctype)

        traffic(title)

        ok, took, _, _ = probe()
        results.check("%s: liveness probe still passes after the traffic" % title, ok and took < PROBE_TIMEOUT,
                      "%.3f s" % took)

        # Pod termination: SIGTERM, then SIGKILL after terminationGracePeriodSeconds (30 s by default).
        t0 = time.monotonic()
        status = stop(proc, grace=30)
        results.check("%s: SIGTERM stops it cleanly (exit 0)" % title, status == 0,
                      "exit %s after %.2f s" % (status, time.monotonic() - t0))
    finally:
        if proc is not None:
            stop(proc, grace=5)
        shutil.rmtree(work, ignore_errors=True)


def run_tests(binary, shared, results, deadline):
    runner = load_runner(shared)
    # The bridge's own statsd_bridge_* families (series count, TCP and kernel-drop counters) are self-metrics like
    # statsd_exporter_*: a scrape simply has them in addition, so they are left out of the comparison too.
    if "statsd_bridge_" not in runner.SELF_PREFIXES:
        runner.SELF_PREFIXES = tuple(runner.SELF_PREFIXES) + ("statsd_bridge_",)
    case = os.path.join(shared, CASE)

    # 1. The chart as it ships: its default mapping, its args, its ports; the conformance case's expectations.
    def chart_default_traffic(title):
        lines = open(os.path.join(case, "input.statsd"), encoding="utf-8").read().split("\n")
        sent = send_udp(runner, lines, 0.002)
        print("sent %d datagrams to udp 127.0.0.1:%d" % (sent, INGEST_PORT), flush=True)
        expected = open(os.path.join(case, "expected.prom"), encoding="utf-8").read()
        problems = ["no scrape"]
        body = ""
        end = min(time.monotonic() + 10, deadline)
        while True:
            ok, _, body, _ = probe()
            if ok:
                try:
                    problems = runner.compare(expected, body)
                except ValueError as e:
                    problems = ["exposition could not be parsed: %s" % e]
            if not problems or time.monotonic() > end:
                break
            time.sleep(0.3)
        results.check("%s: exposition after the case's %d lines matches %s/expected.prom (conformance rules)"
                      % (title, sent, CASE), not problems,
                      "\n    " + "\n    ".join(problems[:30]) if problems else "")
        v = self_metric(body, "statsd_exporter_lines_total")
        results.check("%s: statsd_exporter_lines_total == %d (no datagram lost)" % (title, sent), v == sent, str(v))

    run_pod(binary, os.path.join(case, "mapping.yml"), CHART_MAPPING_PATH, results, deadline,
            "chart defaults", chart_default_traffic)

    # 2. The chart with the README's values: images.statsd = statsd-bridge and
    #    statsd.args = ["--statsd.mapping-config=/etc/statsd-bridge/mappings/airflow.yml"] (the file in our image).
    real = os.path.join(AIRFLOW_FIXTURES, "real-3.3.statsd")

    def shipped_mapping_traffic(title):
        lines = open(real, encoding="utf-8").read().split("\n")
        sent = send_udp(runner, lines, 0.0002)
        print("sent %d datagrams of %s to udp 127.0.0.1:%d" % (sent, os.path.basename(real), INGEST_PORT),
              flush=True)
        body = ""
        end = min(time.monotonic() + 10, deadline)
        while time.monotonic() < end:
            ok, _, body, _ = probe()
            if ok and self_metric(body, "statsd_exporter_lines_total") == sent:
                break
            time.sleep(0.3)
        v = self_metric(body, "statsd_exporter_lines_total")
        results.check("%s: statsd_exporter_lines_total == %d (no datagram lost)" % (title, sent), v == sent, str(v))
        v = self_metric(body, "statsd_exporter_events_unmapped_total")
        results.check("%s: every line of real Airflow 3.3.2 traffic is mapped (unmapped == 0)" % title,
                      v == 0, str(v))
        for family in ("airflow_ti_finish_total{", "airflow_task_duration_seconds_bucket{",
                       "airflow_scheduler_heartbeat_total ", "airflow_pool_open_slots{",
                       "airflow_dagrun_duration_seconds_bucket{"):
            results.check("%s: %s... is exposed" % (title, family.rstrip("{ ")),
                          any(l.startswith(family) for l in body.splitlines()))

    if results.check("Tests/Fixtures/airflow/real-3.3.statsd is there", os.path.exists(real), real):
        run_pod(binary, os.path.join(REPO, "mappings", "airflow.yml"), SHIPPED_MAPPING_PATH, results, deadline,
                "chart with statsd-bridge values", shipped_mapping_traffic)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the statsd-bridge executable")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"),
                    help="the shared folder holding conformance/ (default: ../shared beside the repository)")
    ap.add_argument("--netns", choices=["auto", "always", "never"], default="auto",
                    help="run in a private network namespace, like a pod (auto: when unshare works)")
    ap.add_argument("--timeout", type=float, default=120, help="hard limit for the whole run, seconds")
    ap.add_argument("--inside-netns", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    start = time.monotonic()

    if a.netns != "never" and not a.inside_netns:
        unshare = shutil.which("unshare")
        ip = shutil.which("ip") or ("/usr/sbin/ip" if os.path.exists("/usr/sbin/ip") else None)
        usable = unshare and ip and subprocess.run([unshare, "--net", "--", ip, "link", "set", "lo", "up"],
                                                   capture_output=True, timeout=10).returncode == 0
        if usable:
            print("running in a private network namespace (unshare --net), like a pod", flush=True)
            argv = [unshare, "--net", "--", sys.executable, os.path.abspath(__file__), "--binary", binary,
                    "--shared", a.shared, "--netns", "never", "--timeout", str(a.timeout), "--inside-netns"]
            child = subprocess.Popen(argv, start_new_session=True)
            try:
                return child.wait(timeout=a.timeout + 30)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                timed_out = Checks()
                timed_out.check("the run in the network namespace timed out", False)
                return timed_out.summary()
            finally:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGKILL)
        if a.netns == "always":
            unavailable = Checks()
            unavailable.check("a private network namespace is not available (unshare --net)", False)
            return unavailable.summary()

    results = Checks()
    if a.inside_netns:
        ip = shutil.which("ip") or "/usr/sbin/ip"
        results.check("loopback is up in the namespace",
                      subprocess.run([ip, "link", "set", "lo", "up"], capture_output=True).returncode == 0)
    deadline = start + a.timeout

    def on_alarm(signum, frame):
        raise TimeoutError("hard limit of %.0f s reached" % a.timeout)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(a.timeout) + 1)
    try:
        if not results.check("statsd-bridge binary is executable", os.access(binary, os.X_OK), binary):
            pass
        elif not results.check("the conformance case is there", os.path.isdir(os.path.join(a.shared, CASE)),
                               os.path.join(a.shared, CASE)):
            pass
        else:
            waited = 0.0
            while not chart_ports_free() and waited < 30:
                time.sleep(1)
                waited += 1
            free = chart_ports_free()
            if results.check("ports %d/udp, %d/tcp and %d/tcp are free" % (INGEST_PORT, INGEST_PORT, SCRAPE_PORT),
                             free, "" if free else "something else listens there; rerun with --netns always"):
                run_tests(binary, a.shared, results, deadline)
    except TimeoutError as e:
        results.check("finished within the time limit", False, str(e))
    finally:
        signal.alarm(0)
    print("took %.1f s" % (time.monotonic() - start))
    return results.summary()


if __name__ == "__main__":
    sys.exit(main())
