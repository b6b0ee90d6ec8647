#!/usr/bin/env python3
"""Markdown tables of docs/PERFORMANCE.md (GPU part) from one gpu_bench.json of
mixsim_gpu_kernels_bench. Usage: bench/kernels/gpu_bench_tables.py RESULTS/gpu_bench.json

The W4A16 "dispatched" column applies the rule of kernels/cuda/w4a16_gemm.cuh
(w4a16_default_variant) to the per-variant rows, so a run taken before the rule was set
still gives the times of the kernels that the rule now launches."""
import json
import sys

SHAPES = [(4096, 4096, "q/o proj"), (11008, 4096, "L2 gate/up"), (4096, 11008, "L2 down"),
          (14336, 4096, "L3 gate/up"), (4096, 14336, "L3 down"), (1024, 4096, "L3 k/v proj")]


def default_w4a16_variant(n, k, m):
    # Mirrors w4a16_default_variant (n_pad > k_pad for these shapes is n > k).
    if m <= 8:
        return "regs2_w8"
    if m <= 16:
        return "regs1_w8_t2" if n > k else "regs2_w8"
    return "cpasync4_w8"


def round_robin_table(report, rows):
    ab = [r for r in report["results"] if r["kernel"].endswith("_ab")]
    if ab:
        print("\nRound-robin timing (--wgmma-ab: v4, v7, v9, v11 in turn, median of the rounds' medians, us):\n")
        print("| N x K | M | cuBLAS FP16 | v4 | v7 | v9 | v11 | v7 / v4 | v11 / v4 | v11 x cuBLAS |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for (n, k, m), r in sorted(rows.items()):
            if "w4a8_g128_intscale_wgmma_v4_ab" not in r:
                continue
            c = r["cublas_fp16"]["median_us"]
            a = {v: r[f"w4a8_g128_intscale_wgmma_v{v}_ab"]["median_us"] for v in (4, 7, 9, 11)}
            print(f"| {n}x{k} | {m} | {c:.1f} | {a[4]:.1f} | {a[7]:.1f} | {a[9]:.1f} | {a[11]:.1f} | "
                  f"{a[7] / a[4]:.3f} | {a[11] / a[4]:.3f} | {c / a[11]:.2f} |")


LEVER_RUNS = {13: "Run 19 lever (pipelined chunks)", 14: "Run 20 lever (two P sets)",
              15: "Run 21 lever (staged token scales)"}


def lever_pair_table(rows, v):
    """v12 against variant v (--w4a8-lever --lever-variants 12,v), both group sizes."""
    if not any(f"w4a8_g128_intscale_wgmma_v{v}_ab" in r for r in rows.values()):
        return
    print(f"\n{LEVER_RUNS.get(v, 'Lever')} (--w4a8-lever --lever-variants 12,{v}: v12 and v{v} at G = 128 and 256 "
          "in turn, split-K scratch given, median of the rounds' medians, us; x = cuBLAS FP16 time / time):\n")
    print(f"| N x K | M | cuBLAS FP16 | G128 v12 | x | G128 v{v} | x | v{v} / v12 | G256 v12 | x | G256 v{v} | x | "
          f"v{v} / v12 (G256) | G256 v{v} / G128 v12 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    ratios = {128: [], 256: []}
    for (n, k, m), r in sorted(rows.items()):
        if f"w4a8_g128_intscale_wgmma_v{v}_ab" not in r:
            continue
        c = r["cublas_fp16"]["median_us"]
        a = {(g, u): r[f"w4a8_g{g}_intscale_wgmma_v{u}_ab"]["median_us"] for g in (128, 256) for u in (12, v)}
        for g in (128, 256):
            if m >= 1024:
                ratios[g].append(a[g, v] / a[g, 12])
        print(f"| {n}x{k} | {m} | {c:.1f} | {a[128, 12]:.1f} | {c / a[128, 12]:.2f} | {a[128, v]:.1f} | "
              f"{c / a[128, v]:.2f} | {a[128, v] / a[128, 12]:.3f} | {a[256, 12]:.1f} | {c / a[256, 12]:.2f} | "
              f"{a[256, v]:.1f} | {c / a[256, v]:.2f} | {a[256, v] / a[256, 12]:.3f} | {a[256, v] / a[128, 12]:.3f} |")
    for g in (128, 256):
        q = sorted(ratios[g])
        if q:
            print(f"\nG = {g}, M >= 1024: v{v} / v12 median {q[len(q) // 2]:.3f}, range {q[0]:.3f}-{q[-1]:.3f} "
                  f"({len(q)} points)")


def staged_table(rows):
    """Run 21: every kernel whose epilogue now takes its scales from shared memory, beside the same
    kernel loading them in the epilogue, and the dispatched alternatives."""
    if not any("w8a8_fused_wgmma_epilogue_loads_scales" in r for r in rows.values()):
        return
    print("\nRun 21: scales staged in shared memory before the epilogue (us; x = cuBLAS FP16 time / time). "
          "W8A8: fused (staged, the default) vs the same kernel loading its scales in the epilogue (run 19), "
          "the kernel without any epilogue (diagnostic, Y not written) and cuBLASLt + epilogue; "
          "W4A8 integer scale: v15 (v12 + staged token scales) vs v12; W4A8 float scale: TMA staged vs TMA.\n")
    print("| N x K | M | cuBLAS FP16 | W8A8 fused | TOPS | x | epilogue loads scales | staged / loads | TMA stores | x "
          "| no epilogue | cuBLASLt + epilogue | x | W4A8 v12 | x | v15 | x | v15 / v12 | float TMA | float TMA staged | x |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (n, k, m), r in sorted(rows.items()):
        if "w8a8_fused_wgmma_epilogue_loads_scales" not in r:
            continue
        c = r["cublas_fp16"]["median_us"]
        g = lambda name: r[name]["median_us"] if name in r else float("nan")
        f, fu, fn, lte = (g("w8a8_fused_wgmma"), g("w8a8_fused_wgmma_epilogue_loads_scales"),
                          g("w8a8_fused_wgmma_no_epilogue_diagnostic"), g("w8a8_cublaslt_epilogue"))
        tops, ft = r["w8a8_fused_wgmma"]["tops"], g("w8a8_fused_wgmma_tma_store")
        v12, v15 = g("w4a8_g128_intscale_wgmma_v12_tma_splitk"), g("w4a8_g128_intscale_wgmma_v15_tma_staged_splitk")
        f3, f4 = g("w4a8_g128_floatscale_wgmma_tma"), g("w4a8_g128_floatscale_wgmma_tma_staged")
        print(f"| {n}x{k} | {m} | {c:.1f} | {f:.1f} | {tops:.0f} | {c / f:.2f} | {fu:.1f} | {f / fu:.3f} | {ft:.1f} | "
              f"{c / ft:.2f} | {fn:.1f} | "
              f"{lte:.1f} | {c / lte:.2f} | {v12:.1f} | {c / v12:.2f} | {v15:.1f} | {c / v15:.2f} | {v15 / v12:.3f} | "
              f"{f3:.1f} | {f4:.1f} | {c / f4:.2f} |")


def main(path):
    report = json.load(open(path))
    rows = {}
    for r in report["results"]:
        rows.setdefault((r["n"], r["k"], r["m"]), {})[r["kernel"]] = r
    copy = report["copy_gbps"]
    us = lambda n, k, m, name: rows[(n, k, m)][name]["median_us"]
    gbps = lambda n, k, m, name: rows[(n, k, m)][name]["gbps"]

    print(f"Device {report['device']}, {report['sms']} SMs, L2 {report['l2_bytes'] >> 20} MB; "
          f"D2D copy {copy:.0f} GB/s (read + write). Method: {report['method']}.\n")
    only_ab = all(r["kernel"] in ("cublas_fp16", "stream_read") or r["kernel"].endswith("_ab")
                  for r in report["results"])
    if only_ab:  # a --wgmma-ab / --w4a8-lever run: only its round-robin table
        round_robin_table(report, rows)
        for v in (13, 14, 15):
            lever_pair_table(rows, v)
        return
    print("W4A16-g128 decode (us; GB/s of the bytes the kernel must read; % of the copy rate):\n")
    print("| N x K | M | cuBLAS FP16 | W4A16 (variant) | GB/s | % copy | x cuBLAS "
          "| seq cuBLAS | seq W4A16 + PDL | seq GB/s | seq % copy | seq x cuBLAS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, k, _ in SHAPES:
        for m in (1, 16):
            if (n, k, m) not in rows or "cublas_fp16" not in rows[(n, k, m)]:  # --m without 1 / 16
                continue
            v = default_w4a16_variant(n, k, m)
            iso, seq = f"w4a16_g128_fused_{v}", f"seq_w4a16_g128_fused_{v}_pdl"
            c, cs = us(n, k, m, "cublas_fp16"), us(n, k, m, "seq_cublas_fp16")
            w, ws = us(n, k, m, iso), us(n, k, m, seq)
            print(f"| {n}x{k} | {m} | {c:.1f} | {w:.1f} ({v}) | {gbps(n, k, m, iso):.0f} | "
                  f"{100 * gbps(n, k, m, iso) / copy:.0f}% | {c / w:.2f} | {cs:.2f} | {ws:.2f} | "
                  f"{gbps(n, k, m, seq):.0f} | {100 * gbps(n, k, m, seq) / copy:.0f}% | {cs / ws:.2f} |")
    print("\nRead-only stream over the packed weight bytes (same rotation):\n")
    print("| N x K | MB | one launch us | GB/s | % copy | back to back us | GB/s | % copy |")
    print("|---|---|---|---|---|---|---|---|")
    for n, k, _ in SHAPES:
        if (n, k, 1) not in rows or "seq_stream_read" not in rows[(n, k, 1)]:
            continue
        a, b = rows[(n, k, 1)]["stream_read"], rows[(n, k, 1)]["seq_stream_read"]
        print(f"| {n}x{k} | {a['bytes'] / 1e6:.1f} | {a['median_us']:.1f} | {a['gbps']:.0f} | "
              f"{100 * a['gbps'] / copy:.0f}% | {b['median_us']:.2f} | {b['gbps']:.0f} | "
              f"{100 * b['gbps'] / copy:.0f}% |")
    print("\nW4A8-g128 integer scale, prefill (us; v4 = the dispatched wgmma variant):\n")
    print("| N x K | M | cuBLAS FP16 | mma.sync | wgmma v0 | wgmma v4 | v4 TOPS | v4 x cuBLAS | v4 + split-K | x cuBLAS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, k, _ in SHAPES:
        for m in (128, 256, 512, 1024, 2048, 4096):
            if (n, k, m) not in rows or "w4a8_g128_intscale_wgmma_v4" not in rows[(n, k, m)]:
                continue
            c = us(n, k, m, "cublas_fp16")
            v4 = rows[(n, k, m)]["w4a8_g128_intscale_wgmma_v4"]
            print(f"| {n}x{k} | {m} | {c:.1f} | {us(n, k, m, 'w4a8_g128_intscale'):.1f} | "
                  f"{us(n, k, m, 'w4a8_g128_intscale_wgmma_v0'):.1f} | {v4['median_us']:.1f} | "
                  f"{v4['tops']:.0f} | {c / v4['median_us']:.2f} | " +
                  (f"{us(n, k, m, 'w4a8_g128_intscale_wgmma_v4_splitk'):.1f} | "
                   f"{c / us(n, k, m, 'w4a8_g128_intscale_wgmma_v4_splitk'):.2f} |"
                   if "w4a8_g128_intscale_wgmma_v4_splitk" in rows[(n, k, m)] else "n/a | n/a |"))
    if any("w4a8_g128_intscale_wgmma_v6_splitk_in_kernel" in r for r in rows.values()):
        print("\nSplit-K with memset + epilogue kernel (dispatched) vs finished in the kernel "
              "(variant 6), same run (us):\n")
        print("| N x K | M | cuBLAS FP16 | v4 unsplit | x | split-K, memset + epilogue | x | "
              "split-K, finished in kernel | x |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n, k, _ in SHAPES:
            for m in (128, 256, 512, 1024, 2048, 4096):
                r = rows.get((n, k, m), {})
                if "w4a8_g128_intscale_wgmma_v6_splitk_in_kernel" not in r:
                    continue
                c = r["cublas_fp16"]["median_us"]
                a = r["w4a8_g128_intscale_wgmma_v4"]["median_us"]
                b = r["w4a8_g128_intscale_wgmma_v4_splitk"]["median_us"]
                d = r["w4a8_g128_intscale_wgmma_v6_splitk_in_kernel"]["median_us"]
                print(f"| {n}x{k} | {m} | {c:.1f} | {a:.1f} | {c / a:.2f} | {b:.1f} | {c / b:.2f} | {d:.1f} | {c / d:.2f} |")

    if any("w4a8_g128_intscale_wgmma_v5" in r for r in rows.values()):
        print("\nSplit-K as a template parameter: v4 (constant chunk range per tile) vs v5 (the same "
              "kernel with run 14's run-time unit loop, never split), same run (us):\n")
        print("| N x K | M | v4 | v5 (run-time units) | v5 / v4 |")
        print("|---|---|---|---|---|")
        ratios = []
        for n, k, _ in SHAPES:
            for m in (128, 256, 512, 1024, 2048, 4096):
                r = rows.get((n, k, m), {})
                if "w4a8_g128_intscale_wgmma_v5" not in r:
                    continue
                a, b = r["w4a8_g128_intscale_wgmma_v4"]["median_us"], r["w4a8_g128_intscale_wgmma_v5"]["median_us"]
                if m >= 1024:
                    ratios.append(b / a)
                print(f"| {n}x{k} | {m} | {a:.1f} | {b:.1f} | {b / a:.3f} |")
        if ratios:
            ratios.sort()
            print(f"\nM >= 1024: v5 / v4 median {ratios[len(ratios) // 2]:.3f}, range {ratios[0]:.3f}-{ratios[-1]:.3f}")

    print("\nIssue 16: W8A8 and W4A8-g128 float scale on the warp-specialized wgmma kernel, with "
          "cuBLASLt INT8 -> INT32 (no epilogue) as the vendor INT8 bound (us; x = cuBLAS FP16 time / time):\n")
    print("| N x K | M | cuBLAS FP16 | cuBLASLt INT8 | x | W8A8 cuBLASLt + epilogue | x | W8A8 wgmma | TOPS | x "
          "| W4A8 float wgmma | x | W4A8 int v4 | x |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, k, _ in SHAPES:
        for m in (128, 256, 512, 1024, 2048, 4096):
            r = rows.get((n, k, m), {})
            if "w8a8_wgmma" not in r:
                continue
            c = r["cublas_fp16"]["median_us"]
            lt = r.get("cublaslt_int8_i32out")
            lt_s = f"{lt['median_us']:.1f} | {c / lt['median_us']:.2f}" if lt else "n/a | n/a"
            lte = r.get("w8a8_cublaslt_epilogue")
            lt_s += f" | {lte['median_us']:.1f} | {c / lte['median_us']:.2f}" if lte else " | n/a | n/a"
            w8, wf, wi = r["w8a8_wgmma"], r["w4a8_g128_floatscale_wgmma"], r["w4a8_g128_intscale_wgmma_v4"]
            print(f"| {n}x{k} | {m} | {c:.1f} | {lt_s} | {w8['median_us']:.1f} | {w8['tops']:.0f} | "
                  f"{c / w8['median_us']:.2f} | {wf['median_us']:.1f} | {c / wf['median_us']:.2f} | "
                  f"{wi['median_us']:.1f} | {c / wi['median_us']:.2f} |")
    if any("w8a8_fused_wgmma" in r for r in rows.values()):
        print("\nRun 19: W8A8 fused INT8 wgmma kernel (TMA, 128 x 256 tiles, float epilogue in registers) vs "
              "the cuBLASLt paths (us; x = cuBLAS FP16 time / time):\n")
        print("| N x K | M | cuBLAS FP16 | cuBLASLt INT8 alone | x | cuBLASLt + epilogue | x | fused | TOPS | x | "
              "fused / cuBLASLt + epilogue |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for n, k, _ in SHAPES:
            for m in (128, 256, 512, 1024, 2048, 4096):
                r = rows.get((n, k, m), {})
                if "w8a8_fused_wgmma" not in r:
                    continue
                c = r["cublas_fp16"]["median_us"]
                f = r["w8a8_fused_wgmma"]
                lt, lte = r.get("cublaslt_int8_i32out"), r.get("w8a8_cublaslt_epilogue")
                lt_s = f"{lt['median_us']:.1f} | {c / lt['median_us']:.2f}" if lt else "n/a | n/a"
                lte_s = f"{lte['median_us']:.1f} | {c / lte['median_us']:.2f}" if lte else "n/a | n/a"
                rel = f"{f['median_us'] / lte['median_us']:.3f}" if lte else "n/a"
                print(f"| {n}x{k} | {m} | {c:.1f} | {lt_s} | {lte_s} | {f['median_us']:.1f} | {f['tops']:.0f} | "
                      f"{c / f['median_us']:.2f} | {rel} |")
    if any("w4a8_g128_intscale_wgmma_v7" in r for r in rows.values()):
        print("\nRun 18: ping-pong consumers (v7; v8 = v7 + split-K, memset + epilogue) and the TMA "
              "producer (v9; v10 = v9 + split-K) of the warp-specialized W4A8 kernel; W4A8 float "
              "scale without / with ping-pong / with ping-pong + TMA (us; x = cuBLAS FP16 time / time):\n")
        print("v11 = v4 with the TMA producer alone, v12 = v11 + split-K (the dispatch from run 18); "
              "float TMA = float scale with the TMA producer alone (its default from run 18).\n")
        print("| N x K | M | cuBLAS FP16 | v4 | x | v7 | x | v9 | x | v11 | x | v4 + split-K | v8 | v10 | v12 | x v12 "
              "| float | float pp | float pp+TMA | float TMA | x float TMA |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        pp_ratios, tma_ratios, tma_alone = [], [], []
        for (n, k, m), r in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
            if "w4a8_g128_intscale_wgmma_v7" not in r:
                continue
            c = r["cublas_fp16"]["median_us"]
            g = lambda name: r[name]["median_us"] if name in r else float("nan")
            v4, v7, v9 = g("w4a8_g128_intscale_wgmma_v4"), g("w4a8_g128_intscale_wgmma_v7"), g("w4a8_g128_intscale_wgmma_v9")
            s4, s8, s10 = (g("w4a8_g128_intscale_wgmma_v4_splitk"), g("w4a8_g128_intscale_wgmma_v8_pingpong_splitk"),
                           g("w4a8_g128_intscale_wgmma_v10_pingpong_tma_splitk"))
            v11, s12 = g("w4a8_g128_intscale_wgmma_v11"), g("w4a8_g128_intscale_wgmma_v12_tma_splitk")
            f0, f1, f2 = (g("w4a8_g128_floatscale_wgmma_no_pingpong"), g("w4a8_g128_floatscale_wgmma_pingpong"),
                          g("w4a8_g128_floatscale_wgmma_pingpong_tma"))
            f3 = g("w4a8_g128_floatscale_wgmma_tma")
            if m >= 1024:
                pp_ratios.append(v7 / v4)
                tma_ratios.append(v9 / v7)
                tma_alone.append(v11 / v4)
            print(f"| {n}x{k} | {m} | {c:.1f} | {v4:.1f} | {c / v4:.2f} | {v7:.1f} | {c / v7:.2f} | {v9:.1f} | "
                  f"{c / v9:.2f} | {v11:.1f} | {c / v11:.2f} | {s4:.1f} | {s8:.1f} | {s10:.1f} | {s12:.1f} | "
                  f"{c / s12:.2f} | {f0:.1f} | {f1:.1f} | {f2:.1f} | {f3:.1f} | {c / f3:.2f} |")
        if pp_ratios:
            pp_ratios.sort(), tma_ratios.sort()
            print(f"\nM >= 1024: v7 / v4 median {pp_ratios[len(pp_ratios) // 2]:.3f}, range "
                  f"{pp_ratios[0]:.3f}-{pp_ratios[-1]:.3f}; v9 / v7 median {tma_ratios[len(tma_ratios) // 2]:.3f}, "
                  f"range {tma_ratios[0]:.3f}-{tma_ratios[-1]:.3f}")
            tma_alone = [x for x in tma_alone if x == x]
            if tma_alone:
                tma_alone.sort()
                print(f"M >= 1024: v11 / v4 median {tma_alone[len(tma_alone) // 2]:.3f}, range "
                      f"{tma_alone[0]:.3f}-{tma_alone[-1]:.3f}")
    staged_table(rows)
    round_robin_table(report, rows)
    for v in (13, 14, 15):
        lever_pair_table(rows, v)
    gen = [r for r in report["results"] if r["kernel"] in ("w8a8_generic_dp4a", "mxfp4_generic_dp4a")]
    if gen:
        print("\nCUDA-core group kernel (coverage path: W8A8 off Hopper, MXFP4/NVFP4):\n")
        print("| kernel | N x K | M | us | TOPS | x cuBLAS FP16 |")
        print("|---|---|---|---|---|---|")
        for r in gen:
            c = us(r["n"], r["k"], r["m"], "cublas_fp16")
            print(f"| {r['kernel']} | {r['n']}x{r['k']} | {r['m']} | {r['median_us']:.1f} | "
                  f"{r['tops']:.1f} | {c / r['median_us']:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
