// Pieces shared by the reporters: stable fingerprints and root-relative paths.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
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

namespace {

// The first 8 bytes of hex16's SHA-256, big-endian: the base is their hex,
// so two bases are equal exactly when these are. `data` is scratch.
uint64_t FingerprintBits(const Finding& f, std::string_view relative_path, std::string& data) {
  const std::string_view key = f.entity.key.empty() ? relative_path : std::string_view(f.entity.key);
  data.clear();
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
  uint64_t bits = 0;
  for (size_t i = 0; i < 8; ++i) bits = (bits << 8) | digest[i];
  return bits;
}

void AppendHex16(std::string& out, uint64_t bits) {
  static constexpr char kHex[] = "0123456789abcdef";
  char hex[16];
  for (int i = 15; i >= 0; --i, bits >>= 4) hex[i] = kHex[bits & 0x0f];
  out.append(hex, sizeof hex);
}

}  // namespace

std::string FingerprintBase(const Finding& f, const std::string& relative_path) {
  std::string data;
  std::string hex;
  AppendHex16(hex, FingerprintBits(f, relative_path, data));
  return hex;
}

FingerprintList::FingerprintList(const std::vector<Finding>& findings, const std::string& root, unsigned jobs)
    : bases_(findings.size()), nth_(findings.size()) {
  const size_t n = findings.size();
  // Hashing is most of the work, and each finding's is its own: in slices,
  // one a thread, for a big report.
  const auto hash = [&](size_t begin, size_t end) {
    std::string data;
    std::string path;
    for (size_t i = begin; i < end; ++i) {
      const Finding& f = findings[i];
      path.clear();
      if (f.entity.key.empty()) {
        path = RelativeTo(f.abs_file, root);
        if (path.empty()) path = f.abs_file.empty() ? f.file.view() : f.abs_file.view();
      }
      bases_[i] = FingerprintBits(f, path, data);
    }
  };
  constexpr size_t kPerThread = 4096;
  const size_t threads = std::max<size_t>(1, std::min<size_t>(jobs, n / kPerThread));
  if (threads == 1) {
    hash(0, n);
  } else {
    std::vector<std::thread> workers;
    for (size_t t = 1; t < threads; ++t) workers.emplace_back(hash, n * t / threads, n * (t + 1) / threads);
    hash(0, n / threads);
    for (std::thread& w : workers) w.join();
  }
  // ":n" counts equal bases in order: an open-addressing table of the last
  // finding with each base seen (bases are digests: their low bits are a hash).
  size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const size_t mask = capacity - 1;
  std::vector<uint32_t> last(capacity, 0);  // index + 1 of the last finding with the base; 0: empty
  for (size_t i = 0; i < n; ++i) {
    size_t slot = bases_[i] & mask;
    while (last[slot] != 0 && bases_[last[slot] - 1] != bases_[i]) slot = (slot + 1) & mask;
    nth_[i] = last[slot] == 0 ? 1 : nth_[last[slot] - 1] + 1;
    last[slot] = static_cast<uint32_t>(i + 1);
  }
}

std::string_view FingerprintList::At(size_t i, Buffer& buf) const {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = bases_[i];
  for (int d = 15; d >= 0; --d, bits >>= 4) buf[static_cast<size_t>(d)] = kHex[bits & 0x0f];
  buf[16] = ':';
  const auto r = std::to_chars(buf.data() + 17, buf.data() + buf.size(), nth_[i]);
  return std::string_view(buf.data(), static_cast<size_t>(r.ptr - buf.data()));
}

std::vector<std::string> FindingFingerprints(const std::vector<Finding>& findings, const std::string& root,
                                             unsigned jobs) {
  const FingerprintList list(findings, root, jobs);
  std::vector<std::string> out;
  out.reserve(findings.size());
  FingerprintList::Buffer buf;
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list.At(i, buf));
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
  if (format == "gitlab") {
    StreamGitlab(in, piece, sink);
    return;
  }
  // The other CI formats are capped (github) or summaries (markdown): small.
  if (format == "github")
    whole = RenderGithub(in);
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
