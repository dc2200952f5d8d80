// The JSON reports are written by JsonWriter, not dumped by nlohmann: the
// text must be the same byte for byte, for every string (control
// characters, quotes, well-formed and ill-formed UTF-8) and every shape
// (nesting, empty containers, an indent to start from). Also: the
// fingerprints are the same on any number of threads.
#include "lint/report/json_stream.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "lint/report/report.h"

namespace nsclint {
namespace {

using report_internal::AppendJsonString;
using report_internal::Dump;
using report_internal::Json;
using report_internal::JsonWriter;

std::string Written(const std::string& s) {
  std::string out = "x";  // appended to what is there
  AppendJsonString(out, s);
  return out.substr(1);
}

// Bytes where escaping and UTF-8 decoding change behaviour.
const std::vector<unsigned char> kEdges = {0x00, 0x01, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1f, 0x20, '"',  '\\', '/',
                                           'a',  0x7e, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
                                           0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};

TEST(JsonStringTest, EveryShortStringAsNlohmannDumpsIt) {
  for (int a = 0; a < 256; ++a) {
    for (int b = -1; b < 256; ++b) {
      std::string s(1, static_cast<char>(a));
      if (b >= 0) s += static_cast<char>(b);
      ASSERT_EQ(Written(s), Dump(Json(s))) << "bytes " << a << " " << b;
    }
  }
  // Three edge bytes after any edge byte; four-byte sequences start at F0-F4.
  for (const unsigned char a : kEdges) {
    for (const unsigned char b : kEdges) {
      for (const unsigned char c : kEdges) {
        const std::string s{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        ASSERT_EQ(Written(s), Dump(Json(s)));
        if (a < 0xf0) continue;
        for (const unsigned char d : kEdges) {
          const std::string t = s + static_cast<char>(d);
          ASSERT_EQ(Written(t), Dump(Json(t)));
        }
      }
    }
  }
}

TEST(JsonStringTest, LongStringsAsNlohmannDumpsThem) {
  // Mostly plain text, which is copied 8 bytes at a time, with edges and
  // whole UTF-8 sequences (valid and cut short) at random places.
  const std::vector<std::string> pieces = {"é",        "…",  "😀",  "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80",
                                           "\xc0\xaf", "\"", "\\", "\n",       "\x01",         "\x7f"};
  std::mt19937 rng(17);
  for (int n = 0; n < 200000; ++n) {
    std::string s;
    const size_t length = rng() % 80;
    while (s.size() < length) {
      const auto roll = rng() % 100;
      if (roll < 80)
        s += static_cast<char>('a' + rng() % 26);
      else if (roll < 90)
        s += pieces[rng() % pieces.size()];
      else
        s += static_cast<char>(kEdges[rng() % kEdges.size()]);
    }
    ASSERT_EQ(Written(s), Dump(Json(s))) << s;
  }
}

Json RandomValue(std::mt19937& rng, int depth) {
  const auto kind = rng() % (depth >= 5 ? 4 : 7);
  switch (kind) {
    case 0:
      return Json(nullptr);
    case 1:
      return Json(rng() % 2 == 0);
    case 2:
      return Json(static_cast<int64_t>(rng()) - (int64_t{1} << 31));
    case 3: {
      std::string s;
      for (size_t n = rng() % 12; n > 0; --n) s += static_cast<char>(kEdges[rng() % kEdges.size()]);
      return Json(s);
    }
    case 4:
    case 5: {
      Json object = Json::object();
      for (size_t n = rng() % 5; n > 0; --n) object["k" + std::to_string(rng() % 1000)] = RandomValue(rng, depth + 1);
      return object;
    }
    default: {
      Json array = Json::array();
      for (size_t n = rng() % 5; n > 0; --n) array.push_back(RandomValue(rng, depth + 1));
      return array;
    }
  }
}

void WriteValue(JsonWriter& w, const Json& v) {
  if (v.is_null()) {
    w.Null();
  } else if (v.is_boolean()) {
    w.Bool(v.get<bool>());
  } else if (v.is_number_integer()) {
    w.Int(v.get<int64_t>());
  } else if (v.is_string()) {
    w.String(v.get<std::string>());
  } else if (v.is_object()) {
    w.BeginObject();
    for (const auto& [key, value] : v.items()) {
      w.Key(key);
      WriteValue(w, value);
    }
    w.EndObject();
  } else {
    w.BeginArray();
    for (const Json& value : v) WriteValue(w, value);
    w.EndArray();
  }
}

TEST(JsonWriterTest, WritesWhatDumpWrites) {
  std::mt19937 rng(8);
  for (int n = 0; n < 20000; ++n) {
    const Json value = RandomValue(rng, 0);
    std::string out;
    JsonWriter w(out, 0);
    WriteValue(w, value);
    ASSERT_EQ(out, Dump(value));
    // From an indent: what Dump gives with the indent after every line break
    // (a value nested in a document at that depth).
    std::string indented;
    JsonWriter at(indented, 6);
    WriteValue(at, value);
    std::string expected;
    for (const char c : Dump(value)) {
      expected += c;
      if (c == '\n') expected += "      ";
    }
    ASSERT_EQ(indented, expected);
  }
}

TEST(FingerprintListTest, SameOnAnyNumberOfThreadsAsCountedOneByOne) {
  // Enough findings for several slices, with repeated bases (same rule,
  // entity and qualifier) far apart and a path standing in for empty keys.
  std::vector<Finding> findings;
  for (int i = 0; i < 30000; ++i) {
    Finding f;
    f.rule_id = i % 3 == 0 ? "NL103" : "NL202";
    f.entity = Entity{"user", "u", i % 5 == 0 ? "" : "U" + std::to_string(i % 7000), "op/A/u"};
    f.qualifier = i % 11 == 0 ? "pub.allow" : "";
    f.file = "store/u" + std::to_string(i % 900) + ".jwt";
    f.abs_file = i % 13 == 0 ? std::string() : "/repo/store/u" + std::to_string(i % 900) + ".jwt";
    findings.push_back(f);
  }
  std::vector<std::string> expected;
  std::map<std::string, int> seen;
  for (const Finding& f : findings) {
    std::string path;
    if (f.entity.key.empty()) {
      path = RelativeTo(f.abs_file, "/repo");
      if (path.empty()) path = f.abs_file.empty() ? f.file.str() : f.abs_file.str();
    }
    const std::string base = FingerprintBase(f, path);
    expected.push_back(base + ":" + std::to_string(++seen[base]));
  }
  for (const unsigned jobs : {1u, 2u, 3u, 8u}) {
    EXPECT_EQ(FindingFingerprints(findings, "/repo", jobs), expected) << jobs << " threads";
  }
}

}  // namespace
}  // namespace nsclint
