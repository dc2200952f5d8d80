// The one model of everything a scan read: operators -> accounts -> users,
// signing keys, imports/exports/activations, revocations, creds and seeds,
// each with the file it came from. Built once, then read-only for the rules.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lint/base/digest.h"
#include "lint/base/git.h"
#include "lint/base/packed_strings.h"
#include "lint/base/server_version.h"
#include "lint/base/shared_text.h"
#include "lint/model/activity.h"
#include "lint/model/features.h"
#include "lint/model/signature_status.h"

namespace nsclint {

/// Where an artifact sits, from discovery (its path), not from its claims.
struct Placement {
  enum class Kind {
    kLoose,          // any file outside a recognised store or keys dir
    kStoreOperator,  // <op>/<op>.jwt
    kStoreAccount,   // <op>/accounts/<acct>/<acct>.jwt
    kStoreUser,      // <op>/accounts/<acct>/users/<user>.jwt
    kStoreOther,     // any other file inside an operator dir
    kKeysSeed,       // <keys>/keys/<X>/<YZ>/<pub>.nk
    kKeysCreds,      // <keys>/creds/<op>/<acct>/<user>.creds
    kKeysOther,      // any other file inside a keys dir
  };
  Kind kind = Kind::kLoose;
  int store = -1;            // index into Model::stores when inside an operator dir
  std::string account_dir;   // <acct> for kStoreAccount / kStoreUser / kKeysCreds
  std::string file_stem;     // file name without extension
  std::string operator_dir;  // <op> for kKeysCreds
};

/// One file the scan read.
struct Artifact {
  SharedText display;  // path as shown to users ("<stdin>" for stdin); findings share it
  SharedText abs;      // absolute path, "" for stdin
  Placement place;
  bool explicit_arg = false;     // named on the command line (not found in a folder)
  bool nats = false;             // holds NATS material (a token, creds, a seed): not skipped
  std::optional<unsigned> mode;  // permission bits (0777) when read from a file
};

/// A recognised operator folder (<op> with a .nsc file or <op>/<op>.jwt + accounts/).
struct StoreInfo {
  std::string dir_display;
  std::string dir_abs;
  std::string dir_name;  // <op>
  bool complete = true;  // every file of the folder was read
  /// accounts/<dir>/ folders holding users but no <dir>.jwt (set by Model::Link).
  std::vector<std::string> accounts_without_jwt;
};

enum class TokenType { kOperator, kAccount, kUser, kActivation, kGeneric };
std::string_view TokenTypeName(TokenType type);

enum class TokenOrigin { kFile, kCreds, kImport };

/// Fields every JWT has. Times are unix seconds; 0 = absent.
struct TokenBase {
  int artifact = -1;  // index into Model::artifacts
  int line = 1;       // line of the token in its file
  TokenOrigin origin = TokenOrigin::kFile;
  /// BLAKE2b-256 of the exact token text: tells copies of one token apart from
  /// different tokens (the text itself is not kept).
  TokenDigest digest{};
  size_t encoded_size = 0;
  bool v1 = false;
  int version = 0;
  std::string sub, iss, name;
  // Claims no rule reads are checked as Go would decode them but not kept
  // (a big store holds one of these per user): jti, aud, and a user's or
  // scoped key template's limits (subs, data, payload) and
  // allowed_connection_types; a template's src, times and times_location.
  int64_t iat = 0, exp = 0, nbf = 0;
  SignatureStatus signature = SignatureStatus::kMalformed;
  TokenType token_type = TokenType::kGeneric;  // which list of the model holds it
  std::string issuer_account;                  // user and activation (v2 nats.issuer_account, v1 top-level)
  std::vector<std::string> tags;
  /// Approximate encoded bytes (JSON bytes of the member x 4/3) of the `nats`
  /// members that grow over time, for NL201's size breakdown.
  struct SectionBytes {
    uint32_t imports = 0, exports = 0, signing_keys = 0, revocations = 0, permissions = 0, mappings = 0;
  };
  SectionBytes section_bytes;
};

struct Permission {
  PackedStrings allow, deny;
};

/// `resp` (max, ttl) is checked as Go decodes it but not kept: no rule reads
/// it, and NL403 learns that it is set from the claims themselves.
struct Permissions {
  Permission pub, sub;
};

/// The JSON names of the fields a scoped-key user must leave at Go's zero
/// value, in the order NL403 names them (User::non_zero_scoped_fields).
inline constexpr std::string_view kScopedFieldNames[] = {
    "pub",  "sub",  "resp",    "src",         "times", "allowed_connection_types", "times_location",
    "subs", "data", "payload", "bearer_token"};
static_assert(std::size(kScopedFieldNames) <= 16, "User::non_zero_scoped_fields has 16 bits");

/// What the server makes of a `subs` or `payload` limit (NL407).
enum class LimitState : uint8_t { kAbsent, kZero, kSet };

/// Connection types as the server knows them (bit per value), NL407.
enum ConnectionTypeBit : uint8_t {
  kConnStandard = 1,
  kConnWebsocket = 2,
  kConnLeafnode = 4,
  kConnLeafnodeWs = 8,
  kConnMqtt = 16,
  kConnMqttWs = 32,
  kConnInProcess = 64,  // known from nats-server 2.11.0
};

/// The limits of a user, or of a scoped key's template, that decide whether
/// an admitted user can work (NL407): a few bytes, not the values.
struct WorkLimits {
  LimitState subs = LimitState::kAbsent, payload = LimitState::kAbsent;
  bool connection_types_set = false;     // a non-empty allowed_connection_types
  uint8_t connection_types = 0;          // ConnectionTypeBit of the known values listed
  bool unknown_connection_type = false;  // a value no server knows
  bool proxy_required = false;
};

/// A user's src, times and times_location as the library reads them, for
/// NL009 (jwt Limits.Validate): most users set none of them.
struct UserAccessLimits {
  /// A list as written, or the legacy comma-separated string split, trimmed
  /// and lower-cased (jwt CIDRList).
  std::vector<std::string> src;
  std::vector<std::pair<std::string, std::string>> times;  // start, end as written
  std::string location;                                    // times_location
  /// time.LoadLocation's error for `location` on the machine that ran the
  /// scan ("unknown time zone X"), "" when it loads (lint/base/go_compat.h).
  std::string location_error;
};

struct User : TokenBase {
  Permissions permissions;
  /// src, times, times_location; null when the user sets none of them.
  std::shared_ptr<const UserAccessLimits> access;
  bool bearer_token = false;
  WorkLimits limits;
  /// Permission or limit fields set to something other than Go's zero value
  /// (what makes a scoped-key user be refused): bit i for kScopedFieldNames[i].
  uint16_t non_zero_scoped_fields = 0;
  int account = -1;  // index into Model::accounts: issuer_account if set, else iss
};

struct SigningKey {
  std::string key;
  bool scoped = false;
  std::string role;
  std::string description;
  Permissions template_permissions;  // scoped only
  bool template_bearer_token = false;
  WorkLimits template_limits;  // scoped only
};

/// An export's `service_latency` (jwt ServiceLatency).
struct ServiceLatency {
  int64_t sampling = 0;  // "headers" reads as 0
  std::string results;
};

struct Export {
  std::string name, subject, type;  // type "stream" | "service" | other text as written
  bool token_req = false;
  std::map<std::string, int64_t> revocations;  // importer key or "*" -> unix s
  std::string response_type;
  int64_t response_threshold = 0;
  int64_t account_token_position = 0;
  bool advertise = false;
  std::string description, info_url;
  bool allow_trace = false;  // jwt 2.5.4+: valid on service exports only (NL803)
  std::optional<ServiceLatency> latency;
};

struct Import {
  std::string name, subject, account, token, to, local_subject, type;
  bool share = false;
  int activation = -1;       // index into Model::activations when `token` decoded
  std::string token_error;   // why `token` did not decode (NL508), empty otherwise
  bool allow_trace = false;  // jwt 2.5.4+: valid on stream imports only (NL803)
};

struct AccountLimits {
  bool present = false;                   // the `limits` object exists
  std::map<std::string, int64_t> values;  // numeric limits as written (conn, subs, imports, ...)
  std::optional<bool> wildcards, disallow_bearer;
  /// JetStream is on: some tier of `tiered_limits` (or, without tiers, the
  /// flat limits) has mem_storage or disk_storage other than 0.
  bool jetstream = false;
};

struct Account : TokenBase {
  std::vector<SigningKey> signing_keys;
  std::vector<Import> imports;
  std::vector<Export> exports;
  /// `null` entries of the imports / exports arrays (Go decodes them as nil,
  /// which Validate rejects; they are not in `imports` / `exports`).
  int null_imports = 0, null_exports = 0;
  std::map<std::string, int64_t> revocations;  // user key or "*" -> unix s
  std::optional<Permissions> default_permissions;
  AccountLimits limits;
  std::map<std::string, std::vector<std::string>> mappings;  // subject -> destinations
  std::string description, info_url;
  /// Auth callout, weighted mappings, trace, cluster traffic, JetStream tiers (NL8xx).
  FeatureClaims features;
  int operator_index = -1;  // the operator whose identity or signing key issued it
  std::vector<int> users;   // indexes into Model::users linked to this account

