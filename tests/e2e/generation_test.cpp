// Whole-model steps and generations (sim/run/step_ops, step_timer, generation, kv_cache_plan,
// moe_router): MACs against the catalogue, a layer's latency against its ops' timeline, KIVI's
// KV bytes, the vector unit's values, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "sim/config/config_loader.hpp"
#include "sim/run/generation.hpp"
#include "sim/run/kv_cache_plan.hpp"
#include "sim/run/moe_router.hpp"
#include "sim/run/step_ops.hpp"
#include "sim/run/step_timer.hpp"
#include "sim/vector/vector_values.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

int64_t layer_macs(const std::vector<StepOp>& ops) {
  int64_t macs = 0;
  for (const auto& op : ops)
    if (op.layer >= 0) macs += op.macs;
  return macs;
}

int64_t catalogue_macs(const workloads::ModelSpec& model, workloads::Phase phase, int64_t batch, int64_t tokens) {
  workloads::PhaseSpec spec;
  spec.phase = phase;
  spec.batch = batch;
  (phase == workloads::Phase::Prefill ? spec.seq_len : spec.context) = tokens;
  int64_t macs = 0;
  for (const auto& g : workloads::expand_model_gemms(model, spec)) macs += g.macs;
  return macs;
}

StepSpec step(bool prefill, int64_t batch, int64_t q, int64_t kv, const KvCachePlan& plan, bool a8) {
  StepSpec s;
  s.prefill = prefill, s.batch = batch, s.q_tokens = q, s.kv_tokens = kv, s.kv = &plan, s.int8_activations = a8;
  s.seed = 5;
  return s;
}

TEST(StepOps, WholeModelMacsEqualTheCatalogue) {
  for (const std::string name : {"llama2-7b", "mistral-7b", "mixtral-8x7b", "opt-6.7b"}) {
    const auto model = workloads::find_model(name);
    for (const std::string kv : {"fp16", "kivi2"}) {
      const KvCachePlan plan = resolve_kv_cache(kv == "fp16" ? "fp16-mac" : "mixpe", kv, model.head_dim);
      // Prefill of 96 tokens x batch 2; decode at context 300 (KIVI: 160 tokens as codes on the
      // array, 140 in the FP16 window on the vector unit: the MACs are the same).
      EXPECT_EQ(layer_macs(build_step_ops(model, step(true, 2, 96, 96, plan, kv != "fp16"))),
                catalogue_macs(model, workloads::Phase::Prefill, 2, 96))
          << name << " " << kv;
      const auto decode = build_step_ops(model, step(false, 2, 1, 300, plan, kv != "fp16"));
      EXPECT_EQ(layer_macs(decode), catalogue_macs(model, workloads::Phase::Decode, 2, 300)) << name << " " << kv;
      int64_t lm_head = 0;
      for (const auto& op : decode)
        if (op.type == "lm_head") lm_head += op.macs;
      EXPECT_EQ(lm_head, 2 * model.vocab_size * model.hidden_size) << name;
    }
  }
}

TEST(StepOps, DependenciesPointBackwards) {
  const auto model = workloads::find_model("mixtral-8x7b");
  const KvCachePlan plan = resolve_kv_cache("mixpe", "auto", model.head_dim);
  const auto ops = build_step_ops(model, step(false, 3, 1, 500, plan, true));
  for (size_t i = 0; i < ops.size(); ++i)
    for (int64_t d : ops[i].deps) EXPECT_LT(d, static_cast<int64_t>(i)) << ops[i].name;
}

TEST(StepOps, MixtralDecodeRunsTheTopTwoOfEightExperts) {
  const auto model = workloads::find_model("mixtral-8x7b");
  const KvCachePlan plan = resolve_kv_cache("mixpe", "auto", model.head_dim);
  for (int64_t batch : {1, 5}) {
    const auto ops = build_step_ops(model, step(false, batch, 1, 200, plan, true));
    int64_t rows = 0, experts = 0;
    for (const auto& op : ops)
      if (op.layer == 0 && op.type == "expert.w1") rows += op.m, ++experts;
    EXPECT_EQ(rows, 2 * batch);  // every token to 2 experts
    EXPECT_LE(experts, std::min<int64_t>(8, 2 * batch));
    if (batch == 1) EXPECT_EQ(experts, 2);
  }
}

