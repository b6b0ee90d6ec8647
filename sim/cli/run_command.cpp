// `mixsim run [CONFIG] [--out DIR] [--seed S] [--mode cycle|fast] [--set key=value ...]`:
// runs a whole config (sim/run/run_job.hpp), prints the comparison table and the counter-based
// explanation, and writes DIR/results.json atomically. A bad config fails before anything is
// simulated or written; failed value checks still write the (complete) results, then exit 1.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/report_input.hpp"
#include "reports/verdict_block.hpp"
#include "reports/write_reports.hpp"
#include "sim/cli/commands.hpp"
#include "sim/config/config_loader.hpp"
#include "sim/config/config_paths.hpp"
#include "sim/run/results.hpp"
#include "sim/run/results_area.hpp"
#include "sim/run/run_job.hpp"
#include "sim/run/run_report_text.hpp"

namespace mixsim::cli {
namespace {

struct RunOptions {
  std::string config;
  std::string out;
  std::optional<uint64_t> seed;
  std::string mode;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool no_report = false;
};

// A one-line progress bar on stderr, only when stderr is a terminal (logs stay clean).
class ProgressBar {
 public:
  ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  void operator()(size_t step, size_t steps, const std::string& label) {
    if (!enabled_ || steps == 0) return;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * step / steps);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu %-48.48s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), step, steps, label.c_str());
    if (step == steps) std::fprintf(stderr, "\r%*s\r", kWidth + 70, "");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
};

void apply_command_line(const RunOptions& opt, sim::RunConfig& config) {
  if (opt.seed) config.seed = *opt.seed;
  if (!opt.out.empty()) config.output.dir = opt.out;
  if (!opt.mode.empty())
    for (auto& phase : config.workload.phases) {
      phase.mode = opt.mode == "cycle" ? sim::SimMode::Cycle : sim::SimMode::Fast;
      phase.values = phase.mode == sim::SimMode::Cycle;
    }
}

void run(const RunOptions& opt) {
  const std::string path = opt.config.empty() ? sim::default_config_path() : opt.config;
  sim::RunConfig config;
  try {
    config = sim::load_run_config(path, opt.overrides);
  } catch (const sim::ConfigError& e) {
    throw CommandError(fmt::format("{}\n(no results written)", e.what()));
  }
  apply_command_line(opt, config);
  // The shipped default is recorded by its name in the tree, not by where this checkout lives,
  // so results.json stays byte-identical across machines.
  if (opt.config.empty()) config.config_file = "configs/default.yaml";

  const auto start = std::chrono::steady_clock::now();
  ProgressBar bar;
  const sim::RunOutcome outcome =
      sim::run_job(config, [&](size_t step, size_t steps, const std::string& label) {
        if (!opt.quiet) bar(step, steps, label);
      });
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  sim::Results results = outcome.results;
  sim::attach_area(results);
  const auto written = sim::write_results_file(results, config.output.dir);
  const nlohmann::json results_json = nlohmann::json::parse(sim::results_to_json(results));
  std::vector<std::string> report_files;
  if (!opt.no_report)
    report_files = reports::write_reports({results_json}, std::nullopt, config.output.dir,
                                          {written.string()});
  if (!opt.quiet) {
    // The verdict first (reports/verdict_block.hpp: the same block that opens report.html).
    std::fputs(reports::verdict_text(reports::read_report_input({results_json}, std::nullopt)).c_str(),
               stdout);
    if (config.output.table) std::fputs(sim::format_run_tables(results).c_str(), stdout);
    if (config.output.explanation)
      std::fputs(sim::format_explanation(results, config.energy).c_str(), stdout);
    std::printf("\nconfig %s, seed %llu: simulated in %.1f s wall; wrote %s\n", path.c_str(),
                static_cast<unsigned long long>(config.seed), wall_s, written.string().c_str());
    if (!report_files.empty())
      std::printf("report: %s/report.html (+ report.md and %zu more files)\n",
                  config.output.dir.c_str(), report_files.size() - 1);
  }
  if (!outcome.failed_checks.empty()) {
    std::string message = fmt::format("{} value check(s) failed (results written to {}):",
                                      outcome.failed_checks.size(), written.string());
    for (const auto& f : outcome.failed_checks) message += "\n  " + f;
    throw CommandError(message);
  }
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run", "Simulate a config (default: configs/default.yaml): table + results.json");
  cmd->add_option("config", opt->config, "Run config YAML (docs/CONFIG.md); default: the shipped "
                                         "configs/default.yaml");
  cmd->add_option("--out", opt->out, "Output directory for results.json (default: output.dir, "
                                     "'results')");
  cmd->add_option("--seed", opt->seed, "Seed of the synthetic operands (overrides 'seed')");
  cmd->add_option("--mode", opt->mode, "Force every phase to cycle or fast mode")
      ->check(CLI::IsMember({"cycle", "fast"}));
  cmd->add_option("--set", opt->overrides,
                  "Override a config key before validation: dotted.key=value (repeatable)");
  cmd->add_flag("--quiet", opt->quiet, "Print nothing but errors");
  cmd->add_flag("--no-report", opt->no_report,
                "Write only results.json (no report.html, report.md, CSVs); sweeps use this");
  cmd->callback([opt] { run(*opt); });
}

}  // namespace mixsim::cli
