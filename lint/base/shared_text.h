// An immutable string shared by reference count, 8 bytes where it is held.
// A file's paths are held once, by its artifact, and shared by every finding
// about it; a rule's id and name by all its findings. A big store's report
// has one finding per user for some rules: as std::string each would copy
// two paths (two heap blocks) and carry 13 strings' 32 bytes each.
#pragma once

#include <atomic>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace nsclint {

class SharedText {
 public:
  SharedText() noexcept = default;
  SharedText(std::string_view text);  // NOLINT: text converts implicitly, as to std::string
  SharedText(const std::string& text) : SharedText(std::string_view(text)) {}  // NOLINT
  SharedText(const char* text) : SharedText(std::string_view(text)) {}         // NOLINT
  SharedText(const SharedText& other) noexcept : block_(other.block_) {
    if (block_ != nullptr) block_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  SharedText(SharedText&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  SharedText& operator=(const SharedText& other) noexcept {
    SharedText(other).swap(*this);
    return *this;
  }
  SharedText& operator=(SharedText&& other) noexcept {
    SharedText(std::move(other)).swap(*this);
    return *this;
  }
  ~SharedText() { Release(block_); }
  void swap(SharedText& other) noexcept { std::swap(block_, other.block_); }

  /// Always NUL-terminated (an empty text views ""), like c_str().
  std::string_view view() const noexcept { return std::string_view(c_str(), size()); }
  operator std::string_view() const noexcept { return view(); }  // NOLINT
  std::string str() const { return std::string(view()); }
  const char* c_str() const noexcept { return block_ == nullptr ? "" : block_->text(); }
  const char* data() const noexcept { return c_str(); }
  size_t size() const noexcept { return block_ == nullptr ? 0 : block_->size; }
  bool empty() const noexcept { return block_ == nullptr; }  // "" is held as no block

  friend bool operator==(const SharedText& a, const SharedText& b) noexcept {
    return a.block_ == b.block_ || a.view() == b.view();
  }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const SharedText& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const SharedText& a, const char* b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const SharedText& a, const SharedText& b) noexcept {
    if (a.block_ == b.block_) return std::strong_ordering::equal;
    return a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const SharedText& a, std::string_view b) noexcept { return a.view() <=> b; }
  friend std::strong_ordering operator<=>(const SharedText& a, const std::string& b) noexcept {
    return a.view() <=> std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const SharedText& a, const char* b) noexcept {
    return a.view() <=> std::string_view(b);
  }
  friend std::string operator+(const SharedText& a, std::string_view b) { return std::string(a.view()).append(b); }
  friend std::string operator+(std::string_view a, const SharedText& b) { return std::string(a).append(b.view()); }
  friend std::string operator+(const SharedText& a, const char* b) { return std::string(a.view()).append(b); }
  friend std::string operator+(const char* a, const SharedText& b) { return std::string(a).append(b.view()); }
  friend std::string operator+(const SharedText& a, const std::string& b) { return std::string(a.view()).append(b); }
  friend std::string operator+(const std::string& a, const SharedText& b) { return std::string(a).append(b.view()); }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& text);

 private:
  struct Block {
    std::atomic<uint32_t> refs;
    uint32_t size;
    char* text() { return reinterpret_cast<char*>(this + 1); }
    const char* text() const { return reinterpret_cast<const char*>(this + 1); }
  };
  static void Release(Block* block) noexcept;

  Block* block_ = nullptr;  // nullptr for ""
};

}  // namespace nsclint
