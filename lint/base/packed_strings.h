// An immutable list of strings in one heap block: a count, the views, the
// bytes. A user's permission lists hold a few short subjects each; as a
// std::vector<std::string> a list is 24 bytes in the user, a block for the
// vector with 32 bytes a subject, and a block of its own for every subject
// longer than 15 bytes. Packed it is 8 bytes in the user and one block.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nsclint {

class PackedStrings {
 public:
  PackedStrings() = default;
  PackedStrings(std::initializer_list<std::string_view> items) : block_(Make(std::span(items.begin(), items.size()))) {}
  explicit PackedStrings(std::span<const std::string_view> items) : block_(Make(items)) {}
  explicit PackedStrings(const std::vector<std::string>& items);
  PackedStrings(const PackedStrings& other) : block_(Make(other.view())) {}
  PackedStrings(PackedStrings&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  PackedStrings& operator=(const PackedStrings& other) {
    if (this != &other) *this = PackedStrings(other);
    return *this;
  }
  PackedStrings& operator=(PackedStrings&& other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  ~PackedStrings() { Free(block_); }

  size_t size() const { return block_ == nullptr ? 0 : block_->count; }
  bool empty() const { return block_ == nullptr; }
  const std::string_view* begin() const { return block_ == nullptr ? nullptr : block_->items(); }
  const std::string_view* end() const { return begin() + size(); }
  const std::string_view* data() const { return begin(); }
  std::string_view operator[](size_t i) const { return begin()[i]; }
  std::string_view front() const { return *begin(); }
  std::string_view back() const { return end()[-1]; }
  std::span<const std::string_view> view() const { return {begin(), size()}; }
  operator std::span<const std::string_view>() const { return view(); }  // NOLINT: a list is a span of views
  std::vector<std::string> ToVector() const { return {begin(), end()}; }

  friend bool operator==(const PackedStrings& a, const PackedStrings& b) {
    return std::ranges::equal(a.view(), b.view());
  }

 private:
  struct Block {
    size_t count;
    std::string_view* items() { return reinterpret_cast<std::string_view*>(this + 1); }
    const std::string_view* items() const { return reinterpret_cast<const std::string_view*>(this + 1); }
  };
  static_assert(alignof(std::string_view) <= alignof(Block));
  static Block* Make(std::span<const std::string_view> items);
  static void Free(Block* block);

  Block* block_ = nullptr;  // nullptr when empty
};

}  // namespace nsclint
