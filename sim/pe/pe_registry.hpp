#pragma once
// Registry of PE types by name. Each sim/pe/*.cpp registers itself at static-initialisation
// time; sim/CMakeLists.txt links those objects whole-archive so none is dropped by the linker.
// The registry is filled once before main() and only read afterwards.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/pe/pe_type.hpp"

namespace mixsim::sim {

using PeTypeFactory = std::function<std::unique_ptr<PeType>()>;

// Returns true so it can initialise a namespace-scope constant (see MIXSIM_REGISTER_PE_TYPE).
bool register_pe_type(const std::string& name, PeTypeFactory factory);
// Throws std::invalid_argument naming the unknown type and listing the registered ones.
const PeType& find_pe_type(const std::string& name);
std::vector<std::string> known_pe_types();  // sorted

}  // namespace mixsim::sim

#define MIXSIM_REGISTER_PE_TYPE(NAME, CLASS)                                              \
  namespace {                                                                             \
  const bool mixsim_pe_registered_##CLASS = ::mixsim::sim::register_pe_type(              \
      NAME, [] { return std::unique_ptr<::mixsim::sim::PeType>(std::make_unique<CLASS>()); }); \
  }
