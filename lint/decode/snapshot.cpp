#include "lint/decode/snapshot.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>

#include "lint/base/json_util.h"
#include "lint/base/util.h"
#include "lint/decode/token.h"

namespace nsclint {
namespace {

using json::Value;

// Reads typed members; the first shape error wins and names the file and the field.
class Shape {
 public:
  explicit Shape(std::string display) : display_(std::move(display)) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  void Fail(const std::string& what) {
    if (error_.empty()) error_ = display_ + ": " + what;
  }

  // Optional string member; "" when absent or null.
  std::string String(const Value& obj, std::string_view key, const std::string& where) {
    const Value* v = json::Member(obj, key);
    if (v == nullptr) return "";
    if (!v->IsString()) {
      Fail(where + "." + std::string(key) + " is not a string");
      return "";
    }
    return json::Printable(std::string_view(v->GetString(), v->GetStringLength()));
  }

  // Optional non-negative integer member; 0 when absent or null.
  int64_t Count(const Value& obj, std::string_view key, const std::string& where) {
    const Value* v = json::Member(obj, key);
    if (v == nullptr) return 0;
    if (!v->IsInt64() || v->GetInt64() < 0) {
      Fail(where + "." + std::string(key) + " is not a non-negative integer");
      return 0;
    }
    return v->GetInt64();
  }

  // Optional object member; nullptr when absent or null.
  const Value* Object(const Value& obj, std::string_view key, const std::string& where) {
    const Value* v = json::Member(obj, key);
    if (v == nullptr) return nullptr;
    if (!v->IsObject()) {
      Fail(where + "." + std::string(key) + " is not an object");
      return nullptr;
    }
    return v;
  }

 private:
  std::string display_;
  std::string error_;
};

// Parses `text` as one JSON object; "" or the error.
std::string ParseObject(std::string_view text, const std::string& display, rapidjson::Document* doc) {
  if (text.size() > kMaxSnapshotBytes) return display + ": larger than 64 MiB; not read";
  doc->Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc->HasParseError()) {
    return display + ": not valid JSON (" + rapidjson::GetParseError_En(doc->GetParseError()) + " at offset " +
           std::to_string(doc->GetErrorOffset()) + ")";
  }
  if (!doc->IsObject()) return display + ": not a monitoring snapshot (the JSON is not an object)";
  return "";
}

// The `sub` of a connection's user JWT, "" when it does not decode.
std::string JwtSubject(const std::string& token) {
  std::string error;
  auto jwt = DecodeJwt(token, &error);
  if (!jwt || !jwt->payload || !jwt->payload->IsObject()) return "";
  const Value* sub = json::Member(*jwt->payload, "sub");
  if (sub == nullptr || !sub->IsString()) return "";
  return json::Printable(std::string_view(sub->GetString(), sub->GetStringLength()));
}

std::string ReadBounded(const std::string& path, std::string* content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return json::Printable(path) + ": cannot read the snapshot: " + std::strerror(errno);
  content->resize(kMaxSnapshotBytes + 1);
  in.read(content->data(), static_cast<std::streamsize>(content->size()));
  content->resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return json::Printable(path) + ": cannot read the snapshot: " + std::strerror(errno);
  return "";
}

}  // namespace

