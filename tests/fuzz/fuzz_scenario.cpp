// The scenario loader: YAML, extends, --set, the option registry's checks and bindings.
#include "engine/scenario/world.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = ogan::fuzz::write_input(data, size, ".yaml");
  ogan::fuzz::expect_only_input_errors([&] { ogan::scenario::load_world_config(path); });
  return 0;
}
