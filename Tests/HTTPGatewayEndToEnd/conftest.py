"""Fixtures for the HTTP bridge tests: the Python client's real clusters (clients/python/tests)
with an `http-gateway` in front, on free loopback ports. Run by scripts/test-http.

Environment: as clients/python/tests/conftest.py (MOODMUSIC_BIN, MOODMUSIC_REPO), plus
    MOODMUSIC_TEST_OUTPUT  where the browser test saves its screenshot (default <repo>/test-output)
"""

import importlib.util
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# The Python client's fixtures start the real clusters; loaded under another name than "conftest".
_spec = importlib.util.spec_from_file_location(
    "moodmusic_cluster_fixtures", Path(__file__).resolve().parents[2] / "clients" / "python" / "tests" / "conftest.py")
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
REPO, Cluster, _binary, _live = _fixtures.REPO, _fixtures.Cluster, _fixtures._binary, _fixtures._live
free_port, stop_processes = _fixtures.free_port, _fixtures.stop_processes
echo_cluster, full_cluster, astronaut_png = _fixtures.echo_cluster, _fixtures.full_cluster, _fixtures.astronaut_png

OUTPUT = Path(os.environ.get("MOODMUSIC_TEST_OUTPUT") or REPO / "test-output")


class Bridge:
    """One `http-gateway` process in front of a cluster's gateway."""

    def __init__(self, cluster: Cluster, logdir: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logdir / f"http-gateway-{self.port}.log"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(_binary("http-gateway")), "--gateway", cluster.frontend, "--listen", f"127.0.0.1:{self.port}",
                 "--web-root", str(REPO / "web"), *extra],
                cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _live.append(self.proc)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"http-gateway exited ({self.proc.returncode}):\n{self.log.read_text()}", pytrace=False)
            try:
                urllib.request.urlopen(self.url + "/metrics", timeout=1).read()
                return
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"http-gateway did not answer in 60 s:\n{self.log.read_text()}", pytrace=False)
                time.sleep(0.1)

    def request(self, method: str, path: str, body: bytes = None, headers: dict = None):
        """(status, headers, body bytes); HTTP errors are answers here, not exceptions."""
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def stop(self) -> None:
        stop_processes([self.proc])


def multipart(fields):
    """A multipart/form-data body from (name, filename or None, content type, bytes) tuples."""
    boundary = "moodmusicTestBoundary7"
    out = b""
    for name, filename, content_type, data in fields:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture(scope="session")
def bridge(full_cluster, tmp_path_factory):
    full_cluster.require("emotion", "recommender")
    b = Bridge(full_cluster, tmp_path_factory.mktemp("bridge"))
    yield b
    b.stop()
