#!/bin/bash
# Runs one batch of the CPU kernel benchmarks once the machine is idle (docs/PERFORMANCE.md,
# "CPU results"): waits until other processes use < 15% CPU over a 2 s sample (up to 30 tries,
# 20 s apart), then runs the filter with 3 repetitions; writes NAME.json, NAME.txt and NAME.env
# (time, uptime before/after) to bench/kernels/results/cpu-zen3-2core/.
# usage: bench/kernels/run_cpu_bench_when_idle.sh NAME FILTER
cd "$(dirname "$0")/../.."
name=$1; filter=$2; out=bench/kernels/results/cpu-zen3-2core
for attempt in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
  busy=$(top -bn2 -d 2 | awk '/^top -/{n++} n==2 && $1 ~ /^[0-9]+$/ && $9+0 > 0 {s+=$9} END{print s+0}')
  if awk -v b="$busy" 'BEGIN{exit !(b < 15)}'; then
    { date -u; uptime; echo "other processes' CPU before start: ${busy}%"; } > $out/$name.env
    build-cpu/bench/kernels/mixsim_cpu_kernels_bench --benchmark_filter="$filter" --benchmark_repetitions=3 \
      --benchmark_report_aggregates_only=true --benchmark_out=$out/$name.json --benchmark_out_format=json > $out/$name.txt 2>&1
    uptime >> $out/$name.env
    echo "attempt $attempt done" >> $out/$name.env
    exit 0
  fi
  echo "$(date -u +%T) busy=${busy}% waiting" >> $out/$name.wait
  sleep 20
done
