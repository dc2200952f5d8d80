#include "lint/decode/claims.h"

#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

#include "lint/base/go_compat.h"
#include "lint/base/json_util.h"
#include "lint/base/util.h"
#include "lint/decode/claims_v2x.h"

namespace nsclint {
namespace {

using json::Member;
using json::Value;

void ReadPermission(json::Reader& r, const Value* obj, std::string_view where, Permission* out) {
  if (obj == nullptr) return;
  out->allow = r.PackedList(*obj, "allow", where);
  out->deny = r.PackedList(*obj, "deny", where);
}

void ReadPermissions(json::Reader& r, const Value& obj, std::string_view where, Permissions* out) {
  std::string w(where);
  ReadPermission(r, r.Object(obj, "pub", w), w.empty() ? "pub" : w + ".pub", &out->pub);
  ReadPermission(r, r.Object(obj, "sub", w), w.empty() ? "sub" : w + ".sub", &out->sub);
  if (const Value* resp = r.Object(obj, "resp", w)) {  // checked, not kept (Permissions)
    (void)r.Int(*resp, "max", "resp");
    (void)r.Int(*resp, "ttl", "resp");
  }
}

// time.LoadLocation's error on this machine, "" when the zone loads: asked
// once per name and thread (a store's users share a few zones).
std::string LocationError(const std::string& name) {
  thread_local std::map<std::string, std::string, std::less<>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, go::LoadLocationError(name).value_or("")).first;
  return it->second;
}

// A user's (or a scoped key template's) limits, checked the way Go decodes
// them (a wrong type fails the token). src, times and times_location come
// back for a user (NL009 judges them as jwt's Limits.Validate does); the
// library never validates a template's, so there they are only checked.
std::shared_ptr<const UserAccessLimits> ReadUserLimits(json::Reader& r, const Value& obj, std::string_view where) {
  (void)r.Int(obj, "subs", where);
  (void)r.Int(obj, "data", where);
  (void)r.Int(obj, "payload", where);
  UserAccessLimits out;
  // src: a list as written (a null entry is ""), or the legacy
  // comma-separated string, split, trimmed and lower-cased (jwt CIDRList.Set).
  if (const Value* src = Member(obj, "src"); src != nullptr) {
    if (src->IsString()) {
      for (const std::string& part : Split(std::string_view(src->GetString(), src->GetStringLength()), ',')) {
        std::string cidr = Trim(part);
        for (char& c : cidr) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!cidr.empty() && std::find(out.src.begin(), out.src.end(), cidr) == out.src.end()) {
          out.src.push_back(std::move(cidr));
        }
      }
    } else if (src->IsArray()) {
      for (const auto& item : src->GetArray()) {
        if (item.IsString()) {
          out.src.emplace_back(item.GetString(), item.GetStringLength());
        } else if (item.IsNull()) {
          out.src.emplace_back();
        } else {
          r.Fail(std::string(where) + ".src holds a non-string entry");
        }
      }
    } else {
      r.Fail(std::string(where) + ".src is neither a list nor a string");
    }
  }
  if (const Value* times = r.Array(obj, "times", where)) {
    for (const auto& t : times->GetArray()) {
      if (t.IsNull()) {
        out.times.emplace_back();  // Go decodes null as an empty range
      } else if (!t.IsObject()) {
        r.Fail(std::string(where) + ".times holds an entry that is not an object");
      } else {
        out.times.emplace_back(r.String(t, "start", "times").value_or(""), r.String(t, "end", "times").value_or(""));
      }
    }
  }
  out.location = r.String(obj, "times_location", where).value_or("");
  if (out.src.empty() && out.times.empty() && out.location.empty()) return nullptr;
  if (!out.location.empty() && where != "template") out.location_error = LocationError(out.location);
  return std::make_shared<const UserAccessLimits>(std::move(out));
}

// Whether the user's `nats` member `k` (one of kScopedFieldNames) holds
// something other than Go's zero value.
bool NonZeroScopedField(const Value& nats, std::string_view k) {
  const Value* v = Member(nats, k);
  if (v == nullptr) return false;
  if (k == "pub" || k == "sub")
    return v->IsObject() && (Member(*v, "allow") != nullptr || Member(*v, "deny") != nullptr);
  if (k == "times_location") return v->IsString() && v->GetStringLength() > 0;
  if (k == "subs" || k == "data" || k == "payload") return !(v->IsNumber() && v->GetDouble() == 0);
  if (k == "bearer_token") return v->IsBool() && v->GetBool();
  return true;  // resp, src, times, allowed_connection_types: set at all
}

