// W8A8 fused INT8 wgmma kernel (see w8a8_wgmma_gemm.cuh). Built for sm_90a only, like
// w4a8_intscale_wgmma.cu (kernels/CMakeLists.txt); other passes compile the kernel to a trap that
// the host never launches (w8a8_fused_supported checks the device).
#include "kernels/cuda/w8a8_wgmma_gemm.cuh"

#include <cuda.h>
#include <cudaTypedefs.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.cuh"

namespace mixsim::kernels {
namespace {

constexpr int kBM = 128;        // tokens per tile (two consumers x 64)
constexpr int kBN = 256;        // weight rows per tile
constexpr int kBK = 128;        // K bytes per stage (4 wgmma k32)
constexpr int kStages = 4;
constexpr int kABytes = kBM * kBK;  // 16 KB
constexpr int kBBytes = kBN * kBK;  // 32 KB
constexpr int kStageBytes = kABytes + kBBytes;
// tma_store: each consumer warpgroup stages 64 tokens x 32 weight rows of FP32 Y (8 KB) at a time
// and a bulk tensor copy stores them, so the tile's last stores overlap the next tile's K loop.
constexpr int kStoreCols = 32;
constexpr int kStoreBufBytes = 64 * kStoreCols * 4;
constexpr int kSmemBytes = kStages * kStageBytes + 1024;  // + alignment slack
constexpr int kSmemBytesTmaStore = kSmemBytes + 2 * kStoreBufBytes;
static_assert(kSmemBytes <= 227 * 1024, "stages fit one SM");
static_assert(kSmemBytesTmaStore + 4 * 1024 <= 227 * 1024, "stages, Y buffers and the static scales fit one SM");

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
#define MIXSIM_W8A8_WGMMA_DEVICE 1
#endif

#ifdef MIXSIM_W8A8_WGMMA_DEVICE
__device__ __forceinline__ void wgmma_m64n256k32_s8_ss(int32_t (&d)[128], uint64_t desc_a, uint64_t desc_b,
                                                       int accumulate) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n256k32.s32.s8.s8 {%0,%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13,%14,%15,%16,%17,%18,%19,%20,%21,%22,%23,%24,%25,%26,%27,%28,%29,%30,%31,%32,%33,%34,%35,%36,%37,%38,%39,%40,%41,%42,%43,%44,%45,%46,%47,%48,%49,%50,%51,%52,%53,%54,%55,%56,%57,%58,%59,%60,%61,%62,%63,%64,%65,%66,%67,%68,%69,%70,%71,%72,%73,%74,%75,%76,%77,%78,%79,%80,%81,%82,%83,%84,%85,%86,%87,%88,%89,%90,%91,%92,%93,%94,%95,%96,%97,%98,%99,%100,%101,%102,%103,%104,%105,%106,%107,%108,%109,%110,%111,%112,%113,%114,%115,%116,%117,%118,%119,%120,%121,%122,%123,%124,%125,%126,%127}, %128, %129, p;\n}\n"
      : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3]), "+r"(d[4]), "+r"(d[5]), "+r"(d[6]), "+r"(d[7]), "+r"(d[8]), "+r"(d[9]), "+r"(d[10]), "+r"(d[11]), "+r"(d[12]), "+r"(d[13]), "+r"(d[14]), "+r"(d[15]), "+r"(d[16]), "+r"(d[17]), "+r"(d[18]), "+r"(d[19]), "+r"(d[20]), "+r"(d[21]), "+r"(d[22]), "+r"(d[23]), "+r"(d[24]), "+r"(d[25]), "+r"(d[26]), "+r"(d[27]), "+r"(d[28]), "+r"(d[29]), "+r"(d[30]), "+r"(d[31]), "+r"(d[32]), "+r"(d[33]), "+r"(d[34]), "+r"(d[35]), "+r"(d[36]), "+r"(d[37]), "+r"(d[38]), "+r"(d[39]), "+r"(d[40]), "+r"(d[41]), "+r"(d[42]), "+r"(d[43]), "+r"(d[44]), "+r"(d[45]), "+r"(d[46]), "+r"(d[47]), "+r"(d[48]), "+r"(d[49]), "+r"(d[50]), "+r"(d[51]), "+r"(d[52]), "+r"(d[53]), "+r"(d[54]), "+r"(d[55]), "+r"(d[56]), "+r"(d[57]), "+r"(d[58]), "+r"(d[59]), "+r"(d[60]), "+r"(d[61]), "+r"(d[62]), "+r"(d[63]), "+r"(d[64]), "+r"(d[65]), "+r"(d[66]), "+r"(d[67]), "+r"(d[68]), "+r"(d[69]), "+r"(d[70]), "+r"(d[71]), "+r"(d[72]), "+r"(d[73]), "+r"(d[74]), "+r"(d[75]), "+r"(d[76]), "+r"(d[77]), "+r"(d[78]), "+r"(d[79]), "+r"(d[80]), "+r"(d[81]), "+r"(d[82]), "+r"(d[83]), "+r"(d[84]), "+r"(d[85]), "+r"(d[86]), "+r"(d[87]), "+r"(d[88]), "+r"(d[89]), "+r"(d[90]), "+r"(d[91]), "+r"(d[92]), "+r"(d[93]), "+r"(d[94]), "+r"(d[95]), "+r"(d[96]), "+r"(d[97]), "+r"(d[98]), "+r"(d[99]), "+r"(d[100]), "+r"(d[101]), "+r"(d[102]), "+r"(d[103]), "+r"(d[104]), "+r"(d[105]), "+r"(d[106]), "+r"(d[107]), "+r"(d[108]), "+r"(d[109]), "+r"(d[110]), "+r"(d[111]), "+r"(d[112]), "+r"(d[113]), "+r"(d[114]), "+r"(d[115]), "+r"(d[116]), "+r"(d[117]), "+r"(d[118]), "+r"(d[119]), "+r"(d[120]), "+r"(d[121]), "+r"(d[122]), "+r"(d[123]), "+r"(d[124]), "+r"(d[125]), "+r"(d[126]), "+r"(d[127])
      : "l"(desc_a), "l"(desc_b), "r"(accumulate));
}
__device__ __forceinline__ void wgmma_fence() { asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory"); }
__device__ __forceinline__ void wgmma_commit() { asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory"); }
template <int N>
__device__ __forceinline__ void wgmma_wait() {
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
}
template <int N>
__device__ __forceinline__ void fence_operands(int32_t (&d)[N]) {
#pragma unroll
  for (int i = 0; i < N; ++i) asm volatile("" : "+r"(d[i])::"memory");
}
__device__ __forceinline__ void mbar_init(uint32_t bar, int count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count) : "memory");
}
__device__ __forceinline__ void mbar_arrive(uint32_t bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}
__device__ __forceinline__ void mbar_arrive_expect_tx(uint32_t bar, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes) : "memory");
}
__device__ __forceinline__ void mbar_wait(uint32_t bar, uint32_t parity) {
  asm volatile(
      "{\n.reg .pred P1;\nLAB_WAIT:\n"
      "mbarrier.try_wait.parity.shared::cta.b64 P1, [%0], %1;\n"
      "@P1 bra DONE;\nbra LAB_WAIT;\nDONE:\n}\n" ::"r"(bar),
      "r"(parity)
      : "memory");
}
__device__ __forceinline__ void tma_load_2d(uint32_t dst, const CUtensorMap* map, int c0, int c1, uint32_t bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];\n" ::"r"(dst),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(bar)
      : "memory");
}
// Y box {kStoreCols weight rows, 64 tokens} from shared memory (row-major, 128 bytes a token, no
// swizzle) to global; parts past M or N are not written.
__device__ __forceinline__ void tma_store_2d(const CUtensorMap* map, uint32_t src, int c0, int c1) {
  asm volatile("cp.async.bulk.tensor.2d.global.shared::cta.bulk_group [%0, {%1, %2}], [%3];\n" ::"l"(
                   reinterpret_cast<uint64_t>(map)),
               "r"(c0), "r"(c1), "r"(src)
               : "memory");
}
__device__ __forceinline__ void bulk_commit() { asm volatile("cp.async.bulk.commit_group;\n" ::: "memory"); }
__device__ __forceinline__ void bulk_wait_read_all() { asm volatile("cp.async.bulk.wait_group.read 0;\n" ::: "memory"); }
__device__ __forceinline__ void bulk_wait_all() { asm volatile("cp.async.bulk.wait_group 0;\n" ::: "memory"); }
__device__ __forceinline__ void fence_proxy_async_shared() {
  asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
}
__device__ __forceinline__ void warpgroup_bar(int id) { asm volatile("bar.sync %0, 128;\n" ::"r"(id) : "memory"); }
__device__ __forceinline__ void st_shared_f32x2(uint32_t addr, float a, float b) {
  asm volatile("st.shared.v2.f32 [%0], {%1, %2};\n" ::"r"(addr), "f"(a), "f"(b) : "memory");
}
template <int kRegs>
__device__ __forceinline__ void setmaxnreg_inc() {
  asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(kRegs));
}
template <int kRegs>
__device__ __forceinline__ void setmaxnreg_dec() {
  asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(kRegs));
}
// K-major operand, 128-byte swizzle: 128-byte rows, 8-row atoms 1024 bytes apart (the layout a
// TMA box of 128-byte rows with CU_TENSOR_MAP_SWIZZLE_128B writes at a 1024-byte aligned address).
__device__ __forceinline__ uint64_t smem_desc_sw128(uint32_t addr) {
  return static_cast<uint64_t>((addr & 0x3FFFF) >> 4) | (uint64_t{1} << 16) | (uint64_t{1024 >> 4} << 32) |
         (uint64_t{1} << 62);
}
#endif

