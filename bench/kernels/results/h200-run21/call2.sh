#!/usr/bin/env bash
# Run 21, call 2 (device), from the repository root: OUT=... bench/kernels/results/h200-run21/call2.sh
# The tree after call 1: W8A8 fused with staged scales by default (Auto: fused at M >= 1024), W4A8
# variant 15 (v12 + staged token scales) and float-scale mode 4, variant 14 no longer refused.
# 1. build; 2. every kernel test; 3. v12 vs v15 round-robin; 4. the full benchmark at M = 128, 1024, 4096
# (cut to fit the 447 s of device time left).
set -uo pipefail
t0=$(date +%s); el() { echo $(( $(date +%s) - t0 )); }
RES=$OUT; W=/tmp/c2; mkdir -p $W
save() { tar czf $RES/c2.tgz.part -C /tmp c2 && mv $RES/c2.tgz.part $RES/c2.tgz; }
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv; nvcc --version | tail -2; nproc; } > $W/env.log 2>&1
cat $W/env.log
GEN=(); command -v ninja >/dev/null && GEN=(-G Ninja)
{ cmake -S . -B build-gpu "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release -DMIXSIM_ONLY_KERNELS=ON &&
  cmake --build build-gpu --target mixsim_kernels_tests mixsim_gpu_kernels_bench -j "$(nproc)"; } > $W/build.log 2>&1 ||
  { tail -30 $W/build.log; echo "BUILD FAILED"; save; exit 1; }
echo "built at $(el) s"; save
timeout -k 5 120 stdbuf -oL build-gpu/tests/kernels/mixsim_kernels_tests --gtest_output=json:$W/kernel_tests.json > $W/tests.log 2>&1
echo "tests rc=$? at $(el) s"; grep -E "^\[  (PASSED|FAILED|SKIPPED) |^\[==========\]|Failure|variant=" $W/tests.log | tail -12; save
B=build-gpu/bench/kernels/mixsim_gpu_kernels_bench
timeout 90 stdbuf -oL $B --w4a8-lever 2 --lever-variants 12,15 --m 128,1024,4096 --out $W/lever.json > $W/lever.log 2>&1
echo "lever rc=$? at $(el) s"; grep -E "M= *(128|1024|4096) cuBLAS" $W/lever.log | cut -c1-175; save
timeout 150 stdbuf -oL $B --m 128,1024,4096 --out $W/gpu_bench.json 2>&1 | tee $RES/bench_live.log > $W/bench.log
echo "bench rc=$? at $(el) s"; grep -E "w8a8 fused wgmma \(|variant 15|TMA staged" $W/bench.log | cut -c1-160 | head -60
echo "all done at $(el) s"; save
