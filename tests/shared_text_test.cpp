// SharedText: the texts findings share with their artifact and their rule.
#include "lint/base/shared_text.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace nsclint {
namespace {

TEST(SharedText, EmptyIsNoBlockAndReadsAsEmpty) {
  const SharedText none;
  const SharedText empty("");
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(none.size(), 0u);
  EXPECT_STREQ(none.c_str(), "");
  EXPECT_EQ(none.view(), "");
  EXPECT_EQ(none.view().data(), none.c_str());  // NUL-terminated even when empty
  EXPECT_EQ(none, empty);
  EXPECT_EQ(none.str(), "");
}

TEST(SharedText, CopiesShareOneBlockThatOutlivesTheOriginal) {
  auto original = std::make_unique<SharedText>(std::string("store/op/accounts/A/users/u.jwt"));
  const SharedText copy = *original;
  SharedText assigned;
  assigned = *original;
  EXPECT_EQ(copy.data(), original->data());  // the same bytes, not a copy of them
  EXPECT_EQ(assigned.data(), original->data());
  original.reset();
  EXPECT_EQ(copy, "store/op/accounts/A/users/u.jwt");
  EXPECT_EQ(copy.c_str()[copy.size()], '\0');
  SharedText moved = std::move(assigned);
  EXPECT_EQ(moved, copy);
  const SharedText& same = moved;
  moved = same;  // self-assignment keeps the text
  EXPECT_EQ(moved, "store/op/accounts/A/users/u.jwt");
}

TEST(SharedText, ComparesAndJoinsLikeAString) {
  const SharedText a("NL101");
  const SharedText b(std::string_view("NL202"));
  EXPECT_TRUE(a == "NL101");
  EXPECT_TRUE(a != "NL102");
  EXPECT_TRUE(a == std::string("NL101"));
  EXPECT_LT(a, b);
  EXPECT_LT(a, "NL102");
  EXPECT_GT(b, std::string_view("NL201"));
  EXPECT_EQ(SharedText("x") <=> SharedText("x"), std::strong_ordering::equal);
  EXPECT_EQ("rule " + a + ".", "rule NL101.");
  EXPECT_EQ(a + std::string(" and ") + b, "NL101 and NL202");
  std::ostringstream out;
  out << a;
  EXPECT_EQ(out.str(), "NL101");
  // Embedded NUL bytes are kept: the size, not the terminator, bounds the text.
  const SharedText nul(std::string_view("a\0b", 3));
  EXPECT_EQ(nul.size(), 3u);
  EXPECT_EQ(nul.view(), std::string_view("a\0b", 3));
}

TEST(SharedText, CopiesMadeAndDroppedOnManyThreadsFreeTheBlockOnce) {
  const SharedText shared("shared by every thread");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared] {
      std::vector<SharedText> held;
      for (int i = 0; i < 20000; ++i) {
        held.push_back(shared);
        if (held.size() > 64) held.clear();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(shared, "shared by every thread");  // ASan reports a use after free or a leak otherwise
}

}  // namespace
}  // namespace nsclint
