#include "sim/pe/pe_registry.hpp"

#include <map>
#include <stdexcept>

namespace mixsim::sim {
namespace {

struct Registry {
  std::map<std::string, std::unique_ptr<PeType>> types;
};

// Function-local static: constructed on first use, so registration order across translation
// units does not matter.
Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

bool register_pe_type(const std::string& name, PeTypeFactory factory) {
  auto& types = registry().types;
  if (types.count(name)) throw std::logic_error("PE type '" + name + "' registered twice");
  types.emplace(name, factory());
  return true;
}

const PeType& find_pe_type(const std::string& name) {
  const auto& types = registry().types;
  const auto it = types.find(name);
  if (it == types.end()) {
    std::string known;
    for (const auto& [n, t] : types) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown PE type '" + name + "'; known PE types: " + known);
  }
  return *it->second;
}

std::vector<std::string> known_pe_types() {
  std::vector<std::string> names;
  for (const auto& [n, t] : registry().types) names.push_back(n);
  return names;
}

}  // namespace mixsim::sim

#include "sim/run/simulator.hpp"

namespace mixsim::sim {
bool PeType::has_value_inputs(const GemmJob& job) const { return job.operands != nullptr; }
}  // namespace mixsim::sim
