// A markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment:
// counts by level and by rule, then the findings (new ones first when there
// is a baseline), each with its fix; long lists fold into <details>.
#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/report/report.h"

namespace nsclint {
namespace {

// GitHub caps a step summary at 1 MiB: the lists stop long before that.
constexpr size_t kMaxListed = 200;

// An inline code span: backslashes are literal there, so only the backtick
// itself (and control characters) must go.
std::string Code(std::string_view text) {
  std::string out = "`";
  for (const char c : text) out += (c == '`' || static_cast<unsigned char>(c) < 0x20) ? '\'' : c;
  return out + "`";
}

// A fenced block that no backtick run inside `text` can close.
std::string Fenced(std::string_view text) {
  size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string out = fence + "sh\n";
  for (const char c : text) out += (static_cast<unsigned char>(c) < 0x20 && c != '\n') ? ' ' : c;
  return out + "\n" + fence + "\n";
}

std::string Plural(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string_view Icon(Level level) {
  switch (level) {
    case Level::kError:
      return "🔴";
    case Level::kWarning:
      return "🟡";
    case Level::kNote:
      return "🔵";
  }
  return "";
}

void AppendFinding(std::string& out, const Finding& f, const std::string& root) {
  out += "- ";
  out += Icon(f.level);
  out += " **";
  out += LevelName(f.level);
  out += "** `" + f.rule_id.str() + "` " + f.rule_name.str();
  if (f.baseline_state == "new") out += " **(new)**";
  if (f.baseline_state == "updated") out += " **(updated: higher level than in the baseline)**";
  out += " at " + Code(CiPath(f, root) + ":" + std::to_string(f.line));
  if (!f.entity.fqn.empty()) out += " (" + MarkdownEscape(f.entity.fqn) + ")";
  out += "  \n  " + MarkdownEscape(f.message) + "\n";
  if (!f.fix.remediation.empty()) out += "  " + MarkdownEscape(f.fix.remediation) + "\n";
  if (const std::string commands = FixCommandsText(f.fix); !commands.empty()) {
    out += "\n";
    // Indented under its list item.
    const std::string block = Fenced(commands);
    size_t start = 0;
    while (start < block.size()) {
      const size_t nl = block.find('\n', start);
      out += "  " + block.substr(start, nl - start) + "\n";
      start = nl + 1;
    }
  }
}

void AppendList(std::string& out, const std::vector<const Finding*>& list, const std::string& root) {
  size_t n = 0;
  for (const Finding* f : list) {
    if (n++ == kMaxListed) {
      out += "\n… and " + Plural(list.size() - kMaxListed, "more finding") +
             ": see the full report (text, JSON or SARIF).\n";
      break;
    }
    AppendFinding(out, *f, root);
  }
}

}  // namespace

// Text from hostile input (names, file names) must not become markup: every
// character markdown or HTML gives a meaning is escaped, line breaks become spaces.
std::string MarkdownEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (std::string_view("\\`*_[]|#!~").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderMarkdown(const ReportInput& in) {
  std::vector<const Finding*> shown;
  std::array<size_t, 3> counts{0, 0, 0};
  size_t suppressed = 0;
  bool baseline = false;
  struct RuleCount {
    std::string name;
    Level level = Level::kNote;  // the most severe
    size_t total = 0, fresh = 0;
  };
  std::map<std::string, RuleCount, std::less<>> by_rule;
  for (const Finding& f : in.findings) {
    if (!f.suppressed.empty()) {
      ++suppressed;
      continue;
    }
    shown.push_back(&f);
    ++counts[static_cast<int>(f.level)];
    if (!f.baseline_state.empty()) baseline = true;
    RuleCount& rc = by_rule[f.rule_id.str()];
    rc.name = f.rule_name.str();
    rc.level = std::max(rc.level, f.level);
    ++rc.total;
    if (f.baseline_state == "new" || f.baseline_state == "updated") ++rc.fresh;
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Finding* a, const Finding* b) { return a->level > b->level; });

  std::string out = "## nsclint\n\n";
  if (in.exit_code == 2)
    out += "❌ **The scan did not complete** (exit 2): see the notifications below.\n\n";
  else if (in.exit_code == 1)
    out += "❌ **Findings at or above the gate level** (exit 1).\n\n";
  else
    out += "✅ **Nothing at or above the gate level** (exit 0).\n\n";

  out += "| level | findings |";
  if (baseline) out += " new |";
  out += baseline ? "\n|---|---:|---:|\n" : "\n|---|---:|\n";
  const std::pair<Level, std::string_view> levels[] = {
      {Level::kError, "error"}, {Level::kWarning, "warning"}, {Level::kNote, "note"}};
  for (const auto& [level, noun] : levels) {
    out += "| " + std::string(Icon(level)) + " " + std::string(noun) + " | " +
           std::to_string(counts[static_cast<int>(level)]) + " |";
    if (baseline) {
      size_t fresh = 0;
      for (const Finding* f : shown) fresh += f->level == level && f->baseline_state != "unchanged" ? 1 : 0;
      out += " " + std::to_string(fresh) + " |";
    }
    out += "\n";
  }
  out += "\n" + Plural(shown.size(), "finding") + " in " + Plural(in.files_scanned, "file");
  if (suppressed != 0) out += "; " + std::to_string(suppressed) + " suppressed by the config";
  out += ".\n";

  if (!by_rule.empty()) {
    out += "\n<details><summary>By rule (" + Plural(by_rule.size(), "rule") + ")</summary>\n\n";
    out += baseline ? "| rule | name | level | findings | new |\n|---|---|---|---:|---:|\n"
                    : "| rule | name | level | findings |\n|---|---|---|---:|\n";
    for (const auto& [id, rc] : by_rule) {
      out += "| `" + id + "` | " + MarkdownEscape(rc.name) + " | " + std::string(LevelName(rc.level)) + " | " +
             std::to_string(rc.total) + " |";
      if (baseline) out += " " + std::to_string(rc.fresh) + " |";
      out += "\n";
    }
    out += "\n</details>\n";
  }

  if (baseline) {
    std::vector<const Finding*> fresh, old;
    for (const Finding* f : shown) (f->baseline_state == "unchanged" ? old : fresh).push_back(f);
    out += "\n### New since the baseline (" + std::to_string(fresh.size()) + ")\n\n";
    if (fresh.empty()) out += "None.\n";
    AppendList(out, fresh, in.sarif_root);
    if (!old.empty()) {
      out += "\n<details><summary>Unchanged since the baseline (" + std::to_string(old.size()) + ")</summary>\n\n";
      AppendList(out, old, in.sarif_root);
      out += "\n</details>\n";
    }
  } else if (!shown.empty()) {
    out += "\n<details" + std::string(counts[static_cast<int>(Level::kError)] != 0 ? " open" : "") +
           "><summary>Findings (" + std::to_string(shown.size()) + ")</summary>\n\n";
    AppendList(out, shown, in.sarif_root);
    out += "\n</details>\n";
  }
  if (!in.notifications.empty()) {
    out += "\n### Notifications\n\n";
    for (const Notification& n : in.notifications) {
      out += "- **" + MarkdownEscape(n.level.empty() ? "error" : n.level) + "**: ";
      if (!n.file.empty()) out += Code(n.file) + ": ";
      out += MarkdownEscape(n.message) + "\n";
    }
  }
  return out;
}

}  // namespace nsclint
