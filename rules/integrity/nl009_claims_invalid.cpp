#include <filesystem>

#include "lint/base/go_compat.h"
#include "lint/base/json_util.h"
#include "rules/rules.h"
#include "rules/support/jwt_validate.h"
#include "rules/support/model_queries.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

constexpr auto kStrict = ServerBehavior::kStrictSubjects;

// The library's texts as it words them, made safe to print.
std::string LibrarySays(const std::vector<std::string>& texts) {
  std::string out = " (the jwt library says: ";
  for (size_t i = 0; i < texts.size(); ++i) out += (i == 0 ? "" : "; ") + json::Printable(texts[i]);
  return out + ")";
}

std::string FileName(const Model& m, const TokenBase& t) {
  return std::filesystem::path(m.ArtifactOf(t).display.view()).filename().string();
}

class Reporter {
 public:
  Reporter(const Model& m, RuleContext& ctx) : m_(m), ctx_(ctx) {}

  // One finding on account `a`: `what` is wrong, the library says `texts`,
  // and nats-server `versions` rejects the account.
  void OnAccount(const Account& a, const std::string& qualifier, const std::string& what,
                 const std::vector<std::string>& texts, const std::string& versions, const std::string& aside,
                 std::string remediation, const std::vector<std::string>& edit_flags = {}) {
    const Entity e = EntityOf(m_, a);
    Finding f = FindingAt(m_, a.artifact, a.line, e);
    const BlastRadius radius = AccountBlastRadius(m_, a);
    radius.AddRelated(m_, &f);
    f.message = Describe(e) + " in " + FileName(m_, a) + ": " + what + LibrarySays(texts) + ": nats-server " +
                versions + " rejects the account JWT" + aside + " and refuses every user of account '" + NscName(a) +
                "'." + radius.Text(m_);
    f.qualifier = qualifier;
    f.fix.remediation = std::move(remediation);
    if (!edit_flags.empty()) NscEditFix(m_, a, e, edit_flags, &f.fix);
    ctx_.Report(Level::kError, std::move(f));
  }

  void OnUser(const User& u, const std::string& qualifier, const std::string& what,
              const std::vector<std::string>& texts, std::string remediation) {
    const Entity e = EntityOf(m_, u);
    Finding f = FindingAt(m_, u.artifact, u.line, e);
    f.message = Describe(e) + " in " + FileName(m_, u) + ": " + what + LibrarySays(texts) + ": nats-server " +
                ctx_.server().Text() + " refuses the user.";
    f.qualifier = qualifier;
    f.fix.remediation = std::move(remediation);
    ctx_.Report(Level::kError, std::move(f));
  }

 private:
  const Model& m_;
  RuleContext& ctx_;
};

const std::vector<std::string>* TextsOf(const std::vector<FieldIssues>& issues, std::string_view field) {
  for (const auto& i : issues) {
    if (i.field == field) return &i.texts;
  }
  return nullptr;
}

std::string Delimited(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "'" : ", '") + items[i] + "'";
  return out;
}