TEST(KvCachePlan, KiviCutsKvBytesByTheExpectedRatio) {
  const KvCachePlan fp16 = resolve_kv_cache("fp16-mac", "fp16", 128);
  const KvCachePlan kivi = resolve_kv_cache("mixpe", "kivi2", 128);
  const KvCachePlan int8 = resolve_kv_cache("int8-mac", "int8", 128);
  // 2176 tokens (prompt 2048 + 128): KIVI keeps floor((2176 - 128) / 32) * 32 = 2048 tokens as
  // 2-bit codes + FP16 scale and minimum per group of 32 (3 bits per element) and 128 in FP16:
  // 16 * 2176 / (3 * 2048 + 16 * 128) = 34816 / 8192 = 4.25.
  EXPECT_EQ(kivi.quantized_tokens(2176), 2048);
  EXPECT_DOUBLE_EQ(static_cast<double>(fp16.cache_bytes(2176, 128)) / kivi.cache_bytes(2176, 128), 4.25);
  // Long contexts approach 16 / 3; INT8 with an FP16 scale per token and head: 16 / 8.125.
  const double t = 1 << 20;  // t - 128 is a multiple of 32: all but the window are codes
  EXPECT_DOUBLE_EQ(static_cast<double>(fp16.cache_bytes(1 << 20, 128)) / kivi.cache_bytes(1 << 20, 128),
                   16.0 * t / (3.0 * (t - 128) + 16.0 * 128));
  EXPECT_DOUBLE_EQ(static_cast<double>(fp16.cache_bytes(2176, 128)) / int8.cache_bytes(2176, 128), 16.0 / 8.125);
  // Inside the window nothing is quantized.
  EXPECT_EQ(kivi.cache_bytes(100, 128), fp16.cache_bytes(100, 128));
}

TEST(KvCachePlan, APeThatCannotRunTheFormatIsAnErrorNamingTheKey) {
  for (const auto& [pe, kv] : std::vector<std::pair<std::string, std::string>>{
           {"mixpe", "fp16"}, {"mixpe", "int8"}, {"fp16-mac", "kivi2"}, {"dequant-mac", "int8"}}) {
    try {
      resolve_kv_cache(pe, kv, 128);
      FAIL() << pe << " ran " << kv;
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("workload.generate.kv_cache"), std::string::npos) << what;
      EXPECT_NE(what.find(pe), std::string::npos) << what;
      EXPECT_NE(what.find("allowed"), std::string::npos) << what;
    }
  }
}

TEST(MoeRouter, SeededTopTwoOfEight) {
  const auto a = route_tokens(11, 3, 7, 64, 8, 2);
  EXPECT_EQ(std::accumulate(a.begin(), a.end(), int64_t{0}), 128);
  EXPECT_EQ(a, route_tokens(11, 3, 7, 64, 8, 2));
  EXPECT_NE(a, route_tokens(12, 3, 7, 64, 8, 2));  // seed 12: another routing (fixed seeds)
  const auto one = route_tokens(11, 3, 7, 1, 8, 2);
  EXPECT_EQ(std::count(one.begin(), one.end(), 1), 2);
}

RunConfig small_config(const std::string& extra_generate, const std::string& compare) {
  const std::string yaml = R"(seed: 3
hardware:
  array: {rows: 64, cols: 64}
  dram: {technology: lpddr5, model: simple}
workload:
  model: llama2-7b
  generate: {prompt: 32, tokens: 3)" + extra_generate + R"(}
mapper: {exact_candidates: 1}
compare:
)" + compare;
  return parse_run_config(yaml, "<test>", ".", {});
}

