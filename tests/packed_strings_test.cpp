// PackedStrings: the model's permission lists, one heap block each.
#include "lint/base/packed_strings.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nsclint {
namespace {

using Strings = std::vector<std::string>;

TEST(PackedStrings, EmptyHoldsNothing) {
  const PackedStrings none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.begin(), none.end());
  EXPECT_EQ(none.ToVector(), Strings{});
  EXPECT_EQ(none, PackedStrings(Strings{}));
}

TEST(PackedStrings, KeepsEveryEntryInOrderEmptyOnesToo) {
  const PackedStrings list{"orders.>", "", "_INBOX.>", "a"};
  ASSERT_EQ(list.size(), 4u);
  EXPECT_FALSE(list.empty());
  EXPECT_EQ(list[0], "orders.>");
  EXPECT_EQ(list[1], "");
  EXPECT_EQ(list.front(), "orders.>");
  EXPECT_EQ(list.back(), "a");
  EXPECT_EQ(list.ToVector(), (Strings{"orders.>", "", "_INBOX.>", "a"}));
  const PackedStrings only_empty{""};
  EXPECT_FALSE(only_empty.empty());
  EXPECT_EQ(only_empty.size(), 1u);
  EXPECT_NE(only_empty, PackedStrings());
}

TEST(PackedStrings, CopiesOwnTheirTextAndMovesLeaveNothingBehind) {
  auto source = std::make_unique<PackedStrings>(Strings{"a.b.c", "a.*.>"});
  PackedStrings copy = *source;
  PackedStrings assigned{"x"};
  assigned = *source;
  source.reset();  // the copies' views must not point into the freed block
  EXPECT_EQ(copy.ToVector(), (Strings{"a.b.c", "a.*.>"}));
  EXPECT_EQ(assigned, copy);
  PackedStrings moved = std::move(copy);
  EXPECT_EQ(moved.ToVector(), (Strings{"a.b.c", "a.*.>"}));
  PackedStrings target{"y", "z"};
  target = std::move(moved);
  EXPECT_EQ(target.ToVector(), (Strings{"a.b.c", "a.*.>"}));
  const PackedStrings& same = target;
  target = same;  // self-assignment keeps the list
  EXPECT_EQ(target.size(), 2u);
}

TEST(PackedStrings, EqualityIsByEntries) {
  EXPECT_EQ(PackedStrings({"a", "b"}), PackedStrings(Strings{"a", "b"}));
  EXPECT_NE(PackedStrings({"a", "b"}), PackedStrings({"b", "a"}));
  EXPECT_NE(PackedStrings({"ab"}), PackedStrings({"a", "b"}));
  EXPECT_NE(PackedStrings({"a"}), PackedStrings({"a", ""}));
}

TEST(PackedStrings, IsASpanOfViews) {
  const PackedStrings list{"p.q", "r"};
  const std::span<const std::string_view> span = list;
  ASSERT_EQ(span.size(), 2u);
  EXPECT_EQ(span[1], "r");
  EXPECT_EQ(span.data(), list.data());
}

}  // namespace
}  // namespace nsclint
