#!/usr/bin/env python3
"""End to end for native histograms: Airflow's StatsD client -> statsd-bridge -> Prometheus over protobuf -> PromQL.

Starts the release binary with mappings/airflow.yml on loopback ephemeral ports (UDP in, TCP off, web), and two
Debian `prometheus` servers on 127.0.0.1, each with its own temporary TSDB and a 1 s scrape interval: one with
`--enable-feature=native-histograms`, which asks for protobuf first, and one without it, which asks for text. Both
use the scrape job of README.md's "Native histograms" section (the first ```yaml block after that heading), with
only the target address and the intervals changed (read without PyYAML; when PyYAML is there it must agree). Sends
task-duration timers (and the other timer families the README queries use) through
`statsd.StatsClient(prefix="airflow")`, the PyPI client Airflow uses, in rounds so rate() has data. Then checks:

  * the bridge answers Prometheus 2.42's protobuf-first Accept header with the delimited protobuf Content-Type, and
    the decoded airflow_task_duration_seconds{dag_id="etl",task_id="extract"} has schema 3, the exact count and
    sum, native buckets at the schema-3 indexes of the values sent, and the mapping's classic buckets beside them;
  * in the native Prometheus (polling its HTTP API, at most 60 s per check): up == 1; the series is a native
    histogram (which only a protobuf scrape gives); histogram_count() equals the number of observations sent and
    histogram_sum() their sum in seconds, exactly; histogram_quantile(0.9, rate(...[1m])) lies in the schema-3
    bucket holding the true 0.9 quantile; every query of the README's native PromQL block returns a result for the
    DAG; under Prometheus 2.x, no classic _bucket series (2.40-2.44 keep only the native part, as README says);
  * in the Prometheus without the flag, the classic airflow_task_duration_seconds_bucket series are there with the
    mapping's `le` bounds and the right count, so dashboards built on them keep working.

Every process it starts is stopped by PID and its temporary directory removed. Prints `N passed, M failed` last
and exits 1 on any failure.

    python3 Tests/e2e/native_histograms_e2e.py --binary .build/release/statsd-bridge
"""
import argparse, json, math, os, re, shutil, socket, struct, subprocess, sys, tempfile, time
import urllib.request
from checks import Checks
from loopback import free_port, http_get, wait_http, stop
from prometheus_api import Prometheus, native_bucket, values

try:
    import statsd
except ImportError:
    sys.exit("native_histograms_e2e: the PyPI 'statsd' package is missing (pip install statsd)")
try:
    import yaml  # optional: when present, it cross-checks the small YAML reader below
except ImportError:
    yaml = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# What Prometheus 2.42 sends with --enable-feature=native-histograms, and the Content-Type client_golang answers.
PROTOBUF_FIRST_ACCEPT = ("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                         "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;"
                         "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
PROTOBUF_CONTENT_TYPE = ("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
                         "encoding=delimited; escaping=underscores")

DAG, TASK = "etl", "extract"
SELECTOR = 'airflow_task_duration_seconds{dag_id="%s",task_id="%s"}' % (DAG, TASK)
FAMILY = "airflow_task_duration_seconds"
# One round of task durations in milliseconds, sorted. Every value is a multiple of 125 ms, so in seconds it is k/8,
# exact in binary, and so is every sum of them: count and sum can be compared exactly. The top four values are equal,
# so the 0.9 and 0.95 quantiles (ranks 18 and 19 of every 20) are both 10 s and stay in its bucket even when rate()'s
# extrapolation moves the rank by a rounding error.
DURATIONS_MS = [250, 375, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7000, 8000, 9000,
                10000, 10000, 10000, 10000]
ROUNDS = 6
SENT = [ms / 1000.0 for _ in range(ROUNDS) for ms in DURATIONS_MS]
# The classic buckets mappings/airflow.yml gives task durations (its &long_durations anchor).
CLASSIC_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 43200, 86400]
SCHEMA = 3  # bucket factor 1.1 -> the largest schema whose factor 2^(2^-schema) is at most 1.1: 2^(1/8) ~ 1.0905


# ---- README: the scrape job and the native PromQL block of "Native histograms"

