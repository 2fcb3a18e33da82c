"""Runs the final image's binaries in a copy of its file layout, as the Dockerfile's USER, with
no container engine: a root directory holding the files of the final stage's packages (and what
they depend on, taken from this machine's dpkg), the alternatives links their maintainer scripts
would make, and each COPY's files at its destination; then chroot + the user's uid, WORKDIR and
ENV. A gateway, an emotion worker, a recommender and the HTTP bridge start there with their
default paths (model, cascade, catalog, web root), and one photo must come back with one face
and 40 songs. Needs root (chroot). Debug builds link the Swift runtime dynamically, so its
libraries are copied too, standing in for --static-swift-stdlib.

Usage: dockerfile_layout_run.py DOCKERFILE BIN_DIR REPO WORK_DIR
"""
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

from check_dockerfile_packages import closure, installed_packages, ldd_libraries, toolchain_root
from dockerfile_model import built_products, parse_dockerfile

SKIP = ("/usr/share/doc/", "/usr/share/man/", "/usr/share/locale/", "/usr/share/lintian/", "/usr/share/info/")


def copy_entry(source: str, root: str) -> None:
    target = root + source
    if os.path.lexists(target) or os.path.isdir(source) and not os.path.islink(source):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
    elif os.path.isfile(source):
        shutil.copy2(source, target)


