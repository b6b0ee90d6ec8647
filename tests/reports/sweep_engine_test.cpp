// The sweep engine with a stand-in point runner (a function object that writes a results.json
// computed from the point's config), so expansion, validation, resume and merging are tested
// without the simulator. tests/cli/sweep_cli_test.cpp runs the real binary, with and without MPI.
#include <gtest/gtest.h>

#include <ostream>

#include <atomic>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

#include "reports/atomic_file.hpp"
#include "sim/sweep/sweep_engine.hpp"
#include "sim/sweep/sweep_merge.hpp"
#include "sim/sweep/sweep_points.hpp"
#include "tests/reports/report_test_support.hpp"

// libsystemc.so calls sc_main from its own main(); this suite never starts SystemC (gtest_main
// is its main), but linking mixsim_sim needs the symbol. Weak, so a real one takes precedence.
extern "C" __attribute__((weak)) int sc_main(int, char**) { return 0; }

namespace mixsim::sweep {
namespace {

using namespace mixsim::reports::testing;
using nlohmann::json;

// Latency falls with array size and DRAM bandwidth; energy depends on the PE only; area on the
// PE and array size. Bandwidth therefore never costs anything: only the fastest bandwidth of
// each (rows, pe) can be on the Pareto front.
json fake_results(const YAML::Node& config) {
  double rows = config["hardware"]["array"]["rows"].as<double>();
  double cols = config["hardware"]["array"]["cols"].as<double>();
  double bw = config["hardware"]["dram"]["bandwidth_gbps"].as<double>();
  json runs = json::array();
  for (const auto& choice : config["compare"]) {
    std::string pe = choice["pe"].as<std::string>();
    double pe_energy = pe == "mixpe" ? 1.0e6 : 1.6e6;
    double latency = 16777216.0 / (rows * cols * 1e9) + 8.4e6 / (bw * 1e9);
    runs.push_back({{"pe", pe}, {"phase", "decode"}, {"mode", config["workload"]["phases"][0]["mode"].as<std::string>()},
                    {"recipe", choice["recipe"].as<std::string>()}, {"batch", 1}, {"context", 128},
                    {"gemms", json::array()},
                    {"totals", {{"cycles", static_cast<int64_t>(latency * 1e9)}, {"latency_s", latency},
                                {"energy_pj", {{"pe", pe_energy}, {"dram", 2.0e6}}}, {"utilization", 0.5}}}});
  }
  return {{"schema", "mixsim.results"}, {"version", 1}, {"model", "llama2-7b"},
          {"hardware", {{"array", {{"rows", rows}, {"cols", cols}}}, {"clock_ghz", 1.0}}},
          {"runs", runs},
          {"area", {{"mixpe", {{"cells", 400}, {"transistors", 5000}}},
                    {"dequant-mac", {{"cells", 650}, {"transistors", 8000}}}}}};
}

struct FakeRunner {
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  int fail_after = -1;  // throw on the call with this number (0-based), like a killed sweep
  PointRunner runner() const {
    auto c = calls;
    int fail = fail_after;
    return [c, fail](const PointJob& job) {
      int n = (*c)++;
      if (n == fail) throw SweepError("point " + job.id + ": killed (test)");
      YAML::Node config = YAML::LoadFile(job.config.string());
      reports::write_file_atomically(job.dir / "results.json", fake_results(config).dump());
    };
  }
};

SweepOptions options_for(const std::filesystem::path& sweep, const std::filesystem::path& out, int jobs = 2) {
  SweepOptions o;
  o.sweep_file = sweep.string();
  o.out_dir = out;
  o.jobs = jobs;
  o.progress = false;
  return o;
}

// Writes a sweep file next to a copy of the base config; returns its path.
std::filesystem::path write_sweep(const TempDir& dir, const std::string& body, const std::string& name = "s.yaml") {
  std::filesystem::copy_file(fixture("sweep_base.yaml"), dir.path / "sweep_base.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir.path / name) << body;
  return dir.path / name;
}

TEST(SweepPoints, CartesianProductWithLastAxisFastestAndStableIds) {
  SweepSpec spec = load_sweep_spec(fixture("sweep_small.yaml").string(), std::nullopt);
  auto points = expand_points(spec);
  ASSERT_EQ(points.size(), 6u);
  std::set<std::string> ids;
  const int bandwidths[] = {16, 32, 64};
  for (size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    EXPECT_EQ(p.index, i);
    EXPECT_TRUE(ids.insert(p.id).second);
    EXPECT_TRUE(std::regex_match(p.id, std::regex("p000" + std::to_string(i) + "-[0-9a-f]{8}"))) << p.id;
    YAML::Node config = YAML::Load(p.config_yaml);
    EXPECT_EQ(config["hardware"]["array"]["rows"].as<int>(), i < 3 ? 8 : 16);
    EXPECT_EQ(config["hardware"]["dram"]["bandwidth_gbps"].as<int>(), bandwidths[i % 3]);
    EXPECT_EQ(config["hardware"]["array"]["cols"].as<int>(), 16);  // from set:
    // mode: fast reaches every phase and turns values off.
    EXPECT_EQ(config["workload"]["phases"][0]["mode"].as<std::string>(), "fast");
    EXPECT_FALSE(config["workload"]["phases"][0]["values"].as<bool>());
  }
  // The same file expands to the same ids and configs.
  auto again = expand_points(load_sweep_spec(fixture("sweep_small.yaml").string(), std::nullopt));
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(again[i].id, points[i].id);
    EXPECT_EQ(again[i].config_yaml, points[i].config_yaml);
  }
  // --mode cycle overrides the file's mode.
  auto cycle = expand_points(load_sweep_spec(fixture("sweep_small.yaml").string(), std::string("cycle")));
  EXPECT_EQ(YAML::Load(cycle[0].config_yaml)["workload"]["phases"][0]["mode"].as<std::string>(), "cycle");
}

TEST(SweepPoints, ListIndicesAndListValuesCanBeSwept) {
  TempDir dir("sweep-lists");
  auto sweep = write_sweep(dir, "base: sweep_base.yaml\naxes:\n"
                                "  compare.0.recipe: [w4a8-g128, w4a16-g128]\n"
                                "  compare: [[{pe: mixpe, recipe: w4a8-g64}], [int8-mac]]\n");
  // compare and compare.0.recipe overlap: that is a conflict, reported before anything runs.
  EXPECT_THROW(load_sweep_spec(sweep.string(), std::nullopt), SweepError);
  sweep = write_sweep(dir, "base: sweep_base.yaml\naxes:\n  compare.1.recipe: [w4a8-g128, w4a16-g128]\n", "t.yaml");
  auto points = expand_points(load_sweep_spec(sweep.string(), std::nullopt));
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(YAML::Load(points[1].config_yaml)["compare"][1]["recipe"].as<std::string>(), "w4a16-g128");
  EXPECT_EQ(YAML::Load(points[1].config_yaml)["compare"][0]["recipe"].as<std::string>(), "w4a8-g128");
}

TEST(SweepRun, MergesEveryPointWithAParetoFront) {
  TempDir dir("sweep-run");
  FakeRunner fake;
  auto ranks = single_rank();
  auto summary = run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "out"), fake.runner(), *ranks);
  EXPECT_EQ(summary.points, 6u);
  EXPECT_EQ(summary.ran, 6u);
  EXPECT_EQ(fake.calls->load(), 6);
  json merged = json::parse(read_text(dir.path / "out/sweep.json"));
  EXPECT_EQ(merged["schema"], "mixsim.sweep");
  ASSERT_EQ(merged["points"].size(), 6u);
  ASSERT_EQ(merged["pareto"].size(), 1u);  // one workload: llama2-7b decode
  const json& front = merged["pareto"][0];
  EXPECT_EQ(front["candidates"], 12);  // 6 points x 2 PEs
  EXPECT_EQ(front["objectives"].size(), 3u);
  // Check the front against its definition over all candidates of sweep.json.
  struct C { std::string point, pe; double l, e, a; };
  std::vector<C> all;
  for (const auto& p : merged["points"])
    for (const auto& r : p["runs"])
      all.push_back({p["id"].get<std::string>(), r["pe"].get<std::string>(), r["latency_s"].get<double>(),
                     r["energy_pj"].get<double>(), r["area_transistors"].get<double>()});
  std::set<std::pair<std::string, std::string>> expected;
  for (const auto& c : all) {
    bool dominated = false;
    for (const auto& d : all)
      dominated |= d.l <= c.l && d.e <= c.e && d.a <= c.a && (d.l < c.l || d.e < c.e || d.a < c.a);
    if (!dominated) expected.insert({c.point, c.pe});
  }
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& f : front["front"]) got.insert({f["point"].get<std::string>(), f["pe"].get<std::string>()});
  EXPECT_EQ(got, expected);
  // By construction only the 64 GB/s points of mixpe survive (dequant-mac costs more energy and
  // area at the same latency; lower bandwidth only adds latency).
  EXPECT_EQ(got.size(), 2u);
  for (const auto& f : front["front"]) {
    EXPECT_EQ(f["pe"], "mixpe");
    const json& point = merged["points"][std::stoi(f["point"].get<std::string>().substr(1, 4))];
    EXPECT_EQ(point["values"]["hardware.dram.bandwidth_gbps"], 64);
  }
  // Area of a design = PE transistors x rows x cols.
  const json& p0 = merged["points"][0];
  EXPECT_EQ(p0["runs"][0]["area_transistors"].get<double>(), 5000.0 * 8 * 16);
}

