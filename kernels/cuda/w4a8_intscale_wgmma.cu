// W4A8 integer-scale GEMM for large M on Hopper wgmma (see w4a8_intscale_wgmma.cuh).
// Built for sm_90a only (kernels/CMakeLists.txt: -gencode=arch=compute_90a,code=sm_90a for this
// file); the device code is guarded so that any other pass compiles to a trap that the host
// side never launches (w4a8_wgmma_supported checks the device first).
#include "kernels/cuda/w4a8_intscale_wgmma.cuh"

#include <cuda.h>  // CUtensorMap (the encoder is fetched from the driver at run time)
#include <cudaTypedefs.h>

#include <algorithm>
#include <bit>
#include <type_traits>
#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/output_scaling.hpp"

namespace mixsim::kernels {

namespace {

constexpr int kTokensPerBlock = 128;  // wgmma N
constexpr int kRowsPerWarpgroup = 64;  // wgmma M
constexpr int kChunkK = 128;           // K per pipeline stage (4 wgmma k32)
constexpr int kXBytes = kTokensPerBlock * kChunkK;  // INT8 activations per stage: 16 KB
// Each stage also holds the block's packed weights of the chunk (4 KB per warpgroup) and the
// integer scales (and zeros) of the chunk's group for the block's rows (256 + 64 bytes per
// warpgroup, in a 1 KB slot), copied with the activations: every global load of the main loop
// is issued stages ahead, none sits on a chunk's critical path (run 9: a scale load from DRAM
// per chunk cost ~1 us per K step at M = 128).
constexpr int kWBytesPerWarpgroup = 4096;
constexpr int stage_bytes(int wg) { return kXBytes + kWBytesPerWarpgroup * wg + 1024; }
// 1 warpgroup: 3 stages (3 blocks per SM fit in 227 KB); 2-3 warpgroups (1 block per SM): 6.
constexpr int stage_count(int wg) { return wg == 1 ? 3 : 6; }

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
#define MIXSIM_WGMMA_DEVICE 1
#endif

#ifdef MIXSIM_WGMMA_DEVICE
__device__ __forceinline__ void wgmma_m64n128k32_s8(int32_t (&d)[64], uint32_t a0, uint32_t a1,
                                                    uint32_t a2, uint32_t a3, uint64_t desc_b,
                                                    int accumulate) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %69, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n128k32.s32.s8.s8 {%0,%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13,%14,%15,%16,%17,%18,%19,%20,%21,%22,%23,%24,%25,%26,%27,%28,%29,%30,%31,%32,%33,%34,%35,%36,%37,%38,%39,%40,%41,%42,%43,%44,%45,%46,%47,%48,%49,%50,%51,%52,%53,%54,%55,%56,%57,%58,%59,%60,%61,%62,%63}, {%64,%65,%66,%67}, %68, p;\n}\n"
      : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3]), "+r"(d[4]), "+r"(d[5]), "+r"(d[6]), "+r"(d[7]), "+r"(d[8]), "+r"(d[9]), "+r"(d[10]), "+r"(d[11]), "+r"(d[12]), "+r"(d[13]), "+r"(d[14]), "+r"(d[15]), "+r"(d[16]), "+r"(d[17]), "+r"(d[18]), "+r"(d[19]), "+r"(d[20]), "+r"(d[21]), "+r"(d[22]), "+r"(d[23]), "+r"(d[24]), "+r"(d[25]), "+r"(d[26]), "+r"(d[27]), "+r"(d[28]), "+r"(d[29]), "+r"(d[30]), "+r"(d[31]), "+r"(d[32]), "+r"(d[33]), "+r"(d[34]), "+r"(d[35]), "+r"(d[36]), "+r"(d[37]), "+r"(d[38]), "+r"(d[39]), "+r"(d[40]), "+r"(d[41]), "+r"(d[42]), "+r"(d[43]), "+r"(d[44]), "+r"(d[45]), "+r"(d[46]), "+r"(d[47]), "+r"(d[48]), "+r"(d[49]), "+r"(d[50]), "+r"(d[51]), "+r"(d[52]), "+r"(d[53]), "+r"(d[54]), "+r"(d[55]), "+r"(d[56]), "+r"(d[57]), "+r"(d[58]), "+r"(d[59]), "+r"(d[60]), "+r"(d[61]), "+r"(d[62]), "+r"(d[63])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "l"(desc_b), "r"(accumulate));
}

// As above with D = A * B (scale-d 0) and D written only ("=r"): the previous accumulator
// values are dead from the last read, so a P set whose scale step is done holds no registers
// until its next group's first wgmma (kDoubleP).
__device__ __forceinline__ void wgmma_m64n128k32_s8_overwrite(int32_t (&d)[64], uint32_t a0, uint32_t a1,
                                                              uint32_t a2, uint32_t a3, uint64_t desc_b) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %69, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n128k32.s32.s8.s8 {%0,%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13,%14,%15,%16,%17,%18,%19,%20,%21,%22,%23,%24,%25,%26,%27,%28,%29,%30,%31,%32,%33,%34,%35,%36,%37,%38,%39,%40,%41,%42,%43,%44,%45,%46,%47,%48,%49,%50,%51,%52,%53,%54,%55,%56,%57,%58,%59,%60,%61,%62,%63}, {%64,%65,%66,%67}, %68, p;\n}\n"
      : "=r"(d[0]), "=r"(d[1]), "=r"(d[2]), "=r"(d[3]), "=r"(d[4]), "=r"(d[5]), "=r"(d[6]), "=r"(d[7]), "=r"(d[8]), "=r"(d[9]), "=r"(d[10]), "=r"(d[11]), "=r"(d[12]), "=r"(d[13]), "=r"(d[14]), "=r"(d[15]), "=r"(d[16]), "=r"(d[17]), "=r"(d[18]), "=r"(d[19]), "=r"(d[20]), "=r"(d[21]), "=r"(d[22]), "=r"(d[23]), "=r"(d[24]), "=r"(d[25]), "=r"(d[26]), "=r"(d[27]), "=r"(d[28]), "=r"(d[29]), "=r"(d[30]), "=r"(d[31]), "=r"(d[32]), "=r"(d[33]), "=r"(d[34]), "=r"(d[35]), "=r"(d[36]), "=r"(d[37]), "=r"(d[38]), "=r"(d[39]), "=r"(d[40]), "=r"(d[41]), "=r"(d[42]), "=r"(d[43]), "=r"(d[44]), "=r"(d[45]), "=r"(d[46]), "=r"(d[47]), "=r"(d[48]), "=r"(d[49]), "=r"(d[50]), "=r"(d[51]), "=r"(d[52]), "=r"(d[53]), "=r"(d[54]), "=r"(d[55]), "=r"(d[56]), "=r"(d[57]), "=r"(d[58]), "=r"(d[59]), "=r"(d[60]), "=r"(d[61]), "=r"(d[62]), "=r"(d[63])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "l"(desc_b), "r"(0));
}

template <int N>
__device__ __forceinline__ void wgmma_wait() {
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
}
__device__ __forceinline__ void wgmma_fence() { asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory"); }
__device__ __forceinline__ void wgmma_commit() {
  asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
}
__device__ __forceinline__ void wgmma_wait_all() {
  asm volatile("wgmma.wait_group.sync.aligned 0;\n" ::: "memory");
}
// Keeps the compiler from moving accumulator reads/writes across the asynchronous wgmma.
template <int N>
__device__ __forceinline__ void fence_operands(int32_t (&d)[N]) {
#pragma unroll
  for (int i = 0; i < N; ++i) asm volatile("" : "+r"(d[i])::"memory");
}
__device__ __forceinline__ void cp_async_16(uint32_t dst, const void* src) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(dst), "l"(src) : "memory");
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
template <int N>
__device__ __forceinline__ void cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N) : "memory");
}
// cp.async writes through the generic proxy; wgmma reads shared memory through the async proxy.
__device__ __forceinline__ void fence_proxy_async() {
  asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
}

// mbarriers: "full" (stage loaded: one cp.async arrival per thread, .noinc) and "empty" (stage
// consumed: one arrival per thread after its wgmma completed).
__device__ __forceinline__ void mbar_init(uint32_t bar, int count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count) : "memory");
}
__device__ __forceinline__ void mbar_arrive(uint32_t bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}
__device__ __forceinline__ void mbar_arrive_on_cp_async(uint32_t bar) {
  asm volatile("cp.async.mbarrier.arrive.noinc.shared::cta.b64 [%0];\n" ::"r"(bar) : "memory");
}
__device__ __forceinline__ void mbar_wait(uint32_t bar, uint32_t parity) {
  asm volatile(
      "{\n.reg .pred P1;\nLAB_WAIT:\n"
      "mbarrier.try_wait.parity.shared::cta.b64 P1, [%0], %1;\n"
      "@P1 bra DONE;\nbra LAB_WAIT;\nDONE:\n}\n" ::"r"(bar),
      "r"(parity)
      : "memory");
}

// Shared-memory matrix descriptor, K-major, 128-byte swizzle: rows of 128 bytes (one chunk of
// K), 8-row atoms 1024 bytes apart (stride byte offset); the leading byte offset is unused for
// swizzled K-major layouts (set to 1 as CUTLASS does). Stage buffers are 1024-byte aligned.
__device__ __forceinline__ uint64_t smem_desc_k_major_sw128(uint32_t addr) {
  return static_cast<uint64_t>((addr & 0x3FFFF) >> 4) | (uint64_t{1} << 16) |
         (uint64_t{1024 >> 4} << 32) | (uint64_t{1} << 62);
}
#endif

