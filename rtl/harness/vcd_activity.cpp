#include "rtl/harness/vcd_activity.hpp"

#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>

#include "rtl/harness/tool_run.hpp"

namespace mixsim::rtl {
namespace {

struct Net {
  int width = 1;
  std::string value;  // current value, MSB first, `width` characters ("" before the first)
  bool is_clock = false;
};

// Left-pads a VCD vector value to `width` the way VCD extends it: with 0, or with x/z when the
// leftmost given bit is x/z.
std::string padded(const std::string& bits, int width) {
  if (static_cast<int>(bits.size()) >= width) return bits.substr(bits.size() - width);
  const char fill = (!bits.empty() && (bits[0] == 'x' || bits[0] == 'z')) ? bits[0] : '0';
  return std::string(width - bits.size(), fill) + bits;
}

int64_t bit_toggles(const std::string& before, const std::string& after) {
  int64_t toggles = 0;
  for (size_t i = 0; i < before.size(); ++i)
    if ((before[i] == '0' && after[i] == '1') || (before[i] == '1' && after[i] == '0')) ++toggles;
  return toggles;
}

}  // namespace

VcdActivity measure_vcd_activity(const std::string& vcd_text, const std::string& origin,
                                 const std::string& clock) {
  std::istringstream in(vcd_text);
  std::map<std::string, Net> nets;  // by VCD identifier: aliases share one
  std::string token;
  bool definitions_done = false;
  while (!definitions_done && in >> token) {
    if (token == "$var") {
      std::string type, id, name, rest;
      int width = 1;
      in >> type >> width >> id >> name;
      while (in >> rest && rest != "$end") {
      }
      Net& net = nets[id];
      net.width = width;
      net.is_clock = net.is_clock || name == clock;
    } else if (token == "$enddefinitions") {
      definitions_done = true;
    }
  }
  if (!definitions_done) throw std::invalid_argument(origin + ": no $enddefinitions (not a VCD?)");
  VcdActivity result;
  bool has_clock = false;
  for (const auto& [id, net] : nets) {
    if (net.is_clock) has_clock = true;
    else result.bits += net.width;
  }
  if (!has_clock) throw std::invalid_argument(origin + ": no net named '" + clock + "'");

  auto change = [&](const std::string& id, const std::string& bits) {
    const auto it = nets.find(id);
    if (it == nets.end()) return;
    Net& net = it->second;
    const std::string value = padded(bits, net.width);
    if (!net.value.empty()) {
      if (net.is_clock) {
        if (net.value == "0" && value == "1") ++result.cycles;
      } else {
        result.toggles += bit_toggles(net.value, value);
      }
    }
    net.value = value;
  };
  while (in >> token) {
    const char first = token[0];
    if (first == '#' || first == '$') continue;  // timestamps, $dumpvars/$end
    if (first == 'b' || first == 'B' || first == 'r' || first == 'R') {
      std::string id;
      in >> id;
      if (first == 'b' || first == 'B') change(id, token.substr(1));
    } else if (first == '0' || first == '1' || first == 'x' || first == 'X' || first == 'z' ||
               first == 'Z') {
      change(token.substr(1), std::string(1, static_cast<char>(std::tolower(first))));
    }
  }
  if (result.cycles == 0) throw std::invalid_argument(origin + ": the clock never rises");
  return result;
}

VcdActivity measure_vcd_activity_file(const std::string& path, const std::string& clock) {
  const std::string text = read_text(path);
  if (text.empty())
    throw std::runtime_error("cannot read VCD file '" + path + "' (or it is empty)");
  return measure_vcd_activity(text, "'" + path + "'", clock);
}

}  // namespace mixsim::rtl
