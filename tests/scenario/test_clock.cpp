#include <gtest/gtest.h>

#include "engine/core/clock.hpp"

using namespace ogan;

namespace {

TEST(Clock, ReadsHoursAndMinutesUpToTheGivenHour) {
  EXPECT_DOUBLE_EQ(parse_hhmm("07:30", 30).seconds, 7 * 3600.0 + 30 * 60.0);
  EXPECT_DOUBLE_EQ(parse_hhmm("0:00", 30).seconds, 0.0);
  EXPECT_DOUBLE_EQ(parse_hhmm("30:00", 30).seconds, 30 * 3600.0);
  EXPECT_DOUBLE_EQ(parse_hhmm("47:59", 48).seconds, 47 * 3600.0 + 59 * 60.0);
  EXPECT_TRUE(parse_hhmm("12:00", 30));
}

TEST(Clock, RejectsWhatIsNotATimeAndSaysWhy) {
  for (const char* bad : {"", "7", "7:", ":30", "07:3", "07:300", "07-30", "07:30 ", " 07:30",
                          "07:30am", "x7:30", "-1:00", "007:00"}) {
    const auto t = parse_hhmm(bad, 48);
    EXPECT_FALSE(t) << bad;
    EXPECT_EQ(t.error, std::string("expected a time HH:MM, got '") + bad + "'") << bad;
  }
  EXPECT_EQ(parse_hhmm("07:60", 30).error, "expected a time HH:MM up to 30:00, got '07:60'");
  EXPECT_EQ(parse_hhmm("31:00", 30).error, "expected a time HH:MM up to 30:00, got '31:00'");
  EXPECT_TRUE(parse_hhmm("31:00", 48));
}

TEST(Clock, FormatsSecondsAsHoursAndMinutes) {
  EXPECT_EQ(format_hhmm(0), "00:00");
  EXPECT_EQ(format_hhmm(7 * 3600 + 30 * 60 + 59), "07:30");
  EXPECT_EQ(format_hhmm(25 * 3600 + 10 * 60), "25:10");
  EXPECT_DOUBLE_EQ(parse_hhmm(format_hhmm(8 * 3600 + 5 * 60), 30).seconds, 8 * 3600 + 5 * 60);
}

}  // namespace