// Four stored 4-bit codes (one per byte, < 16) -> four INT8 values u - z, no inter-byte carry.
__device__ __forceinline__ uint32_t centered_bytes(uint32_t nibbles, uint32_t zero_bytes) {
  return ((nibbles | 0x80808080u) - zero_bytes) ^ 0x80808080u;
}

__device__ __forceinline__ uint32_t word_of(const uint4& v, int j) {
  return j == 0 ? v.x : j == 1 ? v.y : j == 2 ? v.z : v.w;
}

// grid (ceil(M / 128), n_pad / (64 * kWG)); block kWG warpgroups; warpgroup wg computes weight
// rows [nb + 64 wg, +64) x tokens [m0, m0 + 128).
// kDecoupled = false: one block barrier per K step (the warpgroups run in lock step, so the
// tensor cores idle while both apply the group scales). kDecoupled = true: per-stage mbarriers
// instead, so one warpgroup's scale step overlaps the other's wgmma; a stage is refilled once
// every thread has arrived on its "empty" barrier.
template <int G, bool kAsym, int kWG, bool kDecoupled>
__global__ void __launch_bounds__(kWG * 128, kWG == 1 ? 3 : 1)  // 3 WG: <= 168 registers
    w4a8_wgmma_kernel(const uint4* __restrict__ words, const int32_t* __restrict__ int_scales,
                      const uint8_t* __restrict__ zeros, const int8_t* __restrict__ x,
                      const float* __restrict__ out_scale, float* __restrict__ y, int m_total,
                      int n_total, int n_pad, int k_pad) {
#ifdef MIXSIM_WGMMA_DEVICE
  constexpr int kThreads = kWG * 128;
  constexpr int kChunksPerGroup = G / kChunkK;
  constexpr int kStages = stage_count(kWG);
  constexpr int kStageBytes = stage_bytes(kWG);
  extern __shared__ uint8_t smem_raw[];
  const uint32_t smem_unaligned = static_cast<uint32_t>(__cvta_generic_to_shared(smem_raw));
  const uint32_t smem_base = (smem_unaligned + 1023u) & ~1023u;
  const uint8_t* smem_ptr = smem_raw + (smem_base - smem_unaligned);

  const int tid = threadIdx.x;
  const int lane = tid & 31, warp = tid >> 5;
  const int wg = warp >> 2, wq = warp & 3;
  const int g = lane >> 2, t = lane & 3;
  const int m0 = blockIdx.x * kTokensPerBlock;
  // With 3 warpgroups n_pad (a multiple of 128) need not fill the last block: a warpgroup past
  // n_pad recomputes the last 64 rows (it must still take part in the barriers) and stores nothing.
  const int row_tile = blockIdx.y * (kRowsPerWarpgroup * kWG) + wg * kRowsPerWarpgroup;
  const bool rows_valid = row_tile < n_pad;
  const int row0 = (rows_valid ? row_tile : n_pad - kRowsPerWarpgroup) + wq * 16;
  const int chunks = k_pad / kChunkK;
  // Weight tile rows of local 16-row tile lt (same clamping as row0).
  auto tile_row = [&](int lt) {
    const int rt = blockIdx.y * (kRowsPerWarpgroup * kWG) + (lt >> 2) * kRowsPerWarpgroup;
    return (rt < n_pad ? rt : n_pad - kRowsPerWarpgroup) + (lt & 3) * 16;
  };
  __shared__ __align__(8) uint64_t full_bar[kStages], empty_bar[kStages];
  const uint32_t full0 = static_cast<uint32_t>(__cvta_generic_to_shared(full_bar));
  const uint32_t empty0 = static_cast<uint32_t>(__cvta_generic_to_shared(empty_bar));
  if constexpr (kDecoupled) {
    if (tid == 0)
      for (int s = 0; s < kStages; ++s) {
        mbar_init(full0 + 8u * s, kThreads);
        mbar_init(empty0 + 8u * s, kThreads);
      }
    __syncthreads();
  }

  // 128 token rows x 8 16-byte pieces per stage; piece u of row r goes to piece u ^ (r % 8)
  // (the 128-byte swizzle). Ragged M: rows past the end re-read the last row (never stored).
  auto load_stage = [&](int c) {
    const uint32_t base = smem_base + static_cast<uint32_t>((c % kStages) * kStageBytes);
#pragma unroll
    for (int i = 0; i < (kTokensPerBlock * 8 + kThreads - 1) / kThreads; ++i) {
      const int idx = tid + kThreads * i;
      if (kTokensPerBlock * 8 % kThreads != 0 && idx >= kTokensPerBlock * 8) break;
      const int r = idx >> 3, u = idx & 7;
      const int m = min(m0 + r, m_total - 1);
      cp_async_16(base + static_cast<uint32_t>(r * 128 + ((u ^ (r & 7)) << 4)),
                  x + static_cast<int64_t>(m) * k_pad + c * kChunkK + u * 16);
    }
    // Weights: 4 * kWG tiles x 64 pieces of 16 bytes (1 KB contiguous per tile and chunk).
#pragma unroll
    for (int i = 0; i < 2; ++i) {
      const int p = tid + kThreads * i;
      const int lt = p >> 6, q = p & 63;
      cp_async_16(base + static_cast<uint32_t>(kXBytes + p * 16),
                  words + (static_cast<int64_t>(tile_row(lt) / 16) * chunks + c) * 64 + q);
    }
    // Scales (int32, 4 rows per piece) and zeros (uint8, 16 rows per piece) of group c / G*128.
    {
      const int64_t grp_off = static_cast<int64_t>(c / kChunksPerGroup) * n_pad;
      const uint32_t sbase = base + static_cast<uint32_t>(kXBytes + kWBytesPerWarpgroup * kWG);
      if (tid < 16 * kWG) {
        const int lr = tid * 4;  // local row
        cp_async_16(sbase + static_cast<uint32_t>(lr * 4),
                    int_scales + grp_off + tile_row(lr >> 4) + (lr & 15));
      } else if (kAsym && tid < 20 * kWG) {
        const int lr = (tid - 16 * kWG) * 16;
        cp_async_16(sbase + static_cast<uint32_t>(256 * kWG + lr), zeros + grp_off + tile_row(lr >> 4));
      }
    }
    if constexpr (kDecoupled) mbar_arrive_on_cp_async(full0 + 8u * static_cast<uint32_t>(c % kStages));
  };
#pragma unroll
  for (int s = 0; s < kStages - 1; ++s) {
    if (s < chunks) load_stage(s);
    cp_async_commit();
  }

  int32_t part[64], total[64];
#pragma unroll
  for (int i = 0; i < 64; ++i) part[i] = total[i] = 0;

  for (int c = 0; c < chunks; ++c) {
    if constexpr (kDecoupled) {
      mbar_wait(full0 + 8u * static_cast<uint32_t>(c % kStages), static_cast<uint32_t>((c / kStages) & 1));
      fence_proxy_async();
    } else {
      cp_async_wait<kStages - 2>();
      fence_proxy_async();
      __syncthreads();  // stage c is complete for everyone; stage c - 1 is free (all waited on it)
      if (c + kStages - 1 < chunks) load_stage(c + kStages - 1);
      cp_async_commit();
    }
    uint4 wcur[2];
    {
      const uint4* ws = reinterpret_cast<const uint4*>(smem_ptr + (c % kStages) * kStageBytes + kXBytes) +
                        (wg * 4 + wq) * 64 + lane;
      wcur[0] = ws[0];
      wcur[1] = ws[32];
    }
    const bool group_end = (c + 1) % kChunksPerGroup == 0;
    const uint8_t* sz = smem_ptr + (c % kStages) * kStageBytes + kXBytes + kWBytesPerWarpgroup * kWG;
    const int lr0 = wg * kRowsPerWarpgroup + wq * 16 + g;  // local row of accumulator rows g, g+8
    uint32_t zb0 = 0x08080808u, zb1 = 0x08080808u;
    if constexpr (kAsym) {
      zb0 = 0x01010101u * sz[256 * kWG + lr0];
      zb1 = 0x01010101u * sz[256 * kWG + lr0 + 8];
    }
    int32_t s0 = 0, s1 = 0;
    if (group_end) {
      s0 = reinterpret_cast<const int32_t*>(sz)[lr0];
      s1 = reinterpret_cast<const int32_t*>(sz)[lr0 + 8];
    }
    uint32_t a[4][4];
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const uint32_t w0 = word_of(wcur[0], j), w1 = word_of(wcur[1], j);
      a[j][0] = centered_bytes(w0 & 0x0F0F0F0Fu, zb0);
      a[j][1] = centered_bytes(w1 & 0x0F0F0F0Fu, zb1);
      a[j][2] = centered_bytes((w0 >> 4) & 0x0F0F0F0Fu, zb0);
      a[j][3] = centered_bytes((w1 >> 4) & 0x0F0F0F0Fu, zb1);
    }
    const uint32_t stage = smem_base + static_cast<uint32_t>((c % kStages) * kStageBytes);
    const int keep = c % kChunksPerGroup != 0;  // first chunk of a group starts P at zero
    fence_operands(part);
    wgmma_fence();
#pragma unroll
    for (int j = 0; j < 4; ++j)
      wgmma_m64n128k32_s8(part, a[j][0], a[j][1], a[j][2], a[j][3],
                          smem_desc_k_major_sw128(stage + 32u * j), j > 0 || keep);
    wgmma_commit();
    if constexpr (kDecoupled) {
      // Refill the stage of chunk c - 1 with chunk c + kStages - 1 once all threads are done
      // with chunk c - 1 (this warpgroup's wgmma of chunk c runs meanwhile).
      if (c + kStages - 1 < chunks) {
        if (c >= 1)
          mbar_wait(empty0 + 8u * static_cast<uint32_t>((c - 1) % kStages),
                    static_cast<uint32_t>(((c - 1) / kStages) & 1));
        load_stage(c + kStages - 1);
      }
    }
    wgmma_wait_all();
    fence_operands(part);
    if constexpr (kDecoupled) mbar_arrive(empty0 + 8u * static_cast<uint32_t>(c % kStages));
    if (group_end) {
#pragma unroll
      for (int i = 0; i < 16; ++i) {
        total[4 * i + 0] += s0 * part[4 * i + 0];
        total[4 * i + 1] += s0 * part[4 * i + 1];
        total[4 * i + 2] += s1 * part[4 * i + 2];
        total[4 * i + 3] += s1 * part[4 * i + 3];
      }
    }
  }
  cp_async_wait<0>();

  // Accumulator (i, h, e): weight row row0 + g + 8h, token m0 + 8i + 2t + e.
