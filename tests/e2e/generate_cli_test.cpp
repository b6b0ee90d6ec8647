// The mixsim binary with workload.generate: bad input names the key, exits non-zero and writes
// nothing; `mixsim report --gpu` reads the GPU decode-step schema (a JSON written here: a reader
// test, not a result) and rejects another schema.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli/cli_process.hpp"

namespace mixsim {
namespace {

using cli_test::run_shell;
using cli_test::TempDir;

std::string config(const std::string& generate, const std::string& compare, const std::string& hardware = "") {
  return "seed: 3\nhardware:\n  array: {rows: 64, cols: 64}\n  dram: {technology: lpddr5, model: simple}\n" +
         hardware + "workload:\n  model: MODEL\n  generate: " + generate + "\nmapper: {exact_candidates: 1}\ncompare:\n" +
         compare;
}

std::string with_model(std::string text, const std::string& model) {
  return text.replace(text.find("MODEL"), 5, model);
}

cli_test::Output run_config(const TempDir& dir, const std::string& text, const std::string& out) {
  const auto path = dir.path / "config.yaml";
  std::ofstream(path) << text;
  return run_shell(std::string(MIXSIM_BIN) + " run " + path.string() + " --out " + (dir.path / out).string());
}

TEST(GenerateCli, ContextBeyondTheModelsMaximumIsAnError) {
  TempDir dir("gen-context");
  // OPT-6.7B: max_position_embeddings 2048; 2000 + 100 - 1 = 2099 tokens of context.
  const auto out = run_config(dir, with_model(config("{prompt: 2000, tokens: 100}", "  - mixpe\n"), "opt-6.7b"), "o");
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.text.find("workload.generate.tokens"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("2048"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("no results written"), std::string::npos) << out.text;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "o"));
}

TEST(GenerateCli, KvCacheThePeCannotRunIsAnError) {
  TempDir dir("gen-kv");
  const auto out = run_config(
      dir, with_model(config("{prompt: 16, tokens: 2, kv_cache: fp16}", "  - {pe: mixpe, recipe: w4a8-g128}\n"), "llama2-7b"),
      "o");
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.text.find("workload.generate.kv_cache"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("mixpe"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("allowed for mixpe: kivi2"), std::string::npos) << out.text;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "o"));
}

TEST(GenerateCli, VectorUnitWithZeroLanesIsAnError) {
  TempDir dir("gen-lanes");
  const auto out = run_config(dir,
                              with_model(config("{prompt: 16, tokens: 2}", "  - mixpe\n", "  vector: {lanes: 0}\n"),
                                         "llama2-7b"),
                              "o");
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.text.find("hardware.vector.lanes"), std::string::npos) << out.text;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "o"));
}

TEST(GenerateCli, RunWritesEndToEndAndReportPutsTheGpuBesideIt) {
  TempDir dir("gen-ok");
  const auto out = run_config(
      dir, with_model(config("{prompt: 16, tokens: 3}", "  - {pe: mixpe, recipe: w4a8-g128}\n"), "llama2-7b"), "o");
  ASSERT_EQ(out.status, 0) << out.text;
  const std::string results = cli_test::read_text(dir.path / "o" / "results.json");
  EXPECT_NE(results.find("\"end_to_end\""), std::string::npos);
  EXPECT_NE(results.find("\"ttft_s\""), std::string::npos);
  // A GPU decode-step JSON of the gpu-check schema, written by this test (not a measurement).
  const auto gpu = dir.path / "gpu_decode_step.json";
  std::ofstream(gpu) << R"({"schema":"mixsim-gpu-decode-step/1","gpu":"reader-test GPU","model":"llama2-7b",
    "batch":1,"layers":32,"runs":[{"impl":"cublas-fp16","recipe":"fp16","step_seconds":0.004,
    "per_gemm":[{"name":"q_proj","M":1,"N":4096,"K":4096,"seconds":0.00002}]}]})";
  const auto report = run_shell(std::string(MIXSIM_BIN) + " report " + (dir.path / "o" / "results.json").string() +
                                " --gpu " + gpu.string() + " --out " + (dir.path / "r").string());
  ASSERT_EQ(report.status, 0) << report.text;
  const std::string csv = cli_test::read_text(dir.path / "r" / "gpu_decode.csv");
  EXPECT_NE(csv.find("reader-test GPU,cublas-fp16,fp16,llama2-7b,1,32,0.004,0.004,250,measured"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("mixsim,mixpe,w4a8-g128,llama2-7b,1,32,"), std::string::npos) << csv;
  const std::string html = cli_test::read_text(dir.path / "r" / "report.html");
  EXPECT_NE(html.find("chart-e2e-steps"), std::string::npos);
  EXPECT_NE(html.find("chart-gpu-decode"), std::string::npos);
  // Another schema: a clear error naming the key and the allowed schema, nothing written.
  std::ofstream(gpu) << R"({"schema":"mixsim-gpu-decode-step/2","gpu":"x","model":"llama2-7b","batch":1,
    "layers":32,"runs":[]})";
  const auto bad = run_shell(std::string(MIXSIM_BIN) + " report " + (dir.path / "o" / "results.json").string() +
                             " --gpu " + gpu.string() + " --out " + (dir.path / "r2").string());
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.text.find("'schema'"), std::string::npos) << bad.text;
  EXPECT_NE(bad.text.find("mixsim-gpu-decode-step/1"), std::string::npos) << bad.text;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "r2"));
}

}  // namespace
}  // namespace mixsim
