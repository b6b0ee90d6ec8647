#include "kernels/cuda/w4a16_gemm.cuh"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/programmatic_launch.cuh"

namespace mixsim::kernels {

namespace {

constexpr int kWarps = 8;

__device__ __forceinline__ uint32_t lop_and_or(uint32_t w, uint32_t mask, uint32_t bits) {
  uint32_t r;
  // (w & mask) | bits in one LOP3 (immediate truth table 0xEA = (a & b) | c).
  asm("lop3.b32 %0, %1, %2, %3, 0xEA;" : "=r"(r) : "r"(w), "r"(mask), "r"(bits));
  return r;
}

__device__ __forceinline__ uint32_t h2_as_u32(__half2 h) { return *reinterpret_cast<uint32_t*>(&h); }
__device__ __forceinline__ __half2 u32_as_h2(uint32_t u) { return *reinterpret_cast<__half2*>(&u); }

__device__ __forceinline__ void mma_f16(float (&c)[4], const uint32_t (&a)[4], uint32_t b0,
                                        uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
      "{%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Four A-fragment registers (rows g, g+8; 8 weights) from one packed word, exact u - z.
__device__ __forceinline__ void dequant_word(uint32_t w, __half2 zlo_g, __half2 zhi_g8,
                                             uint32_t (&a)[4]) {
  const __half2 sixteenth = __float2half2_rn(0.0625f);
  const uint32_t w8 = w >> 8;
  a[0] = h2_as_u32(__hsub2(u32_as_h2(lop_and_or(w, 0x000F000Fu, 0x64006400u)), zlo_g));
  a[1] = h2_as_u32(__hfma2(u32_as_h2(lop_and_or(w, 0x00F000F0u, 0x64006400u)), sixteenth, zhi_g8));
  a[2] = h2_as_u32(__hsub2(u32_as_h2(lop_and_or(w8, 0x000F000Fu, 0x64006400u)), zlo_g));
  a[3] = h2_as_u32(__hfma2(u32_as_h2(lop_and_or(w8, 0x00F000F0u, 0x64006400u)), sixteenth, zhi_g8));
}

__device__ __forceinline__ void cp_async_16(void* smem_dst, const void* gmem_src) {
  const uint32_t dst = static_cast<uint32_t>(__cvta_generic_to_shared(smem_dst));
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(dst), "l"(gmem_src));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int N>
__device__ __forceinline__ void cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N));
}

