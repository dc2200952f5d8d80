#include "lint/finding.h"

#include <tuple>

#include "lint/util.h"

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
auto OrderKey(const Finding& f) { return std::tie(f.file, f.line, f.rule_id, f.entity.key, f.qualifier, f.message); }
}  // namespace

bool FindingLess(const Finding& a, const Finding& b) { return OrderKey(a) < OrderKey(b); }

bool FindingSame(const Finding& a, const Finding& b) { return OrderKey(a) == OrderKey(b); }

}  // namespace nsclint
