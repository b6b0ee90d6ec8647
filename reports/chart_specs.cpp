#include "reports/chart_specs.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "reports/report_tables.hpp"

namespace mixsim::reports {
namespace {

using nlohmann::json;

// Colour-blind-friendly palette (Okabe-Ito), then greys; assigned by series index.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                                    "#56B4E9", "#F0E442", "#000000", "#999999", "#666666"};

std::string colour(size_t index) { return kPalette[index % std::size(kPalette)]; }

json axis(const std::string& title, bool logarithmic, bool stacked = false) {
  json a = {{"title", {{"display", true}, {"text", title}}}};
  if (logarithmic) a["type"] = "logarithmic";
  if (stacked) a["stacked"] = true;
  return a;
}

json base_options(const std::string& title, json x_axis, json y_axis) {
  return {{"animation", false},
          {"responsive", true},
          {"maintainAspectRatio", false},
          {"plugins", {{"title", {{"display", true}, {"text", title}}}, {"legend", {{"position", "bottom"}}}}},
          {"scales", {{"x", std::move(x_axis)}, {"y", std::move(y_axis)}}}};
}

json bar_dataset(const std::string& label, const json& values, size_t colour_index) {
  return {{"label", label}, {"data", values}, {"backgroundColor", colour(colour_index)}};
}

// "decode (cycle)" or "src: decode (cycle)" with several sources.
std::string setting_label(const ReportInput& in, const RunRecord& r) {
  std::string label = r.phase + " (" + r.mode + ")";
  return in.sources.size() > 1 ? r.source + ": " + label : label;
}

template <class T>
void add_unique(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Grouped bars: one group per setting (phase, mode), one bar per PE; log axis because
// prefill and decode differ by orders of magnitude.
ChartSpec per_pe_chart(const ReportInput& in, const std::string& canvas, const std::string& title,
                       const std::string& unit, double (*value)(const RunRecord&)) {
  std::vector<std::string> settings, pes;
  for (const auto& r : in.runs) {
    add_unique(settings, setting_label(in, r));
    add_unique(pes, run_label(in, r));
  }
  json datasets = json::array();
  for (size_t p = 0; p < pes.size(); ++p) {
    json values = json::array();
    for (const auto& s : settings) {
      json v = nullptr;
      for (const auto& r : in.runs)
        if (run_label(in, r) == pes[p] && setting_label(in, r) == s) v = value(r);
      values.push_back(v);
    }
    datasets.push_back(bar_dataset(pes[p], values, p));
  }
  json config = {{"type", "bar"},
                 {"data", {{"labels", settings}, {"datasets", datasets}}},
                 {"options", base_options(title, axis("phase (mode)", false), axis(unit, true))}};
  return {"latency_energy", canvas, config};
}

double run_latency_us(const RunRecord& r) { return latency_us(r.latency_s); }
double run_energy_uj(const RunRecord& r) { return energy_uj(r.energy_total_pj()); }

ChartSpec ratio_chart(const ReportInput& in) {
  Table t = ratio_table(in);
  json labels = json::array(), speedup = json::array(), energy = json::array();
  for (const auto& row : t.rows) {
    labels.push_back(std::get<std::string>(row[3]) + " vs " + std::get<std::string>(row[4]) + ", " +
                     std::get<std::string>(row[1]));
    speedup.push_back(std::get<double>(row[5]));
    energy.push_back(std::get<double>(row[6]));
  }
  json config = {{"type", "bar"},
                 {"data", {{"labels", labels},
                           {"datasets", {bar_dataset("speedup", speedup, 0),
                                         bar_dataset("energy ratio", energy, 1)}}}},
                 {"options", base_options("Speedup and energy ratio vs baselines (> 1: better)",
                                          axis("comparison", false), axis("ratio", false))}};
  return {"ratios", "chart-ratios", config};
}

// One stacked chart per setting: bars are PEs, stacks are energy components (µJ).
std::vector<ChartSpec> energy_breakdown_charts(const ReportInput& in) {
  std::vector<std::string> settings;
  std::set<std::string> components;
  for (const auto& r : in.runs) {
    add_unique(settings, setting_label(in, r));
    for (const auto& [c, pj] : r.energy_pj) components.insert(c);
  }
  std::vector<ChartSpec> charts;
  for (size_t s = 0; s < settings.size(); ++s) {
    std::vector<const RunRecord*> runs;
    for (const auto& r : in.runs)
      if (setting_label(in, r) == settings[s]) runs.push_back(&r);
    json labels = json::array();
    for (const auto* r : runs) labels.push_back(run_label(in, *r));
    json datasets = json::array();
    size_t index = 0;
    for (const auto& c : components) {
      json values = json::array();
      for (const auto* r : runs) {
        auto it = r->energy_pj.find(c);
        values.push_back(it == r->energy_pj.end() ? 0.0 : energy_uj(it->second));
      }
      json d = bar_dataset(c, values, index++);
      d["stack"] = "energy";
      datasets.push_back(d);
    }
    json config = {{"type", "bar"},
                   {"data", {{"labels", labels}, {"datasets", datasets}}},
                   {"options", base_options("Energy by component, " + settings[s],
                                            axis("PE", false, true), axis("energy (µJ)", false, true))}};
    charts.push_back({"energy_breakdown", "chart-energy-" + std::to_string(s), config});
  }
  return charts;
}

// Utilization of each GEMM, one chart per setting: groups are GEMM names, bars are PEs.
std::vector<ChartSpec> utilization_charts(const ReportInput& in) {
  std::vector<std::string> settings;
  for (const auto& r : in.runs) add_unique(settings, setting_label(in, r));
  std::vector<ChartSpec> charts;
  for (size_t s = 0; s < settings.size(); ++s) {
    std::vector<std::string> gemms;
    std::vector<const RunRecord*> runs;
    for (const auto& r : in.runs) {
      if (setting_label(in, r) != settings[s]) continue;
      runs.push_back(&r);
      for (const auto& g : r.gemms) add_unique(gemms, g.name);
    }
    json datasets = json::array();
    for (size_t p = 0; p < runs.size(); ++p) {
      json values = json::array();
      for (const auto& name : gemms) {
        json v = nullptr;
        for (const auto& g : runs[p]->gemms)
          if (g.name == name) v = g.utilization * 100.0;
        values.push_back(v);
      }
      datasets.push_back(bar_dataset(run_label(in, *runs[p]), values, p));
    }
    json y = axis("utilization (% of rows x cols x cycles)", false);
    y["min"] = 0;
    y["max"] = 100;
    json config = {{"type", "bar"},
                   {"data", {{"labels", gemms}, {"datasets", datasets}}},
                   {"options", base_options("Utilization per GEMM, " + settings[s], axis("GEMM", false), y)}};
    charts.push_back({"gemm_utilization", "chart-utilization-" + std::to_string(s), config});
  }
  return charts;
}

// Roofline: achieved MAC/s against MACs per DRAM byte, with the memory and compute roofs of
// the first results file's hardware. Only when the simulator counted DRAM bytes.
std::optional<ChartSpec> roofline_chart(const ReportInput& in) {
  json datasets = json::array();
  double lo = 0.0, hi = 0.0;
  size_t index = 0;
  for (const auto& r : in.runs) {
    json points = json::array();
    for (const auto& g : r.gemms) {
      if (!g.dram_bytes || *g.dram_bytes <= 0.0 || g.latency_s <= 0.0) continue;
      double x = g.macs_per_instance() / *g.dram_bytes;
      points.push_back({{"x", x}, {"y", g.macs_per_instance() / g.latency_s}});
      lo = (lo == 0.0) ? x : std::min(lo, x);
      hi = std::max(hi, x);
    }
    if (points.empty()) continue;
    json d = {{"type", "scatter"}, {"label", run_label(in, r) + " " + r.phase},
              {"data", points},    {"backgroundColor", colour(index)},
              {"pointRadius", 4}};
    ++index;
    datasets.push_back(d);
  }
  if (datasets.empty()) return std::nullopt;
  const HardwareRecord& hw = in.hardware.front();
  double peak = hw.peak_macs_per_s();
  json roof = json::array();
  double x_lo = lo / 4.0, x_hi = hi * 4.0;
  if (hw.dram_bandwidth_gbps) {
    double bw = *hw.dram_bandwidth_gbps * 1e9;
    double ridge = peak / bw;
    x_lo = std::min(x_lo, ridge / 4.0);
    x_hi = std::max(x_hi, ridge * 4.0);
    roof.push_back({{"x", x_lo}, {"y", bw * x_lo}});
    roof.push_back({{"x", ridge}, {"y", peak}});
  } else {
    roof.push_back({{"x", x_lo}, {"y", peak}});
  }
  roof.push_back({{"x", x_hi}, {"y", peak}});
  datasets.push_back({{"type", "line"}, {"label", "roof (" + hw.source + ")"}, {"data", roof},
                      {"borderColor", "#444444"}, {"pointRadius", 0}, {"fill", false}});
  json x = axis("MACs per DRAM byte", true);
  x["type"] = "logarithmic";
  json config = {{"type", "scatter"},
                 {"data", {{"datasets", datasets}}},
                 {"options", base_options("Roofline: achieved MAC/s per GEMM", x, axis("MAC/s", true))}};
  return ChartSpec{"gemm_utilization", "chart-roofline", config};
}

// Events per output element, one chart per setting: groups are counters, bars are PEs; log
// axis because MAC-level and DRAM-level events differ by orders of magnitude.
std::vector<ChartSpec> counter_charts(const ReportInput& in) {
  Table t = counters_table(in);
  std::vector<std::string> settings;
  for (const auto& r : in.runs) add_unique(settings, setting_label(in, r));
  std::vector<ChartSpec> charts;
  for (size_t s = 0; s < settings.size(); ++s) {
    std::vector<std::string> counters, pes;
    std::map<std::pair<std::string, std::string>, double> value;
    for (const auto& r : in.runs) {
      if (setting_label(in, r) != settings[s]) continue;
      std::string pe = run_label(in, r);
      add_unique(pes, pe);
      for (const auto& row : t.rows) {
        if (std::get<std::string>(row[0]) != r.source || std::get<std::string>(row[1]) != r.pe ||
            std::get<std::string>(row[2]) != r.phase || std::get<std::string>(row[3]) != r.mode)
          continue;
        const auto* per_output = std::get_if<double>(&row[6]);
        if (!per_output || *per_output <= 0.0) continue;  // a log axis cannot show 0
        add_unique(counters, std::get<std::string>(row[4]));
        value[{pe, std::get<std::string>(row[4])}] = *per_output;
      }
    }
    if (counters.empty()) continue;
    std::sort(counters.begin(), counters.end());
    json datasets = json::array();
    for (size_t p = 0; p < pes.size(); ++p) {
      json values = json::array();
      for (const auto& c : counters) {
        auto it = value.find({pes[p], c});
        values.push_back(it == value.end() ? json(nullptr) : json(it->second));
      }
      datasets.push_back(bar_dataset(pes[p], values, p));
    }
    json config = {{"type", "bar"},
                   {"data", {{"labels", counters}, {"datasets", datasets}}},
                   {"options", base_options("Events per output element, " + settings[s],
                                            axis("counter", false), axis("events per output", true))}};
    charts.push_back({"counters", "chart-counters-" + std::to_string(s), config});
  }
  return charts;
}

// Largest relative Frobenius error per (PE, recipe, phase), log axis.
std::optional<ChartSpec> numerics_chart(const ReportInput& in) {
  json labels = json::array(), values = json::array();
  for (const auto& r : in.runs) {
    std::optional<double> worst;
    for (const auto& g : r.gemms)
      if (g.error && std::isfinite(g.error->rel_fro)) worst = std::max(worst.value_or(0.0), g.error->rel_fro);
    if (!worst) continue;
    labels.push_back(run_label(in, r) + " " + r.recipe + " " + r.phase);
    // A log axis cannot show an exact zero; an exact result is drawn at 1e-12 and the table says 0.
    values.push_back(std::max(*worst, 1e-12));
  }
  if (labels.empty()) return std::nullopt;
  json config = {{"type", "bar"},
                 {"data", {{"labels", labels}, {"datasets", {bar_dataset("max rel. Frobenius error vs FP64", values, 3)}}}},
                 {"options", base_options("Output error vs FP64 (worst GEMM of each run)",
                                          axis("PE recipe phase", false), axis("relative error", true))}};
  return ChartSpec{"numerics", "chart-numerics", config};
}

std::optional<ChartSpec> area_chart(const ReportInput& in) {
  if (in.area.empty()) return std::nullopt;
  json labels = json::array(), values = json::array();
  for (const auto& a : in.area) {
    labels.push_back(in.sources.size() > 1 ? a.source + "/" + a.pe : a.pe);
    values.push_back(a.transistors);
  }
  json config = {{"type", "bar"},
                 {"data", {{"labels", labels}, {"datasets", {bar_dataset("transistors", values, 4)}}}},
                 {"options", base_options("Area per PE (Yosys stat -tech cmos)", axis("PE", false),
                                          axis("transistors", false))}};
  return ChartSpec{"area", "chart-area", config};
}

// GPU medians next to the simulated latency of the same shapes, grouped by shape.
std::optional<ChartSpec> gpu_chart(const ReportInput& in) {
  if (!in.gpu || in.gpu->kernels.empty()) return std::nullopt;
  std::vector<std::string> shapes, series;
  std::map<std::pair<std::string, std::string>, double> value;
  auto shape_of = [](int64_t m, int64_t n, int64_t k) {
    return "m" + std::to_string(m) + " n" + std::to_string(n) + " k" + std::to_string(k);
  };
  for (const auto& kernel : in.gpu->kernels) {
    std::string shape = shape_of(kernel.m, kernel.n, kernel.k);
    add_unique(shapes, shape);
    std::string name = "GPU " + kernel.kernel;
    add_unique(series, name);
    value[{name, shape}] = kernel.median_us;
  }
  for (const auto& r : in.runs)
    for (const auto& g : r.gemms) {
      std::string shape = shape_of(g.m, g.n, g.k);
      if (std::find(shapes.begin(), shapes.end(), shape) == shapes.end()) continue;
      std::string name = "sim " + run_label(in, r) + " (" + r.mode + ")";
      add_unique(series, name);
      value.emplace(std::make_pair(name, shape), latency_us(g.latency_s));
    }
  json datasets = json::array();
  for (size_t i = 0; i < series.size(); ++i) {
    json values = json::array();
    for (const auto& shape : shapes) {
      auto it = value.find({series[i], shape});
      values.push_back(it == value.end() ? json(nullptr) : json(it->second));
    }
    datasets.push_back(bar_dataset(series[i], values, i));
  }
  json config = {{"type", "bar"},
                 {"data", {{"labels", shapes}, {"datasets", datasets}}},
                 {"options", base_options("GPU kernels (" + in.gpu->device + ") vs simulated latency",
                                          axis("GEMM shape", false), axis("time (µs)", true))}};
  return ChartSpec{"gpu", "chart-gpu", config};
}

}  // namespace

std::vector<ChartSpec> chart_specs(const ReportInput& in) {
  std::vector<ChartSpec> charts;
  charts.push_back(per_pe_chart(in, "chart-latency", "Latency per PE type", "latency (µs)", run_latency_us));
  charts.push_back(per_pe_chart(in, "chart-energy", "Energy per PE type", "energy (µJ)", run_energy_uj));
  if (!ratio_table(in).rows.empty()) charts.push_back(ratio_chart(in));
  for (auto& c : energy_breakdown_charts(in)) charts.push_back(std::move(c));
  if (auto c = roofline_chart(in)) charts.push_back(std::move(*c));
  for (auto& c : utilization_charts(in)) charts.push_back(std::move(c));
  for (auto& c : counter_charts(in)) charts.push_back(std::move(c));
  for (auto c : {numerics_chart(in), area_chart(in), gpu_chart(in)})
    if (c) charts.push_back(std::move(*c));
  return charts;
}

}  // namespace mixsim::reports