def yaml_scalar(text):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [yaml_scalar(item) for item in text[1:-1].split(",") if item.strip()]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def read_yaml(text):
    """The block YAML a scrape job is written in (mappings, `- ` lists, flow lists of scalars, # comments), so that
    the test needs no PyYAML; anything else raises ValueError."""
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()  # comments (the job holds no '#' inside quotes)
        if line.strip():
            lines.append((len(line) - len(line.lstrip()), line.strip()))

    def block(i, indent):
        """(value, next line) of the block whose lines are indented exactly `indent`."""
        if lines[i][1].startswith("- "):
            items = []
            while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
                # "- key: value" opens a mapping indented two more than the dash
                lines[i] = (indent + 2, lines[i][1][2:])
                value, i = block(i, indent + 2) if ":" in lines[i][1] else (yaml_scalar(lines[i][1]), i + 1)
                items.append(value)
            return items, i
        mapping = {}
        while i < len(lines) and lines[i][0] == indent:
            key, sep, rest = lines[i][1].partition(":")
            if not sep or key.startswith("- "):
                raise ValueError("unexpected YAML line: %r" % lines[i][1])
            if rest.strip():
                mapping[key.strip()] = yaml_scalar(rest)
                i += 1
            elif i + 1 < len(lines) and lines[i + 1][0] > indent:
                mapping[key.strip()], i = block(i + 1, lines[i + 1][0])
            else:
                mapping[key.strip()], i = None, i + 1
        if i < len(lines) and lines[i][0] > indent:
            raise ValueError("unexpected indentation: %r" % lines[i][1])
        return mapping, i

    value, end = block(0, lines[0][0])
    if end != len(lines):
        raise ValueError("unexpected YAML line: %r" % lines[end][1])
    return value


def readme_blocks():
    """(scrape job dict, [PromQL queries]) from the first ```yaml and ```promql blocks after '### Native histograms'."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    start = text.index("\n### Native histograms\n")
    end = text.find("\n### ", start + 1)
    section = text[start:end if end > 0 else len(text)]
    job_yaml = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    promql = re.search(r"```promql\n(.*?)```", section, re.S).group(1)
    queries = []
    for line in promql.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace() and queries:  # a query continued on an indented line
            queries[-1] += " " + line.strip()
        else:
            queries.append(line.strip())
    config = read_yaml(job_yaml)
    if yaml is not None and yaml.safe_load(job_yaml) != config:
        raise ValueError("PyYAML reads README's job differently: %r" % yaml.safe_load(job_yaml))
    return config["scrape_configs"][0], queries


def prometheus_major(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    found = re.search(r"version (\d+)\.(\d+)", out.stdout + out.stderr)
    return int(found.group(1)) if found else 0


def job_for(readme_job, target, major):
    """The README's job with only the target and the intervals changed (and, before Prometheus 3, the 3.x keys out)."""
    job = json.loads(json.dumps(readme_job))
    job["static_configs"] = [{"targets": [target]}]
    job["scrape_interval"] = "1s"
    job["scrape_timeout"] = "1s"
    if major < 3:
        # Prometheus 2.x reads its configuration strictly and refuses the whole file over an unknown key ("field
        # scrape_native_histograms not found in type config.ScrapeConfig"); 2.42 knows neither key, and asks for
        # protobuf because of --enable-feature=native-histograms instead. The README says to leave them out on 2.x.
        job.pop("scrape_native_histograms", None)
        job.pop("always_scrape_classic_histograms", None)
    return job


def start_prometheus(args, temp, name, job, flags, procs):
    port = free_port(socket.SOCK_STREAM)
    config = os.path.join(temp, name + ".yml")
    with open(config, "w") as f:  # JSON is YAML: Prometheus reads it
        json.dump({"global": {"scrape_interval": "1s", "evaluation_interval": "1s"}, "scrape_configs": [job]}, f)
    log = open(os.path.join(temp, name + ".log"), "wb")
    proc = subprocess.Popen(
        [args.prometheus, "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(temp, name + "-tsdb"),
         "--web.listen-address=127.0.0.1:%d" % port, "--log.level=warn"] + flags,
        stdout=log, stderr=subprocess.STDOUT, cwd=temp)
    procs.append((name, proc))
    return port, proc


# ---- a minimal decoder of the delimited protobuf exposition (io.prometheus.client.MetricFamily, proto2): only the
# fields this test reads. Field numbers are those of prometheus/client_model's metrics.proto.

