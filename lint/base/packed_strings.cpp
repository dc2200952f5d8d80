#include "lint/base/packed_strings.h"

#include <cstring>
#include <new>

namespace nsclint {

PackedStrings::PackedStrings(const std::vector<std::string>& items) {
  std::vector<std::string_view> views(items.begin(), items.end());
  block_ = Make(views);
}

PackedStrings::Block* PackedStrings::Make(std::span<const std::string_view> items) {
  if (items.empty()) return nullptr;
  size_t bytes = 0;
  for (const std::string_view s : items) bytes += s.size();
  const size_t head = sizeof(Block) + items.size() * sizeof(std::string_view);
  void* memory = ::operator new(head + bytes);
  Block* block = new (memory) Block{items.size()};
  char* text = static_cast<char*>(memory) + head;
  std::string_view* views = block->items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].empty()) std::memcpy(text, items[i].data(), items[i].size());
    new (&views[i]) std::string_view(text, items[i].size());
    text += items[i].size();
  }
  return block;
}

void PackedStrings::Free(Block* block) {
  if (block != nullptr) ::operator delete(block);
}

}  // namespace nsclint
