#include "lint/finding.h"

#include <tuple>

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
auto OrderKey(const Finding& f) { return std::tie(f.file, f.line, f.rule_id, f.entity.key, f.qualifier, f.message); }
}  // namespace

bool FindingLess(const Finding& a, const Finding& b) { return OrderKey(a) < OrderKey(b); }

bool FindingSame(const Finding& a, const Finding& b) { return OrderKey(a) == OrderKey(b); }

}  // namespace nsclint