def varint(b, i):
    result = shift = 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return result, i


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def fields(b):
    """{field number: [raw values]}: ints for varints, bytes for length-delimited, 8/4-byte bytes for fixed."""
    out, i = {}, 0
    while i < len(b):
        key, i = varint(b, i)
        wire = key & 7
        if wire == 0:
            value, i = varint(b, i)
        elif wire == 1:
            value, i = b[i:i + 8], i + 8
        elif wire == 5:
            value, i = b[i:i + 4], i + 4
        elif wire == 2:
            n, i = varint(b, i)
            value, i = b[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % wire)
        out.setdefault(key >> 3, []).append(value)
    return out


def double(raw):
    return struct.unpack("<d", raw)[0]


def repeated_varints(raws):
    """A repeated varint field, packed (bytes) or not (ints)."""
    out = []
    for raw in raws:
        if isinstance(raw, int):
            out.append(raw)
        else:
            i = 0
            while i < len(raw):
                v, i = varint(raw, i)
                out.append(v)
    return out


def decode_histograms(body, family):
    """{(label pairs): histogram dict} of the histograms of `family` in a delimited protobuf body."""
    result, i = {}, 0
    while i < len(body):
        n, i = varint(body, i)
        mf = fields(body[i:i + n])
        i += n
        if mf.get(1, [b""])[0].decode() != family:
            continue
        if mf.get(3, [0])[0] != 4:  # MetricType HISTOGRAM
            raise ValueError("%s is not a histogram" % family)
        for raw_metric in mf.get(4, []):
            metric = fields(raw_metric)
            pairs = [fields(p) for p in metric.get(1, [])]
            labels = tuple(sorted((p.get(1, [b""])[0].decode(), p.get(2, [b""])[0].decode()) for p in pairs))
            h = fields(metric[7][0])
            spans = [fields(s) for s in h.get(12, [])]
            deltas = [zigzag(d) for d in repeated_varints(h.get(13, []))]
            native, index, k, running = {}, 0, 0, 0
            for span in spans:  # a span's offset counts from the end of the span before it
                index += zigzag(span.get(1, [0])[0])
                for _ in range(span.get(2, [0])[0]):
                    running += deltas[k]
                    if running:
                        native[index] = running
                    index += 1
                    k += 1
            result[labels] = {
                "count": h.get(1, [0])[0], "sum": double(h[2][0]) if 2 in h else 0.0,
                "classic": [(double(fields(b)[2][0]), fields(b).get(1, [0])[0]) for b in h.get(3, [])],
                "schema": zigzag(h[5][0]) if 5 in h else None, "zero_count": h.get(7, [0])[0],
                "spans": len(spans), "native": native,
            }
    return result


# ---- what was sent, in schema-3 terms

def true_quantile(q):
    # histogram_quantile's rank is q * count, served by the first bucket whose cumulative count reaches it: the
    # bucket of the observation at (1-based) position ceil(q * count) in sorted order.
    ordered = sorted(SENT)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def within_bucket_of(value, truth):
    """Is `value` inside the schema-3 bucket (lower, upper] that holds `truth`? histogram_quantile interpolates inside
    the bucket its rank falls in, so it returns a number in [lower, upper]; since lower < truth <= upper and
    upper = lower * 2^(1/8), that number is between truth / 2^(1/8) and truth * 2^(1/8) (2^(1/8) = 1.0905...).
    Checking the bucket itself is the tighter test. Prometheus computes the bounds from a table (math.Ldexp of the
    same powers), which can differ from 2 ** (i/8) in the last bit: hence 1e-12 of slack."""
    _, lower, upper = native_bucket(truth, SCHEMA)
    return lower * (1 - 1e-12) <= value <= upper * (1 + 1e-12), (lower, upper)


# ---- the run

def send_round(client):
    for ms in DURATIONS_MS:
        client.timing("dag.%s.%s.duration" % (DAG, TASK), ms)
    client.timing("dag.%s.%s.queued_duration" % (DAG, TASK), 1500)
    client.timing("dagrun.duration.success.%s" % DAG, 95000)
    client.timing("scheduler.scheduler_loop_duration", 35.5)


def fetch_protobuf(web):
    request = urllib.request.Request("http://127.0.0.1:%d/metrics" % web, headers={"Accept": PROTOBUF_FIRST_ACCEPT})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers.get("Content-Type", ""), response.read()