TEST(SweepRun, ResumedSweepRedoesNothingFinishedAndGivesTheSameBytes) {
  TempDir dir("sweep-resume");
  auto ranks = single_rank();
  FakeRunner whole;
  run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "whole", 1), whole.runner(), *ranks);
  std::string reference = read_text(dir.path / "whole/sweep.json");

  // Interrupted after the first point: the sweep fails, the finished point stays.
  FakeRunner interrupted;
  interrupted.fail_after = 1;
  EXPECT_THROW(run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "resumed", 1),
                         interrupted.runner(), *ranks), SweepError);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "resumed/sweep.json"));
  FakeRunner resumed;
  auto summary = run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "resumed", 1), resumed.runner(), *ranks);
  EXPECT_EQ(summary.reused, 5u);  // all but the one that "was killed"
  EXPECT_EQ(resumed.calls->load(), 1);
  EXPECT_EQ(read_text(dir.path / "resumed/sweep.json"), reference);

  // A third run finds everything complete.
  FakeRunner idle;
  run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "resumed", 1), idle.runner(), *ranks);
  EXPECT_EQ(idle.calls->load(), 0);
  EXPECT_EQ(read_text(dir.path / "resumed/sweep.json"), reference);

  // A truncated results.json is not complete and is redone.
  std::filesystem::path victim;
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "resumed"))
    if (e.is_directory()) victim = e.path();
  std::string text = read_text(victim / "results.json");
  std::ofstream(victim / "results.json") << text.substr(0, text.size() / 2);
  FakeRunner repair;
  run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "resumed", 1), repair.runner(), *ranks);
  EXPECT_EQ(repair.calls->load(), 1);
  EXPECT_EQ(read_text(dir.path / "resumed/sweep.json"), reference);
}

