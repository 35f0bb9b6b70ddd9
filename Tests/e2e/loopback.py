"""Loopback helpers shared by the end-to-end scripts in this directory."""

import socket
import subprocess
import time
import urllib.error
import urllib.request


def free_port(kind):
    """A port on 127.0.0.1 that is free right now for sockets of `kind` (SOCK_DGRAM or SOCK_STREAM: a port free for
    UDP may be taken for TCP, so the caller says which it will bind)."""
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http_get(url, timeout=5):
    """(status, body as text) of a GET; HTTP errors raise urllib's HTTPError."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


def wait_http(url, proc, what, seconds=30):
    """Waits until `url` answers 200, at most `seconds`; raises if `proc` (named `what`) exits first or time runs
    out."""
    deadline = time.time() + seconds
    while True:
        try:
            status, _ = http_get(url)
            if status == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s before answering %s" % (what, proc.returncode, url))
        if time.time() > deadline:
            raise RuntimeError("%s did not answer %s within %d s" % (what, url, seconds))
        time.sleep(0.2)


def stop(proc, grace=10):
    """SIGTERM, then SIGKILL if `proc` is still running after `grace` seconds; nothing if it already exited."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