void CheckLimits(const Account& a, const std::string& versions, Reporter& r) {
  // Without a limits object NL406 reports the rejection (imports and exports read as 0).
  if (!a.limits.present) return;
  auto limit = [&](const char* k) {
    auto it = a.limits.values.find(k);
    return it == a.limits.values.end() ? int64_t{0} : it->second;
  };
  const std::string name = ShellQuote(NscName(a));
  const std::string push = " Then push the account to the servers: nsc push -a " + name + ".";
  const auto imports = static_cast<int64_t>(a.imports.size()) + a.null_imports;
  if (const int64_t max = limit("imports"); max != -1 && imports > max) {
    r.OnAccount(a, "imports-limit",
                "it holds " + std::to_string(imports) + (imports == 1 ? " import" : " imports") + ", limits.imports " +
                    (a.limits.values.contains("imports") ? "allows " + std::to_string(max) : "is absent (read as 0)"),
                {"the account contains more imports than allowed by the operator"}, versions, "",
                "Raise limits.imports to the " + std::to_string(imports) + " imports it holds (nsc edit account -n " +
                    name + " --imports " + std::to_string(imports) +
                    "), or keep the limit and delete imports (nsc delete import -a " + name +
                    " -s SUBJECT --src-account EXPORTER_KEY)." + push,
                {"--imports", std::to_string(imports)});
  }
  const int64_t max_exports = limit("exports");
  if (max_exports == -1) return;  // the library checks wildcards only under an export limit
  const auto exports = static_cast<int64_t>(a.exports.size()) + a.null_exports;
  if (exports > max_exports) {
    r.OnAccount(
        a, "exports-limit",
        "it holds " + std::to_string(exports) + (exports == 1 ? " export" : " exports") + ", limits.exports " +
            (a.limits.values.contains("exports") ? "allows " + std::to_string(max_exports) : "is absent (read as 0)"),
        {"the account contains more exports than allowed by the operator"}, versions, "",
        "Raise limits.exports to the " + std::to_string(exports) + " exports it holds (nsc edit account -n " + name +
            " --exports " + std::to_string(exports) + "), or keep the limit and delete exports (nsc delete export -a " +
            name + " -s SUBJECT)." + push,
        {"--exports", std::to_string(exports)});
  }
  if (a.limits.wildcards.value_or(false)) return;
  std::vector<std::string> wild;
  for (const auto& ex : a.exports) {
    if (LibraryHasWildcards(ex.subject)) wild.push_back(ex.subject);
  }
  if (wild.empty()) return;
  r.OnAccount(a, "wildcard-exports",
              std::string(wild.size() == 1 ? "export " : "exports ") + Delimited(wild) +
                  (wild.size() == 1 ? " holds a wildcard" : " hold wildcards") + " and limits.wildcards is " +
                  (a.limits.wildcards ? "false" : "absent (read as false)") + " under limits.exports " +
                  std::to_string(max_exports),
              {"the account contains wildcard exports that are not allowed by the operator"}, versions, "",
              "Allow wildcard exports (nsc edit account -n " + name +
                  " --wildcard-exports), or, if the operator forbids them on purpose, delete the wildcard export "
                  "(nsc delete export -a " +
                  name + " -s SUBJECT)." + push,
              {"--wildcard-exports"});
}

void CheckExports(const Account& a, const ServerTarget& server, Reporter& r) {
  const std::string name = ShellQuote(NscName(a));
  const std::string push = " Then push the account: nsc push -a " + name + ".";
  if (a.null_exports > 0) {
    r.OnAccount(a, "exports-null", "its exports list holds null", {"null export is not allowed"}, server.Text(), "",
                "Remove the null entry from the exports list and re-sign the account (nsc cannot load it).");
  }
  for (size_t i = 0; i < a.exports.size(); ++i) {
    const Export& ex = a.exports[i];
    const std::vector<FieldIssues> strict = ExportIssues(ex, true), lax = ExportIssues(ex, false);
    const std::string item = (ex.type.empty() ? "" : ex.type + " ") + "export '" + ex.subject + "'";
    std::string add = "nsc add export -a " + name + " -s " + ShellQuote(ex.subject);
    if (!ex.name.empty() && ex.name != ex.subject) add += " -n " + ShellQuote(ex.name);
    if (ex.type == "service") add += " --service";
    if (ex.token_req) add += " --private";
    const std::string readd =
        "Delete the export and add it again (nsc edit export refuses while an export is invalid): nsc delete export "
        "-a " +
        name + " -s " + ShellQuote(ex.subject) + ", then " + add;
    for (const auto& issue : strict) {
      const std::vector<std::string>* old_texts = TextsOf(lax, issue.field);
      // Only the latency results subject differs between library versions:
      // an empty token is rejected from jwt 2.5.4 (strict subjects).
      std::string versions = server.Text(), aside;
      std::vector<std::string> texts = issue.texts;
      if (old_texts == nullptr || *old_texts != issue.texts) {
        const BehaviorSplit split = server.Split(kStrict);
        if (old_texts != nullptr) {
          if (!split.with) texts = *old_texts;  // rejected everywhere, for other reasons first
        } else if (!split.with) {
          continue;  // no judged version has the strict rules: it loads
        } else {
          aside = " (jwt 2.5.4, in nats-server " + SinceText(kStrict) + " and later, rejects an empty token" +
                  (split.without ? "; nats-server " + server.Lacking(kStrict) + " loads it)" : ")");
          if (split.without) versions = server.Having(kStrict);
        }
      }
      const std::string& field = issue.field;
      std::string what, how;
      if (field == "type") {
        what = item + " has no type";
        how = readd + " (--service for a service; a stream otherwise).";
      } else if (field == "response_type") {
        what = item + " has response_type '" + ex.response_type + "'";
        how = readd + (ex.type == "service" ? " --response-type Singleton (or Stream, Chunked)."
                                            : " (a stream export has no response type).");
      } else if (field == "service_latency") {
        what = item + " has an invalid service_latency (sampling " + std::to_string(ex.latency->sampling) +
               ", results '" + ex.latency->results + "')";
        how = readd + (ex.type == "service" ? " --latency RESULTS_SUBJECT --sampling 1-100 (or header)."
                                            : " (latency tracking is for service exports).");
      } else if (field == "response_threshold") {
        what = item + " has response_threshold " + std::to_string(ex.response_threshold) + " ns";
        how = readd + (ex.type == "service" ? " --response-threshold DURATION (positive)."
                                            : " (a stream export has no response threshold).");
      } else if (field == "account_token_position") {
        what = item + " sets account_token_position " + std::to_string(ex.account_token_position);
        how = readd + " --account-token-position N, N being the position of a '*' token of the subject.";
      } else if (field == "description") {
        what = item + " has a description of " + std::to_string(ex.description.size()) + " bytes (at most 8192)";
        how = readd + ", and give it a shorter one: nsc edit export -a " + name + " -s " + ShellQuote(ex.subject) +
              " --description TEXT.";
      } else {
        what = item + " has info_url " + go::Quote(ex.info_url);
        how = readd + ", and link it again: nsc edit export -a " + name + " -s " + ShellQuote(ex.subject) +
              " --info-url URL (with a scheme and a host).";
      }
      r.OnAccount(a, "exports[" + std::to_string(i) + "]." + field, what, texts, versions, aside, how + push);
    }
  }
}

