#include "lint/registry/selection.h"

#include "lint/base/util.h"
#include "lint/registry/registry.h"

namespace nsclint {
namespace {

// "NL1, expired" -> {"NL1", "expired"}: config values and flags alike.
std::vector<std::string> Items(const std::vector<std::string>& selectors) {
  std::vector<std::string> out;
  for (const auto& s : selectors) {
    for (const auto& part : Split(s, ',')) {
      std::string item = Trim(part);
      if (!item.empty()) out.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace

std::string CheckSelectors(const std::vector<std::string>& selectors) {
  for (const auto& item : Items(selectors)) {
    std::string error;
    if (ResolveSelector(item, &error).empty()) return error;
  }
  return "";
}

std::string ApplySelection(const std::vector<SelectionStep>& steps, std::set<std::string>* disabled) {
  std::set<std::string> enabled;
  for (const auto& r : AllRules()) enabled.emplace(r.info.id);
  for (const auto& step : steps) {
    std::set<std::string> named;
    for (const auto& item : Items(step.selectors)) {
      std::string error;
      const auto rules = ResolveSelector(item, &error);
      if (rules.empty()) return step.origin + ": " + error;
      for (const Rule* r : rules) named.emplace(r->info.id);
    }
    switch (step.kind) {
      case SelectionStep::Kind::kSelect:
        enabled = std::move(named);
        break;
      case SelectionStep::Kind::kExtend:
        enabled.insert(named.begin(), named.end());
        break;
      case SelectionStep::Kind::kIgnore:
        for (const auto& id : named) enabled.erase(id);
        break;
    }
  }
  disabled->clear();
  for (const auto& r : AllRules()) {
    if (enabled.count(std::string(r.info.id)) == 0) disabled->emplace(r.info.id);
  }
  return "";
}

bool LooksLikeSelector(const std::string& text) {
  for (const auto& item : Items({text})) {
    if (ResolveSelector(item, nullptr).empty()) return false;
  }
  return !Items({text}).empty();
}

}  // namespace nsclint
