#!/usr/bin/env python3
"""Fault tests over the real binary on loopback, each bounded in time.

1. garbage datagrams interleaved with valid lines: every valid line is counted exactly, no crash;
2. overload: a flood of datagrams far beyond what one core parses; the daemon stays up, RSS stays bounded, and
   what the kernel drops on the daemon's socket shows in statsd_bridge_udp_receive_buffer_drops_total;
3. 300k distinct names against --statsd.max-series=10000: the store stops at the cap, the rest is counted;
4. SIGTERM under load: exit 0 within 2 s, the unixgram socket file removed;
5. SIGHUP storm during ingest: every reload succeeds, no line is lost over TCP.

Prints `N passed, M failed` last; exits non-zero on any failure.
"""
import argparse, os, random, signal, socket, subprocess, sys, tempfile, time, urllib.request
from checks import Checks
from loopback import free_port

BINARY = None


class Daemon:
    def __init__(self, *extra, tcp=False):
        self.udp = free_port(socket.SOCK_DGRAM)
        self.tcp = free_port(socket.SOCK_STREAM) if tcp else None
        self.web = free_port(socket.SOCK_STREAM)
        self.args = [BINARY, "--statsd.listen-udp=127.0.0.1:%d" % self.udp,
                     "--statsd.listen-tcp=" + ("127.0.0.1:%d" % self.tcp if tcp else ""),
                     "--web.listen-address=127.0.0.1:%d" % self.web] + list(extra)
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while True:
            try:
                self.scrape()
                return
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("daemon did not start: %s" % self.output())
                time.sleep(0.05)

    def scrape(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.web, timeout=5) as r:
            return r.read().decode()

    def value(self, series, text=None):
        text = text if text is not None else self.scrape()
        for line in text.splitlines():
            if line.startswith(series + " "):
                return float(line.split()[-1])
        return 0.0

    def wait_for(self, series, at_least, seconds=15):
        deadline = time.time() + seconds
        while time.time() < deadline:
            v = self.value(series)
            if v >= at_least:
                return v
            time.sleep(0.1)
        return self.value(series)

    def rss_bytes(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def send(sock, port, payload):
    sock.sendto(payload, ("127.0.0.1", port))


def garbage_interleaved():
    d = Daemon("--statsd.read-buffer=4194304")
    try:
        rnd = random.Random(7)
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        hostile = [b"a]b[c:1|c", b"\xff\xfe:1|c", b"x:1|c|#le:1", b":::", b"|||", b"x:1e309|g", b"..:1|c",
                   b"x:1:2:3|c", b"x:1|c|@", b"x:NaN|ms|@0", b"[]:1|c", b"x" * 70000]
        valid = 0
        for i in range(3000):
            if i % 3 == 0:
                payload = rnd.choice(hostile)
                if rnd.random() < 0.5:
                    payload = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 200)))
                if len(payload) > 65000:
                    payload = payload[:65000]
                send(sock, d.udp, payload)
                time.sleep(0.001)  # a 64 KiB datagram takes a big bite of the socket buffer
            else:
                send(sock, d.udp, b"valid.line:1|c")
                valid += 1
            if i % 100 == 99:
                time.sleep(0.01)
        got = d.wait_for("valid_line", valid)
        problems = []
        if got != valid:
            problems.append("valid_line %d, sent %d" % (got, valid))
        if d.proc.poll() is not None:
            problems.append("daemon died: " + d.output())
        return problems
    finally:
        d.stop()