void CheckImports(const Model& m, const Account& a, const ServerTarget& server, Reporter& r) {
  const std::string name = ShellQuote(NscName(a));
  const std::string push = " Then push the account: nsc push -a " + name + ".";
  if (a.null_imports > 0) {
    r.OnAccount(a, "imports-null", "its imports list holds null", {"null import is not allowed"}, server.Text(), "",
                "Remove the null entry from the imports list and re-sign the account (nsc cannot load it).");
  }
  for (size_t i = 0; i < a.imports.size(); ++i) {
    const Import& im = a.imports[i];
    const int exporter = m.FindAccount(im.account);
    const std::string from = exporter >= 0 ? "account '" + NscName(m.accounts[exporter]) + "'" : ShortKey(im.account);
    const std::string item = (im.type.empty() ? "" : im.type + " ") + "import '" + im.subject + "' from " + from;
    // A private import comes back from its activation token (kept in a file).
    std::string add = "nsc add import -a " + name +
                      (im.token.empty() ? " --src-account " + im.account + " --remote-subject " + ShellQuote(im.subject)
                                        : " --token TOKEN_FILE");
    if (!im.name.empty() && im.name != im.subject) add += " -n " + ShellQuote(im.name);
    if (im.type == "service" && im.token.empty()) add += " --service";
    const std::string readd =
        "Delete the import and add it again (there is no nsc edit import): nsc delete import -a " + name + " -s " +
        ShellQuote(im.subject) + " --src-account " + im.account + ", then " + add;
    for (const auto& issue : ImportIssues(im)) {
      std::string what, how;
      if (issue.field == "type") {
        what = item + " has no type";
        how = readd + " (--service for a service; a stream otherwise).";
      } else if (issue.field == "to") {
        what = item + " sets both to '" + im.to + "' and local_subject '" + im.local_subject + "'";
        how = readd + " -s " + ShellQuote(im.local_subject) + " (local_subject replaces the deprecated to).";
      } else if (issue.field == "local_subject") {
        what = item + " has local_subject '" + im.local_subject + "', whose wildcards do not match the subject's";
        how = readd +
              " -s LOCAL_SUBJECT, LOCAL_SUBJECT holding as many * or $N as the subject has * and ending in > "
              "exactly when it does.";
      } else {
        what = item + " sets share (latency sharing exists for services only)";
        how = readd + " (without --share).";
      }
      r.OnAccount(a, "imports[" + std::to_string(i) + "]." + issue.field, what, issue.texts, server.Text(), "",
                  how + push);
    }
  }
}

void CheckAccountInfo(const Account& a, const ServerTarget& server, Reporter& r) {
  const std::string name = ShellQuote(NscName(a));
  for (const auto& issue : InfoIssues(a.description, a.info_url)) {
    if (issue.field == "description") {
      r.OnAccount(a, "description",
                  "its description is " + std::to_string(a.description.size()) + " bytes long (at most 8192)",
                  issue.texts, server.Text(), "",
                  "Shorten it: nsc edit account -n " + name + " --description TEXT, then nsc push -a " + name + ".");
    } else {
      r.OnAccount(a, "info_url", "its info_url is " + go::Quote(a.info_url), issue.texts, server.Text(), "",
                  "Set a URL with a scheme and a host: nsc edit account -n " + name +
                      " --info-url https://HOST/PATH, then nsc push -a " + name + ".");
    }
  }
}

