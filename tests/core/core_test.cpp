#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "support/test_support.hpp"

namespace huxiao {
namespace {

TEST(Error, MessageNamesFileFeatureAndFix) {
  const Error e(ErrorCode::kBadValue, "not a number",
                {.file = "schools.csv",
                 .line = 12,
                 .feature = "row 11 (第一小学)",
                 .fix = "use decimal degrees"});
  EXPECT_STREQ(e.what(),
               "schools.csv:12: row 11 (第一小学): not a number (fix: use decimal degrees)");
  EXPECT_EQ(e.problem(), "not a number");
}

TEST(Error, RangeChecks) {
  EXPECT_THROW(require_positive("radius", 0.0), Error);
  EXPECT_THROW(require_positive("radius", std::nan("")), Error);
  EXPECT_NO_THROW(require_positive("radius", 200.0));
  try {
    require_in_range("speed", 9.0, 0.1, 3.0);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadParameter);
    EXPECT_NE(std::string(e.what()).find("[0.1, 3]"), std::string::npos);
  }
}

TEST(Text, StrictNumbers) {
  EXPECT_EQ(text::parse_double(" 104.0652 "), 104.0652);
  EXPECT_FALSE(text::parse_double("104.06abc"));
  EXPECT_FALSE(text::parse_double(""));
  EXPECT_FALSE(text::parse_double("nan"));
  EXPECT_EQ(text::parse_int("850.0"), 850);
  EXPECT_FALSE(text::parse_int("八百"));
  EXPECT_EQ(text::trim("\xEF\xBB\xBF"
                       "学校名称"),
            "学校名称");
}

TEST(Text, Utf8AndSuggestions) {
  EXPECT_TRUE(text::is_valid_utf8("成都市人北实验小学"));
  EXPECT_FALSE(text::is_valid_utf8("\xB3\xC9\xB6\xBC"));  // 成都 in GBK
  EXPECT_EQ(text::closest_match("soures", {"sources", "store", "region"}), "sources");
  EXPECT_EQ(text::closest_match("zzzzzz", {"sources", "store"}), "");
}

TEST(AtomicOutput, UncommittedLeavesTargetUntouched) {
  testing::ScratchDir dir;
  const auto target = dir / "report.txt";
  testing::write_file(target, "old");
  {
    AtomicOutput out(target);
    testing::write_file(out.temp_path(), "half written");
    // no commit: as if an exception unwound here
  }
  EXPECT_EQ(testing::read_file(target), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
  write_text_file_atomic(target, "new");
  EXPECT_EQ(testing::read_file(target), "new");
}

}  // namespace
}  // namespace huxiao
