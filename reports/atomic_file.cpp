#include "reports/atomic_file.hpp"

#include <unistd.h>

#include <fstream>
#include <string>
#include <system_error>

#include "reports/report_error.hpp"

namespace mixsim::reports {

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  // The pid in the temporary name keeps two processes writing the same folder apart.
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw ReportError("cannot write '" + tmp.string() + "'");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw ReportError("short write to '" + tmp.string() + "' (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw ReportError("cannot rename '" + tmp.string() + "' to '" + path.string() +
                      "': " + ec.message());
  }
}

}  // namespace mixsim::reports
