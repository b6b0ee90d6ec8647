"""The mixsim Python module against the mixsim binary and its own documented contract.
Random operands use fixed seeds (printed with -s). Run: ctest -R python_module."""
import json
import os
import re
import subprocess
import tempfile

import numpy as np
import pytest

import mixsim

BIN = os.environ["MIXSIM_BIN"]
SOURCE = os.environ["MIXSIM_SOURCE_DIR"]
TINY = os.path.join(SOURCE, "configs", "examples", "tiny.yaml")
SEED = 20261206


def operands(m, n, k, seed=SEED):
    print(f"operands seed {seed}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((m, k)).astype(np.float32)
    w = (0.02 * rng.standard_normal((n, k))).astype(np.float32)
    return x, w


def binary(*args):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("recipe", ["w4a8-g128", "w4a16-g64", "w4a8-g32-intscale", "w8a8", "mxfp4"])
def test_golden_gemm_equals_the_binary_byte_for_byte(recipe):
    x, w = operands(5, 24, 256)
    with tempfile.TemporaryDirectory() as d:
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "w.npy"), w)
        out = os.path.join(d, "y.npy")
        binary("gemm", "--impl", "golden", "--recipe", recipe, "--x", os.path.join(d, "x.npy"),
               "--w", os.path.join(d, "w.npy"), "--out", out)
        y_bin = np.load(out)
    y_py = mixsim.golden_gemm(recipe, x, w)
    assert y_py.dtype == np.float32 and y_py.shape == (5, 24)
    assert y_py.tobytes() == y_bin.tobytes()


def test_quantize_matches_the_binarys_dumped_operands():
    x, w = operands(3, 16, 128)
    with tempfile.TemporaryDirectory() as d:
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "w.npy"), w)
        dump = os.path.join(d, "dump")
        binary("gemm", "--recipe", "w4a8-g64", "--x", os.path.join(d, "x.npy"), "--w",
               os.path.join(d, "w.npy"), "--out", os.path.join(d, "y.npy"), "--dump-quantized", dump)
        q = mixsim.quantize("w4a8-g64", x, w)
        for name in ("wq", "wscale", "xq", "xscale"):
            assert np.array_equal(q[name], np.load(os.path.join(dump, name + ".npy"))), name
    assert q["wq"].shape == (16, 128) and q["wscale"].shape == (16, 2)
    assert q["wq"].min() >= -8 and q["wq"].max() <= 7


def test_reference_gemm_is_close_to_golden_and_exact_float64():
    x, w = operands(4, 8, 128)
    ref = mixsim.reference_gemm("w4a8-g128", x, w)
    gold = mixsim.golden_gemm("w4a8-g128", x, w)
    assert ref.dtype == np.float64
    rel = np.linalg.norm(gold - ref) / np.linalg.norm(ref)
    assert rel < 1e-6, rel  # golden rounds to FP32 at each group step (docs/ARITHMETIC.md)


def test_simulate_gemm_values_are_bit_exact_and_timing_matches_shape_mode():
    x, w = operands(2, 16, 256)
    r = mixsim.simulate_gemm(x, w, pe="mixpe", recipe="w4a8-g128", config=TINY)
    assert r["check"]["passed"] and r["check"]["method"] == "bit-exact"
    assert r["y"].tobytes() == mixsim.golden_gemm("w4a8-g128", x, w).tobytes()
    timed = mixsim.simulate_gemm(shape=(2, 16, 256), pe="mixpe", recipe="w4a8-g128", config=TINY)
    assert timed["cycles"] == r["cycles"] > 0
    assert timed["bounds"]["limiter"] in ("compute", "dram")


def test_simulate_shape_equals_the_binarys_gemm_shape():
    out = binary("gemm", "--impl", "sim", "--shape", "4x64x256", "--recipe", "w4a8-g128",
                 "--config", TINY, "--mode", "fast")
    cycles = int(next(l.split()[1] for l in out.splitlines() if l.startswith("cycles")))
    r = mixsim.simulate_gemm(shape=(4, 64, 256), recipe="w4a8-g128", config=TINY, mode="fast")
    assert r["cycles"] == cycles


