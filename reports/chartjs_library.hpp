#pragma once
// Chart.js, inlined into report.html so the page draws its charts offline. It comes from
// Debian's libjs-chart.js; MIXSIM_CHARTJS may name another copy of the UMD build.
#include <string>

namespace mixsim::reports {

// Path of the Chart.js file that will be inlined; throws ReportError when none is found.
std::string chartjs_path();
// Its text, safe to place inside a <script> element.
std::string chartjs_source();

}  // namespace mixsim::reports