__global__ void __launch_bounds__(384, 1)
    w8a8_fused_kernel(const __grid_constant__ CUtensorMap tmap_x, const __grid_constant__ CUtensorMap tmap_w,
                      const __grid_constant__ CUtensorMap tmap_y,
                      const float* __restrict__ w_scales, const float* __restrict__ a_scales,
                      float* __restrict__ y, int m_total, int n_total, int chunks,
                      int skip_epilogue, int staged_scales, int tma_store) {
#ifdef MIXSIM_W8A8_WGMMA_DEVICE
  extern __shared__ uint8_t smem_raw[];
  const uint32_t smem_unaligned = static_cast<uint32_t>(__cvta_generic_to_shared(smem_raw));
  const uint32_t smem_base = (smem_unaligned + 1023u) & ~1023u;
  __shared__ __align__(8) uint64_t full_bar[kStages], empty_bar[kStages];
  const uint32_t full0 = static_cast<uint32_t>(__cvta_generic_to_shared(full_bar));
  const uint32_t empty0 = static_cast<uint32_t>(__cvta_generic_to_shared(empty_bar));
  const int tid = threadIdx.x;
  const int tiles_m = (m_total + kBM - 1) / kBM;
  const int tiles = tiles_m * ((n_total + kBN - 1) / kBN);
  if (tid == 0)
    for (int s = 0; s < kStages; ++s) {
      mbar_init(full0 + 8u * s, 1);    // the producer's expect_tx arrival (+ the copies' bytes)
      mbar_init(empty0 + 8u * s, 2);   // one arrival per consumer warpgroup (its thread 0)
    }
  asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
  __syncthreads();

  if (tid < 128) {  // producer warpgroup: one thread issues every copy
    setmaxnreg_dec<40>();
    if (tid != 0) return;
    int gc = 0;
    for (int tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
      const int m0 = (tile % tiles_m) * kBM, n0 = (tile / tiles_m) * kBN;
      for (int c = 0; c < chunks; ++c, ++gc) {
        const int st = gc % kStages;
        if (gc >= kStages) mbar_wait(empty0 + 8u * st, static_cast<uint32_t>(((gc / kStages) + 1) & 1));
        const uint32_t base = smem_base + static_cast<uint32_t>(st * kStageBytes);
        const uint32_t fb = full0 + 8u * st;
        mbar_arrive_expect_tx(fb, kStageBytes);
        tma_load_2d(base, &tmap_x, c * kBK, m0, fb);
        tma_load_2d(base + kABytes, &tmap_w, c * kBK, n0, fb);
      }
    }
    return;
  }

  setmaxnreg_inc<232>();
  const int ctid = tid - 128;
  const int cw = ctid >> 7;  // consumer: tokens m0 + 64 cw
  const int lane = ctid & 31, wq = (ctid >> 5) & 3;
  const int g = lane >> 2, t = lane & 3;
  int32_t acc[128];
  int gc = 0;
  // staged_scales: the tile's 256 weight scales and 128 token scales are loaded into registers
  // (one per consumer thread) before its K loop, so their latency hides behind the wgmma, and
  // put in shared memory after it (two slots: tile i's writes never meet tile i - 1's reads, a
  // barrier of the 256 consumer threads sits between); otherwise the epilogue loads them from
  // global memory itself (a dependent load per 128-byte line of scales, at the end of each tile).
  __shared__ float tile_ws[2][kBN], tile_as[2][kBM];
  int slot = 0;
  for (int tile = blockIdx.x; tile < tiles; tile += gridDim.x, slot ^= 1) {
    const int m0 = (tile % tiles_m) * kBM, n0 = (tile / tiles_m) * kBN;
    float ws_mine = 0.0f, as_mine = 0.0f;
    if (staged_scales) {
      if (n0 + ctid < n_total) ws_mine = w_scales[n0 + ctid];
      if (ctid < kBM && m0 + ctid < m_total) as_mine = a_scales[m0 + ctid];
    }
    for (int c = 0; c < chunks; ++c, ++gc) {
      const int st = gc % kStages;
      mbar_wait(full0 + 8u * st, static_cast<uint32_t>((gc / kStages) & 1));
      const uint32_t base = smem_base + static_cast<uint32_t>(st * kStageBytes);
      fence_operands(acc);
      wgmma_fence();
#pragma unroll
      for (int j = 0; j < 4; ++j)
        wgmma_m64n256k32_s8_ss(acc, smem_desc_sw128(base + static_cast<uint32_t>(cw * 64 * kBK + 32 * j)),
                               smem_desc_sw128(base + static_cast<uint32_t>(kABytes + 32 * j)), c > 0 || j > 0);
      wgmma_commit();
      // The previous chunk's wgmma are done once at most this chunk's group is pending: free its stage.
      wgmma_wait<1>();
      fence_operands(acc);
      if (c > 0 && (ctid & 127) == 0) mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gc - 1) % kStages));
    }
    wgmma_wait<0>();
    fence_operands(acc);
    if ((ctid & 127) == 0) mbar_arrive(empty0 + 8u * static_cast<uint32_t>((gc - 1) % kStages));
    if (skip_epilogue) continue;  // diagnostic timing only: Y is not written
    if (staged_scales) {
      tile_ws[slot][ctid] = ws_mine;
      if (ctid < kBM) tile_as[slot][ctid] = as_mine;
      asm volatile("bar.sync 1, 256;\n" ::: "memory");
    }
    // Accumulator 4i + 2h + e: token m0 + 64 cw + 16 wq + g + 8h, weight row n0 + 8i + 2t + e.
    if (tma_store) {  // the host sets it only with staged_scales and N % 4 == 0
      const uint32_t buf = smem_base + static_cast<uint32_t>(kStages * kStageBytes + cw * kStoreBufBytes);
      const bool issuer = (ctid & 127) == 0;
#pragma unroll
      for (int cb = 0; cb < kBN / kStoreCols; ++cb) {
        if (issuer) bulk_wait_read_all();  // the previous box (of this tile or the last) has left the buffer
        warpgroup_bar(2 + cw);
#pragma unroll
        for (int h = 0; h < 2; ++h) {
          const int r = 16 * wq + g + 8 * h;  // token m0 + 64 cw + r
          const float sa = tile_as[slot][64 * cw + r];
#pragma unroll
          for (int ii = 0; ii < kStoreCols / 8; ++ii) {
            const int i = cb * (kStoreCols / 8) + ii;
            float v[2];
#pragma unroll
            for (int e = 0; e < 2; ++e)
              v[e] = __fmul_rn(__fadd_rn(0.0f, __fmul_rn(tile_ws[slot][8 * i + 2 * t + e],
                                                         __int2float_rn(acc[4 * i + 2 * h + e]))),
                               sa);
            st_shared_f32x2(buf + static_cast<uint32_t>(r * kStoreCols * 4 + (8 * ii + 2 * t) * 4), v[0], v[1]);
          }
        }
        fence_proxy_async_shared();  // the generic-proxy writes, visible to the bulk copy
        warpgroup_bar(2 + cw);
        if (issuer) {
          tma_store_2d(&tmap_y, buf, n0 + kStoreCols * cb, m0 + 64 * cw);
          bulk_commit();
        }
      }
      continue;
    }
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      const int m = m0 + 64 * cw + 16 * wq + g + 8 * h;
      if (m >= m_total) continue;
      const float sa = staged_scales ? tile_as[slot][m - m0] : a_scales[m];
      float* yrow = y + static_cast<int64_t>(m) * n_total;
