#!/usr/bin/env python3
"""End to end with real parts: Airflow's StatsD client -> statsd-bridge -> a real Prometheus -> PromQL.

Starts the release binary with mappings/airflow.yml on loopback ephemeral ports (UDP in, TCP off, web), and
Debian's `prometheus` on 127.0.0.1 with its own temporary TSDB, scraping the bridge every second as
`job_name: airflow`. Sends Airflow's metric families through `statsd.StatsClient(prefix="airflow")` (the PyPI
client Airflow itself uses): counters, gauges and timers, with dashed and dotted dag ids in Airflow 2.x form and
the "__" form of Airflow 3.x. Then asks Prometheus' HTTP API (polling, at most 60 s per check):

  * up{job="airflow"} == 1;
  * task-duration and DAG-run series exist, labelled with dag_id/task_id as mappings/airflow.yml documents;
  * histogram_quantile(0.95, ...) over airflow_task_duration_seconds_bucket (rate and raw buckets) falls in the
    bucket that holds the true 95th percentile of what was sent;
  * pool slots, heartbeats and failures arrive with their values;
  * no metric name, in Prometheus or in the bridge's /metrics, contains a dag id or task id.

When `chromium` is installed it also renders the status page in headless Chromium, checks the DOM the browser
built holds live numbers and the unmapped name, and writes a screenshot (--screenshot). Without chromium that
step is skipped with a note; .ci/run installs it (status_page_e2e.py checks the page in depth).

Every process it starts is stopped by PID and its temporary directory removed. Prints `N passed, M failed` last
and exits 1 on any failure.

    python3 Tests/e2e/prometheus_e2e.py --binary .build/release/statsd-bridge
"""
import argparse, json, os, re, shutil, socket, subprocess, sys, tempfile, time
from checks import Checks
from loopback import free_port, http_get, wait_http, stop
from prometheus_api import Prometheus, values

try:
    import statsd
except ImportError:
    sys.exit("prometheus_e2e: the PyPI 'statsd' package is missing (pip install statsd)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Airflow 2.x puts ids into names verbatim (a dotted dag id is split at its first dot by the mapping); Airflow 3.x
# replaces "." inside an id by "__". Each entry: (dag id as sent, task id as sent, expected dag_id, expected task_id).
TASKS = [
    ("etl-daily", "extract-src", "etl-daily", "extract-src"),
    ("etl-daily", "transform.clean", "etl-daily", "transform.clean"),  # task group: a dotted task id
    ("team.reports", "render", "team", "reports.render"),  # 2.x dotted dag id: split at its first dot
    ("team__reports", "render", "team__reports", "render"),  # the same DAG as Airflow 3.x sends it
]
DAG_RUNS = [("etl-daily", "etl-daily"), ("team.reports", "team.reports"), ("team__reports", "team__reports")]
# Every component of every id: none may appear as a component of a metric name.
ID_WORDS = {w for dag, task, _, _ in TASKS for w in re.split(r"[._-]+", dag + "." + task) if w}
# One round of task durations in milliseconds; every round is the same, so any window of rounds has the same
# distribution and its 95th percentile is known.
DURATIONS_MS = [800, 1200, 1500, 2000, 3500, 4000, 7000, 12000, 25000, 45000]
BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 43200, 86400]
ROUNDS = 8
# A custom metric a DAG might send: no rule maps it, so the status page must list it (with the prefix).
UNMAPPED = "custom_metric.rows_loaded"
UNMAPPED_RAW = "airflow." + UNMAPPED


def send_round(client):
    """One round of Airflow's families, as Airflow's scheduler, workers and DAG processor send them."""
    client.incr("scheduler_heartbeat")
    client.gauge("pool.open_slots.default_pool", 128)
    client.gauge("pool.running_slots.default_pool", 3)
    client.gauge("pool.queued_slots.default_pool", 1)
    client.gauge("executor.open_slots", 32)
    client.gauge("scheduler.tasks.executable", 2)
    client.timing("scheduler.scheduler_loop_duration", 35.5)
    for dag, task, _, _ in TASKS:
        client.incr("ti.start.%s.%s" % (dag, task))
        client.incr("ti.finish.%s.%s.success" % (dag, task))
        for ms in DURATIONS_MS:
            client.timing("dag.%s.%s.duration" % (dag, task), ms)
        client.timing("task.duration", DURATIONS_MS[0])
    client.incr("ti.finish.etl-daily.extract-src.failed")
    client.incr("ti.finish.team.reports.render.failed")
    client.incr("ti_failures")
    client.incr("ti_successes", len(TASKS))
    for dag, _ in DAG_RUNS:
        client.timing("dagrun.duration.success.%s" % dag, 95000)
        client.timing("dagrun.duration.failed.%s" % dag, 20000)
    client.incr(UNMAPPED)


def bucket_of(value):
    """(lower, upper] of the histogram bucket holding `value`."""
    lower = 0.0
    for upper in BUCKETS:
        if value <= upper:
            return lower, upper
        lower = upper
    return lower, float("inf")