// Fields that must hold Go zero values for a user issued by a scoped key, a
// bit each (kScopedFieldNames).
uint16_t NonZeroScopedFields(const Value& nats) {
  uint16_t out = 0;
  for (size_t i = 0; i < std::size(kScopedFieldNames); ++i) {
    if (NonZeroScopedField(nats, kScopedFieldNames[i])) out = static_cast<uint16_t>(out | (1u << i));
  }
  return out;
}

LimitState ReadLimitState(const Value& obj, std::string_view k) {
  const Value* v = Member(obj, k);
  if (v == nullptr || !v->IsNumber()) return LimitState::kAbsent;
  return v->GetDouble() == 0 ? LimitState::kZero : LimitState::kSet;
}

// The server upper-cases each value and ignores the ones it does not know.
WorkLimits ReadWorkLimits(const Value& obj) {
  WorkLimits w;
  w.subs = ReadLimitState(obj, "subs");
  w.payload = ReadLimitState(obj, "payload");
  if (const Value* p = Member(obj, "proxy_required"); p != nullptr && p->IsBool()) w.proxy_required = p->GetBool();
  const Value* types = Member(obj, "allowed_connection_types");
  if (types == nullptr || !types->IsArray()) return w;
  static constexpr std::pair<std::string_view, uint8_t> kKnown[] = {
      {"STANDARD", kConnStandard},      {"WEBSOCKET", kConnWebsocket}, {"LEAFNODE", kConnLeafnode},
      {"LEAFNODE_WS", kConnLeafnodeWs}, {"MQTT", kConnMqtt},           {"MQTT_WS", kConnMqttWs},
      {"IN_PROCESS", kConnInProcess}};
  for (const auto& t : types->GetArray()) {
    if (!t.IsString()) continue;
    w.connection_types_set = true;
    std::string upper(t.GetString(), t.GetStringLength());
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool known = false;
    for (const auto& [name, bit] : kKnown) {
      if (upper == name) {
        w.connection_types = static_cast<uint8_t>(w.connection_types | bit);
        known = true;
      }
    }
    w.unknown_connection_type = w.unknown_connection_type || !known;
  }
  return w;
}

bool ValidImportExportType(const std::string& t) {
  return t == "stream" || t == "service";
}

// An export's service_latency as jwt decodes it: `sampling` a whole number or
// "headers" (any case, read as 0), `results` a string.
std::optional<ServiceLatency> ReadLatency(json::Reader& r, const Value& export_obj) {
  const Value* l = r.Object(export_obj, "service_latency", "export");
  if (l == nullptr) return std::nullopt;
  ServiceLatency out;
  if (const Value* s = Member(*l, "sampling"); s != nullptr) {
    std::string text = s->IsString() ? std::string(s->GetString(), s->GetStringLength()) : "";
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "headers") {
      out.sampling = 0;
    } else if (s->IsInt64()) {
      out.sampling = s->GetInt64();
    } else {
      r.Fail("service_latency.sampling is neither a whole number nor \"headers\"");
    }
  }
  out.results = r.String(*l, "results", "service_latency").value_or("");
  return out;
}

void ReadExports(json::Reader& r, const Value& nats, Account* a) {
  const Value* list = r.Array(nats, "exports", "nats");
  if (list == nullptr) return;
  for (const auto& e : list->GetArray()) {
    if (e.IsNull()) ++a->null_exports;
    if (!e.IsObject()) continue;
    Export ex;
    ex.name = r.String(e, "name", "export").value_or("");
    ex.subject = r.String(e, "subject", "export").value_or("");
    ex.type = r.String(e, "type", "export").value_or("");
    // Absent is jwt's Unknown type (Validate rejects it, NL009); any other
    // text, "" included, fails the decoder.
    if ((!ex.type.empty() || Member(e, "type") != nullptr) && !ValidImportExportType(ex.type)) {
      r.Fail("export type \"" + json::Printable(ex.type) + "\" is unknown");
    }
    ex.token_req = r.Bool(e, "token_req", "export").value_or(false);
    if (const Value* rev = r.Object(e, "revocations", "export")) {
      for (auto it = rev->MemberBegin(); it != rev->MemberEnd(); ++it) {
        std::string key(it->name.GetString(), it->name.GetStringLength());
        if (it->value.IsInt64())
          ex.revocations[key] = it->value.GetInt64();
        else
          r.Fail("export revocation time is not an integer");
      }
    }
    ex.response_type = r.String(e, "response_type", "export").value_or("");
    ex.response_threshold = r.Int(e, "response_threshold", "export").value_or(0);
    ex.account_token_position = r.Int(e, "account_token_position", "export").value_or(0);
    if (ex.account_token_position < 0) r.Fail("export account_token_position is negative (Go decodes a uint)");
    ex.advertise = r.Bool(e, "advertise", "export").value_or(false);
    ex.description = r.String(e, "description", "export").value_or("");
    ex.info_url = r.String(e, "info_url", "export").value_or("");
    ex.latency = ReadLatency(r, e);
    a->exports.push_back(std::move(ex));
  }
}

