#!/usr/bin/env python3
"""The status page as a real browser builds it: headless Chromium against the release binary.

Starts statsd-bridge on loopback ephemeral ports (UDP in, TCP off, web with --web.enable-lifecycle) with a
two-rule mapping whose second rule never matches, sends a small known mix of series and then a burst of one
series (which may or may not make the kernel drop datagrams; nothing depends on it), writes a broken mapping and
POSTs /-/reload so the reload fails, then loads `/?refresh=0` in `chromium --headless --no-sandbox --dump-dom`
and takes a screenshot (--window-size=1280,2000). In the DOM the browser built (parsed, not grepped) it checks:

  * the kernel-drops card shows the drops of the bridge's UDP socket as /proc/net/udp counts them, and is red
    (class `alert`) exactly when there are any (the whole run is inside the page's one-minute window);
  * the unmapped-events card says its other count is `action: drop`;
  * the failed-reload banner is there with the first error line the reload returned, as text (escaped);
  * every rule is listed in file order with its hits and file:line, the never-matched one marked `zero`;
  * the largest-families table lists the families, most series first, with their share of all series;
  * the page has no script, and Chromium logged no script error (`Uncaught`, `ERROR:CONSOLE`).

Every process it starts is stopped (Chromium by its process group) and the temporary directory removed. Prints
`N passed, M failed` last and exits 1 on any failure.

    python3 Tests/e2e/status_page_e2e.py --binary .build/release/statsd-bridge
"""
import argparse, html.parser, os, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.error, urllib.request
from checks import Checks
from loopback import free_port, http_get, wait_http, stop

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BROWSER_SECONDS = 60

MAPPING = """mappings:
  - match: "shop.*.orders"
    name: "shop_orders_total"
    labels:
      shop: "$1"
  - match: "never.*.seen"
    name: "never_seen_total"
"""
BROKEN_MAPPING = """mappings:
  - match: "shop.<b>.orders"
    name: "not a <b>name</b>"
"""
# One datagram each: 8 series in 5 families. shop_orders_total comes from rule 0 (3 new series, so 3 hits).
LINES = ["shop.a.orders:1|c", "shop.b.orders:1|c", "shop.c.orders:1|c", "queue.depth:5|g|#host:a",
         "queue.depth:7|g|#host:b", "job.time:100|ms", "plain.hits:1|c", "x.y:1|c"]
# (family, type, series, share): most series first, ties in name order.
FAMILIES = [("shop_orders_total", "counter", "3", "37.5%"), ("queue_depth", "gauge", "2", "25.0%"),
            ("job_time", "summary", "1", "12.5%"), ("plain_hits", "counter", "1", "12.5%"),
            ("x_y", "counter", "1", "12.5%")]


class Element:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def find(self, tag=None, id=None, cls=None):
        return [e for e in self.walk() if (tag is None or e.tag == tag) and (id is None or e.attrs.get("id") == id)
                and (cls is None or cls in e.classes())]


class DOM(html.parser.HTMLParser):
    """The serialized DOM back into a tree of Elements (void elements closed at once)."""
    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "source", "wbr"}

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.stack = [self.root]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def metric(exposition, name):
    for line in exposition.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def proc_drops(port):
    """The `drops` column of /proc/net/udp and udp6 summed over the sockets bound to `port`, as the bridge reads it."""
    total = 0
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            rows = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 12 and int(fields[1].rsplit(":", 1)[1], 16) == port:
                total += int(fields[12])
    return total


def chromium(browser, profile, arguments):
    """Runs Chromium in a process group of its own; (stdout, stderr), or None when it outlived BROWSER_SECONDS (the
    whole group is then killed)."""
    proc = subprocess.Popen([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--hide-scrollbars", "--no-first-run", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=" + profile] + arguments,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=BROWSER_SECONDS)
        return out.decode(errors="replace"), err.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the helpers it forked, if any are left
        except ProcessLookupError:
            pass
        proc.wait()


def check_page(checks, root, drops, started, reload_error, mapping_name):
    cards = root.find(id="kernel-drops")
    card = cards[0] if cards else None
    value = card.find(cls="value")[0].text() if card and card.find(cls="value") else None
    checks.check("the kernel-drops card shows /proc/net/udp's drops for the bridge's port", value == str(drops),
                 "card %r, /proc %d" % (value, drops))
    if time.time() - started < 55:
        checks.check("the kernel-drops card is red exactly when there were drops (%d)" % drops,
                     card is not None and ("alert" in card.classes()) == (drops > 0), card and card.attrs.get("class"))
    unmapped = root.find(id="unmapped")
    note = unmapped[0].find(cls="note")[0].text() if unmapped and unmapped[0].find(cls="note") else ""
    checks.check("the unmapped-events card says its drop count is action: drop", "by action: drop" in note, note)

    banners = root.find(id="reload-failed")
    banner = banners[0] if banners else None
    code = banner.find("code")[0].text() if banner and banner.find("code") else None
    checks.check("the failed-reload banner shows the first error line as text", banner is not None
                 and banner.text().startswith("Mapping reload failed at ") and code == reload_error,
                 "banner %r, error %r" % (banner and banner.text(), reload_error))
    body = root.find("body")[0]
    checks.check("the banner comes first, before the cards", bool(banners) and [
        e for e in body.children if isinstance(e, Element)][1:2] == [banner])
    checks.check("no text from the broken file became markup", not root.find("b"))

    rules = root.find(id="rules")
    rows = [[td.text() for td in tr.find("td")] + [tr.attrs.get("class")] for tr in rules[0].find("tr")
            if tr.find("td")] if rules else []
    expected = [["0", "shop.*.orders", "%s:2" % mapping_name, "3", None],
                ["1", "never.*.seen", "%s:6" % mapping_name, "0 never matched", "zero"]]
    checks.check("every rule is listed in file order, the never-matched one marked", rows == expected, str(rows))
    checks.check("the rule count line is kept", bool(rules) and "1 of 2 rules matched so far" in rules[0].text())
    checks.check("the browser put the rows in a tbody (this is its DOM, not the served text)",
                 bool(rules) and bool(rules[0].find("tbody")))

    families = root.find(id="largest-families")
    rows = [tuple(td.text() for td in tr.find("td")) for tr in families[0].find("tr") if tr.find("td")] \
        if families else []
    checks.check("the largest families are listed with their share of all series", rows == FAMILIES, str(rows))
    checks.check("the page has no script", not root.find("script"))


