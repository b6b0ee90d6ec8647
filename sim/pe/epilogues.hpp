#pragma once
// GroupDequantUnit arithmetic shared by the PE types (each delegates to models/pe/group_dequant).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/pe/group_dequant.hpp"
#include "models/quantized_matrix.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::sim::pe_types {

// acc = fl32(acc + fl32(s[n][g] * fl32(P))), Y = fl32(acc * s_a[m]): W4A8 float scales and
// W8A8 (one group of K, per-channel scale).
class FloatScaleEpilogue final : public OutputEpilogue {
 public:
  FloatScaleEpilogue(const QuantizedMatrix& w, const QuantizedActivations& a)
      : w_(w), a_(a), acc_(static_cast<size_t>(a.rows * w.rows), 0.0f) {}
  void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const int32_t* p) override {
    float* acc = &acc_[static_cast<size_t>(m * w_.rows + n0)];
    for (int c = 0; c < cols; ++c)
      acc[c] = mixsim::pe::GroupDequant::accumulate_float_scale(acc[c], w_.scale(n0 + c, g), p[c]);
  }
  void fold_group(int64_t, int64_t, int, int64_t, const float*) override {
    throw std::logic_error("FloatScaleEpilogue: integer partial sums expected");
  }
  float output(int64_t m, int64_t n) const override {
    return mixsim::pe::GroupDequant::finish_float_scale(acc_[static_cast<size_t>(m * w_.rows + n)],
                                                        a_.scales[static_cast<size_t>(m)]);
  }

 private:
  const QuantizedMatrix& w_;
  const QuantizedActivations& a_;
  std::vector<float> acc_;
};

// acc += s_int[n][g] * P (exact), Y = fl32(fl32(acc) * fl32(s_a[m] * 2^-alpha)).
class IntegerScaleEpilogue final : public OutputEpilogue {
 public:
  IntegerScaleEpilogue(const QuantizedMatrix& w, const IntegerScales& s,
                       const QuantizedActivations& a)
      : w_(w), s_(s), a_(a), acc_(static_cast<size_t>(a.rows * w.rows), 0) {}
  void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const int32_t* p) override {
    int64_t* acc = &acc_[static_cast<size_t>(m * w_.rows + n0)];
    const int64_t groups = w_.groups();
    for (int c = 0; c < cols; ++c)
      acc[c] = mixsim::pe::GroupDequant::accumulate_integer_scale(
          acc[c], s_.scales[static_cast<size_t>((n0 + c) * groups + g)], p[c]);
  }
  void fold_group(int64_t, int64_t, int, int64_t, const float*) override {
    throw std::logic_error("IntegerScaleEpilogue: integer partial sums expected");
  }
  float output(int64_t m, int64_t n) const override {
    return mixsim::pe::GroupDequant::finish_integer_scale(
        acc_[static_cast<size_t>(m * w_.rows + n)], a_.scales[static_cast<size_t>(m)], s_.alpha);
  }

 private:
  const QuantizedMatrix& w_;
  const IntegerScales& s_;
  const QuantizedActivations& a_;
  std::vector<int64_t> acc_;
};

// Float activations (FP16, BF16, E4M3), FP32 group partials: acc = fl32(acc + fl32(s[n][g] *
// part)); Y = acc, or fl32(acc * s_x[m]) with per-token scales (E4M3).
class FloatActivationEpilogue final : public OutputEpilogue {
 public:
  FloatActivationEpilogue(const QuantizedMatrix& w, int64_t m,
                          const std::vector<float>* token_scales)
      : w_(w), token_scales_(token_scales), acc_(static_cast<size_t>(m * w.rows), 0.0f) {}
  void fold_group(int64_t, int64_t, int, int64_t, const int32_t*) override {
    throw std::logic_error("FloatActivationEpilogue: FP32 partial sums expected");
  }
  void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const float* p) override {
    float* acc = &acc_[static_cast<size_t>(m * w_.rows + n0)];
    for (int c = 0; c < cols; ++c)
      acc[c] = mixsim::pe::GroupDequant::accumulate_float_acts(acc[c], w_.scale(n0 + c, g), p[c]);
  }
  float output(int64_t m, int64_t n) const override {
    const float acc = acc_[static_cast<size_t>(m * w_.rows + n)];
    return token_scales_ ? mixsim::pe::GroupDequant::finish_float_scale(
                               acc, (*token_scales_)[static_cast<size_t>(m)])
                         : acc;
  }

 private:
  const QuantizedMatrix& w_;
  const std::vector<float>* token_scales_;
  std::vector<float> acc_;
};

// No per-group scale: the whole-K FP32 sum, optionally times a per-row activation scale.
class PlainFloatEpilogue final : public OutputEpilogue {
 public:
  PlainFloatEpilogue(int64_t m, int64_t n, const std::vector<float>* row_scales)
      : n_(n), row_scales_(row_scales), acc_(static_cast<size_t>(m * n), 0.0f) {}
  void fold_group(int64_t, int64_t, int, int64_t, const int32_t*) override {
    throw std::logic_error("PlainFloatEpilogue: FP32 partial sums expected");
  }
  void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const float* p) override {
    if (g != 0) throw std::logic_error("PlainFloatEpilogue: one group of K expected");
    float* acc = &acc_[static_cast<size_t>(m * n_ + n0)];
    for (int c = 0; c < cols; ++c) acc[c] = p[c];
  }
  float output(int64_t m, int64_t n) const override {
    const float v = acc_[static_cast<size_t>(m * n_ + n)];
    return row_scales_ ? v * (*row_scales_)[static_cast<size_t>(m)] : v;
  }

 private:
  int64_t n_;
  const std::vector<float>* row_scales_;
  std::vector<float> acc_;
};

// Weights as the PE multiplies them, q - z, as INT8: the codes themselves when symmetric (no
// copy), else a centered copy in `storage`.
inline const int8_t* centered_weights(const QuantizedMatrix& w, std::vector<int8_t>& storage) {
  if (w.is_symmetric) return w.codes.data();
  storage.resize(static_cast<size_t>(w.rows * w.cols));
  const int64_t groups = w.groups();
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t g = 0; g < groups; ++g) {
      const int z = w.zero(n, g);
      const size_t base = static_cast<size_t>(n * w.cols + g * w.group_size);
      for (int64_t i = 0; i < w.group_size; ++i)
        storage[base + static_cast<size_t>(i)] = static_cast<int8_t>(w.codes[base + static_cast<size_t>(i)] - z);
    }
  return storage.data();
}

}  // namespace mixsim::sim::pe_types
