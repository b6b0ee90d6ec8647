#!/usr/bin/env bash
# Run 20, call 1 (device), in order of need, each stage's files copied to $OUT as soon as written:
# 1. scripts/gpu-check without benchmark and decode step (build, kernel tests, SASS);
# 2. variant 12 vs 14 round-robin at G = 128 and 256, M = 128, 1024, 4096 (--w4a8-lever 3);
# 3. the full kernel benchmark at M = 1, 128, 1024, 2048, 4096 (if under 200 s so far);
# 4. Nsight Compute on v12 and v14 at 4096 x 14336, M = 4096 (if under 250 s so far).
# Usage (repository root of the device machine): OUT=... bench/kernels/results/h100-run20/call1.sh
set -uo pipefail
R=/tmp/r20; mkdir -p $R
t0=$(date +%s)
el() { echo $(( $(date +%s) - t0 )); }
# Tests bounded (run 20's first call lost 600 s to a hanging test, variant 14) and the log written
# straight to $OUT, so a call that times out still returns it.
OUT=$R MIXSIM_GPU_TEST_TIMEOUT=240 MIXSIM_GPU_SKIP_BENCH=1 MIXSIM_GPU_SKIP_DECODE=1 scripts/gpu-check 2>&1 | tee $OUT/check_live.log > $R/check.log
echo "check rc=$? at $(el) s"; tail -8 $R/check.log
cp $R/check.log $R/tests.log $OUT/ 2>/dev/null
B=build-gpu/bench/kernels/mixsim_gpu_kernels_bench
O=build-gpu/kernels/CMakeFiles/mixsim_kernels_sm90a.dir/cuda/w4a8_intscale_wgmma.cu.o
cuobjdump -sass $O | awk '/Function :/{p=($0 ~ /ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb1E/)} p' > $R/v14_sass.txt
grep -oE "IGMMA[A-Z0-9._]*|IMAD |LDL|STL|WARPGROUP[A-Z.]*" $R/v14_sass.txt | sort | uniq -c
[ -x $B ] || exit 1
timeout 170 stdbuf -oL $B --w4a8-lever 3 --lever-variants 12,13 --m 128,1024,4096 --out $R/lever.json > $R/lever.log 2>&1
echo "lever rc=$? at $(el) s"; grep -E "M= *(1024|4096)" $R/lever.log | cut -c1-200
cp $R/lever.log $R/lever.json $OUT/
if [ $(el) -lt 200 ]; then
  timeout 120 stdbuf -oL $B --m 1,128,1024,2048,4096 --out $R/gpu_bench.json > $R/bench.log 2>&1
  echo "bench rc=$? at $(el) s"; cp $R/bench.log $R/gpu_bench.json $OUT/
fi
if command -v ncu >/dev/null && [ $(el) -lt 250 ]; then
  for v in 12 14; do
    [ $v = 12 ] && K='regex:ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb0E' || K='regex:ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb1E'
    timeout 60 ncu --clock-control none --kernel-name-base mangled -k "$K" --launch-skip 3 --launch-count 1 \
      --section SpeedOfLight --section ComputeWorkloadAnalysis --section WarpStateStats --section SchedulerStats \
      $B --only 4096x14336x4096 --w4a8-lever 1 --lever-variants $v > $R/ncu_v$v.log 2>&1
    grep -E "Duration|Issue Slots Busy|Eligible Warps|Compute \(SM\) Throughput|L2 Cache Throughput" $R/ncu_v$v.log | head -6
  done
fi
echo "all done at $(el) s"
tar czf $OUT/r20_call1.tgz -C /tmp r20
true