#pragma unroll
      for (int i = 0; i < 32; ++i) {
        const int n = n0 + 8 * i + 2 * t;
        float v[2];
#pragma unroll
        for (int e = 0; e < 2; ++e) {
          const float sw = staged_scales ? tile_ws[slot][n + e - n0] : n + e < n_total ? w_scales[n + e] : 0.0f;
          // golden_gemm_group_dequant with one group: acc = 0 + fl32(s * fl32(P)); Y = fl32(acc * s_a)
          v[e] = __fmul_rn(__fadd_rn(0.0f, __fmul_rn(sw, __int2float_rn(acc[4 * i + 2 * h + e]))), sa);
        }
        if ((n_total & 1) == 0 && n + 1 < n_total) {
          *reinterpret_cast<float2*>(yrow + n) = make_float2(v[0], v[1]);
        } else {
          if (n < n_total) yrow[n] = v[0];
          if (n + 1 < n_total) yrow[n + 1] = v[1];
        }
      }
    }
  }
  if (tma_store && (ctid & 127) == 0) bulk_wait_all();  // the last boxes written before the block exits
#else
  __trap();
#endif
}

PFN_cuTensorMapEncodeTiled_v12000 tensor_map_encoder() {
  static PFN_cuTensorMapEncodeTiled_v12000 encode = [] {
    void* fn = nullptr;
    cudaDriverEntryPointQueryResult q{};
    MIXSIM_CUDA_CHECK(cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &fn, 12000, cudaEnableDefault, &q));
    if (fn == nullptr || q != cudaDriverEntryPointSuccess)
      throw std::runtime_error("cuda w8a8 fused: cuTensorMapEncodeTiled not found in the driver");
    return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(fn);
  }();
  return encode;
}