void ReadImports(json::Reader& r, const Value& nats, Account* a) {
  const Value* list = r.Array(nats, "imports", "nats");
  if (list == nullptr) return;
  for (const auto& e : list->GetArray()) {
    if (e.IsNull()) ++a->null_imports;
    if (!e.IsObject()) continue;
    Import im;
    im.name = r.String(e, "name", "import").value_or("");
    im.subject = r.String(e, "subject", "import").value_or("");
    im.account = r.String(e, "account", "import").value_or("");
    im.token = r.String(e, "token", "import").value_or("");
    im.to = r.String(e, "to", "import").value_or("");
    im.local_subject = r.String(e, "local_subject", "import").value_or("");
    im.type = r.String(e, "type", "import").value_or("");
    if ((!im.type.empty() || Member(e, "type") != nullptr) && !ValidImportExportType(im.type)) {
      r.Fail("import type \"" + json::Printable(im.type) + "\" is unknown");
    }
    im.share = r.Bool(e, "share", "import").value_or(false);
    a->imports.push_back(std::move(im));
  }
}

void ReadAccount(json::Reader& r, const Value& nats, Account* a) {
  ReadImports(r, nats, a);
  ReadExports(r, nats, a);
  if (const Value* limits = r.Object(nats, "limits", "nats")) {
    a->limits.present = true;
    for (auto it = limits->MemberBegin(); it != limits->MemberEnd(); ++it) {
      std::string key(it->name.GetString(), it->name.GetStringLength());
      if (it->value.IsInt64()) {
        a->limits.values[key] = it->value.GetInt64();
      } else if (it->value.IsNumber()) {
        r.Fail("limits." + json::Printable(key) + " is not an integer");
      }
    }
    // Every decoder drops the flat JetStream limits when tiers are present.
    auto storage = [](const Value& l) {
      for (const char* k : {"mem_storage", "disk_storage"}) {
        const Value* v = Member(l, k);
        if (v != nullptr && v->IsNumber() && v->GetDouble() != 0) return true;
      }
      return false;
    };
    const Value* tiers = Member(*limits, "tiered_limits");
    if (tiers != nullptr && tiers->IsObject() && tiers->MemberCount() > 0) {
      for (auto t = tiers->MemberBegin(); t != tiers->MemberEnd(); ++t) {
        if (t->value.IsObject() && storage(t->value)) a->limits.jetstream = true;
      }
    } else {
      a->limits.jetstream = storage(*limits);
    }
    a->limits.wildcards = r.Bool(*limits, "wildcards", "limits");
    a->limits.disallow_bearer = r.Bool(*limits, "disallow_bearer", "limits");
  }
  if (const Value* sks = r.Array(nats, "signing_keys", "nats")) {
    for (const auto& sk : sks->GetArray()) {
      SigningKey k;
      if (sk.IsString()) {
        k.key.assign(sk.GetString(), sk.GetStringLength());
      } else if (sk.IsObject()) {
        std::string kind = r.String(sk, "kind", "signing_keys").value_or("");
        if (kind != "user_scope") {
          r.Fail("signing key kind \"" + json::Printable(kind) + "\" is unknown");
          continue;
        }
        k.scoped = true;
        k.key = r.String(sk, "key", "signing_keys").value_or("");
        k.role = r.String(sk, "role", "signing_keys").value_or("");
        k.description = r.String(sk, "description", "signing_keys").value_or("");
        if (const Value* t = r.Object(sk, "template", "signing_keys")) {
          ReadPermissions(r, *t, "template", &k.template_permissions);
          (void)ReadUserLimits(r, *t, "template");
          k.template_bearer_token = r.Bool(*t, "bearer_token", "template").value_or(false);
          k.template_limits = ReadWorkLimits(*t);
        }
      } else {
        r.Fail("nats.signing_keys holds an entry that is neither a key nor an object");
        continue;
      }
      a->signing_keys.push_back(std::move(k));
    }
  }
  if (const Value* rev = r.Object(nats, "revocations", "nats")) {
    for (auto it = rev->MemberBegin(); it != rev->MemberEnd(); ++it) {
      std::string key(it->name.GetString(), it->name.GetStringLength());
      if (it->value.IsInt64())
        a->revocations[key] = it->value.GetInt64();
      else
        r.Fail("nats.revocations time is not an integer");
    }
  }
  if (const Value* dp = r.Object(nats, "default_permissions", "nats")) {
    Permissions p;
    ReadPermissions(r, *dp, "default_permissions", &p);
    a->default_permissions = std::move(p);
  }
  if (const Value* maps = r.Object(nats, "mappings", "nats")) {
    for (auto it = maps->MemberBegin(); it != maps->MemberEnd(); ++it) {
      std::string from(it->name.GetString(), it->name.GetStringLength());
      auto& dests = a->mappings[from];
      if (!it->value.IsArray()) continue;
      for (const auto& d : it->value.GetArray()) {
        if (d.IsObject()) dests.push_back(r.String(d, "subject", "mappings").value_or(""));
      }
    }
  }
  a->description = r.String(nats, "description", "nats").value_or("");
  a->info_url = r.String(nats, "info_url", "nats").value_or("");
  ReadFeatureClaims(r, nats, a);
}