// Weights are read exactly once: keep them out of L1 (so the activation fragments, which every
// block re-reads, stay there) and let L2 fetch whole 256-byte sectors groups ahead of use.
__device__ __forceinline__ uint4 load_streaming(const uint4* p) {
  uint4 v;
  asm volatile("ld.global.nc.L1::no_allocate.L2::256B.v4.u32 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(p));
  return v;
}

// Programmatic dependent launch (sm_90): a kernel launched with the programmatic-serialization
// attribute may start while the previous kernel of the stream still runs. It lets its own
// dependants launch at once, streams its weights (which nothing before it writes), and waits for
// the previous kernel's results only before it reads activations or writes Y. Without the
// attribute both instructions are no-ops, so every launch of the kernel stays correct.
__device__ __forceinline__ void pdl_launch_dependents() {
  asm volatile("griddepcontrol.launch_dependents;\n" ::: "memory");
}
__device__ __forceinline__ void pdl_wait_for_previous_grid() {
  asm volatile("griddepcontrol.wait;\n" ::: "memory");
}

// Weights stream through a per-warp shared-memory ring of kStages iterations (cp.async, 16 B per
// lane per copy): kStages - 1 iterations (6 KB per warp) are always in flight, without holding
// registers. The iteration's group scales (and zeros) travel in the same slot: loaded into
// registers one iteration ahead instead (H100 runs 1-7), each iteration began with a DRAM miss
// on the scales that the ring did not cover. Lanes read the scales other lanes copied, so a
// warp barrier follows the copy wait.
constexpr int kStages = 4;
constexpr int ring_slot_bytes(int group_size) {
  // 2 KB of weights + 32 B of FP16 scales and 16 B of zero points per group.
  return 2048 + (256 / group_size) * 48;
}
constexpr int ring_bytes(int group_size) { return kWarps * kStages * ring_slot_bytes(group_size); }
static_assert(ring_slot_bytes(32) % 16 == 0 && ring_slot_bytes(256) % 16 == 0, "16-byte cp.async slots");

// grid (n_pad/16, ceil(M / (8*MT))), block 256 = 8 warps splitting K in 256-wide iterations.
template <int MT, int G, bool kAsym>
__global__ void __launch_bounds__(kWarps * 32)
    w4a16_fused_kernel(const uint4* __restrict__ words, const __half* __restrict__ scales,
                       const uint8_t* __restrict__ zeros, const __half* __restrict__ x,
                       float* __restrict__ y, int m_total, int n_total, int k_pad) {
  constexpr int kGroupsPerIter = 256 / G;
  constexpr int kStepsPerGroup = G / 16;
  extern __shared__ uint4 smem[];
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int g = lane >> 2;
  const int t = lane & 3;
  const int tile = blockIdx.x;
  const int m_base = blockIdx.y * 8 * MT;
  const int groups_pad = k_pad / G;
  const int iters = k_pad / 256;
  const int it_begin = iters * warp / kWarps;
  const int it_end = iters * (warp + 1) / kWarps;

  // Activation rows this lane reads (clamped: columns past M are computed and discarded).
  const __half* xrow[MT];
#pragma unroll
  for (int mt = 0; mt < MT; ++mt) {
    const int m = min(m_base + mt * 8 + g, m_total - 1);
    xrow[mt] = x + static_cast<int64_t>(m) * k_pad + 4 * t;
  }
  // Chunk-major layout: chunk c of every tile is contiguous, so the warps streaming the same
  // K range of neighbouring tiles read neighbouring memory (DRAM row locality).
  const int64_t chunk_stride = static_cast<int64_t>(gridDim.x) * 32;  // uint4 per chunk index
  const uint4* wtile = words + static_cast<int64_t>(tile) * 32 + lane;
  constexpr int kSlot = ring_slot_bytes(G);
  uint8_t* ring = reinterpret_cast<uint8_t*>(smem) + warp * kStages * kSlot;
  const __half* stile = scales + static_cast<int64_t>(tile) * groups_pad * 16;
  const uint8_t* ztile = kAsym ? zeros + static_cast<int64_t>(tile) * groups_pad * 16 : nullptr;
  auto issue = [&](int it) {
    uint8_t* slot = ring + ((it - it_begin) % kStages) * kSlot;
#pragma unroll
    for (int c = 0; c < 4; ++c) cp_async_16(slot + (c * 32 + lane) * 16, wtile + (it * 4 + c) * chunk_stride);
    const int64_t group0 = static_cast<int64_t>(it) * kGroupsPerIter;
    if (lane < 2 * kGroupsPerIter)  // scales: 32 B per group
      cp_async_16(slot + 2048 + lane * 16, reinterpret_cast<const uint8_t*>(stile + group0 * 16) + lane * 16);
    else if (kAsym && lane >= 16 && lane < 16 + kGroupsPerIter)  // zeros: 16 B per group
      cp_async_16(slot + 2048 + 32 * kGroupsPerIter + (lane - 16) * 16, ztile + (group0 + lane - 16) * 16);
  };

  float acc[MT][4];
  float part[MT][4];
#pragma unroll
  for (int mt = 0; mt < MT; ++mt)
#pragma unroll
    for (int i = 0; i < 4; ++i) acc[mt][i] = part[mt][i] = 0.0f;

  pdl_launch_dependents();
#pragma unroll
  for (int s = 0; s < kStages - 1; ++s) {
    if (it_begin + s < it_end) issue(it_begin + s);
    cp_async_commit();  // empty groups keep the group count uniform
  }
  pdl_wait_for_previous_grid();  // activations (and Y) may be the previous kernel's

  for (int it = it_begin; it < it_end; ++it) {
    if (it + kStages - 1 < it_end) issue(it + kStages - 1);
    cp_async_commit();
    cp_async_wait<kStages - 1>();  // this iteration's copies have landed (this lane's)
    __syncwarp();                  // ... and every lane's
    const uint8_t* slot = ring + ((it - it_begin) % kStages) * kSlot;
    const __half* ss = reinterpret_cast<const __half*>(slot + 2048);
    const uint8_t* zs = slot + 2048 + 32 * kGroupsPerIter;
    float s_lo[kGroupsPerIter], s_hi[kGroupsPerIter];
    __half2 zlo[kGroupsPerIter], zhi[kGroupsPerIter];
#pragma unroll
    for (int q = 0; q < kGroupsPerIter; ++q) {
      s_lo[q] = __half2float(ss[q * 16 + g]);
      s_hi[q] = __half2float(ss[q * 16 + g + 8]);
      const float z_lo = kAsym ? static_cast<float>(zs[q * 16 + g]) : 8.0f;
      const float z_hi = kAsym ? static_cast<float>(zs[q * 16 + g + 8]) : 8.0f;
      zlo[q] = __float2half2_rn(1024.0f + z_lo);
      zhi[q] = __float2half2_rn(-64.0f - z_hi);
    }
    uint4 wcur[4];
#pragma unroll
    for (int c = 0; c < 4; ++c) wcur[c] = reinterpret_cast<const uint4*>(slot)[c * 32 + lane];
    __syncwarp();  // the slot is refilled three iterations on
#pragma unroll
    for (int c = 0; c < 4; ++c) {
      const uint32_t wv[4] = {wcur[c].x, wcur[c].y, wcur[c].z, wcur[c].w};
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int step = c * 4 + j;  // k16 step within the iteration
        const int q = step / kStepsPerGroup;
        uint32_t a[4];
        dequant_word(wv[j], zlo[q], zhi[q], a);
        const int k_off = it * 256 + step * 16;
#pragma unroll
        for (int mt = 0; mt < MT; ++mt) {
          const uint2 b = __ldg(reinterpret_cast<const uint2*>(xrow[mt] + k_off));
          mma_f16(part[mt], a, b.x, b.y);
        }
        if ((step + 1) % kStepsPerGroup == 0) {
#pragma unroll
          for (int mt = 0; mt < MT; ++mt) {
            acc[mt][0] += s_lo[q] * part[mt][0];
            acc[mt][1] += s_lo[q] * part[mt][1];
            acc[mt][2] += s_hi[q] * part[mt][2];
            acc[mt][3] += s_hi[q] * part[mt][3];
#pragma unroll
            for (int i = 0; i < 4; ++i) part[mt][i] = 0.0f;
          }
        }
      }
    }
  }
  cp_async_wait<0>();
  __syncthreads();  // the ring is reused for the reduction below

  // Cross-warp reduction in a fixed order: red[warp][row][col].
  float* red = reinterpret_cast<float*>(smem);
  constexpr int kCols = 8 * MT;
#pragma unroll
  for (int mt = 0; mt < MT; ++mt) {
    float* base = red + warp * 16 * kCols;
    base[g * kCols + mt * 8 + 2 * t] = acc[mt][0];
    base[g * kCols + mt * 8 + 2 * t + 1] = acc[mt][1];
    base[(g + 8) * kCols + mt * 8 + 2 * t] = acc[mt][2];
    base[(g + 8) * kCols + mt * 8 + 2 * t + 1] = acc[mt][3];
  }
  __syncthreads();
  for (int idx = threadIdx.x; idx < 16 * kCols; idx += blockDim.x) {
    const int row = idx / kCols;
    const int col = idx % kCols;
    float sum = 0.0f;
#pragma unroll
    for (int w = 0; w < kWarps; ++w) sum += red[w * 16 * kCols + idx];
    const int n = tile * 16 + row;
    const int m = m_base + col;
    if (n < n_total && m < m_total) y[static_cast<int64_t>(m) * n_total + n] = sum;
  }
}

