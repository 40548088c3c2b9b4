#include "engine/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace ogan {

void init_logging(spdlog::level::level_enum level) {
  auto logger = spdlog::stderr_color_mt("ogan");
  logger->set_pattern("%^[%L]%$ %v");
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

}  // namespace ogan
