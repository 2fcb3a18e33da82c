"""Runs a repo script inside a git-ignored virtual environment that has the packages it needs.

The reference stacks (OpenCV, Keras, LiteRT, numpy, scikit-learn) are only for fixtures and
benchmarks, never for the service, so they live in .build-<name>/venv instead of the project venv.
"""
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def ensure(name, modules, packages, no_deps_packages=()):
    """Re-executes the calling script in .build-<name>/venv unless `modules` all import already."""
    if all(importlib.util.find_spec(module) is not None for module in modules):
        return
    venv = os.path.join(ROOT, f".build-{name}", "venv")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        sys.exit(f"missing packages in {venv}: {missing}")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print(f"==> creating {venv} for {', '.join(packages)}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    pip = os.path.join(venv, "bin", "pip")
    subprocess.check_call([pip, "install", "-q", "--disable-pip-version-check", *packages])
    if no_deps_packages:
        subprocess.check_call([pip, "install", "-q", "--disable-pip-version-check", "--no-deps", *no_deps_packages])
    os.execv(python, [python, *sys.argv])
