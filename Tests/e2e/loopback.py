"""Loopback helpers shared by the end-to-end scripts in this directory."""

import socket
import urllib.request


def free_port(kind=socket.SOCK_DGRAM):
    """A port on 127.0.0.1 that is free right now for sockets of `kind`."""
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http_get(url, timeout=5):
    """(status, body as text) of a GET; HTTP errors raise urllib's HTTPError."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")
