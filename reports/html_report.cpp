#include "reports/html_report.hpp"

#include <fmt/format.h>

#include "reports/verdict_block.hpp"

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

// JSON inside <script type="application/json">: "</" must not appear, "<\/" parses the same.
std::string script_safe_json(const nlohmann::json& j) {
  std::string text = j.dump();
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += '\\';
  }
  return out;
}

std::string html_table(const Table& t) {
  if (t.rows.empty()) return "<p class=\"none\">None in these results.</p>\n";
  std::string out = "<table>\n<thead><tr>";
  for (const auto& h : t.header) out += "<th>" + escape_html(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const auto& cell : row) {
      bool numeric = !std::holds_alternative<std::string>(cell);
      out += numeric ? "<td class=\"num\">" : "<td>";
      out += escape_html(format_readable(cell)) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string section(const Table& t, const std::vector<ChartSpec>& charts) {
  std::string out = fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"note\">{} "
                                "<a href=\"{}.csv\">{}.csv</a></p>\n",
                                t.id, escape_html(t.title), escape_html(t.note), t.id, t.id);
  bool any = false;
  for (const auto& c : charts) {
    if (c.section != t.id) continue;
    if (!any) out += "<div class=\"charts\">\n";
    any = true;
    out += "<div class=\"chart\"><canvas id=\"" + c.canvas + "\"></canvas></div>\n";
  }
  if (any) out += "</div>\n";
  return out + html_table(t) + "</section>\n";
}

std::string hardware_summary(const ReportInput& in) {
  std::string out = "<ul class=\"hw\">\n";
  for (const auto& h : in.hardware) {
    std::string line = fmt::format("{}: {}x{} array{}, {} GHz", h.source, h.rows, h.cols,
                                   h.dataflow.empty() ? "" : " (" + h.dataflow + ")", h.clock_ghz);
    if (h.dram_bandwidth_gbps) line += fmt::format(", DRAM {} GB/s", *h.dram_bandwidth_gbps);
    out += "<li>" + escape_html(line) + "</li>\n";
  }
  if (in.gpu) out += "<li>GPU measurements: " + escape_html(in.gpu->device) + "</li>\n";
  return out + "</ul>\n";
}

constexpr const char* kStyle = R"(body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}
h1{margin:0 0 .3em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{position:relative;width:560px;height:320px}
table{border-collapse:collapse;font-size:13px;margin-top:.6em}th,td{border:1px solid #ddd;padding:2px 6px}
th{background:#f3f3f3}#verdict{background:#f6f9fc;border:1px solid #c9d6e3;padding:.2em 1em 1em}#verdict h3{margin:.8em 0 .2em}td.num{text-align:right;font-variant-numeric:tabular-nums}.note{color:#555;font-size:14px})";

// Draws every chart from the inlined data, then records how many were drawn.
constexpr const char* kDrawScript = R"(
(function(){
  var data = JSON.parse(document.getElementById('mixsim-data').textContent);
  var drawn = 0;
  data.charts.forEach(function(c){
    try { new Chart(document.getElementById(c.canvas), c.config); drawn++; }
    catch (e) { console.error('chart ' + c.canvas + ': ' + e); }
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
  // Where the page opens: the section nearest the top as laid out (tests read it).
  var first = null;
  Array.prototype.forEach.call(document.querySelectorAll('section'), function(s){
    if (!first || s.getBoundingClientRect().top < first.getBoundingClientRect().top) first = s;
  });
  if (first) document.body.setAttribute('data-first-section', first.id);
  var verdict = document.getElementById('verdict');
  if (verdict) document.body.setAttribute('data-verdict-top', String(Math.round(verdict.getBoundingClientRect().top)));
  document.title = 'mixsim report: ' + drawn + '/' + data.charts.length + ' charts drawn';
})();
)";

}  // namespace

std::string html_report(const ReportInput& in, const std::vector<Table>& tables,
                        const std::vector<ChartSpec>& charts, const std::string& chartjs) {
  nlohmann::json data = {{"charts", nlohmann::json::array()}};
  for (const auto& c : charts) data["charts"].push_back({{"canvas", c.canvas}, {"config", c.config}});
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<title>mixsim report (charts not drawn)</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>mixsim report</h1>\n";
  out += verdict_html(in);  // the verdict first: who wins, by how much, what bounds it
  out += hardware_summary(in);
  for (const auto& t : tables) out += section(t, charts);
  out += "<script type=\"application/json\" id=\"mixsim-data\">" + script_safe_json(data) +
         "</script>\n";
  out += "<script>\n" + chartjs + "\n</script>\n<script>" + kDrawScript + "</script>\n";
  return out + "</body>\n</html>\n";
}

}  // namespace mixsim::reports