def run(args, checks):
    temp = tempfile.mkdtemp(prefix="statsd-bridge-status-e2e-")
    bridge = None
    try:
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if not checks.check("chromium is installed", browser is not None, "apt-get install chromium"):
            return
        udp, web = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM)
        mapping = os.path.join(temp, "mapping.yml")
        with open(mapping, "w") as f:
            f.write(MAPPING)
        log = open(os.path.join(temp, "bridge.log"), "wb")
        started = time.time()
        bridge = subprocess.Popen(
            [args.binary, "--statsd.listen-udp=127.0.0.1:%d" % udp, "--statsd.listen-tcp=",
             "--web.listen-address=127.0.0.1:%d" % web, "--statsd.mapping-config=" + mapping,
             "--web.enable-lifecycle"], stdout=log, stderr=subprocess.STDOUT)
        base = "http://127.0.0.1:%d" % web
        wait_http(base + "/-/healthy", bridge, "statsd-bridge")

        sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for line in LINES:
            sender.sendto(line.encode(), ("127.0.0.1", udp))
        sender.setblocking(False)
        for _ in range(args.burst):
            try:
                sender.sendto(b"shop.a.orders:1|c", ("127.0.0.1", udp))
            except BlockingIOError:
                pass
        sender.close()
        # Settled: every family is there and the line count stopped moving.
        deadline, previous, lines = time.time() + 20, None, None
        while time.time() < deadline:
            exposition = http_get(base + "/metrics")[1]
            lines = metric(exposition, "statsd_exporter_lines_total")
            if lines is not None and lines == previous and all(
                    f + ("_count" if t == "summary" else "") in exposition for f, t, _, _ in FAMILIES):
                break
            previous = lines
            time.sleep(0.5)
        checks.check("the bridge took the traffic", lines is not None and lines >= len(LINES), "lines %s" % lines)

        with open(mapping, "w") as f:
            f.write(BROKEN_MAPPING)
        try:
            urllib.request.urlopen(urllib.request.Request(base + "/-/reload", method="POST"), timeout=10)
            status, reply = 200, ""
        except urllib.error.HTTPError as error:
            status, reply = error.code, error.read().decode(errors="replace")
        reply_lines = reply.splitlines()
        checks.check("the reload of the broken mapping fails", status == 500 and len(reply_lines) > 1, reply[:300])
        reload_error = reply_lines[1] if len(reply_lines) > 1 else None

        profile = os.path.join(temp, "chromium-profile")
        url = base + "/?refresh=0"
        drops_before = proc_drops(udp)
        dumped = chromium(browser, profile, ["--dump-dom", url])
        drops = proc_drops(udp)
        if not checks.check("chromium dumps the DOM within %d s" % BROWSER_SECONDS, dumped is not None):
            return
        dom, log_text = dumped
        checks.check("/proc's drop count held still while the page loaded", drops == drops_before,
                     "%d then %d" % (drops_before, drops))
        check_page(checks, DOM(dom).root, drops, started, reload_error, os.path.basename(mapping))
        errors = [l for l in log_text.splitlines() if "Uncaught" in l or "ERROR:CONSOLE" in l]
        checks.check("chromium logged no script error", not errors, "\n".join(errors[:5]))

        if os.path.exists(args.screenshot):
            os.unlink(args.screenshot)
        shot = chromium(browser, profile, ["--window-size=1280,2000", "--screenshot=" + args.screenshot, url])
        size = os.path.getsize(args.screenshot) if os.path.exists(args.screenshot) else 0
        checks.check("chromium writes a screenshot", shot is not None and size > 10000,
                     "%d bytes at %s" % (size, args.screenshot))
        if size:
            print("screenshot: " + args.screenshot)
    except Exception as error:  # any setup failure is a failed check, then cleanup
        checks.check("status page end-to-end run", False, "%s: %s" % (type(error).__name__, error))
    finally:
        stop(bridge)
        if checks.failed and os.path.exists(os.path.join(temp, "bridge.log")):
            print("---- bridge.log (last 2 kB)")
            print(open(os.path.join(temp, "bridge.log"), "rb").read()[-2000:].decode(errors="replace"))
        shutil.rmtree(temp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/statsd-bridge"))
    parser.add_argument("--burst", type=int, default=50000,
                        help="datagrams sent back to back after the known mix; drops are welcome, not needed")
    parser.add_argument("--screenshot", default=os.path.join(tempfile.gettempdir(), "statsd-bridge-status-page.png"))
    args = parser.parse_args()
    checks = Checks()
    run(args, checks)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
