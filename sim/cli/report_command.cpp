// Placeholder until the 'report' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'report' is not implemented yet"); });
}

}  // namespace mixsim::cli
