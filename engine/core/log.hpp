#pragma once

#include <spdlog/spdlog.h>

namespace ogan {

// Logs go to stderr so that stdout stays clean for tables and data a user may pipe.
void init_logging(spdlog::level::level_enum level);

}  // namespace ogan
