#!/usr/bin/env python3
"""Markdown tables of one gpu_decode_step.json (schema mixsim-gpu-decode-step/1, either the
{"steps": [...]} list or a single-batch document). Usage: gpu_decode_step_table.py FILE.json"""
import json
import sys

NAMES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def main(path):
    doc = json.load(open(path))
    assert doc["schema"] == "mixsim-gpu-decode-step/1", doc["schema"]
    steps = doc["steps"] if "steps" in doc else [doc]
    for st in steps:
        runs = st["runs"]
        fp16 = next((r["step_seconds"] for r in runs if r["impl"] == "cublas-fp16"), None)
        print(f"\n{st['model']}, batch {st['batch']}, {st['layers']} layers, {st['gpu']} "
              "(step = one CUDA graph of all layers' GEMMs; per GEMM in us):\n")
        print("| impl | recipe | step ms | x cuBLAS FP16 | " + " | ".join(NAMES) + " | 32 x sum / step |")
        print("|---|---|---|---|" + "---|" * len(NAMES) + "---|")
        for r in runs:
            per = {g["name"]: g["seconds"] for g in r["per_gemm"]}
            total = st["layers"] * sum(per.values())
            x = f"{fp16 / r['step_seconds']:.2f}" if fp16 else "n/a"
            print(f"| {r['impl']} | {r['recipe']} | {1e3 * r['step_seconds']:.3f} | {x} | " +
                  " | ".join(f"{1e6 * per[n]:.1f}" if n in per else "n/a" for n in NAMES) +
                  f" | {total / r['step_seconds']:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1])
