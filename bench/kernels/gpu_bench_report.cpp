#include "bench/kernels/gpu_bench_report.hpp"
#include "bench/kernels/gpu_decode_step.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

namespace mixsim::bench {

namespace {

void write_file_atomically(const std::string& json, const std::string& path) {
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write " + tmp);
  const bool ok = std::fputs(json.c_str(), f) >= 0;
  if (std::fclose(f) != 0 || !ok) throw std::runtime_error("write failed: " + tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
}

constexpr const char* kDecodeStepSchema = "mixsim-gpu-decode-step/1";

}  // namespace

std::string decode_step_json(const DecodeStep& s) {
  std::string json = fmt::format(
      "{{\"schema\":\"{}\",\"gpu\":\"{}\",\"model\":\"{}\",\"batch\":{},\"layers\":{},\"runs\":[",
      kDecodeStepSchema, s.gpu, s.model, s.batch, s.layers);
  for (size_t i = 0; i < s.runs.size(); ++i) {
    const DecodeRun& r = s.runs[i];
    json += fmt::format("{}{{\"impl\":\"{}\",\"recipe\":\"{}\",\"step_seconds\":{:.6e},\"per_gemm\":[",
                        i ? ",\n" : "\n", r.impl, r.recipe, r.step_seconds);
    for (size_t j = 0; j < r.per_gemm.size(); ++j) {
      const DecodeGemmTiming& g = r.per_gemm[j];
      json += fmt::format("{}{{\"name\":\"{}\",\"M\":{},\"N\":{},\"K\":{},\"seconds\":{:.6e}}}",
                          j ? "," : "", g.name, g.m, g.n, g.k, g.seconds);
    }
    json += "]}";
  }
  json += "\n]}";
  return json;
}

void write_decode_steps_json(const std::vector<DecodeStep>& steps, const std::string& path) {
  std::string json = fmt::format("{{\"schema\":\"{}\",\"steps\":[", kDecodeStepSchema);
  for (size_t i = 0; i < steps.size(); ++i) json += (i ? ",\n" : "\n") + decode_step_json(steps[i]);
  json += "\n]}\n";
  write_file_atomically(json, path);
}

void write_decode_step_json(const DecodeStep& step, const std::string& path) {
  write_file_atomically(decode_step_json(step) + "\n", path);
}

void write_gpu_bench_json(const GpuBenchReport& r, const std::string& path) {
  std::string json = fmt::format(
      "{{\"device\":\"{}\",\"sms\":{},\"l2_bytes\":{},\"copy_gbps\":{:.1f},\"method\":\"{}\","
      "\"results\":[",
      r.device, r.sms, r.l2_bytes, r.copy_gbps, r.method);
  for (size_t i = 0; i < r.results.size(); ++i) {
    const GpuBenchResult& x = r.results[i];
    json += fmt::format(
        "{}{{\"kernel\":\"{}\",\"m\":{},\"n\":{},\"k\":{},\"median_us\":{:.3f},\"bytes\":{:.0f},"
        "\"gbps\":{:.1f},\"pct_of_copy_bw\":{:.1f},\"tops\":{:.3f}}}",
        i ? ",\n" : "\n", x.kernel, x.m, x.n, x.k, x.median_us, x.bytes, x.gbps,
        r.copy_gbps > 0 ? 100.0 * x.gbps / r.copy_gbps : 0.0, x.tops);
  }
  json += "\n]}\n";
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write " + tmp);
  const bool ok = std::fputs(json.c_str(), f) >= 0;
  if (std::fclose(f) != 0 || !ok) throw std::runtime_error("write failed: " + tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
}

}  // namespace mixsim::bench
