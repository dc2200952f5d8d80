// Machine-readable output for scripts: a versioned object documented in
// docs/json-format.md. Keys keep a fixed order; every key is always present.
#include <cstdint>
#include <string>
#include <string_view>

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
using report_internal::JsonWriter;

// Bump when a key is removed or changes meaning; adding keys keeps the version.
constexpr int kJsonFormatVersion = 2;

// One finding, straight into the report's text (docs/json-format.md).
void WriteFinding(JsonWriter& w, const Finding& f, std::string_view fingerprint) {
  w.BeginObject();
  w.Member("rule", f.rule_id.view());
  w.Member("name", f.rule_name.view());
  w.Member("level", LevelName(f.level));
  w.Member("message", f.message);
  w.Key("fix");
  report_internal::WriteFix(w, f.fix);
  w.Key("fixContext");
  report_internal::WriteFixContext(w, f.fix, f.fix.cwd.view());
  w.Member("remediation", f.fix.remediation);
  w.Member("file", f.file.view());
  w.MemberInt("line", f.line);
  w.Key("entity");
  w.BeginObject();
  w.Member("kind", f.entity.kind);
  w.Member("name", f.entity.name);
  w.Member("key", f.entity.key);
  w.Member("fqn", f.entity.fqn);
  w.EndObject();
  w.Member("qualifier", f.qualifier);
  w.Member("fingerprint", fingerprint);
  w.Key("related");
  w.BeginArray();
  for (const RelatedLocation& r : f.related) {
    w.BeginObject();
    w.Member("file", r.file);
    w.MemberInt("line", r.line);
    w.Member("message", r.message);
    w.EndObject();
  }
  w.EndArray();
  w.Key("suppressed");
  if (f.suppressed.empty()) {
    w.Null();
  } else {
    w.BeginObject();
    w.Member("reason", f.suppressed.view());
    w.EndObject();
  }
  if (f.baseline_state.empty())
    w.MemberNull("baseline_state");
  else
    w.Member("baseline_state", f.baseline_state.view());
  w.EndObject();
}

}  // namespace

void StreamJson(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink) {
  const FingerprintList fingerprints(in.findings, in.sarif_root, in.jobs);
  FingerprintList::Buffer print;
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
      doc, kFindings, /*last_occurrence=*/false, in.findings.size(), [](size_t) { return true; },
      [&](size_t i, JsonWriter& w) { WriteFinding(w, in.findings[i], fingerprints.At(i, print)); }, piece, sink);
}

std::string RenderJson(const ReportInput& in) {
  std::string all;
  StreamJson(in, SIZE_MAX, [&](std::string& piece) { all += piece; });
  return all;
}

}  // namespace nsclint
