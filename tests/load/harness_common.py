"""Shared pieces of the load harness: a keep-alive loopback HTTP client and weight-file helpers.
Standard library only. Every loop in the harness is bounded in count and time."""
import http.client
import json
import os
import time
from urllib.parse import urlparse


class Client:
    """One keep-alive connection to the service; reconnects after the server closes it."""

    def __init__(self, base, timeout=10):
        url = urlparse(base)
        if url.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing a non-loopback target: {base}")
        self.host, self.port, self.timeout = url.hostname, url.port, timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, body bytes); status None and the exception text on a connection error."""
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as ex:
                # A keep-alive connection the server closed between requests: retry once on a new one.
                self.close()
                if attempt == 1:
                    return None, repr(ex).encode()
            except (OSError, http.client.HTTPException) as ex:
                self.close()
                return None, repr(ex).encode()
        return None, b"unreachable"

    def get_json(self, path):
        status, data = self.request("GET", path)
        return status, (json.loads(data) if status == 200 else None)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def read_weight_file(registry, domain, version=1):
    with open(os.path.join(registry, domain, f"{version}.json"), encoding="utf-8") as f:
        return json.load(f)


def write_atomically(path, data):
    """Writes beside the target under a name the registry ignores, then renames: readers see all or nothing."""
    temp = os.path.join(os.path.dirname(path), f".tmp-{os.path.basename(path)}")
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def load_result(results, name):
    """One result file of a run (JSON, or JSON lines for *.jsonl); None when that run has not been made."""
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()] if name.endswith(".jsonl") else json.load(f)
