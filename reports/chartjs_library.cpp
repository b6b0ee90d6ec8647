#include "reports/chartjs_library.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/report_error.hpp"

namespace mixsim::reports {
namespace {

constexpr const char* kDebianChartJs[] = {"/usr/share/javascript/chart.js/chart.min.js",
                                           "/usr/share/javascript/chart.js/chart.js"};

}  // namespace

std::string chartjs_path() {
  if (const char* env = std::getenv("MIXSIM_CHARTJS"); env && *env) {
    if (!std::filesystem::is_regular_file(env))
      throw ReportError(std::string("MIXSIM_CHARTJS names '") + env + "', which is not a file");
    return env;
  }
  for (const char* path : kDebianChartJs)
    if (std::filesystem::is_regular_file(path)) return path;
  throw ReportError("Chart.js not found at /usr/share/javascript/chart.js/chart.min.js: install "
                    "the Debian package libjs-chart.js (scripts/setup does) or set MIXSIM_CHARTJS");
}

std::string chartjs_source() {
  std::string path = chartjs_path();
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw ReportError("cannot read Chart.js from '" + path + "'");
  std::string js = text.str();
  if (js.empty()) throw ReportError("'" + path + "' is empty");
  // "</script" inside the code would end the element early; "<\/script" means the same in JS.
  for (size_t at = js.find("</script"); at != std::string::npos; at = js.find("</script", at + 2))
    js.replace(at, 2, "<\\/");
  return js;
}

}  // namespace mixsim::reports
