// The C++ half of the `mixsim` Python module (python/mixsim/__init__.py is the other half):
// quantization and golden GEMMs on NumPy arrays (models/), one GEMM through the simulator
// (sim/run/run_gemm.hpp), and whole runs (sim/run/run_job.hpp) returning the results JSON text,
// which the Python side parses into dicts and records. Errors keep the C++ messages: a bad
// config or bad operands raise ValueError, everything else RuntimeError.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/recipe.hpp"
#include "sim/cli/version_info.hpp"
#include "sim/config/config_loader.hpp"
#include "sim/config/config_yaml.hpp"
#include "sim/run/results.hpp"
#include "sim/run/results_area.hpp"
#include "sim/run/run_gemm.hpp"
#include "sim/run/run_job.hpp"

namespace py = pybind11;

namespace mixsim::python {
namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

MatrixF32 to_matrix(const FloatArray& a, const char* name) {
  if (a.ndim() != 2)
    throw std::invalid_argument(std::string(name) + " must be a 2-D array, got " +
                                std::to_string(a.ndim()) + " dimensions");
  const auto* p = a.data();
  return MatrixF32(a.shape(0), a.shape(1), std::vector<float>(p, p + a.size()));
}

template <typename T>
py::array_t<T> to_array(const std::vector<T>& v, std::vector<py::ssize_t> shape) {
  py::array_t<T> out(shape);
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

py::array_t<float> to_array(const MatrixF32& m) { return to_array(m.storage(), {m.rows(), m.cols()}); }
py::array_t<double> to_array(const MatrixF64& m) { return to_array(m.storage(), {m.rows(), m.cols()}); }

QuantizedOperands quantize(const std::string& recipe, const FloatArray& x, const FloatArray& w) {
  const MatrixF32 xm = to_matrix(x, "x"), wm = to_matrix(w, "w");
  py::gil_scoped_release release;
  return quantize_operands(parse_recipe(recipe), xm, wm);
}

// The quantized operands as NumPy arrays, named as `mixsim gemm --dump-quantized` names its files.
py::dict quantized_dict(const QuantizedOperands& ops) {
  py::dict d;
  d["recipe"] = ops.recipe.name;
  if (ops.weights) {
    const QuantizedMatrix& w = *ops.weights;
    d["wq"] = to_array(w.codes, {w.rows, w.cols});
    d["wscale"] = to_array(w.scales, {w.rows, w.groups()});
    if (!w.is_symmetric) d["wzero"] = to_array(w.zeros, {w.rows, w.groups()});
  }
  if (ops.integer_scales) {
    d["wscale_int"] = to_array(ops.integer_scales->scales, {ops.weights->rows, ops.weights->groups()});
    d["alpha"] = ops.integer_scales->alpha;
  }
  if (ops.activations) {
    const QuantizedActivations& a = *ops.activations;
    d["xq"] = to_array(a.codes, {a.rows, a.cols});
    d["xscale"] = to_array(a.scales, {a.rows});
  }
  // The float activation values (FP16, BF16 or unscaled E4M3) under the format's name.
  if (ops.activations_fp16)
    d[(std::string("x_") + (ops.recipe.float_activation == FloatActivation::FP8E4M3
                                ? "fp8_values"
                                : float_activation_name(ops.recipe.float_activation))).c_str()] =
        to_array(*ops.activations_fp16);
  return d;
}

py::dict sim_result_dict(const sim::GemmSimResult& r) {
  py::dict d;
  d["cycles"] = r.cycles;
  d["latency_s"] = r.latency_s;
  d["utilization"] = r.utilization;
  d["energy_pj"] = r.energy_pj;
  d["counters"] = r.counters;
  d["mapping"] = sim::to_string(r.mapping);
  d["bounds"] = py::dict(py::arg("compute_cycles") = r.bounds.compute_cycles,
                         py::arg("traffic_cycles") = r.bounds.traffic_cycles,
                         py::arg("compulsory_bytes") = r.bounds.compulsory_bytes,
                         py::arg("limiter") = r.bounds.limiter(),
                         py::arg("fraction_of_bound") = r.bounds.fraction_of_bound(r.cycles));
  return d;
}

sim::SingleGemmOptions gemm_options(const std::string& pe, const std::string& recipe,
                                    const std::string& config, const std::string& mode) {
  if (mode != "cycle" && mode != "fast")
    throw std::invalid_argument("mode '" + mode + "': allowed: cycle, fast");
  sim::SingleGemmOptions o;
  o.pe = pe;
  o.recipe = recipe;
  o.config_path = config;
  o.mode = mode == "fast" ? sim::SimMode::Fast : sim::SimMode::Cycle;
  return o;
}

py::dict simulate_values(const FloatArray& x, const FloatArray& w, const std::string& pe,
                         const std::string& recipe, const std::string& config) {
  const MatrixF32 xm = to_matrix(x, "x"), wm = to_matrix(w, "w");
  sim::SingleGemmResult r;
  {
    py::gil_scoped_release release;
    r = sim::simulate_single_gemm(xm, wm, gemm_options(pe, recipe, config, "cycle"));
  }
  py::dict d = sim_result_dict(r.sim);
  d["y"] = to_array(r.y);
  if (r.check)
    d["check"] = py::dict(py::arg("method") = r.check->method, py::arg("passed") = r.check->passed,
                          py::arg("mismatches") = r.check->mismatches,
                          py::arg("tolerance") = r.check->tolerance);
  return d;
}

py::dict simulate_shape(int64_t m, int64_t n, int64_t k, const std::string& pe,
                        const std::string& recipe, const std::string& config, const std::string& mode) {
  sim::GemmSimResult r;
  {
    py::gil_scoped_release release;
    r = sim::time_gemm_shape(m, n, k, gemm_options(pe, recipe, config, mode));
  }
  return sim_result_dict(r);
}

// A whole run. `yaml_text` is the config (a dict arrives as JSON text, which is YAML);
// `file_name` names it in error messages; relative paths in it resolve against `base_dir`.
py::tuple run_config(const std::string& yaml_text, const std::string& file_name,
                     const std::string& base_dir, const std::vector<std::string>& overrides,
                     std::optional<uint64_t> seed, const std::string& mode) {
  sim::RunConfig config = sim::parse_run_config(yaml_text, file_name, base_dir, overrides);
  if (seed) config.seed = *seed;
  if (!mode.empty()) {
    if (mode != "cycle" && mode != "fast")
      throw std::invalid_argument("mode '" + mode + "': allowed: cycle, fast");
    for (auto& phase : config.workload.phases) {
      phase.mode = mode == "cycle" ? sim::SimMode::Cycle : sim::SimMode::Fast;
      phase.values = phase.mode == sim::SimMode::Cycle;
    }
  }
  sim::RunOutcome outcome;
  {
    py::gil_scoped_release release;
    outcome = sim::run_job(config);
  }
  sim::attach_area(outcome.results);  // as `mixsim run` does
  return py::make_tuple(sim::results_to_json(outcome.results), outcome.failed_checks);
}

}  // namespace
}  // namespace mixsim::python

