// fp4_block_fold_unit under Verilator against models/pe/fp4_block_pe.hpp's fold order.
#include <bit>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "Vfp4_block_fold_unit_mx.h"
#include "Vfp4_block_fold_unit_nv.h"
#include "Vfp4_block_fold_unit_nv_faulty.h"
#include "models/block_scaled_quantizer.hpp"
#include "models/e8m0.hpp"
#include "models/fp8_e4m3.hpp"
#include "models/pe/fp4_block_pe.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/fp4_fold_checks.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

struct FoldBlock {
  int32_t dot;
  uint8_t x_scale, w_scale;  // codes
};
struct FoldOutput {
  std::vector<FoldBlock> blocks;
  float tensor_scale = 1.0f;  // fl32(tx * tw); 1 for MXFP4
};

int block_size(Fp4Format f) { return f == Fp4Format::Mx ? 32 : 16; }

std::string hex32(uint32_t bits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", bits);
  return text;
}

double scale_value(Fp4Format f, uint8_t code) {
  return f == Fp4Format::Mx ? e8m0_decode(code) : fp8_e4m3_decode(code);
}

// The model: acc = fp4_fold_block(acc, D, sx, sw) per block from +0, Y = fp4_finish(acc, t, 1).
uint32_t model_y(Fp4Format f, const FoldOutput& o) {
  float acc = 0.0f;
  for (const FoldBlock& b : o.blocks)
    acc = pe::fp4_fold_block(acc, b.dot, scale_value(f, b.x_scale), scale_value(f, b.w_scale));
  return std::bit_cast<uint32_t>(pe::fp4_finish(acc, o.tensor_scale, 1.0f));
}

// dot_bits: the unit's DOT_WIDTH (fp4_block_pe's ACC_WIDTH); Verilator expects clean inputs.
template <class Model>
std::vector<uint32_t> run_outputs(const std::vector<FoldOutput>& outputs, uint32_t seed, int dot_bits) {
  std::mt19937 idle(seed);
  VerilatedSim<Model> sim;
  sim.io().in_valid = 0;
  sim.io().last = 0;
  sim.reset();
  std::vector<uint32_t> out;
  auto step = [&] {
    sim.tick();
    if (sim.io().out_valid) out.push_back(sim.io().y);
  };
  for (const FoldOutput& o : outputs) {
    sim.io().tensor_scale = std::bit_cast<uint32_t>(o.tensor_scale);
    for (size_t i = 0; i < o.blocks.size(); ++i) {
      if (idle() % 8 == 0) {  // a cycle without a block must not fold anything
        sim.io().in_valid = 0;
        step();
      }
      sim.io().in_valid = 1;
      sim.io().last = i + 1 == o.blocks.size();
      sim.io().block_dot = static_cast<uint16_t>(to_bits(o.blocks[i].dot, dot_bits));
      sim.io().x_scale = o.blocks[i].x_scale;
      sim.io().w_scale = o.blocks[i].w_scale;
      step();
    }
    // tensor_scale is a per-GEMM register: it holds until Y leaves the output stage. Outputs
    // here draw their own scales (to exercise the multiplier), so one cycle passes first.
    sim.io().in_valid = 0;
    step();
  }
  sim.io().in_valid = 0;
  step();
  step();  // the output stage
  sim.finish();
  return out;
}

std::vector<uint32_t> rtl_outputs(Fp4Format f, Fp4FoldVariant v, const std::vector<FoldOutput>& outputs,
                                  uint32_t seed) {
  const int dot_bits = pe::fp4_block_accumulator_bits(block_size(f));
  if (v == Fp4FoldVariant::FaultySubnormalScale) {
    if (f != Fp4Format::Nv) throw std::invalid_argument("the faulty fold unit is built for nv-fp4 (E4M3 scales) only");
    return run_outputs<Vfp4_block_fold_unit_nv_faulty>(outputs, seed, dot_bits);
  }
  return f == Fp4Format::Mx ? run_outputs<Vfp4_block_fold_unit_mx>(outputs, seed, dot_bits)
                            : run_outputs<Vfp4_block_fold_unit_nv>(outputs, seed, dot_bits);
}

void compare_outputs(CheckResult& r, Fp4Format f, const std::vector<FoldOutput>& outputs,
                     const std::vector<uint32_t>& got) {
  r.compare(got.size() == outputs.size(), "RTL emitted " + std::to_string(got.size()) + " outputs, expected " +
                                              std::to_string(outputs.size()));
  for (size_t i = 0; i < got.size() && i < outputs.size(); ++i) {
    const uint32_t want = model_y(f, outputs[i]);
    r.compare_lazy(got[i] == want, [&] {
      return "output " + std::to_string(i) + " (" + std::to_string(outputs[i].blocks.size()) +
             " blocks, first D " + std::to_string(outputs[i].blocks[0].dot) + "): rtl " + hex32(got[i]) +
             ", model " + hex32(want);
    });
  }
}

}  // namespace

