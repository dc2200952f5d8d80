#include <algorithm>
#include <string>
#include <vector>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

// Where the bytes of a JWT go, by the `nats` members that grow over time.
std::string Breakdown(const TokenBase& t) {
  struct Part {
    const char* label;
    size_t bytes;
  };
  const TokenBase::SectionBytes& s = t.section_bytes;  // measured when the claims were read
  std::vector<Part> parts = {{"imports", s.imports},
                             {"exports", s.exports},
                             {"signing keys", s.signing_keys},
                             {"revocations", s.revocations},
                             {"permission entries", s.permissions},
                             {"mappings", s.mappings}};
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.bytes > b.bytes; });
  std::string out;
  for (const auto& p : parts) {
    if (p.bytes == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(p.label) + " ~" + std::to_string(p.bytes) + " B";
  }
  if (out.empty()) return "";
  return " Largest contributors: " + out + "; the largest is " + parts.front().label + ".";
}

// jwt's MaxTokenSize (decoder.go, v2.8.1): Decode refuses a longer token.
constexpr size_t kMaxTokenSize = 1024 * 1024;
constexpr auto kDecodeCap = ServerBehavior::kMaxTokenSize;

std::string DecodeConsequence(TokenType type) {
  switch (type) {
    case TokenType::kOperator:
      return "a server configured with it does not start";
    case TokenType::kAccount:
      return "the account is rejected: every user of it is refused, and a server that preloads it "
             "(resolver_preload) does not start";
    default:
      return "the server refuses the user";
  }
}

}  // namespace

namespace {

void CheckOversizedJwt(const Model& m, RuleContext& ctx) {
  const auto warn_jwt = static_cast<size_t>(ctx.IntOption("size.warning"));
  const auto err_jwt = static_cast<size_t>(ctx.IntOption("size.error"));
  const auto warn_user = static_cast<size_t>(ctx.IntOption("size.user-warning"));
  const auto err_user = static_cast<size_t>(ctx.IntOption("size.user-error"));
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    // The entity's kind is the list the token is in: no entity for tokens within bounds.
    if (t.token_type == TokenType::kActivation) return;
    const bool user = t.token_type == TokenType::kUser;
    size_t warn = user ? warn_user : warn_jwt;
    size_t err = user ? err_user : err_jwt;
    // A user allowed only leafnode connections: from 2.11.17/2.12.8/2.14.0 the
    // server reads a LEAF connection's CONNECT with 16 x max_control_line.
    constexpr auto kLeaf = ServerBehavior::kLeafControlLine16x;
    bool leaf_only = false;
    if (user) {
      const WorkLimits& l = static_cast<const User&>(t).limits;
      const uint8_t leaf = kConnLeafnode | kConnLeafnodeWs;
      leaf_only = l.connection_types_set && !l.unknown_connection_type && l.connection_types != 0 &&
                  (l.connection_types & ~leaf) == 0;
    }
    const bool leaf_16x = leaf_only && ctx.server().AllHave(kLeaf);
    if (leaf_16x) {
      warn *= 16;
      err *= 16;
    }
    if (t.encoded_size <= warn) return;
    const bool too_large_to_decode = t.encoded_size > kMaxTokenSize && ctx.server().AnyHas(kDecodeCap);
    const bool is_error = t.encoded_size > err || too_large_to_decode;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    if (too_large_to_decode) {
      f.message = Describe(e) + " is " + std::to_string(t.encoded_size) + " bytes, above the jwt library's " +
                  std::to_string(kMaxTokenSize) + "-byte (1 MiB) limit: nats-server " +
                  ctx.server().Having(kDecodeCap) + " cannot decode it (from " + SinceText(kDecodeCap) + "), so " +
                  DecodeConsequence(t.token_type) + ".";
      if (ctx.server().AnyLacks(kDecodeCap)) {
        f.message += " nats-server " + ctx.server().Lacking(kDecodeCap) + " still decodes it.";
      }
    } else {
      f.message = Describe(e) + " is " + std::to_string(t.encoded_size) + " bytes, above the " +
                  std::to_string(is_error ? err : warn) + "-byte " + (is_error ? "error" : "warning") + " threshold.";
    }
    if (leaf_16x) {
      f.message += " A leafnode-only user: nats-server " + ctx.server().Text() +
                   " reads a leafnode CONNECT line with 16 x max_control_line (65536 bytes by default).";
    } else if (user) {
      f.message += " User JWTs travel in the CONNECT line (max_control_line 4096 by default).";
      if (leaf_only) {
        f.message += " This user may connect only as a leafnode, which nats-server " + ctx.server().Lacking(kLeaf) +
                     " also holds to that limit (16 x from " + SinceText(kLeaf) + ").";
      }
    }
    f.message += Breakdown(t);
    ctx.Report(is_error ? Level::kError : Level::kWarning, std::move(f));
  });
}

}  // namespace

