// Change review outputs: text (one change a line), markdown (the pull-request
// comment: summary, high risks first, a table per entity kind, details
// folded, summarised under GitHub's comment limit) and json (docs/diff-format.md).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/diff/diff.h"
#include "lint/report/report.h"

namespace nsclint::diff {
namespace {

std::string Plural(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string Summary(const DiffResult& r) {
  size_t by[4] = {0, 0, 0, 0};
  for (const auto& c : r.changes) ++by[static_cast<int>(c.risk)];
  std::string s = Plural(r.changes.size(), "change");
  if (!r.changes.empty()) {
    s += " (" + std::to_string(by[3]) + " high, " + std::to_string(by[2]) + " medium, " + std::to_string(by[1]) +
         " low risk)";
  }
  s += "; " + Plural(r.introduced.size(), "finding") + " introduced, " + std::to_string(r.fixed.size()) + " fixed";
  return s;
}

std::string EntityText(const Change& c) {
  return c.entity_kind + " " + c.entity_name;
}

std::string_view Icon(Risk r) {
  switch (r) {
    case Risk::kHigh:
      return "🔴 high";
    case Risk::kMedium:
      return "🟠 medium";
    case Risk::kLow:
      return "🔵 low";
    case Risk::kNone:
      return "none";
  }
  return "";
}

std::string ValueCell(const std::string& v) {
  return v.empty() ? "–" : MarkdownEscape(v);
}

std::string Row(const Change& c) {
  return "| " + std::string(Icon(c.risk)) + " | " + MarkdownEscape(c.entity_name) + " | `" + c.kind + "` | " +
         MarkdownEscape(c.message) + (c.note.empty() ? "" : " (" + MarkdownEscape(c.note) + ")") + " | " +
         ValueCell(c.old_value) + " | " + ValueCell(c.new_value) + " |\n";
}

constexpr std::string_view kHeader = "| Risk | Entity | Change | What | Old | New |\n|---|---|---|---|---|---|\n";

}  // namespace

std::string RenderText(const DiffResult& r) {
  std::string out;
  for (const auto& c : r.changes) {
    out += std::string(RiskName(c.risk)) + std::string(7 - RiskName(c.risk).size(), ' ') + EntityText(c) + ": " +
           c.kind + ": " + c.message + (c.note.empty() ? "" : " (" + c.note + ")") + "\n";
    if (!c.file.empty()) out += "       in " + c.file + "\n";
  }
  for (const auto* list : {&r.introduced, &r.fixed}) {
    const bool intro = list == &r.introduced;
    for (const auto& fc : *list) {
      const Finding& f = fc.finding;
      out += std::string(intro ? "introduced " : "fixed      ") + fc.file + ":" + std::to_string(f.line) + ": " +
             std::string(LevelName(f.level)) + " " + std::string(f.rule_id.view()) + " " +
             std::string(f.rule_name.view()) + ": " + f.message + " [" + f.entity.fqn + "]\n";
    }
  }
  out += "nsclint diff: " + Summary(r) + "\n";
  return out;
}

std::string RenderMarkdown(const DiffResult& r, size_t limit) {
  std::string out = "### nsclint diff: " + Summary(r) + "\n\n";
  if (r.changes.empty() && r.introduced.empty() && r.fixed.empty()) {
    return out + "No change to trust: every entity grants what it granted before (re-signing alone is no change).\n";
  }
  size_t left_out = 0;
  const auto fits = [&](const std::string& piece) { return out.size() + piece.size() < limit; };
  // High risks first, each on its own line.
  bool any_high = false;
  for (const auto& c : r.changes) {
    if (c.risk != Risk::kHigh) continue;
    if (!any_high) out += "#### 🔴 High risk\n\n";
    any_high = true;
    std::string line = "- **" + MarkdownEscape(EntityText(c)) + "**: " + MarkdownEscape(c.message) +
                       (c.note.empty() ? "" : " (" + MarkdownEscape(c.note) + ")") + " `" + c.kind + "`\n";
    if (fits(line)) {
      out += line;
    } else {
      ++left_out;
    }
  }
  if (any_high) out += "\n";
  // A table per entity kind; the tables fold into <details>.
  std::map<int, std::vector<const Change*>> by_kind;
  const auto rank = [](const std::string& k) { return k == "operator" ? 0 : k == "account" ? 1 : k == "user" ? 2 : 3; };
  for (const auto& c : r.changes) by_kind[rank(c.entity_kind)].push_back(&c);
  static constexpr std::string_view kTitles[] = {"Operators", "Accounts", "Users", "Other"};
  for (const auto& [k, list] : by_kind) {
    std::string head = "<details" + std::string(k <= 1 || list.size() <= 20 ? " open" : "") + "><summary>" +
                       std::string(kTitles[k]) + ": " + Plural(list.size(), "change") + "</summary>\n\n" +
                       std::string(kHeader);
    if (!fits(head)) {
      left_out += list.size();
      continue;
    }
    out += head;
    for (const Change* c : list) {
      std::string row = Row(*c);
      if (fits(row + "\n</details>\n")) {
        out += row;
      } else {
        ++left_out;
      }
    }
    out += "\n</details>\n\n";
  }
  for (const auto* list : {&r.introduced, &r.fixed}) {
    if (list->empty()) continue;
    const bool intro = list == &r.introduced;
    std::string head = std::string("<details") + (intro ? " open" : "") + "><summary>Findings " +
                       (intro ? "introduced" : "fixed") + ": " + std::to_string(list->size()) +
                       "</summary>\n\n| Level | Rule | Entity | Message | File |\n|---|---|---|---|---|\n";
    if (!fits(head)) {
      left_out += list->size();
      continue;
    }
    out += head;
    for (const auto& fc : *list) {
      const Finding& f = fc.finding;
      std::string row = "| " + std::string(LevelName(f.level)) + " | " + std::string(f.rule_id.view()) + " " +
                        std::string(f.rule_name.view()) + " | " + MarkdownEscape(f.entity.fqn) + " | " +
                        MarkdownEscape(f.message) + " | " + MarkdownEscape(fc.file) + ":" + std::to_string(f.line) +
                        " |\n";
      if (fits(row + "\n</details>\n")) {
        out += row;
      } else {
        ++left_out;
      }
    }
    out += "\n</details>\n\n";
  }
  if (left_out > 0) {
    out += "_" + Plural(left_out, "more row") +
           " left out to stay under GitHub's comment limit: run `nsclint diff` (text or json) for all._\n";
  }
  return out;
}

std::string RenderJson(const DiffResult& r, int exit_code) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["version"] = 1;
  doc["tool"] = {{"name", "nsclint"}, {"version", NSCLINT_VERSION}};
  size_t by[4] = {0, 0, 0, 0};
  for (const auto& c : r.changes) ++by[static_cast<int>(c.risk)];
  doc["summary"] = {{"changes", r.changes.size()},
                    {"high", by[3]},
                    {"medium", by[2]},
                    {"low", by[1]},
                    {"maxRisk", RiskName(MaxRisk(r))},
                    {"findingsIntroduced", r.introduced.size()},
                    {"findingsFixed", r.fixed.size()},
                    {"oldFiles", r.old_files},
                    {"newFiles", r.new_files}};
  doc["exitCode"] = exit_code;
  ordered_json changes = ordered_json::array();
  for (const auto& c : r.changes) {
    ordered_json j;
    j["kind"] = c.kind;
    j["risk"] = RiskName(c.risk);
    j["entity"] = {{"kind", c.entity_kind}, {"name", c.entity_name}, {"publicKey", c.entity_key}};
    j["file"] = c.file;
    j["field"] = c.field;
    j["old"] = c.old_value;
    j["new"] = c.new_value;
    j["message"] = c.message;
    j["note"] = c.note;
    changes.push_back(std::move(j));
  }
  doc["changes"] = std::move(changes);
  for (const auto* list : {&r.introduced, &r.fixed}) {
    ordered_json arr = ordered_json::array();
    for (const auto& fc : *list) {
      const Finding& f = fc.finding;
      arr.push_back({{"ruleId", f.rule_id.view()},
                     {"ruleName", f.rule_name.view()},
                     {"level", LevelName(f.level)},
                     {"message", f.message},
                     {"entity", {{"kind", f.entity.kind}, {"name", f.entity.fqn}, {"publicKey", f.entity.key}}},
                     {"file", fc.file},
                     {"line", f.line},
                     {"fingerprint", fc.fingerprint}});
    }
    doc["findings"][list == &r.introduced ? "introduced" : "fixed"] = std::move(arr);
  }
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace nsclint::diff
