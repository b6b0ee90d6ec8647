#!/usr/bin/env bash
# How much of the 32 x 32 accelerator top's Verilator time goes to its public (harness-written)
# arrays: builds rtl/top as shipped and with the `public_flat_rw` marks removed, clocks each
# idle (reset, no commands) for 20000 cycles, and prints cycles per second. The arrays are what
# the harness's DMA writes into; Verilator re-evaluates logic that reads them at every eval().
# Usage: bench/rtl/public_arrays_experiment.sh   (needs verilator and g++; ~2 min on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/idle.cpp" <<'CPP'
#include <chrono>
#include <cstdio>
#include "Vaccel_top.h"
int main() {
  VerilatedContext context;
  Vaccel_top top(&context);
  top.n_cmds = 0;
  top.ready_count = 0;
  top.rst = 1;
  for (int i = 0; i < 4; ++i) { top.clk = 1; top.eval(); top.clk = 0; top.eval(); }
  top.rst = 0;
  const int cycles = 20000;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < cycles; ++i) { top.clk = 1; top.eval(); top.clk = 0; top.eval(); }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%.0f cycles/s\n", cycles / s);
}
CPP
for variant in shipped no-public-arrays; do
  mkdir -p "$work/$variant"
  cp "$root"/rtl/shift_add_mul.v "$root"/rtl/delay_line.v "$root"/rtl/top/*.v "$work/$variant/"
  [[ $variant == no-public-arrays ]] && sed -i 's|/\*verilator public_flat_rw\*/||' "$work/$variant"/*.v
  (cd "$work/$variant" && verilator --cc --exe -Wno-fatal -O3 --top-module accel_top -GROWS=32 -GCOLS=32 \
     -GWBUF_BYTES=65536 -GABUF_BYTES=65536 ./*.v ../idle.cpp -CFLAGS -O1 --build -j 2 >build.log 2>&1)
  printf '%-18s ' "$variant"
  "$work/$variant/obj_dir/Vaccel_top"
done
