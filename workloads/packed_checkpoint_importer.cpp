#include "workloads/packed_checkpoint_importer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mixsim::workloads {

namespace {

// AutoAWQ packs column 8j + {0,2,4,6,1,3,5,7}[i] into nibble i; so column 8j + c sits in
// nibble kAwqSlotOfColumn[c] (the inverse permutation).
constexpr int kAwqSlotOfColumn[8] = {0, 4, 1, 5, 2, 6, 3, 7};

std::string shape_of(const std::string& name, int64_t rows, int64_t cols) {
  return name + " [" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
}

struct Dims {
  int64_t n = 0, k = 0, groups = 0, group_size = 0;
};

Dims check_shapes(const PackedLinearTensors& t, const PackedImportOptions& opt,
                  const std::string& origin) {
  const int per_word = 32 / opt.bits;
  const auto err = [&](const std::string& what) {
    throw std::invalid_argument(origin + ": inconsistent " +
                                (opt.format == PackedFormat::Gptq ? "GPTQ" : "AWQ") +
                                " shapes: " + what);
  };
  Dims d;
  if (opt.format == PackedFormat::Gptq) {
    d.k = t.qweight.rows() * per_word;
    d.n = t.qweight.cols();
  } else {
    d.k = t.qweight.rows();
    d.n = t.qweight.cols() * per_word;
  }
  d.groups = t.scales.rows();
  if (d.n == 0 || d.k == 0 || d.groups == 0) err("empty tensor: " + shape_of("qweight", t.qweight.rows(), t.qweight.cols()) + ", " + shape_of("scales", t.scales.rows(), t.scales.cols()));
  if (t.scales.cols() != d.n)
    err(shape_of("scales", t.scales.rows(), t.scales.cols()) + " must have N = " +
        std::to_string(d.n) + " columns (from " + shape_of("qweight", t.qweight.rows(), t.qweight.cols()) + ")");
  if (t.qzeros.rows() != d.groups || t.qzeros.cols() * per_word != d.n)
    err(shape_of("qzeros", t.qzeros.rows(), t.qzeros.cols()) + " must be [G, N/" +
        std::to_string(per_word) + "] = [" + std::to_string(d.groups) + ", " +
        std::to_string(d.n / per_word) + "]");
  if (d.k % d.groups != 0)
    err("K = " + std::to_string(d.k) + " is not a multiple of the " + std::to_string(d.groups) +
        " groups of " + shape_of("scales", t.scales.rows(), t.scales.cols()));
  d.group_size = d.k / d.groups;
  if (t.g_idx && static_cast<int64_t>(t.g_idx->size()) != d.k)
    err("g_idx has " + std::to_string(t.g_idx->size()) + " entries, K = " + std::to_string(d.k));
  if (t.bias && static_cast<int64_t>(t.bias->size()) != d.n)
    err("bias has " + std::to_string(t.bias->size()) + " entries, N = " + std::to_string(d.n));
  return d;
}

// Stable order of input features by group; empty when g_idx is the plain k / group_size.
std::vector<int64_t> group_permutation(const std::vector<int32_t>& g_idx, const Dims& d,
                                       const std::string& origin) {
  std::vector<int64_t> count(static_cast<size_t>(d.groups), 0);
  bool identity = true;
  for (int64_t k = 0; k < d.k; ++k) {
    const int32_t g = g_idx[static_cast<size_t>(k)];
    if (g < 0 || g >= d.groups)
      throw std::invalid_argument(origin + ": g_idx[" + std::to_string(k) + "] = " +
                                  std::to_string(g) + " outside [0, " + std::to_string(d.groups) + ")");
    ++count[static_cast<size_t>(g)];
    identity = identity && g == k / d.group_size;
  }
  for (int64_t g = 0; g < d.groups; ++g)
    if (count[static_cast<size_t>(g)] != d.group_size)
      throw std::invalid_argument(origin + ": g_idx puts " + std::to_string(count[static_cast<size_t>(g)]) +
                                  " input features in group " + std::to_string(g) +
                                  "; every group needs K/G = " + std::to_string(d.group_size));
  if (identity) return {};
  std::vector<int64_t> perm(static_cast<size_t>(d.k));
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) {
    return g_idx[static_cast<size_t>(a)] < g_idx[static_cast<size_t>(b)];
  });
  return perm;
}

int unpack(int32_t word, int slot, int bits) {
  return static_cast<int>((static_cast<uint32_t>(word) >> (bits * slot)) & ((1u << bits) - 1));
}

}  // namespace

