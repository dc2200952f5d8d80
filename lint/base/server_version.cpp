#include "lint/base/server_version.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace nsclint {
namespace {

using B = ServerBehavior;
constexpr ServerVersion V(int major, int minor, int patch) {
  return {major, minor, patch};
}

// One row per behaviour; the versions are the first releases of each line
// that have it (../shared/reference/nats-versions.md §0-§2, with the jwt
// release each server vendors).
const std::array<BehaviorRow, static_cast<size_t>(B::kCount)>& Table() {
  static const std::array<BehaviorRow, static_cast<size_t>(B::kCount)> table{{
      {B::kStrictSubjects, "strict subject validation (jwt 2.5.4)", {V(2, 10, 12)}},
      {B::kServiceImportsPerExporter,
       "service-import overlap checked per exporter (jwt 2.8.1)",
       {V(2, 11, 15), V(2, 12, 6), V(2, 14, 0)}},
      {B::kMaxTokenSize, "JWTs over 1 MiB fail to decode (jwt 2.8.1)", {V(2, 11, 15), V(2, 12, 6), V(2, 14, 0)}},
      {B::kLeafControlLine16x, "leafnode CONNECT gets 16 x max_control_line", {V(2, 11, 17), V(2, 12, 8), V(2, 14, 0)}},
      {B::kScopedConnectionTypes, "scoped template allowed_connection_types enforced", {V(2, 10, 19)}},
      {B::kInProcessConnectionType, "IN_PROCESS connection type", {V(2, 11, 0)}},
      {B::kTemplateUnknownFunctionRefuses, "unknown template function refuses the user", {V(2, 11, 0)}},
      {B::kProxyRequired, "proxy_required known (jwt 2.8.0)", {V(2, 11, 10), V(2, 12, 0)}},
      {B::kAuthorizationValidated, "account authorization validated (jwt 2.4.0)", {V(2, 9, 16)}},
      {B::kAuthCallout, "auth callout", {V(2, 10, 0)}},
      {B::kTraceValidated, "trace and allow_trace validated (jwt 2.5.4)", {V(2, 10, 12)}},
      {B::kClusterTrafficValidated, "cluster_traffic validated (jwt 2.7.3)", {V(2, 10, 24)}},
      {B::kWildcardMappingDest, "wildcard mapping destinations accepted (jwt 2.5.0)", {V(2, 9, 22)}},
      {B::kMappingWeightsPerCluster, "mapping weights summed per cluster (jwt 2.5.8)", {V(2, 10, 18)}},
      {B::kMappingWeightsStrict,
       "mapping weights checked in 32 bits, none above 100 (jwt 2.8.1)",
       {V(2, 11, 15), V(2, 12, 6), V(2, 14, 0)}},
  }};
  return table;
}

bool SameLine(const ServerVersion& a, const ServerVersion& b) {
  return a.major == b.major && a.minor == b.minor;
}

bool ParseInt(std::string_view s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr int kWholeLine = 1 << 20;  // the highest patch of a line

}  // namespace

std::string ServerVersion::Text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

const BehaviorRow& Row(ServerBehavior b) {
  return Table()[static_cast<size_t>(b)];
}

std::string SinceText(ServerBehavior b) {
  std::string out;
  for (const auto& v : Row(b).since) out += (out.empty() ? "" : "/") + v.Text();
  return out;
}

bool VersionHas(const ServerVersion& v, ServerBehavior b) {
  const auto& since = Row(b).since;
  for (const auto& s : since) {
    if (SameLine(s, v)) return v.patch >= s.patch;
  }
  // A line the row does not list has the behaviour when it is above every
  // listed line (the later lines were cut after the change).
  const ServerVersion& last = since.back();
  return std::pair(v.major, v.minor) > std::pair(last.major, last.minor);
}

std::string ServerTarget::Text() const {
  std::string out;
  for (const auto& r : ranges) out += (out.empty() ? "" : ",") + r.text;
  return out;
}

BehaviorSplit ServerTarget::Split(ServerBehavior b) const {
  BehaviorSplit split;
  for (const auto& r : ranges) {
    for (const auto& v : {r.lo, r.hi}) (VersionHas(v, b) ? split.with : split.without) = true;
    // A line holds a boundary strictly inside it when its two ends agree
    // but a listed release of that line lies between them.
    for (const auto& s : Row(b).since) {
      if (s > r.lo && s <= r.hi) split.with = split.without = true;
    }
  }
  return split;
}

std::string ServerTarget::Lacking(ServerBehavior b) const {
  std::string out;
  for (const auto& r : ranges) {
    ServerTarget one{{r}};
    if (one.Split(b).without) out += (out.empty() ? "" : ",") + r.text;
  }
  return out;
}

std::string ServerTarget::Having(ServerBehavior b) const {
  std::string out;
  for (const auto& r : ranges) {
    ServerTarget one{{r}};
    if (one.Split(b).with) out += (out.empty() ? "" : ",") + r.text;
  }
  return out;
}

// jwt's ParseServerVersion: exactly three dot-separated integers (Go's
// strconv.Atoi: an optional sign, then digits), none negative.
std::optional<ServerVersion> ParseAssertedServerVersion(std::string_view text, std::string* why) {
  int parts[3] = {0, 0, 0};
  size_t n = 0;
  while (true) {
    const size_t dot = text.find('.');
    std::string_view part = text.substr(0, dot);
    if (n == 3) {
      *why = "is not of the form <major>.<minor>.<update>";
      return std::nullopt;
    }
    std::string_view digits = part;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
    int value = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) {
      *why = n < 2 && dot == std::string_view::npos ? "is not of the form <major>.<minor>.<update>"
                                                    : "has a part that is not a number ('" + std::string(part) + "')";
      return std::nullopt;
    }
    parts[n++] = !part.empty() && part.front() == '-' ? -value : value;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (n != 3) {
    *why = "is not of the form <major>.<minor>.<update>";
    return std::nullopt;
  }
  if (parts[0] < 0 || parts[1] < 0 || parts[2] < 0) {
    *why = "holds a negative number";
    return std::nullopt;
  }
  return ServerVersion{parts[0], parts[1], parts[2]};
}

ServerTarget DefaultServerTarget() {
  return ServerTarget{{{kDefaultServerVersion, kDefaultServerVersion, std::string(kDefaultServerVersionText)}}};
}

ServerTargetParse ParseServerTarget(std::string_view text) {
  ServerTargetParse out;
  ServerTarget target;
  std::string_view rest = text;
  const std::string usage = "expected X.Y.Z, X.Y or vX.Y[.Z], or a comma list of them (e.g. 2.10.29,2.14.5)";
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    if (item.empty()) {
      out.error = "server version '" + std::string(text) + "': empty element; " + usage;
      return out;
    }
    std::string_view v = item;
    if (v.front() == 'v' || v.front() == 'V') v.remove_prefix(1);
    // A pre-release or build suffix reads as that release: 2.11.0-RC.1 -> 2.11.0.
    v = v.substr(0, v.find_first_of("-+"));
    int parts[3] = {0, 0, 0};
    int n = 0;
    bool ok = true;
    while (ok) {
      size_t dot = v.find('.');
      if (n == 3 || !ParseInt(v.substr(0, dot), &parts[n])) ok = false;
      ++n;
      if (dot == std::string_view::npos) break;
      v.remove_prefix(dot + 1);
    }
    if (!ok || n < 2) {
      out.error = "server version '" + std::string(item) + "' is not a version; " + usage;
      return out;
    }
    ServerTarget::Range r;
    r.lo = {parts[0], parts[1], n == 3 ? parts[2] : 0};
    r.hi = {parts[0], parts[1], n == 3 ? parts[2] : kWholeLine};
    r.text = n == 3 ? r.lo.Text() : std::to_string(parts[0]) + "." + std::to_string(parts[1]);
    if (r.hi < kOldestServerVersion) {
      out.error = "server version '" + std::string(item) + "' is older than nsclint judges (" +
                  kOldestServerVersion.Text() + " and later)";
      return out;
    }
    if (r.lo < kOldestServerVersion) r.lo = kOldestServerVersion;
    if (r.lo > kDefaultServerVersion) {
      out.warnings.push_back("server version " + r.text + " is newer than nsclint knows (" +
                             std::string(kDefaultServerVersionText) + "): judged as " +
                             std::string(kDefaultServerVersionText) + " behaves");
    }
    if (std::none_of(target.ranges.begin(), target.ranges.end(),
                     [&](const ServerTarget::Range& x) { return x.text == r.text; })) {
      target.ranges.push_back(std::move(r));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  out.target = std::move(target);
  return out;
}

}  // namespace nsclint
