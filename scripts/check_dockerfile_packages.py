"""The Dockerfile's package lists against what the build needs, with no container engine.

Build stage: every apt provider of Package.swift's system-library targets (and pkg-config when a
target names a pkgConfig file). Final stage: every shared library that `ldd` finds for the
binaries the build stage copies out, mapped to its Debian package with `dpkg -S`; the package
must be listed, or be pulled in by a listed package's Depends, or be part of the base image
(Debian's Priority: required set and what it depends on). Swift runtime libraries are allowed
only when the build links the standard library statically.

Usage: check_dockerfile_packages.py DOCKERFILE PACKAGE_SWIFT BIN_DIR
"""
import os
import re
import shutil
import subprocess
import sys
from typing import Dict, Iterable, List, Optional, Set

from dockerfile_model import built_products, parse_dockerfile, system_library_providers, uses_pkg_config


def installed_packages() -> Dict[str, dict]:
    fmt = "${Package}\t${Depends}\t${Pre-Depends}\t${Priority}\t${Essential}\t${Provides}\t${db:Status-Abbrev}\n"
    out = subprocess.run(["dpkg-query", "-W", "-f", fmt], capture_output=True, text=True, check=True).stdout
    packages = {}
    for line in out.splitlines():
        name, depends, predepends, priority, essential, provides, status = (line.split("\t") + [""] * 7)[:7]
        if not status.startswith("ii"):
            continue
        packages[name] = {"depends": ", ".join(x for x in (depends, predepends) if x), "priority": priority,
                          "essential": essential == "yes", "provides": [p.split()[0] for p in provides.split(",") if p.strip()]}
    return packages


def closure(roots: Iterable[str], packages: Dict[str, dict]) -> Set[str]:
    """Every package apt would install for `roots`, choosing the first installed alternative."""
    providers: Dict[str, str] = {}
    for name, info in packages.items():
        for virtual in info["provides"]:
            providers.setdefault(virtual, name)
    seen: Set[str] = set()
    todo = [r for r in roots]
    while todo:
        name = todo.pop()
        name = name if name in packages else providers.get(name, name)
        if name in seen:
            continue
        seen.add(name)
        for clause in filter(None, (c.strip() for c in packages.get(name, {}).get("depends", "").split(","))):
            options = [re.split(r"[\s(:]", o.strip())[0] for o in clause.split("|")]
            chosen = next((o for o in options if o in packages or o in providers), None)
            if chosen:
                todo.append(chosen)
    return seen


def ldd_libraries(binary: str) -> Dict[str, Optional[str]]:
    """soname -> resolved path (None when ldd says "not found")."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    libraries = {}
    for line in out.splitlines():
        line = line.strip()
        if "=>" in line:
            soname, _, rest = line.partition("=>")
            rest = rest.strip()
            libraries[soname.strip()] = None if rest.startswith("not found") else rest.split(" (")[0]
        elif line.startswith("/"):
            libraries[line.split(" (")[0]] = line.split(" (")[0]
    return libraries


def owning_package(path: str) -> Optional[str]:
    """The Debian package that owns `path` (tried as given, resolved, and across the /usr merge)."""
    candidates = [path, os.path.realpath(path)]
    for c in list(candidates):
        if c.startswith("/usr/"):
            candidates.append(c[4:])
        else:
            candidates.append("/usr" + c)
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            for line in result.stdout.splitlines():
                owner, _, owned = line.partition(": ")
                if owned.strip() == candidate and "diversion" not in owner:
                    return owner.split(":")[0].split(",")[0].strip()
    return None


def toolchain_root() -> str:
    swiftc = shutil.which("swiftc") or shutil.which("swift") or "/usr/bin/swift"
    return os.path.dirname(os.path.dirname(os.path.realpath(swiftc)))


def main(dockerfile: str, package_swift: str, bin_dir: str) -> int:
    stages = parse_dockerfile(open(dockerfile).read())
    if len(stages) < 2:
        print(f"FAIL {dockerfile}: expected a build stage and a final stage")
        return 1
    build, final = stages[0], stages[-1]
    failures: List[str] = []
    swift_text = open(package_swift).read()

    needed = {pkg: target for target, pkgs in system_library_providers(swift_text).items() for pkg in pkgs}
    if uses_pkg_config(swift_text):
        needed.setdefault("pkg-config", "pkgConfig lookups")
    for package, target in sorted(needed.items()):
        if package not in build.packages:
            failures.append(f"build stage ({build.base}) does not install {package}, which {target} needs")
    print(f"build stage: {len(needed)} packages required by Package.swift, all listed" if not failures else "build stage: missing packages")

    installed = installed_packages()
    base = closure([n for n, i in installed.items() if i["priority"] == "required" or i["essential"]], installed)
    allowed = closure(final.packages, installed)
    for package in final.packages:
        if package not in installed:
            failures.append(f"final stage lists {package}, which is not installed here, so its dependencies cannot be checked")
    static_stdlib = any("--static-swift-stdlib" in run for run in build.runs)
    toolchain = toolchain_root()
    products = built_products(build)
    if not products:
        failures.append("the build stage builds no --product")
    seen: Dict[str, str] = {}
    for product in products:
        binary = os.path.join(bin_dir, product)
        if not os.access(binary, os.X_OK):
            failures.append(f"{binary} is missing: build it first (swift build --product {product})")
            continue
        for soname, path in ldd_libraries(binary).items():
            if soname.startswith("linux-vdso") or soname in seen:
                continue
            if path is None:
                failures.append(f"{product}: ldd cannot find {soname}")
                continue
            if os.path.realpath(path).startswith(toolchain + "/"):
                seen[soname] = "Swift runtime (static in the image)"
                if not static_stdlib:
                    failures.append(f"{product} needs the Swift runtime ({soname}) but the build does not use --static-swift-stdlib")
                continue
            package = owning_package(path)
            if package is None:
                failures.append(f"{product}: no Debian package owns {path} ({soname})")
                continue
            seen[soname] = package
            if package not in allowed and package not in base:
                failures.append(f"final stage ({final.base}) lacks {package}, which provides {soname} for {product}")
    runtime_packages = sorted({p for p in seen.values() if not p.startswith("Swift")})
    print(f"final stage: {len(seen)} shared libraries of {', '.join(products)} come from {len(runtime_packages)} packages: {' '.join(runtime_packages)}")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