  bool HasSigningKey(const std::string& key) const;
  const SigningKey* FindSigningKey(const std::string& key) const;
};

struct Operator : TokenBase {
  std::vector<std::string> signing_keys;
  std::string system_account;
  bool strict_signing_key_usage = false;
  std::string account_server_url;
  std::vector<std::string> operator_service_urls;
  std::string assert_server_version;
  /// assert_server_version parsed (NL409); when it does not parse, the reason.
  std::optional<ServerVersion> asserted_server_version;
  std::string asserted_server_version_error;
  std::vector<int> accounts;  // indexes into Model::accounts

  bool DidSign(const std::string& key) const;  // identity (unless strict) or signing key
};

struct Activation : TokenBase {
  std::string subject, kind;
  int importer_account = -1;  // the account whose import holds it (origin kImport)
  int import_index = -1;
};

/// A token that did not decode, or a file that could not be read (NL001).
struct Problem {
  int artifact = -1;
  int line = 1;
  std::string what;        // "file cannot be read", "expected 3 ...", never secret text
  std::string token_kind;  // expected kind when known ("user JWT in creds"), else ""
};

/// A .creds file. Its JWT, when it decoded, is in Model::users (origin kCreds).
struct Creds {
  int artifact = -1;
  int user = -1;                // index into Model::users, -1 if the JWT did not decode
  std::string seed_public_key;  // derived from the seed; empty if no valid seed
  std::string seed_problem;     // why the seed block is missing or invalid
  int seed_line = 0;
};

/// A seed file (.nk or other). Only the derived public key is kept.
struct SeedFile {
  int artifact = -1;
  std::string public_key;  // empty when the seed is invalid
  std::string role;        // "operator", "account", "user", ...
  std::string problem;     // why it is not a valid seed
};

/// Seed material found in a file's text (any file, any extension), by its
/// public key: the seed itself is never kept.
struct SeedSighting {
  int artifact = -1;
  int line = 1;
  std::string public_key;
  std::string role;  // "operator", "account", "user", ...
};

struct Model {
  std::vector<Artifact> artifacts;
  std::vector<StoreInfo> stores;
  // Deques: tokens are appended as files finish decoding and never move, so
  // there is no second copy of the biggest lists while the model is built.
  std::deque<Operator> operators;
  std::deque<Account> accounts;
  std::deque<User> users;
  std::deque<Activation> activations;
  std::vector<Creds> creds;
  std::vector<SeedFile> seeds;
  std::vector<Problem> problems;
  std::vector<SeedSighting> seed_sightings;  // every valid seed in every file read
  Activity activity;                         // from --connz / --accstatz snapshots
  /// Git state of the files holding a well-formed seed, by artifact index (asked
  /// only for those). Absent: outside any work tree, or --no-git.
  std::unordered_map<int, GitFileState> git;
  /// Where the git state of an artifact is kOutside when it is not in `git`.
  GitState GitStateOf(int artifact) const {
    auto it = git.find(artifact);
    return it == git.end() ? GitState::kOutside : it->second.state;
  }

