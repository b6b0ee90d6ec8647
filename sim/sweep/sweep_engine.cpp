#include "sim/sweep/sweep_engine.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "sim/sweep/sweep_merge.hpp"
#include "sim/sweep/sweep_points.hpp"

namespace mixsim::sweep {
namespace {

using nlohmann::json;

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool complete_results_text(const std::string& text) {
  json results = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return results.is_object() && results.value("schema", std::string()) == "mixsim.results" &&
         results.contains("runs") && results["runs"].is_array() && !results["runs"].empty();
}

// Writes config.yaml when it differs from the expected text; a changed config makes any old
// results of that folder stale, so they are removed.
void prepare_point_dir(const std::filesystem::path& dir, const std::string& config_yaml) {
  std::filesystem::create_directories(dir);
  auto current = read_file(dir / "config.yaml");
  if (current && *current == config_yaml) return;
  std::filesystem::remove(dir / "results.json");
  reports::write_file_atomically(dir / "config.yaml", config_yaml);
}

int default_jobs(const RankGroup& ranks) {
  if (ranks.size() > 1) return 1;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

struct LocalOutcome {
  json payload = json::array();  // [{index, ok, error | results}] for this rank's points
  size_t ran = 0, reused = 0;
};

LocalOutcome run_local_points(const SweepOptions& options, const std::vector<SweepPoint>& points,
                              const std::filesystem::path& out, const PointRunner& runner,
                              RankGroup& ranks) {
  LocalOutcome outcome;
  std::vector<PointJob> jobs;
  std::vector<size_t> mine;
  for (const auto& p : points) {
    if (static_cast<int>(p.index % static_cast<size_t>(ranks.size())) != ranks.rank()) continue;
    mine.push_back(p.index);
    std::filesystem::path dir = out / p.id;
    if (point_complete(dir, p.config_yaml)) {
      ++outcome.reused;
      continue;
    }
    prepare_point_dir(dir, p.config_yaml);
    jobs.push_back({p.id, dir, dir / "config.yaml"});
  }
  size_t done = 0;
  std::string who = ranks.size() > 1 ? fmt::format("rank {}: ", ranks.rank()) : "";
  if (options.progress && outcome.reused)
    std::fprintf(stderr, "sweep: %s%zu of %zu points already complete, not redone\n", who.c_str(),
                 outcome.reused, mine.size());
  auto errors = run_point_jobs(jobs, options.jobs > 0 ? options.jobs : default_jobs(ranks), runner,
                               [&](const PointJob& job, const std::optional<std::string>& error) {
                                 ++done;
                                 if (options.progress)
                                   std::fprintf(stderr, "sweep: %s[%zu/%zu] %s %s\n", who.c_str(), done,
                                                jobs.size(), job.id.c_str(), error ? "FAILED" : "done");
                               });
  outcome.ran = jobs.size();
  size_t job = 0;
  for (size_t index : mine) {
    const SweepPoint& p = points[index];
    json entry = {{"index", index}};
    bool was_run = job < jobs.size() && jobs[job].id == p.id;
    std::optional<std::string> error = was_run ? errors[job] : std::nullopt;
    if (was_run) ++job;
    auto text = error ? std::nullopt : read_file(out / p.id / "results.json");
    if (!error && (!text || !complete_results_text(*text)))
      error = fmt::format("point {}: `mixsim run` finished but {} is missing or incomplete", p.id,
                          (out / p.id / "results.json").string());
    entry["ok"] = !error;
    if (error) entry["error"] = *error;
    else entry["results"] = *text;
    outcome.payload.push_back(entry);
  }
  return outcome;
}

// Rank 0: every point's results (from this folder or sent by other ranks) -> sweep.json.
std::filesystem::path merge_on_root(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                                    const std::filesystem::path& out,
                                    const std::vector<std::string>& payloads) {
  std::vector<std::optional<std::string>> texts(points.size());
  std::vector<std::string> failures;
  for (size_t r = 0; r < payloads.size(); ++r) {
    json entries = json::parse(payloads[r]);
    if (entries.is_object() && entries.contains("rank_error")) {
      failures.push_back(fmt::format("rank {}: {}", r, entries["rank_error"].get<std::string>()));
      continue;
    }
    for (const auto& e : entries) {
      size_t index = e["index"].get<size_t>();
      if (e["ok"].get<bool>()) texts[index] = e["results"].get<std::string>();
      else failures.push_back(e["error"].get<std::string>());
    }
  }
  if (!failures.empty()) {
    std::string message = fmt::format("{} point(s) of {} failed; finished points are kept and are "
                                      "not redone when the sweep runs again:", failures.size(), points.size());
    for (const auto& f : failures) message += "\n  " + f;
    throw SweepError(message);
  }
  std::vector<json> results;
  for (const auto& p : points) {
    const std::string& text = *texts[p.index];
    // Points run on other machines: keep a copy here so this folder alone resumes and merges.
    std::filesystem::path dir = out / p.id;
    prepare_point_dir(dir, p.config_yaml);
    if (read_file(dir / "results.json") != text) reports::write_file_atomically(dir / "results.json", text);
    results.push_back(json::parse(text));
  }
  std::filesystem::path merged = out / "sweep.json";
  reports::write_file_atomically(merged, merge_sweep(spec, points, results).dump(2) + "\n");
  return merged;
}

}  // namespace

bool point_complete(const std::filesystem::path& point_dir, const std::string& config_yaml) {
  auto config = read_file(point_dir / "config.yaml");
  if (!config || *config != config_yaml) return false;
  auto results = read_file(point_dir / "results.json");
  return results && complete_results_text(*results);
}

SweepSummary run_sweep(const SweepOptions& options, const PointRunner& runner, RankGroup& ranks) {
  // All checks come first, on every rank alike: nothing runs when any point is invalid.
  SweepSpec spec = load_sweep_spec(options.sweep_file, options.mode);
  std::vector<SweepPoint> points = expand_points(spec);
  SweepSummary summary;
  summary.points = points.size();
  summary.out_dir = options.out_dir.empty() ? std::filesystem::path("sweep-" + spec.name) : options.out_dir;

  LocalOutcome local;
  std::string payload;
  try {
    std::filesystem::create_directories(summary.out_dir);
    local = run_local_points(options, points, summary.out_dir, runner, ranks);
    payload = local.payload.dump();
  } catch (const std::exception& e) {
    payload = json{{"rank_error", e.what()}}.dump();  // still join the gather below
  }
  summary.ran = local.ran;
  summary.reused = local.reused;
  std::vector<std::string> payloads = ranks.gather_to_root(payload);

  std::optional<std::string> root_error;
  if (ranks.rank() == 0) {
    try {
      summary.merged = merge_on_root(spec, points, summary.out_dir, payloads);
    } catch (const std::exception& e) {
      root_error = e.what();
    }
  }
  bool ok = ranks.broadcast_from_root(!root_error);
  if (root_error) throw SweepError(*root_error);
  if (!ok) throw SweepError(fmt::format("rank {}: the sweep failed on rank 0 (its error says why)", ranks.rank()));
  return summary;
}

}  // namespace mixsim::sweep
