#pragma once
// Data files compiled into the library by workloads/CMakeLists.txt (generated source).
#include <string_view>
#include <vector>

namespace mixsim::workloads {

struct EmbeddedFile {
  std::string_view path;  // relative to the repository root, e.g. "workloads/catalogue/x.yaml"
  std::string_view text;
};

const std::vector<EmbeddedFile>& embedded_model_files();   // workloads/catalogue/*.yaml
const std::vector<EmbeddedFile>& embedded_recipe_files();  // workloads/recipes/*.yaml

}  // namespace mixsim::workloads
