#include "kernels/cpu/cpu_gemm.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "kernels/cpu/fp4_tables.hpp"
#include "kernels/cpu/operand_access.hpp"
#include "kernels/cpu/parallel_for.hpp"
#include "kernels/cpu/scalar_gemm.hpp"
#include "kernels/cpu/simd_dots.hpp"
#include "kernels/output_scaling.hpp"
#include "models/block_scaled_quantizer.hpp"

namespace mixsim::kernels {

namespace {

bool is_block_recipe(RecipeKind kind) {
  return kind == RecipeKind::MXFP4 || kind == RecipeKind::NVFP4;
}

// Activations as int16 rows (the SIMD operand) plus, for 4-bit weights stored with an offset,
// each row's per-group sums (sum_k a = the term the offset multiplies).
struct PreparedActivations {
  int64_t rows = 0;
  const int8_t* int8 = nullptr;     // W4A8 on the INT8 path: the codes themselves (rows x K)
  std::vector<int16_t> values;      // rows x K
  std::vector<int32_t> group_sums;  // rows x groups
  std::vector<float> scales;        // per-token scales (integer recipes)
  std::vector<double> block_scales; // rows x blocks (FP4 formats)
  float tensor_scale = 1.0f;
  const float* fp32 = nullptr;      // W4A16: the FP16 values held in float
  std::vector<float> prescaled;     // W4A16 tiled path: rows x K, x times w4a16_prescale(k % G)
  std::vector<float> lane_sums;     // W4A16 offset-8 kernel: rows x groups x 8 (w4a16_lane_sums)
};

// W4A8 (float or integer scale) with G = 64/128/256 on an AVX2/AVX-512 processor: INT8
// activations times unsigned storage codes (group_sums_u4_i8 / intscale_totals_u4_i8).
bool uses_int8_path(const CpuPreparedWeights& w) {
  const RecipeKind kind = w.recipe.kind;
  return (kind == RecipeKind::W4A8 || kind == RecipeKind::W4A8IntScale) &&
         int8_dots_available(w.group_size);
}

// W4A16 with G = 64/128/256 on an AVX2/AVX-512 processor: 4-row tiles (w4a16_tiled_dots).
bool uses_w4a16_tiled(const CpuPreparedWeights& w) {
  return w.recipe.kind == RecipeKind::W4A16 && w4a16_tiled_available(w.group_size);
}

PreparedActivations prepare_activations(const CpuPreparedWeights& w, const QuantizedOperands& ops) {
  PreparedActivations p;
  const int64_t k = w.cols;
  const RecipeKind kind = w.recipe.kind;
  if (kind == RecipeKind::W4A16) {
    const MatrixF32& x = fp16_activations_of(ops);
    if (x.cols() != k) throw std::invalid_argument("cpu: activations K differs from weights K");
    p.rows = x.rows();
    p.fp32 = x.data();
    if (!w.tiled_scales.empty()) {
      p.prescaled.resize(static_cast<size_t>(x.rows() * k));
      for (int64_t m = 0; m < x.rows(); ++m)
        for (int64_t kk = 0; kk < k; ++kk)
          p.prescaled[static_cast<size_t>(m * k + kk)] =
              x(m, kk) * w4a16_prescale(kk % w.group_size);
      if (w.tiled_offset8) {
        p.lane_sums.resize(static_cast<size_t>(x.rows() * w.groups() * 8));
        for (int64_t m = 0; m < x.rows(); ++m)
          w4a16_lane_sums(x.data() + m * k, k, w.group_size, p.lane_sums.data() + m * w.groups() * 8);
      }
    }
    return p;
  }
  if (is_block_recipe(kind)) {
    const BlockScaledMatrix& x = block_activations_of(ops);
    if (x.cols != k || x.block_size != w.group_size)
      throw std::invalid_argument("cpu: block-scaled activations differ in K or block size");
    p.rows = x.rows;
    p.values.resize(static_cast<size_t>(x.rows * k));
    for (size_t i = 0; i < p.values.size(); ++i)
      p.values[i] = kE2M1Doubled[x.element_codes[i] & 0xF];
    p.block_scales.resize(static_cast<size_t>(x.rows * x.blocks()));
    for (int64_t m = 0; m < x.rows; ++m)
      for (int64_t b = 0; b < x.blocks(); ++b)
        p.block_scales[static_cast<size_t>(m * x.blocks() + b)] = block_scale_value(x, m, b);
    p.tensor_scale = x.tensor_scale;
    return p;
  }
  const QuantizedActivations& a = activations_of(ops);
  if (a.cols != k) throw std::invalid_argument("cpu: activations K differs from weights K");
  p.rows = a.rows;
  if (uses_int8_path(w)) p.int8 = a.codes.data();
  else p.values.assign(a.codes.begin(), a.codes.end());
  p.scales = a.scales;
  const int64_t groups = w.groups();
  p.group_sums.assign(static_cast<size_t>(a.rows * groups), 0);
  for (int64_t m = 0; m < a.rows; ++m)
    for (int64_t kk = 0; kk < k; ++kk)
      p.group_sums[static_cast<size_t>(m * groups + kk / w.group_size)] += a.code(m, kk);
  return p;
}

// INT8 path, output rows [n_begin, n_end): tiles of R weight rows x T tokens (R * T <= 4; M = 1
// takes 4 weight rows per pass so each activation load serves 4 rows, M = 2 takes 2 x 2, larger
// M one weight row x 4 tokens so each unpacked weight vector serves 4 tokens).
void compute_rows_int8(const CpuPreparedWeights& w, const PreparedActivations& a, int64_t n_begin,
                       int64_t n_end, MatrixF32& y) {
  const int64_t k = w.cols;
  const int64_t groups = w.groups();
  const bool intscale = w.recipe.kind == RecipeKind::W4A8IntScale;
  const int rows_per_tile = a.rows == 1 ? 4 : a.rows == 2 ? 2 : 1;
  const int tokens_per_tile = kMaxInt8Tile / rows_per_tile;
  std::vector<int32_t> sums(static_cast<size_t>(kMaxInt8Tile * groups));
  for (int64_t n0 = n_begin; n0 < n_end;) {
    // Rows of one pass stay inside one 4-row tile of w.tiled4.
    const int nr = static_cast<int>(
        std::min<int64_t>({rows_per_tile, n_end - n0, 4 - n0 % 4}));
    std::array<const uint8_t*, kMaxInt8Tile> wr{};
    std::array<const int32_t*, kMaxInt8Tile> sr{};
    std::array<const int16_t*, kMaxInt8Tile> sr16{};
    const bool scales16 = !w.integer_scales16.empty();
    std::array<const uint8_t*, kMaxInt8Tile> orow{};
    for (int r = 0; r < nr; ++r) {
      wr[static_cast<size_t>(r)] = w.tiled_row(n0 + r);
      if (intscale) {
        sr[static_cast<size_t>(r)] = w.integer_scales.data() + (n0 + r) * groups;
        if (scales16) sr16[static_cast<size_t>(r)] = w.integer_scales16.data() + (n0 + r) * groups;
        orow[static_cast<size_t>(r)] = w.offsets8.data() + (n0 + r) * groups;
      }
    }
    for (int64_t m0 = 0; m0 < a.rows; m0 += tokens_per_tile) {
      const int nt = static_cast<int>(std::min<int64_t>(tokens_per_tile, a.rows - m0));
      std::array<const int8_t*, kMaxInt8Tile> act{};
      std::array<const int32_t*, kMaxInt8Tile> asum{};
      for (int t = 0; t < nt; ++t) {
        act[static_cast<size_t>(t)] = a.int8 + (m0 + t) * k;
        asum[static_cast<size_t>(t)] = a.group_sums.data() + (m0 + t) * groups;
      }
      if (intscale) {
        std::array<int32_t, kMaxInt8Tile> totals{};
        intscale_totals_u4_i8(wr.data(), w.tiled_group_stride(), sr.data(),
                              scales16 ? sr16.data() : nullptr, orow.data(), nr, act.data(), asum.data(), nt,
                              k, w.group_size, totals.data());
        for (int r = 0; r < nr; ++r)
          for (int t = 0; t < nt; ++t)
            y(m0 + t, n0 + r) = intscale_output(
                totals[static_cast<size_t>(r * nt + t)],
                intscale_output_scale(a.scales[static_cast<size_t>(m0 + t)], w.alpha));
        continue;
      }
      group_sums_u4_i8(wr.data(), w.tiled_group_stride(), nr, act.data(), nt, k, w.group_size, sums.data(), groups);
      for (int r = 0; r < nr; ++r) {
        const int64_t n = n0 + r;
        const int32_t* offsets = w.packed.offsets.data() + n * groups;
        const float* scales = w.scales.data() + n * groups;
        for (int t = 0; t < nt; ++t) {
          const int32_t* p = sums.data() + (r * nt + t) * groups;
          const int32_t* s_act = asum[static_cast<size_t>(t)];
          float acc = 0.0f;
          for (int64_t g = 0; g < groups; ++g)
            acc = group_dequant_step(acc, scales[g], p[g] - offsets[g] * s_act[g]);
          y(m0 + t, n) = group_dequant_output(acc, a.scales[static_cast<size_t>(m0 + t)]);
        }
      }
    }
    n0 += nr;
  }
}

// W4A16 tiled path, output rows [n_begin, n_end): passes over up to 4 rows of one 4-row tile,
// every token against the same tile (re-read from L1/L2 after the first token).
void compute_rows_w4a16_tiled(const CpuPreparedWeights& w, const PreparedActivations& a,
                              int64_t n_begin, int64_t n_end, MatrixF32& y) {
  const int64_t k = w.cols;
  const int64_t groups = w.groups();
  for (int64_t n0 = n_begin; n0 < n_end;) {
    const int r0 = static_cast<int>(n0 % 4);
    const int nr = static_cast<int>(std::min<int64_t>(n_end - n0, 4 - r0));
    const int64_t tile = n0 / 4;
    for (int64_t m = 0; m < a.rows; ++m) {
      std::array<float, 4> out{};
      w4a16_tiled_dots(w.tiled4.data() + tile * 2 * k, w.tiled_scales.data() + tile * groups * 4,
                       w.tiled_zeros.data() + tile * groups * 4, r0, nr,
                       a.prescaled.data() + m * k,
                       w.tiled_offset8 ? a.lane_sums.data() + m * groups * 8 : nullptr, k,
                       w.group_size, out.data());
      for (int r = 0; r < nr; ++r) y(m, n0 + r) = out[static_cast<size_t>(r)];
    }
    n0 += nr;
  }
}

// Output rows [n_begin, n_end) of Y for every token, by blocks of kMaxActivationRows tokens.
void compute_rows(const CpuPreparedWeights& w, const PreparedActivations& a, int64_t n_begin,
                  int64_t n_end, MatrixF32& y) {
  const int64_t k = w.cols;
  const int64_t groups = w.groups();
  const RecipeKind kind = w.recipe.kind;
  std::vector<int32_t> sums(static_cast<size_t>(kMaxActivationRows * groups));
  std::vector<float> fsums(static_cast<size_t>(kMaxActivationRows * groups));
  for (int64_t n = n_begin; n < n_end; ++n) {
    for (int64_t m0 = 0; m0 < a.rows; m0 += kMaxActivationRows) {
      const int rows = static_cast<int>(std::min<int64_t>(kMaxActivationRows, a.rows - m0));
      std::array<const int16_t*, kMaxActivationRows> act{};
      std::array<const float*, kMaxActivationRows> actf{};
      for (int r = 0; r < rows; ++r) {
        if (a.fp32) actf[static_cast<size_t>(r)] = a.fp32 + (m0 + r) * k;
        else act[static_cast<size_t>(r)] = a.values.data() + (m0 + r) * k;
      }
      const int32_t* offsets = w.packed.offsets.data() + n * groups;
      if (kind == RecipeKind::W4A16) {
        group_dots_w4_f32(w.packed.row_bytes(n), offsets, actf.data(), rows, k, w.group_size,
                          fsums.data(), groups);
        for (int r = 0; r < rows; ++r) {
          float acc = 0.0f;
          for (int64_t g = 0; g < groups; ++g)
            acc = add_rn(acc, mul_rn(w.scales[static_cast<size_t>(n * groups + g)],
                                     fsums[static_cast<size_t>(r * groups + g)]));
          y(m0 + r, n) = acc;
        }
        continue;
      }
      if (kind == RecipeKind::W8A8) {
        for (int64_t g = 0; g < groups; ++g) {
          std::array<const int16_t*, kMaxActivationRows> slice{};
          for (int r = 0; r < rows; ++r) slice[static_cast<size_t>(r)] = act[static_cast<size_t>(r)] + g * w.group_size;
          std::array<int32_t, kMaxActivationRows> dots{};
          dots_int8(w.int8_codes.data() + n * k + g * w.group_size, slice.data(), rows,
                    w.group_size, dots.data());
          for (int r = 0; r < rows; ++r)
            sums[static_cast<size_t>(r * groups + g)] =
                dots[static_cast<size_t>(r)] -
                w.int8_zeros[static_cast<size_t>(n * groups + g)] *
                    a.group_sums[static_cast<size_t>((m0 + r) * groups + g)];
        }
      } else {
        const bool block = is_block_recipe(kind);
        group_dots_int4(w.packed.row_bytes(n), act.data(), rows, k, w.group_size,
                        block ? kE2M1Doubled.data() : nullptr, sums.data(), groups);
        if (!block)  // P = sum a*u - offset * sum a  (u = stored code, value = u - offset)
          for (int r = 0; r < rows; ++r)
            for (int64_t g = 0; g < groups; ++g)
              sums[static_cast<size_t>(r * groups + g)] -=
                  offsets[g] * a.group_sums[static_cast<size_t>((m0 + r) * groups + g)];
      }
      for (int r = 0; r < rows; ++r) {
        const int32_t* p = sums.data() + r * groups;
        const int64_t m = m0 + r;
        if (kind == RecipeKind::W4A8IntScale) {
          int64_t acc = 0;
          for (int64_t g = 0; g < groups; ++g)
            acc += int64_t{w.integer_scales[static_cast<size_t>(n * groups + g)]} * p[g];
          y(m, n) = intscale_output(
              acc, intscale_output_scale(a.scales[static_cast<size_t>(m)], w.alpha));
        } else if (is_block_recipe(kind)) {
          float acc = 0.0f;
          for (int64_t g = 0; g < groups; ++g)
            acc = block_scaled_step(acc, p[g], a.block_scales[static_cast<size_t>(m * groups + g)],
                                    w.block_scales[static_cast<size_t>(n * groups + g)]);
          y(m, n) = acc * (a.tensor_scale * w.tensor_scale);
        } else {
          float acc = 0.0f;
          for (int64_t g = 0; g < groups; ++g)
            acc = group_dequant_step(acc, w.scales[static_cast<size_t>(n * groups + g)], p[g]);
          y(m, n) = group_dequant_output(acc, a.scales[static_cast<size_t>(m)]);
        }
      }
    }
  }
}

}  // namespace

bool cpu_simd_supports(const QuantizedOperands& ops) {
  const RecipeKind kind = ops.recipe.kind;
  if (is_block_recipe(kind))
    return ops.weights_block && ops.weights_block->block_size % 16 == 0;
  if (!ops.weights) return false;
  if (kind == RecipeKind::W8A8) return ops.weights->bits == 8;
  return ops.weights->bits == 4 && ops.weights->group_size % 16 == 0;
}

CpuPreparedWeights prepare_cpu_weights(const QuantizedOperands& ops) {
  CpuPreparedWeights p;
  p.recipe = ops.recipe;
  const RecipeKind kind = ops.recipe.kind;
  if (is_block_recipe(kind)) {
    const BlockScaledMatrix& w = block_weights_of(ops);
    p.rows = w.rows;
    p.cols = w.cols;
    p.group_size = w.block_size;
    p.packed = pack_fp4_blocks(w);
    p.block_scales.resize(static_cast<size_t>(w.rows * w.blocks()));
    for (int64_t n = 0; n < w.rows; ++n)
      for (int64_t b = 0; b < w.blocks(); ++b)
        p.block_scales[static_cast<size_t>(n * w.blocks() + b)] = block_scale_value(w, n, b);
    p.tensor_scale = w.tensor_scale;
    return p;
  }
  const QuantizedMatrix& w = weights_of(ops);
  p.rows = w.rows;
  p.cols = w.cols;
  p.group_size = w.group_size;
  p.scales = w.scales;
  if (kind == RecipeKind::W8A8) {
    p.int8_codes = w.codes;
    p.int8_zeros.resize(static_cast<size_t>(w.rows * w.groups()));
    for (int64_t n = 0; n < w.rows; ++n)
      for (int64_t g = 0; g < w.groups(); ++g)
        p.int8_zeros[static_cast<size_t>(n * w.groups() + g)] = w.zero(n, g);
    return p;
  }
  p.packed = pack_int4_groups(w);
  if (uses_w4a16_tiled(p) &&
      std::all_of(p.packed.offsets.begin(), p.packed.offsets.end(),
                  [](int32_t z) { return z >= 0 && z <= 15; })) {
    const int64_t half = p.group_size / 2;
    const int64_t groups = w.groups();
    const int64_t tiles = (w.rows + 3) / 4;
    p.tiled4.assign(static_cast<size_t>(tiles * 2 * w.cols), 0);
    p.tiled_scales.assign(static_cast<size_t>(tiles * groups * 4), 0.0f);
    p.tiled_zeros.assign(static_cast<size_t>(tiles * groups * 4), 0);
    for (int64_t n = 0; n < w.rows; ++n)
      for (int64_t g = 0; g < groups; ++g) {
        const size_t meta = static_cast<size_t>((n / 4) * groups * 4 + g * 4 + n % 4);
        p.tiled_scales[meta] = p.scales[static_cast<size_t>(n * groups + g)];
        p.tiled_zeros[meta] = static_cast<uint8_t>(p.packed.offsets[static_cast<size_t>(n * groups + g)]);
        uint8_t* dst = p.tiled4.data() + (n / 4) * 2 * w.cols + (g * 4 + n % 4) * half;
        for (int64_t kk = 0; kk < p.group_size; ++kk) {
          int64_t byte = 0;
          int shift = 0;
          w4a16_tiled_index(kk, byte, shift);
          dst[byte] = static_cast<uint8_t>(
              dst[byte] | (packed_nibble(p.packed, n, g * p.group_size + kk) << shift));
        }
      }
    p.tiled_offset8 = std::all_of(p.packed.offsets.begin(), p.packed.offsets.end(),
                                  [](int32_t z) { return z == 8; });
    p.packed.bytes.clear();
    p.packed.bytes.shrink_to_fit();
    return p;
  }
  if (uses_int8_path(p)) {
    const int64_t half = p.group_size / 2;
    const int64_t groups = w.groups();
    p.tiled4.assign(static_cast<size_t>((w.rows + 3) / 4 * 2 * w.cols), 0);
    for (int64_t n = 0; n < w.rows; ++n)
      for (int64_t g = 0; g < groups; ++g)
        std::copy_n(p.packed.row_bytes(n) + g * half, half,
                    p.tiled4.data() + (n / 4) * 2 * w.cols + (g * 4 + n % 4) * half);
    p.packed.bytes.clear();
    p.packed.bytes.shrink_to_fit();
  }
  if (kind == RecipeKind::W4A8IntScale) {
    const IntegerScales& s = integer_scales_of(ops);
    p.integer_scales = s.scales;
    p.alpha = s.alpha;
    p.offsets8.assign(p.packed.offsets.begin(), p.packed.offsets.end());  // each in [0, 15]
    if (std::all_of(s.scales.begin(), s.scales.end(),
                    [](int32_t v) { return v >= -32768 && v <= 32767; }))
      p.integer_scales16.assign(s.scales.begin(), s.scales.end());
  }
  return p;
}

MatrixF32 cpu_gemm_prepared(const CpuPreparedWeights& w, const QuantizedOperands& ops,
                            int threads) {
  const PreparedActivations a = prepare_activations(w, ops);
  MatrixF32 y(a.rows, w.rows);
  const bool int8_path = a.int8 != nullptr;
  const bool w4a16_tiled = !w.tiled_scales.empty();
  parallel_for(w.rows, threads, [&](int64_t begin, int64_t end) {
    if (w4a16_tiled) compute_rows_w4a16_tiled(w, a, begin, end, y);
    else if (int8_path) compute_rows_int8(w, a, begin, end, y);
    else compute_rows(w, a, begin, end, y);
  });
  return y;
}

MatrixF32 cpu_gemm(const QuantizedOperands& ops, int threads) {
  if (!cpu_simd_supports(ops)) return cpu_scalar_gemm_autovec(ops);  // same loops, compiler-vectorized
  return cpu_gemm_prepared(prepare_cpu_weights(ops), ops, threads);
}

MatrixF32 cpu_dense_gemm_f32(const MatrixF32& x, const MatrixF32& w, int threads) {
  if (x.cols() != w.cols())
    throw std::invalid_argument("dense GEMM: X has K=" + std::to_string(x.cols()) +
                                " but W has K=" + std::to_string(w.cols()));
  const int64_t k = x.cols();
  MatrixF32 y(x.rows(), w.rows());
  parallel_for(w.rows(), threads, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n)
      for (int64_t m0 = 0; m0 < x.rows(); m0 += kMaxActivationRows) {
        const int rows = static_cast<int>(std::min<int64_t>(kMaxActivationRows, x.rows() - m0));
        std::array<const float*, kMaxActivationRows> xr{};
        for (int r = 0; r < rows; ++r) xr[static_cast<size_t>(r)] = x.data() + (m0 + r) * k;
        std::array<float, kMaxActivationRows> out{};
        dots_f32(w.data() + n * k, xr.data(), rows, k, out.data());
        for (int r = 0; r < rows; ++r) y(m0 + r, n) = out[static_cast<size_t>(r)];
      }
  });
  return y;
}

}  // namespace mixsim::kernels