def check_protobuf(checks, web):
    content_type, body = fetch_protobuf(web)
    checks.check("Prometheus 2.42's protobuf-first Accept gets the delimited protobuf Content-Type",
                 content_type == PROTOBUF_CONTENT_TYPE, content_type)
    try:
        series = decode_histograms(body, FAMILY)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as error:
        checks.check("the protobuf body decodes", False, "%s: %s" % (type(error).__name__, error))
        return
    h = series.get((("dag_id", DAG), ("task_id", TASK)))
    if not checks.check("the protobuf body holds %s" % SELECTOR, h is not None, str(sorted(series))[:300]):
        return
    checks.check("protobuf: schema 3 (factor 1.1), count and sum exact",
                 h["schema"] == SCHEMA and h["count"] == len(SENT) and h["sum"] == sum(SENT),
                 "schema %s, count %s (sent %d), sum %r (sent %r)" % (h["schema"], h["count"], len(SENT), h["sum"],
                                                                       sum(SENT)))
    expected = {}
    for value in SENT:
        index = native_bucket(value, SCHEMA)[0]
        expected[index] = expected.get(index, 0) + 1
    checks.check("protobuf: native buckets at the schema-3 indexes of the values sent, no zero bucket, <= 256",
                 h["native"] == expected and h["zero_count"] == 0 and len(h["native"]) <= 256,
                 "got %s, want %s" % (sorted(h["native"].items()), sorted(expected.items())))
    bounds = [b for b, _ in h["classic"] if b != float("inf")]
    cumulative = [c for _, c in h["classic"]]
    want = [sum(1 for v in SENT if v <= b) for b in bounds]
    checks.check("protobuf: the mapping's classic buckets beside the native ones, with cumulative counts",
                 bounds == CLASSIC_BUCKETS and cumulative[:len(want)] == want, str(h["classic"]))