// rows x k_ld INT8, row-major, as boxes of kBK bytes x box_rows rows, 128-byte swizzle, zero fill.
CUtensorMap int8_rows_map(const int8_t* p, int64_t rows, int64_t k_ld, int box_rows) {
  CUtensorMap map{};
  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(k_ld), static_cast<cuuint64_t>(rows)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(k_ld)};
  const cuuint32_t box[2] = {kBK, static_cast<cuuint32_t>(box_rows)};
  const cuuint32_t elem_strides[2] = {1, 1};
  const CUresult r = tensor_map_encoder()(&map, CU_TENSOR_MAP_DATA_TYPE_UINT8, 2, const_cast<int8_t*>(p), dims, strides,
                                          box, elem_strides, CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
                                          CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS)
    throw std::runtime_error("cuda w8a8 fused: cuTensorMapEncodeTiled failed (" + std::to_string(static_cast<int>(r)) + ")");
  return map;
}

// Y: rows x cols FP32, row-major, as boxes of kStoreCols x 64 (no swizzle; cols % 4 == 0).
CUtensorMap float_rows_map(float* p, int64_t rows, int64_t cols) {
  CUtensorMap map{};
  const cuuint64_t dims[2] = {static_cast<cuuint64_t>(cols), static_cast<cuuint64_t>(rows)};
  const cuuint64_t strides[1] = {static_cast<cuuint64_t>(cols * 4)};
  const cuuint32_t box[2] = {kStoreCols, 64};
  const cuuint32_t elem_strides[2] = {1, 1};
  const CUresult r = tensor_map_encoder()(&map, CU_TENSOR_MAP_DATA_TYPE_FLOAT32, 2, p, dims, strides, box, elem_strides,
                                          CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_NONE,
                                          CU_TENSOR_MAP_L2_PROMOTION_NONE, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS)
    throw std::runtime_error("cuda w8a8 fused: cuTensorMapEncodeTiled (Y) failed (" + std::to_string(static_cast<int>(r)) + ")");
  return map;
}

}  // namespace