  /// True when at least one complete operator store was read: rules that need
  /// the whole trust graph (orphans, stale keys, missing sources) may fire.
  bool complete_store = false;

  // Lookups by subject key; -1 when absent. Deterministic: the first in scan order.
  int FindOperator(const std::string& key) const;
  int FindAccount(const std::string& key) const;
  /// The operator a key belongs to (identity or signing key), -1 when none.
  int FindOperatorOwningKey(const std::string& key) const;
  /// The first account that lists `key` as a signing key, -1 when none.
  int FindAccountBySigningKey(const std::string& key) const;
  /// The operator JWT at <op>/<op>.jwt of store `store`, -1 when absent.
  int StoreOperator(int store) const;
  /// The account JWT at <op>/accounts/<dir>/<dir>.jwt-style place, -1 when absent.
  int StoreAccount(int store, const std::string& account_dir) const;

  /// Fills the lookups and the links (account -> operator, user -> account),
  /// on up to two threads when `jobs` > 1.
  void Link(unsigned jobs = 1);

  const Artifact& ArtifactOf(const TokenBase& t) const { return artifacts[t.artifact]; }

  /// True when `digest` is that of a JWT read from a .jwt (or loose) file:
  /// a creds file holding the same token adds nothing new. For the tokens of
  /// creds files (origin kCreds), the only ones asked about: the index is
  /// built only when the model holds creds files.
  bool HasFileToken(const TokenDigest& digest) const;