struct BadSweep {
  const char* what;
  const char* body;
  std::vector<const char*> message_parts;  // each must appear in the error
};

// Tests print the case's description, not the struct's raw bytes.
void PrintTo(const BadSweep& b, std::ostream* os) { *os << b.what; }

class BadSweepFile : public ::testing::TestWithParam<BadSweep> {};

TEST_P(BadSweepFile, IsRejectedBeforeAnyPointRuns) {
  const BadSweep& bad = GetParam();
  SCOPED_TRACE(bad.what);
  TempDir dir("sweep-bad");
  auto sweep = write_sweep(dir, bad.body);
  FakeRunner fake;
  auto ranks = single_rank();
  try {
    run_sweep(options_for(sweep, dir.path / "out"), fake.runner(), *ranks);
    FAIL() << "expected SweepError";
  } catch (const SweepError& e) {
    std::string msg = e.what();
    for (const char* part : bad.message_parts) EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
  }
  EXPECT_EQ(fake.calls->load(), 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadSweepFile,
    ::testing::Values(
        BadSweep{"unknown axis key", "base: sweep_base.yaml\naxes:\n  hardware.array.rowz: [8, 16]\n",
                 {"s.yaml:3:", "hardware.array.rowz", "did you mean 'rows'", "rows, cols, dataflow"}},
        BadSweep{"unknown top-level config key", "base: sweep_base.yaml\naxes:\n  hardwire.x: [1]\n",
                 {"s.yaml:3:", "hardwire", "allowed keys"}},
        BadSweep{"empty axis", "base: sweep_base.yaml\naxes:\n  hardware.array.rows: []\n",
                 {"s.yaml:3:", "hardware.array.rows", "empty axis"}},
        BadSweep{"no axes", "base: sweep_base.yaml\naxes: {}\n", {"s.yaml:2:", "axes"}},
        BadSweep{"axis not a list", "base: sweep_base.yaml\naxes:\n  hardware.array.rows: 8\n",
                 {"s.yaml:3:", "list of values"}},
        BadSweep{"duplicate value", "base: sweep_base.yaml\naxes:\n  hardware.array.rows: [8, 16, 8]\n",
                 {"s.yaml:3:", "listed twice"}},
        BadSweep{"axis conflicts with set",
                 "base: sweep_base.yaml\nset:\n  hardware.array.rows: 8\naxes:\n  hardware.array.rows: [8, 16]\n",
                 {"s.yaml:", "conflicts", "hardware.array.rows"}},
        BadSweep{"axis inside another axis",
                 "base: sweep_base.yaml\naxes:\n  hardware.array: [{rows: 8}]\n  hardware.array.rows: [8, 16]\n",
                 {"s.yaml:4:", "conflicts with axis 'hardware.array'"}},
        BadSweep{"value out of range", "base: sweep_base.yaml\naxes:\n  hardware.array.rows: [16, 0]\n",
                 {"s.yaml:3:", "value 0", "hardware.array.rows"}},
        BadSweep{"wrong PE name", "base: sweep_base.yaml\naxes:\n  compare.0.pe: [mixpe, mixpee]\n",
                 {"s.yaml:3:", "mixpee", "dequant-mac"}},
        BadSweep{"list index out of range", "base: sweep_base.yaml\naxes:\n  compare.5.recipe: [w4a8-g128]\n",
                 {"s.yaml:3:", "compare.5.recipe", "0..1"}},
        BadSweep{"unknown sweep key", "base: sweep_base.yaml\naxis:\n  hardware.array.rows: [8]\n",
                 {"s.yaml:2:", "unknown key 'axis'", "did you mean 'axes'"}},
        BadSweep{"bad mode", "base: sweep_base.yaml\nmode: slow\naxes:\n  hardware.array.rows: [8]\n",
                 {"s.yaml:2:", "fast, cycle"}},
        BadSweep{"missing base", "base: nowhere.yaml\naxes:\n  hardware.array.rows: [8]\n",
                 {"s.yaml:1:", "nowhere.yaml", "not found"}},
        BadSweep{"output swept", "base: sweep_base.yaml\naxes:\n  output.dir: [a, b]\n",
                 {"s.yaml:3:", "output"}},
        BadSweep{"YAML syntax", "base: sweep_base.yaml\naxes:\n  hardware.array.rows: [8, 16\n", {"s.yaml"}}));

TEST(SweepRun, FailedPointIsReportedWithItsIdAndOthersAreKept) {
  TempDir dir("sweep-fail");
  FakeRunner fake;
  fake.fail_after = 0;
  auto ranks = single_rank();
  try {
    run_sweep(options_for(fixture("sweep_small.yaml"), dir.path / "out", 1), fake.runner(), *ranks);
    FAIL() << "expected SweepError";
  } catch (const SweepError& e) {
    EXPECT_NE(std::string(e.what()).find("1 point(s) of 6 failed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("p0000-"), std::string::npos) << e.what();
  }
  int complete = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "out"))
    complete += std::filesystem::exists(e.path() / "results.json");
  EXPECT_EQ(complete, 5);
}

TEST(ParetoFront, KeepsExactlyTheNonDominatedCandidates) {
  // Front by construction: a staircase; every other point is a front point made worse.
  std::vector<std::vector<double>> objectives = {{1, 9, 5}, {2, 5, 5}, {4, 2, 5}, {9, 1, 5},
                                                 {2, 6, 5}, {4, 2, 6}, {9, 9, 9}, {1, 9, 5}};
  auto front = pareto_front(objectives);
  // The duplicate {1,9,5} does not dominate its twin: both stay.
  EXPECT_EQ(front, (std::vector<size_t>{0, 1, 2, 3, 7}));
  EXPECT_TRUE(pareto_front({}).empty());
}

TEST(SweepValues, YamlScalarsBecomeJsonNumbersBooleansOrStrings) {
  EXPECT_EQ(yaml_to_json(YAML::Load("16")), 16);
  EXPECT_EQ(yaml_to_json(YAML::Load("51.2")), 51.2);
  EXPECT_EQ(yaml_to_json(YAML::Load("true")), true);
  EXPECT_EQ(yaml_to_json(YAML::Load("w4a8-g128")), "w4a8-g128");
  EXPECT_EQ(yaml_to_json(YAML::Load("[mixpe, {pe: int8-mac}]")).dump(), R"(["mixpe",{"pe":"int8-mac"}])");
}

}  // namespace
}  // namespace mixsim::sweep
