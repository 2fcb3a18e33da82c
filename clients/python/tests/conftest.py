"""Fixtures that run the real moodmusic service: a gateway and workers on free loopback ports.

Environment:
    MOODMUSIC_BIN            directory holding the built `gateway` and `worker` binaries
                             (default: <repo>/.build/debug; relative paths are taken from the repo root)
    MOODMUSIC_REPO           the repository root (default: three levels above this file); workers run
                             there, so that their default model and data paths resolve
    MOODMUSIC_FACE_IMAGE     a photo with exactly one face (default: data/faces/astronaut.png)
    MOODMUSIC_START_TIMEOUT  seconds to wait for a cluster to report SERVING (default 120)
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

import moodmusic
from moodmusic import health_pb2

REPO = Path(os.environ.get("MOODMUSIC_REPO") or Path(__file__).resolve().parents[3])
_bin = Path(os.environ.get("MOODMUSIC_BIN") or ".build/debug")
BIN = _bin if _bin.is_absolute() else REPO / _bin
START_TIMEOUT = float(os.environ.get("MOODMUSIC_START_TIMEOUT", "120"))
STOP_GRACE = 5.0

_live: List[subprocess.Popen] = []

#: The service each worker role adds (every role also serves Diagnostics).
ROLE_SERVICE = {
    "echo": "moodmusic.v1.Diagnostics",
    "emotion": "moodmusic.v1.EmotionService",
    "recommender": "moodmusic.v1.RecommenderService",
    "video": "moodmusic.v1.VideoService",
}


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (bind port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_processes(procs: Sequence[subprocess.Popen]) -> None:
    """SIGTERM every process, wait up to STOP_GRACE seconds in all, then SIGKILL what is left."""
    for p in procs:
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + STOP_GRACE
    for p in procs:
        try:
            p.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        if p in _live:
            _live.remove(p)


atexit.register(lambda: stop_processes(list(_live)))


def _binary(name: str) -> Path:
    path = BIN / name
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: build the service (swift build) or set MOODMUSIC_BIN", pytrace=False)
    return path


class Cluster:
    """A gateway plus workers of the given roles, started on free loopback ports."""

    def __init__(self, logdir: Path, roles: Sequence[str], gateway_args: Sequence[str] = (),
                 worker_args: Sequence[str] = (), client_kwargs: Optional[dict] = None) -> None:
        self.logdir = logdir
        self.roles = list(roles)
        self.gateway_args = list(gateway_args)
        self.worker_args = list(worker_args)
        self.client_kwargs = dict(client_kwargs or {})
        self.procs: List[subprocess.Popen] = []
        self.logs: List[Path] = []
        self.workers: Dict[str, subprocess.Popen] = {}
        self.frontend = ""
        self.backend = ""

    # -- processes -------------------------------------------------------------------------

    def _spawn(self, name: str, argv: List[str]) -> subprocess.Popen:
        log_path = self.logdir / f"{name}.log"
        self.logs.append(log_path)
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        _live.append(proc)
        return proc

    def log_tail(self, lines: int = 15) -> str:
        out = []
        for path in self.logs:
            try:
                text = path.read_text(errors="replace").splitlines()[-lines:]
            except OSError:
                text = []
            out.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(out)

    def start(self) -> "Cluster":
        gateway, worker = _binary("gateway"), _binary("worker")
        for attempt in range(3):  # a port can be taken between free_port() and bind: retry
            self.frontend = f"tcp://127.0.0.1:{free_port()}"
            self.backend = f"tcp://127.0.0.1:{free_port()}"
            gw = self._spawn(f"gateway-{attempt}", [str(gateway), "--frontend", self.frontend,
                                                     "--backend", self.backend] + self.gateway_args)
            time.sleep(0.2)
            if gw.poll() is None:
                break
        else:
            self.stop()
            pytest.fail("the gateway did not start:\n" + self.log_tail(), pytrace=False)
        for i, role in enumerate(self.roles):
            self.workers[role] = self._spawn(f"worker-{role}-{i}", [
                str(worker), role, "--gateway", self.backend, "--name", f"test-{role}-{i}"] + self.worker_args
                + (["--gateway-frontend", self.frontend] if role == "video" else []))
        try:
            self._wait_serving()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_serving(self) -> None:
        """Waits until each worker's service is SERVING or the worker has exited (a role that
        does not work yet must not hide the others: `require` reports it to the tests that need it)."""
        deadline = time.monotonic() + START_TIMEOUT
        gateway, workers = self.procs[-1 - len(self.roles)], self.procs[-len(self.roles):]
        last = "no answer"
        with moodmusic.Client(self.frontend, timeout=1.0, **self.client_kwargs) as client:
            while True:
                if gateway.poll() is not None:
                    pytest.fail(f"the gateway exited with status {gateway.returncode}:\n{self.log_tail()}",
                                pytrace=False)
                try:
                    waiting = [role for role, proc in zip(self.roles, workers)
                               if proc.poll() is None and client.health(ROLE_SERVICE[role]).status
                               != health_pb2.HealthCheckResponse.SERVING]
                    if not waiting:
                        return
                    last = "waiting for " + ", ".join(waiting)
                except moodmusic.RpcError as exc:
                    last = str(exc)
                if time.monotonic() > deadline:
                    pytest.fail(f"cluster {self.roles} not SERVING after {START_TIMEOUT:g} s "
                                f"({last}):\n{self.log_tail()}", pytrace=False)
                time.sleep(0.1)

    def require(self, *roles: str) -> None:
        """Fails the calling test (with the logs) unless every given role's worker is running."""
        for role in roles:
            proc = self.workers[role]
            if proc.poll() is not None:
                pytest.fail(f"`worker {role}` exited with status {proc.returncode}:\n{self.log_tail()}",
                            pytrace=False)

    def stop(self) -> None:
        stop_processes(self.procs)

    def client(self, **kwargs) -> moodmusic.Client:
        return moodmusic.Client(self.frontend, **{**self.client_kwargs, **kwargs})


