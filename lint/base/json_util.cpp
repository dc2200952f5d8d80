#include "lint/base/json_util.h"

#include <cctype>
#include <cmath>

namespace nsclint::json {
namespace {

char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// ASCII case folding (what std::tolower does in the "C" locale nsclint runs in).
bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string Path(std::string_view where, std::string_view key) {
  if (where.empty()) return std::string(key);
  return std::string(where) + "." + std::string(key);
}

}  // namespace

const Value* Member(const Value& obj, std::string_view key) {
  if (!obj.IsObject()) return nullptr;
  // Go: an exact match wins (the last one); otherwise the last case-insensitive
  // match. One pass; names of another length are skipped at once.
  const Value* exact = nullptr;
  const Value* folded = nullptr;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    if (it->name.GetStringLength() != key.size()) continue;
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (name == key) {
      exact = &it->value;
    } else if (exact == nullptr && EqualFold(name, key)) {
      folded = &it->value;
    }
  }
  const Value* found = exact != nullptr ? exact : folded;
  if (found != nullptr && found->IsNull()) return nullptr;
  return found;
}

void Reader::Fail(std::string message) {
  if (errors_.size() < 8) errors_.push_back(std::move(message));
}

std::optional<std::string> Reader::String(const Value& obj, std::string_view key, std::string_view where) {
  const Value* v = Member(obj, key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    Fail(Path(where, key) + " is not a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> Reader::Int(const Value& obj, std::string_view key, std::string_view where) {
  const Value* v = Member(obj, key);
  if (v == nullptr) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsUint64()) {
    Fail(Path(where, key) + " is out of the int64 range");
    return std::nullopt;
  }
  Fail(Path(where, key) + " is not an integer" + (v->IsDouble() ? " (Go's decoder rejects the whole token)" : ""));
  return std::nullopt;
}

std::optional<bool> Reader::Bool(const Value& obj, std::string_view key, std::string_view where) {
  const Value* v = Member(obj, key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) {
    Fail(Path(where, key) + " is not a boolean");
    return std::nullopt;
  }
  return v->GetBool();
}

const std::vector<std::string_view>& Reader::StringViews(const Value& obj, std::string_view key,
                                                         std::string_view where) {
  // Views of the document's strings, copied by the caller before it goes.
  thread_local std::vector<std::string_view> items;
  items.clear();
  const Value* v = Member(obj, key);
  if (v == nullptr) return items;
  if (!v->IsArray()) {
    Fail(Path(where, key) + " is not a list");
    return items;
  }
  for (const auto& item : v->GetArray()) {
    if (item.IsString()) {
      items.emplace_back(item.GetString(), item.GetStringLength());
    } else if (!item.IsNull()) {
      Fail(Path(where, key) + " holds a non-string entry");
    }
  }
  return items;
}

std::vector<std::string> Reader::StringList(const Value& obj, std::string_view key, std::string_view where) {
  const std::vector<std::string_view>& items = StringViews(obj, key, where);
  return {items.begin(), items.end()};
}

PackedStrings Reader::PackedList(const Value& obj, std::string_view key, std::string_view where) {
  return PackedStrings(StringViews(obj, key, where));
}

const Value* Reader::Object(const Value& obj, std::string_view key, std::string_view where) {
  const Value* v = Member(obj, key);
  if (v == nullptr) return nullptr;
  if (!v->IsObject()) {
    Fail(Path(where, key) + " is not an object");
    return nullptr;
  }
  return v;
}

const Value* Reader::Array(const Value& obj, std::string_view key, std::string_view where) {
  const Value* v = Member(obj, key);
  if (v == nullptr) return nullptr;
  if (!v->IsArray()) {
    Fail(Path(where, key) + " is not a list");
    return nullptr;
  }
  return v;
}

std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  auto hex = [&](unsigned char c) {
    static const char* kHex = "0123456789ABCDEF";
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      hex(c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = n != 0 && i + n <= s.size() && c >= 0xC2 && c <= 0xF4;
    for (size_t k = 1; ok && k < n; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok && n == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && n == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) {
      hex(c);
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace nsclint::json
