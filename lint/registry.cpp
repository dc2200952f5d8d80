#include "lint/registry.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace nsclint {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

const Rule* FindRule(std::string_view text) {
  std::string want = Lower(text);
  for (const auto& r : AllRules()) {
    if (Lower(r.info.id) == want || r.info.name == want) return &r;
  }
  return nullptr;
}

std::string SuggestRule(std::string_view text) {
  std::string want = Lower(text);
  std::string best;
  size_t best_d = 3;
  for (const auto& r : AllRules()) {
    for (std::string_view cand : {r.info.id, r.info.name}) {
      size_t d = EditDistance(want, Lower(cand));
      if (d < best_d) {
        best_d = d;
        best = std::string(cand);
      }
    }
  }
  return best;
}

std::vector<std::string> CheckRegistry() {
  std::vector<std::string> problems;
  std::set<std::string_view> ids, names;
  std::string_view prev;
  for (const auto& r : AllRules()) {
    const RuleInfo& i = r.info;
    if (!ids.insert(i.id).second) problems.push_back(std::string(i.id) + ": duplicate id");
    if (!names.insert(i.name).second) problems.push_back(std::string(i.id) + ": duplicate name");
    if (i.id <= prev) problems.push_back(std::string(i.id) + ": rules not sorted by id");
    prev = i.id;
    if (i.short_description.empty() || i.full_description.empty() || i.help_markdown.empty()) {
      problems.push_back(std::string(i.id) + ": missing description or help");
    }
    for (std::string_view heading : {"## What it finds", "## Why it matters", "## Example", "## How to fix"}) {
      if (i.help_markdown.find(heading) == std::string_view::npos) {
        problems.push_back(std::string(i.id) + ": help lacks '" + std::string(heading) + "'");
      }
    }
    if (!i.options.empty() && i.help_markdown.find("## Options") == std::string_view::npos) {
      problems.push_back(std::string(i.id) + ": help lacks '## Options'");
    }
    if (!r.check) problems.push_back(std::string(i.id) + ": no check");
  }
  return problems;
}

}  // namespace nsclint