std::string ParseConnz(std::string_view text, const std::string& display, Activity* activity) {
  rapidjson::Document doc;
  if (auto e = ParseObject(text, display, &doc); !e.empty()) return e;
  if (!doc.HasMember("connections") && json::Member(doc, "connections") == nullptr) {
    if (json::Member(doc, "account_statz") != nullptr) {
      return display + ": an /accstatz snapshot, not /connz (pass it with --accstatz)";
    }
    return display + ": not a /connz snapshot (no \"connections\" array; save /connz?auth=true)";
  }
  const Value* conns = json::Member(doc, "connections");  // null: no connections
  if (conns != nullptr && !conns->IsArray())
    return display + ": not a /connz snapshot (\"connections\" is not an array)";
  Shape shape(display);
  std::vector<ConnRecord> records;
  if (conns != nullptr) {
    for (rapidjson::SizeType i = 0; i < conns->Size() && !shape.failed(); ++i) {
      const Value& c = (*conns)[i];
      const std::string where = "connections[" + std::to_string(i) + "]";
      if (!c.IsObject()) {
        shape.Fail(where + " is not an object");
        break;
      }
      ConnRecord r;
      r.user_key = shape.String(c, "authorized_user", where);
      std::string jwt = shape.String(c, "jwt", where);
      // 2.9.10 keeps no authorized_user for closed JWT users: the JWT still names them.
      if (r.user_key.empty() && !jwt.empty()) r.user_key = JwtSubject(jwt);
      r.name_tag = shape.String(c, "name_tag", where);
      r.account = shape.String(c, "account", where);
      r.reason = shape.String(c, "reason", where);
      std::string stop = shape.String(c, "stop", where);
      if (!stop.empty()) {
        auto t = ParseTime(stop);
        if (!t) {
          shape.Fail(where + ".stop is not an RFC 3339 time");
          break;
        }
        r.open = false;
        r.stop = *t;
      }
      records.push_back(std::move(r));
    }
  }
  if (shape.failed()) return shape.error();
  activity->connz_files.push_back(display);
  for (auto& r : records) activity->connections.push_back(std::move(r));
  return "";
}

std::string ParseAccstatz(std::string_view text, const std::string& display, Activity* activity) {
  rapidjson::Document doc;
  if (auto e = ParseObject(text, display, &doc); !e.empty()) return e;
  if (json::Member(doc, "account_statz") == nullptr && !doc.HasMember("account_statz")) {
    if (json::Member(doc, "connections") != nullptr || doc.HasMember("connections")) {
      return display + ": a /connz snapshot, not /accstatz (pass it with --connz)";
    }
    return display + ": not an /accstatz snapshot (no \"account_statz\" array; save /accstatz?unused=true)";
  }
  const Value* list = json::Member(doc, "account_statz");
  if (list != nullptr && !list->IsArray()) {
    return display + ": not an /accstatz snapshot (\"account_statz\" is not an array)";
  }
  Shape shape(display);
  std::vector<std::pair<std::string, AccountStat>> stats;
  if (list != nullptr) {
    for (rapidjson::SizeType i = 0; i < list->Size() && !shape.failed(); ++i) {
      const Value& a = (*list)[i];
      const std::string where = "account_statz[" + std::to_string(i) + "]";
      if (!a.IsObject()) {
        shape.Fail(where + " is not an object");
        break;
      }
      std::string acc = shape.String(a, "acc", where);
      if (acc.empty() && !shape.failed()) shape.Fail(where + " has no \"acc\"");
      AccountStat s;
      s.conns = shape.Count(a, "conns", where);
      s.leafnodes = shape.Count(a, "leafnodes", where);
      if (const Value* sent = shape.Object(a, "sent", where)) s.sent_msgs = shape.Count(*sent, "msgs", where + ".sent");
      if (const Value* recv = shape.Object(a, "received", where)) {
        s.received_msgs = shape.Count(*recv, "msgs", where + ".received");
      }
      stats.emplace_back(std::move(acc), s);
    }
  }
  if (shape.failed()) return shape.error();
  activity->accstatz_files.push_back(display);
  for (const auto& [acc, s] : stats) {
    AccountStat& sum = activity->accounts[acc];
    // Saturate: hostile counts must not overflow.
    auto add = [](int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; };
    sum.conns = add(sum.conns, s.conns);
    sum.leafnodes = add(sum.leafnodes, s.leafnodes);
    sum.sent_msgs = add(sum.sent_msgs, s.sent_msgs);
    sum.received_msgs = add(sum.received_msgs, s.received_msgs);
  }
  return "";
}

std::string LoadConnz(const std::string& path, Activity* activity) {
  std::string content;
  if (auto e = ReadBounded(path, &content); !e.empty()) return e;
  return ParseConnz(content, json::Printable(path), activity);
}

std::string LoadAccstatz(const std::string& path, Activity* activity) {
  std::string content;
  if (auto e = ReadBounded(path, &content); !e.empty()) return e;
  return ParseAccstatz(content, json::Printable(path), activity);
}

}  // namespace nsclint