  std::map<std::string, int, std::less<>> operator_by_key, account_by_key;
  /// Calls f(index) for every user token (any origin) with this subject key, in scan order.
  template <typename F>
  void ForEachUserWithSub(std::string_view sub, F&& f) const {
    for (int i = FirstUserWithSub(sub); i >= 0; i = next_user_same_sub[i]) f(i);
  }
  /// The first user (scan order) with this subject key, -1 when none.
  int FirstUserWithSub(std::string_view sub) const;
  size_t SubSlot(std::string_view sub) const;  // the slot of `sub`: its own or the empty one to take
  /// Open addressing, no allocation per user: each slot holds the first user
  /// of one subject key (-1 = empty); the size is a power of two.
  std::vector<int> user_sub_slots;
  std::vector<int> next_user_same_sub;  // per user: the next with its sub, -1
  /// The first account (scan order) at <op>/accounts/<dir>/<dir>.jwt-style places, by (store, dir).
  std::map<std::pair<int, std::string_view>, int> store_account_by_dir;
  /// Seeds in a keys dir (<keys>/keys/X/YZ/pub.nk) by public key: index into `seeds`.
  std::unordered_map<std::string_view, int> keys_seed_by_key;
  /// The first account (scan order) listing a key as signing key.
  std::unordered_map<std::string_view, int> account_by_signing_key;
  /// True for an activation token read from a file that an import of the scan holds too.
  bool IsImportTokenCopy(const TokenBase& t) const;
  /// Digests of the activation tokens held by imports, sorted (empty without activation token files).
  std::vector<TokenDigest> import_tokens;
  /// Digests of the tokens read from JWT files, sorted and unique (empty without creds files).
  std::vector<TokenDigest> file_tokens;
};

}  // namespace nsclint
