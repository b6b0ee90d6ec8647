#pragma once
// W8A8 fused on Hopper INT8 tensor cores (sm_90a): Y = fl32(fl32(s_w[n] * fl32(P)) * s_a[m]),
// P = the exact INT32 dot product of the INT8 activation row and the INT8 weight row, i.e.
// golden_gemm_group_dequant with one group of K, bit-exact, in one kernel (no INT32 Y in device
// memory, no epilogue kernel).
// Layout: one producer warpgroup (one thread issues TMA copies: a 128 token x 128 K activation
// box and a 256 weight row x 128 K weight box per stage, 128-byte swizzle, 4 stages of 48 KB,
// rows and K past the ends zero-filled) and two consumer warpgroups, each computing 64 tokens x
// 256 weight rows of a 128 x 256 output tile with wgmma m64n256k32 (both operands from shared
// memory), one chunk's wgmma kept in flight while the next chunk's are issued. Persistent grid
// (one block per SM over the tiles, tokens fastest). The float epilogue is applied in registers,
// with the tile's scales loaded before its K loop and staged in shared memory (staged_scales).
#include <cuda_runtime.h>

#include <cstdint>

namespace mixsim::kernels {

struct W8A8FusedArgs {
  int64_t m = 0, n = 0;
  int64_t k_ld = 0;                  // row length of x and w in bytes: K padded to a multiple of 16 (zeros)
  const int8_t* x = nullptr;         // M x k_ld activation codes
  const int8_t* w = nullptr;         // N x k_ld weight codes (row-major, symmetric per channel)
  const float* w_scales = nullptr;   // N
  const float* a_scales = nullptr;   // M
  // Each tile's scales are loaded before its K loop and staged in shared memory for the epilogue
  // (H200 run 21: 0.61-0.80 of the time of false, where the epilogue loads them itself, one
  // dependent global load per line of scales at the end of every tile). Same bits either way.
  bool staged_scales = true;
  // Run 21 lever, not yet run on a GPU: with staged_scales and N % 4 == 0, each consumer
  // warpgroup writes Y through an 8 KB shared-memory box and a bulk tensor store (TMA), so a
  // tile's stores drain while the next tile's K loop runs (H200 run 21: the register stores cost
  // ~4-5 us per tile). Same bits.
  bool tma_store = false;
  // Diagnostic (benchmark only): the tiles' float epilogue and stores are skipped, Y is left as it
  // was, so the time without the epilogue can be measured. Never a GEMM result.
  bool skip_epilogue = false;
};

// True when the device is compute capability 9.0 and this build has the sm_90a image.
bool w8a8_fused_supported();
void launch_w8a8_fused(const W8A8FusedArgs& a, float* y, cudaStream_t stream);

}  // namespace mixsim::kernels
