#pragma once
// Writes a whole file or nothing: the bytes go to a temporary file in the same folder, which is
// then renamed over the target, so a reader never sees a half-written report.
#include <filesystem>
#include <string_view>

namespace mixsim::reports {

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace mixsim::reports