ImportedLinear import_packed_linear(const PackedLinearTensors& t, const PackedImportOptions& opt,
                                    const std::string& origin) {
  if (opt.bits != 2 && opt.bits != 4)
    throw std::invalid_argument(origin + ": " + std::to_string(opt.bits) +
                                "-bit packed weights are not supported (allowed: 2, 4)");
  if (opt.format == PackedFormat::Awq && opt.bits != 4)
    throw std::invalid_argument(origin + ": AWQ checkpoints are 4-bit (got bits = " +
                                std::to_string(opt.bits) + ")");
  const Dims d = check_shapes(t, opt, origin);
  const ZeroConvention zc = opt.zeros.value_or(
      opt.format == PackedFormat::Gptq ? ZeroConvention::StoredMinusOne : ZeroConvention::Exact);
  const int per_word = 32 / opt.bits;
  const int max_code = (1 << opt.bits) - 1;

  ImportedLinear out;
  if (t.g_idx) out.input_permutation = group_permutation(*t.g_idx, d, origin);
  out.bias = t.bias;
  QuantizedMatrix& q = out.weights;
  q.rows = d.n, q.cols = d.k, q.group_size = static_cast<int>(d.group_size), q.bits = opt.bits;
  q.is_symmetric = false;
  q.codes.resize(static_cast<size_t>(d.n * d.k));
  q.scales.resize(static_cast<size_t>(d.n * d.groups));
  q.zeros.resize(static_cast<size_t>(d.n * d.groups));

  const auto code_at = [&](int64_t k, int64_t n) {  // original feature order
    if (opt.format == PackedFormat::Gptq)
      return unpack(t.qweight(k / per_word, n), static_cast<int>(k % per_word), opt.bits);
    return unpack(t.qweight(k, n / 8), kAwqSlotOfColumn[n % 8], opt.bits);
  };
  const auto stored_zero_at = [&](int64_t g, int64_t n) {
    if (opt.format == PackedFormat::Gptq)
      return unpack(t.qzeros(g, n / per_word), static_cast<int>(n % per_word), opt.bits);
    return unpack(t.qzeros(g, n / 8), kAwqSlotOfColumn[n % 8], opt.bits);
  };

  for (int64_t n = 0; n < d.n; ++n) {
    for (int64_t j = 0; j < d.k; ++j) {
      const int64_t k = out.input_permutation.empty() ? j : out.input_permutation[static_cast<size_t>(j)];
      q.codes[static_cast<size_t>(n * d.k + j)] = static_cast<int8_t>(code_at(k, n));
    }
    for (int64_t g = 0; g < d.groups; ++g) {
      const int zero = stored_zero_at(g, n) + (zc == ZeroConvention::StoredMinusOne ? 1 : 0);
      if (zero > max_code)
        throw std::invalid_argument(
            origin + ": qzeros (group " + std::to_string(g) + ", column " + std::to_string(n) +
            ") stores " + std::to_string(max_code) + ", i.e. zero point " + std::to_string(zero) +
            " under GPTQ's +1 convention, which does not fit " + std::to_string(opt.bits) +
            " bits; if this is a gptq_v2 checkpoint, import with the exact zero convention");
      const float s = t.scales(g, n);
      if (!std::isfinite(s))
        throw std::invalid_argument(origin + ": scales (group " + std::to_string(g) + ", column " +
                                    std::to_string(n) + ") is not finite");
      q.scales[static_cast<size_t>(n * d.groups + g)] = s;
      q.zeros[static_cast<size_t>(n * d.groups + g)] = static_cast<int8_t>(zero);
    }
  }
  return out;
}

ImportedLinear import_packed_linear(const SafetensorsFile& file, const std::string& prefix,
                                    const PackedImportOptions& opt) {
  PackedLinearTensors t;
  t.qweight = file.read_i32(prefix + ".qweight");
  t.qzeros = file.read_i32(prefix + ".qzeros");
  t.scales = file.read_f32(prefix + ".scales");
  if (file.contains(prefix + ".g_idx")) t.g_idx = file.read_i32(prefix + ".g_idx").storage();
  if (file.contains(prefix + ".bias")) t.bias = file.read_f32(prefix + ".bias").storage();
  return import_packed_linear(t, opt, file.path() + ": " + prefix);
}

MatrixF64 imported_linear_reference(const MatrixF32& x, const ImportedLinear& linear) {
  const QuantizedMatrix& w = linear.weights;
  if (x.cols() != w.cols)
    throw std::invalid_argument("imported_linear_reference: X has " + std::to_string(x.cols()) +
                                " columns, W has K = " + std::to_string(w.cols));
  MatrixF64 y(x.rows(), w.rows);
  for (int64_t m = 0; m < x.rows(); ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      double acc = 0.0;
      for (int64_t j = 0; j < w.cols; ++j) {
        const int64_t k = linear.input_permutation.empty() ? j : linear.input_permutation[static_cast<size_t>(j)];
        acc += static_cast<double>(x(m, k)) * w.dequantized(n, j);
      }
      y(m, n) = acc + (linear.bias ? (*linear.bias)[static_cast<size_t>(n)] : 0.0);
    }
  return y;
}

}  // namespace mixsim::workloads