#pragma unroll
  for (int i = 0; i < 16; ++i)
#pragma unroll
    for (int e = 0; e < 2; ++e) {
      const int m = m0 + 8 * i + 2 * t + e;
      if (m >= m_total) continue;
      const float os = out_scale[m];
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        const int n = row0 + g + 8 * h;
        if (rows_valid && n < n_total)
          y[static_cast<int64_t>(m) * n_total + n] =
              intscale_output(static_cast<int64_t>(total[4 * i + 2 * h + e]), os);
      }
    }
#else
  __trap();  // never launched: w4a8_wgmma_supported() is false without the sm_90a image
#endif
}

// Variant 4: warp-specialized. Warpgroup 0 is a producer that only issues the cp.async copies
// of each stage (setmaxnreg: 64 registers); warpgroups 1 and 2 are consumers (216 registers),
// each computing 64 weight rows x 128 tokens of a 128 x 128 block tile from the same activation
// stage (about 0.6x the L2 traffic per MAC of variant 0's 64 x 128 tile). The grid is
// persistent (one block per SM looping over the 128 x 128 output tiles), so the producer fills
// the next tile's stages while the consumers still compute or store the current one. While a consumer's
// wgmma of chunk c run, it waits for chunk c + 1's stage and widens that chunk's INT4 weights
// into a second set of A registers, so only the wait and the group's scale step (64 IMAD)
// separate two chunks' wgmma; the other consumer's wgmma fill that gap. (Overlapping the scale
// step itself would need a second P, and ptxas serializes wgmma whose pipeline stage has reads
// of another wgmma's accumulators: C7514.) Stages are handed over with mbarriers: "full" (the
// producer's copies landed) and "empty" (both consumers' wgmma of the stage completed).
constexpr int kWsTokens = 128;
constexpr int kWsStages = 6;
constexpr int kWsXBytes = kWsTokens * kChunkK;  // 16 KB
// 8 tiles of 16 weight rows per stage: 1 KB each with 4-bit codes, 2 KB with 8-bit ones.
constexpr int ws_weight_bytes(int bits) { return bits == 4 ? 2 * kWBytesPerWarpgroup : 4 * kWBytesPerWarpgroup; }
constexpr int ws_stage_bytes(int bits) { return kWsXBytes + ws_weight_bytes(bits) + 1024; }  // + 512 B scales, 128 B zeros
constexpr int ws_smem_bytes(int bits) { return kWsStages * ws_stage_bytes(bits) + 1024; }
static_assert(ws_stage_bytes(4) % 1024 == 0 && ws_stage_bytes(8) % 1024 == 0,
              "stages stay 1024-byte aligned (128-byte swizzle)");
static_assert(ws_smem_bytes(8) <= 227 * 1024, "6 stages of 8-bit weights fit one SM");

#ifdef MIXSIM_WGMMA_DEVICE
template <int kRegs>
__device__ __forceinline__ void setmaxnreg_inc() {
  asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(kRegs));
}
template <int kRegs>
__device__ __forceinline__ void setmaxnreg_dec() {
  asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(kRegs));
}
// Barrier 1 over the 256 consumer threads only (the producer warpgroup has left by then).
__device__ __forceinline__ void consumer_barrier() { asm volatile("bar.sync 1, 256;\n" ::: "memory"); }
// Ping-pong order barriers (ids 2 and 3, 256 threads: one consumer waits with bar.sync, the other
// arrives with bar.arrive). Consumer w waits on barrier 2 + w before issuing a chunk's wgmma and
// lets the other one go (barrier 3 - w) right after issuing them.
__device__ __forceinline__ void order_wait(int w) {
  asm volatile("bar.sync %0, 256;\n" ::"r"(2 + w) : "memory");
}
__device__ __forceinline__ void order_pass(int w) {
  asm volatile("bar.arrive %0, 256;\n" ::"r"(3 - w) : "memory");
}
// Bulk copies (TMA) completing on an mbarrier by transaction bytes.
__device__ __forceinline__ void mbar_arrive_expect_tx(uint32_t bar, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes) : "memory");
}
__device__ __forceinline__ void tma_load_2d(uint32_t dst, const CUtensorMap* map, int c0, int c1, uint32_t bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];\n" ::"r"(dst),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(bar)
      : "memory");
}
__device__ __forceinline__ void bulk_load(uint32_t dst, const void* src, uint32_t bytes, uint32_t bar) {
  asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];\n" ::"r"(dst),
               "l"(src), "r"(bytes), "r"(bar)
               : "memory");
}
#endif

// grid: min(tiles, SMs) blocks of 384 threads; tile t covers tokens 128 (t % tiles_m) and weight
// rows 128 (t / tiles_m).
// G: group size, or 0 for one group spanning all of k_pad (W8A8's per-channel scale).
// kFloatScale: the per-group scales are FP32 bit patterns and each group's exact INT32 sum is
// dequantized right after the group (group_dequant_step, W4A8 float scale and W8A8); out_scale
// is then the activation scale s_a itself. Otherwise integer scales (the alpha rule).
// kBits: 4 (packed INT4 codes, widened in registers) or 8 (INT8 codes in A-fragment order).
// kUnits: how work units map to tiles and chunks. kUnitTiles: one unit per tile, chunk range
// [0, chunks) (a compile-time-constant loop shape). kUnitSplitK (integer scale only): split-K
// units, see below. kUnitRuntime: one unit per tile, but the tile and chunk range computed at
// run time as for split-K with splits = 1 (H100 run 14's unit loop, in which every
// instantiation was 5-8% slower at M >= 1024: kept as benchmark variant 5 to measure that cost).
// kUnitSplitKEpilogue: split-K units whose totals a separate epilogue kernel finishes after a
// memset (run 14's split-K, the dispatched one); kUnitSplitK: finished in the kernel (variant 6).
// kPingPong (G > 0 only): the two consumers issue their chunks' wgmma in strict alternation
// (order barriers 2 and 3), so that the tensor cores run one consumer's 4 wgmma while the other
// applies its group scale, instead of interleaving both consumers' wgmma and then idling while
// both apply their scales (benchmark variants 7 and 8; H100 run 18).
// kTma (4-bit weights): one producer thread fills each stage with bulk copies (TMA): the
// activation tile through a tensor map (tmap_x: INT8 X as k_pad x M, box 128 x 128, 128-byte
// swizzle, rows past M zero-filled), the 8 weight tiles (1 KB each) and the scales (and zeros) as
// 1-D bulk copies, all completing on the stage's "full" mbarrier by bytes; the other producer
// threads exit (cp.async: 128 threads, ~10 copies and their addressing each per stage).
constexpr int kUnitTiles = 0, kUnitRuntime = 1, kUnitSplitK = 2, kUnitSplitKEpilogue = 3;
// kPipelined (G > 0): a chunk that does not end its group leaves its wgmma in flight; the next
// chunk's wgmma accumulate behind them, and only a group's last chunk drains the pipe before the
// scale step (wait<1> frees the previous chunk's stage and A registers). With G = 128 every chunk
// ends a group, so this only changes G >= 256 (benchmark variant 13, H100/H200 run 19).
// kDoubleP (integer scale, G > 0, with kTma): two P accumulator sets, used by alternate groups.
// Group g's wgmma write P[g % 2] while the scale step of group g - 1 reads P[(g - 1) % 2], so the
// 64 IMAD of a scale step run while the tensor cores work on the next group instead of between
// the two (benchmark variant 14, run 20). Every branch that reads a P set is placed after the
// wgmma.wait_group that retires that set's wgmma, with the group and chunk positions compile-time
// constants (the body is unrolled over two groups), so ptxas can see that no in-flight wgmma
// writes the registers being read. Registers: 3 x 64 accumulators + 2 x 16 A: setmaxnreg 240 for
// the consumers and 24 for the producer (its one TMA-issuing thread); 24 + 2 x 240 = 3 x 168, the
// launch allocation (32 for the producer, as first written, overdrew it by 8 x 128 and hung).
template <int G, bool kAsym, bool kFloatScale, int kBits, int kUnits = kUnitTiles, bool kPingPong = false,
          bool kTma = false, bool kPipelined = false, bool kDoubleP = false>
