#include "bench/kernels/gpu_bench_report.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

namespace mixsim::bench {

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
