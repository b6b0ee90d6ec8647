#!/usr/bin/env bash
# Run 20, call 1 (device): scripts/gpu-check (build, kernel tests, SASS, full benchmark, decode
# step skipped), then variant 12 vs 14 round-robin at G = 128 and 256, then Nsight Compute on v12 and v14
# at 4096 x 14336, M = 4096. Everything goes to /tmp/r20, returned as one .tgz.
# Usage (repository root of the device machine): OUT=... bench/kernels/results/h100-run20/call1.sh
set -uo pipefail
R=/tmp/r20; mkdir -p $R
t0=$(date +%s)
OUT=$R MIXSIM_GPU_SKIP_DECODE=1 MIXSIM_GPU_BENCH_ARGS="--m 1,128,1024,2048,4096" scripts/gpu-check > $R/check.log 2>&1
echo "check rc=$? at $(( $(date +%s) - t0 )) s"; tail -12 $R/check.log
B=build-gpu/bench/kernels/mixsim_gpu_kernels_bench
O=build-gpu/kernels/CMakeFiles/mixsim_kernels_sm90a.dir/cuda/w4a8_intscale_wgmma.cu.o
cuobjdump -sass $O | awk '/Function :/{p=($0 ~ /ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb1E/)} p' > $R/v14_sass.txt
grep -oE "IGMMA[A-Z0-9._]*|IMAD |LDL|STL|WARPGROUP[A-Z.]*" $R/v14_sass.txt | sort | uniq -c
if [ -x $B ]; then
  timeout 240 $B --w4a8-lever 3 --lever-variants 12,14 --m 128,1024,2048,4096 --out $R/lever.json > $R/lever.log 2>&1
  echo "lever rc=$? at $(( $(date +%s) - t0 )) s"; grep -E "M= *(1024|4096)" $R/lever.log | cut -c1-220
fi
if command -v ncu >/dev/null && [ $(( $(date +%s) - t0 )) -lt 250 ]; then
  for v in 12 14; do
    [ $v = 12 ] && K='regex:ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb0E' || K='regex:ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb1E'
    timeout 75 ncu --clock-control none --kernel-name-base mangled -k "$K" --launch-skip 3 --launch-count 1 \
      --section SpeedOfLight --section ComputeWorkloadAnalysis --section WarpStateStats --section SchedulerStats \
      $B --only 4096x14336x4096 --w4a8-lever 1 --lever-variants $v > $R/ncu_v$v.log 2>&1
    grep -E "Duration|Issue Slots Busy|Eligible Warps|Compute \(SM\) Throughput|L2 Cache Throughput" $R/ncu_v$v.log | head -6
  done
fi
echo "all done at $(( $(date +%s) - t0 )) s"
tar czf $OUT/r20_call1.tgz -C /tmp r20
cp $R/lever.log $R/check.log $R/bench.log $R/tests.log $OUT/ 2>/dev/null
true
