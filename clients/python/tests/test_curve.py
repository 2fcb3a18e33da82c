"""CurveZMQ from the Python client: key files from `mmctl keys generate`, a gateway with allow-lists."""

import shutil
import subprocess

import pytest

import moodmusic

from conftest import BIN, Cluster


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    root = tmp_path_factory.mktemp("keys")
    for name in ("gateway", "worker", "client", "stranger"):
        subprocess.run([str(BIN / "mmctl"), "keys", "generate", name, "--dir", str(root)], check=True, capture_output=True)
    for folder, name in (("workers", "worker"), ("clients", "client")):
        (root / folder).mkdir()
        shutil.copy(root / f"{name}.pub", root / folder / f"{name}.pub")
    return root


@pytest.fixture(scope="module")
def curve_cluster(tmp_path_factory, keys):
    cluster = Cluster(tmp_path_factory.mktemp("curve-cluster"), ["echo"],
                      gateway_args=["--curve-keys", str(keys / "gateway.key"), "--client-keys", str(keys / "clients"),
                                    "--worker-keys", str(keys / "workers")],
                      worker_args=["--curve-keys", str(keys / "worker.key"), "--gateway-key", str(keys / "gateway.pub")],
                      client_kwargs={"curve_keys": str(keys / "client.key"), "gateway_key": str(keys / "gateway.pub")}).start()
    yield cluster
    cluster.stop()


def test_a_known_client_is_served(curve_cluster):
    with curve_cluster.client(timeout=5) as client:
        assert client.echo(b"over curve").payload == b"over curve"


def test_an_unknown_key_gets_no_answer(curve_cluster, keys):
    with moodmusic.Client(curve_cluster.frontend, timeout=0.5, grace=0.2, curve_keys=str(keys / "stranger.key"),
                          gateway_key=str(keys / "gateway.pub")) as client:
        with pytest.raises(moodmusic.DeadlineExceeded):
            client.echo(b"let me in")


def test_a_key_pair_without_the_gateway_key_is_refused(keys):
    with pytest.raises(ValueError, match="gateway's public key"):
        moodmusic.Client("tcp://127.0.0.1:1", curve_keys=str(keys / "client.key"))
