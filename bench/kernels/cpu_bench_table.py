#!/usr/bin/env python3
"""Markdown table of docs/PERFORMANCE.md's "CPU results" from Google Benchmark JSON files of
mixsim_cpu_kernels_bench (run with --benchmark_repetitions=3 --benchmark_report_aggregates_only).

usage: bench/kernels/cpu_bench_table.py RESULT.json [RESULT.json ...]

Medians only. Wall ms = real_time; CPU ms = process CPU time (both threads). bytes = the bytes
the benchmark counts for the kernel (weight_bytes() of cpu_kernels_bench.cpp + 2*M*K). GB/s = bytes /
wall time. The bound is bytes / (1 GiB / BM_StreamRead's wall time), i.e. 2-thread read
bandwidth; "x bound" = wall / bound. "cpu/wall" close to 2 means both cores ran the kernel
(a value near 1 means another process held a core: such rows are flagged).
"""
import json
import sys

rows = {}
for path in sys.argv[1:]:
    with open(path) as f:
        for b in json.load(f)["benchmarks"]:
            if b.get("aggregate_name") != "median":
                continue
            rows[b["run_name"]] = b

stream = rows.get("BM_StreamRead/process_time")
stream_gbps = (1 << 30) / (stream["real_time"] * 1e-3) / 1e9 if stream else None
if stream:
    print(f"BM_StreamRead (2 threads, 1 GiB): wall {stream['real_time']:.1f} ms -> "
          f"{stream_gbps:.1f} GB/s; cpu/wall {stream['cpu_time'] / stream['real_time']:.2f}")
copy = rows.get("BM_StreamCopy/process_time")
if copy:
    print(f"BM_StreamCopy (2 threads, 2 x 512 MiB read+write): wall {copy['real_time']:.1f} ms -> "
          f"{2 * (1 << 29) / (copy['real_time'] * 1e-3) / 1e9:.1f} GB/s")
print()
print("| benchmark | M | N×K | wall ms | CPU ms | cpu/wall | GOPS/core | GB/s (wall) | x bound |")
print("|---|---|---|---|---|---|---|---|---|")
for name, b in rows.items():
    if name.startswith("BM_Stream"):
        continue
    parts = name.split("/")
    kind = parts[0] + ("/" + parts[1] if not parts[1].isdigit() else "")
    m, n, k = (parts[-4], parts[-3], parts[-2])
    wall, cpu = b["real_time"], b["cpu_time"]
    m_, n_, k_ = int(m), int(n), int(k)
    recipe = parts[1] if not parts[1].isdigit() else ""
    if kind == "BM_DenseF32":
        bytes_ = 4.0 * n_ * k_ + 4.0 * m_ * k_
    else:  # same formula as weight_bytes() in cpu_kernels_bench.cpp, plus 2*M*K activations
        if recipe == "w8a8":
            wb = 1.0 * n_ * k_ + 4.0 * n_
        elif recipe == "mxfp4":
            wb = 0.5 * n_ * k_ + n_ * k_ / 32.0
        elif recipe == "w4a8_g128_intscale":
            wb = 0.5 * n_ * k_ + 5.0 * n_ * k_ / 128.0
        else:
            wb = 0.5 * n_ * k_ + 2.0 * n_ * k_ / 128.0
        bytes_ = wb + 2.0 * m_ * k_
    gbps = bytes_ / (wall * 1e-3) / 1e9
    bound = f"{wall / (bytes_ / (stream_gbps * 1e9) * 1e3):.2f}" if stream_gbps and m == "1" and "Scalar" not in kind else "—"
    flag = "" if cpu / wall > 1.6 or "Scalar" in kind else " (core shared)"
    print(f"| {kind} | {m} | {n}×{k} | {wall:.3f} | {cpu:.3f} | {cpu / wall:.2f}{flag} | "
          f"{b['GOPS_per_core']:.1f} | {gbps:.2f} | {bound} |")