// Variant for the decode benchmark sweep: the same arithmetic, weights prefetched kDepth
// iterations ahead into registers (plain 16-byte loads), kW warps per block, kT 16-row tiles per
// block (each activation fragment then feeds kT MMAs: kT times less activation traffic).
template <int MT, int G, bool kAsym, int kDepth, int kW, int kT, bool kPrefetchX>
__global__ void __launch_bounds__(kW * 32)
    w4a16_fused_regs_kernel(const uint4* __restrict__ words, const __half* __restrict__ scales,
                            const uint8_t* __restrict__ zeros, const __half* __restrict__ x,
                            float* __restrict__ y, int m_total, int n_total, int k_pad) {
  constexpr int kGroupsPerIter = 256 / G;
  constexpr int kStepsPerGroup = G / 16;
  constexpr int kBuf = kDepth + 1;
  __shared__ float red[kW * kT * 16 * 8 * MT];
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int g = lane >> 2;
  const int t = lane & 3;
  const int tile0 = blockIdx.x * kT;
  const int tiles = gridDim.x * kT;
  const int m_base = blockIdx.y * 8 * MT;
  const int groups_pad = k_pad / G;
  const int iters = k_pad / 256;
  const int it_begin = iters * warp / kW;
  const int it_end = iters * (warp + 1) / kW;
  const __half* xrow[MT];
#pragma unroll
  for (int mt = 0; mt < MT; ++mt) {
    const int m = min(m_base + mt * 8 + g, m_total - 1);
    xrow[mt] = x + static_cast<int64_t>(m) * k_pad + 4 * t;
  }
  // Chunk-major layout: chunk c of every tile is contiguous, so the warps streaming the same
  // K range of neighbouring tiles read neighbouring memory (DRAM row locality).
  const int64_t chunk_stride = static_cast<int64_t>(tiles) * 32;  // uint4 per chunk index
  const uint4* wtile = words + static_cast<int64_t>(tile0) * 32 + lane;
  float acc[kT][MT][4];
  float part[kT][MT][4];
#pragma unroll
  for (int tt = 0; tt < kT; ++tt)
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
      for (int i = 0; i < 4; ++i) acc[tt][mt][i] = part[tt][mt][i] = 0.0f;
  uint4 buf[kBuf][kT][4];
  // kPrefetchX: the activation fragments of an iteration travel with its weights (they come
  // from L2, and a load right before its MMA stalls the warp for the L2 latency).
  constexpr int kXBuf = kPrefetchX ? kBuf : 1;
  uint2 xbuf[kXBuf][16][MT];
  // Group scales (and zeros) travel with their iteration's weights: loaded right before use, a
  // scale's first touch of a DRAM line would stall the warp once per iteration.
  __half sbuf[kBuf][kT][kGroupsPerIter][2];
  uint8_t zbuf[kBuf][kT][kGroupsPerIter][2];
  auto load_w = [&](int it, uint4 (&dst)[kT][4], __half (&sdst)[kT][kGroupsPerIter][2],
                    uint8_t (&zdst)[kT][kGroupsPerIter][2]) {
#pragma unroll
    for (int c = 0; c < 4; ++c)
#pragma unroll
      for (int tt = 0; tt < kT; ++tt) dst[tt][c] = load_streaming(wtile + (it * 4 + c) * chunk_stride + tt * 32);
#pragma unroll
    for (int tt = 0; tt < kT; ++tt)
#pragma unroll
      for (int q = 0; q < kGroupsPerIter; ++q) {
        const int64_t base = (static_cast<int64_t>(tile0 + tt) * groups_pad + it * kGroupsPerIter + q) * 16;
        sdst[tt][q][0] = scales[base + g];
        sdst[tt][q][1] = scales[base + g + 8];
        if constexpr (kAsym) {
          zdst[tt][q][0] = zeros[base + g];
          zdst[tt][q][1] = zeros[base + g + 8];
        }
      }
  };
  auto load_x = [&](int it, uint2 (&xdst)[16][MT]) {
    if constexpr (kPrefetchX) {
#pragma unroll
      for (int step = 0; step < 16; ++step)
#pragma unroll
        for (int mt = 0; mt < MT; ++mt)
          xdst[step][mt] = __ldg(reinterpret_cast<const uint2*>(xrow[mt] + it * 256 + step * 16));
    }
  };
  pdl_launch_dependents();
#pragma unroll
  for (int d = 0; d < kDepth; ++d)
    if (it_begin + d < it_end) load_w(it_begin + d, buf[d], sbuf[d], zbuf[d]);
  pdl_wait_for_previous_grid();  // activations (and Y) may be the previous kernel's
#pragma unroll
  for (int d = 0; d < kDepth; ++d)
    if (it_begin + d < it_end) load_x(it_begin + d, xbuf[kPrefetchX ? d : 0]);
  for (int it0 = it_begin; it0 < it_end; it0 += kBuf) {
#pragma unroll
    for (int u = 0; u < kBuf; ++u) {
      const int it = it0 + u;
      if (it >= it_end) break;
      if (it + kDepth < it_end) {
        const int slot = (u + kDepth) % kBuf;
        load_w(it + kDepth, buf[slot], sbuf[slot], zbuf[slot]);
        load_x(it + kDepth, xbuf[kPrefetchX ? slot : 0]);
      }
      float s_lo[kT][kGroupsPerIter], s_hi[kT][kGroupsPerIter];
      __half2 zlo[kT][kGroupsPerIter], zhi[kT][kGroupsPerIter];
#pragma unroll
      for (int tt = 0; tt < kT; ++tt)
#pragma unroll
        for (int q = 0; q < kGroupsPerIter; ++q) {
          s_lo[tt][q] = __half2float(sbuf[u][tt][q][0]);
          s_hi[tt][q] = __half2float(sbuf[u][tt][q][1]);
          const float z_lo = kAsym ? static_cast<float>(zbuf[u][tt][q][0]) : 8.0f;
          const float z_hi = kAsym ? static_cast<float>(zbuf[u][tt][q][1]) : 8.0f;
          zlo[tt][q] = __float2half2_rn(1024.0f + z_lo);
          zhi[tt][q] = __float2half2_rn(-64.0f - z_hi);
        }
#pragma unroll
      for (int c = 0; c < 4; ++c) {
#pragma unroll
        for (int j = 0; j < 4; ++j) {
          const int step = c * 4 + j;
          const int q = step / kStepsPerGroup;
          const int k_off = it * 256 + step * 16;
          uint2 b[MT];
#pragma unroll
          for (int mt = 0; mt < MT; ++mt)
            b[mt] = kPrefetchX ? xbuf[kPrefetchX ? u : 0][step][mt]
                               : __ldg(reinterpret_cast<const uint2*>(xrow[mt] + k_off));
#pragma unroll
          for (int tt = 0; tt < kT; ++tt) {
            const uint4& wq = buf[u][tt][c];
            const uint32_t word = j == 0 ? wq.x : j == 1 ? wq.y : j == 2 ? wq.z : wq.w;
            uint32_t a[4];
            dequant_word(word, zlo[tt][q], zhi[tt][q], a);
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) mma_f16(part[tt][mt], a, b[mt].x, b[mt].y);
          }
          if ((step + 1) % kStepsPerGroup == 0) {
#pragma unroll
            for (int tt = 0; tt < kT; ++tt)
#pragma unroll
              for (int mt = 0; mt < MT; ++mt) {
                acc[tt][mt][0] += s_lo[tt][q] * part[tt][mt][0];
                acc[tt][mt][1] += s_lo[tt][q] * part[tt][mt][1];
                acc[tt][mt][2] += s_hi[tt][q] * part[tt][mt][2];
                acc[tt][mt][3] += s_hi[tt][q] * part[tt][mt][3];
#pragma unroll
                for (int i = 0; i < 4; ++i) part[tt][mt][i] = 0.0f;
              }
          }
        }
      }
    }
  }
  constexpr int kCols = 8 * MT;
  constexpr int kRows = 16 * kT;
