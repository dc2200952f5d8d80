#include "lint/base/shared_text.h"

#include <cstring>
#include <limits>
#include <new>
#include <ostream>
#include <stdexcept>

namespace nsclint {

SharedText::SharedText(std::string_view text) {
  if (text.empty()) return;
  if (text.size() >= std::numeric_limits<uint32_t>::max()) throw std::length_error("SharedText: text too long");
  void* memory = ::operator new(sizeof(Block) + text.size() + 1);
  block_ = new (memory) Block{{1}, static_cast<uint32_t>(text.size())};
  std::memcpy(block_->text(), text.data(), text.size());
  block_->text()[text.size()] = '\0';
}

void SharedText::Release(Block* block) noexcept {
  if (block == nullptr) return;
  // The last holder frees: acq_rel orders every holder's reads before it.
  if (block->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  block->~Block();
  ::operator delete(block);
}

std::ostream& operator<<(std::ostream& out, const SharedText& text) {
  return out << text.view();
}

}  // namespace nsclint