void CheckUser(const Model& m, const User& u, Reporter& r) {
  if (!u.access || IsCredsCopy(m, u)) return;
  if (u.account >= 0) {
    // A scoped user with limits of its own is refused for that alone: NL403.
    const SigningKey* sk = m.accounts[u.account].FindSigningKey(u.iss);
    if (sk != nullptr && sk->scoped && u.non_zero_scoped_fields != 0) return;
  }
  const std::string account = !UserAccountDir(m, u).empty() ? UserAccountDir(m, u) : AccountNameOf(m, u);
  const std::string edit = "nsc edit user -a " + ShellQuote(account) + " -n " +
                           ShellQuote(UserFile(m, u).empty() ? NscName(u) : UserFile(m, u)) + " -K " + u.iss;
  for (const auto& issue : UserAccessIssues(*u.access)) {
    if (issue.field == "src") {
      std::vector<std::string> bad;
      for (const auto& cidr : u.access->src) {
        if (!go::ParsesAsCidr(cidr)) bad.push_back(cidr);
      }
      r.OnUser(u, "src",
               "src " + std::string(bad.size() == 1 ? "entry " : "entries ") + Delimited(bad) +
                   (bad.size() == 1 ? " is not" : " are not") + " a network in CIDR notation",
               issue.texts,
               "Replace each bad entry with the network meant (removing it alone would admit more addresses): " + edit +
                   " --rm-source-network " + ShellQuote(bad.front()) + " --source-network NETWORK/BITS.");
    } else if (issue.field == "times") {
      // nsc removes a range by its start as written.
      std::string start = "START";
      for (const auto& [from, to] : u.access->times) {
        if (!from.empty() && (!go::ParsesAsClock(from) || !go::ParsesAsClock(to))) {
          start = ShellQuote(from);
          break;
        }
      }
      r.OnUser(u, "times", "its times hold a range the library cannot read (HH:MM:SS, hour below 24)", issue.texts,
               "Replace the range (removing it alone would lift the time restriction): " + edit + " --rm-time " +
                   start + " --time HH:MM:SS-HH:MM:SS.");
    } else {
      r.OnUser(
          u, "times_location",
          "its times_location " + go::Quote(u.access->location) +
              " is not a time zone this machine's tz database knows (the server's host must know it)",
          issue.texts,
          "Set an IANA time zone name: " + edit +
              " --locale ZONE --rm-tag nsclint-absent-tag (e.g. Europe/Berlin; nsc counts --locale alone as no edit, "
              "removing a tag the user lacks makes it one).");
    }
  }
}

void CheckClaimsInvalid(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  Reporter r(m, ctx);
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    CheckLimits(a, server.Text(), r);
    CheckExports(a, server, r);
    CheckImports(m, a, server, r);
    if (!a.v1) CheckAccountInfo(a, server, r);  // a v1 account's description is not decoded
  }
  for (const auto& u : m.users) CheckUser(m, u, r);
}

}  // namespace

