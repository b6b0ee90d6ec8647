#include "reports/verdict_block.hpp"

#include <cmath>

#include <fmt/format.h>

#include "reports/report_tables.hpp"

namespace mixsim::reports {
namespace {

std::string escape_html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

struct BoundSums {
  double cycles = 0, bound = 0, compute_limited = 0, dram_limited = 0;
  double compulsory_bytes = 0, traffic_cycles = 0, dram_bytes = 0;
  bool complete = true;     // every GEMM has bounds
  bool has_dram = true;     // every GEMM has DRAM byte counters
};

BoundSums bound_sums(const RunRecord& run) {
  BoundSums s;
  for (const auto& g : run.gemms) {
    const double count = static_cast<double>(g.count);
    s.cycles += count * static_cast<double>(g.cycles);
    if (g.dram_bytes) s.dram_bytes += count * *g.dram_bytes;
    else s.has_dram = false;
    if (!g.mapping) {
      s.complete = false;
      continue;
    }
    const auto& m = *g.mapping;
    const double compute = static_cast<double>(m.compute_cycles), traffic = static_cast<double>(m.traffic_cycles);
    s.bound += count * std::max(compute, traffic);
    (compute >= traffic ? s.compute_limited : s.dram_limited) += count * std::max(compute, traffic);
    s.compulsory_bytes += count * static_cast<double>(m.compulsory_bytes);
    s.traffic_cycles += count * traffic;
  }
  return s;
}

// Share of the run's cycles the DRAM would need at peak bandwidth for the bytes it moved.
std::optional<double> dram_busy(const BoundSums& s) {
  if (!s.complete || !s.has_dram || s.traffic_cycles <= 0 || s.cycles <= 0) return std::nullopt;
  const double peak_bytes_per_cycle = s.compulsory_bytes / s.traffic_cycles;
  return s.dram_bytes / (peak_bytes_per_cycle * s.cycles);
}

std::string reason_of(const RunRecord& run, const BoundSums& s, const std::string& limiter) {
  const auto busy = dram_busy(s);
  const std::string busy_text = busy ? fmt::format(", DRAM busy {:.0f}% of the cycles", 100.0 * *busy) : "";
  if (limiter == "dram")
    return fmt::format("DRAM-bound: {:.4g} MB moved ({:.2f}x the compulsory {:.4g} MB){}",
                       s.dram_bytes * 1e-6, s.compulsory_bytes > 0 ? s.dram_bytes / s.compulsory_bytes : 0.0,
                       s.compulsory_bytes * 1e-6, busy_text);
  if (limiter == "compute")
    return fmt::format("compute-bound: array utilization {:.1f}% (useful MACs / (rows x cols x cycles)){}",
                       100.0 * run.utilization, busy_text);
  return fmt::format("no bounds in these results; array utilization {:.1f}%", 100.0 * run.utilization);
}

// "1.84x faster", "1.2x slower", or "equal latency" when the ratio rounds to 1.00.
std::string ratio_word(double ratio, const char* better, const char* worse, const char* equal) {
  if (fmt::format("{:.2f}", ratio) == "1.00") return equal;
  return ratio > 1.0 ? fmt::format("{:.2f}x {}", ratio, better) : fmt::format("{:.2f}x {}", 1.0 / ratio, worse);
}

std::string ratio_words(double speedup, double energy_ratio) {
  return ratio_word(speedup, "faster", "slower", "equal latency") + ", " +
         ratio_word(energy_ratio, "less energy", "more energy", "equal energy");
}

// The tables' readable form (report_tables.hpp): 0.1234, 12.34, 11064.
std::string readable(double v) { return format_readable(Cell{v}); }

std::string bound_text(const DesignStanding& d) {
  if (!d.fraction_of_bound) return "n/a";
  return fmt::format("{:.1f}% ({})", 100.0 * *d.fraction_of_bound, d.limiter);
}

std::string phase_heading(const ReportInput& in, const PhaseVerdict& v) {
  return (in.sources.size() > 1 ? v.source + ": " : "") + v.phase + " · " + v.mode + " mode";
}

constexpr const char* kNote =
    "speedup = latency(baseline) / latency(candidate), energy ratio = energy(baseline) / "
    "energy(candidate): above 1 the candidate wins. Bound = the larger of the compute bound "
    "(MACs / (rows x cols)) and the compulsory-DRAM-traffic bound, summed over the phase's GEMMs; "
    "at 100% a design runs at its bound.";

}  // namespace

DesignStanding design_standing(const RunRecord& run) {
  DesignStanding d;
  d.pe = run.pe;
  d.recipe = run.recipe;
  d.latency_us = run.latency_s * 1e6;
  d.energy_uj = run.energy_total_pj() * 1e-6;
  const BoundSums s = bound_sums(run);
  if (s.complete && s.cycles > 0 && !run.gemms.empty()) {
    d.fraction_of_bound = s.bound / s.cycles;
    d.limiter = s.compute_limited >= s.dram_limited ? "compute" : "dram";
  }
  d.reason = reason_of(run, s, d.limiter);
  return d;
}

std::vector<PhaseVerdict> phase_verdicts(const ReportInput& in) {
  std::vector<PhaseVerdict> out;
  for (const auto& subject : in.subject_pes)
    for (const auto& r : in.runs) {
      if (r.pe != subject) continue;
      PhaseVerdict v{r.source, r.phase, r.mode, design_standing(r), {}};
      for (const auto& b : in.runs) {
        if (b.pe == subject || !same_setting(r, b)) continue;
        v.baselines.push_back({design_standing(b), b.latency_s / r.latency_s,
                               b.energy_total_pj() / r.energy_total_pj()});
      }
      out.push_back(std::move(v));
    }
  return out;
}

std::string verdict_text(const ReportInput& in) {
  const auto verdicts = phase_verdicts(in);
  if (verdicts.empty()) return "";
  std::string out = "Verdict (latency in us, energy in uJ):\n";
  for (const auto& v : verdicts) {
    out += fmt::format("  {}: candidate {} ({})\n", phase_heading(in, v), v.candidate.pe, v.candidate.recipe);
    for (const auto& b : v.baselines)
      out += fmt::format("    vs {:<12} speedup {:.3f}x, energy ratio {:.3f}x ({})\n", b.baseline.pe,
                         b.speedup, b.energy_ratio, ratio_words(b.speedup, b.energy_ratio));
    std::vector<const DesignStanding*> designs{&v.candidate};
    for (const auto& b : v.baselines) designs.push_back(&b.baseline);
    for (const DesignStanding* d : designs)
      out += fmt::format("    {:<12} {:>10} us {:>10} uJ  at {:>15} of its bound: {}\n", d->pe,
                         readable(d->latency_us), readable(d->energy_uj), bound_text(*d), d->reason);
  }
  return out;
}

std::string verdict_markdown(const ReportInput& in) {
  const auto verdicts = phase_verdicts(in);
  if (verdicts.empty()) return "";
  std::string out = std::string("## Verdict\n\n") + kNote + "\n\n";
  for (const auto& v : verdicts) {
    out += fmt::format("### {}: {} ({})\n\n", phase_heading(in, v), v.candidate.pe, v.candidate.recipe);
    for (const auto& b : v.baselines)
      out += fmt::format("- vs **{}**: speedup **{:.3f}x**, energy ratio **{:.3f}x** ({})\n", b.baseline.pe,
                         b.speedup, b.energy_ratio, ratio_words(b.speedup, b.energy_ratio));
    out += "\n| design | latency (µs) | energy (µJ) | fraction of bound | why |\n|---|---|---|---|---|\n";
    std::vector<const DesignStanding*> designs{&v.candidate};
    for (const auto& b : v.baselines) designs.push_back(&b.baseline);
    for (const DesignStanding* d : designs)
      out += fmt::format("| {} | {} | {} | {} | {} |\n", d->pe, readable(d->latency_us), readable(d->energy_uj),
                         bound_text(*d), d->reason);
    out += "\n";
  }
  return out;
}

std::string verdict_html(const ReportInput& in) {
  const auto verdicts = phase_verdicts(in);
  if (verdicts.empty()) return "";
  std::string out = "<section id=\"verdict\">\n<h2>Verdict</h2>\n<p class=\"note\">" +
                    escape_html(kNote) + "</p>\n";
  for (const auto& v : verdicts) {
    out += fmt::format("<div class=\"verdict-phase\" data-phase=\"{}\" data-mode=\"{}\">\n<h3>{}: {} ({})</h3>\n<ul>\n",
                       escape_html(v.phase), escape_html(v.mode), escape_html(phase_heading(in, v)),
                       escape_html(v.candidate.pe), escape_html(v.candidate.recipe));
    for (const auto& b : v.baselines)
      out += fmt::format("<li class=\"verdict-ratio\" data-baseline=\"{}\">vs <b>{}</b>: speedup "
                         "<b class=\"speedup\">{:.3f}x</b>, energy ratio <b class=\"energy-ratio\">{:.3f}x</b> ({})</li>\n",
                         escape_html(b.baseline.pe), escape_html(b.baseline.pe), b.speedup, b.energy_ratio,
                         escape_html(ratio_words(b.speedup, b.energy_ratio)));
    out += "</ul>\n<table class=\"verdict\">\n<thead><tr><th>design</th><th>latency (µs)</th>"
           "<th>energy (µJ)</th><th>fraction of bound</th><th>why</th></tr></thead>\n<tbody>\n";
    std::vector<const DesignStanding*> designs{&v.candidate};
    for (const auto& b : v.baselines) designs.push_back(&b.baseline);
    for (const DesignStanding* d : designs)
      out += fmt::format("<tr data-pe=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                         "<td class=\"num\">{}</td><td>{}</td></tr>\n",
                         escape_html(d->pe), escape_html(d->pe), readable(d->latency_us), readable(d->energy_uj),
                         escape_html(bound_text(*d)), escape_html(d->reason));
    out += "</tbody></table>\n</div>\n";
  }
  return out + "</section>\n";
}

}  // namespace mixsim::reports
