// Offline monitoring snapshots: saved nats-server /connz?auth=true and
// /accstatz JSON, parsed once (bounded, iterative) into the activity facts
// that the NL7xx rules read from the model. Both the nats-server 2.9 shape
// and later ones: fields added after 2.9 are optional.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/activity.h"

namespace nsclint {

/// Snapshots larger than this are refused (a full /connz with 10,000 closed
/// connections and their JWTs is a few tens of MiB).
inline constexpr size_t kMaxSnapshotBytes = 64 << 20;

/// Parses saved /connz JSON (open and/or closed connections) into `activity`.
/// Returns "" on success, else one line naming `display` and the problem.
/// Never echoes snapshot content (it may hold bearer JWTs).
std::string ParseConnz(std::string_view text, const std::string& display, Activity* activity);

/// Parses saved /accstatz JSON into `activity` (sums per account).
std::string ParseAccstatz(std::string_view text, const std::string& display, Activity* activity);

/// Reads `path` (at most kMaxSnapshotBytes) and parses it as a /connz or an
/// /accstatz snapshot. Returns "" or a one-line error naming the file.
std::string LoadConnz(const std::string& path, Activity* activity);
std::string LoadAccstatz(const std::string& path, Activity* activity);

}  // namespace nsclint
