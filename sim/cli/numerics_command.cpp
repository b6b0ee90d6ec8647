// `mixsim numerics`: per-GEMM error of each quantization recipe against the FP64 product of the
// unquantized operands, for one model layer (workloads/numerics_study.hpp does the work).
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "sim/cli/commands.hpp"
#include "workloads/model_catalogue.hpp"
#include "workloads/numerics_study.hpp"
#include "workloads/workload_recipe.hpp"

namespace mixsim::cli {

namespace {

struct NumericsOptions {
  std::string model;
  std::string layers = "0";
  std::string recipes = "all";
  std::string phase = "decode";
  int64_t batch = 1;
  int64_t context = 2048;
  int64_t seq_len = 128;
  uint64_t seed = 1;
  unsigned threads = 0;
  std::string out;
};

std::vector<int> parse_layers(const std::string& text, const workloads::ModelSpec& model) {
  std::vector<int> layers;
  if (text == "all") {
    for (int l = 0; l < model.num_hidden_layers; ++l) layers.push_back(l);
    return layers;
  }
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    size_t used = 0;
    int layer = -1;
    try {
      layer = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (item.empty() || used != item.size() || layer < 0 || layer >= model.num_hidden_layers)
      throw CommandError("--layers: '" + item + "' is not a layer of " + model.name +
                         " (allowed: 'all' or indices 0.." +
                         std::to_string(model.num_hidden_layers - 1) + ", comma-separated)");
    layers.push_back(layer);
    start = comma + 1;
  }
  return layers;
}

void run(const NumericsOptions& o) {
  workloads::NumericsStudyConfig config;
  try {
    config.model = workloads::find_model(o.model);
    config.recipes = workloads::parse_workload_recipe_list(o.recipes);
    config.phase.phase = workloads::parse_phase(o.phase);
  } catch (const std::invalid_argument& e) {
    throw CommandError(e.what());
  }
  config.layers = parse_layers(o.layers, config.model);
  config.phase.batch = o.batch;
  config.phase.context = o.context;
  config.phase.seq_len = o.seq_len;
  config.seed = o.seed;
  config.threads = o.threads;
  const auto start = std::chrono::steady_clock::now();
  workloads::NumericsStudyResult result;
  try {
    result = workloads::run_numerics_study(config);
  } catch (const std::invalid_argument& e) {
    throw CommandError(e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  workloads::write_numerics_outputs(result, o.out);
  std::printf("%s", workloads::numerics_table(result).c_str());
  for (const auto& cell : result.cells)
    if (!cell.error)
      std::printf("n/a: %s under %s: %s\n", cell.gemm.name.c_str(), cell.recipe.c_str(),
                  cell.note.c_str());
  std::printf("wrote %s/numerics.json and %s/numerics.csv (%.1f s)\n", o.out.c_str(),
              o.out.c_str(), seconds);
}

}  // namespace

void register_numerics_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "numerics", "Error of each quantization recipe vs the FP64 unquantized product, per GEMM");
  auto o = std::make_shared<NumericsOptions>();
  cmd->add_option("--model", o->model, "Catalogue model name")->required();
  cmd->add_option("--layers", o->layers, "'all', or layer indices, comma-separated")
      ->capture_default_str();
  cmd->add_option("--recipes", o->recipes, "'all', or recipe names, comma-separated")
      ->capture_default_str();
  cmd->add_option("--phase", o->phase, "prefill | decode")->capture_default_str();
  cmd->add_option("--batch", o->batch, "Sequences in flight")->capture_default_str();
  cmd->add_option("--context", o->context, "Decode: KV cache length")->capture_default_str();
  cmd->add_option("--seq-len", o->seq_len, "Prefill: prompt length")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the synthetic operands")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads (0: all cores; results identical)")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Output directory (numerics.json, numerics.csv)")->required();
  cmd->callback([o] { run(*o); });
}

}  // namespace mixsim::cli