def overload():
    d = Daemon()
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        line = b"\n".join(b"flood.metric.%d:1|c" % (i % 50) for i in range(80))
        start, sent = time.time(), 0
        while time.time() - start < 5:
            for _ in range(200):
                try:
                    send(sock, d.udp, line)
                    sent += 80
                except OSError:
                    pass
        time.sleep(1)
        text = d.scrape()
        processed = d.value("statsd_exporter_lines_total", text)
        rss = d.rss_bytes()
        problems = []
        if d.proc.poll() is not None:
            problems.append("daemon died: " + d.output())
        if processed <= 0:
            problems.append("nothing processed")
        if rss > 512 * 1024 * 1024:
            problems.append("RSS %d MB after overload" % (rss // 2 ** 20))
        drops = d.value("statsd_bridge_udp_receive_buffer_drops_total", text)
        if drops <= 0:
            problems.append("no kernel drops counted in statsd_bridge_udp_receive_buffer_drops_total")
        print("     overload: sent %d lines in 5 s, processed %d (%.1f%%), kernel dropped %d datagrams, RSS %d MB" %
              (sent, processed, 100.0 * processed / max(sent, 1), drops, rss // 2 ** 20))
        return problems
    finally:
        d.stop()


def cardinality_cap():
    d = Daemon("--statsd.max-series=10000", "--statsd.read-buffer=4194304")
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        total = 300000
        batch = []
        for i in range(total):
            batch.append(b"card.n%d:1|c" % i)
            if len(batch) == 40:
                send(sock, d.udp, b"\n".join(batch))
                batch = []
                if i % 1000 == 999:  # about 100k new names a second
                    time.sleep(0.01)
        got = d.wait_for("statsd_exporter_lines_total", total, seconds=30)
        text = d.scrape()
        series = d.value("statsd_bridge_series", text)
        dropped = d.value('statsd_bridge_series_dropped_total{reason="limit"}', text)
        problems = []
        if series != 10000:
            problems.append("series %d, want 10000" % series)
        if got != total:
            problems.append("lines_total %d, sent %d (kernel drops?)" % (got, total))
        elif dropped != total - 10000:
            problems.append("dropped %d, want %d" % (dropped, total - 10000))
        if d.rss_bytes() > 512 * 1024 * 1024:
            problems.append("RSS %d MB" % (d.rss_bytes() // 2 ** 20))
        return problems
    finally:
        d.stop()


def sigterm_under_load():
    path = os.path.join(tempfile.mkdtemp(), "statsd.sock")
    d = Daemon("--statsd.listen-unixgram=" + path)
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        end = time.time() + 1
        while time.time() < end:
            send(sock, d.udp, b"load.x:1|c\nload.y:2|g")
            try:
                unix.sendto(b"load.z:1|c", path)
            except OSError:
                pass
        started = time.time()
        d.proc.send_signal(signal.SIGTERM)
        try:
            code = d.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return ["did not exit within 5 s"]
        took = time.time() - started
        problems = []
        if code != 0:
            problems.append("exit code %d" % code)
        if took > 2:
            problems.append("exit took %.2f s" % took)
        if os.path.exists(path):
            problems.append("unixgram socket file left behind")
        return problems
    finally:
        d.stop()


def sighup_storm():
    mapping = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
    mapping.write('mappings:\n  - match: "storm.*"\n    name: "storm_total"\n    labels:\n      which: "$1"\n')
    mapping.close()
    d = Daemon("--statsd.mapping-config=" + mapping.name, tcp=True)
    try:
        conn = socket.create_connection(("127.0.0.1", d.tcp), timeout=5)
        sent = 0
        for i in range(50):
            conn.sendall(b"".join(b"storm.a:1|c\n" for _ in range(200)))
            sent += 200
            d.proc.send_signal(signal.SIGHUP)
            time.sleep(0.02)
        conn.close()
        got = d.wait_for('storm_total{which="a"}', sent)
        reloads = d.wait_for('statsd_exporter_config_reloads_total{outcome="success"}', 1)
        problems = []
        if got != sent:
            problems.append("storm_total %d, sent %d" % (got, sent))
        if d.value('statsd_exporter_config_reloads_total{outcome="failure"}') != 0:
            problems.append("failed reloads")
        if reloads < 1:
            problems.append("no reload counted")
        if d.proc.poll() is not None:
            problems.append("daemon died: " + d.output())
        return problems
    finally:
        d.stop()
        os.unlink(mapping.name)


def main():
    global BINARY
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    BINARY = ap.parse_args().binary
    checks = Checks()
    for test in (garbage_interleaved, overload, cardinality_cap, sigterm_under_load, sighup_storm):
        started = time.time()
        try:
            problems = test()
        except Exception as error:  # a test that cannot run has failed
            problems = ["%s: %s" % (type(error).__name__, error)]
        took = time.time() - started
        checks.check_problems("%s (%.1f s)" % (test.__name__, took), problems)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
