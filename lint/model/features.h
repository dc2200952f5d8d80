// Claims of the nats-server 2.10+ features (auth callout, weighted and
// cluster mappings, message tracing, cluster traffic, JetStream tiers) as
// the model keeps them, decoded by ReadFeatureClaims (claims_v2x.cpp) the
// way jwt v2.8 decodes them. What the library's Validate rejects is kept as
// written: the NL8xx rules judge it for the target server version.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nsclint {

/// Account `authorization` (jwt ExternalAuthorization, jwt 2.4.0+).
struct CalloutConfig {
  bool present = false;  // the member exists (jwt 2.8 writes `{}` on every account)
  std::vector<std::string> auth_users, allowed_accounts;
  std::string xkey;
  /// The server runs the callout only when auth_users is non-empty.
  bool Enabled() const { return !auth_users.empty(); }
  bool Set() const { return !auth_users.empty() || !allowed_accounts.empty() || !xkey.empty(); }
};

/// One destination of a mapping (jwt WeightedMapping). `weight` as written,
/// 0 when absent (the library reads 0 as 100).
struct MappingDest {
  std::string subject;
  int weight = 0;
  std::string cluster;
};

/// Account `trace` (jwt MsgTrace).
struct TraceConfig {
  std::string dest;
  int64_t sampling = 0;
};

/// JetStream limits of one tier, or the flat ones: the values the NL804
/// message quotes (absent = 0, as Go decodes them).
struct JetStreamValues {
  int64_t mem_storage = 0, disk_storage = 0;
  bool any = false;  // some JetStream field is set to a non-zero value (jwt JetStreamLimits != {})
};

struct FeatureClaims {
  CalloutConfig authorization;
  /// Source subject -> destinations with weight and cluster, in file order.
  std::map<std::string, std::vector<MappingDest>> mappings;
  std::optional<TraceConfig> trace;
  std::optional<std::string> cluster_traffic;
  /// `limits.tiered_limits` by tier name; the flat JetStream fields as written
  /// (the decoder drops them when tiers exist).
  std::map<std::string, JetStreamValues> tiers;
  JetStreamValues flat_jetstream;
};

}  // namespace nsclint
