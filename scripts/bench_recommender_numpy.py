#!/usr/bin/env python3
"""numpy peer for `recommender-tool bench`: matrix-vector product + argpartition top-k over the
very float32 matrix the Swift scan reads (dumped by `bench --dump DIR`), on one thread.

Usage: bench_recommender_numpy.py DIR   (DIR has matrix.f32 and swift.json)
Prints numpy's p50/p99 per query (wall and thread CPU) next to Swift's and the ratios, and writes
them to DIR/numpy.json."""
import os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
import json, sys, time
import numpy as np

directory = sys.argv[1]
swift = json.load(open(os.path.join(directory, "swift.json")))
n, dim, k, queries = swift["n"], swift["dim"], swift["k"], swift["queries"]
matrix = np.fromfile(os.path.join(directory, "matrix.f32"), dtype=np.float32).reshape(n, dim)
rng = np.random.default_rng(0)
wall, cpu = [], []
for q in range(queries + 10):
    query = rng.random(dim, dtype=np.float32)
    w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
    scores = matrix @ query
    top = np.argpartition(-scores, k)[:k]
    top = top[np.argsort(-scores[top])]
    w1, c1 = time.perf_counter_ns(), time.thread_time_ns()
    if q >= 10:
        wall.append((w1 - w0) / 1e6)
        cpu.append((c1 - c0) / 1e6)
wall.sort(); cpu.sort()
pick = lambda xs, f: xs[min(len(xs) - 1, int(len(xs) * f))]
np50, np99, nc50, nc99 = pick(wall, 0.5), pick(wall, 0.99), pick(cpu, 0.5), pick(cpu, 0.99)
print(f"n = {n:,} x {dim} float32, k = {k}, {queries} queries, numpy {np.__version__}")
print(f"{'':28s}{'p50 ms':>10s}{'p99 ms':>10s}{'cpu p50':>10s}{'cpu p99':>10s}")
print(f"{'numpy matvec+argpartition':28s}{np50:10.3f}{np99:10.3f}{nc50:10.3f}{nc99:10.3f}")
print(f"{'swift recommend()':28s}{swift['p50_ms']:10.3f}{swift['p99_ms']:10.3f}{swift['cpu_p50_ms']:10.3f}{swift['cpu_p99_ms']:10.3f}")
print(f"{'ratio numpy / swift':28s}{np50 / swift['p50_ms']:10.2f}{np99 / swift['p99_ms']:10.2f}"
      f"{nc50 / swift['cpu_p50_ms']:10.2f}{nc99 / swift['cpu_p99_ms']:10.2f}")
json.dump({"p50_ms": np50, "p99_ms": np99, "cpu_p50_ms": nc50, "cpu_p99_ms": nc99, "numpy": np.__version__},
          open(os.path.join(directory, "numpy.json"), "w"))
