// `mixsim workload show MODEL`: the GEMM list of one decoder layer (or all) for a phase.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/cli/commands.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/packed_checkpoint_importer.hpp"
#include "workloads/safetensors_file.hpp"
#include "workloads/model_catalogue.hpp"
#include "workloads/workload_recipe.hpp"

namespace mixsim::cli {

namespace {

struct ShowOptions {
  std::string model;
  std::string phase = "decode";
  int64_t batch = 1;
  int64_t context = 2048;
  int64_t seq_len = 2048;
  std::string layers = "0";
  std::string recipe;  // empty: FP16 storage
  bool json = false;
};

std::vector<workloads::GemmShape> gemms_for(const ShowOptions& o) {
  const workloads::ModelSpec model = workloads::find_model(o.model);
  workloads::PhaseSpec phase;
  phase.phase = workloads::parse_phase(o.phase);
  phase.batch = o.batch;
  phase.context = o.context;
  phase.seq_len = o.seq_len;
  if (!o.recipe.empty()) phase.storage = workloads::find_workload_recipe(o.recipe).storage;
  if (o.layers == "all") return workloads::expand_model_gemms(model, phase);
  int layer = 0;
  try {
    size_t used = 0;
    layer = std::stoi(o.layers, &used);
    if (used != o.layers.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw CommandError("--layers: expected 'all' or a layer index, got '" + o.layers + "'");
  }
  return workloads::expand_layer_gemms(model, phase, layer);
}

void print_json(const std::vector<workloads::GemmShape>& gemms) {
  nlohmann::ordered_json out;
  out["gemms"] = nlohmann::ordered_json::array();
  int64_t total_macs = 0, total_bytes = 0;
  for (const auto& g : gemms) {
    out["gemms"].push_back({{"name", g.name}, {"m", g.m}, {"n", g.n}, {"k", g.k},
                            {"count", g.count}, {"macs", g.macs},
                            {"causal_macs", g.causal_macs}, {"bytes", g.bytes}});
    total_macs += g.macs;
    total_bytes += g.bytes;
  }
  out["total_macs"] = total_macs;
  out["total_bytes"] = total_bytes;
  std::printf("%s\n", out.dump(2).c_str());
}

void print_table(const std::vector<workloads::GemmShape>& gemms) {
  std::printf("%s", fmt::format("{:<22} {:>7} {:>7} {:>7} {:>6} {:>16} {:>14}\n", "gemm", "M",
                                "N", "K", "count", "MACs", "bytes").c_str());
  int64_t total_macs = 0, total_bytes = 0;
  for (const auto& g : gemms) {
    std::printf("%s", fmt::format("{:<22} {:>7} {:>7} {:>7} {:>6} {:>16} {:>14}\n", g.name, g.m,
                                  g.n, g.k, g.count, g.macs, g.bytes).c_str());
    total_macs += g.macs;
    total_bytes += g.bytes;
  }
  std::printf("%s", fmt::format("{:<22} {:>7} {:>7} {:>7} {:>6} {:>16} {:>14}\n", "total", "",
                                "", "", "", total_macs, total_bytes).c_str());
}

struct ImportOptions {
  std::string file;
  std::string prefix;
  std::string format = "gptq";
  std::string zeros = "default";
  int bits = 4;
};

// `workload inspect FILE`: the tensors of a safetensors file (validates the whole header).
void inspect(const std::string& path) {
  const workloads::SafetensorsFile file(path);
  std::printf("%s", fmt::format("{:<60} {:>6} {}\n", "tensor", "dtype", "shape").c_str());
  for (const auto& name : file.tensor_names()) {
    const auto& t = file.info(name);
    std::string shape;
    for (size_t i = 0; i < t.shape.size(); ++i) shape += (i ? " x " : "") + std::to_string(t.shape[i]);
    std::printf("%s", fmt::format("{:<60} {:>6} {}\n", name, t.dtype, shape).c_str());
  }
}

// `workload import FILE --prefix P`: maps a GPTQ/AWQ Linear onto QuantizedMatrix and summarizes.
void import_linear(const ImportOptions& o) {
  workloads::PackedImportOptions opt;
  if (o.format != "gptq" && o.format != "awq")
    throw CommandError("--format: '" + o.format + "' is not one of: gptq, awq");
  opt.format = o.format == "gptq" ? workloads::PackedFormat::Gptq : workloads::PackedFormat::Awq;
  opt.bits = o.bits;
  if (o.zeros == "plus-one") opt.zeros = workloads::ZeroConvention::StoredMinusOne;
  else if (o.zeros == "exact") opt.zeros = workloads::ZeroConvention::Exact;
  else if (o.zeros != "default")
    throw CommandError("--zeros: '" + o.zeros + "' is not one of: default, plus-one, exact");
  const workloads::SafetensorsFile file(o.file);
  const workloads::ImportedLinear lin = workloads::import_packed_linear(file, o.prefix, opt);
  const QuantizedMatrix& w = lin.weights;
  double sum2 = 0.0;
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k) sum2 += w.dequantized(n, k) * w.dequantized(n, k);
  std::printf("%s", fmt::format("{}: N={} K={} group_size={} bits={} asymmetric act_order={} "
                                "bias={} dequantized_rms={:.6g}\n",
                                o.prefix, w.rows, w.cols, w.group_size, w.bits,
                                lin.input_permutation.empty() ? "no" : "yes",
                                lin.bias ? "yes" : "no",
                                std::sqrt(sum2 / static_cast<double>(w.rows * w.cols)))
                        .c_str());
}

}  // namespace

void register_workload_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("workload", "LLM layer catalogue: GEMM shapes per phase");
  cmd->require_subcommand(1);
  auto* show = cmd->add_subcommand("show", "Print the GEMMs of a model's decoder layer(s)");
  auto opts = std::make_shared<ShowOptions>();
  show->add_option("model", opts->model, "Catalogue model name (workloads/catalogue/*.yaml)")
      ->required();
  show->add_option("--phase", opts->phase, "prefill | decode")->capture_default_str();
  show->add_option("--batch", opts->batch, "Sequences in flight")->capture_default_str();
  show->add_option("--context", opts->context, "Decode: KV cache length L")
      ->capture_default_str();
  show->add_option("--seq-len", opts->seq_len, "Prefill: prompt length S")
      ->capture_default_str();
  show->add_option("--layers", opts->layers, "'all' or one layer index")->capture_default_str();
  show->add_option("--recipe", opts->recipe,
                   "Count bytes at this recipe's storage (default: FP16 everywhere)");
  show->add_flag("--json", opts->json, "JSON: {\"gemms\": [...], \"total_macs\": ...}");
  auto* insp = cmd->add_subcommand("inspect", "List the tensors of a safetensors file");
  auto path = std::make_shared<std::string>();
  insp->add_option("file", *path, "safetensors file")->required();
  insp->callback([path] { inspect(*path); });

  auto* imp = cmd->add_subcommand(
      "import", "Import a GPTQ/AWQ packed Linear from a safetensors file (no re-quantization)");
  auto io = std::make_shared<ImportOptions>();
  imp->add_option("file", io->file, "safetensors file")->required();
  imp->add_option("--prefix", io->prefix, "Tensor name prefix, e.g. model.layers.0.mlp.up_proj")
      ->required();
  imp->add_option("--format", io->format, "gptq | awq")->capture_default_str();
  imp->add_option("--bits", io->bits, "Bits per weight code (2 or 4)")->capture_default_str();
  imp->add_option("--zeros", io->zeros,
                  "Zero-point convention: default (GPTQ: plus-one, AWQ: exact) | plus-one | exact")
      ->capture_default_str();
  imp->callback([io] { import_linear(*io); });

  show->callback([opts] {
    std::vector<workloads::GemmShape> gemms;
    try {
      gemms = gemms_for(*opts);
    } catch (const std::invalid_argument& e) {
      throw CommandError(e.what());
    }
    if (opts->json) print_json(gemms);
    else print_table(gemms);
  });
}

}  // namespace mixsim::cli
