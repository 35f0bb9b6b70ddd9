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

  4. examples/kubernetes/*.yaml, every document read with that loader, and the remote-write configs:
     - each file parses, and one of them holds a DaemonSet whose container runs with
       --remote-write.config-file=FILE; it has a UDP hostPort 8125 leading to the --statsd.listen-udp port, and a
       readiness probe on /-/ready and a liveness probe on /-/healthy at the --web.listen-address port;
     - --statsd.mapping-config and --remote-write.config-file name files its volumeMounts provide: a ConfigMap key
       (through `items` too), or a file of an emptyDir that an initContainer writes with
       `sed "s/PLACEHOLDER/$VAR/" TEMPLATE > FILE`, TEMPLATE being a mounted ConfigMap key and $VAR the downward
       API's spec.nodeName;
     - the mapping file parses and has `mappings:`; the remote-write config parses, uses only the keys README's
       "Scaling out" documents (REMOTE_WRITE_SCHEMA), has a url in every remote_write entry, and has the placeholder
       as an external label value, so each node's bridge pushes under a label of its own;
     - `--binary --check-config --statsd.mapping-config=M --remote-write.config-file=R` over the two files (the
       placeholder replaced by NODE_FILLED) exits 0. A binary without remote write exits 2 on the unknown flag, and
       this check fails saying so.
     Every ```yaml block with a top-level `remote_write:` in README's "Scaling out" section (at least one) parses
     and uses only those keys.

The last line printed is `N passed, M failed`; the exit status is 0 only when nothing failed.
"""
import argparse
import configparser
import json
import os
import re
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

# PyYAML's safe loader, refusing a mapping key given twice; the start of both readers below, which run in the Airflow
# virtualenv (PyYAML) and read a JSON list of [name, text] from stdin.
STRICT_LOADER = r"""
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
"""
# Prints one result per text: [name, error or None, number of documents].
YAML_READER = STRICT_LOADER + r"""
results = []
for name, text in json.load(sys.stdin):
    try:
        docs = list(yaml.load_all(text, Loader=StrictLoader))
        results.append([name, None, len([d for d in docs if d is not None])])
    except yaml.YAMLError as e:
        results.append([name, str(e), 0])
print("DOCS_E2E_RESULT " + json.dumps(results))
"""
# Prints one result per text: [name, error or None, [its documents, as JSON]].
YAML_DOCS_READER = STRICT_LOADER + r"""
results = []
for name, text in json.load(sys.stdin):
    try:
        results.append([name, None, [d for d in yaml.load_all(text, Loader=StrictLoader) if d is not None]])
    except yaml.YAMLError as e:
        results.append([name, str(e).replace("\n", " "), []])
print("DOCS_E2E_RESULT " + json.dumps(results, default=str))
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


# ------------------------------------------------------------------------------------------------------------------
# 4. examples/kubernetes: the DaemonSet, the files it mounts, and the remote-write configs (there and in README.md)
# ------------------------------------------------------------------------------------------------------------------
KUBERNETES = os.path.join(EXAMPLES, "kubernetes")
REMOTE_WRITE_HEADING = "Scaling out"  # README's section whose ```yaml blocks are remote-write config files
NODE_FILLED = "node-1"  # what the node-name placeholder becomes for --check-config
# The keys of a remote-write config file that README's "Scaling out" documents: a dict lists the keys a mapping may
# have, [schema] is a list of such items, "labels" a mapping of any names to scalars, None a scalar.
REMOTE_WRITE_SCHEMA = {
    "external_labels": "labels",
    "global": {"external_labels": "labels"},
    "remote_write": [{
        "url": None, "name": None, "remote_timeout": None, "headers": "labels", "send_native_histograms": None,
        "basic_auth": {"username": None, "password": None, "password_file": None},
        "authorization": {"type": None, "credentials": None, "credentials_file": None},
        "tls_config": {"ca_file": None, "cert_file": None, "key_file": None, "insecure_skip_verify": None},
        "queue_config": {"batch_send_deadline": None, "max_samples_per_send": None, "min_backoff": None,
                         "max_backoff": None},
    }],
}


def load_yaml_docs(venv, named_texts):
    """{name: (error or None, [documents])} of [name, text] pairs, read by the strict loader in the virtualenv."""
    p = subprocess.run([os.path.join(venv, "bin", "python"), "-c", YAML_DOCS_READER],
                       input=json.dumps(named_texts).encode(), capture_output=True, timeout=120, env=clean_env({}))
    got = result_line(p.stdout.decode(errors="replace"))
    if p.returncode != 0 or got is None:
        raise RuntimeError("PyYAML in the virtualenv failed: %s" % p.stderr.decode(errors="replace")[-400:])
    return {name: (error, docs) for name, error, docs in got}


def schema_problems(value, schema, path):
    """Where `value` leaves REMOTE_WRITE_SCHEMA (or a part of it): unknown keys, wrong shapes."""
    if schema is None:
        return ["%s: a single value is expected" % path] if isinstance(value, (dict, list)) else []
    if schema == "labels":
        if not isinstance(value, dict):
            return ["%s: a mapping of names to values is expected" % path]
        return ["%s.%s: a single value is expected" % (path, k) for k, v in value.items()
                if isinstance(v, (dict, list))]
    if isinstance(schema, list):
        if not isinstance(value, list):
            return ["%s: a list is expected" % path]
        return [p for i, item in enumerate(value) for p in schema_problems(item, schema[0], "%s[%d]" % (path, i))]
    if not isinstance(value, dict):
        return ["%s: a mapping is expected" % path]
    problems = ["%s: unknown key %r (known: %s)" % (path, k, ", ".join(schema)) for k in value if k not in schema]
    return problems + [p for k, v in value.items() if k in schema
                       for p in schema_problems(v, schema[k], "%s.%s" % (path, k) if path else k)]


def remote_write_problems(config):
    """Keys outside README's subset, and a config that pushes nowhere."""
    problems = schema_problems(config, REMOTE_WRITE_SCHEMA, "")
    entries = config.get("remote_write") if isinstance(config, dict) else None
    if not entries or not isinstance(entries, list):
        problems.append("remote_write: no entry")
    else:
        problems += ["remote_write[%d]: no url" % i for i, e in enumerate(entries) if not (e or {}).get("url")]
    return problems


def flag_values(argv):
    """{--flag: value} of the --flag=value arguments of a container."""
    return dict(a.split("=", 1) for a in argv if a.startswith("--") and "=" in a)


def mount_of(path, container):
    """(volumeMount, path inside the volume) of the mount that provides `path`, or (None, None)."""
    for mount in container.get("volumeMounts", []):
        root = mount.get("mountPath", "").rstrip("/") + "/"
        if path.startswith(root):
            return mount, path[len(root):]
    return None, None


def configmap_file(volume, inside, configmaps):
    """The text a configMap volume shows at `inside` (its key, or the key an `items` entry puts there)."""
    source = volume.get("configMap", {})
    data = configmaps.get(source.get("name"), {})
    for item in source.get("items", []):
        if item.get("path") == inside:
            return data.get(item.get("key"))
    return data.get(inside)


def file_source(path, container, spec, configmaps):
    """(text, placeholder, problems) of the file at `path` in `container`: a ConfigMap key mounted there, or an
    emptyDir file that an initContainer writes with `sed "s/PLACEHOLDER/$NODE_NAME/" TEMPLATE > path`, TEMPLATE being
    a mounted ConfigMap key and NODE_NAME the downward API's spec.nodeName. Placeholder None for a ConfigMap key."""
    mount, inside = mount_of(path, container)
    if mount is None:
        return None, None, ["%s: no volumeMount of %s provides it" % (path, container.get("name"))]
    volume = {v.get("name"): v for v in spec.get("volumes", [])}.get(mount.get("name"), {})
    if "configMap" in volume:
        text = configmap_file(volume, inside, configmaps)
        return text, None, [] if text is not None else ["%s: ConfigMap %r has no key %r" % (
            path, volume["configMap"].get("name"), inside)]
    if "emptyDir" not in volume:
        return None, None, ["%s: volume %r is neither a ConfigMap nor an emptyDir" % (path, mount.get("name"))]
    for init in spec.get("initContainers", []):
        written = [m["mountPath"].rstrip("/") + "/" + inside for m in init.get("volumeMounts", [])
                   if m.get("name") == mount.get("name")]
        script = " ".join(init.get("command", []) + init.get("args", []))
        if written and re.search(r">\s*%s\b" % re.escape(written[0]), script):
            return templated_file(init, script, spec, configmaps, path)
    return None, None, ["%s: emptyDir %r, and no initContainer writes the file" % (path, mount.get("name"))]


def templated_file(init, script, spec, configmaps, path):
    """(template text, placeholder, problems) of the initContainer `init` whose `script` writes `path`."""
    found = re.search(r'sed\s+"s/([^/]+)/\$\{?(\w+)\}?/g?"\s+(\S+)\s*>', script)
    if not found:
        return None, None, ["%s: initContainer %s writes it, but not with sed \"s/PLACEHOLDER/$VAR/\" TEMPLATE >"
                            % (path, init.get("name"))]
    placeholder, var, template = found.groups()
    problems = []
    env = {e.get("name"): e for e in init.get("env", [])}
    if env.get(var, {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "spec.nodeName":
        problems.append("%s: $%s of initContainer %s is not the downward API's spec.nodeName" % (path, var,
                                                                                                 init.get("name")))
    mount, inside = mount_of(template, init)
    volume = {v.get("name"): v for v in spec.get("volumes", [])}.get((mount or {}).get("name"), {})
    text = configmap_file(volume, inside, configmaps) if "configMap" in volume else None
    if text is None:
        problems.append("%s: its template %s is not a mounted ConfigMap key" % (path, template))
    return text, placeholder, problems


def check_kubernetes(results, venv, binary):
    files = sorted(os.path.join(KUBERNETES, n) for n in os.listdir(KUBERNETES) if n.endswith((".yaml", ".yml"))) \
        if os.path.isdir(KUBERNETES) else []
    if not results.check("examples/kubernetes holds manifests", bool(files), rel(KUBERNETES)):
        return
    texts = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            texts.append([rel(path), f.read()])
    docs = []
    for name, (error, parsed) in load_yaml_docs(venv, texts).items():
        results.check("%s: every document parses" % name, error is None and len(parsed) > 0,
                      error or "%d document(s): %s" % (len(parsed), ", ".join(str(d.get("kind")) for d in parsed
                                                                             if isinstance(d, dict))))
        docs += [d for d in parsed if isinstance(d, dict)]
    configmaps = {d.get("metadata", {}).get("name"): d.get("data") or {} for d in docs if d.get("kind") == "ConfigMap"}
    daemonsets = [d for d in docs if d.get("kind") == "DaemonSet"]
    if results.check("examples/kubernetes holds a DaemonSet", bool(daemonsets)):
        for daemonset in daemonsets:
            check_daemonset(results, venv, binary, daemonset, configmaps)


def check_daemonset(results, venv, binary, daemonset, configmaps):
    label = "DaemonSet %s" % daemonset.get("metadata", {}).get("name")
    spec = daemonset.get("spec", {}).get("template", {}).get("spec", {})
    containers = [c for c in spec.get("containers", [])
                  if "--remote-write.config-file" in flag_values(c.get("args", []) + c.get("command", []))]
    if not results.check("%s: one container runs with --remote-write.config-file=FILE" % label, len(containers) == 1,
                         "" if len(containers) == 1 else "%d do" % len(containers)):
        return
    container = containers[0]
    flags = flag_values(container.get("args", []) + container.get("command", []))
    check_ports_and_probes(results, label, container, flags)
    mapping, _, problems = file_source(flags.get("--statsd.mapping-config", ""), container, spec, configmaps)
    config, placeholder, more = file_source(flags["--remote-write.config-file"], container, spec, configmaps)
    if not results.check_problems("%s: --statsd.mapping-config and --remote-write.config-file are files that its "
                                  "volumeMounts provide (a ConfigMap key, or an initContainer's file)" % label,
                                  problems + more):
        return
    parsed = load_yaml_docs(venv, [["mapping", mapping], ["remote-write", config]])
    error, mapping_docs = parsed["mapping"]
    rules = mapping_docs[0].get("mappings") if len(mapping_docs) == 1 and isinstance(mapping_docs[0], dict) else None
    results.check("%s: the mapping file parses and has `mappings:`" % label, error is None and isinstance(rules, list),
                  error or ("%d rules" % len(rules) if isinstance(rules, list) else str(mapping_docs)[:200]))
    error, config_docs = parsed["remote-write"]
    config_doc = config_docs[0] if error is None and len(config_docs) == 1 else None
    results.check_problems("%s: the remote-write config parses with README's keys only" % label,
                           [error or "not one document"] if config_doc is None else remote_write_problems(config_doc))
    labels = (config_doc or {}).get("external_labels") or ((config_doc or {}).get("global") or {}).get(
        "external_labels") or {}
    results.check("%s: each bridge pushes under a label of its own (an external label filled with the node name)"
                  % label, placeholder is not None and placeholder in [str(v) for v in labels.values()],
                  "placeholder %r, external_labels %r" % (placeholder, labels))
    if placeholder is not None:
        config = config.replace(placeholder, NODE_FILLED)
    check_config_with_binary(results, binary, label, mapping, config)


def check_ports_and_probes(results, label, container, flags):
    problems = []
    udp = flags.get("--statsd.listen-udp", ":9125").rpartition(":")[2]
    web = flags.get("--web.listen-address", ":9102").rpartition(":")[2]
    ports = container.get("ports", [])
    host = [p for p in ports if p.get("hostPort") == 8125 and p.get("protocol") == "UDP"]
    if not host:
        problems.append("no UDP hostPort 8125 (Airflow's statsd_port)")
    elif str(host[0].get("containerPort")) != udp:
        problems.append("hostPort 8125 leads to containerPort %s, the bridge listens on UDP %s"
                        % (host[0].get("containerPort"), udp))
    names = {p.get("name"): str(p.get("containerPort")) for p in ports}
    for probe, path in (("readinessProbe", "/-/ready"), ("livenessProbe", "/-/healthy")):
        get = container.get(probe, {}).get("httpGet", {})
        port = names.get(get.get("port"), str(get.get("port")))
        if get.get("path") != path or port != web:
            problems.append("%s is GET %s on port %s, not %s on the web port %s" % (probe, get.get("path"), port,
                                                                                   path, web))
    results.check_problems("%s: UDP hostPort 8125 to the StatsD port, probes on /-/ready and /-/healthy" % label,
                           problems)


def check_config_with_binary(results, binary, label, mapping, config):
    """The binary's --check-config over the two files. Fails while the binary has no --remote-write.config-file."""
    temp = tempfile.mkdtemp(prefix="statsd-bridge-docs-k8s-")
    try:
        paths = {}
        for name, text in (("mapping.yml", mapping), ("remote-write.yml", config)):
            paths[name] = os.path.join(temp, name)
            with open(paths[name], "w", encoding="utf-8") as f:
                f.write(text)
        argv = [binary, "--check-config", "--statsd.mapping-config=" + paths["mapping.yml"],
                "--remote-write.config-file=" + paths["remote-write.yml"]]
        p = subprocess.run(argv, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        err = p.stderr.decode(errors="replace")
        detail = "exit %s: %s" % (p.returncode, err.strip()[-400:])
        if "--remote-write.config-file" in err and p.returncode == 2:
            detail += " (this binary has no remote write)"
        results.check("%s: `statsd-bridge --check-config` accepts its mapping and remote-write config (node=%s)"
                      % (label, NODE_FILLED), p.returncode == 0, "" if p.returncode == 0 else detail)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def readme_section_lines(heading):
    """(first, last) line numbers (1-based) of README's `## heading` section, up to the next `## `; None if absent."""
    with open(README, encoding="utf-8") as f:
        lines = f.read().split("\n")
    starts = [n for n, line in enumerate(lines, 1) if line.startswith("## ")]
    first = next((n for n in starts if lines[n - 1] == "## " + heading), None)
    if first is None:
        return None
    return first, next((n - 1 for n in starts if n > first), len(lines))


def check_readme_remote_write(results, venv):
    section = readme_section_lines(REMOTE_WRITE_HEADING)
    blocks = [b for b in fenced_blocks(README) if section and section[0] < b["first"] < section[1]
              and b["info"] in ("yaml", "yml") and re.search(r"^remote_write:", b["text"], re.M)]
    if not results.check("README's \"%s\" shows a remote-write config file" % REMOTE_WRITE_HEADING, bool(blocks)):
        return
    parsed = load_yaml_docs(venv, [["README.md:%d" % b["first"], b["text"]] for b in blocks])
    for name, (error, docs) in parsed.items():
        problems = [error] if error else ["not one document"] if len(docs) != 1 else remote_write_problems(docs[0])
        results.check_problems("%s (remote-write config under \"%s\") has README's keys only"
                               % (name, REMOTE_WRITE_HEADING), problems)


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
        check_kubernetes(results, venv, binary)
        check_readme_remote_write(results, venv)
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
