// Placeholder until the 'area' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_area_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("area", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'area' is not implemented yet"); });
}

}  // namespace mixsim::cli
