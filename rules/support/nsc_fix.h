// Fix commands that name nsc (SPEC "Fix commands", docs/nsc-notes.md): the
// context nsc runs in (store, keys dir), the re-signing edit and creds
// regeneration, guarded so that a command is only given when it works.
#pragma once

#include <string>
#include <vector>

#include "rules/support/model_queries.h"

namespace nsclint::rules {

/// nsc writes an edited JWT by its `name` claim: a re-signing fix is only
/// safe when that name (trimmed) is the folder or file name nsc reads.
bool NameMatchesPlace(const Model& m, const TokenBase& t);

/// Prepares an nsc fix in store `store` whose commands sign with `signers`
/// (public keys whose seeds must be in a keys dir of the scan; empty = no
/// signature, but nsc still needs a keys dir): sets fix->cwd and fix->keys.
/// Returns false, with remediation text naming what is missing, when no
/// command can be given.
bool NscContext(const Model& m, int store, const std::vector<std::string>& signers, Fix* fix);

/// The flags `nsc edit account` needs so it does not reset limits it does
/// not load (disallow_bearer, wildcards).
std::vector<std::string> PreserveAccountFlags(const Account& a);

/// The nsc command that re-signs `t` (operator, account or user) with
/// `flags` added: user `-a ACCOUNT -n USER -K ISSUER`, account `-n ACCOUNT`
/// + preserve flags. Fills fix (commands and context) and returns true, or
/// leaves remediation text and returns false (loose token, name guard,
/// missing key, revoked user, activation).
/// `signer` replaces the token's issuer as the key nsc signs with.
bool NscEditFix(const Model& m, const TokenBase& t, const Entity& e, const std::vector<std::string>& flags, Fix* fix,
                const std::string& signer = "");

/// `nsc generate creds -a ACCOUNT -n USER -o FILE` that rewrites the creds
/// file `creds_artifact` from the store's JWT of user key `sub` and its seed
/// in the keys dir. False, with remediation, when there is none to run.
bool GenerateCredsFix(const Model& m, const std::string& sub, int creds_artifact, Fix* fix);

}  // namespace nsclint::rules