void ReadUser(json::Reader& r, const Value& nats, User* u) {
  ReadPermissions(r, nats, "", &u->permissions);
  u->access = ReadUserLimits(r, nats, "nats");
  u->bearer_token = r.Bool(nats, "bearer_token", "nats").value_or(false);
  (void)r.StringList(nats, "allowed_connection_types", "nats");
  u->non_zero_scoped_fields = NonZeroScopedFields(nats);
  u->limits = ReadWorkLimits(nats);
}

void ReadOperator(json::Reader& r, const Value& nats, Operator* o) {
  o->signing_keys = r.StringList(nats, "signing_keys", "nats");
  o->system_account = r.String(nats, "system_account", "nats").value_or("");
  o->strict_signing_key_usage = r.Bool(nats, "strict_signing_key_usage", "nats").value_or(false);
  o->account_server_url = r.String(nats, "account_server_url", "nats").value_or("");
  o->operator_service_urls = r.StringList(nats, "operator_service_urls", "nats");
  o->assert_server_version = r.String(nats, "assert_server_version", "nats").value_or("");
  if (!o->assert_server_version.empty()) {
    o->asserted_server_version =
        ParseAssertedServerVersion(o->assert_server_version, &o->asserted_server_version_error);
  }
}

// The breakdown NL201 prints: the JSON size of each `nats` member that grows
// over time (name and punctuation included; a repeated member counts once,
// the last one, as the decoder keeps it), times 4/3 for base64url, summed by
// what it is.
TokenBase::SectionBytes GrowingSections(const Value& nats) {
  enum { kImports, kExports, kSigningKeys, kRevocations, kPermissions, kMappings };
  static constexpr std::pair<std::string_view, int> kMembers[] = {
      {"imports", kImports},          {"exports", kExports},
      {"signing_keys", kSigningKeys}, {"revocations", kRevocations},
      {"pub", kPermissions},          {"sub", kPermissions},
      {"resp", kPermissions},         {"default_permissions", kPermissions},
      {"src", kPermissions},          {"times", kPermissions},
      {"mappings", kMappings}};
  constexpr size_t kCount = sizeof(kMembers) / sizeof(kMembers[0]);
  size_t bytes[kCount] = {};
  // The writer's output is counted, not kept: the same bytes it would write.
  struct Counter {
    using Ch = char;
    size_t size = 0;
    void Put(Ch) { ++size; }
    void Flush() {}
  };
  // The writer's nesting stack lives on this stack (deeper JSON takes more
  // from the heap): no allocation per token.
  char stack_buffer[1024];
  rapidjson::MemoryPoolAllocator<> stack_allocator(stack_buffer, sizeof stack_buffer);
  Counter counter;
  rapidjson::Writer<Counter, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>> writer(
      counter, &stack_allocator);
  for (auto it = nats.MemberBegin(); it != nats.MemberEnd(); ++it) {
    const std::string_view name(it->name.GetString(), it->name.GetStringLength());
    for (size_t k = 0; k < kCount; ++k) {
      if (kMembers[k].first != name) continue;
      counter.size = 0;
      writer.Reset(counter);
      it->value.Accept(writer);
      bytes[k] = counter.size + name.size() + 4;  // "name": value,
    }
  }
  uint32_t sums[kMappings + 1] = {};
  for (size_t k = 0; k < kCount; ++k) sums[kMembers[k].second] += static_cast<uint32_t>(bytes[k] * 4 / 3);
  return TokenBase::SectionBytes{sums[kImports],     sums[kExports],     sums[kSigningKeys],
                                 sums[kRevocations], sums[kPermissions], sums[kMappings]};
}

}  // namespace

