// Placeholder until the 'numerics' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_numerics_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("numerics", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'numerics' is not implemented yet"); });
}

}  // namespace mixsim::cli