#pragma unroll
  for (int tt = 0; tt < kT; ++tt)
#pragma unroll
    for (int mt = 0; mt < MT; ++mt) {
      float* base = red + (warp * kRows + tt * 16) * kCols;
      base[g * kCols + mt * 8 + 2 * t] = acc[tt][mt][0];
      base[g * kCols + mt * 8 + 2 * t + 1] = acc[tt][mt][1];
      base[(g + 8) * kCols + mt * 8 + 2 * t] = acc[tt][mt][2];
      base[(g + 8) * kCols + mt * 8 + 2 * t + 1] = acc[tt][mt][3];
    }
  __syncthreads();
  for (int idx = threadIdx.x; idx < kRows * kCols; idx += blockDim.x) {
    float sum = 0.0f;
#pragma unroll
    for (int w = 0; w < kW; ++w) sum += red[w * kRows * kCols + idx];
    const int n = tile0 * 16 + idx / kCols;
    const int m = m_base + idx % kCols;
    if (n < n_total && m < m_total) y[static_cast<int64_t>(m) * n_total + n] = sum;
  }
}

// Stream-K decode kernel (W4A16Variant::kStreamK, M <= 16). Unit u = (tile u / iters, K
// iteration u % iters) of 16 rows x 256 K; global warp gw of nw owns units
// [units * gw / nw, units * (gw + 1) / nw) and streams them back to back through a per-warp
// cp.async ring of kStreamKRing units (weights, group scales and zeros together), so each warp
// keeps kStreamKRing - 1 units (8 KB) in flight across tile boundaries without holding them in
// registers (H200 run 3 prefetched 2 units into registers: 4 KB per warp). At the end of its
// piece of a tile a warp stores its FP32 partial sums in the tile's slot of its rank; the warp
// that completes the tile's count adds the slots in rank order (deterministic for a given grid)
// and writes Y.
constexpr int kStreamKWarps = 8;
constexpr int kStreamKRing = 5;
constexpr int kStreamKSlotBytes = 2048 + 512;  // weights 32 x 4 x 16 B; scales <= 256 B; zeros <= 128 B
constexpr int kStreamKSmemBytes = kStreamKWarps * kStreamKRing * kStreamKSlotBytes;

__device__ __forceinline__ int64_t streamk_first_warp(int64_t unit, int64_t units, int nw) {
  // Largest gw with floor(units * gw / nw) <= unit: the warp whose range holds the unit.
  return ((unit + 1) * nw + units - 1) / units - 1;
}

