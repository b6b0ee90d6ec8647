#pragma once
// Shared helpers of the tests/sim/config_*.cpp suites: a small valid config as text, text
// substitution, and "which line of this text holds X" so tests never hard-code line numbers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/config/config_loader.hpp"

namespace mixsim::sim::config_test {

inline const char* kValidConfig = R"(seed: 7
hardware:
  clock_ghz: 1.0
  technology_node: 45nm
  array:
    rows: 8
    cols: 8
    dataflow: weight-stationary
  dram:
    bandwidth_gbps: 16
    latency_ns: 50
    burst_bytes: 64
  buffers:
    weight: {capacity_kib: 64, banks: 4, ports: 1, width_bytes: 16, double_buffered: true}
    activation: {capacity_kib: 16, banks: 4, ports: 1, width_bytes: 16, double_buffered: true}
    output: {capacity_kib: 16, banks: 4, ports: 1, width_bytes: 16, double_buffered: true}
workload:
  model: llama2-7b
  layers: [0]
  phases:
    - {phase: decode, batch: 1, context: 128, mode: cycle}
compare:
  - {pe: mixpe, recipe: w4a8-g128}
  - {pe: int8-mac, recipe: w8a8}
)";

// Replaces the first occurrence of `from` (which must exist) by `to`.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' not in config";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// 1-based line number of the first line containing `needle`.
inline int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << needle << "' not in config";
  int line = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Parses `text` as "test.yaml" and returns the ConfigError message ("" when it parsed).
inline std::string config_error(const std::string& text,
                                const std::vector<std::string>& overrides = {}) {
  try {
    parse_run_config(text, "test.yaml", ".", overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace mixsim::sim::config_test
