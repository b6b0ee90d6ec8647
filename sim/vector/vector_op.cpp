#include "sim/vector/vector_op.hpp"

#include <stdexcept>
#include <string>

namespace mixsim::sim {
namespace {

constexpr int64_t kActivationBytes = 2;  // FP16 activations between ops (as the GEMMs' X and Y)
constexpr int64_t kOnlineChunk = 64;     // online softmax: running max rescaled once per chunk

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

struct Builder {
  VectorWork w;
  int64_t rows, cols, n;
  void per_element(VectorClass c, int64_t k) { w.ops[static_cast<size_t>(c)] += k * n; }
  void per_row(VectorClass c, int64_t k) { w.ops[static_cast<size_t>(c)] += k * rows; }
  void reads(int64_t tensors) { w.read_bytes += tensors * n * kActivationBytes; }
  void writes(int64_t tensors) { w.write_bytes += tensors * n * kActivationBytes; }
};

}  // namespace

const char* vector_op_kind_name(VectorOpKind kind) {
  switch (kind) {
    case VectorOpKind::RmsNorm: return "rmsnorm";
    case VectorOpKind::LayerNorm: return "layernorm";
    case VectorOpKind::ActQuant: return "act_quant";
    case VectorOpKind::Rope: return "rope";
    case VectorOpKind::Softmax: return "softmax";
    case VectorOpKind::Silu: return "silu";
    case VectorOpKind::Gelu: return "gelu";
    case VectorOpKind::Relu: return "relu";
    case VectorOpKind::GatedMul: return "gated_mul";
    case VectorOpKind::ResidualAdd: return "residual_add";
    case VectorOpKind::BiasAdd: return "bias_add";
    case VectorOpKind::KvAppend: return "kv_append";
    case VectorOpKind::Embedding: return "embedding";
    case VectorOpKind::MoeRoute: return "moe_route";
    case VectorOpKind::MoeCombine: return "moe_combine";
    case VectorOpKind::AttnResidual: return "attn_residual";
    case VectorOpKind::KvDequantScale: return "kv_dequant_scale";
  }
  return "?";
}

VectorWork vector_work(const VectorOpShape& op) {
  if (op.rows <= 0 || op.cols <= 0)
    throw std::invalid_argument(std::string("vector op ") + vector_op_kind_name(op.kind) +
                                ": rows and cols must be positive (got " + std::to_string(op.rows) +
                                " x " + std::to_string(op.cols) + ")");
  using C = VectorClass;
  Builder b{{}, op.rows, op.cols, op.rows * op.cols};
  b.w.elements = b.n;
  b.w.read_bytes = op.param_bytes;
  switch (op.kind) {
    case VectorOpKind::RmsNorm:  // x^2, sum; x * r, * w; per row: mean (x 1/H), + eps, rsqrt
      b.per_element(C::Mul, 3), b.per_element(C::Add, 1);
      b.per_row(C::Mul, 1), b.per_row(C::Add, 1), b.per_row(C::Rsqrt, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::LayerNorm:  // sum, x - mean, (.)^2, sum; * r, * w, + b
      b.per_element(C::Add, 4), b.per_element(C::Mul, 3);
      b.per_row(C::Mul, 2), b.per_row(C::Add, 1), b.per_row(C::Rsqrt, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::ActQuant:  // |x| max; x * (127/absmax); round + clamp; per row 1/absmax
      b.per_element(C::Cmp, 1), b.per_element(C::Mul, 1), b.per_element(C::Cvt, 1);
      b.per_row(C::Rsqrt, 1), b.per_row(C::Mul, 1);
      b.reads(1);
      b.w.write_bytes += b.n * 1 + b.rows * 4;  // INT8 codes + one FP32 scale per token
      break;
    case VectorOpKind::Rope:  // (x0, x1) -> (x0 c - x1 s, x0 s + x1 c): 2 mul + 1 add per element
      b.per_element(C::Mul, 2), b.per_element(C::Add, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::Softmax:  // * 1/sqrt(d); running max; x - m; exp; sum; final * 1/sum
      b.per_element(C::Mul, 2), b.per_element(C::Cmp, 1), b.per_element(C::Add, 2);
      b.per_element(C::Exp, 1);
      b.w.ops[static_cast<size_t>(C::Exp)] += b.rows * ceil_div(op.cols, kOnlineChunk);
      b.w.ops[static_cast<size_t>(C::Mul)] += b.rows * ceil_div(op.cols, kOnlineChunk);
      b.per_row(C::Rsqrt, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::Silu:  // x / (1 + exp(-x))
      b.per_element(C::Exp, 1), b.per_element(C::Add, 1), b.per_element(C::Rsqrt, 1);
      b.per_element(C::Mul, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::Gelu:  // 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3))), tanh via exp
      b.per_element(C::Mul, 4), b.per_element(C::Add, 4), b.per_element(C::Exp, 1);
      b.per_element(C::Rsqrt, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::Relu:
      b.per_element(C::Cmp, 1);
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::GatedMul:
      b.per_element(C::Mul, 1);
      b.reads(2), b.writes(1);
      break;
    case VectorOpKind::ResidualAdd:
    case VectorOpKind::BiasAdd:
      b.per_element(C::Add, 1);
      b.reads(op.kind == VectorOpKind::ResidualAdd ? 2 : 1), b.writes(1);
      break;
    case VectorOpKind::KvAppend: {
      b.reads(1);
      b.w.write_bytes += static_cast<int64_t>(static_cast<double>(b.n) * op.kv.bits_per_element / 8.0 + 0.999999);
      const int64_t groups = op.extra > 0 ? ceil_div(b.n, op.extra) : 0;
      if (op.kv.bits == 8) {  // |x| max per group, scale, round
        b.per_element(C::Cmp, 1), b.per_element(C::Mul, 1), b.per_element(C::Cvt, 1);
        b.w.ops[static_cast<size_t>(C::Rsqrt)] += groups;
      } else if (op.kv.bits < 8) {  // KIVI: min, max, x - lo, * 1/s, round; per group s, 1/s
        b.per_element(C::Cmp, 2), b.per_element(C::Add, 1), b.per_element(C::Mul, 1);
        b.per_element(C::Cvt, 1);
        b.w.ops[static_cast<size_t>(C::Add)] += groups;
        b.w.ops[static_cast<size_t>(C::Mul)] += groups;
        b.w.ops[static_cast<size_t>(C::Rsqrt)] += groups;
      }
      break;
    }
    case VectorOpKind::Embedding:  // a gather: table rows in, activations out
      b.reads(1), b.writes(1);
      break;
    case VectorOpKind::MoeRoute: {  // softmax over the experts, then top-k by k passes of max
      const int64_t k = op.extra > 0 ? op.extra : 1;
      b.per_element(C::Cmp, 1 + k), b.per_element(C::Add, 2), b.per_element(C::Exp, 1);
      b.per_element(C::Mul, 1);
      b.per_row(C::Rsqrt, 1);
      b.reads(1);
      b.w.write_bytes += b.rows * k * 8;  // expert index + weight per choice
      break;
    }
    case VectorOpKind::MoeCombine: {  // sum_k weight_k * y_k
      const int64_t k = op.extra > 0 ? op.extra : 1;
      b.per_element(C::Mul, k), b.per_element(C::Add, k - 1);
      b.reads(k), b.writes(1);
      break;
    }
    case VectorOpKind::AttnResidual: {  // per (query row, window token): q.k and p.v over head_dim
      const int64_t d = op.extra > 0 ? op.extra : 1;
      b.per_element(C::Mul, 2 * d), b.per_element(C::Add, 2 * d);
      break;  // the window's K/V come in param_bytes; scores and outputs stay in the unit
    }
    case VectorOpKind::KvDequantScale:  // operand * group scale, and the min-term multiply-add
      b.per_element(C::Mul, 2), b.per_element(C::Add, 1);
      b.reads(1), b.writes(1);
      break;
  }
  return b.w;
}

}  // namespace mixsim::sim
