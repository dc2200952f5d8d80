// The official jwt library's Validate, reproduced for the claims the rules
// judge: what it says of a subject, an export, an import, an Info
// (description, info_url) and a user's src / times / times_location. The
// texts are the library's, word for word (jwt v2.3.0 to v2.8.3 say the same;
// only the strict subject rules of jwt 2.5.4 differ, hence `strict`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/model.h"

namespace nsclint::rules {

/// The first issue jwt Subject.Validate finds in `v` (with the strict-subject
/// rules of jwt 2.5.4 when `strict`), e.g. "subject cannot be empty", or
/// nullopt when it passes.
std::optional<std::string> LibrarySubjectError(std::string_view v, bool strict);

/// jwt Subject.HasWildCards: a `*` or `>` token as the library looks for one
/// (".>" at the end, ".*." inside, ".*" at the end, "*." at the start, or the
/// whole subject), not the server's token rules.
bool LibraryHasWildcards(std::string_view subject);

/// The texts the library's Validate adds for one field of one claim.
struct FieldIssues {
  std::string field;               // "response_type", "service_latency", "local_subject", "src", ...
  std::vector<std::string> texts;  // in the library's order, duplicates dropped
};

/// jwt Export.Validate, without what other rules judge: the subject's syntax
/// (NL204) and allow_trace (NL803). Fields: "type", "response_type",
/// "service_latency", "response_threshold", "account_token_position",
/// "description", "info_url". `strict`: the latency results subject under
/// the strict-subject rules of jwt 2.5.4.
std::vector<FieldIssues> ExportIssues(const Export& e, bool strict);

/// jwt Import.Validate, without what other rules judge: the subjects' syntax
/// (NL204), account (NL003), allow_trace (NL803), activation token (NL5xx),
/// overlaps (NL510). Fields: "type", "to" (with local_subject),
/// "local_subject" (its wildcards against the subject), "share".
std::vector<FieldIssues> ImportIssues(const Import& i);

/// jwt Info.Validate: fields "description" and "info_url".
std::vector<FieldIssues> InfoIssues(std::string_view description, std::string_view info_url);

/// jwt Limits.Validate's user part: fields "src", "times", "times_location".
std::vector<FieldIssues> UserAccessIssues(const UserAccessLimits& limits);

}  // namespace nsclint::rules