@pytest.fixture(scope="session")
def echo_cluster(tmp_path_factory):
    """Gateway + one `worker echo`: Diagnostics is served, EmotionService and RecommenderService are not."""
    cluster = Cluster(tmp_path_factory.mktemp("echo-cluster"), ["echo"]).start()
    cluster.require("echo")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def full_cluster(tmp_path_factory):
    """Gateway + `worker emotion` + `worker recommender`. Tests state which roles they need."""
    cluster = Cluster(tmp_path_factory.mktemp("full-cluster"), ["emotion", "recommender"]).start()
    yield cluster
    cluster.stop()


@pytest.fixture
def client(echo_cluster):
    """A Client of the echo-only cluster."""
    with echo_cluster.client(timeout=10.0) as c:
        yield c


def _full_client(cluster, *roles):
    cluster.require(*roles)
    return cluster.client(timeout=60.0)


@pytest.fixture
def emotion_client(full_cluster):
    """A Client of the full cluster, for tests that need the emotion worker."""
    with _full_client(full_cluster, "emotion") as c:
        yield c


@pytest.fixture
def recommender_client(full_cluster):
    """A Client of the full cluster, for tests that need the recommender worker."""
    with _full_client(full_cluster, "recommender") as c:
        yield c


@pytest.fixture
def full_client(full_cluster):
    """A Client of the full cluster, for tests that need both workers."""
    with _full_client(full_cluster, "emotion", "recommender") as c:
        yield c


def _face_image() -> Optional[Path]:
    env = os.environ.get("MOODMUSIC_FACE_IMAGE")
    candidates = [Path(env)] if env else []
    candidates += [REPO / "data/faces/astronaut.png", Path("/work/shared/data/faces/astronaut.png")]
    return next((p for p in candidates if p.is_file()), None)


@pytest.fixture(scope="session")
def astronaut_png() -> bytes:
    """A real photo with exactly one face."""
    path = _face_image()
    if path is None:
        pytest.fail("no face photo: expected data/faces/astronaut.png (or set MOODMUSIC_FACE_IMAGE)",
                    pytrace=False)
    return path.read_bytes()
