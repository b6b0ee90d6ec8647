#include "kernels/cuda/w4a8_intscale_gemm.cuh"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/output_scaling.hpp"

namespace mixsim::kernels {

namespace {

constexpr int kWarpsM = 2;   // warps along M
constexpr int kWarpsN = 4;   // warps along N
constexpr int kWarpTileM = 32;  // 2 m16 tiles
constexpr int kWarpTileN = 32;  // 4 n8 tiles
constexpr int kBlockM = kWarpsM * kWarpTileM;  // 64
constexpr int kBlockN = kWarpsN * kWarpTileN;  // 128
constexpr int kMT = kWarpTileM / 16;
constexpr int kNT = kWarpTileN / 8;

__device__ __forceinline__ void mma_s8(int32_t (&c)[4], uint32_t a0, uint32_t a1, uint32_t a2,
                                       uint32_t a3, uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%0,%1,%2,%3};\n"
      : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}

// Four stored 4-bit codes (one per byte, < 16) -> four INT8 values u - z, no inter-byte carry.
__device__ __forceinline__ uint32_t centered_bytes(uint32_t nibbles, uint32_t zero_bytes) {
  return ((nibbles | 0x80808080u) - zero_bytes) ^ 0x80808080u;
}

// grid (n_pad/128, ceil(M/64)), block 256 = 2 x 4 warps, each warp 32(m) x 32(n).
template <int G, bool kAsym>
__global__ void __launch_bounds__(256)
    w4a8_intscale_kernel(const uint4* __restrict__ words, const int32_t* __restrict__ int_scales,
                         const uint8_t* __restrict__ zeros, const int8_t* __restrict__ x,
                         const float* __restrict__ out_scale, float* __restrict__ y,
                         int32_t* __restrict__ split_totals, int m_total, int n_total, int n_pad,
                         int k_pad) {
  constexpr int kStepsPerGroup = G / 32;
  constexpr int kChunksPerUnit = G > 128 ? G / 128 : 1;  // a split never cuts a group
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int g = lane >> 2, t = lane & 3;
  const int warp_m = warp / kWarpsN, warp_n = warp % kWarpsN;
  const int m0 = blockIdx.y * kBlockM + warp_m * kWarpTileM;
  const int n0 = blockIdx.x * kBlockN + warp_n * kWarpTileN;
  // Split-K over gridDim.z: this block's chunks [c_begin, c_end).
  const int units = k_pad / 128 / kChunksPerUnit;
  const int c_begin = units * static_cast<int>(blockIdx.z) / static_cast<int>(gridDim.z) * kChunksPerUnit;
  const int c_end = units * (static_cast<int>(blockIdx.z) + 1) / static_cast<int>(gridDim.z) * kChunksPerUnit;
  const int chunks = k_pad / 128;
  if (m0 >= m_total || c_begin >= c_end) return;  // warp-uniform; no block barriers below

  // Activation rows (g and g+8 of each m16 tile), clamped for ragged M.
  const int8_t* xrow[kMT][2];
#pragma unroll
  for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int m = min(m0 + mt * 16 + g + 8 * h, m_total - 1);
      xrow[mt][h] = x + static_cast<int64_t>(m) * k_pad + 8 * t;
    }
  const uint4* wbase[kNT];
#pragma unroll
  for (int nt = 0; nt < kNT; ++nt)
    wbase[nt] = words + static_cast<int64_t>((n0 / 8) + nt) * chunks * 32 + lane;

  int32_t total[kMT][kNT][4];
  int32_t part[kMT][kNT][4];
#pragma unroll
  for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
    for (int nt = 0; nt < kNT; ++nt)
#pragma unroll
      for (int i = 0; i < 4; ++i) total[mt][nt][i] = part[mt][nt][i] = 0;

  // Both operands of the next 128-wide chunk are prefetched into registers while the current
  // chunk's 32 MMAs run (A from L2, where all N-blocks share it; B streamed from DRAM).
  uint4 wcur[kNT], wnext[kNT];
  uint2 acur[4][kMT][2], anext[4][kMT][2];
  auto load_chunk = [&](int c, uint4 (&w)[kNT], uint2 (&a)[4][kMT][2]) {
#pragma unroll
    for (int nt = 0; nt < kNT; ++nt) w[nt] = __ldg(wbase[nt] + c * 32);
#pragma unroll
    for (int j = 0; j < 4; ++j)
#pragma unroll
      for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
        for (int h = 0; h < 2; ++h)
          a[j][mt][h] = __ldg(reinterpret_cast<const uint2*>(xrow[mt][h] + c * 128 + j * 32));
  };
  load_chunk(c_begin, wcur, acur);

