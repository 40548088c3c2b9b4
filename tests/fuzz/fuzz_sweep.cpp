// The sweep-file loader and the expansion of its runs.
#include "engine/sweep/sweep_spec.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = ogan::fuzz::write_input(data, size, ".yaml");
  ogan::fuzz::expect_only_input_errors([&] {
    const auto spec = ogan::sweep::load_sweep(path);
    ogan::sweep::expand(spec);
  });
  return 0;
}
