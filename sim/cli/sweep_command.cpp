// Placeholder until the 'sweep' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_sweep_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'sweep' is not implemented yet"); });
}

}  // namespace mixsim::cli