  for (int c = c_begin; c < c_end; ++c) {
    if (c + 1 < c_end) load_chunk(c + 1, wnext, anext);
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const int step = c * 4 + j;
      const int grp = step / kStepsPerGroup;
#pragma unroll
      for (int nt = 0; nt < kNT; ++nt) {
        const uint32_t w = j == 0 ? wcur[nt].x : j == 1 ? wcur[nt].y : j == 2 ? wcur[nt].z : wcur[nt].w;
        uint32_t zb = 0x08080808u;
        if constexpr (kAsym) zb = 0x01010101u * zeros[static_cast<int64_t>(grp) * n_pad + n0 + nt * 8 + g];
        const uint32_t b0 = centered_bytes(w & 0x0F0F0F0Fu, zb);
        const uint32_t b1 = centered_bytes((w >> 4) & 0x0F0F0F0Fu, zb);
#pragma unroll
        for (int mt = 0; mt < kMT; ++mt)
          mma_s8(part[mt][nt], acur[j][mt][0].x, acur[j][mt][1].x, acur[j][mt][0].y,
                 acur[j][mt][1].y, b0, b1);
      }
      if ((step + 1) % kStepsPerGroup == 0) {
#pragma unroll
        for (int nt = 0; nt < kNT; ++nt) {
          const int2 s = __ldg(reinterpret_cast<const int2*>(
              int_scales + static_cast<int64_t>(grp) * n_pad + n0 + nt * 8 + 2 * t));
#pragma unroll
          for (int mt = 0; mt < kMT; ++mt) {
            total[mt][nt][0] += s.x * part[mt][nt][0];
            total[mt][nt][1] += s.y * part[mt][nt][1];
            total[mt][nt][2] += s.x * part[mt][nt][2];
            total[mt][nt][3] += s.y * part[mt][nt][3];
#pragma unroll
            for (int i = 0; i < 4; ++i) part[mt][nt][i] = 0;
          }
        }
      }
    }
#pragma unroll
    for (int nt = 0; nt < kNT; ++nt) wcur[nt] = wnext[nt];
#pragma unroll
    for (int j = 0; j < 4; ++j)
#pragma unroll
      for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
        for (int h = 0; h < 2; ++h) acur[j][mt][h] = anext[j][mt][h];
  }

#pragma unroll
  for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int m = m0 + mt * 16 + g + 8 * h;
      if (m >= m_total) continue;
      const float os = split_totals ? 0.0f : out_scale[m];
#pragma unroll
      for (int nt = 0; nt < kNT; ++nt)
#pragma unroll
        for (int e = 0; e < 2; ++e) {
          const int n = n0 + nt * 8 + 2 * t + e;
          if (n >= n_total) continue;
          const int32_t v = total[mt][nt][2 * h + e];
          // Integer addition is associative: the split-K sum is exact in any order.
          if (split_totals) atomicAdd(split_totals + static_cast<int64_t>(m) * n_total + n, v);
          else y[static_cast<int64_t>(m) * n_total + n] = intscale_output(static_cast<int64_t>(v), os);
        }
    }
}

__global__ void intscale_epilogue_kernel(const int32_t* __restrict__ totals,
                                         const float* __restrict__ out_scale,
                                         float* __restrict__ y, int64_t m, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < m * n;
       i += int64_t{gridDim.x} * blockDim.x)
    y[i] = intscale_output(static_cast<int64_t>(totals[i]), out_scale[i / n]);
}

template <int G>
void launch_g(const W4A8DeviceWeights& w, const int8_t* x, const float* os, int64_t m, float* y,
              int32_t* split_totals, int splits, cudaStream_t stream) {
  const dim3 grid(static_cast<unsigned>(w.shape.n_pad / kBlockN),
                  static_cast<unsigned>((m + kBlockM - 1) / kBlockM), static_cast<unsigned>(splits));
  int32_t* totals = splits > 1 ? split_totals : nullptr;
  if (totals)
    MIXSIM_CUDA_CHECK(cudaMemsetAsync(totals, 0, sizeof(int32_t) * m * w.shape.n, stream));
  const int mi = static_cast<int>(m), n = static_cast<int>(w.shape.n),
            np = static_cast<int>(w.shape.n_pad), kp = static_cast<int>(w.shape.k_pad);
  if (w.shape.asymmetric)
    w4a8_intscale_kernel<G, true><<<grid, 256, 0, stream>>>(w.words, w.integer_scales, w.zeros, x,
                                                            os, y, totals, mi, n, np, kp);
  else
    w4a8_intscale_kernel<G, false><<<grid, 256, 0, stream>>>(w.words, w.integer_scales, w.zeros,
                                                             x, os, y, totals, mi, n, np, kp);
  MIXSIM_CUDA_CHECK_LAUNCH();
  if (totals) launch_intscale_epilogue(totals, os, y, m, w.shape.n, stream);
}

}  // namespace

