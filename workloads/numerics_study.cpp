#include "workloads/numerics_study.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/fp16.hpp"
#include "models/recipe.hpp"
#include "workloads/deterministic_random.hpp"
#include "workloads/gemm_operands.hpp"
#include "workloads/kv_cache_quantizer.hpp"
#include "workloads/synthetic_source.hpp"

namespace mixsim::workloads {

void ErrorAccumulator::add(double reference, double value) {
  if (std::isnan(value) || std::isnan(reference)) {
    saw_nan_ = true;
    return;
  }
  const double e = value - reference;
  ref2_ += reference * reference;
  err2_ += e * e;
  max_abs_ = std::max(max_abs_, std::abs(e));
}

ErrorMetrics ErrorAccumulator::metrics() const {
  if (saw_nan_) throw std::runtime_error("NaN in the output");
  ErrorMetrics m;
  m.max_abs = max_abs_;
  m.rel_fro = ref2_ > 0.0 ? std::sqrt(err2_ / ref2_) : (err2_ > 0.0 ? std::numeric_limits<double>::infinity() : 0.0);
  if (err2_ > 0.0 && ref2_ > 0.0)  // 10 log10(ref2 / err2) with the machine-independent log
    m.sqnr_db = 10.0 * (deterministic_log(ref2_) - deterministic_log(err2_)) / deterministic_log(10.0);
  return m;
}

namespace {

MatrixF32 transpose(const MatrixF32& a) {
  MatrixF32 t(a.cols(), a.rows());
  for (int64_t r = 0; r < a.rows(); ++r)
    for (int64_t c = 0; c < a.cols(); ++c) t(c, r) = a(r, c);
  return t;
}

using Instances = GemmOperandSet;

MatrixF64 to_f64(const MatrixF32& a) {
  MatrixF64 out(a.rows(), a.cols());
  for (size_t i = 0; i < a.size(); ++i) out.data()[i] = a.data()[i];
  return out;
}

// One instance's output under a recipe.
MatrixF64 recipe_output(const WorkloadRecipe& r, GemmOperand operand, const MatrixF32& x,
                        const MatrixF32& w) {
  if (r.kind == WorkloadRecipeKind::Gemm) return to_f64(golden_gemm(quantize_operands(*r.gemm, x, w)));
  const MatrixF32 x16 = fp16_round_matrix(x);
  if (r.kind == WorkloadRecipeKind::KvCache && operand == GemmOperand::KeyCache)
    return reference_product_f64(x16, dequantize_kv_cache(quantize_key_cache(w, *r.kv)));
  if (r.kind == WorkloadRecipeKind::KvCache && operand == GemmOperand::ValueCache) {
    const MatrixF64 v_hat = dequantize_kv_cache(quantize_value_cache(transpose(w), *r.kv));
    MatrixF64 vt(v_hat.cols(), v_hat.rows());
    for (int64_t t = 0; t < v_hat.rows(); ++t)
      for (int64_t c = 0; c < v_hat.cols(); ++c) vt(c, t) = v_hat(t, c);
    return reference_product_f64(x16, vt);
  }
  return reference_product_f64(x16, fp16_round_matrix(w));  // fp16 recipe, or kv-cache on projections
}

void run_gemm(const NumericsStudyConfig& c, const GemmShape& g, const Instances& in,
              std::vector<NumericsCell>& cells) {
  std::vector<MatrixF64> refs;
  for (int64_t i = 0; i < g.count; ++i) refs.push_back(reference_product_f64(in.x[static_cast<size_t>(i)], in.w[static_cast<size_t>(i)]));
  const size_t first = cells.size();
  for (const auto& r : c.recipes) cells.push_back({g, r.name, std::nullopt, ""});
  // A kv-cache recipe leaves projections in FP16: the fp16 recipe's numbers, computed once.
  const auto same_as_fp16 = [&](size_t ri) -> std::optional<size_t> {
    if (g.operand != GemmOperand::Weight || c.recipes[ri].kind != WorkloadRecipeKind::KvCache)
      return std::nullopt;
    for (size_t j = 0; j < c.recipes.size(); ++j)
      if (c.recipes[j].kind == WorkloadRecipeKind::Fp16) return j;
    return std::nullopt;
  };
  parallel_rows(static_cast<int64_t>(c.recipes.size()), [&](int64_t ri) {
    NumericsCell& cell = cells[first + static_cast<size_t>(ri)];
    if (same_as_fp16(static_cast<size_t>(ri))) return;
    try {
      ErrorAccumulator acc;
      for (int64_t i = 0; i < g.count; ++i) {
        const MatrixF64 y = recipe_output(c.recipes[static_cast<size_t>(ri)], g.operand,
                                          in.x[static_cast<size_t>(i)], in.w[static_cast<size_t>(i)]);
        const MatrixF64& ref = refs[static_cast<size_t>(i)];
        for (size_t e = 0; e < y.size(); ++e) acc.add(ref.data()[e], y.data()[e]);
      }
      cell.error = acc.metrics();
    } catch (const std::exception& e) {
      cell.note = e.what();
    }
  }, c.threads);
  for (size_t ri = 0; ri < c.recipes.size(); ++ri)
    if (const auto j = same_as_fp16(ri)) {
      cells[first + ri].error = cells[first + *j].error;
      cells[first + ri].note = cells[first + *j].note;
    }
}

}  // namespace

NumericsStudyResult run_numerics_study(const NumericsStudyConfig& c) {
  if (c.recipes.empty()) throw std::invalid_argument("numerics study: no recipes given");
  NumericsStudyResult result{c, {}};
  for (int layer : c.layers) {
    const std::vector<GemmShape> gemms = expand_layer_gemms(c.model, c.phase, layer);
    std::optional<AttentionOperandSets> attention;
    for (const GemmShape& g : gemms) {
      if (g.operand == GemmOperand::Weight) {
        run_gemm(c, g, synthetic_projection_operands(c.model, g, c.seed), result.cells);
        continue;
      }
      if (!attention) attention = synthetic_attention_operands(c.model, c.phase, layer, c.seed);
      run_gemm(c, g, g.operand == GemmOperand::KeyCache ? attention->qk : attention->pv, result.cells);
    }
  }
  return result;
}

namespace {

nlohmann::ordered_json metric_or_null(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

struct RecipeSummary {
  double rel_fro_sum = 0.0, sqnr_sum = 0.0, min_sqnr = std::numeric_limits<double>::infinity();
  int n = 0;
};

std::vector<RecipeSummary> summarize(const NumericsStudyResult& r, bool projections) {
  std::vector<RecipeSummary> s(r.config.recipes.size());
  for (size_t i = 0; i < r.cells.size(); ++i) {
    const NumericsCell& cell = r.cells[i];
    if ((cell.gemm.operand == GemmOperand::Weight) != projections || !cell.error || !cell.error->sqnr_db) continue;
    RecipeSummary& rs = s[i % r.config.recipes.size()];
    rs.rel_fro_sum += cell.error->rel_fro;
    rs.sqnr_sum += *cell.error->sqnr_db;
    rs.min_sqnr = std::min(rs.min_sqnr, *cell.error->sqnr_db);
    ++rs.n;
  }
  return s;
}

std::string recipe_kind_name(WorkloadRecipeKind k) {
  return k == WorkloadRecipeKind::Gemm ? "gemm" : k == WorkloadRecipeKind::Fp16 ? "fp16" : "kv-cache";
}

}  // namespace

std::string numerics_json(const NumericsStudyResult& r) {
  using json = nlohmann::ordered_json;
  const NumericsStudyConfig& c = r.config;
  json j;
  j["schema"] = "mixsim.numerics";
  j["version"] = 1;
  j["model"] = c.model.name;
  j["layers"] = c.layers;
  j["phase"] = phase_name(c.phase.phase);
  j["batch"] = c.phase.batch;
  if (c.phase.phase == Phase::Decode) j["context"] = c.phase.context;
  else j["seq_len"] = c.phase.seq_len;
  j["seed"] = c.seed;
  j["reference"] = "FP64 product of the unquantized FP32 operands";
  j["recipes"] = json::array();
  for (const auto& rc : c.recipes)
    j["recipes"].push_back({{"name", rc.name}, {"kind", recipe_kind_name(rc.kind)},
                            {"description", rc.description}});
  j["results"] = json::array();
  for (const auto& cell : r.cells) {
    json e = {{"gemm", cell.gemm.name}, {"m", cell.gemm.m}, {"n", cell.gemm.n}, {"k", cell.gemm.k},
              {"count", cell.gemm.count}, {"recipe", cell.recipe}};
    if (cell.error) {
      e["rel_fro"] = cell.error->rel_fro;
      e["sqnr_db"] = metric_or_null(cell.error->sqnr_db);
      e["max_abs"] = cell.error->max_abs;
    } else {
      e["rel_fro"] = e["sqnr_db"] = e["max_abs"] = nullptr;
      e["note"] = cell.note;
    }
    j["results"].push_back(e);
  }
  for (bool projections : {true, false}) {
    const auto s = summarize(r, projections);
    json& out = j["summary"][projections ? "projections" : "attention"];
    out = json::array();
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i].n == 0) continue;
      out.push_back({{"recipe", c.recipes[i].name}, {"gemms", s[i].n},
                     {"mean_rel_fro", s[i].rel_fro_sum / s[i].n},
                     {"mean_sqnr_db", s[i].sqnr_sum / s[i].n}, {"min_sqnr_db", s[i].min_sqnr}});
    }
  }
  return j.dump(2) + "\n";
}

