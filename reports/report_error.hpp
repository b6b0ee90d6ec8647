#pragma once
// Bad report input (missing key, wrong type, unreadable file). The message names the source
// (file or results index), the JSON key path and what was expected.
#include <stdexcept>

namespace mixsim::reports {

struct ReportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace mixsim::reports
