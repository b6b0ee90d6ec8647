// Placeholder until the 'validate-rtl' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_validate_rtl_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate-rtl", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'validate-rtl' is not implemented yet"); });
}

}  // namespace mixsim::cli