bool w8a8_fused_supported() {
  int dev = 0, major = 0, minor = 0;
  if (cudaGetDevice(&dev) != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
  MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev));
  return major == 9 && minor == 0;
}

void launch_w8a8_fused(const W8A8FusedArgs& a, float* y, cudaStream_t stream) {
  if (a.m <= 0 || a.n <= 0 || a.k_ld <= 0 || a.k_ld % 16 != 0)
    throw std::invalid_argument("cuda w8a8 fused: need M, N > 0 and K padded to a multiple of 16 (M=" +
                                std::to_string(a.m) + ", N=" + std::to_string(a.n) + ", k_ld=" + std::to_string(a.k_ld) + ")");
  if (a.m > (int64_t{1} << 30) || a.n > (int64_t{1} << 30))
    throw std::invalid_argument("cuda w8a8 fused: M and N must stay below 2^30");
  if (!w8a8_fused_supported())
    throw std::invalid_argument("cuda w8a8 fused: needs a compute capability 9.0 (Hopper) device");
  const CUtensorMap tx = int8_rows_map(a.x, a.m, a.k_ld, kBM);
  const CUtensorMap tw = int8_rows_map(a.w, a.n, a.k_ld, kBN);
  static int sms = [] {
    int dev = 0, n = 0;
    MIXSIM_CUDA_CHECK(cudaGetDevice(&dev));
    MIXSIM_CUDA_CHECK(cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, dev));
    return n;
  }();
  // The bulk-copy epilogue needs the staged scales and 16-byte Y rows; elsewhere the registers store Y.
  const bool tma_store = a.tma_store && a.staged_scales && a.n % 4 == 0 && !a.skip_epilogue;
  const CUtensorMap ty = tma_store ? float_rows_map(y, a.m, a.n) : CUtensorMap{};
  const int smem = tma_store ? kSmemBytesTmaStore : kSmemBytes;
  MIXSIM_CUDA_CHECK(cudaFuncSetAttribute(w8a8_fused_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
  const int64_t tiles = (a.m + kBM - 1) / kBM * ((a.n + kBN - 1) / kBN);
  const int chunks = static_cast<int>((a.k_ld + kBK - 1) / kBK);
  w8a8_fused_kernel<<<static_cast<unsigned>(std::min<int64_t>(tiles, sms)), 384, smem, stream>>>(
      tx, tw, ty, a.w_scales, a.a_scales, y, static_cast<int>(a.m), static_cast<int>(a.n), chunks,
      a.skip_epilogue ? 1 : 0, a.staged_scales ? 1 : 0, tma_store ? 1 : 0);
  MIXSIM_CUDA_CHECK_LAUNCH();
}

}  // namespace mixsim::kernels
