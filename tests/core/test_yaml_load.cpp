#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "engine/core/yaml_load.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

std::string message_of(const std::string& text) {
  try {
    load_yaml_text(text, "s.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

// 9 levels of 9 aliases: 324 bytes that expand to 9^9 = 387 million strings.
std::string alias_bomb(int levels) {
  std::string text = "l0: &l0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < levels; ++i) {
    const auto p = fmt::format("*l{}", i - 1);
    text += fmt::format("l{0}: &l{0} [{1}, {1}, {1}, {1}, {1}, {1}, {1}, {1}, {1}]\n", i, p);
  }
  return text;
}

TEST(YamlLoad, AnAliasBombIsRefusedAtOnce) {
  EXPECT_EQ(message_of(alias_bomb(9)),
            "s.yaml:1: the document expands to more than 200000 values (aliases repeated inside "
            "aliases?); a scenario holds far fewer");
  // Aliases as scenarios use them (a block reused a few times) are fine.
  EXPECT_EQ(message_of(alias_bomb(4)), "(accepted)");
}

TEST(YamlLoad, ADuplicateKeyIsAnErrorNotASilentReplacement) {
  EXPECT_EQ(message_of("name: a\ntraffic:\n  iterations: 3\ntraffic:\n  iterations: 5\n"),
            "s.yaml:4: key 'traffic' is given twice in the same mapping; the second would "
            "silently replace the first");
  EXPECT_EQ(message_of("a: {b: 1, b: 2}\n"),
            "s.yaml:1: key 'b' is given twice in the same mapping; the second would silently "
            "replace the first");
  EXPECT_EQ(message_of("a: {b: 1}\nc: {b: 2}\n"), "(accepted)");
}

TEST(YamlLoad, AComplexKeyIsAnError) {
  EXPECT_EQ(message_of("name: x\n? [a, b]\n: 1\n"),
            "s.yaml:2: a key must be a plain name, got a list or empty key");
  EXPECT_EQ(message_of("? {a: 1}\n: 1\n"), "s.yaml:1: a key must be a plain name, got a mapping");
}

TEST(YamlLoad, ANulByteIsAnErrorNamingItsLine) {
  EXPECT_EQ(message_of(std::string("name: x\nseed: 1\0 2\n", 17)),
            "s.yaml:2: a NUL byte (0x00); YAML text may not hold one (a binary or damaged file?)");
}

TEST(YamlLoad, SizeIsBounded) {
  EXPECT_EQ(message_of("# " + std::string(kMaxYamlBytes, 'x') + "\n"),
            "s.yaml: 4194307 bytes is more than the 4194304 bytes a YAML input may hold");
}

class YamlFile : public test::TempDir {};

TEST_F(YamlFile, AFolderOrAMissingFileIsAnInputError) {
  try {
    load_yaml_file(path(""));
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "file '" + path("") + "': is a folder, expected a YAML file");
  }
  EXPECT_THROW(load_yaml_file(path("none.yaml")), InputError);
  test::write_text(path("ok.yaml"), "a: 1\n");
  EXPECT_EQ(load_yaml_file(path("ok.yaml"))["a"].as<int>(), 1);
}

}  // namespace
