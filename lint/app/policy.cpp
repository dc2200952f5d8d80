#include "lint/app/policy.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>

#include "lint/base/util.h"

namespace nsclint {
namespace {

constexpr size_t kMaxBaselineBytes = 256u << 20;

// A SARIF uri back to the path it encodes ("a%20b.jwt" -> "a b.jwt"); an
// absolute file:// uri to its absolute path.
std::string PercentDecode(std::string_view uri) {
  if (uri.substr(0, 7) == "file://") uri.remove_prefix(7);
  std::string out;
  out.reserve(uri.size());
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      out += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

}  // namespace

void ApplyConfig(const Config& config, int64_t now, std::vector<Finding>* findings,
                 std::vector<Notification>* notifications) {
  for (auto& f : *findings) {
    if (auto it = config.levels.find(f.rule_id.view()); it != config.levels.end()) f.level = it->second;
  }
  for (const auto& ig : config.ignores) {
    const bool expired = ig.until && *ig.until < now;
    if (expired) {
      notifications->push_back(Notification{"note",
                                            config.path + ":" + std::to_string(ig.line) + ": the ignore of " + ig.rule +
                                                " for '" + ig.target + "' expired on " + ig.until_text +
                                                " and no longer applies (reason was: " + ig.reason +
                                                "); renew it with a new date or fix the findings",
                                            config.path, ""});
      continue;
    }
    const SharedText reason(ig.reason);  // one copy for every finding it covers
    for (auto& f : *findings) {
      if (f.suppressed.empty() && IgnoreMatches(ig, f)) f.suppressed = reason;
    }
  }
}

Baseline LoadBaseline(const std::string& path) {
  Baseline b;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    b.error = path + ": cannot read the baseline";
    return b;
  }
  std::string text(kMaxBaselineBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxBaselineBytes) {
    b.error = path + ": the baseline is larger than 256 MiB";
    return b;
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    b.error = path + ": not a JSON file (" + std::string(rapidjson::GetParseError_En(doc.GetParseError())) +
              " at offset " + std::to_string(doc.GetErrorOffset()) + ")";
    return b;
  }
  if (!doc.IsObject() || !doc.HasMember("runs") || !doc["runs"].IsArray()) {
    b.error = path + ": not a SARIF log (no \"runs\" array)";
    return b;
  }
  auto level_of = [](std::string_view name) {
    return name == "error"     ? static_cast<int>(Level::kError)
           : name == "warning" ? static_cast<int>(Level::kWarning)
           : name == "note"    ? static_cast<int>(Level::kNote)
                               : -1;
  };
  for (const auto& run : doc["runs"].GetArray()) {
    if (!run.IsObject() || !run.HasMember("results") || !run["results"].IsArray()) continue;
    // A result without "level" has its rule's default level (SARIF 3.27.10), else warning.
    std::map<std::string, int, std::less<>> rule_level;
    if (run.HasMember("tool") && run["tool"].IsObject() && run["tool"].HasMember("driver") &&
        run["tool"]["driver"].IsObject() && run["tool"]["driver"].HasMember("rules") &&
        run["tool"]["driver"]["rules"].IsArray()) {
      for (const auto& rule : run["tool"]["driver"]["rules"].GetArray()) {
        if (!rule.IsObject() || !rule.HasMember("id") || !rule["id"].IsString()) continue;
        if (rule.HasMember("defaultConfiguration") && rule["defaultConfiguration"].IsObject() &&
            rule["defaultConfiguration"].HasMember("level") && rule["defaultConfiguration"]["level"].IsString()) {
          rule_level[rule["id"].GetString()] = level_of(rule["defaultConfiguration"]["level"].GetString());
        }
      }
    }
    for (const auto& res : run["results"].GetArray()) {
      if (!res.IsObject() || !res.HasMember("partialFingerprints")) continue;
      int level = static_cast<int>(Level::kWarning);
      if (res.HasMember("level") && res["level"].IsString()) {
        level = level_of(res["level"].GetString());
      } else if (res.HasMember("ruleId") && res["ruleId"].IsString()) {
        if (const auto it = rule_level.find(std::string_view(res["ruleId"].GetString())); it != rule_level.end()) {
          level = it->second;
        }
      }
      const auto& fp = res["partialFingerprints"];
      if (!fp.IsObject()) continue;
      std::string uri;
      if (res.HasMember("locations") && res["locations"].IsArray() && !res["locations"].Empty()) {
        const auto& loc = res["locations"][0];
        if (loc.IsObject() && loc.HasMember("physicalLocation") && loc["physicalLocation"].IsObject()) {
          const auto& phys = loc["physicalLocation"];
          if (phys.HasMember("artifactLocation") && phys["artifactLocation"].IsObject() &&
              phys["artifactLocation"].HasMember("uri") && phys["artifactLocation"]["uri"].IsString()) {
            uri = PercentDecode(phys["artifactLocation"]["uri"].GetString());
          }
        }
      }
      for (const char* key : {"nsclint/v1", "primaryLocationLineHash"}) {
        if (fp.HasMember(key) && fp[key].IsString()) {
          std::string_view print = fp[key].GetString();
          print = print.substr(0, print.find(':'));
          b.by_base[std::string(print)].emplace(uri, level);
          break;
        }
      }
    }
  }
  return b;
}

void ApplyBaseline(const Baseline& baseline, const std::string& sarif_root, std::vector<Finding>* findings) {
  const std::vector<std::string> prints = FindingFingerprints(*findings, sarif_root);
  const SharedText unchanged("unchanged"), added("new"), updated("updated");
  auto left = baseline.by_base;  // consumed as findings match
  std::vector<bool> matched(findings->size(), false);
  std::vector<int> was(findings->size(), 0);  // the level the baseline had it at
  // First the findings at the path the baseline has them at, then the rest
  // in order: a copy of a file never takes the original's place.
  for (size_t i = 0; i < findings->size(); ++i) {
    const Finding& f = (*findings)[i];
    const auto it = left.find(std::string_view(prints[i]).substr(0, prints[i].find(':')));
    if (it == left.end()) continue;
    std::string path = RelativeTo(f.abs_file, sarif_root);
    if (path.empty()) path = f.abs_file.empty() ? f.file.str() : f.abs_file.str();
    if (const auto at = it->second.find(path); at != it->second.end()) {
      was[i] = at->second;
      it->second.erase(at);
      matched[i] = true;
    }
  }
  for (size_t i = 0; i < findings->size(); ++i) {
    if (!matched[i]) {
      const auto it = left.find(std::string_view(prints[i]).substr(0, prints[i].find(':')));
      if (it != left.end() && !it->second.empty()) {
        was[i] = it->second.begin()->second;
        it->second.erase(it->second.begin());
        matched[i] = true;
      }
    }
    Finding& f = (*findings)[i];
    f.baseline_state = !matched[i] ? added : static_cast<int>(f.level) > was[i] ? updated : unchanged;
  }
}

}  // namespace nsclint
