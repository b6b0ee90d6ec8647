#!/usr/bin/env bash
# Unit check of the accelerator top's FP16 conversions outside the GEMM runs: rtl/fp32_to_fp16.v
# against models/pe/mac_pes.hpp round_to_fp16 on signed zeros, every FP32 normal exponent with
# 10 mantissa offsets around each multiple of 2^11 (ties, their neighbours, FP16 subnormal and
# overflow ranges included) and 2 M random normals; rtl/int8_to_fp16.v on all 256 INT8 values;
# rtl/int32_to_fp32.v against static_cast<float>(int32_t) on [-2^20, 2^20], +-2^s + {-3..3} and 5 M
# random values.
# Prints the input and mismatch counts; exits 1 on a mismatch.
# Usage: bench/rtl/fp16_convert_check.sh   (needs verilator and g++; about 10 s on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/main.cpp" <<'CPP'
// Exhaustive-ish check of rtl/fp32_to_fp16.v against models/pe/mac_pes.hpp round_to_fp16 and of
// rtl/int8_to_fp16.v against an int -> float conversion.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

#include "Vfp32_to_fp16.h"
#include "Vint8_to_fp16.h"
#include "Vint32_to_fp32.h"
#include "models/pe/mac_pes.hpp"

static float half_to_float(uint16_t h) {
  const int s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
  float v;
  if (e == 0) v = std::ldexp(static_cast<float>(m), -24);
  else if (e == 31) v = m ? NAN : INFINITY;
  else v = std::ldexp(static_cast<float>(1024 + m), e - 25);
  return s ? -v : v;
}

int main() {
  Vfp32_to_fp16 f2h;
  uint64_t checked = 0, bad = 0;
  auto check = [&](uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, 4);
    f2h.f = bits;
    f2h.eval();
    const float want = mixsim::pe::round_to_fp16(f);
    const float got = half_to_float(f2h.h);
    ++checked;
    if (std::memcmp(&want, &got, 4) != 0 && !(std::isnan(want) && std::isnan(got))) {
      if (bad++ < 5) std::printf("fp32 %08x: rtl %04x (%g), model %g\n", bits, f2h.h, got, want);
    }
  };
  // Every FP32 exponent field 1..254 (normals) with zeros and, per exponent, 4096 mantissas
  // (all ties and their neighbours around FP16 rounding points included by the stride pattern).
  for (uint32_t sign = 0; sign < 2; ++sign) {
    check(sign << 31);  // signed zeros
    for (uint32_t e = 1; e < 255; ++e) {
      for (uint32_t m = 0; m < (1u << 23); m += 0x800) {  // multiples of 2^11: ulp-region walk
        for (uint32_t d : {0u, 1u, 0x7FFu, 0x3FFu, 0x400u, 0x401u, 0xFFFu, 0x1000u, 0x1001u, 0x1FFFu})
          check((sign << 31) | (e << 23) | ((m + d) & 0x7FFFFF));
      }
    }
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 2000000; ++i) {
    uint32_t b = rng();
    if (((b >> 23) & 255) == 0 || ((b >> 23) & 255) == 255) continue;  // outside the contract
    check(b);
  }
  Vint8_to_fp16 i2h;
  uint64_t ibad = 0;
  for (int v = -128; v < 128; ++v) {
    i2h.v = static_cast<uint8_t>(v);
    i2h.eval();
    const float got = half_to_float(i2h.h), want = static_cast<float>(v);
    if (std::memcmp(&got, &want, 4) != 0) ++ibad;
  }
  Vint32_to_fp32 i2f;
  uint64_t n32 = 0, bad32 = 0;
  auto check32 = [&](int32_t v) {
    i2f.v = static_cast<uint32_t>(v);
    i2f.eval();
    const float want = static_cast<float>(v);
    uint32_t wb;
    std::memcpy(&wb, &want, 4);
    ++n32;
    if (wb != i2f.f && bad32++ < 5) std::printf("int32 %d: rtl %08x, C++ %08x\n", v, i2f.f, wb);
  };
  for (int64_t v = -(1 << 20); v <= (1 << 20); ++v) check32(static_cast<int32_t>(v));
  for (int s = 0; s < 31; ++s)
    for (int d = -3; d <= 3; ++d) {
      check32(static_cast<int32_t>((int64_t{1} << s) + d));
      check32(static_cast<int32_t>(-(int64_t{1} << s) + d));
    }
  check32(INT32_MIN);
  check32(INT32_MAX);
  for (int i = 0; i < 5000000; ++i) check32(static_cast<int32_t>(rng()));
  std::printf("fp32_to_fp16: %llu inputs, %llu mismatches; int8_to_fp16: 256 inputs, %llu mismatches; "
              "int32_to_fp32: %llu inputs, %llu mismatches\n",
              (unsigned long long)checked, (unsigned long long)bad, (unsigned long long)ibad,
              (unsigned long long)n32, (unsigned long long)bad32);
  return bad || ibad || bad32 ? 1 : 0;
}
CPP
cd "$work"
verilator --cc --top-module fp32_to_fp16 "$root/rtl/fp32_to_fp16.v" -Mdir obj_f >/dev/null
verilator --cc --top-module int8_to_fp16 "$root/rtl/int8_to_fp16.v" -Mdir obj_i >/dev/null
verilator --cc --top-module int32_to_fp32 "$root/rtl/int32_to_fp32.v" -Mdir obj_x >/dev/null
make -s -C obj_f -f Vfp32_to_fp16.mk >/dev/null
make -s -C obj_i -f Vint8_to_fp16.mk >/dev/null
make -s -C obj_x -f Vint32_to_fp32.mk >/dev/null
inc=/usr/share/verilator/include
g++ -O1 -std=c++20 -I obj_f -I obj_i -I obj_x -I "$inc" -I "$inc/vltstd" -I "$root" main.cpp obj_f/Vfp32_to_fp16__ALL.a \
    obj_i/Vint8_to_fp16__ALL.a obj_x/Vint32_to_fp32__ALL.a "$inc/verilated.cpp" "$inc/verilated_threads.cpp" -o check -lpthread
./check
