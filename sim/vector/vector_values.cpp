#include "sim/vector/vector_values.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "models/activation_quantizer.hpp"
#include "models/fp16.hpp"
#include "models/vector_ops.hpp"
#include "workloads/deterministic_random.hpp"

namespace mixsim::sim {
namespace {

constexpr int64_t kMaxRows = 64;
constexpr double kRopeTheta = 10000.0;
constexpr double kEps = 1e-5;

MatrixF32 random_matrix(uint64_t seed, const std::string& label, int64_t rows, int64_t cols, double scale) {
  MatrixF32 x(rows, cols);
  for (int64_t r = 0; r < rows; ++r) {
    workloads::Xoshiro256 rng(workloads::derive_seed(seed, label, static_cast<uint64_t>(r)));
    for (int64_t c = 0; c < cols; ++c) x(r, c) = static_cast<float>(scale * rng.standard_normal());
  }
  return x;
}

// Sum of per-lane FP32 partials by a pairwise tree (the unit's reduction order).
float lane_sum(const std::vector<float>& partial) {
  std::vector<float> v = partial;
  while (v.size() > 1) {
    std::vector<float> next((v.size() + 1) / 2);
    for (size_t i = 0; i < next.size(); ++i) next[i] = 2 * i + 1 < v.size() ? v[2 * i] + v[2 * i + 1] : v[2 * i];
    v.swap(next);
  }
  return v.empty() ? 0.0f : v[0];
}

template <class F>
float lane_reduce(const float* x, int64_t n, int lanes, F term) {
  std::vector<float> partial(static_cast<size_t>(lanes), 0.0f);
  for (int64_t i = 0; i < n; ++i) partial[static_cast<size_t>(i % lanes)] += term(x[i]);
  return lane_sum(partial);
}

double rel_fro(const MatrixF32& y, const MatrixF64& ref) {
  double num = 0.0, den = 0.0;
  for (int64_t r = 0; r < ref.rows(); ++r)
    for (int64_t c = 0; c < ref.cols(); ++c) {
      const double d = static_cast<double>(y(r, c)) - ref(r, c);
      num += d * d;
      den += ref(r, c) * ref(r, c);
    }
  if (std::isnan(num)) return INFINITY;
  return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

MatrixF32 rmsnorm_lanes(const MatrixF32& x, const std::vector<float>& w, int lanes) {
  MatrixF32 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    const float ss = lane_reduce(&x(r, 0), x.cols(), lanes, [](float v) { return v * v; });
    const float inv = 1.0f / std::sqrt(ss / static_cast<float>(x.cols()) + static_cast<float>(kEps));
    for (int64_t c = 0; c < x.cols(); ++c) y(r, c) = x(r, c) * inv * w[static_cast<size_t>(c)];
  }
  return y;
}

MatrixF32 layernorm_lanes(const MatrixF32& x, const std::vector<float>& w, const std::vector<float>& b, int lanes) {
  MatrixF32 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    const float mean = lane_reduce(&x(r, 0), x.cols(), lanes, [](float v) { return v; }) / static_cast<float>(x.cols());
    const float var = lane_reduce(&x(r, 0), x.cols(), lanes, [mean](float v) { return (v - mean) * (v - mean); }) /
                      static_cast<float>(x.cols());
    const float inv = 1.0f / std::sqrt(var + static_cast<float>(kEps));
    for (int64_t c = 0; c < x.cols(); ++c)
      y(r, c) = (x(r, c) - mean) * inv * w[static_cast<size_t>(c)] + b[static_cast<size_t>(c)];
  }
  return y;
}

// Online softmax: per chunk of `lanes` scores, update the running max m and rescale the sum.
MatrixF32 softmax_lanes(const MatrixF32& x, float scale, int lanes) {
  MatrixF32 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    float m = -INFINITY, sum = 0.0f;
    for (int64_t c0 = 0; c0 < x.cols(); c0 += lanes) {
      const int64_t c1 = std::min<int64_t>(x.cols(), c0 + lanes);
      float cm = m;
      for (int64_t c = c0; c < c1; ++c) cm = std::max(cm, scale * x(r, c));
      std::vector<float> e(static_cast<size_t>(c1 - c0));
      for (int64_t c = c0; c < c1; ++c) e[static_cast<size_t>(c - c0)] = std::exp(scale * x(r, c) - cm);
      sum = sum * std::exp(m - cm) + lane_sum(e);
      m = cm;
    }
    const float inv = 1.0f / sum;
    for (int64_t c = 0; c < x.cols(); ++c) y(r, c) = std::exp(scale * x(r, c) - m) * inv;
  }
  return y;
}

