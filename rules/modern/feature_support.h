// Helpers shared by the NL8xx rules (features of nats-server 2.10 and later).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lint/model/model.h"
#include "lint/rule/finding.h"

namespace nsclint::rules {

/// "1 GiB", "512 MiB", "1000 bytes", "unlimited" (-1): a JetStream storage value as a user reads it.
std::string StorageText(int64_t bytes);

/// The account's limits make nats-server refuse or disconnect every user
/// (the NL406 errors on conn and subs): conn or subs missing, subs 0.
bool LimitsRefuseConnections(const Account& a);

/// Adds `argv` (an nsc command on account `a`, which nsc signs with the
/// account's issuer) to `fix` when the account sits in a store whose keys
/// dir holds that key; otherwise leaves remediation text. Returns whether it did.
bool NscAccountCommand(const Model& m, const Account& a, const FixCommand& argv, Fix* fix);

/// The user of account `a` with this public key that the scan holds in a JWT
/// file (the store's user), -1 when none.
int StoreUserOfAccount(const Model& m, const Account& a, const std::string& key);

}  // namespace nsclint::rules
