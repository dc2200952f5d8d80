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

// RunRules (engine.cpp) drops a finding equal to the one before it by
// comparing these same fields: keep the two lists alike.
bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.file, a.line, a.rule_id, a.entity.key, a.qualifier, a.message) <
         std::tie(b.file, b.line, b.rule_id, b.entity.key, b.qualifier, b.message);
}

}  // namespace nsclint