template <class F>
MatrixF32 map_lanes(const MatrixF32& x, F f) {
  MatrixF32 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r)
    for (int64_t c = 0; c < x.cols(); ++c) y(r, c) = f(x(r, c), r, c);
  return y;
}

MatrixF32 rope_lanes(const MatrixF32& x, const std::vector<int64_t>& pos, int64_t head_dim) {
  const int64_t half = head_dim / 2;
  MatrixF32 y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r)
    for (int64_t h0 = 0; h0 < x.cols(); h0 += head_dim)
      for (int64_t i = 0; i < half; ++i) {  // table entries: FP16 of the exact cos/sin
        const double angle = static_cast<double>(pos[static_cast<size_t>(r)]) *
                             std::pow(kRopeTheta, -2.0 * static_cast<double>(i) / static_cast<double>(head_dim));
        const float c = fp16_round_float(static_cast<float>(std::cos(angle)));
        const float s = fp16_round_float(static_cast<float>(std::sin(angle)));
        const float a = x(r, h0 + i), b = x(r, h0 + i + half);
        y(r, h0 + i) = a * c - b * s;
        y(r, h0 + i + half) = b * c + a * s;
      }
  return y;
}

VectorValueCheck check_one(const StepOp& op, uint64_t seed, const workloads::ModelSpec& model, int lanes) {
  VectorValueCheck chk;
  chk.op = op.type;
  chk.rows = std::min<int64_t>(op.vector.rows, kMaxRows);
  chk.cols = op.vector.cols;
  const int64_t rows = chk.rows, cols = chk.cols;
  const std::string label = "vector/" + op.type;
  const MatrixF32 x = random_matrix(seed, label + "/x", rows, cols, 1.0);
  const double fp32_acc = 1e-5 * std::sqrt(std::max(1.0, static_cast<double>(cols) / 128.0));
  auto vec_of = [&](const std::string& which) {
    const MatrixF32 v = random_matrix(seed, label + "/" + which, 1, cols, 0.5);
    return std::vector<float>(v.data(), v.data() + cols);
  };
  switch (op.vector.kind) {
    case VectorOpKind::RmsNorm: {
      const auto w = vec_of("w");
      chk.tolerance = fp32_acc;
      chk.rel_fro = rel_fro(rmsnorm_lanes(x, w, lanes), golden::rmsnorm(x, w, kEps));
      break;
    }
    case VectorOpKind::LayerNorm: {
      const auto w = vec_of("w"), b = vec_of("b");
      chk.tolerance = fp32_acc;
      chk.rel_fro = rel_fro(layernorm_lanes(x, w, b, lanes), golden::layernorm(x, w, b, kEps));
      break;
    }
    case VectorOpKind::Softmax: {
      const MatrixF32 s = random_matrix(seed, label + "/scores", rows, cols, 3.0 * std::sqrt(model.head_dim));
      const float scale = 1.0f / std::sqrt(static_cast<float>(model.head_dim));
      chk.tolerance = fp32_acc;
      chk.rel_fro = rel_fro(softmax_lanes(s, scale, lanes), golden::softmax(s, scale));
      break;
    }
    case VectorOpKind::Rope: {
      std::vector<int64_t> pos(static_cast<size_t>(rows));
      for (int64_t r = 0; r < rows; ++r) pos[static_cast<size_t>(r)] = 4096 - 1 - r;
      chk.tolerance = 1e-3;
      chk.rel_fro = rel_fro(rope_lanes(x, pos, model.head_dim), golden::rope(x, pos, model.head_dim, kRopeTheta));
      break;
    }
    case VectorOpKind::Silu:
      chk.tolerance = 1e-6;
      chk.rel_fro = rel_fro(map_lanes(x, [](float v, int64_t, int64_t) { return v / (1.0f + std::exp(-v)); }),
                            golden::silu(x));
      break;
    case VectorOpKind::Gelu:
      chk.tolerance = 1e-6;
      chk.rel_fro = rel_fro(map_lanes(x, [](float v, int64_t, int64_t) {
                              const float k = 0.7978845608f;  // sqrt(2/pi)
                              const float t = k * (v + 0.044715f * v * v * v);
                              return 0.5f * v * (1.0f + (1.0f - 2.0f / (std::exp(2.0f * t) + 1.0f)));
                            }),
                            golden::gelu_tanh(x));
      break;
    case VectorOpKind::Relu:
      chk.tolerance = 1e-6;
      chk.rel_fro = rel_fro(map_lanes(x, [](float v, int64_t, int64_t) { return v > 0 ? v : 0.0f; }), golden::relu(x));
      break;
    case VectorOpKind::GatedMul:
    case VectorOpKind::ResidualAdd: {
      const MatrixF32 b = random_matrix(seed, label + "/b", rows, cols, 1.0);
      const bool mul = op.vector.kind == VectorOpKind::GatedMul;
      chk.tolerance = 1e-6;
      chk.rel_fro = rel_fro(map_lanes(x, [&](float v, int64_t r, int64_t c) { return mul ? v * b(r, c) : v + b(r, c); }),
                            mul ? golden::gated_mul(x, b) : golden::residual_add(x, b));
      break;
    }
    case VectorOpKind::ActQuant: {
      const QuantizedActivations golden_q = quantize_activations_per_token(x, 8);
      int64_t differing = 0;
      bool within_one = true;
      for (int64_t r = 0; r < rows; ++r) {
        float absmax = 0.0f;
        for (int64_t c = 0; c < cols; ++c) absmax = std::max(absmax, std::fabs(x(r, c)));
        const float s = absmax > 0 ? absmax / 127.0f : 1.0f;
        for (int64_t c = 0; c < cols; ++c) {
          const float q = std::clamp(std::nearbyint(x(r, c) / s), -127.0f, 127.0f);
          const int g = golden_q.codes[static_cast<size_t>(r * cols + c)];
          if (static_cast<int>(q) != g) ++differing;
          if (std::abs(static_cast<int>(q) - g) > 1) within_one = false;
        }
      }
      chk.tolerance = 1e-3;
      chk.rel_fro = static_cast<double>(differing) / static_cast<double>(rows * cols);
      chk.passed = within_one && chk.rel_fro <= chk.tolerance;
      return chk;
    }
    case VectorOpKind::Embedding: {
      const MatrixF32 table = random_matrix(seed, label + "/table", 256, cols, 1.0);
      std::vector<int64_t> ids(static_cast<size_t>(rows));
      for (int64_t r = 0; r < rows; ++r) ids[static_cast<size_t>(r)] = (r * 37 + 11) % 256;
      chk.tolerance = 1e-6;
      chk.rel_fro = rel_fro(map_lanes(MatrixF32(rows, cols), [&](float, int64_t r, int64_t c) {
                              return table(ids[static_cast<size_t>(r)], c);
                            }),
                            golden::embedding(table, ids));
      break;
    }
    default:
      chk.tolerance = -1;  // no golden definition: not checked
      return chk;
  }
  chk.passed = chk.rel_fro <= chk.tolerance;
  return chk;
}

}  // namespace

std::vector<VectorValueCheck> check_vector_values(const std::vector<StepOp>& ops, uint64_t seed,
                                                  const workloads::ModelSpec& model, const VectorUnit& unit) {
  std::vector<VectorValueCheck> checks;
  std::set<std::string> seen;
  for (const StepOp& op : ops) {
    if (op.unit != OpUnit::Vector || !seen.insert(op.type).second) continue;
    VectorValueCheck c = check_one(op, seed, model, unit.hardware().vector.lanes);
    if (c.tolerance >= 0) checks.push_back(c);
  }
  return checks;
}

}  // namespace mixsim::sim
