#include "cli/commands.hpp"

namespace huxiao::cli {

void add_demo_command(CLI::App&, Progress&) {}

}  // namespace huxiao::cli