Rule MakeNL201() {
  return Rule{
      .info =
          {
              .id = "NL201",
              .name = "oversized-jwt",
              .family = "hygiene",
              .default_level = Level::kWarning,
              .levels = "warning / error",
              .short_description = "An operator, account or user JWT is larger than its size thresholds.",
              .full_description =
                  "Operator/account JWT above size.warning (10 KiB) or size.error (25 KiB); user JWT above "
                  "size.user-warning (3 KiB) or size.user-error (3.5 KiB), because the user JWT travels in the "
                  "CONNECT line that nats-server caps at max_control_line (4096 bytes). Any JWT above 1 MiB: error, "
                  "nats-server 2.11.15/2.12.6/2.14.0 and later cannot decode it.",
              .help_markdown = R"md(## What it finds
JWTs whose encoded size is above the thresholds: operator and account JWTs above `size.warning`
(warning) or `size.error` (error); user JWTs above `size.user-warning` (warning) or
`size.user-error` (error). The message breaks the size down by imports, exports, signing keys,
revocations, permission entries and mappings, and names the largest contributor.

## Why it matters
Account JWTs only grow: every revocation, signing key, import, export and permission entry stays
until someone removes it, and every server and leaf node fetches and re-validates the whole JWT on
each update (pushed through the system account, it must fit `max_payload`). A **user** JWT travels
inside the client's CONNECT line, which nats-server caps at `max_control_line` (4096 bytes by
default): a 3.9 KB user JWT is refused with "maximum control line exceeded" (seen on nats-server
2.9.10 with nats.go; other clients add different overhead).

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL201 oversized-jwt: account 'APP' (AC4R…) is 11873 bytes,
above the 10240-byte warning threshold. Largest contributors: revocations ~9100 B, ...
```

## How to fix
Prune what has no effect: prunable revocations (NL301: `nsc revocations delete-user --account A
--user-public-key U…`), stale signing keys (NL401: `nsc edit account --name A --rm-sk KEY`),
redundant subjects (NL202). For users, move long allow lists into a scoped signing key template
(`nsc edit signing-key --account A --sk KEY --allow-pub ...`) so the user JWT carries none.

## Server versions
A user allowed only `LEAFNODE`/`LEAFNODE_WS` connections is measured against 16 times the user
thresholds on nats-server 2.11.17, 2.12.8, 2.14.0 and later, which read a leafnode's CONNECT line
with 16 x `max_control_line`; older servers hold it to the client limit. (Not proven by a server
test: the matrix runs no leafnode.)

Any JWT above 1 MiB (1048576 bytes, the jwt library's `MaxTokenSize` from jwt 2.8.1) is an error
whatever the thresholds: nats-server 2.11.15, 2.12.6, 2.14.0 and later cannot decode it. An account
JWT that large is rejected (every user refused), and a server that preloads it in
`resolver_preload` does not start ("preload account error"); an operator JWT that large stops the
server. Older servers still decode it. Proven by the server tests on every version of the matrix
(`NL201-account-over-1-mib` and its near-miss at exactly 1 MiB).
)md",
              .tags = {"nats", "jwt", "size"},
              .options = {{.name = "size.warning",
                           .kind = OptionKind::kSize,
                           .default_value = "10240",
                           .doc = "operator/account JWT warning threshold"},
                          {.name = "size.error",
                           .kind = OptionKind::kSize,
                           .default_value = "25600",
                           .doc = "operator/account JWT error threshold"},
                          {.name = "size.user-warning",
                           .kind = OptionKind::kSize,
                           .default_value = "3072",
                           .doc = "user JWT warning threshold"},
                          {.name = "size.user-error",
                           .kind = OptionKind::kSize,
                           .default_value = "3584",
                           .doc = "user JWT error threshold"}},
          },
      .check = CheckOversizedJwt,
  };
}

}  // namespace nsclint::rules
