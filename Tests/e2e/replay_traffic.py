#!/usr/bin/env python3
"""Replays StatsD traffic files through the real binary over loopback UDP and checks the result.

For each file: every line is counted in statsd_exporter_lines_total, none in statsd_exporter_sample_errors_total,
and `promtool check metrics` finds no format error in the scrape. With --mapping, no `airflow.*` line may stay
unmapped. Prints `N passed, M failed` last; exits non-zero on any failure.
"""
import argparse, os, re, socket, subprocess, sys, tempfile, time, urllib.request
from checks import Checks
from loopback import free_port, stop, wait_http


def scrape(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5) as r:
        return r.read().decode()


def value(text, series):
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return 0.0


def start(binary, mapping, log):
    """(process, UDP port, web port) of a daemon that answers /metrics. A port picked as free can be taken before the
    daemon binds it; a daemon that exits saying so is started again on other ports, at most three times."""
    for attempt in range(3):
        udp, web = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM)
        args = [binary, "--statsd.listen-udp=127.0.0.1:%d" % udp, "--statsd.listen-tcp=",
                "--web.listen-address=127.0.0.1:%d" % web]
        if mapping:
            args.append("--statsd.mapping-config=" + mapping)
        log.seek(0)
        log.truncate()
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_http("http://127.0.0.1:%d/metrics" % web, proc, "statsd-bridge")
            return proc, udp, web
        except RuntimeError as error:
            stop(proc)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            if attempt == 2 or "address already in use" not in output.lower():
                raise RuntimeError("%s; its log: %s" % (error, output[-2000:]))


def replay(binary, path, mapping):
    log = tempfile.TemporaryFile()
    proc, udp, web = start(binary, mapping, log)
    problems = []
    try:
        lines = [l for l in open(path, "rb").read().split(b"\n") if l]
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for i, line in enumerate(lines):
            sock.sendto(line, ("127.0.0.1", udp))
            if i % 50 == 49:  # about 10k lines/s: stay inside the default socket receive buffer
                time.sleep(0.005)
        deadline = time.time() + 20
        while True:
            text = scrape(web)
            if value(text, "statsd_exporter_lines_total") >= len(lines) or time.time() > deadline:
                break
            time.sleep(0.2)
        seen = value(text, "statsd_exporter_lines_total")
        if seen != len(lines):
            problems.append("lines_total %d, sent %d" % (seen, len(lines)))
        errors = [l for l in text.splitlines() if l.startswith("statsd_exporter_sample_errors_total")]
        if errors:
            problems.append("sample errors: " + "; ".join(errors))
        if mapping:
            unmapped = value(text, "statsd_exporter_events_unmapped_total")
            if unmapped:
                problems.append("%d events unmapped" % unmapped)
        check = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True)
        if check.returncode == 1:
            problems.append("promtool: " + (check.stdout + check.stderr).decode()[:2000])
    finally:
        stop(proc, grace=5)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--mapping")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    checks = Checks()
    for path in a.files:
        problems = replay(a.binary, path, a.mapping)
        name = os.path.basename(path) + (" with " + os.path.basename(a.mapping) if a.mapping else "")
        checks.check_problems(name, problems)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
