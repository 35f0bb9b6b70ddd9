"""A real Prometheus' HTTP API, as the end-to-end scripts in this directory query it."""

import json
import math
import time
import urllib.error
import urllib.parse

from loopback import http_get

POLL_SECONDS = 60


class Prometheus:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def query(self, expr):
        url = self.base + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        _, body = http_get(url)
        reply = json.loads(body)
        if reply.get("status") != "success":
            raise RuntimeError("query %s: %s" % (expr, body[:500]))
        return reply["data"]["result"]

    def names(self):
        _, body = http_get(self.base + "/api/v1/label/__name__/values")
        return json.loads(body)["data"]

    def poll(self, expr, accept):
        """Runs `expr` until `accept(result)` is true or POLL_SECONDS pass; returns (ok, last result)."""
        deadline = time.time() + POLL_SECONDS
        result = None
        while True:
            try:
                result = self.query(expr)
                if accept(result):
                    return True, result
            except (OSError, RuntimeError, urllib.error.URLError, ValueError) as error:
                result = "error: %s" % error
            if time.time() > deadline:
                return False, result
            time.sleep(0.5)


def values(result):
    """The sample values of an instant-vector result."""
    return [float(r["value"][1]) for r in result]


def native_bucket(value, schema):
    """(index, lower, upper): the native bucket (lower, upper] = (2^((index-1)/2^schema), 2^(index/2^schema)] that
    holds `value` > 0, as Prometheus' exponential schemas lay them out."""
    per_octave = 2 ** schema
    index = math.ceil(math.log2(value) * per_octave)
    while 2 ** ((index - 1) / per_octave) >= value:  # log2's rounding, at an exact bound
        index -= 1
    while 2 ** (index / per_octave) < value:
        index += 1
    return index, 2 ** ((index - 1) / per_octave), 2 ** (index / per_octave)
