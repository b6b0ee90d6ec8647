// fp4_block_pe under Verilator against models/pe/fp4_block_pe.hpp.
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "Vfp4_block_pe_faulty.h"
#include "Vfp4_block_pe_mx.h"
#include "Vfp4_block_pe_nv.h"
#include "models/block_scaled_quantizer.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/pe/fp4_block_pe.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/fp4_block_checks.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

using Block = std::vector<std::pair<uint8_t, uint8_t>>;  // (activation code, weight code)

int block_size(Fp4Format f) { return f == Fp4Format::Mx ? 32 : 16; }
std::string prefix(Fp4Format f, Fp4Variant v) {
  return std::string(f == Fp4Format::Mx ? "mx-fp4" : "nv-fp4") +
         (v == Fp4Variant::FaultyDecode ? "-faulty" : "");
}

template <class Model>
std::vector<int64_t> run_blocks(const std::vector<Block>& blocks, int acc_bits) {
  VerilatedSim<Model> sim;
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<int64_t> out;
  for (const Block& b : blocks)
    for (const auto& [a, w] : b) {
      sim.io().in_valid = 1;
      sim.io().a_code = a;
      sim.io().w_code = w;
      sim.tick();
      if (sim.io().block_valid) out.push_back(sign_extend(sim.io().block_dot, acc_bits));
    }
  sim.io().in_valid = 0;
  sim.tick();
  if (sim.io().block_valid) out.push_back(sign_extend(sim.io().block_dot, acc_bits));
  return out;
}

std::vector<int64_t> rtl_dots(Fp4Format f, Fp4Variant v, const std::vector<Block>& blocks) {
  const int acc = pe::fp4_block_accumulator_bits(block_size(f));
  if (v == Fp4Variant::FaultyDecode) {
    if (f != Fp4Format::Mx) throw std::invalid_argument("the faulty fp4_block_pe is built for mx-fp4 (block 32) only");
    return run_blocks<Vfp4_block_pe_faulty>(blocks, acc);
  }
  return f == Fp4Format::Mx ? run_blocks<Vfp4_block_pe_mx>(blocks, acc)
                            : run_blocks<Vfp4_block_pe_nv>(blocks, acc);
}

int64_t model_dot(const Block& b) {
  int64_t d = 0;
  for (const auto& [a, w] : b) d += pe::fp4_twice_value(a) * pe::fp4_twice_value(w);
  return d;
}

}  // namespace

CheckResult check_fp4_products(Fp4Format f, Fp4Variant v) {
  CheckResult r;
  r.name = prefix(f, v) + ".products_exhaustive";
  r.detail = "all 16 x 16 E2M1 code pairs, each a block of one product and zeros; vs 4*e2m1(a)*e2m1(w) and pe::fp4_twice_value";
  std::vector<Block> blocks;
  for (int a = 0; a < 16; ++a)
    for (int w = 0; w < 16; ++w) {
      Block b(static_cast<size_t>(block_size(f)), {0, 0});
      b[0] = {static_cast<uint8_t>(a), static_cast<uint8_t>(w)};
      blocks.push_back(std::move(b));
    }
  const std::vector<int64_t> got = rtl_dots(f, v, blocks);
  r.compare(got.size() == blocks.size(), "RTL emitted " + std::to_string(got.size()) + " dots");
  for (size_t i = 0; i < blocks.size() && i < got.size(); ++i) {
    const auto [a, w] = blocks[i][0];
    const int64_t exact = static_cast<int64_t>(4.0 * fp4_e2m1_decode(a) * fp4_e2m1_decode(w));
    r.compare_lazy(got[i] == exact, [&] {
      return "a=" + std::to_string(a) + " w=" + std::to_string(w) + ": rtl " + std::to_string(got[i]) +
             ", expected " + std::to_string(exact);
    });
    r.compare_lazy(got[i] == model_dot(blocks[i]), [&] {
      return "a=" + std::to_string(a) + " w=" + std::to_string(w) + ": rtl " + std::to_string(got[i]) +
             ", model " + std::to_string(model_dot(blocks[i]));
    });
  }
  return r;
}