def true_p95():
    ordered = sorted(ms / 1000.0 for ms in DURATIONS_MS)
    # histogram_quantile's rank: q * count, served by the first bucket whose cumulative count reaches it.
    rank = 0.95 * len(ordered)
    return ordered[max(int(-(-rank // 1)) - 1, 0)]


def screenshot(checks, web, path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("NOTE chromium is not installed: status page screenshot skipped (apt-get install chromium)")
        return
    url = "http://127.0.0.1:%d/?refresh=0" % web
    profile = tempfile.mkdtemp(prefix="statsd-bridge-chromium-")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--no-first-run", "--user-data-dir=" + profile]
    try:
        dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, timeout=60).stdout.decode()
        lines = re.search(r"(\d+) lines in the last", dom)
        checks.check("chromium renders the status page with live numbers",
                     lines is not None and int(lines.group(1)) > 0 and "<code>%s</code>" % UNMAPPED_RAW in dom
                     and "<td>histogram</td>" in dom, dom[:300])
        if os.path.exists(path):
            os.unlink(path)
        subprocess.run(flags + ["--window-size=1400,1300", "--screenshot=" + path, url],
                       capture_output=True, timeout=60)
        size = os.path.getsize(path) if os.path.exists(path) else 0
        checks.check("chromium writes a status page screenshot", size > 10000, "%d bytes at %s" % (size, path))
        if size:
            print("screenshot: " + path)
    except subprocess.TimeoutExpired:
        checks.check("chromium finishes within 60 s", False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def hostile_input(checks, prom, udp, web):
    """Input on which statsd_exporter serves a scrape Prometheus misreads or rejects: a `__name__` tag, and families
    named like another family's `_sum`/`_count` series. The scrape must stay valid and Prometheus must keep it."""
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for line in ("hostile:1|c|#__name__:renamed,env:prod", "srv:0.5|ms", "srv_sum:0.5|d", "xx.count:3|d", "xx:3|d"):
        sender.sendto(line.encode(), ("127.0.0.1", udp))
    sender.close()
    time.sleep(3)
    _, exposition = http_get("http://127.0.0.1:%d/metrics" % web)
    promtool = subprocess.run([shutil.which("promtool") or "promtool", "check", "metrics"], input=exposition.encode(),
                              capture_output=True)
    checks.check("promtool check metrics reads the scrape after hostile input (exit 0 or lint-only 3)",
                 promtool.returncode in (0, 3), (promtool.stdout + promtool.stderr).decode(errors="replace")[-800:])
    checks.check("the reserved tag is not exposed", "__name__" not in exposition and 'hostile{env="prod"} 1' in exposition)
    checks.check("the colliding families are refused and counted",
                 'statsd_exporter_events_conflict_total{metric_name="srv_sum",type="observer"} 1' in exposition
                 and 'statsd_exporter_events_conflict_total{metric_name="xx",type="observer"} 1' in exposition)
    ok, result = prom.poll('up{job="airflow"} and on() (count(hostile{env="prod"}) == 1)',
                           lambda r: values(r) == [1.0])
    checks.check('after hostile input up{job="airflow"} == 1 and the series keeps its name', ok, str(result))


def run(args, checks):
    temp = tempfile.mkdtemp(prefix="statsd-bridge-e2e-")
    procs = []
    try:
        udp, web, prom_port = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM), free_port(socket.SOCK_STREAM)
        bridge_log = open(os.path.join(temp, "bridge.log"), "wb")
        bridge = subprocess.Popen(
            [args.binary, "--statsd.listen-udp=127.0.0.1:%d" % udp, "--statsd.listen-tcp=",
             "--web.listen-address=127.0.0.1:%d" % web, "--statsd.mapping-config=" + args.mapping],
            stdout=bridge_log, stderr=subprocess.STDOUT)
        procs.append(("statsd-bridge", bridge))
        wait_http("http://127.0.0.1:%d/-/healthy" % web, bridge, "statsd-bridge")

        config = os.path.join(temp, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n  - job_name: airflow\n    scrape_interval: 1s\n    scrape_timeout: 1s\n"
                    "    static_configs:\n      - targets: ['127.0.0.1:%d']\n" % web)
        prom_log = open(os.path.join(temp, "prometheus.log"), "wb")
        prometheus = subprocess.Popen(
            [args.prometheus, "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(temp, "tsdb"),
             "--web.listen-address=127.0.0.1:%d" % prom_port, "--log.level=warn"],
            stdout=prom_log, stderr=subprocess.STDOUT, cwd=temp)
        procs.append(("prometheus", prometheus))
        wait_http("http://127.0.0.1:%d/-/ready" % prom_port, prometheus, "prometheus", seconds=60)
        prom = Prometheus(prom_port)

        ok, result = prom.poll('up{job="airflow"}', lambda r: values(r) == [1.0])
        checks.check('up{job="airflow"} == 1', ok, str(result))

        client = statsd.StatsClient("127.0.0.1", udp, prefix="airflow")
        for _ in range(ROUNDS):
            send_round(client)
            time.sleep(1.0)

        ok, result = prom.poll("airflow_task_duration_seconds_count",
                               lambda r: {(s["metric"].get("dag_id"), s["metric"].get("task_id")) for s in r}
                               == {(d, t) for _, _, d, t in TASKS}
                               and values(r) == [float(ROUNDS * len(DURATIONS_MS))] * len(TASKS))
        checks.check("task-duration series exist with dag_id/task_id labels and every observation", ok,
                     json.dumps(result)[:800])

        ok, result = prom.poll("airflow_dagrun_duration_seconds_count",
                               lambda r: {(s["metric"].get("dag_id"), s["metric"].get("state")) for s in r}
                               == {(d, s) for _, d in DAG_RUNS for s in ("success", "failed")})
        checks.check("DAG-run duration series exist with dag_id and state labels", ok, json.dumps(result)[:800])

        lower, upper = bucket_of(true_p95())
        for expr in ["histogram_quantile(0.95, sum by (le) (rate(airflow_task_duration_seconds_bucket[1m])))",
                     "histogram_quantile(0.95, sum by (le) (airflow_task_duration_seconds_bucket))"]:
            ok, result = prom.poll(expr, lambda r: len(r) == 1 and lower < values(r)[0] <= upper)
            checks.check("%s is in (%g, %g], the bucket of the true p95 %g s" % (expr, lower, upper, true_p95()),
                         ok, str(result))

        ok, result = prom.poll('airflow_ti_finish_total{state="failed"}',
                               lambda r: {(s["metric"]["dag_id"], s["metric"]["task_id"], float(s["value"][1]))
                                          for s in r} == {("etl-daily", "extract-src", float(ROUNDS)),
                                                          ("team", "reports.render", float(ROUNDS))})
        checks.check("failures by DAG from airflow_ti_finish_total{state=\"failed\"}", ok, str(result))

        ok, result = prom.poll('airflow_pool_open_slots{pool="default_pool"}', lambda r: values(r) == [128.0])
        checks.check("pool open slots gauge", ok, str(result))
        ok, result = prom.poll("airflow_scheduler_heartbeat_total", lambda r: values(r) == [float(ROUNDS)])
        checks.check("scheduler heartbeats counted", ok, str(result))
        ok, result = prom.poll("rate(airflow_scheduler_heartbeat_total[1m])", lambda r: len(r) == 1 and values(r)[0] > 0)
        checks.check("scheduler heartbeat rate is positive", ok, str(result))
        ok, result = prom.poll("statsd_exporter_events_unmapped_total", lambda r: values(r) == [float(ROUNDS)])
        checks.check("only the deliberately unmapped name is unmapped", ok, str(result))

        names = prom.names()
        bad = [n for n in names if ID_WORDS & set(n.split("_"))]
        checks.check("no metric name in Prometheus contains a dag or task id", not bad and len(names) > 20,
                     "%s (of %d names)" % (bad, len(names)))
        _, exposition = http_get("http://127.0.0.1:%d/metrics" % web)
        exposed = {line.split("{")[0].split(" ")[0] for line in exposition.splitlines() if line and line[0] != "#"}
        bad = [n for n in exposed if ID_WORDS & set(n.split("_"))]
        checks.check("no metric name in the bridge's /metrics contains a dag or task id", not bad, str(bad))

        hostile_input(checks, prom, udp, web)

        status, page = http_get("http://127.0.0.1:%d/" % web)
        checks.check("status page lists the unmapped name and links to /metrics",
                     status == 200 and "<code>%s</code>" % UNMAPPED_RAW in page and 'href="/metrics"' in page)

        if args.no_screenshot:
            print("NOTE screenshot step disabled (--no-screenshot)")
        else:
            screenshot(checks, web, args.screenshot)
    except Exception as error:  # any setup failure is a failed check, then cleanup
        checks.check("end-to-end run", False, "%s: %s" % (type(error).__name__, error))
    finally:
        for name, proc in reversed(procs):
            stop(proc)
        if checks.failed:
            for log in ("bridge.log", "prometheus.log"):
                path = os.path.join(temp, log)
                if os.path.exists(path):
                    print("---- %s (last 2 kB)" % log)
                    print(open(path, "rb").read()[-2000:].decode(errors="replace"))
        shutil.rmtree(temp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/statsd-bridge"))
    parser.add_argument("--mapping", default=os.path.join(ROOT, "mappings/airflow.yml"))
    parser.add_argument("--prometheus", default=shutil.which("prometheus") or "prometheus")
    parser.add_argument("--screenshot", default=os.path.join(tempfile.gettempdir(), "statsd-bridge-status.png"),
                        help="where the status page screenshot goes (when chromium is installed)")
    parser.add_argument("--no-screenshot", action="store_true")
    args = parser.parse_args()
    checks = Checks(pass_word="PASS", detail_on_pass=False)
    run(args, checks)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
