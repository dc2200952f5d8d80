#include "lint/rule/finding.h"

#include <cstring>
#include <tuple>

#include "lint/base/util.h"

namespace nsclint {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kNote:
      return "note";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "warning";
}

std::optional<Level> ParseLevel(std::string_view text) {
  if (text == "note") return Level::kNote;
  if (text == "warning") return Level::kWarning;
  if (text == "error") return Level::kError;
  return std::nullopt;
}

namespace {

void PutSize(std::string* out, size_t n) {
  const auto v = static_cast<uint32_t>(n);
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

size_t GetSize(const std::string& in, size_t* at) {
  uint32_t v = 0;
  std::memcpy(&v, in.data() + *at, sizeof v);
  *at += sizeof v;
  return v;
}

}  // namespace

void FixCommands::push_back(const FixCommand& argv) {
  size_t bytes = sizeof(uint32_t);
  for (const std::string& a : argv) bytes += sizeof(uint32_t) + a.size();
  packed_.reserve(packed_.size() + bytes);
  PutSize(&packed_, argv.size());
  for (const std::string& a : argv) {
    PutSize(&packed_, a.size());
    packed_ += a;
  }
}

size_t FixCommands::size() const {
  size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

FixCommand FixCommands::iterator::operator*() const {
  size_t at = at_;
  const size_t count = GetSize(*packed_, &at);
  FixCommand argv;
  argv.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t len = GetSize(*packed_, &at);
    argv.emplace_back(*packed_, at, len);
    at += len;
  }
  return argv;
}

FixCommands::iterator& FixCommands::iterator::operator++() {
  const size_t count = GetSize(*packed_, &at_);
  for (size_t i = 0; i < count; ++i) at_ += GetSize(*packed_, &at_);
  return *this;
}

std::string FixCommandText(const FixCommand& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    out += ShellQuote(arg);
  }
  return out;
}

std::string FixCommandsText(const Fix& fix) {
  std::string out;
  for (const FixCommand& c : fix.commands) {
    if (!out.empty()) out += " && ";
    out += FixCommandText(c);
  }
  if (out.empty() || !fix.has_context()) return out;
  std::string ctx = "(cd " + SingleQuote(fix.cwd) + " && export NSC_CWD_ONLY=1";
  if (!fix.keys.empty()) ctx += " NKEYS_PATH=" + SingleQuote(fix.keys);
  return ctx + " && " + out + ")";
}

namespace {
auto OrderKey(const Finding& f) {
  return std::tie(f.file, f.line, f.rule_id, f.entity.key, f.qualifier, f.message);
}
}  // namespace

bool FindingLess(const Finding& a, const Finding& b) {
  return OrderKey(a) < OrderKey(b);
}

bool FindingSame(const Finding& a, const Finding& b) {
  return OrderKey(a) == OrderKey(b);
}

}  // namespace nsclint
