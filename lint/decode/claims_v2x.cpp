#include "lint/decode/claims_v2x.h"

#include <string>
#include <utility>

namespace nsclint {
namespace {

using json::Member;
using json::Value;

void ReadAuthorization(json::Reader& r, const Value& nats, CalloutConfig* out) {
  const Value* auth = r.Object(nats, "authorization", "nats");
  if (auth == nullptr) return;
  out->present = true;
  out->auth_users = r.StringList(*auth, "auth_users", "authorization");
  out->allowed_accounts = r.StringList(*auth, "allowed_accounts", "authorization");
  out->xkey = r.String(*auth, "xkey", "authorization").value_or("");
}

// jwt WeightedMapping: `weight` is a uint8, so anything outside 0-255 (or
// not an integer) fails Go's decode of the whole token.
void ReadMappings(json::Reader& r, const Value& nats, FeatureClaims* out) {
  const Value* maps = r.Object(nats, "mappings", "nats");
  if (maps == nullptr) return;
  for (auto it = maps->MemberBegin(); it != maps->MemberEnd(); ++it) {
    std::string from(it->name.GetString(), it->name.GetStringLength());
    auto& dests = out->mappings[from];
    if (it->value.IsNull()) continue;
    if (!it->value.IsArray()) {
      r.Fail("mappings." + json::Printable(from) + " is not a list");
      continue;
    }
    for (const auto& d : it->value.GetArray()) {
      if (!d.IsObject()) {
        if (!d.IsNull()) r.Fail("mappings." + json::Printable(from) + " holds an entry that is not an object");
        continue;
      }
      MappingDest m;
      m.subject = r.String(d, "subject", "mappings").value_or("");
      m.cluster = r.String(d, "cluster", "mappings").value_or("");
      if (const Value* w = Member(d, "weight")) {
        if (w->IsInt64() && w->GetInt64() >= 0 && w->GetInt64() <= 255) {
          m.weight = static_cast<int>(w->GetInt64());
        } else {
          r.Fail("mappings." + json::Printable(from) +
                 " has a weight that is not an integer from 0 to 255 (Go decodes it as uint8)");
        }
      }
      dests.push_back(std::move(m));
    }
  }
}

void ReadTrace(json::Reader& r, const Value& nats, FeatureClaims* out) {
  const Value* trace = r.Object(nats, "trace", "nats");
  if (trace == nullptr) return;
  TraceConfig t;
  t.dest = r.String(*trace, "dest", "trace").value_or("");
  t.sampling = r.Int(*trace, "sampling", "trace").value_or(0);
  out->trace = std::move(t);
}

// jwt JetStreamLimits: every field but max_bytes_required is an int64.
JetStreamValues ReadJetStream(json::Reader& r, const Value& obj, std::string_view where) {
  JetStreamValues v;
  static constexpr const char* kInts[] = {
      "mem_storage",          "disk_storage",         "streams", "consumer", "max_ack_pending",
      "mem_max_stream_bytes", "disk_max_stream_bytes"};
  for (const char* k : kInts) {
    const int64_t x = r.Int(obj, k, where).value_or(0);
    if (x != 0) v.any = true;
    if (std::string_view(k) == "mem_storage") v.mem_storage = x;
    if (std::string_view(k) == "disk_storage") v.disk_storage = x;
  }
  if (r.Bool(obj, "max_bytes_required", where).value_or(false)) v.any = true;
  return v;
}

void ReadTiers(json::Reader& r, const Value& nats, FeatureClaims* out) {
  const Value* limits = Member(nats, "limits");
  if (limits == nullptr || !limits->IsObject()) return;
  out->flat_jetstream = ReadJetStream(r, *limits, "limits");
  const Value* tiers = r.Object(*limits, "tiered_limits", "limits");
  if (tiers == nullptr) return;
  for (auto it = tiers->MemberBegin(); it != tiers->MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (it->value.IsNull()) {
      out->tiers[name] = {};
      continue;
    }
    if (!it->value.IsObject()) {
      r.Fail("limits.tiered_limits." + json::Printable(name) + " is not an object");
      continue;
    }
    out->tiers[name] = ReadJetStream(r, it->value, "tiered_limits");
  }
}

// allow_trace of the i-th export/import, in the order ReadExports/ReadImports keep them.
template <typename List>
void ReadAllowTrace(json::Reader& r, const Value& nats, const char* member, List* list) {
  const Value* arr = Member(nats, member);
  if (arr == nullptr || !arr->IsArray()) return;
  size_t i = 0;
  for (const auto& e : arr->GetArray()) {
    if (!e.IsObject()) continue;
    if (i < list->size()) (*list)[i].allow_trace = r.Bool(e, "allow_trace", member).value_or(false);
    ++i;
  }
}

}  // namespace

void ReadFeatureClaims(json::Reader& r, const Value& nats, Account* a) {
  FeatureClaims& f = a->features;
  ReadAuthorization(r, nats, &f.authorization);
  ReadMappings(r, nats, &f);
  ReadTrace(r, nats, &f);
  if (const auto ct = r.String(nats, "cluster_traffic", "nats")) f.cluster_traffic = *ct;
  ReadTiers(r, nats, &f);
  ReadAllowTrace(r, nats, "exports", &a->exports);
  ReadAllowTrace(r, nats, "imports", &a->imports);
}

}  // namespace nsclint
