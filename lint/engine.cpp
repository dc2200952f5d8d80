#include "lint/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <exception>
#include <thread>

#include "lint/decode.h"
#include "lint/discover.h"
#include "lint/registry.h"
#include "lint/snapshot.h"
#include "lint/timing.h"

namespace nsclint {
namespace {

template <typename To, typename From>
void Append(To* to, From* from) {
  to->insert(to->end(), std::make_move_iterator(from->begin()), std::make_move_iterator(from->end()));
}

void Merge(Fragment& f, Model* m) {
  const int acc_off = static_cast<int>(m->accounts.size());
  const int user_off = static_cast<int>(m->users.size());
  const int act_off = static_cast<int>(m->activations.size());
  for (auto& a : f.accounts) {
    for (auto& im : a.imports) {
      if (im.activation >= 0) im.activation += act_off;
    }
  }
  for (auto& act : f.activations) {
    if (act.importer_account >= 0) act.importer_account += acc_off;
  }
  for (auto& c : f.creds) {
    if (c.user >= 0) c.user += user_off;
  }
  Append(&m->operators, &f.operators);
  Append(&m->accounts, &f.accounts);
  Append(&m->users, &f.users);
  Append(&m->activations, &f.activations);
  Append(&m->creds, &f.creds);
  Append(&m->seeds, &f.seeds);
  Append(&m->problems, &f.problems);
  Append(&m->seed_sightings, &f.seed_sightings);
}

}  // namespace

Model BuildModel(std::vector<Candidate> candidates, std::vector<StoreInfo> stores,
                 unsigned jobs, size_t* files_scanned, const VerifyCache* cache,
                 std::vector<TokenDigest>* verified, size_t* cache_hits) {
  Model model;
  model.stores = std::move(stores);
  const size_t count = candidates.size();
  // Files are decoded by -j threads (this one included) in any order; this
  // thread also merges them into the model in candidate order as soon as the
  // next one is ready, and frees it. The model is the one a merge after all
  // decoding would give, but merging overlaps decoding and decoded files do
  // not pile up. No thread ever waits while there is a file left to decode.
  std::vector<std::unique_ptr<Fragment>> fragments(count);
  std::unique_ptr<std::atomic<bool>[]> ready(new std::atomic<bool>[count]);
  for (size_t i = 0; i < count; ++i) ready[i].store(false, std::memory_order_relaxed);
  std::atomic<size_t> next{0};
  auto decode = [&](size_t i) {
    fragments[i] = std::make_unique<Fragment>(ReadAndDecode(candidates[i], static_cast<int>(i), cache));
    ready[i].store(true, std::memory_order_release);
  };
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) decode(i);
  };
  auto timer = std::make_unique<timing::Scope>("read+decode+verify+merge");
  const unsigned n = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(count, 1))));
  // stdin cannot be shared between threads, but only one candidate reads it.
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);

  size_t scanned = 0;
  model.artifacts.reserve(count);
  for (size_t merged = 0; merged < count;) {
    if (!ready[merged].load(std::memory_order_acquire)) {
      size_t i = next++;
      if (i < count) {
        decode(i);
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(50));  // the last files are being decoded
      }
      continue;
    }
    Fragment& f = *fragments[merged];
    model.artifacts.push_back(std::move(candidates[merged].artifact));
    model.artifacts.back().mode = f.mode;
    if (f.nats_file) ++scanned;
    if (verified != nullptr) Append(verified, &f.verified);
    if (cache_hits != nullptr) *cache_hits += f.cache_hits;
    Merge(f, &model);
    fragments[merged].reset();  // its entities now live in the model
    ++merged;
  }
  for (auto& t : pool) t.join();
  timer.reset();
  if (files_scanned != nullptr) *files_scanned = scanned;
  timing::Scope link_timer("link");
  model.Link();
  return model;
}

std::vector<Finding> RunRules(const Model& model, const EngineOptions& options) {
  RuleSettings settings;
  settings.now = options.now;
  for (const auto& [k, v] : options.options) settings.options[k] = v;
  std::vector<const Rule*> enabled;
  for (const auto& rule : AllRules()) {
    if (options.disabled.count(std::string(rule.info.id)) == 0) enabled.push_back(&rule);
  }
  // Rules only read the model: they run side by side, each into its own
  // list; the sort below makes the result independent of the schedule.
  std::vector<std::vector<Finding>> per_rule(enabled.size());
  std::vector<std::exception_ptr> failures(enabled.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < enabled.size(); i = next++) {
      try {
        RuleContext ctx(enabled[i]->info, settings, &per_rule[i]);
        timing::Scope timer(enabled[i]->info.id);
        enabled[i]->check(model, ctx);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  unsigned n = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(enabled.size())));
  {
    timing::Scope timer("rules (wall)");
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  size_t total = 0;
  for (const auto& f : per_rule) total += f.size();
  std::vector<Finding> all;
  all.reserve(total);
  for (auto& f : per_rule) Append(&all, &f);
  timing::Scope timer("sort findings");
  // Sorted by index (a Finding is large: moved once, not at every step of
  // the sort), rule order breaking ties, so the first of equal findings is kept.
  std::vector<uint32_t> order(all.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (FindingLess(all[a], all[b])) return true;
    if (FindingLess(all[b], all[a])) return false;
    return a < b;
  });
  std::vector<Finding> findings;
  findings.reserve(all.size());
  for (size_t k = 0; k < order.size(); ++k) {
    Finding& f = all[order[k]];
    if (!findings.empty() && !FindingLess(findings.back(), f)) continue;  // equal to the one kept
    findings.push_back(std::move(f));
  }
  return findings;
}

EngineResult RunEngine(const EngineOptions& options) {
  EngineResult result;
  // Snapshots first: a bad one is a usage error, reported before any scanning.
  Activity activity;
  for (const auto& f : options.connz_files) {
    result.input_error = LoadConnz(f, &activity);
    if (!result.input_error.empty()) return result;
  }
  for (const auto& f : options.accstatz_files) {
    result.input_error = LoadAccstatz(f, &activity);
    if (!result.input_error.empty()) return result;
  }
  Discovery d;
  {
    timing::Scope timer("discover");
    d = Discover(options.paths);
  }
  result.notifications = std::move(d.notifications);
  result.fatal = d.fatal;
  result.model = BuildModel(std::move(d.candidates), std::move(d.stores), options.jobs, &result.files_scanned,
                            options.cache, &result.verified, &result.cache_hits);
  result.model.activity = std::move(activity);
  result.findings = RunRules(result.model, options);
  return result;
}

}  // namespace nsclint
