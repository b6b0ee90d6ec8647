// `mixsim workload` and `mixsim numerics` end to end: exit codes, error text, JSON output.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

RunResult run_mixsim(const std::string& args) {
  const std::string command = std::string(MIXSIM_BIN) + " " + args + " 2>&1";
  RunResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mixsim_workloads_cli_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(WorkloadCli, ShowJsonTotalsAreTheSumOfTheGemms) {
  const RunResult r = run_mixsim("workload show llama3-8b --phase decode --batch 2 --context 512 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j["gemms"].size(), 9u);
  int64_t macs = 0;
  for (const auto& g : j["gemms"]) {
    EXPECT_EQ(g["macs"].get<int64_t>(), g["count"].get<int64_t>() * g["m"].get<int64_t>() *
                                            g["n"].get<int64_t>() * g["k"].get<int64_t>());
    macs += g["macs"].get<int64_t>();
  }
  EXPECT_EQ(j["total_macs"].get<int64_t>(), macs);
  EXPECT_EQ(j["gemms"][3]["name"], "layer0.attn_qk");
  EXPECT_EQ(j["gemms"][3]["m"], 4);  // GQA: 4 query heads per KV head
}

TEST(WorkloadCli, UnknownModelListsKnownOnesAndFails) {
  const RunResult r = run_mixsim("workload show llama9-1b");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("unknown model 'llama9-1b'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("mixtral-8x7b"), std::string::npos) << r.output;
}

TEST(WorkloadCli, BadPhaseAndLayerAreErrors) {
  EXPECT_EQ(run_mixsim("workload show llama2-7b --phase generate").exit_code, 1);
  const RunResult layer = run_mixsim("workload show llama2-7b --layers 32");
  EXPECT_EQ(layer.exit_code, 1);
  EXPECT_NE(layer.output.find("0..31"), std::string::npos) << layer.output;
}

TEST(NumericsCli, UnknownRecipeListsKnownOnesAndWritesNothing) {
  const auto dir = scratch("bad_recipe");
  const RunResult r = run_mixsim("numerics --model llama2-7b --recipes w8a8,w3a3 --out " + dir.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("unknown recipe 'w3a3'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("kv2-kivi"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "numerics.json"));
}

TEST(NumericsCli, UnknownModelAndBadLayerFail) {
  const auto dir = scratch("bad_model");
  EXPECT_EQ(run_mixsim("numerics --model gpt5 --out " + dir.string()).exit_code, 1);
  const RunResult r = run_mixsim("numerics --model opt-6.7b --layers 40 --out " + dir.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("'40'"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "numerics.json"));
}

}  // namespace