CheckResult check_fp4_blocks(Fp4Format f, Fp4Variant v, uint32_t seed, int n_blocks) {
  CheckResult r;
  r.name = prefix(f, v) + ".blocks";
  r.detail = std::to_string(n_blocks) + " random blocks (seed " + std::to_string(seed) +
             ") + full-scale blocks; RTL D vs pe::fp4_block_dot";
  std::mt19937 gen(seed);
  std::vector<Block> blocks;
  const int bs = block_size(f);
  for (int i = 0; i < n_blocks; ++i) {
    Block b;
    for (int k = 0; k < bs; ++k) {
      const uint32_t u = gen();
      const uint8_t a = (u % 8 == 0) ? static_cast<uint8_t>((u >> 8) & 1 ? 0xF : 0x7) : static_cast<uint8_t>((u >> 4) & 0xF);
      b.emplace_back(a, static_cast<uint8_t>((u >> 12) & 0xF));
    }
    blocks.push_back(std::move(b));
  }
  for (uint8_t w : {uint8_t{0x7}, uint8_t{0xF}}) blocks.push_back(Block(static_cast<size_t>(bs), {0x7, w}));
  const std::vector<int64_t> got = rtl_dots(f, v, blocks);
  r.compare(got.size() == blocks.size(), "RTL emitted " + std::to_string(got.size()) + " dots");
  for (size_t i = 0; i < blocks.size() && i < got.size(); ++i) {
    std::vector<uint8_t> xa, wa;
    for (const auto& [a, w] : blocks[i]) xa.push_back(a), wa.push_back(w);
    const int64_t expected = pe::fp4_block_dot(xa.data(), wa.data(), bs);
    r.compare_lazy(got[i] == expected, [&] {
      return "block " + std::to_string(i) + ": rtl " + std::to_string(got[i]) + ", model " + std::to_string(expected);
    });
  }
  r.compare(!got.empty() && got[got.size() - 2] == pe::fp4_block_max_abs_dot(bs),
            "the full-scale block did not reach +144 * block size");
  return r;
}

CheckResult check_fp4_golden(Fp4Format f, uint32_t seed, int m, int n, int k_blocks) {
  CheckResult r;
  const int bs = block_size(f);
  const int64_t k = int64_t{k_blocks} * bs;
  const char* recipe = f == Fp4Format::Mx ? "mxfp4" : "nvfp4";
  r.name = prefix(f, Fp4Variant::Correct) + ".golden";
  r.detail = std::string("X ") + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) +
             "x" + std::to_string(k) + " (Student-t, seed " + std::to_string(seed) + ") quantized with " +
             recipe + "; RTL D vs the model, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& val : x.storage()) val = static_cast<float>(t(gen));
  for (auto& val : w.storage()) val = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
  const BlockScaledMatrix& xb = *ops.activations_block;
  const BlockScaledMatrix& wb = *ops.weights_block;
  std::vector<Block> blocks;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int b = 0; b < k_blocks; ++b) {
        Block blk;
        for (int64_t kk = int64_t{b} * bs; kk < int64_t{b + 1} * bs; ++kk)
          blk.emplace_back(xb.element_codes[static_cast<size_t>(mi * k + kk)],
                           wb.element_codes[static_cast<size_t>(ni * k + kk)]);
        blocks.push_back(std::move(blk));
      }
  const std::vector<int64_t> got = rtl_dots(f, Fp4Variant::Correct, blocks);
  r.compare(got.size() == blocks.size(), "RTL emitted " + std::to_string(got.size()) + " dots");
  if (got.size() != blocks.size()) return r;
  for (size_t i = 0; i < blocks.size(); ++i)
    r.compare_lazy(got[i] == model_dot(blocks[i]), [&] {
      return "block " + std::to_string(i) + ": rtl " + std::to_string(got[i]) + ", model " +
             std::to_string(model_dot(blocks[i]));
    });
  const MatrixF32 golden = golden_gemm(ops);
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      float acc = 0.0f;
      for (int b = 0; b < k_blocks; ++b)
        acc = pe::fp4_fold_block(acc, static_cast<int32_t>(got[static_cast<size_t>((mi * n + ni) * k_blocks + b)]),
                                 block_scale_value(xb, mi, b), block_scale_value(wb, ni, b));
      const float y = pe::fp4_finish(acc, xb.tensor_scale, wb.tensor_scale);
      const float expected = golden(mi, ni);
      r.compare_lazy(std::memcmp(&y, &expected, sizeof y) == 0, [&] {
        return "Y[" + std::to_string(mi) + "][" + std::to_string(ni) + "]: rtl " + std::to_string(y) +
               ", golden " + std::to_string(expected);
      });
    }
  return r;
}

}  // namespace mixsim::rtl
