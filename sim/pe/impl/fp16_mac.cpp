// fp16-mac: tensor-core-like FP16 PE on unquantized weights (both operands rounded to FP16),
// exact FP32 products, FP32 accumulation (models/pe/mac_pes.hpp, Fp16MacPe). It ignores the
// job's quantization recipe: its formats are FP16 weights and FP16 activations.
#include "models/fp16.hpp"
#include "models/pe/mac_pes.hpp"
#include "sim/pe/epilogues.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

std::vector<float> rounded_to_fp16(const MatrixF32& x) {
  std::vector<float> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = mixsim::pe::round_to_fp16(x.storage()[i]);
  return out;
}

class Fp16Mac final : public PeType {
 public:
  std::string name() const override { return "fp16-mac"; }
  std::string description() const override {
    return "FP16 x FP16 (unquantized weights), FP32 accumulate";
  }

  PeTraits traits(const std::string&, int64_t k) const override {
    PeTraits t;
    t.lane = Lane::Float32;
    t.weight_bits = 16;
    t.weight_register_bits = 16;
    t.activation_bytes = 2;
    t.dequant_group = k;
    t.mac_multiply = "mul_fp16";
    t.mac_add = "add_fp32";
    return t;
  }

  bool has_value_inputs(const GemmJob& job) const override { return job.x_fp && job.w_fp; }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    if (!job.x_fp || !job.w_fp)
      throw std::invalid_argument("GEMM " + job.name +
                                  ": PE type fp16-mac needs the unquantized X and W (x_fp, w_fp)");
    require_shape(job, job.x_fp->rows(), job.x_fp->cols(), job.m, job.k, "X");
    require_shape(job, job.w_fp->rows(), job.w_fp->cols(), job.n, job.k, "W");
    ArrayOperands out;
    out.lane = Lane::Float32;
    out.m = job.m;
    out.n = job.n;
    out.k = job.k;
    out.owned_act_f32 = rounded_to_fp16(*job.x_fp);
    out.owned_w_f32 = rounded_to_fp16(*job.w_fp);
    out.act_f32 = out.owned_act_f32.data();
    out.w_f32 = out.owned_w_f32.data();
    return out;
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    return std::make_unique<PlainFloatEpilogue>(job.m, job.n, nullptr);
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::Fp16Mac;
MIXSIM_REGISTER_PE_TYPE("fp16-mac", Fp16Mac)