CheckResult check_fp4_fold_random(Fp4Format f, Fp4FoldVariant v, uint32_t seed, int count) {
  CheckResult r;
  const bool mx = f == Fp4Format::Mx;
  r.name = std::string(mx ? "mx-fp4" : "nv-fp4") + "-fold" +
           (v == Fp4FoldVariant::FaultySubnormalScale ? "-faulty" : "") + ".random_outputs";
  const int max_dot = static_cast<int>(pe::fp4_block_max_abs_dot(block_size(f)));
  std::mt19937 gen(seed);
  std::vector<FoldOutput> outputs(static_cast<size_t>(count));
  uint64_t blocks = 0;
  for (int i = 0; i < count; ++i) {
    FoldOutput& o = outputs[static_cast<size_t>(i)];
    const int n = i % 64 == 63 ? 64 : 1 + static_cast<int>(gen() % 8);
    const int x_base = 75 + static_cast<int>(gen() % 101), w_base = 75 + static_cast<int>(gen() % 101);
    for (int b = 0; b < n; ++b) {
      FoldBlock blk{};
      switch (gen() % 8) {
        case 0: blk.dot = 0; break;
        case 1: blk.dot = gen() % 2 ? max_dot : -max_dot; break;
        case 2: blk.dot = static_cast<int>(gen() % 33) - 16; break;
        default: blk.dot = static_cast<int>(gen() % static_cast<uint32_t>(2 * max_dot + 1)) - max_dot;
      }
      if (mx) {
        blk.x_scale = static_cast<uint8_t>(x_base + static_cast<int>(gen() % 11) - 5);
        blk.w_scale = static_cast<uint8_t>(w_base + static_cast<int>(gen() % 11) - 5);
      } else {
        blk.x_scale = static_cast<uint8_t>(gen() % 127);  // 0x00..0x7e: positive, not NaN
        blk.w_scale = static_cast<uint8_t>(gen() % 127);
      }
      o.blocks.push_back(blk);
    }
    blocks += static_cast<uint64_t>(n);
    if (!mx) {
      const uint32_t bits = (static_cast<uint32_t>(127 - 20 + gen() % 30) << 23) | (gen() & 0x7fffffu);
      o.tensor_scale = std::bit_cast<float>(bits);
    }
  }
  r.detail = std::to_string(count) + " random outputs, " + std::to_string(blocks) + " block folds (seed " +
             std::to_string(seed) + ", idle cycles): Y bits vs fp4_fold_block / fp4_finish";
  compare_outputs(r, f, outputs, rtl_outputs(f, v, outputs, seed));
  return r;
}

CheckResult check_fp4_fold_golden(Fp4Format f, uint32_t seed, int m, int n, int k_blocks) {
  const bool mx = f == Fp4Format::Mx;
  const Recipe recipe = parse_recipe(mx ? "mxfp4" : "nvfp4");
  CheckResult r;
  r.name = std::string(mx ? "mx-fp4" : "nv-fp4") + "-fold.golden";
  const int64_t k = int64_t{k_blocks} * block_size(f);
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) + ") quantized with " + recipe.name +
             ": block dots and the quantizer's scale codes through the unit, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& v : x.storage()) v = static_cast<float>(t(gen));
  for (auto& v : w.storage()) v = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(recipe, x, w);
  const BlockScaledMatrix& xb = *ops.activations_block;
  const BlockScaledMatrix& wb = *ops.weights_block;
  const int bs = block_size(f);
  std::vector<FoldOutput> outputs;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      FoldOutput o;
      o.tensor_scale = xb.tensor_scale * wb.tensor_scale;
      for (int b = 0; b < k_blocks; ++b)
        o.blocks.push_back({pe::fp4_block_dot(&xb.element_codes[static_cast<size_t>(mi * k + b * bs)],
                                              &wb.element_codes[static_cast<size_t>(ni * k + b * bs)], bs),
                            xb.scale_codes[static_cast<size_t>(mi * k_blocks + b)],
                            wb.scale_codes[static_cast<size_t>(ni * k_blocks + b)]});
      outputs.push_back(o);
    }
  const std::vector<uint32_t> got = rtl_outputs(f, Fp4FoldVariant::Correct, outputs, seed);
  r.compare(got.size() == outputs.size(), "RTL emitted " + std::to_string(got.size()) + " outputs");
  const MatrixF32 golden = golden_gemm(ops);
  for (size_t i = 0; i < got.size() && i < outputs.size(); ++i) {
    const uint32_t want = std::bit_cast<uint32_t>(golden.storage()[i]);
    r.compare_lazy(got[i] == want, [&] {
      return "Y[" + std::to_string(i / static_cast<size_t>(n)) + "][" + std::to_string(i % static_cast<size_t>(n)) +
             "]: rtl " + hex32(got[i]) + ", golden " + hex32(want);
    });
  }
  return r;
}

}  // namespace mixsim::rtl