template <int MT, int G, bool kAsym>
__global__ void __launch_bounds__(kStreamKWarps * 32, 2)
    w4a16_streamk_kernel(const uint4* __restrict__ words, const __half* __restrict__ scales,
                         const uint8_t* __restrict__ zeros, const __half* __restrict__ x,
                         float* __restrict__ y, int m_total, int n_total, int k_pad, int tiles,
                         float* __restrict__ partials, uint32_t* __restrict__ counters,
                         int max_contrib, int active_warps) {
  constexpr int kGroupsPerIter = 256 / G;
  constexpr int kStepsPerGroup = G / 16;
  const int lane = threadIdx.x & 31;
  const int g = lane >> 2, t = lane & 3;
  // nw <= units (host side), so every active warp owns at least one unit and a tile's
  // contributors are exactly the warps first..last of streamk_first_warp.
  const int nw = active_warps;
  const int gw = blockIdx.x * kStreamKWarps + (threadIdx.x >> 5);
  if (gw >= nw) return;
  const int iters = k_pad / 256;
  const int groups_pad = k_pad / G;
  const int64_t units = static_cast<int64_t>(tiles) * iters;
  const int64_t u_begin = units * gw / nw, u_end = units * (gw + 1) / nw;
  const __half* xrow[MT];
#pragma unroll
  for (int mt = 0; mt < MT; ++mt)
    xrow[mt] = x + static_cast<int64_t>(min(mt * 8 + g, m_total - 1)) * k_pad + 4 * t;
  const int64_t chunk_stride = static_cast<int64_t>(tiles) * 32;

  extern __shared__ uint4 streamk_smem[];
  uint8_t* ring = reinterpret_cast<uint8_t*>(streamk_smem) +
                  (threadIdx.x >> 5) * kStreamKRing * kStreamKSlotBytes;
  // Unit u into ring slot `slot`: lane L copies its 4 weight pieces; lanes 0.. the unit's group
  // scales (32 B per group) and zeros (16 B per group).
  auto issue = [&](int64_t u, int slot) {
    const int64_t tile = u / iters;
    const int it = static_cast<int>(u - tile * iters);
    const uint4* wp = words + tile * 32 + lane + static_cast<int64_t>(it) * 4 * chunk_stride;
#pragma unroll
    for (int c = 0; c < 4; ++c) cp_async_16(ring + slot * kStreamKSlotBytes + (c * 32 + lane) * 16, wp + c * chunk_stride);
    const int64_t group0 = tile * groups_pad + static_cast<int64_t>(it) * kGroupsPerIter;
    if (lane < 2 * kGroupsPerIter)
      cp_async_16(ring + slot * kStreamKSlotBytes + 2048 + lane * 16,
                  reinterpret_cast<const uint8_t*>(scales + group0 * 16) + lane * 16);
    else if (kAsym && lane >= 16 && lane < 16 + kGroupsPerIter)
      cp_async_16(ring + slot * kStreamKSlotBytes + 2048 + 256 + (lane - 16) * 16,
                  zeros + (group0 + (lane - 16)) * 16);
  };
  pdl_launch_dependents();
#pragma unroll
  for (int d = 0; d < kStreamKRing - 1; ++d) {
    if (u_begin + d < u_end) issue(u_begin + d, d);
    cp_async_commit();  // empty groups keep the group count uniform
  }
  pdl_wait_for_previous_grid();  // X, Y and the workspace may be the previous kernel's

  float acc[MT][4], part[MT][4];
#pragma unroll
  for (int mt = 0; mt < MT; ++mt)
#pragma unroll
    for (int i = 0; i < 4; ++i) acc[mt][i] = part[mt][i] = 0.0f;

  // The end of this warp's piece of `tile`: publish the partial sums, and if this warp is the
  // tile's last, reduce all of them in rank order.
  auto finish_tile = [&](int64_t tile) {
    const int64_t first = streamk_first_warp(tile * iters, units, nw);
    const int64_t last = streamk_first_warp(tile * iters + iters - 1, units, nw);
    const int contributors = static_cast<int>(last - first + 1);
    float4* slot = reinterpret_cast<float4*>(partials) +
                   ((tile * max_contrib + (gw - first)) * MT) * 32 + lane;
#pragma unroll
    for (int mt = 0; mt < MT; ++mt) {
      slot[mt * 32] = make_float4(acc[mt][0], acc[mt][1], acc[mt][2], acc[mt][3]);
#pragma unroll
      for (int i = 0; i < 4; ++i) acc[mt][i] = 0.0f;
    }
    __threadfence();
    __syncwarp();
    uint32_t arrived = 0;
    if (lane == 0) arrived = atomicAdd(counters + tile, 1u);
    arrived = __shfl_sync(0xffffffffu, arrived, 0);
    if (arrived != static_cast<uint32_t>(contributors - 1)) return;
    __threadfence();
    const float4* slots = reinterpret_cast<const float4*>(partials) + (tile * max_contrib * MT) * 32 + lane;
#pragma unroll
    for (int mt = 0; mt < MT; ++mt) {
      float4 sum = __ldcg(slots + mt * 32);
      for (int r = 1; r < contributors; ++r) {
        const float4 v = __ldcg(slots + (r * MT + mt) * 32);
        sum.x += v.x;
        sum.y += v.y;
        sum.z += v.z;
        sum.w += v.w;
      }
      const int n0 = static_cast<int>(tile) * 16 + g;
      const int m0 = mt * 8 + 2 * t;
      const float out[4] = {sum.x, sum.y, sum.z, sum.w};
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        const int n = n0 + (i >> 1) * 8, m = m0 + (i & 1);
        if (n < n_total && m < m_total) y[static_cast<int64_t>(m) * n_total + n] = out[i];
      }
    }
    if (lane == 0) counters[tile] = 0;  // ready for the next launch
  };

  int slot = 0;
  for (int64_t u = u_begin; u < u_end; ++u, slot = slot + 1 == kStreamKRing ? 0 : slot + 1) {
    {
      const int ahead = slot + kStreamKRing - 1 >= kStreamKRing ? slot - 1 : slot + kStreamKRing - 1;
      if (u + kStreamKRing - 1 < u_end) issue(u + kStreamKRing - 1, ahead);
      cp_async_commit();
    }
    cp_async_wait<kStreamKRing - 1>();  // unit u has landed (this lane's copies)
    __syncwarp();                       // ... and every lane's (scales are shared)
    const uint8_t* sl = ring + slot * kStreamKSlotBytes;
    uint4 wv[4];
#pragma unroll
    for (int c = 0; c < 4; ++c) wv[c] = reinterpret_cast<const uint4*>(sl)[c * 32 + lane];
    const __half* ss = reinterpret_cast<const __half*>(sl + 2048);
    const uint8_t* zs = sl + 2048 + 256;
    {
      const int64_t tile = u / iters;
      const int it = static_cast<int>(u - tile * iters);
      float s_lo[kGroupsPerIter], s_hi[kGroupsPerIter];
      __half2 zlo[kGroupsPerIter], zhi[kGroupsPerIter];
#pragma unroll
      for (int q = 0; q < kGroupsPerIter; ++q) {
        s_lo[q] = __half2float(ss[q * 16 + g]);
        s_hi[q] = __half2float(ss[q * 16 + g + 8]);
        const float z_lo = kAsym ? static_cast<float>(zs[q * 16 + g]) : 8.0f;
        const float z_hi = kAsym ? static_cast<float>(zs[q * 16 + g + 8]) : 8.0f;
        zlo[q] = __float2half2_rn(1024.0f + z_lo);
        zhi[q] = __float2half2_rn(-64.0f - z_hi);
      }
      __syncwarp();  // the slot is refilled by the next iterations' copies
#pragma unroll
      for (int c = 0; c < 4; ++c)
#pragma unroll
        for (int j = 0; j < 4; ++j) {
          const int step = c * 4 + j;
          const int q = step / kStepsPerGroup;
          const uint32_t word = j == 0 ? wv[c].x : j == 1 ? wv[c].y : j == 2 ? wv[c].z : wv[c].w;
          uint32_t a[4];
          dequant_word(word, zlo[q], zhi[q], a);
#pragma unroll
          for (int mt = 0; mt < MT; ++mt) {
            const uint2 xb = __ldg(reinterpret_cast<const uint2*>(xrow[mt] + it * 256 + step * 16));
            mma_f16(part[mt], a, xb.x, xb.y);
          }
          if ((step + 1) % kStepsPerGroup == 0) {
#pragma unroll
            for (int mt = 0; mt < MT; ++mt) {
              acc[mt][0] += s_lo[q] * part[mt][0];
              acc[mt][1] += s_lo[q] * part[mt][1];
              acc[mt][2] += s_hi[q] * part[mt][2];
              acc[mt][3] += s_hi[q] * part[mt][3];
#pragma unroll
              for (int i = 0; i < 4; ++i) part[mt][i] = 0.0f;
            }
          }
        }
      if (it == iters - 1 || u == u_end - 1) finish_tile(tile);
    }
  }
  cp_async_wait<0>();
}

