// Placeholder until the 'run' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'run' is not implemented yet"); });
}

}  // namespace mixsim::cli
