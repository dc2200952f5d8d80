// What the jwt library's Validate says, reproduced (lint/base/go_compat,
// rules/support/jwt_validate), against what the Go library answered
// (fixtures/vectors/jwt-validate.json, written by fixtures/gen with jwt
// v2.8.3): url.Parse behind info_url, time.Parse behind times, ParseCIDR
// behind src, LoadLocation behind times_location, %q; and every blocking
// text of the NL009 cases' JWTs is quoted by an NL009 finding on that file.
#include "lint/base/go_compat.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "lint/engine/engine.h"
#include "rules/support/jwt_validate.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const json& Vectors() {
  static const json v = json::parse(ReadFile(SourceDir() + "/fixtures/vectors/jwt-validate.json"));
  return v;
}

std::string Joined(const std::vector<rules::FieldIssues>& issues) {
  std::string out;
  for (const auto& i : issues) {
    for (const auto& t : i.texts) out += (out.empty() ? "" : "; ") + t;
  }
  return out;
}

TEST(GoCompat, InfoUrlAsTheLibrary) {
  for (const auto& v : Vectors().at("info_url")) {
    const std::string in = v.at("in");
    EXPECT_EQ(Joined(rules::InfoIssues("", in)), v.at("out").get<std::string>()) << "info_url " << go::Quote(in);
  }
}

TEST(GoCompat, TimesAsTheLibrary) {
  for (const auto& v : Vectors().at("clock")) {
    UserAccessLimits l;
    l.times.emplace_back(v.at("in"), "10:00:00");
    EXPECT_EQ(Joined(rules::UserAccessIssues(l)), v.at("out").get<std::string>()) << "start " << v.at("in");
  }
}

TEST(GoCompat, SrcAsTheLibrary) {
  for (const auto& v : Vectors().at("cidr")) {
    UserAccessLimits l;
    l.src.push_back(v.at("in"));
    EXPECT_EQ(Joined(rules::UserAccessIssues(l)), v.at("out").get<std::string>()) << "src " << v.at("in");
  }
}

TEST(GoCompat, TimesLocationAsTheLibrary) {
  struct stat st {};
  if (::stat("/usr/share/zoneinfo", &st) != 0) GTEST_SKIP() << "this machine has no time zone database";
  for (const auto& v : Vectors().at("location")) {
    UserAccessLimits l;
    l.location = v.at("in");
    l.location_error = go::LoadLocationError(l.location).value_or("");
    EXPECT_EQ(Joined(rules::UserAccessIssues(l)), v.at("out").get<std::string>()) << "times_location " << v.at("in");
  }
}

TEST(GoCompat, QuoteAsPercentQ) {
  for (const auto& v : Vectors().at("quote")) {
    EXPECT_EQ(go::Quote(v.at("in").get<std::string>()), v.at("out").get<std::string>());
  }
  // JSON cannot carry an invalid UTF-8 byte: what Go's %q prints for one.
  EXPECT_EQ(go::Quote("bad\xffutf8"), "\"bad\\xffutf8\"");
  EXPECT_EQ(go::Quote("\xe2\x82"), "\"\\xe2\\x82\"");
}

// Every blocking text the library gives a JWT of an NL009 case is in an
// NL009 finding on that file (at the default target, whose jwt v2.8.3 made
// the vectors), and every NL009 finding quotes one of them.
TEST(GoCompat, Nl009QuotesEveryBlockingTextOfItsCases) {
  const json& cases = Vectors().at("cases");
  ASSERT_GE(cases.size(), 20u);
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/fixtures/cases")) {
    const std::string id = entry.path().filename().string();
    if (id.rfind("NL009-", 0) != 0) continue;
    EngineOptions opts;
    opts.now = ParseTime("2026-06-01T00:00:00Z").value();
    opts.paths = {(entry.path() / "store").string()};
    const EngineResult result = RunEngine(opts);
    std::map<std::string, std::string> messages;  // file (relative to the case) -> NL009 messages
    for (const Finding& f : result.findings) {
      if (f.rule_id != "NL009") continue;
      const std::string rel = fs::path(f.file.view()).lexically_relative(entry.path()).generic_string();
      messages[rel] += f.message + "\n";
      const json texts = cases.contains(id) && cases[id].contains(rel) ? cases[id][rel] : json::array();
      bool quotes = false;
      for (const auto& t : texts) quotes = quotes || f.message.find(t.get<std::string>()) != std::string::npos;
      EXPECT_TRUE(quotes) << id << ": an NL009 finding quotes no text the library gives " << rel << ":\n"
                          << f.message << "\nlibrary: " << texts.dump();
    }
    if (!cases.contains(id)) continue;
    for (const auto& [rel, texts] : cases[id].items()) {
      for (const auto& t : texts) {
        EXPECT_NE(messages[rel].find(t.get<std::string>()), std::string::npos)
            << id << ": the library says \"" << t.get<std::string>() << "\" of " << rel
            << ", no NL009 finding quotes it:\n"
            << messages[rel];
      }
    }
  }
}

}  // namespace
}  // namespace nsclint::testing
