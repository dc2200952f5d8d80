#include "lint/policy.h"

#include <fstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "lint/util.h"

namespace nsclint {
namespace {

constexpr size_t kMaxBaselineBytes = 256u << 20;

}  // namespace

void ApplyConfig(const Config& config, int64_t now, std::vector<Finding>* findings,
                 std::vector<Notification>* notifications) {
  for (auto& f : *findings) {
    if (auto it = config.levels.find(f.rule_id.view()); it != config.levels.end()) f.level = it->second;
  }
  for (const auto& ig : config.ignores) {
    const bool expired = ig.until && *ig.until < now;
    if (expired) {
      notifications->push_back(Notification{
          "note",
          config.path + ":" + std::to_string(ig.line) + ": the ignore of " + ig.rule + " for '" + ig.target +
              "' expired on " + ig.until_text + " and no longer applies (reason was: " + ig.reason +
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
  for (const auto& run : doc["runs"].GetArray()) {
    if (!run.IsObject() || !run.HasMember("results") || !run["results"].IsArray()) continue;
    for (const auto& res : run["results"].GetArray()) {
      if (!res.IsObject() || !res.HasMember("partialFingerprints")) continue;
      const auto& fp = res["partialFingerprints"];
      if (!fp.IsObject()) continue;
      for (const char* key : {"nsclint/v1", "primaryLocationLineHash"}) {
        if (fp.HasMember(key) && fp[key].IsString()) {
          b.fingerprints.insert(fp[key].GetString());
          break;
        }
      }
    }
  }
  return b;
}

void ApplyBaseline(const Baseline& baseline, const std::string& sarif_root, std::vector<Finding>* findings) {
  const std::vector<std::string> prints = FindingFingerprints(*findings, sarif_root);
  const SharedText unchanged("unchanged"), added("new");
  for (size_t i = 0; i < findings->size(); ++i) {
    (*findings)[i].baseline_state = baseline.fingerprints.count(prints[i]) != 0 ? unchanged : added;
  }
}

}  // namespace nsclint