std::string numerics_csv(const NumericsStudyResult& r) {
  std::string out = "gemm,m,n,k,count,recipe,rel_fro,sqnr_db,max_abs\n";
  for (const auto& cell : r.cells) {
    out += fmt::format("{},{},{},{},{},{},", cell.gemm.name, cell.gemm.m, cell.gemm.n, cell.gemm.k,
                       cell.gemm.count, cell.recipe);
    if (!cell.error) out += ",,\n";
    else
      out += fmt::format("{:.6e},{},{:.6e}\n", cell.error->rel_fro,
                         cell.error->sqnr_db ? fmt::format("{:.3f}", *cell.error->sqnr_db) : "inf",
                         cell.error->max_abs);
  }
  return out;
}

std::string numerics_table(const NumericsStudyResult& r) {
  const auto& recipes = r.config.recipes;
  std::string out = fmt::format("SQNR in dB vs the FP64 product of unquantized operands (higher is better)\n{:<20}", "gemm");
  for (const auto& rc : recipes) out += fmt::format(" {:>18}", rc.name);
  out += "\n";
  for (size_t i = 0; i < r.cells.size(); i += recipes.size()) {
    out += fmt::format("{:<20}", r.cells[i].gemm.name);
    for (size_t j = 0; j < recipes.size(); ++j) {
      const auto& cell = r.cells[i + j];
      out += fmt::format(" {:>18}", !cell.error ? std::string("n/a")
                                    : cell.error->sqnr_db ? fmt::format("{:.2f}", *cell.error->sqnr_db)
                                                          : std::string("inf"));
    }
    out += "\n";
  }
  for (bool projections : {true, false}) {
    const auto s = summarize(r, projections);
    out += fmt::format("{:<20}", projections ? "mean (projections)" : "mean (attention)");
    for (const auto& rs : s)
      out += fmt::format(" {:>18}", rs.n ? fmt::format("{:.2f}", rs.sqnr_sum / rs.n) : "n/a");
    out += "\n";
  }
  return out;
}

namespace {

// Writes `text` to `path`.tmp; the caller renames once every file of the output is complete.
std::filesystem::path write_temporary(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(tmp.string() + ": cannot open for writing");
  out << text;
  out.close();
  if (!out) throw std::runtime_error(tmp.string() + ": write failed");
  return tmp;
}

}  // namespace

void write_numerics_outputs(const NumericsStudyResult& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  // Both files complete as temporaries before either is renamed: no partial output.
  const auto json_tmp = write_temporary(dir / "numerics.json", numerics_json(result));
  const auto csv_tmp = write_temporary(dir / "numerics.csv", numerics_csv(result));
  std::filesystem::rename(json_tmp, dir / "numerics.json");
  std::filesystem::rename(csv_tmp, dir / "numerics.csv");
}

}  // namespace mixsim::workloads
