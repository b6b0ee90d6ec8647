#!/usr/bin/env bash
# Run 21, call 3 (device; ~250 s of device time left): the tree of call2.sh, cut to what must be
# known before variant 15 can be the default: build, every kernel test, one round of v12 vs v15,
# then the W8A8 fused kernel with and without TMA stores at 4096 x 4096 x 4096.
set -uo pipefail
t0=$(date +%s); el() { echo $(( $(date +%s) - t0 )); }
RES=$OUT; W=/tmp/c3; mkdir -p $W
save() { tar czf $RES/c3.tgz.part -C /tmp c3 && mv $RES/c3.tgz.part $RES/c3.tgz; }
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; nproc; } > $W/env.log 2>&1; cat $W/env.log
GEN=(); command -v ninja >/dev/null && GEN=(-G Ninja)
{ cmake -S . -B build-gpu "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release -DMIXSIM_ONLY_KERNELS=ON &&
  cmake --build build-gpu --target mixsim_kernels_tests mixsim_gpu_kernels_bench -j "$(nproc)"; } > $W/build.log 2>&1 ||
  { tail -30 $W/build.log; echo "BUILD FAILED"; save; exit 1; }
echo "built at $(el) s"; save
timeout -k 5 80 stdbuf -oL build-gpu/tests/kernels/mixsim_kernels_tests 2>&1 | tee $RES/tests_live.log > $W/tests.log
echo "tests at $(el) s"; grep -E "^\[  (PASSED|FAILED|SKIPPED) |^\[==========\]|Failure|variant=" $W/tests.log | tail -12; save
timeout 60 stdbuf -oL build-gpu/bench/kernels/mixsim_gpu_kernels_bench --w4a8-lever 1 --lever-variants 12,15 --m 1024,4096 \
  --out $W/lever.json 2>&1 | tee $RES/lever_live.log > $W/lever.log
echo "lever at $(el) s"; grep -E "M= *(1024|4096) cuBLAS" $W/lever.log | cut -c1-175; save
timeout 40 build-gpu/bench/kernels/mixsim_gpu_kernels_bench --only 4096x4096x4096 --out $W/w8a8.json > $W/w8a8.log 2>&1
echo "w8a8 at $(el) s"; grep -E "cuBLASLt|w8a8 fused" $W/w8a8.log | cut -c1-160; save
