"""Reads what scripts/check-dockerfile needs out of the Dockerfile and Package.swift: per stage,
the apt packages installed, COPY lines, ENV, WORKDIR and USER; the products the build stage
builds; the apt providers of Package.swift's system-library targets."""
import re
import shlex
from dataclasses import dataclass, field
from typing import Dict, List, Tuple


@dataclass
class Stage:
    name: str
    base: str
    packages: List[str] = field(default_factory=list)
    copies: List[Tuple[str, str, str]] = field(default_factory=list)  # (from stage or "", source, destination)
    env: Dict[str, str] = field(default_factory=dict)
    workdir: str = "/"
    user: str = "root"
    runs: List[str] = field(default_factory=list)


def instructions(text: str):
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in text.splitlines():
        if not current and line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip():
            logical.append(current.strip())
        current = ""
    for line in logical:
        keyword, _, rest = line.partition(" ")
        yield keyword.upper(), rest.strip()


def apt_packages(command: str) -> List[str]:
    """Package names after every `apt-get install` in a shell command (flags skipped)."""
    packages = []
    for part in re.split(r"&&|;|\|\|", command):
        words = shlex.split(part)
        if len(words) >= 2 and words[0] in ("apt-get", "apt") and "install" in words:
            packages += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return packages


def parse_dockerfile(text: str) -> List[Stage]:
    stages: List[Stage] = []
    for keyword, rest in instructions(text):
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name=name, base=words[0]))
        elif not stages:
            continue
        elif keyword == "RUN":
            stages[-1].runs.append(rest)
            stages[-1].packages += apt_packages(rest)
        elif keyword == "COPY":
            words = shlex.split(rest)
            source_stage = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), "")
            paths = [w for w in words if not w.startswith("--")]
            for source in paths[:-1]:
                stages[-1].copies.append((source_stage, source, paths[-1]))
        elif keyword == "ENV":
            for word in shlex.split(rest):
                name, _, value = word.partition("=")
                stages[-1].env[name] = value
        elif keyword == "WORKDIR":
            stages[-1].workdir = rest
        elif keyword == "USER":
            stages[-1].user = rest
    return stages


def built_products(stage: Stage) -> List[str]:
    products = []
    for run in stage.runs:
        products += re.findall(r"--product\s+(\S+)", run)
    return products


def system_library_providers(package_swift: str) -> Dict[str, List[str]]:
    """Target name -> apt packages, from `.systemLibrary(name: ..., providers: [.apt([...])])`."""
    providers = {}
    for match in re.finditer(r"\.systemLibrary\((.*?)\)\s*,\s*$", package_swift, re.M | re.S):
        body = match.group(1)
        name = re.search(r'name:\s*"([^"]+)"', body)
        apt = re.search(r"\.apt\(\[(.*?)\]\)", body, re.S)
        if name:
            providers[name.group(1)] = re.findall(r'"([^"]+)"', apt.group(1)) if apt else []
    return providers


def uses_pkg_config(package_swift: str) -> bool:
    return re.search(r"\.systemLibrary\([^)]*pkgConfig:", package_swift) is not None
