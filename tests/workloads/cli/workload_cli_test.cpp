// `mixsim workload` and `mixsim numerics` end to end: exit codes, error text, JSON output.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../test_files.hpp"

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


namespace {

using mixsim::workloads::testing::le_bytes;

TEST(WorkloadCli, CorruptSafetensorsHeaderFailsNamingTheFile) {
  const auto dir = mixsim::workloads::testing::scratch_dir("cli_corrupt");
  mixsim::workloads::testing::write_raw(dir / "bad.safetensors", "{\"w\": {\"dtype\"", {});
  const RunResult r = run_mixsim("workload inspect " + (dir / "bad.safetensors").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("bad.safetensors: corrupt header JSON"), std::string::npos) << r.output;
}

TEST(WorkloadCli, ShortSafetensorsDataFailsNamingTheTensor) {
  const auto dir = mixsim::workloads::testing::scratch_dir("cli_short");
  mixsim::workloads::testing::write_raw(
      dir / "short.safetensors", R"({"w":{"dtype":"F16","shape":[4,4],"data_offsets":[0,32]}})",
      std::vector<uint8_t>(10, 0));
  const RunResult r = run_mixsim("workload inspect " + (dir / "short.safetensors").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("tensor 'w'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("out of range"), std::string::npos) << r.output;
}

TEST(WorkloadCli, GptqWithInconsistentShapesFails) {
  const auto dir = mixsim::workloads::testing::scratch_dir("cli_gptq");
  // K = 64 (8 words x 8 codes), N = 16, 2 groups; scales claim 12 columns instead of 16.
  mixsim::workloads::testing::write_safetensors(
      dir / "g.safetensors",
      {{"l.qweight", "I32", {8, 16}, le_bytes(std::vector<int32_t>(8 * 16, 0x12345678))},
       {"l.qzeros", "I32", {2, 2}, le_bytes(std::vector<int32_t>(4, 0x11111111))},
       {"l.scales", "F16", {2, 12}, le_bytes(std::vector<uint16_t>(24, 0x3C00))}});
  const RunResult bad = run_mixsim("workload import " + (dir / "g.safetensors").string() + " --prefix l");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("inconsistent GPTQ shapes"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("scales [2, 12]"), std::string::npos) << bad.output;

  mixsim::workloads::testing::write_safetensors(
      dir / "ok.safetensors",
      {{"l.qweight", "I32", {8, 16}, le_bytes(std::vector<int32_t>(8 * 16, 0x22222222))},
       {"l.qzeros", "I32", {2, 2}, le_bytes(std::vector<int32_t>(4, 0))},
       {"l.scales", "F16", {2, 16}, le_bytes(std::vector<uint16_t>(32, 0x3800))}});
  // Every code 2, every zero 0 + 1, scale 0.5: every weight is 0.5, RMS 0.5.
  const RunResult ok = run_mixsim("workload import " + (dir / "ok.safetensors").string() + " --prefix l");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("N=16 K=64 group_size=32 bits=4"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("dequantized_rms=0.5"), std::string::npos) << ok.output;
}

}  // namespace