__global__ void __launch_bounds__(384, 1)
    w4a8_wgmma_ws_kernel(const uint4* __restrict__ words, const int32_t* __restrict__ int_scales,
                         const uint8_t* __restrict__ zeros, const int8_t* __restrict__ x,
                         const float* __restrict__ out_scale, float* __restrict__ y, int m_total,
                         int n_total, int n_pad, int k_pad, int splits,
                         int32_t* __restrict__ split_totals, const __grid_constant__ CUtensorMap tmap_x,
                         int staged_os) {
#ifdef MIXSIM_WGMMA_DEVICE
  static_assert(kBits == 4 || kBits == 8, "4-bit or 8-bit weight codes");
  static_assert(kBits == 4 || !kAsym, "8-bit weights are symmetric (W8A8)");
  constexpr int kWeightBytes = ws_weight_bytes(kBits);
  constexpr int kStageBytes = ws_stage_bytes(kBits);
  constexpr int kTilePieces = kWeightBytes / 16 / 8;  // 16-byte pieces per 16-row tile and chunk
  extern __shared__ uint8_t smem_raw[];
  const uint32_t smem_unaligned = static_cast<uint32_t>(__cvta_generic_to_shared(smem_raw));
  const uint32_t smem_base = (smem_unaligned + 1023u) & ~1023u;
  const uint8_t* smem_ptr = smem_raw + (smem_base - smem_unaligned);
  __shared__ __align__(8) uint64_t full_bar[kWsStages], empty_bar[kWsStages];
  const uint32_t full0 = static_cast<uint32_t>(__cvta_generic_to_shared(full_bar));
  const uint32_t empty0 = static_cast<uint32_t>(__cvta_generic_to_shared(empty_bar));
  const int tid = threadIdx.x;
  const int chunks = k_pad / kChunkK;
  const int cpg = G > 0 ? G / kChunkK : chunks;  // chunks per group
  const int tiles_m = (m_total + kWsTokens - 1) / kWsTokens;
  const int tiles = tiles_m * (n_pad / 128);
  // Split-K (kSplit): work unit u is tile u / splits and the chunks of split u % splits, a
  // whole number of groups (the host makes every split non-empty); its INT32 totals meet by
  // atomicAdd in split_totals (exact in any order). The last unit of a tile to arrive (a counter
  // per tile after the M x N totals) reads the tile's totals back with atomicExch(0), applies the
  // float scale and resets its counter: no memset and no epilogue kernel, and the scratch is
  // left zero for the next launch (it must be zero before the first).
  constexpr bool kSplit = kUnits == kUnitSplitK || kUnits == kUnitSplitKEpilogue;
  static_assert(!kSplit || (!kFloatScale && G > 0), "split-K: integer scale with groups only");
  const int units = kUnits != kUnitTiles ? tiles * splits : tiles;
  const int chunks_per_split = kUnits != kUnitTiles ? (chunks / cpg + splits - 1) / splits * cpg : chunks;
  // Unit -> (tile, chunk range); with kUnitTiles the range is [0, chunks) for every tile.
  auto unit_range = [&](int unit, int& tile, int& c_begin, int& c_end) {
    if constexpr (kUnits != kUnitTiles) {
      tile = unit / splits;
      c_begin = (unit % splits) * chunks_per_split;
      c_end = min(chunks, c_begin + chunks_per_split);
    } else {
      tile = unit;
      c_begin = 0;
      c_end = chunks;
    }
  };
  if (tid == 0)
    for (int s = 0; s < kWsStages; ++s) {
      mbar_init(full0 + 8u * s, kTma ? 1 : 128);  // cp.async: one arrival per producer thread;
                                                   // TMA: the issuing thread's expect_tx
      mbar_init(empty0 + 8u * s, 256);  // one arrival per consumer thread
    }
  __syncthreads();

  static_assert(!kTma || kBits == 4, "TMA producer: the W4A8 instantiations");
  static_assert(!kDoubleP || (kTma && G > 0 && !kFloatScale && !kPingPong && !kPipelined && G <= 256),
                "two P sets: integer scale, G = 128 or 256, TMA producer, no ping-pong");
  // setmaxnreg moves registers only within the block's own allocation: the launch gives every
  // thread the count ptxas reports (__launch_bounds__(384, 1): 65536 / 384 rounded down to a
  // multiple of 8 = 168), .dec returns the difference to a per-CTA pool and .inc BLOCKS until the
  // pool holds enough (PTX ISA, setmaxnreg). So 128 producer + 256 consumer registers per thread
  // must fit 384 x 168 = 64512, or a consumer warp waits in setmaxnreg.inc forever, never
  // releases a stage and the whole block hangs (variant 14 with 32/240 asked for 65536: H100
  // run 20's hang). 24/240 is exactly 64512 (FlashAttention-3's split); 64/216 is 63488.
  constexpr int kProducerRegs = kDoubleP ? 24 : 64;
  constexpr int kConsumerRegs = kDoubleP ? 240 : 216;
  constexpr int kLaunchRegs = 65536 / 384 / 8 * 8;
  static_assert(128 * kProducerRegs + 256 * kConsumerRegs <= 384 * kLaunchRegs,
                "setmaxnreg: the consumers' .inc must be satisfiable from what the producer releases");
  if (tid < 128) {  // producer
    setmaxnreg_dec<kProducerRegs>();
    if constexpr (kTma) {
      if (tid != 0) return;
      constexpr uint32_t kTx = kWsXBytes + kWeightBytes + 512 + (kAsym ? 128 : 0);
      int gc = 0;
      for (int unit = blockIdx.x; unit < units; unit += gridDim.x) {
        int tile, c_begin, c_end;
        unit_range(unit, tile, c_begin, c_end);
        const int m0 = (tile % tiles_m) * kWsTokens;
        const int nb = (tile / tiles_m) * 128;
        for (int c = c_begin; c < c_end; ++c, ++gc) {
          const int st = gc % kWsStages;
          if (gc >= kWsStages)
            mbar_wait(empty0 + 8u * st, static_cast<uint32_t>(((gc / kWsStages) + 1) & 1));
          const uint32_t base = smem_base + static_cast<uint32_t>(st * kStageBytes);
          const uint32_t fb = full0 + 8u * st;
          mbar_arrive_expect_tx(fb, kTx);
          tma_load_2d(base, &tmap_x, c * kChunkK, m0, fb);
#pragma unroll
          for (int lt = 0; lt < 8; ++lt)
            bulk_load(base + static_cast<uint32_t>(kWsXBytes + lt * kTilePieces * 16),
                      words + (static_cast<int64_t>(nb / 16 + lt) * chunks + c) * kTilePieces, kTilePieces * 16, fb);
          const int64_t grp_off = static_cast<int64_t>(c / cpg) * n_pad;
          const uint32_t sbase = base + static_cast<uint32_t>(kWsXBytes + kWeightBytes);
          bulk_load(sbase, int_scales + grp_off + nb, 512, fb);
          if constexpr (kAsym) bulk_load(sbase + 512, zeros + grp_off + nb, 128, fb);
        }
      }
      return;
    }
    int gc = 0;  // chunks loaded by this block so far: the stage ring runs on across tiles
    for (int unit = blockIdx.x; unit < units; unit += gridDim.x) {
      int tile, c_begin, c_end;
      unit_range(unit, tile, c_begin, c_end);
      const int m0 = (tile % tiles_m) * kWsTokens;
      const int nb = (tile / tiles_m) * 128;  // first weight row of the tile
      for (int c = c_begin; c < c_end; ++c, ++gc) {
        const int st = gc % kWsStages;
        if (gc >= kWsStages)
          mbar_wait(empty0 + 8u * st, static_cast<uint32_t>(((gc / kWsStages) + 1) & 1));
        const uint32_t base = smem_base + static_cast<uint32_t>(st * kStageBytes);
#pragma unroll
        for (int i = 0; i < kWsTokens * 8 / 128; ++i) {  // activations, 128-byte swizzle
          const int idx = tid + 128 * i;
          const int r = idx >> 3, u = idx & 7;
          const int m = min(m0 + r, m_total - 1);  // ragged M: re-read the last row, never stored
          cp_async_16(base + static_cast<uint32_t>(r * 128 + ((u ^ (r & 7)) << 4)),
                      x + static_cast<int64_t>(m) * k_pad + c * kChunkK + u * 16);
        }
#pragma unroll
        for (int i = 0; i < kWeightBytes / 16 / 128; ++i) {  // weights: 8 tiles, contiguous each
          const int p = tid + 128 * i;
          cp_async_16(base + static_cast<uint32_t>(kWsXBytes + p * 16),
                      words + (static_cast<int64_t>(nb / 16 + p / kTilePieces) * chunks + c) * kTilePieces +
                          p % kTilePieces);
        }
        const int64_t grp_off = static_cast<int64_t>(c / cpg) * n_pad;
        const uint32_t sbase = base + static_cast<uint32_t>(kWsXBytes + kWeightBytes);
        if (tid < 32) {
          cp_async_16(sbase + static_cast<uint32_t>(tid * 16), int_scales + grp_off + nb + tid * 4);
        } else if (kAsym && tid < 40) {
          const int lr = (tid - 32) * 16;
          cp_async_16(sbase + static_cast<uint32_t>(512 + lr), zeros + grp_off + nb + lr);
        }
        mbar_arrive_on_cp_async(full0 + 8u * st);
      }
    }
    cp_async_wait<0>();
    return;
  }

  setmaxnreg_inc<kConsumerRegs>();
  const int ctid = tid - 128;
  const int w = ctid >> 7;  // consumer index: rows nb + 64 w
  const int lane = ctid & 31, wq = (ctid >> 5) & 3;
  const int g = lane >> 2, t = lane & 3;
  const int lr0 = w * 64 + wq * 16 + g;  // local rows lr0 and lr0 + 8 of this thread
  using Total = std::conditional_t<kFloatScale, float, int32_t>;
  int32_t part[64];
  int32_t part2[kDoubleP ? 64 : 1];  // kDoubleP: the P set of odd groups
  Total total[64];
#pragma unroll
  for (int i = 0; i < 64; ++i) part[i] = 0;
#pragma unroll
  for (int i = 0; i < (kDoubleP ? 64 : 1); ++i) part2[i] = 0;
  uint32_t a0[4][4], a1[4][4];
  int32_t s0 = 0, s1 = 0;  // scales of the current group (read at its last chunk; FP32 bits
                           // when kFloatScale)
  int gbase = 0;           // chunks of earlier units consumed by this block, minus the current
                           // unit's first chunk: (gbase + c) is chunk c's stage ring position

  // Waits for chunk c's stage, moves this thread's weights of it into a, reads the scales.
  auto prepare = [&](int c, uint32_t (&a)[4][4]) {
    const int st = (gbase + c) % kWsStages;
    mbar_wait(full0 + 8u * st, static_cast<uint32_t>(((gbase + c) / kWsStages) & 1));
    fence_proxy_async();
    const uint8_t* stage_ptr = smem_ptr + st * kStageBytes;
    const uint8_t* sz = stage_ptr + kWsXBytes + kWeightBytes;
    if (!kDoubleP && (c + 1) % cpg == 0) {  // kDoubleP reads them in dstep
      s0 = reinterpret_cast<const int32_t*>(sz)[lr0];
      s1 = reinterpret_cast<const int32_t*>(sz)[lr0 + 8];
    }
    if constexpr (kBits == 8) {
      // Tile layout (pack_w8a8_wgmma): piece (h * 2 + q) * 32 + lane holds, for row g + 8h,
      // the words {k32 step 2q low half, 2q high half, 2q+1 low, 2q+1 high}.
      const uint4* ws = reinterpret_cast<const uint4*>(stage_ptr + kWsXBytes) + (w * 4 + wq) * 128 + lane;
      const uint4 v00 = ws[0], v01 = ws[32], v10 = ws[64], v11 = ws[96];
      a[0][0] = v00.x, a[0][2] = v00.y, a[1][0] = v00.z, a[1][2] = v00.w;
      a[2][0] = v01.x, a[2][2] = v01.y, a[3][0] = v01.z, a[3][2] = v01.w;
      a[0][1] = v10.x, a[0][3] = v10.y, a[1][1] = v10.z, a[1][3] = v10.w;
      a[2][1] = v11.x, a[2][3] = v11.y, a[3][1] = v11.z, a[3][3] = v11.w;
    } else {
      const uint4* ws = reinterpret_cast<const uint4*>(stage_ptr + kWsXBytes) + (w * 4 + wq) * 64 + lane;
      const uint4 w0v = ws[0], w1v = ws[32];
      uint32_t zb0 = 0x08080808u, zb1 = 0x08080808u;
      if constexpr (kAsym) {
        zb0 = 0x01010101u * sz[512 + lr0];
        zb1 = 0x01010101u * sz[512 + lr0 + 8];
      }
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const uint32_t u0 = word_of(w0v, j), u1 = word_of(w1v, j);
        a[j][0] = centered_bytes(u0 & 0x0F0F0F0Fu, zb0);
        a[j][1] = centered_bytes(u1 & 0x0F0F0F0Fu, zb1);
        a[j][2] = centered_bytes((u0 >> 4) & 0x0F0F0F0Fu, zb0);
        a[j][3] = centered_bytes((u1 >> 4) & 0x0F0F0F0Fu, zb1);
      }
    }
  };
  // Chunk c with its A in a; the next chunk is prepared into a_next while the wgmma run.
  bool pending = false;  // kPipelined: chunk c - 1's wgmma may still run (its stage not yet released)
  auto step = [&](int c, uint32_t (&a)[4][4], uint32_t (&a_next)[4][4], int c_end) {
    const int32_t cur_s0 = s0, cur_s1 = s1;  // prepare(c + 1) may load the next group's
    const uint32_t stage = smem_base + static_cast<uint32_t>(((gbase + c) % kWsStages) * kStageBytes);
    fence_operands(part);
    if constexpr (kPingPong) order_wait(w);
    wgmma_fence();
#pragma unroll
    for (int j = 0; j < 4; ++j)
      wgmma_m64n128k32_s8(part, a[j][0], a[j][1], a[j][2], a[j][3],
                          smem_desc_k_major_sw128(stage + 32u * j), j > 0 || c % cpg != 0);
    wgmma_commit();
    if constexpr (kPingPong) order_pass(w);
    if constexpr (kPipelined) {
      wgmma_wait<1>();  // chunk c - 1 done: its stage and its A registers (a_next) are free
      if (pending) mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gbase + c - 1) % kWsStages));
      if (c + 1 < c_end) prepare(c + 1, a_next);
      pending = (c + 1) % cpg != 0;  // not the group's last chunk: leave its wgmma running
      if (pending) return;
    } else {
      if (c + 1 < c_end) prepare(c + 1, a_next);
    }
    wgmma_wait<0>();
    fence_operands(part);
    mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gbase + c) % kWsStages));
    if ((c + 1) % cpg == 0) {
      if constexpr (kFloatScale) {  // acc = fl32(acc + fl32(s * fl32(P))), groups ascending
        const float f0 = __int_as_float(cur_s0), f1 = __int_as_float(cur_s1);
#pragma unroll
        for (int i = 0; i < 16; ++i) {
          total[4 * i + 0] = group_dequant_step(total[4 * i + 0], f0, part[4 * i + 0]);
          total[4 * i + 1] = group_dequant_step(total[4 * i + 1], f0, part[4 * i + 1]);
          total[4 * i + 2] = group_dequant_step(total[4 * i + 2], f1, part[4 * i + 2]);
          total[4 * i + 3] = group_dequant_step(total[4 * i + 3], f1, part[4 * i + 3]);
        }
      } else {
#pragma unroll
        for (int i = 0; i < 16; ++i) {
          total[4 * i + 0] += cur_s0 * part[4 * i + 0];
          total[4 * i + 1] += cur_s0 * part[4 * i + 1];
          total[4 * i + 2] += cur_s1 * part[4 * i + 2];
          total[4 * i + 3] += cur_s1 * part[4 * i + 3];
        }
      }
    }
  };
  __shared__ int last_unit_of_tile;  // kSplit: this unit completes its tile
  static_assert(!kPingPong || G > 0, "ping-pong: groups of K (the one-group W8A8 loop keeps a batch in flight)");
  // Ping-pong: consumer 0 goes first. Every step of consumer 1 arrives once on barrier 2 and
  // consumer 0 waits there once per step; the first arrival here and the last wait after the
  // unit loop balance the two, so no barrier is left half-arrived at exit.
  if constexpr (kPingPong)
    if (w == 1) asm volatile("bar.arrive 2, 256;\n" ::: "memory");
  // staged_os (variant 15, float-scale mode 4; no ping-pong, no split-K): the unit's 128 token
  // scales are loaded into registers (one per thread of the first consumer) before its K loop,
  // so their latency hides behind the wgmma, and staged in shared memory for the epilogue (two
  // slots and a consumer barrier, as in w8a8_wgmma_gemm.cu); otherwise the epilogue loads them
  // itself. H200 run 21: the W8A8 fused kernel's epilogue loads cost it 20-39% of its time.
  const bool stage_os = !kSplit && !kPingPong && staged_os != 0;
  __shared__ float unit_os[2][kWsTokens];
  int os_slot = 0;
  for (int unit = blockIdx.x; unit < units; unit += gridDim.x, os_slot ^= 1) {
    int tile, c_begin, c_end;
    unit_range(unit, tile, c_begin, c_end);
    if constexpr (kUnits != kUnitTiles) {
      if (c_begin >= c_end) continue;  // never (the host avoids empty splits); the producer skips it too
    }
    gbase -= c_begin;
    const int m0 = (tile % tiles_m) * kWsTokens;
    const int nb = (tile / tiles_m) * 128;
    float os_mine = 0.0f;
    if (stage_os && ctid < kWsTokens && m0 + ctid < m_total) os_mine = out_scale[m0 + ctid];
#pragma unroll
    for (int i = 0; i < 64; ++i) total[i] = Total{0};
    prepare(c_begin, a0);
    if constexpr (G == 0) {
      // One group spanning K: the wgmma sums run on over every chunk, so chunk c's wgmma are
      // issued before chunk c - 1's complete (one batch in flight, as CUTLASS's main loops do),
      // and the scale step runs once, after the last chunk.
      static_assert(G != 0 || kFloatScale, "one group of K is W8A8 (float scale)");
      auto issue = [&](int c, uint32_t (&a)[4][4]) {
        const uint32_t stage = smem_base + static_cast<uint32_t>(((gbase + c) % kWsStages) * kStageBytes);
        wgmma_fence();
#pragma unroll
        for (int j = 0; j < 4; ++j)
          wgmma_m64n128k32_s8(part, a[j][0], a[j][1], a[j][2], a[j][3],
                              smem_desc_k_major_sw128(stage + 32u * j), j > 0 || c > 0);
        wgmma_commit();
      };
      auto release = [&](int c) { mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gbase + c) % kWsStages)); };
      fence_operands(part);
      issue(0, a0);
      int c = 1;
      for (; c + 2 <= chunks; c += 2) {
        prepare(c, a1);
        issue(c, a1);
        wgmma_wait<1>();
        release(c - 1);
        prepare(c + 1, a0);
        issue(c + 1, a0);
        wgmma_wait<1>();
        release(c);
      }
      if (c < chunks) {
        prepare(c, a1);
        issue(c, a1);
        wgmma_wait<1>();
        release(c - 1);
      }
      wgmma_wait<0>();
      fence_operands(part);
      release(chunks - 1);
      if constexpr (kFloatScale) {
        const float f0 = __int_as_float(s0), f1 = __int_as_float(s1);
#pragma unroll
        for (int i = 0; i < 16; ++i) {
          total[4 * i + 0] = group_dequant_step(total[4 * i + 0], f0, part[4 * i + 0]);
          total[4 * i + 1] = group_dequant_step(total[4 * i + 1], f0, part[4 * i + 1]);
          total[4 * i + 2] = group_dequant_step(total[4 * i + 2], f1, part[4 * i + 2]);
          total[4 * i + 3] = group_dequant_step(total[4 * i + 3], f1, part[4 * i + 3]);
        }
      }
    } else if constexpr (kDoubleP) {
      constexpr int kCpg = G > 0 ? G / kChunkK : 1;  // chunks per group: 1 or 2
      int32_t ps0 = 0, ps1 = 0;  // scales of the group whose P waits for its scale step
      auto scale_step = [&](int32_t (&p)[64]) {
        fence_operands(p);
#pragma unroll
        for (int i = 0; i < 16; ++i) {
          total[4 * i + 0] += ps0 * p[4 * i + 0];
          total[4 * i + 1] += ps0 * p[4 * i + 1];
          total[4 * i + 2] += ps1 * p[4 * i + 2];
          total[4 * i + 3] += ps1 * p[4 * i + 3];
        }
      };
      // Chunk c at position K of a two-group body. A group's first chunk waits for every earlier
      // wgmma (so the previous group's P and the previous chunk's A and stage are free), issues
      // its wgmma into p and, while they run, applies the previous group's scale step to
      // p_other. A later chunk of the group (G = 256) issues behind the one in flight and then
      // waits for that one (wait_group 1) before releasing its stage. Only one P set and one A
      // set are written by wgmma in flight at any time: 3 x 64 + 2 x 16 registers at the peak.
      auto dstep = [&](auto kpos, int c, uint32_t (&a)[4][4], uint32_t (&a_next)[4][4], int32_t (&p)[64],
                       int32_t (&p_other)[64], auto has_prev_t) {
        constexpr int K = decltype(kpos)::value;
        constexpr bool has_prev = decltype(has_prev_t)::value;  // compile-time, so that no P set is
                                                                // live across a tile's epilogue
        constexpr bool kFirstOfGroup = K % kCpg == 0;
        constexpr bool kLastOfGroup = K % kCpg == kCpg - 1;
        const int st = (gbase + c) % kWsStages;
        const uint32_t stage = smem_base + static_cast<uint32_t>(st * kStageBytes);
        if constexpr (kFirstOfGroup) {
          wgmma_wait<0>();
          if constexpr (has_prev) {
            mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gbase + c - 1) % kWsStages));
            fence_operands(p_other);
          }
        } else {
          fence_operands(p);
        }
        wgmma_fence();
        if constexpr (kFirstOfGroup)
          wgmma_m64n128k32_s8_overwrite(p, a[0][0], a[0][1], a[0][2], a[0][3], smem_desc_k_major_sw128(stage));
        else
          wgmma_m64n128k32_s8(p, a[0][0], a[0][1], a[0][2], a[0][3], smem_desc_k_major_sw128(stage), 1);
