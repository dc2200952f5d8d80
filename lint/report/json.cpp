// Machine-readable output for scripts: a versioned object documented in
// docs/json-format.md. Keys keep a fixed order; every key is always present.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "lint/report/json_stream.h"
#include "lint/report/report.h"

#ifndef NSCLINT_VERSION
#error "NSCLINT_VERSION must be defined by the build"
#endif

namespace nsclint {
namespace {

using Json = report_internal::Json;
using report_internal::FixContextJson;
using report_internal::FixJson;

// Bump when a key is removed or changes meaning; adding keys keeps the version.
constexpr int kJsonFormatVersion = 2;

Json FindingJson(const Finding& f, const std::string& fingerprint) {
  Json related = Json::array();
  for (const RelatedLocation& r : f.related) {
    related.push_back(Json{{"file", r.file}, {"line", r.line}, {"message", r.message}});
  }
  return Json{
      {"rule", f.rule_id},
      {"name", f.rule_name},
      {"level", LevelName(f.level)},
      {"message", f.message},
      {"fix", FixJson(f.fix)},
      {"fixContext", FixContextJson(f.fix)},
      {"remediation", f.fix.remediation},
      {"file", f.file},
      {"line", f.line},
      {"entity", Json{{"kind", f.entity.kind}, {"name", f.entity.name}, {"key", f.entity.key}, {"fqn", f.entity.fqn}}},
      {"qualifier", f.qualifier},
      {"fingerprint", fingerprint},
      {"related", std::move(related)},
      {"suppressed", f.suppressed.empty() ? Json(nullptr) : Json{{"reason", f.suppressed}}},
      {"baseline_state", f.baseline_state.empty() ? Json(nullptr) : Json(f.baseline_state)},
  };
}

}  // namespace

void StreamJson(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink) {
  const std::vector<std::string> fingerprints = FindingFingerprints(in.findings, in.sarif_root);
  size_t counts[3] = {0, 0, 0};
  size_t suppressed = 0;
  for (const Finding& f : in.findings) {
    if (f.suppressed.empty())
      ++counts[static_cast<int>(f.level)];
    else
      ++suppressed;
  }
  Json notifications = Json::array();
  for (const Notification& n : in.notifications) {
    notifications.push_back(Json{{"level", n.level}, {"message", n.message}, {"file", n.file}});
  }
  static constexpr std::string_view kFindings = "nsclint-stream:findings";
  const Json doc{
      {"version", kJsonFormatVersion},
      {"tool", Json{{"name", "nsclint"}, {"version", NSCLINT_VERSION}}},
      {"evaluated_at", FormatTime(in.now)},
      {"findings", kFindings},
      {"notifications", std::move(notifications)},
      {"server_version", in.server_version},
      {"summary", Json{{"errors", counts[static_cast<int>(Level::kError)]},
                       {"warnings", counts[static_cast<int>(Level::kWarning)]},
                       {"notes", counts[static_cast<int>(Level::kNote)]},
                       {"suppressed", suppressed},
                       {"files_scanned", in.files_scanned},
                       {"exit_code", in.exit_code}}},
      // After the findings: a path is text users control, and the findings'
      // marker is found as its first occurrence.
      {"config_file", in.config_file.empty() ? Json(nullptr) : Json(in.config_file)},
  };
  // Only the version, the tool and the time come before the findings: the
  // first occurrence of the marker is the findings' place.
  report_internal::StreamWithArray(
      doc, kFindings, /*last_occurrence=*/false, in.findings.size(),
      [&](size_t i) -> std::optional<Json> { return FindingJson(in.findings[i], fingerprints[i]); }, piece, sink);
}

std::string RenderJson(const ReportInput& in) {
  std::string all;
  StreamJson(in, SIZE_MAX, [&](std::string& piece) { all += piece; });
  return all;
}

}  // namespace nsclint