std::optional<ParsedClaims> ParseClaims(const DecodedJwt& jwt, std::string* error) {
  const Value& root = *jwt.payload;
  json::Reader r;
  TokenBase base;
  base.encoded_size = jwt.token.size();
  base.v1 = jwt.v1;
  (void)r.String(root, "jti", "");  // Go fails a token whose jti is not a string (not kept)
  base.sub = r.String(root, "sub", "").value_or("");
  base.iss = r.String(root, "iss", "").value_or("");
  base.name = json::Printable(Trim(r.String(root, "name", "").value_or("")));
  base.iat = r.Int(root, "iat", "").value_or(0);
  base.exp = r.Int(root, "exp", "").value_or(0);
  base.nbf = r.Int(root, "nbf", "").value_or(0);

  const Value* nats = r.Object(root, "nats", "");
  static const Value kEmpty(rapidjson::kObjectType);
  const Value& body = nats != nullptr ? *nats : kEmpty;
  base.section_bytes = GrowingSections(body);

  std::string type;
  int64_t version = 1;
  if (jwt.v1) {
    type = r.String(root, "type", "").value_or("");
    base.tags = r.StringList(root, "tags", "");
    base.issuer_account = r.String(root, "issuer_account", "").value_or("");
    base.version = 1;
  } else {
    type = r.String(body, "type", "nats").value_or("");
    version = r.Int(body, "version", "nats").value_or(0);
    // Clamped, not truncated: 4294967298 must not pass for version 2.
    base.version = static_cast<int>(std::clamp<int64_t>(version, -1, 3));
    base.tags = r.StringList(body, "tags", "nats");
    base.issuer_account = r.String(body, "issuer_account", "nats").value_or("");
  }
  if (!r.ok()) {
    *error = r.errors().front();
    return std::nullopt;
  }
  if (base.sub.empty()) {
    *error = "the claims have no \"sub\"";
    return std::nullopt;
  }
  if (base.iss.empty()) {
    *error = "the claims have no \"iss\"";
    return std::nullopt;
  }

  ParsedClaims out;
  if (type == "operator")
    out.type = TokenType::kOperator;
  else if (type == "account")
    out.type = TokenType::kAccount;
  else if (type == "user")
    out.type = TokenType::kUser;
  else if (type == "activation")
    out.type = TokenType::kActivation;
  else if (type == "generic" || type == "authorization_request" || type == "authorization_response") {
    out.type = TokenType::kGeneric;
  } else if (type.empty()) {
    *error = jwt.v1 ? "the claims have no \"type\"" : "the claims have no \"nats.type\"";
    return std::nullopt;
  } else {
    *error = "unknown token type \"" + json::Printable(type) + "\"";
    return std::nullopt;
  }
  if (!jwt.v1 && out.type != TokenType::kGeneric) {
    if (base.version == 0) {
      *error = "the " + type +
               " claims have no \"nats.version\": the server cannot decode them "
               "(\"library supports version 2 or less - received 0\")";
      return std::nullopt;
    }
    if (base.version > 2) {
      *error = "nats.version " + std::to_string(version) + " is newer than version 2";
      return std::nullopt;
    }
  }

  base.token_type = out.type;
  switch (out.type) {
    case TokenType::kOperator: {
      Operator o;
      static_cast<TokenBase&>(o) = std::move(base);
      ReadOperator(r, body, &o);
      out.op = std::move(o);
      break;
    }
    case TokenType::kAccount: {
      Account a;
      static_cast<TokenBase&>(a) = std::move(base);
      ReadAccount(r, body, &a);
      out.account = std::move(a);
      break;
    }
    case TokenType::kUser: {
      User u;
      static_cast<TokenBase&>(u) = std::move(base);
      ReadUser(r, body, &u);
      out.user = std::move(u);
      break;
    }
    case TokenType::kActivation: {
      Activation act;
      static_cast<TokenBase&>(act) = std::move(base);
      act.subject = r.String(body, "subject", "nats").value_or("");
      // v1 keeps the import kind in nats.type; v2 in nats.kind.
      act.kind = r.String(body, jwt.v1 ? "type" : "kind", "nats").value_or("");
      out.activation = std::move(act);
      break;
    }
    case TokenType::kGeneric:
      break;
  }
  if (!r.ok()) {
    *error = r.errors().front();
    return std::nullopt;
  }
  return out;
}

}  // namespace nsclint