#pragma unroll
        for (int j = 1; j < 4; ++j)
          wgmma_m64n128k32_s8(p, a[j][0], a[j][1], a[j][2], a[j][3], smem_desc_k_major_sw128(stage + 32u * j), 1);
        wgmma_commit();
        if constexpr (kFirstOfGroup) {
          if constexpr (has_prev) scale_step(p_other);
        } else {
          wgmma_wait<1>();  // chunk c - 1 (same group) done: its stage and A registers are free
          mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gbase + c - 1) % kWsStages));
        }
        if constexpr (kLastOfGroup) {  // this group's scales, from chunk c's stage (still held)
          const int32_t* sc = reinterpret_cast<const int32_t*>(smem_ptr + st * kStageBytes + kWsXBytes + kWeightBytes);
          ps0 = sc[lr0];
          ps1 = sc[lr0 + 8];
        }
        if (c + 1 < c_end) prepare(c + 1, a_next);
      };
      using P0 = std::integral_constant<int, 0>;
      using P1 = std::integral_constant<int, 1>;
      using P2 = std::integral_constant<int, 2>;
      using P3 = std::integral_constant<int, 3>;
      const std::true_type prev;
      const std::false_type no_prev;
      // Group 0 of the unit into part (no previous group), then pairs of groups into part2 and
      // part, then a last group into part2 if one is left; A sets alternate per chunk.
      const int groups = (c_end - c_begin) / kCpg;
      int c = c_begin;
      dstep(P0{}, c, a0, a1, part, part2, no_prev);
      if constexpr (kCpg == 2) dstep(P1{}, c + 1, a1, a0, part, part2, prev);
      c += kCpg;
      int gi = 1;
      for (; gi + 2 <= groups; gi += 2, c += 2 * kCpg) {
        if constexpr (kCpg == 1) {
          dstep(P0{}, c, a1, a0, part2, part, prev);
          dstep(P1{}, c + 1, a0, a1, part, part2, prev);
        } else {
          dstep(P0{}, c, a0, a1, part2, part, prev);
          dstep(P1{}, c + 1, a1, a0, part2, part, prev);
          dstep(P2{}, c + 2, a0, a1, part, part2, prev);
          dstep(P3{}, c + 3, a1, a0, part, part2, prev);
        }
      }
      if (gi < groups) {
        if constexpr (kCpg == 1) {
          dstep(P0{}, c, a1, a0, part2, part, prev);
        } else {
          dstep(P0{}, c, a0, a1, part2, part, prev);
          dstep(P1{}, c + 1, a1, a0, part2, part, prev);
        }
      }
      wgmma_wait<0>();
      mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gbase + c_end - 1) % kWsStages));
      if (groups % 2 == 0)
        scale_step(part2);
      else
        scale_step(part);
    } else {
      int c = c_begin;
      for (; c + 2 <= c_end; c += 2) {
        step(c, a0, a1, c_end);
        step(c + 1, a1, a0, c_end);
      }
      if (c < c_end) step(c, a0, a1, c_end);
    }
    gbase += c_end;
    if (stage_os) {
      if (ctid < kWsTokens) unit_os[os_slot][ctid] = os_mine;
      consumer_barrier();
    }

    const int row0 = nb + w * 64 + wq * 16;