def test_run_equals_the_binarys_results_json_and_gives_records():
    overrides = ["compare.0.recipe=w4a8-g64", "workload.phases.0.mode=fast",
                 "workload.phases.0.values=false"]
    with tempfile.TemporaryDirectory() as d:
        args = ["run", TINY, "--out", d, "--no-report", "--quiet"]
        for o in overrides:
            args += ["--set", o]
        binary(*args)
        with open(os.path.join(d, "results.json")) as f:
            from_binary = json.load(f)
    res = mixsim.run(TINY, overrides=overrides)
    assert res["failed_checks"] == []
    for key in ("runs", "comparisons", "hardware", "seed", "model", "area"):
        assert res[key] == from_binary[key], key
    recs = res["records"]
    assert len(recs) == sum(len(r["gemms"]) for r in res["runs"])
    assert {r["recipe"] for r in recs if r["pe"] == "mixpe"} == {"w4a8-g64"}
    first = res["runs"][0]["gemms"][0]
    assert recs[0]["cycles"] == first["cycles"] and recs[0]["energy_pj"] == first["energy_pj"]["total"]
    assert len(res["totals"]) == len(res["runs"])
    base = next(t for t in res["totals"] if t["pe"] == "dequant-mac" and t["phase"] == "decode")
    cmp = next(c for c in res["comparisons"] if c["baseline"] == "dequant-mac" and c["phase"] == "decode")
    assert base["candidate_speedup"] == cmp["speedup"]


def test_run_takes_a_dict_and_the_records_load_into_pandas_when_installed():
    config = {
        "seed": 1,
        "hardware": {"array": {"rows": 8, "cols": 8},
                     "dram": {"bandwidth_gbps": 16, "latency_ns": 100, "burst_bytes": 64},
                     "buffers": {b: {"capacity_kib": 16} for b in ("weight", "activation", "output")}},
        "workload": {"model": "llama2-7b", "gemms": ["attn_qk", "attn_pv"],
                     "phases": [{"phase": "prefill", "seq_len": 128, "mode": "fast"}]},
        "compare": ["mixpe", "int8-mac"],
    }
    res = mixsim.run(config, seed=3)
    assert res["seed"] == 3 and res["config_file"] == "<dict>"
    assert {r["phase"] for r in res["records"]} == {"prefill"}
    assert {r["gemm"] for r in res["records"]} == {"layer0.attn_qk", "layer0.attn_pv"}
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.json")  # JSON is YAML: the binary reads the same dict
        with open(path, "w") as f:
            json.dump(config, f)
        binary("run", path, "--out", d, "--no-report", "--quiet", "--seed", "3")
        with open(os.path.join(d, "results.json")) as f:
            assert json.load(f)["runs"] == res["runs"]
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(res["records"])
    assert sorted(df["pe"].unique()) == ["int8-mac", "mixpe"]


def test_bad_config_raises_value_error_naming_the_key():
    with pytest.raises(ValueError, match=r"key 'compare.7.recipe': '7' indexes a list of 4 items"):
        mixsim.run(TINY, overrides=["compare.7.recipe=w4a8-g64"])
    with pytest.raises(ValueError, match=r"unknown key 'rwos'"):
        mixsim.run(TINY, overrides=["hardware.array.rwos=4"])


def test_version_matches_the_binary():
    # The binary and the module may be built at different commits (ctest rebuilds neither):
    # the version and schema must agree, and each revision must be a commit of this checkout.
    out = binary("--version").strip()
    strip_git = lambda text: re.sub(r"\(git [^)]*\)", "(git)", text)
    assert strip_git(out) == strip_git(mixsim.version_text())
    assert out.startswith(f"mixsim {mixsim.__version__} (git ")
    assert out.endswith(f"results schema {mixsim.results_schema} version {mixsim.results_schema_version}")
    assert mixsim.results_schema_version == mixsim.run(
        TINY, mode="fast", overrides=["workload.gemms=[attn_qk]"])["version"]
    if subprocess.run(["git", "-C", SOURCE, "rev-parse", "HEAD"], capture_output=True).returncode == 0:
        rev = mixsim.git_revision.split("-")[0]
        assert re.fullmatch(r"[0-9a-f]{12}", rev), mixsim.git_revision
        assert subprocess.run(["git", "-C", SOURCE, "merge-base", "--is-ancestor", rev, "HEAD"]).returncode == 0
