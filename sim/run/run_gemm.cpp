#include "sim/run/run_gemm.hpp"

#include <stdexcept>

#include "models/fp16.hpp"
#include "models/recipe.hpp"
#include "sim/config/config_loader.hpp"
#include "sim/config/config_paths.hpp"
#include "sim/run/run_value_check.hpp"
#include "workloads/gemm_operands.hpp"

namespace mixsim::sim {

SingleGemmResult simulate_single_gemm(const MatrixF32& x, const MatrixF32& w,
                                      const SingleGemmOptions& options) {
  if (x.cols() != w.cols())
    throw std::invalid_argument("gemm: X is " + std::to_string(x.rows()) + "x" +
                                std::to_string(x.cols()) + " but W is " + std::to_string(w.rows()) +
                                "x" + std::to_string(w.cols()) + " (K must match)");
  const RunConfig config = load_run_config(
      options.config_path.empty() ? default_config_path() : options.config_path);
  if (options.pe == "fp16-mac" && options.recipe != "fp16")
    throw std::invalid_argument("gemm: PE fp16-mac runs recipe fp16, not " + options.recipe);

  std::optional<QuantizedOperands> ops;
  if (options.recipe != "fp16") ops = quantize_operands(parse_recipe(options.recipe), x, w);

  GemmJob job;
  job.name = "gemm";
  job.m = x.rows(), job.n = w.rows(), job.k = x.cols();
  job.pe_type = options.pe;
  job.recipe = options.recipe;
  job.operands = ops ? &*ops : nullptr;
  job.x_fp = &x;
  job.w_fp = &w;
  SingleGemmResult out;
  out.sim = simulate_gemm(config.hardware, config.energy, job, options.mode);
  if (options.mode == SimMode::Cycle) {
    if (!out.sim.values) throw std::runtime_error("gemm: the simulator returned no values");
    out.y = std::move(*out.sim.values);
    out.sim.values.reset();
    const CheckMethod method = check_method_for(options.pe, options.recipe);
    if (ops) {
      const MatrixF32 golden = golden_gemm(*ops);
      out.check = check_values(method, job.k, out.y, &golden, reference_gemm_f64(*ops));
    } else {
      out.check = check_values(method, job.k, out.y, nullptr,
                               workloads::reference_product_f64(fp16_round_matrix(x), fp16_round_matrix(w)));
    }
  }
  return out;
}

GemmSimResult time_gemm_shape(int64_t m, int64_t n, int64_t k, const SingleGemmOptions& options) {
  if (m < 1 || n < 1 || k < 1)
    throw std::invalid_argument("gemm: every dimension must be >= 1, got " + std::to_string(m) +
                                "x" + std::to_string(n) + "x" + std::to_string(k));
  const RunConfig config = load_run_config(
      options.config_path.empty() ? default_config_path() : options.config_path);
  if (options.pe == "fp16-mac" && options.recipe != "fp16")
    throw std::invalid_argument("gemm: PE fp16-mac runs recipe fp16, not " + options.recipe);
  if (options.recipe != "fp16") {
    const Recipe recipe = parse_recipe(options.recipe);
    if (recipe.group_size > 0 && k % recipe.group_size != 0)
      throw std::invalid_argument("gemm: K = " + std::to_string(k) + " is not a multiple of the group size " +
                                  std::to_string(recipe.group_size) + " of recipe " + options.recipe);
  }
  GemmJob job;
  job.name = "gemm";
  job.m = m, job.n = n, job.k = k;
  job.pe_type = options.pe;
  job.recipe = options.recipe;
  return simulate_gemm(config.hardware, config.energy, job, options.mode);
}

}  // namespace mixsim::sim