template <int MT, int G>
void launch_streamk_g(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                      cudaStream_t stream, bool pdl) {
  if (!w.streamk.partials || !w.streamk.tile_counters)
    throw std::invalid_argument("cuda w4a16 stream-K variant: no workspace (W4A16DeviceWeights::streamk)");
  const W4A16StreamKPlan plan = w4a16_streamk_plan(w.shape);
  auto* kernel = w.shape.asymmetric ? &w4a16_streamk_kernel<MT, G, true> : &w4a16_streamk_kernel<MT, G, false>;
  MIXSIM_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, kStreamKSmemBytes));
  launch_kernel(kernel, dim3(plan.blocks), dim3(kStreamKWarps * 32), kStreamKSmemBytes, stream, pdl, w.words,
                w.scales, w.zeros, x, y, static_cast<int>(m), static_cast<int>(w.shape.n),
                static_cast<int>(w.shape.k_pad), static_cast<int>(w.shape.n_pad / 16),
                w.streamk.partials, w.streamk.tile_counters, plan.max_contributors,
                plan.active_warps);
}

template <int MT>
void launch_streamk(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                    cudaStream_t stream, bool pdl) {
  switch (w.shape.group_size) {
    case 32: return launch_streamk_g<MT, 32>(w, x, m, y, stream, pdl);
    case 64: return launch_streamk_g<MT, 64>(w, x, m, y, stream, pdl);
    case 128: return launch_streamk_g<MT, 128>(w, x, m, y, stream, pdl);
    default: return launch_streamk_g<MT, 256>(w, x, m, y, stream, pdl);
  }
}

template <int MT, int G, int kDepth, int kW, int kT, bool kPX>
void launch_regs_g(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                   cudaStream_t stream, bool pdl) {
  const dim3 grid(static_cast<unsigned>(w.shape.n_pad / (16 * kT)),
                  static_cast<unsigned>((m + 8 * MT - 1) / (8 * MT)));
  const int mi = static_cast<int>(m), n = static_cast<int>(w.shape.n),
            kp = static_cast<int>(w.shape.k_pad);
  auto* kernel = w.shape.asymmetric ? &w4a16_fused_regs_kernel<MT, G, true, kDepth, kW, kT, kPX>
                                    : &w4a16_fused_regs_kernel<MT, G, false, kDepth, kW, kT, kPX>;
  launch_kernel(kernel, grid, dim3(kW * 32), 0, stream, pdl, w.words, w.scales, w.zeros, x, y,
                mi, n, kp);
}

template <int MT, int kDepth, int kW, int kT, bool kPX = false>
void launch_regs(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                 cudaStream_t stream, bool pdl) {
  switch (w.shape.group_size) {
    case 32: return launch_regs_g<MT, 32, kDepth, kW, kT, kPX>(w, x, m, y, stream, pdl);
    case 64: return launch_regs_g<MT, 64, kDepth, kW, kT, kPX>(w, x, m, y, stream, pdl);
    case 128: return launch_regs_g<MT, 128, kDepth, kW, kT, kPX>(w, x, m, y, stream, pdl);
    default: return launch_regs_g<MT, 256, kDepth, kW, kT, kPX>(w, x, m, y, stream, pdl);
  }
}