TEST(StepTimer, OneLayersLatencyEqualsItsOpsTimeline) {
  const RunConfig config = small_config(", overlap: false", "  - {pe: mixpe, recipe: w4a8-g128}\n");
  const auto model = workloads::find_model("llama2-7b");
  StepTimer timer(config, 0, model);
  const auto ops = build_step_ops(model, step(false, 1, 1, 40, timer.kv(), true));
  for (bool overlap : {false, true}) {
    const TimedStep t = timer.time_step(ops, SimMode::Fast, overlap);
    int64_t layer_sum = 0, first = -1, last = 0, array_sum = 0, vector_sum = 0, all = 0;
    for (size_t i = 0; i < t.ops.size(); ++i) {
      all += t.cycles[i];
      if (t.ops[i].layer != 0) continue;
      layer_sum += t.cycles[i];
      (t.ops[i].unit == OpUnit::Array ? array_sum : vector_sum) += t.cycles[i];
      if (first < 0) first = t.slots[i].start;
      last = std::max(last, t.slots[i].end);
    }
    if (!overlap) {
      EXPECT_EQ(last - first, layer_sum);  // the units take turns: the sum of the layer's ops
      EXPECT_EQ(t.total_cycles, all);
    } else {
      EXPECT_LT(last - first, layer_sum);  // heads overlap softmax with the next Q.K^T
      EXPECT_GE(last - first, std::max(array_sum, vector_sum));
    }
  }
}

TEST(Generation, DecodeStepsGrowWithContextAndOutputsAreConsistent) {
  const RunConfig config = small_config("", "  - {pe: mixpe, recipe: w4a8-g128}\n  - {pe: fp16-mac, recipe: fp16}\n");
  const GenerationOutcome out = run_generation(config);
  ASSERT_EQ(out.results.designs.size(), 2u);
  for (const auto& d : out.results.designs) {
    ASSERT_EQ(d.decode_steps.size(), 2u);
    EXPECT_EQ(d.decode_steps[0].context, 33);
    EXPECT_EQ(d.decode_steps[1].context, 34);
    EXPECT_GE(d.decode_steps[1].cycles, d.decode_steps[0].cycles);
    EXPECT_GT(d.ttft_bound_s, 0.5 * d.ttft_s);  // the bounds are lower bounds, and not vacuous
    EXPECT_LE(d.ttft_bound_s, d.ttft_s);
    EXPECT_GT(d.tpot_bound_s, 0.5 * d.tpot_s);
    EXPECT_LE(d.tpot_bound_s, d.tpot_s);
    EXPECT_NEAR(d.tpot_s, (d.decode_steps[0].seconds + d.decode_steps[1].seconds) / 2, 1e-15);
    EXPECT_NEAR(d.tokens_per_s, 3.0 / (d.ttft_s + d.decode_s), 1e-9);
    EXPECT_NEAR(d.joules_per_token, (d.prefill_joules + d.decode_joules) / 3.0, 1e-15);
    double by_component = 0.0, by_op = 0.0;
    for (const auto& [c, j] : d.by_component_j) by_component += j;
    for (const auto& [t, r] : d.by_op_type) by_op += r.joules;
    EXPECT_NEAR(by_component, d.prefill_joules + d.decode_joules, 1e-9 * by_component);
    EXPECT_NEAR(by_op, by_component, 1e-9 * by_component);
  }
  // Same config and seed, same results (byte-identical JSON).
  EXPECT_EQ(end_to_end_to_json(out.results).dump(), end_to_end_to_json(run_generation(config).results).dump());
}

TEST(Generation, OverlapShortensTheStepsButNotBelowTheBusierUnit) {
  const std::string pe = "  - {pe: mixpe, recipe: w4a8-g128}\n";
  const auto on = run_generation(small_config(", overlap: true", pe)).results.designs.front();
  const auto off = run_generation(small_config(", overlap: false", pe)).results.designs.front();
  EXPECT_LT(on.ttft_s, off.ttft_s);
  EXPECT_LT(on.tpot_s, off.tpot_s);
  // Without overlap each step is the sum of its ops: the two units' busy time.
  EXPECT_NEAR(off.ttft_s + off.decode_s, off.array_busy_s + off.vector_busy_s, 1e-9 * off.decode_s);
  EXPECT_GE(on.ttft_s + on.decode_s, std::max(on.array_busy_s, on.vector_busy_s) * (1 - 1e-12));
  EXPECT_EQ(on.joules_per_token, off.joules_per_token);  // the same work, only its timing moves
}

