// mixsim: hardware simulator and co-design framework for quantized LLM inference.
#include <cstdio>
#include <exception>

#include "sim/cli/commands.hpp"
#include "sim/cli/version_info.hpp"

int main(int argc, char** argv) {
  CLI::App app{"mixsim: mixed-precision PE simulator and co-design framework for quantized LLM "
               "inference"};
  app.set_version_flag("--version", mixsim::version_text(),
                       "Print the version, the git revision built from and the results schema");
  app.require_subcommand(1);
  mixsim::cli::register_run_command(app);
  mixsim::cli::register_gemm_command(app);
  mixsim::cli::register_workload_command(app);
  mixsim::cli::register_numerics_command(app);
  mixsim::cli::register_validate_rtl_command(app);
  mixsim::cli::register_area_command(app);
  mixsim::cli::register_sweep_command(app);
  mixsim::cli::register_report_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mixsim: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
