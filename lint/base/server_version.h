// The nats-server versions a run judges for (--server-version, config
// `server-version`) and the one table of behaviours that changed between
// them. Rules never compare version numbers themselves: they ask whether the
// target has a behaviour (`ServerTarget::Has`), and name the versions the
// verdict is for in their message. The rows and their versions come from
// ../shared/reference/nats-versions.md; the server-backed tests prove them
// on each server of the test matrix (tests/server_test.cpp).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nsclint {

struct ServerVersion {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const ServerVersion&) const = default;
  std::string Text() const;  // "2.10.29"
};

/// The default target: the newest release the test suite ran against
/// (scripts/install-go-tools.sh builds it). Moving it is a noted change.
inline constexpr ServerVersion kDefaultServerVersion{2, 15, 3};
inline constexpr std::string_view kDefaultServerVersionText = "2.15.3";
/// The oldest version nsclint judges for.
inline constexpr ServerVersion kOldestServerVersion{2, 9, 0};

/// A behaviour of nats-server (or of the jwt library it vendors) that some
/// versions have and older ones lack.
enum class ServerBehavior {
  kStrictSubjects,                  // empty tokens (`a..b`, leading/trailing `.`) rejected by Validate (jwt 2.5.4)
  kServiceImportsPerExporter,       // service-import overlap checked only per exporter (jwt 2.8.1)
  kMaxTokenSize,                    // any JWT over 1 MiB fails to decode (jwt 2.8.1)
  kLeafControlLine16x,              // LEAF connections get 16 x max_control_line
  kScopedConnectionTypes,           // a scoped template's allowed_connection_types is enforced
  kInProcessConnectionType,         // IN_PROCESS is a known connection type
  kTemplateUnknownFunctionRefuses,  // an unknown {{fn()}} in a template refuses every user of the key
  kProxyRequired,                   // jwt knows proxy_required (part of the scoped-user limits check)
  kAuthorizationValidated,          // account `authorization` is validated (jwt 2.4.0)
  kAuthCallout,                     // auth callout runs
  kTraceValidated,                  // account `trace` and `allow_trace` validated (jwt 2.5.4/2.5.5)
  kClusterTrafficValidated,         // account `cluster_traffic` validated (jwt 2.7.x)
  kWildcardMappingDest,             // wildcard mapping destinations accepted (jwt 2.5.0)
  kMappingWeightsPerCluster,        // weights summed per cluster (jwt 2.5.8)
  kMappingWeightsStrict,            // single weight > 100 rejected, sums in 32 bits (jwt 2.8.1)
  kCount
};

/// One row of the table: the releases that first have the behaviour, one per
/// release line where it was back-ported (2.11.15 / 2.12.6 / 2.14.0).
struct BehaviorRow {
  ServerBehavior behavior;
  std::string_view name;
  std::vector<ServerVersion> since;
};
const BehaviorRow& Row(ServerBehavior b);
/// "2.11.15/2.12.6/2.14.0"
std::string SinceText(ServerBehavior b);

/// Whether `v` has behaviour `b`: it does when it is at or above the first
/// release of its own line that has it, or on a line above every listed one.
bool VersionHas(const ServerVersion& v, ServerBehavior b);

/// What a target holds of one behaviour.
struct BehaviorSplit {
  bool with = false, without = false;  // some judged version has it / lacks it
  bool Uniform() const { return with != without; }
};

/// The versions judged: each element the user gave, a patch release ("2.10.29",
/// a single version) or a whole line ("2.10": every patch of it).
struct ServerTarget {
  struct Range {
    ServerVersion lo, hi;
    std::string text;  // as written, normalised: "2.10.29", "2.10"
  };
  std::vector<Range> ranges;

  /// "2.10.29,2.14.5"
  std::string Text() const;
  BehaviorSplit Split(ServerBehavior b) const;
  bool AllHave(ServerBehavior b) const { return !Split(b).without; }
  bool AnyLacks(ServerBehavior b) const { return Split(b).without; }
  bool AnyHas(ServerBehavior b) const { return Split(b).with; }
  /// The judged versions (as written) that lack / have the behaviour, comma-joined.
  std::string Lacking(ServerBehavior b) const;
  std::string Having(ServerBehavior b) const;
};

ServerTarget DefaultServerTarget();

/// An operator's `assert_server_version` as the server reads it (jwt's
/// ParseServerVersion): three non-negative integers; `why` completes
/// "assert_server_version 'x' ..." when it is not.
std::optional<ServerVersion> ParseAssertedServerVersion(std::string_view text, std::string* why);

struct ServerTargetParse {
  std::optional<ServerTarget> target;
  std::string error;                  // when target is empty
  std::vector<std::string> warnings;  // e.g. a version newer than nsclint knows
};

/// Parses `X.Y.Z`, `X.Y`, `vX.Y[.Z]`, a pre-release suffix (`2.11.0-RC.1` reads as 2.11.0) and
/// comma lists of those.
ServerTargetParse ParseServerTarget(std::string_view text);

}  // namespace nsclint
