"""mixsim from Python: quantization and golden GEMMs on NumPy arrays, one GEMM through the
simulator, and whole runs whose results come back as dicts and as flat records.

    import mixsim, pandas as pd
    res = mixsim.run("configs/examples/tiny.yaml", overrides=["compare.0.recipe=w4a8-g64"])
    df = pd.DataFrame(res["records"])          # one row per (phase, PE, GEMM)
    totals = pd.DataFrame(res["totals"])       # one row per (phase, PE)

Everything is computed by the C++ library the `mixsim` binary uses (same config parser, same
simulator, same results schema); see README.md, "Python module".
"""
import json
import os

from . import _mixsim

__version__ = _mixsim.__version__
git_revision = _mixsim.git_revision
results_schema = _mixsim.results_schema
results_schema_version = _mixsim.results_schema_version
version_text = _mixsim.version_text
recipes = _mixsim.recipes

__all__ = ["quantize", "golden_gemm", "reference_gemm", "simulate_gemm", "run", "records",
           "totals", "recipes", "version_text", "__version__"]


def quantize(recipe, x, w):
    """Quantizes X (M x K) and W (N x K) by a recipe (e.g. "w4a8-g128"). Returns a dict of NumPy
    arrays named as `mixsim gemm --dump-quantized` names its files (wq, wscale, xq, xscale, ...)."""
    return _mixsim.quantize(recipe, x, w)


def golden_gemm(recipe, x, w):
    """Y = X W^T (M x N, float32) by the recipe's defined arithmetic (docs/ARITHMETIC.md): the
    same bytes as `mixsim gemm --impl golden`."""
    return _mixsim.golden_gemm(recipe, x, w)


def reference_gemm(recipe, x, w):
    """FP64 product of the dequantized operands (the reference float paths are checked against)."""
    return _mixsim.reference_gemm(recipe, x, w)


def simulate_gemm(x=None, w=None, *, shape=None, pe="mixpe", recipe="w4a8-g128", config=None,
                  mode="cycle"):
    """One GEMM on the simulator, on the hardware of a run config (default configs/default.yaml).

    With x and w: the cycle model computes Y from the quantized operands (result["y"]) and checks
    it against models/ (result["check"]). With shape=(M, N, K): timing only, no operands, in
    `mode` "cycle" or "fast". Both return cycles, latency_s, utilization, energy_pj (by
    component), counters, mapping and bounds."""
    config = "" if config is None else os.fspath(config)
    if shape is not None:
        if x is not None or w is not None:
            raise ValueError("simulate_gemm: give either x and w, or shape, not both")
        m, n, k = (int(v) for v in shape)
        return _mixsim.simulate_shape(m, n, k, pe, recipe, config, mode)
    if x is None or w is None:
        raise ValueError("simulate_gemm: give x (M x K) and w (N x K), or shape=(M, N, K)")
    if mode != "cycle":
        raise ValueError("simulate_gemm: values need mode 'cycle'; use shape=(M, N, K) for fast mode")
    return _mixsim.simulate_values(x, w, pe, recipe, config)


def _total_energy(energy_pj):
    """The "total" entry of an energy_pj map, else the sum of its components."""
    return energy_pj["total"] if "total" in energy_pj else sum(energy_pj.values())


def records(results):
    """One flat dict per (phase, PE, GEMM) of a results dict: what pandas.DataFrame takes as is.
    cycles, latency_s and energy are of one of the GEMM's `count` identical instances."""
    rows = []
    for run in results["runs"]:
        for g in run["gemms"]:
            bounds = g.get("bounds", {})
            rows.append({
                "phase": run["phase"], "mode": run["mode"], "pe": run["pe"], "recipe": run["recipe"],
                "gemm": g["name"], "m": g["m"], "n": g["n"], "k": g["k"], "count": g["count"],
                "macs": g["macs"], "cycles": g["cycles"], "latency_s": g["latency_s"],
                "utilization": g["utilization"], "energy_pj": _total_energy(g["energy_pj"]),
                "limiter": bounds.get("limiter"),
                "fraction_of_bound": bounds.get("fraction_of_bound"),
                "mapping": g.get("mapping", {}).get("text"),
            })
    return rows


def totals(results):
    """One flat dict per (phase, PE) run with its totals, and speedup / energy ratio against the
    candidate (the first compared PE) where the results compare them."""
    ratios = {(c["phase"], c["baseline"]): c for c in results.get("comparisons", [])}
    rows = []
    for run in results["runs"]:
        t = run["totals"]
        c = ratios.get((run["phase"], run["pe"]))
        rows.append({
            "phase": run["phase"], "mode": run["mode"], "pe": run["pe"], "recipe": run["recipe"],
            "cycles": t["cycles"], "latency_s": t["latency_s"], "utilization": t["utilization"],
            "energy_pj": _total_energy(t["energy_pj"]),
            "candidate": c["pe"] if c else None,
            "candidate_speedup": c["speedup"] if c else None,
            "candidate_energy_ratio": c["energy_ratio"] if c else None,
        })
    return rows


def run(config, *, overrides=(), seed=None, mode=None):
    """Runs a whole config -- a path to a YAML file, or a dict with the same keys (docs/CONFIG.md)
    -- and returns the results dict (schema mixsim.results) with two more keys: "records" (one
    row per phase, PE and GEMM) and "totals" (one per phase and PE), lists of flat dicts for
    pandas, and "failed_checks" (value checks that failed; empty when all passed).
    `overrides` are "dotted.key=value" strings as `mixsim run --set` takes them; `seed` and
    `mode` ("cycle" | "fast") act as `--seed` and `--mode`. A bad config raises ValueError with
    the file, line, key and allowed values. Nothing is written to disk. Relative paths inside
    a dict config (energy.table, workload.gemms_file) are taken from the working directory,
    those in a file from the file's directory."""
    if isinstance(config, dict):
        text, name, base = json.dumps(config), "<dict>", os.getcwd()
    else:
        path = os.fspath(config)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise ValueError(f"{path}: cannot open: {e.strerror}") from None
        name, base = path, os.path.dirname(path) or "."
    results_text, failed = _mixsim.run_config(text, name, base, list(overrides), seed, mode or "")
    results = json.loads(results_text)
    results["records"] = records(results)
    results["totals"] = totals(results)
    results["failed_checks"] = list(failed)
    return results
