#!/usr/bin/env python3
"""Docs that work when copied (issue 16, item 4): the snippets of README.md and examples/ read by the tools that
read them.

Usage:
  docs_e2e.py [--binary PATH/TO/statsd-bridge] [--venv-cache DIR] [--timeout SECONDS]

What it checks:
  1. Every ```ini block of README.md, and examples/airflow.cfg as a whole, read by Airflow's own configuration
     parser: apache-airflow 3.3.2 in the virtualenv Tests/e2e/airflow_e2e.py creates and caches (its ensure_venv,
     same cache directory, same key; created here when missing, which takes a few minutes). For each block a fresh
     Python process of that virtualenv gets a temporary AIRFLOW_HOME holding the block as airflow.cfg, no
     AIRFLOW__* variables, and reads it through airflow.configuration.conf.
     - A block with a [metrics] section must give the values INTENDED declares for it (below): getboolean
       statsd_on, getint statsd_port, get statsd_host, statsd_prefix and statsd_socket_path, and getboolean
       timer_unit_consistency and statsd_influxdb_enabled where INTENDED declares them (a block that sets one INTENDED does not declare fails).
       No other [metrics] value it sets may contain "#": Airflow keeps an inline comment as part of the value
       (statsd_port = 8125  # ... fails getint, a host or prefix takes the comment). A [metrics] block INTENDED
       does not declare fails (declare what it means), and so does a declared block that is gone.
     - A block without [metrics] is checked for parse-ability only.
  2. Every YAML file under examples/ and every ```yaml block of README.md loads with PyYAML (in the same
     virtualenv) through a safe loader that refuses a mapping key given twice, as Compose v2 refuses `services:`
     twice (PyYAML's own loaders silently keep the last).
  3. Every `statsd-bridge explain ...` command of README.md runs with --binary in the repository (so its relative
     mapping path is the current mappings/airflow.yml) and exits 0. Where a ``` block right after the command shows
     its output, the output must be that block exactly (apart from the blank line the command prints after each
     line's report); both are read from the current files, so a mapping edit that moves the rule fails here until
     the README's sample follows it. At least one such sample must exist.

The last line printed is `N passed, M failed`; the exit status is 0 only when nothing failed.
"""
import argparse
import configparser
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from checks import Checks
import airflow_e2e

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
README = os.path.join(REPO, "README.md")
EXAMPLES = os.path.join(REPO, "examples")
AIRFLOW_CFG = os.path.join(EXAMPLES, "airflow.cfg")
AIRFLOW_VERSION = "3.3.2"  # whose configuration parser reads the ini blocks

# What each [metrics] block means, keyed by (file, the README heading it is under, its number among that heading's
# ini blocks); examples/airflow.cfg is one block. Every block sends to the statsd-bridge host on Airflow's default
# port 8125 with the prefix mappings/airflow.yml expects.
SENDS_TO_BRIDGE = {"statsd_on": True, "statsd_host": "statsd-bridge", "statsd_port": 8125, "statsd_prefix": "airflow"}
INTENDED = {
    # Airflow 2.x: also every timer in milliseconds.
    ("README.md", "Airflow's side", 1): dict(SENDS_TO_BRIDGE, timer_unit_consistency=True),
    # Airflow 3.x: statsd_influxdb_enabled stays commented out (optional), so it is Airflow's default, False.
    ("README.md", "Airflow's side", 2): dict(SENDS_TO_BRIDGE, statsd_influxdb_enabled=False),
    # "Running in a container": the [metrics] section of examples/airflow.cfg, quoted.
    ("README.md", "Running in a container", 1): dict(SENDS_TO_BRIDGE),
    ("examples/airflow.cfg", None, 1): dict(SENDS_TO_BRIDGE),
    # Airflow 3.4: the Unix stream socket statsd-bridge creates with --statsd.listen-unix, in place of host and port
    # (the block sets neither). Airflow 3.3.2's parser reads statsd_socket_path as it reads any option of the file.
    ("README.md", "Airflow 3.4: Unix socket", 1): {"statsd_on": True, "statsd_prefix": "airflow",
                                                    "statsd_socket_path": "/run/statsd/statsd.sock"},
}
# How each key is read: Airflow's own typed getters.
GETTERS = {"statsd_on": "getboolean", "statsd_port": "getint", "statsd_host": "get", "statsd_prefix": "get",
           "statsd_socket_path": "get", "timer_unit_consistency": "getboolean",
           "statsd_influxdb_enabled": "getboolean"}