PYBIND11_MODULE(_mixsim, m) {
  using namespace mixsim::python;
  namespace sim = mixsim::sim;
  m.doc() = "mixsim bindings (use the `mixsim` package, python/mixsim/__init__.py)";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const sim::ConfigError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  m.attr("__version__") = mixsim::build_version();
  m.attr("git_revision") = mixsim::build_git_revision();
  m.attr("results_schema") = sim::kResultsSchema;
  m.attr("results_schema_version") = sim::kResultsVersion;
  m.def("version_text", &mixsim::version_text);
  m.def("recipes", &mixsim::known_recipe_names, "Names of the quantization recipes");
  m.def("quantize", [](const std::string& recipe, const FloatArray& x, const FloatArray& w) {
          return quantized_dict(quantize(recipe, x, w));
        }, py::arg("recipe"), py::arg("x"), py::arg("w"));
  m.def("golden_gemm", [](const std::string& recipe, const FloatArray& x, const FloatArray& w) {
          const auto ops = quantize(recipe, x, w);
          mixsim::MatrixF32 y;
          {
            py::gil_scoped_release release;
            y = mixsim::golden_gemm(ops);
          }
          return to_array(y);
        }, py::arg("recipe"), py::arg("x"), py::arg("w"));
  m.def("reference_gemm", [](const std::string& recipe, const FloatArray& x, const FloatArray& w) {
          const auto ops = quantize(recipe, x, w);
          mixsim::MatrixF64 y;
          {
            py::gil_scoped_release release;
            y = mixsim::reference_gemm_f64(ops);
          }
          return to_array(y);
        }, py::arg("recipe"), py::arg("x"), py::arg("w"));
  m.def("simulate_values", &simulate_values, py::arg("x"), py::arg("w"), py::arg("pe"),
        py::arg("recipe"), py::arg("config"));
  m.def("simulate_shape", &simulate_shape, py::arg("m"), py::arg("n"), py::arg("k"), py::arg("pe"),
        py::arg("recipe"), py::arg("config"), py::arg("mode"));
  m.def("run_config", &run_config, py::arg("yaml_text"), py::arg("file_name"), py::arg("base_dir"),
        py::arg("overrides"), py::arg("seed"), py::arg("mode"));
}
