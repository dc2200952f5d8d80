// Pieces shared by the reporters: stable fingerprints and root-relative paths.
#include <sodium.h>

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/report/report.h"

namespace nsclint {
namespace {

// Strips trailing '/' (but keeps "/" itself) so "/a/b/" and "/a/b" agree.
std::string_view TrimTrailingSlashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

}  // namespace

std::string FingerprintBase(const Finding& f, const std::string& relative_path) {
  const std::string& key = f.entity.key.empty() ? relative_path : f.entity.key;
  std::string data;
  data.reserve(f.rule_id.size() + f.entity.kind.size() + key.size() + f.qualifier.size() + 3);
  data += f.rule_id;
  data += '\0';
  data += f.entity.kind;
  data += '\0';
  data += key;
  data += '\0';
  data += f.qualifier;

  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(16);
  for (size_t i = 0; i < 8; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

std::vector<std::string> FindingFingerprints(const std::vector<Finding>& findings, const std::string& root) {
  std::vector<std::string> out;
  out.reserve(findings.size());
  std::map<std::string, int, std::less<>> seen;  // base -> occurrences so far
  for (const Finding& f : findings) {
    std::string path;
    if (f.entity.key.empty()) {
      path = RelativeTo(f.abs_file, root);
      if (path.empty()) path = f.abs_file.empty() ? f.file : f.abs_file;
    }
    std::string base = FingerprintBase(f, path);
    const int n = ++seen[base];
    out.push_back(base + ":" + std::to_string(n));
  }
  return out;
}

bool IsReportFormat(std::string_view format) {
  for (std::string_view f : kReportFormats) {
    if (f == format) return true;
  }
  return false;
}

void StreamReport(std::string_view format, const ReportInput& in, size_t piece,
                  const std::function<void(std::string&)>& sink) {
  std::string whole;
  if (format == "json") {
    StreamJson(in, piece, sink);
    return;
  }
  if (format == "sarif") {
    StreamSarif(in, piece, sink);
    return;
  }
  // The CI formats are capped (github) or summaries (markdown); gitlab is built whole.
  if (format == "github")
    whole = RenderGithub(in);
  else if (format == "gitlab")
    whole = RenderGitlab(in);
  else if (format == "markdown")
    whole = RenderMarkdown(in);
  else {
    StreamText(in, piece, sink);
    return;
  }
  sink(whole);
}

std::string CiPath(const Finding& f, const std::string& root) {
  std::string rel = RelativeTo(f.abs_file, root);
  if (!rel.empty() && rel != ".") return rel;
  return std::string(f.file.view());
}

std::string RelativeTo(std::string_view abs, std::string_view root) {
  if (abs.empty() || root.empty()) return "";
  const std::string_view a = TrimTrailingSlashes(abs);
  const std::string_view r = TrimTrailingSlashes(root);
  if (a == r) return ".";
  if (r == "/") return a.front() == '/' ? std::string(a.substr(1)) : "";
  if (a.size() <= r.size() || a.substr(0, r.size()) != r || a[r.size()] != '/') return "";
  return std::string(a.substr(r.size() + 1));
}

}  // namespace nsclint