#pragma unroll
    for (int i = 0; i < 16; ++i)
#pragma unroll
      for (int e = 0; e < 2; ++e) {
        const int m = m0 + 8 * i + 2 * t + e;
        if (m >= m_total) continue;
        const float os = stage_os ? unit_os[os_slot][m - m0] : out_scale[m];
#pragma unroll
        for (int h = 0; h < 2; ++h) {
          const int n = row0 + g + 8 * h;
          if (n >= n_total) continue;
          if constexpr (kFloatScale) {
            y[static_cast<int64_t>(m) * n_total + n] = group_dequant_output(total[4 * i + 2 * h + e], os);
          } else if constexpr (kSplit) {
            (void)os;
            atomicAdd(split_totals + static_cast<int64_t>(m) * n_total + n, total[4 * i + 2 * h + e]);
          } else if (kUnits == kUnitRuntime && split_totals != nullptr) {  // run 14's run-time test
            atomicAdd(split_totals + static_cast<int64_t>(m) * n_total + n, total[4 * i + 2 * h + e]);
          } else {
            y[static_cast<int64_t>(m) * n_total + n] =
                intscale_output(static_cast<int64_t>(total[4 * i + 2 * h + e]), os);
          }
        }
      }
    if constexpr (kUnits == kUnitSplitK) {
      // Publish this unit's sums, then count it; the last of the tile's units finishes the tile.
      __threadfence();
      consumer_barrier();
      if (ctid == 0) {
        int* counter = reinterpret_cast<int*>(split_totals + static_cast<int64_t>(m_total) * n_total) + tile;
        const bool last = atomicAdd(counter, 1) == splits - 1;
        if (last) *counter = 0;  // every unit of the tile has arrived: reset for the next launch
        last_unit_of_tile = last;
      }
      consumer_barrier();
      if (last_unit_of_tile) {
        __threadfence();
        // First all 64 loads (from L2, independent, in flight together), then the outputs, then
        // the zeros. (Run 15 read each total back with a returning atomicExch: 64 L2 round trips
        // one after another per thread, ~15 us per launch.)
        auto for_each_output = [&](auto&& fn) {
#pragma unroll
          for (int i = 0; i < 16; ++i)
#pragma unroll
            for (int e = 0; e < 2; ++e)
#pragma unroll
              for (int h = 0; h < 2; ++h) {
                const int m = m0 + 8 * i + 2 * t + e, n = row0 + g + 8 * h;
                if (m < m_total && n < n_total) fn(4 * i + 2 * h + e, m, static_cast<int64_t>(m) * n_total + n);
              }
        };
        for_each_output([&](int r, int, int64_t idx) { total[r] = __ldcg(split_totals + idx); });
        for_each_output([&](int r, int m, int64_t idx) {
          y[idx] = intscale_output(static_cast<int64_t>(total[r]), out_scale[m]);
        });
        for_each_output([&](int, int, int64_t idx) { __stcg(split_totals + idx, 0); });
      }
    }
  }
  if constexpr (kPingPong)
    if (w == 0) order_wait(0);
#else
  __trap();
#endif
}

int64_t ws_tiles(const W4A8Shape& s, int64_t m) { return (m + kWsTokens - 1) / kWsTokens * (s.n_pad / 128); }

// INT8 activations (M x k_pad, row-major) as a TMA tensor map: box 128 K x 128 rows, 128-byte
// swizzle (the layout the wgmma B descriptor names), rows past M zero-filled.
CUtensorMap activation_tensor_map(const int8_t* x, int64_t m, int64_t k_pad) {
  static PFN_cuTensorMapEncodeTiled_v12000 encode = [] {
    void* fn = nullptr;
    cudaDriverEntryPointQueryResult q{};
    MIXSIM_CUDA_CHECK(cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &fn, 12000, cudaEnableDefault, &q));
    if (fn == nullptr || q != cudaDriverEntryPointSuccess)
      throw std::runtime_error("cuda w4a8 wgmma: cuTensorMapEncodeTiled not found in the driver");
    return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(fn);
  }();
  CUtensorMap map{};
  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(k_pad), static_cast<cuuint64_t>(m)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(k_pad)};  // bytes, rows
  const cuuint32_t box[2] = {kChunkK, kWsTokens};
  const cuuint32_t elem_strides[2] = {1, 1};
  const CUresult r = encode(&map, CU_TENSOR_MAP_DATA_TYPE_UINT8, 2, const_cast<int8_t*>(x), dims, strides, box,
                            elem_strides, CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
                            CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS)
    throw std::runtime_error("cuda w4a8 wgmma: cuTensorMapEncodeTiled failed (" + std::to_string(static_cast<int>(r)) + ")");
  return map;
}

