#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "engine/core/progress.hpp"

namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, f)) out += buf;
  return out;
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  {
    ogan::Progress p("loading roads", 100, f);
    for (int i = 0; i <= 100; ++i) p.update(static_cast<std::uint64_t>(i));
  }
  const std::string out = read_all(f);
  std::fclose(f);
  EXPECT_NE(out.find("loading roads:  50% (50/100)"), std::string::npos) << out;
  EXPECT_NE(out.find("loading roads: 100% done"), std::string::npos) << out;
  // One line per decile plus the final line, not one per update.
  EXPECT_LE(std::count(out.begin(), out.end(), '\n'), 12);
}

}  // namespace