TEST(Generation, KiviCutsTheAttentionKvBytesOfADecodeStep) {
  // Prompt 300 + 2 tokens: the decode step attends to 301 tokens. KIVI keeps
  // floor((301 - 128) / 32) * 32 = 160 as 3-bit codes (+ metadata) and 141 in FP16, so the
  // attention reads 16 * 301 / (3 * 160 + 16 * 141) = 4816 / 2736 times fewer K/V bytes than
  // FP16 (the window is read by the vector unit's attn_residual op, the codes by the GEMMs).
  RunConfig config = small_config("", "  - {pe: mixpe, recipe: w4a8-g128}\n  - {pe: fp16-mac, recipe: fp16}\n");
  config.workload.generate->prompt = 300;
  config.workload.generate->tokens = 2;
  const auto e = run_generation(config).results;
  const auto& kivi = e.designs[0];
  const auto& fp16 = e.designs[1];
  ASSERT_EQ(kivi.kv_cache, "kivi2");
  ASSERT_EQ(fp16.kv_cache, "fp16");
  const auto model = workloads::find_model("llama2-7b");
  // FP16: K and V of 301 tokens x 128 channels x 2 bytes, 32 heads, 32 layers.
  EXPECT_EQ(fp16.attention_kv_read_bytes, int64_t{2} * 32 * 32 * 301 * 128 * 2);
  // KIVI: the GEMMs stream the 160 quantized tokens at 3 bits per element, the vector unit reads
  // the 141-token FP16 window.
  EXPECT_EQ(kivi.attention_kv_read_bytes, int64_t{2} * 32 * 32 * (160 * 128 * 3 / 8 + 141 * 128 * 2));
  EXPECT_DOUBLE_EQ(static_cast<double>(fp16.attention_kv_read_bytes) / static_cast<double>(kivi.attention_kv_read_bytes),
                   4816.0 / 2736.0);
  // The whole cache after the last token (302 - 1 = 301 tokens stored) counts the window too.
  EXPECT_DOUBLE_EQ(static_cast<double>(fp16.kv_cache_bytes) / static_cast<double>(kivi.kv_cache_bytes),
                   4816.0 / 2736.0);
  EXPECT_EQ(fp16.kv_cache_bytes, fp16.kv_cache_bytes_fp16);
  EXPECT_EQ(kivi.kv_cache_bytes_fp16, fp16.kv_cache_bytes);
  (void)model;
}

TEST(Generation, JsonRoundTrip) {
  const RunConfig config = small_config("", "  - {pe: int8-mac, recipe: w8a8}\n");
  const EndToEndResults e = run_generation(config).results;
  const auto j = end_to_end_to_json(e);
  EXPECT_EQ(end_to_end_to_json(end_to_end_from_json(j, "<test>")).dump(), j.dump());
}

TEST(VectorValues, CycleModeValuesWithinTolerance) {
  for (const std::string name : {"llama2-7b", "opt-6.7b"}) {
    const auto model = workloads::find_model(name);
    const RunConfig config = small_config("", "  - {pe: mixpe, recipe: w4a8-g128}\n");
    StepTimer timer(config, 0, model);
    const auto ops = build_step_ops(model, step(false, 2, 1, 700, timer.kv(), true));
    const uint64_t seed = 17;
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    const auto checks = check_vector_values(ops, seed, model, timer.vector_unit());
    std::set<std::string> kinds;
    for (const auto& c : checks) {
      kinds.insert(c.op);
      EXPECT_TRUE(c.passed) << name << " " << c.op << " rel " << c.rel_fro << " tol " << c.tolerance;
    }
    const std::set<std::string> expected =
        name == "opt-6.7b" ? std::set<std::string>{"layernorm", "softmax", "relu", "residual_add", "embedding", "act_quant"}
                           : std::set<std::string>{"rmsnorm", "rope", "softmax", "silu", "gated_mul", "residual_add",
                                                   "embedding", "act_quant"};
    for (const auto& k : expected) EXPECT_TRUE(kinds.count(k)) << name << " misses " << k;
  }
}

}  // namespace
}  // namespace mixsim::sim
