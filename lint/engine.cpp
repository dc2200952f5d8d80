#include "lint/engine.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "lint/decode.h"
#include "lint/discover.h"
#include "lint/registry.h"
#include "lint/snapshot.h"

namespace nsclint {
namespace {

template <typename T>
void Append(std::vector<T>* to, std::vector<T>* from) {
  to->insert(to->end(), std::make_move_iterator(from->begin()), std::make_move_iterator(from->end()));
}

void Merge(Fragment& f, Model* m) {
  const int op_off = static_cast<int>(m->operators.size());
  const int acc_off = static_cast<int>(m->accounts.size());
  const int user_off = static_cast<int>(m->users.size());
  const int act_off = static_cast<int>(m->activations.size());
  (void)op_off;
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

Model BuildModel(const std::vector<Candidate>& candidates, std::vector<StoreInfo> stores,
                 unsigned jobs, size_t* files_scanned) {
  Model model;
  model.stores = std::move(stores);
  std::vector<Fragment> fragments(candidates.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < candidates.size(); i = next++) {
      fragments[i] = ReadAndDecode(candidates[i], static_cast<int>(i));
    }
  };
  unsigned n = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(candidates.size())));
  // stdin cannot be shared between threads, but only one candidate reads it.
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();

  size_t scanned = 0;
  model.artifacts.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    model.artifacts.push_back(candidates[i].artifact);
    model.artifacts.back().mode = fragments[i].mode;
    if (fragments[i].nats_file) ++scanned;
    Merge(fragments[i], &model);
  }
  if (files_scanned != nullptr) *files_scanned = scanned;
  model.Link();
  return model;
}

std::vector<Finding> RunRules(const Model& model, const EngineOptions& options) {
  RuleSettings settings;
  settings.now = options.now;
  for (const auto& [k, v] : options.options) settings.options[k] = v;
  std::vector<Finding> findings;
  for (const auto& rule : AllRules()) {
    if (options.disabled.count(std::string(rule.info.id)) != 0) continue;
    RuleContext ctx(rule.info, settings, &findings);
    rule.check(model, ctx);
  }
  std::sort(findings.begin(), findings.end(), FindingLess);
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return !FindingLess(a, b) && !FindingLess(b, a);
                             }),
                 findings.end());
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
  Discovery d = Discover(options.paths);
  result.notifications = std::move(d.notifications);
  result.fatal = d.fatal;
  result.model = BuildModel(d.candidates, std::move(d.stores), options.jobs, &result.files_scanned);
  result.model.activity = std::move(activity);
  result.findings = RunRules(result.model, options);
  return result;
}

}  // namespace nsclint
