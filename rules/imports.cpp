#include "rules/imports.h"

#include "lint/subjects.h"

namespace nsclint::rules {
namespace {

std::string AccountLabel(const Model& m, const std::string& key) {
  int a = m.FindAccount(key);
  return a >= 0 ? NscName(m.accounts[a]) : key;
}

// The subject the server matches against exports and tokens.
std::string ImportSubject(const Import& im) { return im.type == "service" && !im.to.empty() ? im.to : im.subject; }

std::string NewActivation(const Model& m, const Account& importer, const Import& im, const std::string& extra) {
  const std::string exporter = ShellQuote(AccountLabel(m, im.account));
  const std::string subject = ShellQuote(ImportSubject(im));
  const std::string acct = ShellQuote(NscName(importer));
  return "nsc generate activation --account " + exporter + " --target-account " + importer.sub + " --subject " +
         subject + (im.type == "service" ? " --service" : "") + extra +
         " --output-file activation.jwt && nsc delete import --account " + acct + " --subject " + subject +
         " && nsc add import --account " + acct + " --token activation.jwt";
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
    v.fix = NewActivation(m, x, im, "");
    if (im.activation < 0) {
      v.rule = "NL508";
      v.why = "its activation token cannot be decoded: " + im.token_error;
      return v;
    }
    const Activation& act = m.activations[im.activation];
    if (act.signature != SignatureStatus::kValid) {
      v.rule = "NL508";
      v.why = "its activation token's signature does not verify with " + ShortKey(act.iss);
      return v;
    }
    v.rule = "NL506";
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
      v.why = "its activation token is for a " + (act.kind.empty() ? std::string("(no kind)") : act.kind) +
              ", not a " + im.type;
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
    v.fix = "nsc delete import --account " + ShellQuote(NscName(x)) + " --subject " + ShellQuote(is);
    return v;
  }
  const Account& exporter = m.accounts[src];
  if (exporter.exp != 0 && exporter.exp <= now) {
    v.rule = "NL504";
    v.why = "the exporting account '" + NscName(exporter) + "' expired at " + FormatTime(exporter.exp);
    v.fix = "nsc edit account --name " + ShellQuote(NscName(exporter)) + " --expiry 1y && nsc push --account " +
            ShellQuote(NscName(exporter));
    return v;
  }
  const Export* match = nullptr;
  for (const auto& ex : exporter.exports) {
    if (ex.type == im.type && ex.subject == is) match = &ex;
  }
  for (size_t i = 0; match == nullptr && i < exporter.exports.size(); ++i) {
    const Export& ex = exporter.exports[i];
    if (ex.type == im.type && subjects::IsSubsetMatch(is, ex.subject)) match = &ex;
  }
  const std::string add_export = "nsc add export --account " + ShellQuote(NscName(exporter)) + " --subject " +
                                 ShellQuote(is) + (im.type == "service" ? " --service" : "");
  if (match == nullptr) {
    v.rule = "NL505";
    v.why = "account '" + NscName(exporter) + "' has no " + (im.type.empty() ? "" : im.type + " ") +
            "export matching '" + is + "'";
    v.fix = add_export + " (or correct the import's subject)";
    return v;
  }
  if (match->account_token_position > 0) {
    auto tokens = subjects::Tokens(is);
    auto p = static_cast<size_t>(match->account_token_position);
    if (p > tokens.size() || tokens[p - 1] != x.sub) {
      v.rule = "NL505";
      v.why = "export '" + match->subject + "' requires the importer's key as token " + std::to_string(p) + " of '" +
              is + "'";
      v.fix = "nsc delete import --account " + ShellQuote(NscName(x)) + " --subject " + ShellQuote(is) +
              " && nsc add import --account " + ShellQuote(NscName(x)) + " --src-account " + exporter.sub +
              " --remote-subject <subject with this account's key at token " + std::to_string(p) + ">";
      return v;
    }
    return v;
  }
  if (!match->token_req) return v;  // public: the token, if any, is ignored
  if (im.token.empty()) {
    v.rule = "NL501";
    v.why = "export '" + match->subject + "' of account '" + NscName(exporter) +
            "' is private (token_req) and the import carries no activation token";
    v.fix = NewActivation(m, x, im, "");
    return v;
  }
  const Activation& act = m.activations[im.activation];
  if (!act.issuer_account.empty() && act.iss != exporter.sub && !exporter.HasSigningKey(act.iss)) {
    v.rule = "NL503";
    v.why = "its activation token is signed by " + ShortKey(act.iss) + ", which is no longer a signing key of '" +
            NscName(exporter) + "' (rotated out)";
    v.fix = NewActivation(m, x, im, "");
    return v;
  }
  if (act.exp != 0 && act.exp <= now) {
    v.rule = "NL502";
    v.why = "its activation token expired at " + FormatTime(act.exp);
    v.fix = NewActivation(m, x, im, " --expiry 90d");
    return v;
  }
  std::string by = RevokedBy(match->revocations, x.sub, act.iat);
  if (!by.empty()) {
    v.rule = "NL507";
    v.why = "export '" + match->subject + "' revokes " + (by == "*" ? "every importer ('*')" : "this account") +
            " at " + FormatTime(match->revocations.at(by)) + ", at or after the token's iat " + FormatTime(act.iat);
    v.fix = NewActivation(m, x, im, "");
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
      f.message = Describe(e) + ": " + DescribeImport(m, a.imports[i]) + " is dead: " + v.why + ". " +
                  (v.whole_account ? "The server rejects the whole account JWT: every user of '" + NscName(a) +
                                         "' is refused."
                                   : "Only this import is dead; the rest of the account works.");
      f.fix = v.fix;
      f.qualifier = "import:" + a.imports[i].account + ":" + a.imports[i].subject;
      ctx.Report(std::move(f));
    }
  }
}

}  // namespace nsclint::rules