template <int G, bool kAsym, bool kFloatScale, int kBits, int kUnits, bool kPingPong = false, bool kTma = false,
          bool kPipelined = false, bool kDoubleP = false>
void launch_ws_kernel(const W4A8DeviceWeights& w, const int8_t* x, const float* os, int64_t m,
                      float* y, cudaStream_t stream, int splits, int32_t* split_totals, int sms,
                      bool staged_os = false) {
  auto* kernel = &w4a8_wgmma_ws_kernel<G, kAsym, kFloatScale, kBits, kUnits, kPingPong, kTma, kPipelined, kDoubleP>;
  const CUtensorMap tmap = kTma ? activation_tensor_map(x, m, w.shape.k_pad) : CUtensorMap{};
  constexpr int kSmem = ws_smem_bytes(kBits);
  MIXSIM_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem));
  const dim3 grid(static_cast<unsigned>(std::min<int64_t>(ws_tiles(w.shape, m) * splits, sms)));
  kernel<<<grid, 384, kSmem, stream>>>(w.words, w.integer_scales, w.zeros, x, os, y,
                                       static_cast<int>(m), static_cast<int>(w.shape.n),
                                       static_cast<int>(w.shape.n_pad),
                                       static_cast<int>(w.shape.k_pad), splits, split_totals, tmap,
                                       staged_os ? 1 : 0);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

// finish_in_kernel = false (the dispatched default): run 14's split-K (memset of the M x N
// totals, then the split kernel, then launch_intscale_epilogue). true (variant 6): the last unit
// of each tile finishes it in the kernel (no memset, no epilogue launch). Run 15 measured the
// in-kernel finish with one returning atomicExch per element: ~15 us slower per launch; the
// version with plain L2 loads below was written after the device time ran out and is not yet
// measured, so it is not the default.
// consumers: 0 = as variant 4; 1 = ping-pong (variants 7 and 8); 2 = ping-pong with the TMA
// producer (variants 9 and 10); 3 = the TMA producer alone (variants 11 and 12); 4 = 3 with the
// chunks of a group pipelined (variant 13); 5 = 3 with two P sets (variant 14, integer scale);
// 6 = 3 with the token scales staged in shared memory (variant 15, float-scale mode 4).
// 1-6: G > 0 only.
template <int G, bool kAsym, bool kFloatScale = false, int kBits = 4>
void launch_ws(const W4A8DeviceWeights& w, const int8_t* x, const float* os, int64_t m, float* y,
               cudaStream_t stream, int32_t* split_totals = nullptr, bool finish_in_kernel = false,
               int consumers = 0) {
  int dev = 0, sms = 0;
  MIXSIM_CUDA_CHECK(cudaGetDevice(&dev));
  MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
  if constexpr (!kFloatScale && G > 0) {
    // Split-K where the 128 x 128 tiles leave SMs idle (scratch given only): as many splits as
    // fill the SMs, each a whole number of groups and none empty.
    const int64_t tiles = ws_tiles(w.shape, m);
    if (split_totals != nullptr && tiles < sms) {
      const int64_t groups = w.shape.k_pad / w.shape.group_size;
      const int64_t wanted = std::min<int64_t>(groups, sms / tiles);
      const int64_t per_split = (groups + wanted - 1) / wanted;
      const int splits = static_cast<int>((groups + per_split - 1) / per_split);
      if (splits > 1 && finish_in_kernel)
        return launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitK>(w, x, os, m, y, stream, splits,
                                                                     split_totals, sms);
      if (splits > 1) {
        MIXSIM_CUDA_CHECK(cudaMemsetAsync(split_totals, 0, sizeof(int32_t) * m * w.shape.n, stream));
        if (consumers == 5)
          launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitKEpilogue, false, true, false, true>(
              w, x, os, m, y, stream, splits, split_totals, sms);
        else if (consumers == 4)
          launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitKEpilogue, false, true, true>(w, x, os, m, y, stream,
                                                                                           splits, split_totals, sms);
        else if (consumers == 3 || consumers == 6)  // split-K: nothing to stage (the epilogue kernel scales)
          launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitKEpilogue, false, true>(w, x, os, m, y, stream, splits,
                                                                                     split_totals, sms);
        else if (consumers == 2)
          launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitKEpilogue, true, true>(w, x, os, m, y, stream, splits,
                                                                                    split_totals, sms);
        else if (consumers == 1)
          launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitKEpilogue, true>(w, x, os, m, y, stream, splits,
                                                                              split_totals, sms);
        else
          launch_ws_kernel<G, kAsym, false, kBits, kUnitSplitKEpilogue>(w, x, os, m, y, stream, splits,
                                                                        split_totals, sms);
        return launch_intscale_epilogue(split_totals, os, y, m, w.shape.n, stream);
      }
    }
  }
  if constexpr (G > 0 && kBits == 4 && !kFloatScale) {
    if (consumers == 5)
      return launch_ws_kernel<G, kAsym, false, kBits, kUnitTiles, false, true, false, true>(w, x, os, m, y, stream,
                                                                                           1, nullptr, sms);
  }
  if constexpr (G > 0 && kBits == 4) {
    if (consumers == 4)
      return launch_ws_kernel<G, kAsym, kFloatScale, kBits, kUnitTiles, false, true, true>(w, x, os, m, y, stream,
                                                                                          1, nullptr, sms);
    if (consumers == 3 || consumers == 6)
      return launch_ws_kernel<G, kAsym, kFloatScale, kBits, kUnitTiles, false, true>(w, x, os, m, y, stream, 1,
                                                                                    nullptr, sms, consumers == 6);
    if (consumers == 2)
      return launch_ws_kernel<G, kAsym, kFloatScale, kBits, kUnitTiles, true, true>(w, x, os, m, y, stream, 1,
                                                                                   nullptr, sms);
    if (consumers == 1)
      return launch_ws_kernel<G, kAsym, kFloatScale, kBits, kUnitTiles, true>(w, x, os, m, y, stream, 1,
                                                                             nullptr, sms);
  }
  launch_ws_kernel<G, kAsym, kFloatScale, kBits, kUnitTiles>(w, x, os, m, y, stream, 1, nullptr, sms);
}

template <int G, bool kAsym, int kWG, bool kDecoupled>
void launch_variant(const W4A8DeviceWeights& w, const int8_t* x, const float* os, int64_t m,
                    float* y, cudaStream_t stream) {
  const int smem = stage_count(kWG) * stage_bytes(kWG) + 1024;
  auto* kernel = &w4a8_wgmma_kernel<G, kAsym, kWG, kDecoupled>;
  MIXSIM_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
  const dim3 grid(static_cast<unsigned>((m + kTokensPerBlock - 1) / kTokensPerBlock),
                  static_cast<unsigned>((w.shape.n_pad + kRowsPerWarpgroup * kWG - 1) /
                                        (kRowsPerWarpgroup * kWG)));
  kernel<<<grid, kWG * 128, smem, stream>>>(w.words, w.integer_scales, w.zeros, x, os, y,
                                            static_cast<int>(m), static_cast<int>(w.shape.n),
                                            static_cast<int>(w.shape.n_pad),
                                            static_cast<int>(w.shape.k_pad));
  MIXSIM_CUDA_CHECK_LAUNCH();
}

template <int G>
void launch_g(const W4A8DeviceWeights& w, const int8_t* x, const float* os, int64_t m, float* y,
              cudaStream_t stream, int variant, int32_t* split_totals) {
  if (variant == 4 || variant >= 6) {
    // 7: ping-pong, never split; 8: ping-pong, split-K (memset + epilogue) where tiles < SMs;
    // 9, 10: as 7, 8 with the TMA producer; 11, 12: as 4 (never split, split) with the TMA
    // producer and no ping-pong.
    // 13: as 12 with the chunks of a group pipelined (kPipelined).
    int32_t* const scratch = variant == 7 || variant == 9 || variant == 11 ? nullptr : split_totals;  // 15 splits as 12
    // 14: as 12 with two P sets (kDoubleP: a group's scale step overlaps the next group's wgmma).
    // 15: as 12 with the token scales staged in shared memory before the epilogue.
    const int pp = variant == 15 ? 6 : variant == 14 ? 5 : variant == 13 ? 4 : variant >= 11 ? 3 : variant >= 9 ? 2 : variant >= 7 ? 1 : 0;
    return w.shape.asymmetric ? launch_ws<G, true>(w, x, os, m, y, stream, scratch, variant == 6, pp)
                              : launch_ws<G, false>(w, x, os, m, y, stream, scratch, variant == 6, pp);
  }
  if (variant == 5) {  // variant 4 with run 14's run-time unit loop, never split (benchmark)
    int dev = 0, sms = 0;
    MIXSIM_CUDA_CHECK(cudaGetDevice(&dev));
    MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
    return w.shape.asymmetric
               ? launch_ws_kernel<G, true, false, 4, kUnitRuntime>(w, x, os, m, y, stream, 1, nullptr, sms)
               : launch_ws_kernel<G, false, false, 4, kUnitRuntime>(w, x, os, m, y, stream, 1, nullptr, sms);
  }
  if (w.shape.asymmetric) {
    if (variant == 0) return launch_variant<G, true, 1, false>(w, x, os, m, y, stream);
    if (variant == 1) return launch_variant<G, true, 2, false>(w, x, os, m, y, stream);
    if (variant == 2) return launch_variant<G, true, 2, true>(w, x, os, m, y, stream);
    return launch_variant<G, true, 3, true>(w, x, os, m, y, stream);
  }
  if (variant == 0) return launch_variant<G, false, 1, false>(w, x, os, m, y, stream);
  if (variant == 1) return launch_variant<G, false, 2, false>(w, x, os, m, y, stream);
  if (variant == 2) return launch_variant<G, false, 2, true>(w, x, os, m, y, stream);
  return launch_variant<G, false, 3, true>(w, x, os, m, y, stream);
}

}  // namespace

