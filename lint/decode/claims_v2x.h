// Decoding of the account claims added after jwt v2.3.0 (auth callout,
// weighted mappings, trace, cluster traffic, allow_trace, JetStream tiers)
// into Account::features, with Go's decoder strictness: a wrong JSON type
// fails the token (the server cannot decode it either); values the
// library's Validate rejects are kept for the NL8xx rules.
#pragma once

#include "lint/base/json_util.h"
#include "lint/model/model.h"

namespace nsclint {

/// Reads `authorization`, `mappings` (weights, clusters), `trace`,
/// `cluster_traffic`, exports'/imports' `allow_trace` and the JetStream
/// tiers of `limits` from the account's `nats` object.
void ReadFeatureClaims(json::Reader& r, const json::Value& nats, Account* a);

}  // namespace nsclint
