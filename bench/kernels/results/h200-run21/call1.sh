#!/usr/bin/env bash
# Run 21, call 1 (device, H100 or H200), from the repository root: OUT=... bench/kernels/results/h200-run21/call1.sh
# 1. verify_v14.sh: build build-gpu with variant 14's refusal lifted, the two tests that run v14
#    (timeout 90), v12 vs v14 round-robin (G = 128, 256; M = 128, 1024, 4096);
# 2. if both passed: SASS histogram of one v14 instantiation, the whole kernel test binary (bounded);
# 3. time permitting: Nsight Compute on v12 and v14 (4096 x 14336, M = 4096) and the M = 1 benchmark.
set -uo pipefail
t0=$(date +%s); el() { echo $(( $(date +%s) - t0 )); }
# At most 8 files come back from the device: every log goes to $W, tarred to $OUT after each stage.
RES=$OUT; W=/tmp/r21; mkdir -p $W; OUT=$W
save() { tar czf $RES/r21.tgz.part -C /tmp r21 && mv $RES/r21.tgz.part $RES/r21.tgz; }
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv; nvcc --version | tail -2; nproc; } > $OUT/env.log 2>&1
cat $OUT/env.log
bench/kernels/results/h100-run20/verify_v14.sh 2>&1 | tee $OUT/verify.log
echo "verify done at $(el) s"; save
B=build-gpu/bench/kernels/mixsim_gpu_kernels_bench
# W8A8 fused: the per-tile fixed cost (run 19 fit: ~20 us + 0.0048 us per K at M = 1024, one tile per SM).
for s in 4096x512x1024 4096x1024x1024 4096x2048x1024 4096x3968x1024 4096x4096x1024 4096x4224x1024 4096x8192x1024 \
         4096x4096x4096 14336x4096x4096; do
  timeout 40 $B --only $s --out $OUT/k_$s.json > $OUT/k_$s.log 2>&1
  echo "$s:"; grep -E "M= *[0-9]+ (cuBLAS FP16|cuBLASLt INT8|w8a8 fused)" $OUT/k_$s.log | cut -c1-160
done | tee $OUT/w8a8_ksweep.log; save
if command -v ncu >/dev/null; then
  timeout 60 ncu --clock-control none -k regex:w8a8_fused --launch-skip 3 --launch-count 1 --section SpeedOfLight \
    --section MemoryWorkloadAnalysis --section WarpStateStats --section SchedulerStats --section Occupancy \
    $B --only 4096x4096x1024 > $OUT/ncu_w8a8.log 2>&1
  echo "ncu w8a8 rc=$?"; grep -E "Duration|Throughput|Busy|Eligible|Stall" $OUT/ncu_w8a8.log | head -20
fi
save
V14OK=0; grep -q "^\[  PASSED  \] 2 tests" $OUT/tests.log && V14OK=1
F=; [ $V14OK = 1 ] || F="--gtest_filter=-CudaKernels.W4A8IntegerScaleWgmmaIsBitExactWithGolden:CudaKernels.W4A8FloatScaleAndW8A8WgmmaLoopOverTiles"
echo "v14 tests passed: $V14OK"
timeout -k 5 200 stdbuf -oL build-gpu/tests/kernels/mixsim_kernels_tests $F > $OUT/all_tests.log 2>&1
echo "all tests rc=$? at $(el) s"; grep -E "^\[  (PASSED|FAILED|SKIPPED) |^\[==========\]|Failure" $OUT/all_tests.log | tail -8
save
[ $V14OK = 1 ] || exit 0
O=build-gpu/kernels/CMakeFiles/mixsim_kernels_sm90a.dir/cuda/w4a8_intscale_wgmma.cu.o
cuobjdump -sass $O | awk '/Function :/{p=($0 ~ /ws_kernelILi128ELb0ELb0ELi4ELi0ELb0ELb1ELb0ELb1E/)} p' > /tmp/v14_sass.txt
grep -oE "IGMMA[A-Z0-9._]*|IMAD[A-Z.]* |WARPGROUP[A-Z.]*|LDL|STL" /tmp/v14_sass.txt | sort | uniq -c | tee $OUT/v14_sass_hist.log
grep -nE "IGMMA|WARPGROUP|IMAD" /tmp/v14_sass.txt | cut -c1-90 > $OUT/v14_sass_order.log
if command -v ncu >/dev/null && [ $(el) -lt 380 ]; then
  for v in 12 14; do
    timeout 60 ncu --clock-control none -k 'regex:ws_kernel' --launch-skip 3 --launch-count 1 \
      --section SpeedOfLight --section ComputeWorkloadAnalysis --section WarpStateStats --section SchedulerStats \
      $B --only 4096x14336x4096 --w4a8-lever 1 --lever-variants $v > $OUT/ncu_v$v.log 2>&1
    echo "ncu v$v rc=$?"; grep -E "Duration|Issue Slots Busy|Eligible Warps|Compute \(SM\) Throughput|Tensor" $OUT/ncu_v$v.log | head -8
  done
fi
if [ $(el) -lt 470 ]; then
  timeout 90 stdbuf -oL $B --m 1 --out $OUT/gpu_bench_m1.json > $OUT/bench_m1.log 2>&1
  echo "bench m1 rc=$? at $(el) s"
fi
echo "all done at $(el) s"; save