template <int MT>
void launch_variant(W4A16Variant v, const W4A16DeviceWeights& w, const __half* x, int64_t m,
                    float* y, cudaStream_t stream, bool pdl) {
  switch (v) {
    case W4A16Variant::kRegs2W8: return launch_regs<MT, 2, 8, 1>(w, x, m, y, stream, pdl);
    case W4A16Variant::kRegs3W4: return launch_regs<MT, 3, 4, 1>(w, x, m, y, stream, pdl);
    case W4A16Variant::kRegs1W8T2: return launch_regs<MT, 1, 8, 2>(w, x, m, y, stream, pdl);
    case W4A16Variant::kRegs1W8T4: return launch_regs<MT, 1, 8, 4>(w, x, m, y, stream, pdl);
    // Activation prefetch only for M <= 8 (MT = 1): for MT = 2 it needs too many registers.
    case W4A16Variant::kRegs1XW8: return launch_regs<MT, 1, 8, 1, MT == 1>(w, x, m, y, stream, pdl);
    case W4A16Variant::kRegs2XW8: return launch_regs<MT, 2, 8, 1, MT == 1>(w, x, m, y, stream, pdl);
    case W4A16Variant::kStreamK: return launch_streamk<MT>(w, x, m, y, stream, pdl);
    default: break;
  }
}

template <int MT, int G>
void launch_fused_g(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                    cudaStream_t stream, bool pdl) {
  const dim3 grid(static_cast<unsigned>(w.shape.n_pad / 16),
                  static_cast<unsigned>((m + 8 * MT - 1) / (8 * MT)));
  static_assert(kWarps * 16 * 8 * MT * sizeof(float) <= ring_bytes(G), "reduction fits the ring");
  const size_t smem = ring_bytes(G);
  // Above 48 KB of dynamic shared memory a kernel must opt in (idempotent, host-side only).
  MIXSIM_CUDA_CHECK(cudaFuncSetAttribute(w4a16_fused_kernel<MT, G, true>,
                                         cudaFuncAttributeMaxDynamicSharedMemorySize, ring_bytes(G)));
  MIXSIM_CUDA_CHECK(cudaFuncSetAttribute(w4a16_fused_kernel<MT, G, false>,
                                         cudaFuncAttributeMaxDynamicSharedMemorySize, ring_bytes(G)));
  auto* kernel = w.shape.asymmetric ? &w4a16_fused_kernel<MT, G, true> : &w4a16_fused_kernel<MT, G, false>;
  launch_kernel(kernel, grid, dim3(kWarps * 32), smem, stream, pdl, w.words, w.scales, w.zeros, x,
                y, static_cast<int>(m), static_cast<int>(w.shape.n),
                static_cast<int>(w.shape.k_pad));
}

template <int MT>
void launch_fused_mt(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                     cudaStream_t stream, bool pdl) {
  switch (w.shape.group_size) {
    case 32: return launch_fused_g<MT, 32>(w, x, m, y, stream, pdl);
    case 64: return launch_fused_g<MT, 64>(w, x, m, y, stream, pdl);
    case 128: return launch_fused_g<MT, 128>(w, x, m, y, stream, pdl);
    default: return launch_fused_g<MT, 256>(w, x, m, y, stream, pdl);
  }
}

// One warp per (tile, 64-wide chunk): the lanes decode their 32 weights each into a padded
// shared-memory tile of 16 rows x 64 k, then write it out as coalesced 16-byte stores.
constexpr int kDequantRowPad = 72;  // halves per shared row (64 + 8: no bank conflicts)
__global__ void __launch_bounds__(256)
    w4a16_dequantize_kernel(const uint4* __restrict__ words, const __half* __restrict__ scales,
                            const uint8_t* __restrict__ zeros, __half* __restrict__ out,
                            int64_t tiles, int k_pad, int group_size) {
  __shared__ __align__(16) __half tile_smem[8][16 * kDequantRowPad];
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int64_t chunks = k_pad / 64;
  const int64_t unit = static_cast<int64_t>(blockIdx.x) * 8 + warp;  // (tile, chunk)
  if (unit >= tiles * chunks) return;
  const int64_t tile = unit / chunks, chunk = unit % chunks;
  const int g = lane >> 2, t = lane & 3;
  const uint4 v = words[(chunk * tiles + tile) * 32 + lane];
  const uint32_t wv[4] = {v.x, v.y, v.z, v.w};
  const int groups_pad = k_pad / group_size;
  __half* sm = tile_smem[warp];
  for (int j = 0; j < 4; ++j) {
    const int k_local = 16 * j + 4 * t;
    const int grp = static_cast<int>((chunk * 64 + k_local) / group_size);
    for (int h = 0; h < 2; ++h) {  // h = 0: row g (nibbles 0,4,2,6); h = 1: row g+8 (1,5,3,7)
      const int r = g + 8 * h;
      const int64_t sidx = (tile * groups_pad + grp) * 16 + r;
      const float s = __half2float(scales[sidx]);
      const int z = zeros ? zeros[sidx] : 8;
      const int nib[4] = {0 + h, 4 + h, 2 + h, 6 + h};  // k + 0, 1, 2, 3
      __half vals[4];
      for (int i = 0; i < 4; ++i)
        vals[i] = __float2half_rn(s * static_cast<float>(static_cast<int>((wv[j] >> (4 * nib[i])) & 0xF) - z));
      *reinterpret_cast<uint2*>(sm + r * kDequantRowPad + k_local) = *reinterpret_cast<uint2*>(vals);
    }
  }
  __syncwarp();
  for (int i = 0; i < 4; ++i) {
    const int e = lane + 32 * i;
    const int row = e / 8, col = (e % 8) * 8;
    *reinterpret_cast<uint4*>(out + (tile * 16 + row) * static_cast<int64_t>(k_pad) + chunk * 64 + col) =
        *reinterpret_cast<const uint4*>(sm + row * kDequantRowPad + col);
  }
}

}  // namespace

W4A16Shape w4a16_shape(int64_t n, int64_t k, int group_size, bool asymmetric) {
  if (group_size != 32 && group_size != 64 && group_size != 128 && group_size != 256)
    throw std::invalid_argument("cuda w4a16: group size " + std::to_string(group_size) +
                                " not supported; allowed: 32, 64, 128, 256");
  if (n <= 0 || k <= 0 || k % group_size != 0)
    throw std::invalid_argument("cuda w4a16: need N, K > 0 and K % G == 0 (N=" +
                                std::to_string(n) + ", K=" + std::to_string(k) + ")");
  W4A16Shape s;
  s.n = n;
  s.k = k;
  s.group_size = group_size;
  s.asymmetric = asymmetric;
  s.n_pad = (n + kW4A16RowAlign - 1) / kW4A16RowAlign * kW4A16RowAlign;
  s.k_pad = (k + kW4A16KAlign - 1) / kW4A16KAlign * kW4A16KAlign;
  return s;
}