W4A8HostPacked pack_w4a8_wgmma(const QuantizedMatrix& w, const IntegerScales& scales) {
  W4A8HostPacked p = pack_w4a8(w, scales);  // shape, scales and zeros are shared
  const W4A8Shape& s = p.shape;
  const int code_offset = w.is_symmetric ? 8 : 0;
  auto stored = [&](int64_t n, int64_t k) -> uint32_t {
    if (n >= w.rows || k >= w.cols) return 8;
    return static_cast<uint32_t>(w.code(n, k) + code_offset) & 0xF;
  };
  const int64_t chunks = s.k_pad / kChunkK;
  for (int64_t tile = 0; tile < s.n_pad / 16; ++tile)
    for (int64_t c = 0; c < chunks; ++c)
      for (int h = 0; h < 2; ++h)
        for (int lane = 0; lane < 32; ++lane)
          for (int j = 0; j < 4; ++j) {
            const int g = lane >> 2, t = lane & 3;
            const int64_t n = tile * 16 + g + 8 * h;
            const int64_t k0 = c * kChunkK + 32 * j + 4 * t;
            uint32_t word = 0;
            for (int i = 0; i < 4; ++i) {
              word |= stored(n, k0 + i) << (8 * i);
              word |= stored(n, k0 + 16 + i) << (8 * i + 4);
            }
            p.words[static_cast<size_t>((((tile * chunks + c) * 2 + h) * 32 + lane) * 4 + j)] = word;
          }
  return p;
}

W4A8HostPacked pack_w4a8_wgmma_float_scale(const QuantizedMatrix& w) {
  IntegerScales bits;  // the FP32 scales' bit patterns, laid out like integer scales
  bits.scales.reserve(w.scales.size());
  for (float s : w.scales) bits.scales.push_back(std::bit_cast<int32_t>(s));
  return pack_w4a8_wgmma(w, bits);
}

W4A8HostPacked pack_w8a8_wgmma(const QuantizedMatrix& w) {
  if (w.bits != 8 || !w.is_symmetric || w.group_size != w.cols)
    throw std::invalid_argument("cuda w8a8 (wgmma): weights must be symmetric 8-bit per-channel");
  W4A8HostPacked p;
  W4A8Shape& s = p.shape;
  s.n = w.rows;
  s.k = w.cols;
  s.n_pad = (w.rows + 127) / 128 * 128;
  s.k_pad = (w.cols + kChunkK - 1) / kChunkK * kChunkK;
  s.group_size = static_cast<int>(s.k_pad);  // one group: zero padding adds nothing to P
  s.asymmetric = false;
  p.integer_scales.assign(static_cast<size_t>(s.n_pad), 0);
  for (int64_t n = 0; n < w.rows; ++n)
    p.integer_scales[static_cast<size_t>(n)] = std::bit_cast<int32_t>(w.scale(n, 0));
  auto code = [&](int64_t n, int64_t k) -> uint32_t {
    if (n >= w.rows || k >= w.cols) return 0;
    return static_cast<uint32_t>(static_cast<uint8_t>(w.code(n, k)));
  };
  const int64_t chunks = s.k_pad / kChunkK;
  p.words.assign(static_cast<size_t>(s.n_pad * s.k_pad / 4), 0);
  for (int64_t tile = 0; tile < s.n_pad / 16; ++tile)
    for (int64_t c = 0; c < chunks; ++c)
      for (int h = 0; h < 2; ++h)
        for (int q = 0; q < 2; ++q)
          for (int lane = 0; lane < 32; ++lane)
            for (int e = 0; e < 4; ++e) {
              const int g = lane >> 2, t = lane & 3;
              const int j = 2 * q + (e >> 1), hi = e & 1;  // k32 step, high 16 of the 32
              const int64_t n = tile * 16 + g + 8 * h;
              const int64_t k0 = c * kChunkK + 32 * j + 16 * hi + 4 * t;
              uint32_t word = 0;
              for (int i = 0; i < 4; ++i) word |= code(n, k0 + i) << (8 * i);
              p.words[static_cast<size_t>((((tile * chunks + c) * 4 + h * 2 + q) * 32 + lane) * 4 + e)] = word;
            }
  return p;
}

bool w4a8_wgmma_supported(const W4A8Shape& s) {
  if (s.group_size % kChunkK != 0 || s.n_pad % (2 * kRowsPerWarpgroup) != 0) return false;
  int dev = 0, major = 0, minor = 0;
  if (cudaGetDevice(&dev) != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
  MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev));
  return major == 9 && minor == 0;  // sm_90a code runs on compute capability 9.0 only
}

int w4a8_wgmma_default_variant(const W4A8Shape&, int64_t) {
  // H200 run 4 (docs/PERFORMANCE.md): the persistent warp-specialized variant 4 was faster than
  // variant 0 on 29 of the 30 shape x M points (M = 128..4096), up to 1.25x at M >= 512; the
  // exception (11008 x 4096, M = 256) was 9% behind. (H100 run 10 had chosen variant 0.)
  // H100 run 18: variant 4 with the TMA producer (11 unsplit, 12 with split-K where a split
  // scratch is given) was 1.5-5.4% faster than variant 4 on all 18 points at M >= 1024 (round-robin
  // timing, 5 rounds each); ping-pong consumers (7) were 1-4% slower.
  // Run 20 added variant 14 (12 with two P sets) but got no device machine to measure or verify
  // it (docs/PERFORMANCE.md, run 20): 12 stays the default until a run compares them.
  return 12;
}

int64_t w4a8_wgmma_split_scratch_words(const W4A8Shape& s, int64_t m) {
  return m * s.n + ws_tiles(s, m);
}

void launch_w4a8_intscale_wgmma(const W4A8DeviceWeights& w, const int8_t* x,
                                const float* out_scale, int64_t m, float* y, cudaStream_t stream,
                                int variant, int32_t* split_totals) {
  if (m <= 0) throw std::invalid_argument("cuda w4a8-intscale (wgmma): M must be positive");
  if (!w4a8_wgmma_supported(w.shape))
    throw std::invalid_argument("cuda w4a8-intscale (wgmma): needs an sm_90 device and G % 128 == 0 (G=" +
                                std::to_string(w.shape.group_size) + ")");
  if (variant >= kW4A8WgmmaVariantCount)
    throw std::invalid_argument("cuda w4a8-intscale (wgmma): no variant " + std::to_string(variant) +
                                "; allowed: -1 (default), 0 .. 15");
  if (variant < 0) variant = w4a8_wgmma_default_variant(w.shape, m);
  if (w.shape.group_size == 128) return launch_g<128>(w, x, out_scale, m, y, stream, variant, split_totals);
  if (w.shape.group_size == 256) return launch_g<256>(w, x, out_scale, m, y, stream, variant, split_totals);
  throw std::invalid_argument("cuda w4a8-intscale (wgmma): group size " +
                              std::to_string(w.shape.group_size) + " not supported; allowed: 128, 256");
}

void launch_wgmma_float_scale(const W4A8DeviceWeights& w, int weight_bits, const int8_t* x,
                              const float* act_scale, int64_t m, float* y, cudaStream_t stream,
                              int ping_pong) {
  const int pp = ping_pong < 0 ? kWgmmaFloatScalePingPongDefault : ping_pong;
  if (pp < 0 || pp > 4) throw std::invalid_argument("cuda wgmma float scale: ping_pong must be -1, 0, 1, 2, 3 or 4");
  if (m <= 0) throw std::invalid_argument("cuda wgmma float scale: M must be positive");
  if (!w4a8_wgmma_supported(w.shape))
    throw std::invalid_argument("cuda wgmma float scale: needs an sm_90 device and G % 128 == 0 (G=" +
                                std::to_string(w.shape.group_size) + ")");
  if (weight_bits == 8) return launch_ws<0, false, true, 8>(w, x, act_scale, m, y, stream);
  if (weight_bits != 4)
    throw std::invalid_argument("cuda wgmma float scale: weight bits must be 4 or 8");
  const bool asym = w.shape.asymmetric;
  const int consumers = pp == 4 ? 6 : pp;  // mode 4: the TMA producer with staged token scales
  if (w.shape.group_size == 128)
    return asym ? launch_ws<128, true, true>(w, x, act_scale, m, y, stream, nullptr, false, consumers)
                : launch_ws<128, false, true>(w, x, act_scale, m, y, stream, nullptr, false, consumers);
  if (w.shape.group_size == 256)
    return asym ? launch_ws<256, true, true>(w, x, act_scale, m, y, stream, nullptr, false, consumers)
                : launch_ws<256, false, true>(w, x, act_scale, m, y, stream, nullptr, false, consumers);
  throw std::invalid_argument("cuda wgmma float scale: group size " +
                              std::to_string(w.shape.group_size) + " not supported; allowed: 128, 256");
}

}  // namespace mixsim::kernels