OPTIONAL = ("timer_unit_consistency", "statsd_influxdb_enabled")  # checked when the block sets them

# Runs in the Airflow virtualenv: argv[1] is a JSON list of [section, option, getter]; AIRFLOW_HOME holds the block.
AIRFLOW_READER = r"""
import json, sys
from airflow.configuration import conf
out = {}
for section, option, getter in json.loads(sys.argv[1]):
    try:
        out["%s.%s" % (section, option)] = {"value": getattr(conf, getter)(section, option)}
    except Exception as e:
        out["%s.%s" % (section, option)] = {"error": "%s: %s" % (type(e).__name__, e)}
print("DOCS_E2E_RESULT " + json.dumps(out))
"""

# Runs in the Airflow virtualenv (PyYAML): stdin is a JSON list of [name, text]; prints one result per document set.
YAML_READER = r"""
import json, sys, yaml

class StrictLoader(yaml.SafeLoader):
    pass

def construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:
            continue
        if first is not None:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found the key %r again (first on line %d)" % (key, first + 1), key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
results = []
for name, text in json.load(sys.stdin):
    try:
        docs = list(yaml.load_all(text, Loader=StrictLoader))
        results.append([name, None, len([d for d in docs if d is not None])])
    except yaml.YAMLError as e:
        results.append([name, str(e), 0])
print("DOCS_E2E_RESULT " + json.dumps(results))
"""


def rel(path):
    return os.path.relpath(path, REPO)


def fenced_blocks(path):
    """The ``` blocks of a Markdown file: dicts with info, text, first (line of the opening fence, 1-based), last
    (line of the closing fence), heading (the last heading above it)."""
    blocks, heading, cur = [], None, None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f.read().split("\n"), 1):
            if cur is None:
                if line.startswith("```"):
                    cur = {"info": line[3:].strip(), "lines": [], "first": n, "heading": heading}
                elif line.startswith("#"):
                    heading = line.lstrip("#").strip()
            elif line.strip() == "```":
                cur["text"] = "\n".join(cur.pop("lines")) + "\n"
                cur["last"] = n
                blocks.append(cur)
                cur = None
            else:
                cur["lines"].append(line)
    return blocks


def result_line(stdout):
    for line in stdout.splitlines():
        if line.startswith("DOCS_E2E_RESULT "):
            return json.loads(line[len("DOCS_E2E_RESULT "):])
    return None