def run(args, checks):
    temp = tempfile.mkdtemp(prefix="statsd-bridge-native-")
    procs = []
    try:
        readme_job, readme_queries = readme_blocks()
        checks.check("README's Native histograms job: job_name airflow, scrape_native_histograms, a :9102 target",
                     readme_job.get("job_name") == "airflow" and readme_job.get("scrape_native_histograms") is True
                     and any(str(t).endswith(":9102") for c in readme_job.get("static_configs", [])
                             for t in c.get("targets", [])), json.dumps(readme_job))
        checks.check("README's Native histograms section has PromQL queries over native task durations",
                     any("rate(airflow_task_duration_seconds[" in q for q in readme_queries), str(readme_queries))
        major = prometheus_major(args.prometheus)

        udp, web = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM)
        bridge_log = open(os.path.join(temp, "bridge.log"), "wb")
        bridge = subprocess.Popen(
            [args.binary, "--statsd.listen-udp=127.0.0.1:%d" % udp, "--statsd.listen-tcp=",
             "--web.listen-address=127.0.0.1:%d" % web, "--statsd.mapping-config=" + args.mapping],
            stdout=bridge_log, stderr=subprocess.STDOUT)
        procs.append(("statsd-bridge", bridge))
        wait_http("http://127.0.0.1:%d/-/healthy" % web, bridge, "statsd-bridge")

        target = "127.0.0.1:%d" % web
        job = job_for(readme_job, target, major)
        native_port, native_proc = start_prometheus(args, temp, "prometheus-native", job,
                                                    ["--enable-feature=native-histograms"], procs)
        classic_job = dict(job)
        for key in ("scrape_native_histograms", "always_scrape_classic_histograms"):
            classic_job.pop(key, None)
        classic_port, classic_proc = start_prometheus(args, temp, "prometheus-classic", classic_job, [], procs)
        wait_http("http://127.0.0.1:%d/-/ready" % native_port, native_proc, "prometheus (native)", seconds=60)
        wait_http("http://127.0.0.1:%d/-/ready" % classic_port, classic_proc, "prometheus (classic)", seconds=60)
        native, classic = Prometheus(native_port), Prometheus(classic_port)

        for prom, what in ((native, "native"), (classic, "classic")):
            ok, result = prom.poll('up{job="airflow"}', lambda r: values(r) == [1.0])
            checks.check('%s Prometheus: up{job="airflow"} == 1' % what, ok, str(result))

        client = statsd.StatsClient("127.0.0.1", udp, prefix="airflow")
        for _ in range(ROUNDS):
            send_round(client)
            time.sleep(1.0)

        # First the check over a 1m window: the rounds stop now, and 60 s later rate()[1m] sees no increase (NaN).
        truth = true_quantile(0.9)
        expr = "histogram_quantile(0.9, rate(%s[1m]))" % SELECTOR
        ok, result = native.poll(expr, lambda r: len(values(r)) == 1 and within_bucket_of(values(r)[0], truth)[0])
        lower, upper = within_bucket_of(truth, truth)[1]
        checks.check("%s in [%.6f, %.6f], the schema-3 bucket of the true 0.9 quantile %g s"
                     % (expr, lower, upper, truth), ok, str(result))

        check_protobuf(checks, web)

        # Only a protobuf scrape gives Prometheus a native histogram: the query answers with "histogram", not "value".
        ok, result = native.poll(SELECTOR, lambda r: len(r) == 1 and "histogram" in r[0])
        checks.check("native Prometheus stores %s as a native histogram (so it scraped protobuf)" % SELECTOR, ok,
                     json.dumps(result)[:600])
        ok, result = native.poll("histogram_count(%s)" % SELECTOR, lambda r: values(r) == [float(len(SENT))])
        checks.check("histogram_count == %d, the observations sent" % len(SENT), ok, str(result))
        # Exact equality: every value is k/8 s, so the bridge's sum, its double in protobuf, the TSDB's and the JSON
        # answer (Go's shortest round-trip formatting) are all exactly the Python sum.
        ok, result = native.poll("histogram_sum(%s)" % SELECTOR, lambda r: values(r) == [sum(SENT)])
        checks.check("histogram_sum == %r s exactly, the sum sent" % sum(SENT), ok, str(result))

        for query in readme_queries:
            if "dag_id" in query:
                accept = lambda r: any(s["metric"].get("dag_id") == DAG and "value" in s
                                       and math.isfinite(float(s["value"][1])) for s in r)
            else:
                accept = lambda r: len(values(r)) == 1 and math.isfinite(values(r)[0])
            ok, result = native.poll(query, accept)
            checks.check("README query returns a result%s: %s" % (" for dag_id=%s" % DAG if "dag_id" in query else "",
                                                                 query), ok, str(result)[:400])
            if ok and query.startswith("histogram_quantile(0.95, sum by (dag_id) (rate(airflow_task_duration_seconds"):
                value = [float(s["value"][1]) for s in result if s["metric"].get("dag_id") == DAG][0]
                inside, (low, high) = within_bucket_of(value, true_quantile(0.95))
                checks.check("README task-duration p95 %g is in [%.6f, %.6f], the bucket of the true p95 %g s"
                             % (value, low, high, true_quantile(0.95)), inside)

        if major < 3:
            # Prometheus 2.40-2.44 keep only the native part of a histogram exposed both ways (2.45 added
            # scrape_classic_histograms): no _bucket series here, as the README says.
            result = native.query('count(%s_bucket{dag_id="%s"}) or vector(0)' % (FAMILY, DAG))
            checks.check("native Prometheus 2.x stores no classic _bucket series beside the native histogram",
                         values(result) == [0.0], str(result))

        # Dashboards on the classic series: a Prometheus that does not ask for protobuf gets them as before.
        # `le` compared as numbers: text gives le="1", OpenMetrics le="1.0".
        le_values = set(map(float, CLASSIC_BUCKETS)) | {float("inf")}
        ok, result = classic.poll('%s_bucket{dag_id="%s",task_id="%s"}' % (FAMILY, DAG, TASK),
                                  lambda r: {float(s["metric"]["le"]) for s in r} == le_values
                                  and [float(s["value"][1]) for s in r if s["metric"]["le"] == "+Inf"]
                                  == [float(len(SENT))])
        checks.check("Prometheus without the flag: %s_bucket series, every le of the mapping, +Inf == %d"
                     % (FAMILY, len(SENT)), ok, str(result)[:600])
        ok, result = classic.poll(SELECTOR, lambda r: r == [])
        checks.check("Prometheus without the flag stores no native histogram", ok, str(result)[:300])
    except Exception as error:  # any setup failure is a failed check, then cleanup
        checks.check("end-to-end run", False, "%s: %s" % (type(error).__name__, error))
    finally:
        for name, proc in reversed(procs):
            stop(proc)
        if checks.failed:
            for log in ("bridge.log", "prometheus-native.log", "prometheus-classic.log"):
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
    args = parser.parse_args()
    checks = Checks(pass_word="PASS", detail_on_pass=False)
    run(args, checks)
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