def build_root(dockerfile: str, bin_dir: str, repo: str, root: str):
    stages = parse_dockerfile(open(dockerfile).read())
    build, final = stages[0], stages[-1]
    os.makedirs(root + "/usr", exist_ok=True)
    for merged in ("bin", "sbin", "lib", "lib64"):  # Debian 12 images are /usr-merged
        os.makedirs(f"{root}/usr/{merged}", exist_ok=True)
        os.symlink(f"usr/{merged}", f"{root}/{merged}")
    packages = closure(final.packages, installed_packages())
    for package in sorted(packages):
        files = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=True).stdout.split("\n")
        for path in files:
            if path.startswith("/") and not path.startswith(SKIP):
                copy_entry(path, root)

    products = built_products(build)
    for source_stage, source, destination in final.copies:
        if source_stage and source.rstrip("/") == "/out/bin":
            sources = [os.path.join(bin_dir, p) for p in products]
        elif source_stage and source.rstrip("/") == "/out/models":
            # The files the build stage copies there: `cp models/A models/B ... /out/models/`.
            text = open(dockerfile).read().replace("\\\n", " ")
            copied = re.findall(r"cp\s+((?:models/\S+\s+)+)/out/models/", text)
            if not copied:
                raise SystemExit("FAIL cannot tell which model files the build stage copies to /out/models")
            sources = [os.path.join(repo, m) for m in copied[0].split()]
        elif not source_stage:
            sources = [os.path.join(repo, source)]
        else:
            raise SystemExit(f"FAIL no rule for COPY --from={source_stage} {source}: teach dockerfile_layout_run.py")
        for path in sources:
            target = root + destination.rstrip("/") + "/"
            os.makedirs(target, exist_ok=True)
            if os.path.isdir(path):
                shutil.copytree(path, target, dirs_exist_ok=True)
            else:
                shutil.copy2(path, target)

    # Links made by maintainer scripts (update-alternatives), and the Swift runtime of debug builds.
    toolchain = toolchain_root()
    for product in products:
        for soname, path in ldd_libraries(os.path.join(bin_dir, product)).items():
            if path is None or soname.startswith("linux-vdso"):
                continue
            if os.path.realpath(path).startswith(toolchain + "/"):
                copy_entry(os.path.realpath(path), root)
                continue
            chain = path
            while os.path.islink(chain) and not os.path.exists(root + chain):
                copy_entry(chain, root)
                chain = os.path.join(os.path.dirname(chain), os.readlink(chain))
    with open(root + "/etc/ld.so.conf", "w") as conf:
        conf.write(f"include /etc/ld.so.conf.d/*.conf\n{toolchain}/lib/swift/linux\n")
    subprocess.run(["ldconfig", "-r", root], check=True)
    os.makedirs(root + "/dev", exist_ok=True)
    for name, minor in (("null", 3), ("zero", 5), ("random", 8), ("urandom", 9)):
        os.mknod(f"{root}/dev/{name}", 0o666 | 0o020000, os.makedev(1, minor))
        os.chmod(f"{root}/dev/{name}", 0o666)
    os.makedirs(root + "/tmp", exist_ok=True)
    os.chmod(root + "/tmp", 0o1777)
    os.makedirs(root + "/proc", exist_ok=True)  # mounted by main: a container has /proc, and Swift reads argv there
    return final


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(dockerfile: str, bin_dir: str, repo: str, work: str) -> int:
    root = os.path.join(work, "rootfs")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    final = build_root(dockerfile, bin_dir, repo, root)
    user = pwd.getpwnam(final.user)
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/nonexistent", **final.env}
    print(f"layout: {root} ({subprocess.run(['du', '-sh', root], capture_output=True, text=True).stdout.split()[0]}), "
          f"user {final.user} ({user.pw_uid}), workdir {final.workdir}, env {sorted(final.env)}")

    def enter():
        os.chroot(root)
        os.chdir(final.workdir)
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    procs, logs = [], []

    def start(name, argv):
        log = open(os.path.join(work, name + ".log"), "wb")
        logs.append(log.name)
        procs.append(subprocess.Popen(argv, env=env, preexec_fn=enter, stdout=log, stderr=subprocess.STDOUT))

    client, backend, http = free_port(), free_port(), free_port()
    failures = []
    try:
        subprocess.run(["mount", "-t", "proc", "proc", root + "/proc"], check=True)
        start("gateway", ["/usr/local/bin/gateway", "--frontend", f"tcp://127.0.0.1:{client}", "--backend", f"tcp://127.0.0.1:{backend}"])
        start("emotion", ["/usr/local/bin/worker", "emotion", "--gateway", f"tcp://127.0.0.1:{backend}"])
        start("recommender", ["/usr/local/bin/worker", "recommender", "--gateway", f"tcp://127.0.0.1:{backend}"])
        start("http-gateway", ["/usr/local/bin/http-gateway", "--gateway", f"tcp://127.0.0.1:{client}", "--listen", f"127.0.0.1:{http}"])
        health = subprocess.run(["/usr/local/bin/mmctl", "health", "--gateway", f"tcp://127.0.0.1:{client}", "--wait", "300"],
                                env=env, preexec_fn=enter, capture_output=True, text=True, timeout=360)
        print(health.stdout.strip())
        if health.returncode != 0:
            failures.append(f"mmctl health in the layout failed: {health.stderr.strip()}")
        detect = subprocess.run(["/usr/local/bin/mmctl", "detect", "data/faces/astronaut.png", "--gateway", f"tcp://127.0.0.1:{client}", "--json"],
                                env=env, preexec_fn=enter, capture_output=True, text=True, timeout=120)
        if detect.returncode != 0 or len(json.loads(detect.stdout or "{}").get("faces", [])) != 1:
            failures.append(f"mmctl detect data/faces/astronaut.png (relative to WORKDIR) did not find one face: {detect.stdout[:300]} {detect.stderr[:300]}")
        try:
            failures += http_checks(http, os.path.join(repo, "data/faces/astronaut.png"))
        except urllib.error.HTTPError as error:
            failures.append(f"http-gateway answered {error.code}: {error.read()[:300]!r}")
        except OSError as error:
            failures.append(f"http-gateway could not be reached: {error}")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(["umount", root + "/proc"], check=False)
        if not os.path.ismount(root + "/proc"):  # never delete through a live /proc
            shutil.rmtree(root, ignore_errors=True)
    for failure in failures:
        print(f"FAIL {failure}")
        for log in logs:
            print(f"--- {log}\n" + "\n".join(open(log, errors="replace").read().splitlines()[-15:]))
    if not failures:
        print("layout run: gateway, workers and http-gateway ran as", final.user, "with the image's paths; one face, 40 songs")
    return 1 if failures else 0


def http_checks(port: int, photo: str):
    failures = []
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/metrics", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    boundary = "layoutcheckboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + open(photo, "rb").read() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/v1/recommendations:forImage", data=body,
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    answer = json.loads(urllib.request.urlopen(request, timeout=120).read())
    faces = len(answer.get("emotions", {}).get("faces", []))
    tracks = len(answer.get("recommendations", {}).get("tracks", []))
    if (faces, tracks) != (1, 40):
        failures.append(f"forImage through http-gateway gave {faces} face(s) and {tracks} tracks, expected 1 and 40")
    page = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    if "<title>moodmusic" not in page:
        failures.append("GET / did not serve the web page from the image's web root")
    spec = urllib.request.urlopen(base + "/openapi.yaml", timeout=10).read().decode()
    if not spec.startswith("openapi: 3.1"):
        failures.append("GET /openapi.yaml did not serve the OpenAPI document")
    return failures


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