def clean_env(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(extra)
    return env


# ------------------------------------------------------------------------------------------------------------------
# 1. ini blocks through Airflow's configuration parser
# ------------------------------------------------------------------------------------------------------------------
def ini_blocks():
    """(key, label, text) of every ini block: README's ```ini blocks, then examples/airflow.cfg whole."""
    out, count = [], {}
    for b in fenced_blocks(README):
        if b["info"] != "ini":
            continue
        count[b["heading"]] = count.get(b["heading"], 0) + 1
        key = ("README.md", b["heading"], count[b["heading"]])
        out.append((key, "README.md:%d (ini block %d under \"%s\")" % (b["first"], key[2], b["heading"]), b["text"]))
    with open(AIRFLOW_CFG, encoding="utf-8") as f:
        out.append((("examples/airflow.cfg", None, 1), "examples/airflow.cfg", f.read()))
    return out


def read_with_airflow(venv, text, reads):
    """Writes text as airflow.cfg of a fresh AIRFLOW_HOME and reads `reads` ([section, option, getter]) through
    Airflow's conf in the virtualenv. Returns (results or None, detail)."""
    home = tempfile.mkdtemp(prefix="statsd-bridge-docs-airflow-home-")
    try:
        with open(os.path.join(home, "airflow.cfg"), "w", encoding="utf-8") as f:
            f.write(text)
        p = subprocess.run([os.path.join(venv, "bin", "python"), "-c", AIRFLOW_READER, json.dumps(reads)],
                           capture_output=True, timeout=300, cwd=home,
                           env=clean_env({"AIRFLOW_HOME": home, "PYTHONWARNINGS": "ignore"}))
        got = result_line(p.stdout.decode(errors="replace"))
        if p.returncode != 0 or got is None:
            err = (p.stderr.decode(errors="replace").strip().splitlines() or ["(no output)"])[-1]
            return None, "Airflow could not read it (exit %s): %s" % (p.returncode, err)
        return got, ""
    finally:
        shutil.rmtree(home, ignore_errors=True)


def ensure_airflow_venv(cache_root, procs, logdir):
    """airflow_e2e.py's virtualenv of AIRFLOW_VERSION: reused from its cache, or created as it creates it."""
    if hasattr(airflow_e2e, "Airflow"):  # airflow_e2e.py that tests several Airflow versions
        return airflow_e2e.ensure_venv(cache_root, airflow_e2e.Airflow(AIRFLOW_VERSION), procs, logdir)
    return airflow_e2e.ensure_venv(cache_root, procs, logdir)


def check_ini(results, venv):
    seen = set()
    for key, label, text in ini_blocks():
        seen.add(key)
        plain = configparser.ConfigParser(interpolation=None)
        try:
            plain.read_string(text)
            metrics_set = list(plain["metrics"].keys()) if plain.has_section("metrics") else None
        except configparser.Error as e:
            metrics_set = []  # Airflow's parser has the last word below
            results.check("%s parses as ini" % label, False, str(e).splitlines()[0])
        if metrics_set is None:
            got, detail = read_with_airflow(venv, text, [])
            results.check("%s (no [metrics]) is read by Airflow's configuration parser" % label, got is not None,
                          detail)
            continue
        intended = INTENDED.get(key)
        if intended is None:
            results.check("%s: INTENDED declares what this [metrics] block means" % label, False,
                          "add %r to INTENDED in %s" % (key, rel(__file__)))
            continue
        expect = dict(intended)
        problems = ["sets %s, which INTENDED does not declare" % k for k in OPTIONAL
                    if k in metrics_set and k not in intended]
        # The declared keys through Airflow's typed getters (an inline comment fails getint/getboolean, or is in
        # the string), every other key the block sets as a string (an inline comment shows as "#" in it).
        others = [k for k in metrics_set if k not in expect]
        reads = [["metrics", k, GETTERS[k]] for k in expect] + [["metrics", k, "get"] for k in others]
        got, detail = read_with_airflow(venv, text, reads)
        if got is None:
            results.check("%s is read by Airflow's configuration parser" % label, False, detail)
            continue
        for k, want in expect.items():
            r = got["metrics.%s" % k]
            if "error" in r:
                problems.append("conf.%s(\"metrics\", %r) fails: %s" % (GETTERS[k], k, r["error"]))
            elif r["value"] != want:
                problems.append("conf.%s(\"metrics\", %r) is %r, intended %r" % (GETTERS[k], k, r["value"], want))
        for k in others:
            r = got["metrics.%s" % k]
            if "error" in r:
                problems.append("conf.get(\"metrics\", %r) fails: %s" % (k, r["error"]))
            elif "#" in r["value"]:
                problems.append("%s = %r: an inline comment, which Airflow keeps in the value" % (k, r["value"]))
        results.check_problems("%s gives, read by Airflow, %s" % (
            label, ", ".join("%s=%r" % kv for kv in expect.items())), problems)
    for key in INTENDED:
        if key not in seen:
            results.check("block %r that INTENDED declares exists" % (key,), False,
                          "the block is gone or its heading changed; update INTENDED")


# ------------------------------------------------------------------------------------------------------------------
# 2. YAML with a loader that refuses duplicate keys
# ------------------------------------------------------------------------------------------------------------------
def check_yaml(results, venv):
    docs = []
    for root, _, files in os.walk(EXAMPLES):
        for name in sorted(files):
            if name.endswith((".yml", ".yaml")):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    docs.append([rel(path), f.read()])
    for b in fenced_blocks(README):
        if b["info"] in ("yaml", "yml"):
            docs.append(["README.md:%d (yaml block under \"%s\")" % (b["first"], b["heading"]), b["text"]])
    if not results.check("found YAML to check", len(docs) > 1, "%d files and blocks" % len(docs)):
        return
    p = subprocess.run([os.path.join(venv, "bin", "python"), "-c", YAML_READER], input=json.dumps(docs).encode(),
                       capture_output=True, timeout=120, env=clean_env({}))
    got = result_line(p.stdout.decode(errors="replace"))
    if not results.check("PyYAML ran in the Airflow virtualenv", p.returncode == 0 and got is not None,
                         p.stderr.decode(errors="replace")[-400:]):
        return
    for name, error, count in got:
        results.check("%s loads with no key given twice" % name, error is None and count > 0,
                      error.replace("\n", " ") if error else "%d document(s)" % count)


# ------------------------------------------------------------------------------------------------------------------
# 3. README's explain commands and their sample output
# ------------------------------------------------------------------------------------------------------------------
def check_explain(results, binary):
    blocks = fenced_blocks(README)
    samples = 0
    for i, b in enumerate(blocks):
        if b["info"] not in ("sh", "bash", "console", ""):
            continue
        for line in b["text"].replace("\\\n", " ").splitlines():
            argv = shlex.split(line) if line.strip().startswith("statsd-bridge explain") else None
            if not argv:
                continue
            label = "README.md:%d `%s`" % (b["first"], line.strip())
            if not os.access(binary, os.X_OK):
                results.check("%s: the statsd-bridge binary is executable" % label, False, binary)
                continue
            p = subprocess.run([binary] + argv[1:], capture_output=True, timeout=60, cwd=REPO,
                               stdin=subprocess.DEVNULL)
            out = p.stdout.decode(errors="replace")
            if not results.check("%s exits 0" % label, p.returncode == 0, "" if p.returncode == 0 else
                                 "exit %s: %s" % (p.returncode, p.stderr.decode(errors="replace")[-300:])):
                continue
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or nxt["first"] != b["last"] + 1 or nxt["info"] not in ("", "text"):
                continue  # the README shows no output for this one
            samples += 1
            want = nxt["text"].rstrip("\n")
            have = out.rstrip("\n")
            detail = "README.md:%d-%d" % (nxt["first"] + 1, nxt["last"] - 1)
            if have != want:
                detail += "\n  README shows:\n    %s\n  the binary prints:\n    %s" % (
                    "\n    ".join(want.splitlines()), "\n    ".join(have.splitlines()))
            results.check("%s prints exactly README's sample" % label, have == want, detail)
    results.check("README shows the output of at least one explain command", samples > 0, "%d sample(s)" % samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "statsd-bridge"),
                    help="the statsd-bridge executable (default .build/release/statsd-bridge)")
    ap.add_argument("--venv-cache", default=os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "statsd-bridge-airflow-venv"), help="where airflow_e2e.py's reusable virtualenv lives")
    ap.add_argument("--timeout", type=float, default=900, help="hard limit for the whole run, seconds")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    airflow_e2e.DEADLINE = time.monotonic() + a.timeout  # ensure_venv's steps are bounded by it

    results = Checks()
    procs = airflow_e2e.Procs()

    def on_alarm(signum, frame):
        raise airflow_e2e.TimeUp("hard limit of %.0f s reached" % a.timeout)

    def on_term(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(int(a.timeout) + 1)
    logdir = tempfile.mkdtemp(prefix="statsd-bridge-docs-venv-logs-")
    try:
        check_explain(results, binary)
        venv = ensure_airflow_venv(a.venv_cache, procs, logdir)
        check_ini(results, venv)
        check_yaml(results, venv)
    except airflow_e2e.TimeUp as e:
        results.check("finished within the time limit", False, str(e))
    except KeyboardInterrupt:
        results.check("not interrupted", False)
    except Exception as e:
        results.check("ran without an internal error", False, "%s: %s" % (type(e).__name__, e))
    finally:
        signal.alarm(0)
        procs.stop_all()
        shutil.rmtree(logdir, ignore_errors=True)
    return results.summary()


if __name__ == "__main__":
    sys.exit(main())