W4A16StreamKPlan w4a16_streamk_plan(const W4A16Shape& s) {
  int dev = 0, sms = 0;
  MIXSIM_CUDA_CHECK(cudaGetDevice(&dev));
  MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
  const int64_t tiles = s.n_pad / 16, iters = s.k_pad / 256, units = tiles * iters;
  W4A16StreamKPlan p;
  // Two blocks per SM (the kernel's launch bounds), fewer if there are fewer units than warps.
  p.blocks = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(2 * sms, (units + kStreamKWarps - 1) / kStreamKWarps)));
  const int64_t nw = std::min<int64_t>(int64_t{p.blocks} * kStreamKWarps, units);
  p.active_warps = static_cast<int>(nw);
  // Every warp owns at least units / nw units, so a tile's iters units touch at most
  // ceil(iters / (units / nw)) + 1 warps' ranges.
  const int64_t per_warp = units / nw;
  p.max_contributors = static_cast<int>((iters + per_warp - 1) / per_warp + 1);
  p.partial_floats = tiles * p.max_contributors * 2 /*MT*/ * 32 * 4;
  p.counters = tiles;
  return p;
}

W4A16HostPacked pack_w4a16(const QuantizedMatrix& w) {
  // 2- and 3-bit codes are 4-bit codes of the same value (symmetric [-2^(b-1), 2^(b-1)-1] lies
  // in [-8, 7], asymmetric codes and zero points [0, 2^b-1] in [0, 15]): stored as 4-bit.
  if (w.bits < 2 || w.bits > 4)
    throw std::invalid_argument("cuda w4a16: weights have " + std::to_string(w.bits) +
                                " bits; allowed: 2, 3, 4");
  W4A16HostPacked p;
  p.shape = w4a16_shape(w.rows, w.cols, w.group_size, !w.is_symmetric);
  const W4A16Shape& s = p.shape;
  const int64_t groups_pad = s.groups_pad();
  const int code_offset = w.is_symmetric ? 8 : 0;
  p.scales.assign(static_cast<size_t>(s.scale_count()), __float2half(0.0f));
  p.zeros.assign(static_cast<size_t>(s.scale_count()), 8);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t g = 0; g < w.groups(); ++g) {
      const size_t idx = static_cast<size_t>(((n / 16) * groups_pad + g) * 16 + n % 16);
      p.scales[idx] = __float2half(w.scale(n, g));  // exact: scales are FP16 values
      p.zeros[idx] = static_cast<uint8_t>(w.zero(n, g) + code_offset);
    }
  // Stored code of (n, k): padding gets the effective zero (value 0) under scale 0.
  auto stored = [&](int64_t n, int64_t k) -> uint32_t {
    if (n >= w.rows || k >= w.cols) return 8;
    return static_cast<uint32_t>(w.code(n, k) + code_offset) & 0xF;
  };
  p.words.assign(static_cast<size_t>(s.packed_words()), 0);
  const int64_t chunks = s.k_pad / 64;
  const int row_of[8] = {0, 8, 0, 8, 0, 8, 0, 8};
  const int k_of[8] = {0, 0, 2, 2, 1, 1, 3, 3};
  for (int64_t tile = 0; tile < s.n_pad / 16; ++tile)
    for (int64_t c = 0; c < chunks; ++c)
      for (int lane = 0; lane < 32; ++lane)
        for (int j = 0; j < 4; ++j) {
          const int g = lane >> 2, t = lane & 3;
          const int64_t k0 = c * 64 + 16 * j + 4 * t;
          uint32_t word = 0;
          for (int i = 0; i < 8; ++i)
            word |= stored(tile * 16 + g + row_of[i], k0 + k_of[i]) << (4 * i);
          p.words[static_cast<size_t>(((c * (s.n_pad / 16) + tile) * 32 + lane) * 4 + j)] = word;
        }
  return p;
}

void launch_w4a16_fused(const W4A16DeviceWeights& w, const __half* x, int64_t m, float* y,
                        cudaStream_t stream, W4A16Variant variant, bool programmatic) {
  if (m <= 0 || m > kW4A16MaxFusedRows)
    throw std::invalid_argument("cuda w4a16 fused kernel: M=" + std::to_string(m) +
                                " outside [1, 64]");
  const bool pdl = programmatic;
  if (variant != W4A16Variant::kCpAsync4 && m <= 16) {
    if (m <= 8) return launch_variant<1>(variant, w, x, m, y, stream, pdl);
    return launch_variant<2>(variant, w, x, m, y, stream, pdl);
  }
  if (m <= 8) return launch_fused_mt<1>(w, x, m, y, stream, pdl);
  if (m <= 16) return launch_fused_mt<2>(w, x, m, y, stream, pdl);
  if (m <= 32) return launch_fused_mt<4>(w, x, m, y, stream, pdl);
  return launch_fused_mt<8>(w, x, m, y, stream, pdl);
}

void launch_w4a16_dequantize(const W4A16DeviceWeights& w, __half* w_fp16, cudaStream_t stream) {
  const int64_t tiles = w.shape.n_pad / 16;
  const int64_t units = tiles * (w.shape.k_pad / 64);
  w4a16_dequantize_kernel<<<static_cast<unsigned>((units + 7) / 8), 256, 0, stream>>>(
      w.words, w.scales, w.zeros, w_fp16, tiles, static_cast<int>(w.shape.k_pad),
      w.shape.group_size);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

}  // namespace mixsim::kernels
