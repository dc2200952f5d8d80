#include "rules/imports/import_check.h"

#include <algorithm>

#include "lint/base/subjects.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

std::string AccountLabel(const Model& m, const std::string& key) {
  int a = m.FindAccount(key);
  return a >= 0 ? NscName(m.accounts[a]) : key;
}

// The subject the server matches against exports and tokens.
std::string ImportSubject(const Import& im) {
  return im.type == "service" && !im.to.empty() ? im.to : im.subject;
}

// `nsc delete import`: -s is the import's subject (the exporter's side),
// --src-account the exporter's public key (nsc compares it as a string).
bool DeleteImport(const Model& m, const Account& importer, const Import& im, Fix* fix) {
  if (AccountDir(m, importer).empty() || !NameMatchesPlace(m, importer)) {
    fix->remediation =
        "Delete the import with nsc delete import in the store the account belongs to. " + fix->remediation;
    return false;
  }
  if (!NscContext(m, StoreOf(m, importer), {importer.iss}, fix)) return false;
  fix->commands.push_back(
      {"nsc", "delete", "import", "-a", AccountDir(m, importer), "-s", im.subject, "--src-account", im.account});
  return true;
}

// A new activation token that grants what the old one granted, to the same
// importer, then the import again with it: generate, delete, add.
void ReissueActivation(const Model& m, const Account& importer, const Import& im, const Account& exporter,
                       const Export& ex, const Activation& old, const std::string& signer, Fix* fix) {
  if (!RevokedBy(ex.revocations, importer.sub, old.iat).empty()) {
    // A new token's fresh iat would escape the exporter's revocation.
    fix->remediation =
        "The export revokes this account: no new token. Delete the import (nsc delete import), or the "
        "exporter lifts the revocation first.";
    return;
  }
  fix->remediation = "Then push the importing account: nsc push -a ACCOUNT.";
  if (!im.to.empty() || im.subject.find_first_of(",\"") != std::string::npos || AccountDir(m, exporter).empty() ||
      AccountDir(m, importer).empty() || !NameMatchesPlace(m, importer) ||
      StoreOf(m, exporter) != StoreOf(m, importer)) {
    fix->remediation =
        "Ask the exporting account for a new activation token, delete the import "
        "(nsc delete import) and add it again with the token (nsc add import --token FILE).";
    return;
  }
  if (!NscContext(m, StoreOf(m, importer), {signer, importer.iss}, fix)) return;
  const std::string token = fix->keys.str() + "/activation-" + importer.sub + ".jwt";
  FixCommand gen{"nsc", "generate", "activation", "-a", AccountDir(m, exporter), "-s", im.subject, "-t", importer.sub,
                 "-K",  signer,     "-o",         token};
  if (old.exp != 0 && old.iat != 0 && old.exp > old.iat) {
    // The old token's lifetime, but not one that NL102 would warn about at once.
    const int64_t days = std::max<int64_t>(30, (old.exp - old.iat + 86399) / 86400);
    gen.insert(gen.end(), {"--expiry", std::to_string(days) + "d"});
  }
  fix->commands.push_back(gen);
  fix->commands.push_back(
      {"nsc", "delete", "import", "-a", AccountDir(m, importer), "-s", im.subject, "--src-account", im.account});
  FixCommand add{"nsc", "add", "import", "-a", AccountDir(m, importer), "--token", token};
  if (!im.name.empty()) add.insert(add.end(), {"-n", im.name});
  if (!im.local_subject.empty()) add.insert(add.end(), {"-s", im.local_subject});
  if (im.share) add.emplace_back("--share");
  fix->commands.push_back(add);
}

// The key to sign a new token with: the old signer when it still is one of
// the exporter's keys with a seed in the keys dir, else one that is.
std::string ExporterSigner(const Model& m, const Account& exporter, const std::string& old_iss) {
  auto has_seed = [&](const std::string& k) { return m.keys_seed_by_key.count(k) != 0; };
  if ((old_iss == exporter.sub || exporter.HasSigningKey(old_iss)) && has_seed(old_iss)) return old_iss;
  if (has_seed(exporter.sub)) return exporter.sub;
  for (const auto& sk : exporter.signing_keys) {
    if (!sk.scoped && has_seed(sk.key)) return sk.key;
  }
  return exporter.sub;
}

}  // namespace