Rule MakeNL009() {
  return Rule{
      .info =
          {
              .id = "NL009",
              .name = "claims-invalid",
              .family = "integrity",
              .default_level = Level::kError,
              .short_description = "A JWT the official library's Validate rejects for a reason no more specific rule "
                                   "reports: the server rejects the account or refuses the user.",
              .full_description =
                  "The jwt library's Validate, which nats-server runs on every account JWT it loads and every user "
                  "JWT at connect, finds a blocking issue that no more specific rule reports: imports or exports "
                  "above limits.imports / limits.exports, wildcard exports with limits.wildcards false, a bad "
                  "export type, response_type, service_latency, response_threshold or account_token_position, an "
                  "import with both to and local_subject, a local_subject whose wildcards do not match, share on a "
                  "stream import, a description over 8192 bytes or an info_url without scheme and host, a user src "
                  "that is not a CIDR network, a times range or times_location the library cannot read. The server "
                  "rejects the whole account (every user refused) or refuses the user.",
              .help_markdown = R"md(## What it finds
Account and user JWTs that fail the official jwt library's `Validate` with a blocking issue,
where no more specific rule reports that issue. The message quotes the library's own text.

Account JWTs (the server rejects the whole account: every user is refused, and imports of its
exports in other accounts are dead):
- more imports than `limits.imports`, or more exports than `limits.exports` (an absent limit in a
  `limits` object reads as 0; no `limits` at all is NL406's);
- an export subject with a wildcard while `limits.wildcards` is false or absent, under any
  `limits.exports` other than -1 (with -1 the library does not look);
- an export without a type, a service `response_type` other than `Singleton`, `Stream`,
  `Chunked`, any `response_type` on a stream, `service_latency` on a stream or with a sampling
  outside 1-100 or a results subject that is empty, holds a space or a wildcard, a negative
  `response_threshold` or one on a stream, an `account_token_position` on a subject without
  wildcard, beyond its last token, or not on a `*` token;
- an import without a type, with both `to` and `local_subject`, a `local_subject` whose `*`/`$N`
  references or trailing `>` do not match the subject, `share` on a stream import;
- a `null` entry in the imports or exports list;
- a `description` over 8192 bytes, an `info_url` over 8192 bytes or one Go's `url.Parse`
  rejects or that has no scheme or no host (account and export).

User JWTs (the server refuses the user at connect):
- a `src` entry that is not a network in CIDR notation (`10.0.0.0/8`; an address alone is not);
- a `times` range whose `start` or `end` is missing or is not `HH:MM:SS` (hour below 24);
- a `times_location` that is not a time zone name (`time.LoadLocation` fails).

Left to the rule that owns the defect (SPEC "One root cause, one finding"): subject syntax,
queue groups on publish permissions and `to`/`local_subject` syntax (NL204); an account without
`limits` (NL406); overlapping exports and service imports (NL509, NL510); key fields (NL003);
activation tokens (NL5xx); `authorization`, mappings, trace, `allow_trace`, `cluster_traffic` and
JetStream tiers (NL801-NL804); a scoped user with limits of its own (NL403); expiry (NL101, NL104).

## Why it matters
The JWT passes every signature and trust check, and nothing warns before the server meets it.
Clients then see only "Authorization Violation": the server logs why at debug level ("User JWT
no longer valid"), or "account validation failed" for a rejected account.

## Server versions
Every check above reads the same in jwt v2.3.0 (vendored by nats-server 2.9.0-2.9.15) through
v2.8.3 (nats-server 2.15): the library texts and conditions are unchanged, so the verdict is the
same on every version, and the message names the version it is for. One exception: a
`service_latency` results subject with an empty token (`a..b`, a leading or trailing `.`) is
rejected from nats-server 2.10.12 (jwt 2.5.4, strict subjects) and loads on older servers.

The `src`, `times` and `times_location` checks run Go's `net.ParseCIDR`, `time.Parse` and
`time.LoadLocation` on the server's host: a `times_location` is judged against this machine's
time zone database (`/usr/share/zoneinfo`; without one only the name's syntax is judged), and a
server host without a time zone database refuses every user with a `times_location` other than
`UTC` or `Local` (the server binaries do not embed one). An `info_url` is parsed as Go's
`net/url` does for modules declaring go < 1.26; nats-server 2.14.10+ and 2.15 declare go 1.26
and also refuse an http(s) host with two colons, which NL009 does not report. Proven on every server of the test matrix (`tests/server_test.cpp`,
`ServerUsers`: alice is refused exactly where NL009 says so).

## Example
```
store/ACME/accounts/APP/APP.jwt:1: error NL009 claims-invalid: account 'APP' (AC4R…) in APP.jwt:
it holds 2 imports, limits.imports allows 1 (the jwt library says: the account contains more
imports than allowed by the operator): nats-server 2.15.3 rejects the account JWT and refuses
every user of account 'APP' (3 users in the scan).
store/ACME/accounts/APP/users/night.jwt:1: error NL009 claims-invalid: user 'night' (UDYR…) in
night.jwt: its times hold a range the library cannot read (HH:MM:SS, hour below 24) (the jwt
library says: start in time range is invalid "9:00"; end in time range is invalid "17:00"):
nats-server 2.15.3 refuses the user.
```

## How to fix
Raise the limit to what the account holds (`nsc edit account -n APP --imports 2`, `--exports N`,
`--wildcard-exports`), or keep the limit and delete imports/exports. An invalid export or import:
delete it and add it again with valid fields (`nsc delete export`/`nsc add export`; there is no
`nsc edit import`, and `nsc edit export` refuses while an export is invalid). A user: re-issue it
with the bad entry replaced (`nsc edit user ... --rm-source-network X --source-network Y`,
`--rm-time START --time HH:MM:SS-HH:MM:SS`, `--locale ZONE`): removing a `src` or `times` entry
alone would widen who may connect, so the fix is text. Then push the account (`nsc push -a APP`).
)md",
              .security_severity = "6.5",
              .tags = {"security", "nats", "jwt", "reliability"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckClaimsInvalid,
  };
}

}  // namespace nsclint::rules