void launch_intscale_epilogue(const int32_t* totals, const float* out_scale, float* y, int64_t m,
                              int64_t n, cudaStream_t stream) {
  intscale_epilogue_kernel<<<static_cast<unsigned>(std::min<int64_t>((m * n + 255) / 256, 4096)), 256, 0,
                             stream>>>(totals, out_scale, y, m, n);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

W4A8Shape w4a8_shape(int64_t n, int64_t k, int group_size, bool asymmetric) {
  if (group_size != 32 && group_size != 64 && group_size != 128 && group_size != 256)
    throw std::invalid_argument("cuda w4a8-intscale: group size " + std::to_string(group_size) +
                                " not supported; allowed: 32, 64, 128, 256");
  if (n <= 0 || k <= 0 || k % group_size != 0)
    throw std::invalid_argument("cuda w4a8-intscale: need N, K > 0 and K % G == 0 (N=" +
                                std::to_string(n) + ", K=" + std::to_string(k) + ")");
  W4A8Shape s;
  s.n = n;
  s.k = k;
  s.group_size = group_size;
  s.asymmetric = asymmetric;
  s.n_pad = (n + kBlockN - 1) / kBlockN * kBlockN;
  const int64_t align = std::max(128, group_size);
  s.k_pad = (k + align - 1) / align * align;
  return s;
}

W4A8HostPacked pack_w4a8(const QuantizedMatrix& w, const IntegerScales& scales) {
  // 2- and 3-bit codes are 4-bit codes of the same value (symmetric [-2^(b-1), 2^(b-1)-1] lies
  // in [-8, 7], asymmetric codes and zero points [0, 2^b-1] in [0, 15]): stored as 4-bit.
  if (w.bits < 2 || w.bits > 4)
    throw std::invalid_argument("cuda w4a8-intscale: weights have " + std::to_string(w.bits) +
                                " bits; allowed: 2, 3, 4");
  if (scales.scales.size() != w.scales.size())
    throw std::invalid_argument("cuda w4a8-intscale: integer scales do not match the groups");
  W4A8HostPacked p;
  p.shape = w4a8_shape(w.rows, w.cols, w.group_size, !w.is_symmetric);
  p.alpha = scales.alpha;
  const W4A8Shape& s = p.shape;
  const int code_offset = w.is_symmetric ? 8 : 0;
  p.integer_scales.assign(static_cast<size_t>(s.groups_pad() * s.n_pad), 0);
  p.zeros.assign(static_cast<size_t>(s.groups_pad() * s.n_pad), 8);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t g = 0; g < w.groups(); ++g) {
      const size_t idx = static_cast<size_t>(g * s.n_pad + n);
      p.integer_scales[idx] = scales.scales[static_cast<size_t>(n * w.groups() + g)];
      p.zeros[idx] = static_cast<uint8_t>(w.zero(n, g) + code_offset);
    }
  auto stored = [&](int64_t n, int64_t k) -> uint32_t {
    if (n >= w.rows || k >= w.cols) return 8;
    return static_cast<uint32_t>(w.code(n, k) + code_offset) & 0xF;
  };
  const int64_t chunks = s.k_pad / 128;
  p.words.assign(static_cast<size_t>(s.packed_words()), 0);
  for (int64_t tile = 0; tile < s.n_pad / 8; ++tile)
    for (int64_t c = 0; c < chunks; ++c)
      for (int lane = 0; lane < 32; ++lane)
        for (int j = 0; j < 4; ++j) {
          const int g = lane >> 2, t = lane & 3;
          const int64_t n = tile * 8 + g;
          const int64_t k0 = c * 128 + 32 * j + 8 * t;
          uint32_t word = 0;
          for (int i = 0; i < 4; ++i) {
            word |= stored(n, k0 + i) << (8 * i);
            word |= stored(n, k0 + 4 + i) << (8 * i + 4);
          }
          p.words[static_cast<size_t>(((tile * chunks + c) * 32 + lane) * 4 + j)] = word;
        }
  return p;
}

int w4a8_split_k(const W4A8Shape& s, int64_t m) {
  const int64_t blocks = (s.n_pad / kBlockN) * ((m + kBlockM - 1) / kBlockM);
  const int64_t units = s.k_pad / std::max<int64_t>(128, s.group_size);
  const int64_t target_blocks = 2 * 132;  // two waves' worth of CTAs on a 132-SM H100
  if (blocks >= target_blocks) return 1;
  return static_cast<int>(std::min<int64_t>(units, (target_blocks + blocks - 1) / blocks));
}

void launch_w4a8_intscale(const W4A8DeviceWeights& w, const int8_t* x, const float* out_scale,
                          int64_t m, float* y, int32_t* split_totals, cudaStream_t stream) {
  if (m <= 0) throw std::invalid_argument("cuda w4a8-intscale: M must be positive");
  const int splits = split_totals ? w4a8_split_k(w.shape, m) : 1;
  switch (w.shape.group_size) {
    case 32: return launch_g<32>(w, x, out_scale, m, y, split_totals, splits, stream);
    case 64: return launch_g<64>(w, x, out_scale, m, y, split_totals, splits, stream);
    case 128: return launch_g<128>(w, x, out_scale, m, y, split_totals, splits, stream);
    default: return launch_g<256>(w, x, out_scale, m, y, split_totals, splits, stream);
  }
}

}  // namespace mixsim::kernels