std::string DescribeImport(const Model& m, const Import& im) {
  std::string out = (im.type.empty() ? "" : im.type + " ") + "import ";
  if (!im.name.empty() && im.name != im.subject) out += "'" + im.name + "' ";
  return out + "of '" + ImportSubject(im) + "' from account '" + AccountLabel(m, im.account) + "'";
}

ImportVerdict JudgeImport(const Model& m, const Account& x, size_t index, int64_t now) {
  const Import& im = x.imports[index];
  const std::string is = ImportSubject(im);
  const std::string& s = im.account;
  ImportVerdict v;
  // Phase A: the token, inside account validation.
  if (!im.token.empty()) {
    v.whole_account = true;
    if (im.activation < 0) {
      v.rule = "NL508";
      v.why = "its activation token cannot be decoded: " + im.token_error;
      v.fix.remediation = "Ask the exporting account for a new token and add the import again with it.";
      DeleteImport(m, x, im, &v.fix);
      return v;
    }
    const Activation& act = m.activations[im.activation];
    if (act.signature != SignatureStatus::kValid) {
      v.rule = "NL508";
      v.why = "its activation token's signature does not verify with " + ShortKey(act.iss);
      v.fix.remediation = "Ask the exporting account for a new token and add the import again with it.";
      DeleteImport(m, x, im, &v.fix);
      return v;
    }
    v.rule = "NL506";
    // A new token would be a grant the exporter never made: the import goes.
    v.fix.remediation = "Ask the exporting account for a token that matches the import and add it again.";
    DeleteImport(m, x, im, &v.fix);
    if (act.iss != s && act.issuer_account != s) {
      v.why = act.issuer_account.empty() && m.FindAccountBySigningKey(act.iss) >= 0
                  ? "its activation token is signed by signing key " + ShortKey(act.iss) +
                        " but has no issuer_account naming the exporter"
                  : "its activation token is issued by " + ShortKey(act.iss) + ", not by the exporting account " +
                        ShortKey(s);
      return v;
    }
    if (act.sub != x.sub) {
      v.why = "its activation token is for account " + ShortKey(act.sub) + ", not for this account";
      return v;
    }
    if (!im.type.empty() && act.kind != im.type) {
      v.why = "its activation token is for a " + (act.kind.empty() ? std::string("(no kind)") : act.kind) + ", not a " +
              im.type;
      return v;
    }
    if (!subjects::IsContainedIn(is, act.subject)) {
      v.why = "its activation token grants '" + act.subject + "', which does not cover '" + is + "'";
      return v;
    }
    v = ImportVerdict{};
  }
  // Phase B: per import.
  int src = m.FindAccount(s);
  if (src < 0 || m.accounts[src].origin != TokenOrigin::kFile) {
    if (!InCompleteStore(m, x)) return v;  // loose: the source may exist elsewhere
    v.rule = "NL504";
    v.why = "the exporting account " + ShortKey(s) + " is not in the store";
    v.fix.remediation =
        "The exporting account may live in another store; when it is really gone, delete the import "
        "(nsc delete import -a " +
        (AccountDir(m, x).empty() ? NscName(x) : AccountDir(m, x)) + " -s '" + im.subject + "' --src-account " + s +
        ").";
    return v;
  }
  const Account& exporter = m.accounts[src];
  // An exporter the server rejects for a root cause of its own (expired:
  // NL101) is reported there, with the imports it kills: not here again.
  if (AccountRejectedAtRoot(exporter, now)) return v;
  const Export* match = nullptr;
  for (const auto& ex : exporter.exports) {
    if (ex.type == im.type && ex.subject == is) match = &ex;
  }
  for (size_t i = 0; match == nullptr && i < exporter.exports.size(); ++i) {
    const Export& ex = exporter.exports[i];
    if (ex.type == im.type && subjects::IsSubsetMatch(is, ex.subject)) match = &ex;
  }
  if (match == nullptr) {
    v.rule = "NL505";
    v.why = "account '" + NscName(exporter) + "' has no " + (im.type.empty() ? "" : im.type + " ") +
            "export matching '" + is + "'";
    v.fix.remediation =
        "The import is dead. If the exporter means to share it, it adds the export (nsc add export); "
        "otherwise the import goes.";
    DeleteImport(m, x, im, &v.fix);
    return v;
  }
  if (match->account_token_position > 0) {
    auto tokens = subjects::Tokens(is);
    auto p = static_cast<size_t>(match->account_token_position);
    if (p > tokens.size() || tokens[p - 1] != x.sub) {
      v.rule = "NL511";
      const std::string found =
          p > tokens.size() ? "'" + is + "' has only " + std::to_string(tokens.size()) + " tokens"
          : tokens[p - 1] == "*" || tokens[p - 1] == ">"
              ? "token " + std::to_string(p) + " of '" + is + "' is a wildcard"
              : "token " + std::to_string(p) + " of '" + is + "' is " + ShortKey(std::string(tokens[p - 1]));
      v.why = "export '" + match->subject + "' of account '" + NscName(exporter) + "' sets account_token_position " +
              std::to_string(p) + ", so token " + std::to_string(p) + " must be this account's public key, but " +
              found + " (the server logs this only at debug level)";
      v.fix.remediation = "Add the import again with this account's public key as token " + std::to_string(p) +
                          " of the subject (nsc add import --src-account " + exporter.sub + " --remote-subject ...).";
      DeleteImport(m, x, im, &v.fix);
      return v;
    }
    return v;
  }
  if (!match->token_req) return v;  // public: the token, if any, is ignored
  if (im.token.empty()) {
    v.rule = "NL501";
    v.why = "export '" + match->subject + "' of account '" + NscName(exporter) +
            "' is private (token_req) and the import carries no activation token";
    // There never was a grant: a token is the exporter's decision, not a fix.
    v.fix.remediation =
        "The exporting account may issue a token (nsc generate activation); until then the import is dead.";
    DeleteImport(m, x, im, &v.fix);
    return v;
  }
  const Activation& act = m.activations[im.activation];
  if (!act.issuer_account.empty() && act.iss != exporter.sub && !exporter.HasSigningKey(act.iss)) {
    v.rule = "NL503";
    v.why = "its activation token is signed by " + ShortKey(act.iss) + ", which is no longer a signing key of '" +
            NscName(exporter) + "' (rotated out)";
    ReissueActivation(m, x, im, exporter, *match, act, ExporterSigner(m, exporter, ""), &v.fix);
    return v;
  }
  if (act.exp != 0 && act.exp <= now) {
    v.rule = "NL502";
    v.why = "its activation token expired at " + FormatTime(act.exp);
    ReissueActivation(m, x, im, exporter, *match, act, ExporterSigner(m, exporter, act.iss), &v.fix);
    return v;
  }
  std::string by = RevokedBy(match->revocations, x.sub, act.iat);
  if (!by.empty()) {
    v.rule = "NL507";
    v.why = "export '" + match->subject + "' revokes " + (by == "*" ? "every importer ('*')" : "this account") +
            " at " + FormatTime(match->revocations.at(by)) + ", at or after the token's iat " + FormatTime(act.iat);
    // Never a new token: its fresh iat would undo the exporter's revocation.
    v.fix.remediation = "If the revocation was a mistake, the exporter deletes it (nsc revocations delete-activation).";
    DeleteImport(m, x, im, &v.fix);
    return v;
  }
  return v;
}

void ReportDeadImports(const Model& m, RuleContext& ctx, std::string_view rule_id) {
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    for (size_t i = 0; i < a.imports.size(); ++i) {
      ImportVerdict v = JudgeImport(m, a, i, ctx.now());
      if (v.rule != rule_id) continue;
      Entity e = EntityOf(m, a);
      Finding f = FindingAt(m, a.artifact, a.line, e);
      f.message =
          Describe(e) + ": " + DescribeImport(m, a.imports[i]) + " is dead: " + v.why + ". " +
          (v.whole_account ? "The server rejects the whole account JWT: every user of '" + NscName(a) + "' is refused."
                           : "Only this import is dead; the rest of the account works.");
      if (v.whole_account) {
        const BlastRadius radius = AccountBlastRadius(m, a);
        f.message += radius.Text(m);
        radius.AddRelated(m, &f);
      }
      f.fix = std::move(v.fix);
      f.qualifier = "import:" + a.imports[i].account + ":" + a.imports[i].subject;
      ctx.Report(std::move(f));
    }
  }
}

}  // namespace nsclint::rules
