#include "lint/engine/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <iterator>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "lint/base/git.h"
#include "lint/base/timing.h"
#include "lint/decode/decode.h"
#include "lint/decode/snapshot.h"
#include "lint/discover/discover.h"
#include "lint/registry/registry.h"

namespace nsclint {
namespace fs = std::filesystem;
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

namespace {

/// The candidates of a run with their decoding state. One producer appends
/// (discovery, possibly while files are decoded) and any thread reads the
/// slots already published: fixed-size chunks that never move, a published
/// count, and a flag set once the producer is done.
class CandidateSlots {
 public:
  struct Slot {
    Candidate candidate;
    std::unique_ptr<Fragment> fragment;  // set by the decoder, freed by the merge
    std::atomic<bool> ready{false};
  };

  CandidateSlots() : chunks_(new std::unique_ptr<Slot[]>[kMaxChunks]) {}

  void Push(Candidate&& c) {
    const size_t i = size_.load(std::memory_order_relaxed);
    if (i / kChunk >= kMaxChunks) throw std::length_error("too many files");
    if (i % kChunk == 0) chunks_[i / kChunk].reset(new Slot[kChunk]);
    (*this)[i].candidate = std::move(c);
    size_.store(i + 1, std::memory_order_release);
  }
  void Close() { closed_.store(true, std::memory_order_release); }
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  size_t published() const { return size_.load(std::memory_order_acquire); }
  Slot& operator[](size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  /// Frees the chunk that ends at slot `i` when `i` is the first slot of the
  /// next one: every slot before `i` is merged and nobody reads it again.
  void MergedUpTo(size_t i) {
    if (i % kChunk == 0 && i > 0) chunks_[i / kChunk - 1].reset();
  }

 private:
  static constexpr size_t kChunk = 4096;
  static constexpr size_t kMaxChunks = kMaxDiscoveredFiles / kChunk + 2;
  std::unique_ptr<std::unique_ptr<Slot[]>[]> chunks_;
  std::atomic<size_t> size_{0};
  std::atomic<bool> closed_{false};
};

/// Decodes the slots with -j threads (this one included) in any order while
/// this thread merges them into the model in slot order as soon as the next
/// one is ready, and frees it: the model is the one a merge after all
/// decoding would give, but merging overlaps decoding and decoded files do
/// not pile up. Returns once the slots are closed and all of them merged.
/// No thread waits while a published file is left to decode.
Model DecodeSlots(CandidateSlots& slots, unsigned jobs, size_t* files_scanned, const VerifyCache* cache,
                  std::vector<TokenDigest>* verified, size_t* cache_hits) {
  ForgetOpenFolders();
  Model model;
  std::atomic<size_t> next{0};
  // Claims the next published slot nobody decodes yet.
  auto claim = [&](size_t* i) {
    const size_t published = slots.published();
    size_t k = next.load(std::memory_order_relaxed);
    while (k < published) {
      if (next.compare_exchange_weak(k, k + 1)) {
        *i = k;
        return true;
      }
    }
    return false;
  };
  auto decode = [&](size_t i) {
    CandidateSlots::Slot& s = slots[i];
    s.fragment = std::make_unique<Fragment>(ReadAndDecode(s.candidate, static_cast<int>(i), cache));
    s.ready.store(true, std::memory_order_release);
  };
  auto pause = [] { std::this_thread::sleep_for(std::chrono::microseconds(50)); };
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<bool> failed{false};
  auto record_failure = [&] {  // the first exception of any thread; every thread stops
    std::lock_guard<std::mutex> lock(failure_mutex);
    if (!failure) failure = std::current_exception();
    failed.store(true);
  };
  auto work = [&] {
    try {
      for (;;) {
        size_t i = 0;
        if (claim(&i)) {
          decode(i);
          continue;
        }
        // `closed` first: once it is seen, the published count is final.
        if (failed.load() || (slots.closed() && next.load() >= slots.published())) return;
        pause();
      }
    } catch (...) {
      record_failure();
    }
  };
  // stdin cannot be shared between threads, but only one candidate reads it.
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, jobs); ++t) pool.emplace_back(work);

  size_t scanned = 0;
  try {
    for (size_t merged = 0; !failed.load();) {
      if (merged < slots.published() && slots[merged].ready.load(std::memory_order_acquire)) {
        CandidateSlots::Slot& s = slots[merged];
        Fragment& f = *s.fragment;
        model.artifacts.push_back(std::move(s.candidate.artifact));
        model.artifacts.back().mode = f.mode;
        model.artifacts.back().nats = f.nats_file || !f.seed_sightings.empty();
        if (f.nats_file || !f.seed_sightings.empty()) ++scanned;  // a file whose only NATS material is a seed counts
        if (verified != nullptr) Append(verified, &f.verified);
        if (cache_hits != nullptr) *cache_hits += f.cache_hits;
        Merge(f, &model);
        s.fragment.reset();  // its entities now live in the model
        slots.MergedUpTo(++merged);
        continue;
      }
      const bool closed = slots.closed();
      if (closed && merged == slots.published()) break;
      size_t i = 0;
      if (claim(&i)) {
        decode(i);
      } else {
        pause();  // the next files are being found or decoded
      }
    }
  } catch (...) {
    record_failure();
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  if (files_scanned != nullptr) *files_scanned = scanned;
  return model;
}

/// The stores found beside the model's files, and the links between them.
void FinishModel(std::vector<StoreInfo> stores, unsigned jobs, Model* model) {
  model->stores = std::move(stores);
  timing::Scope link_timer("link");
  model->Link(jobs);
}

}  // namespace

Model BuildModel(std::vector<Candidate> candidates, std::vector<StoreInfo> stores, unsigned jobs, size_t* files_scanned,
                 const VerifyCache* cache, std::vector<TokenDigest>* verified, size_t* cache_hits) {
  CandidateSlots slots;
  for (auto& c : candidates) slots.Push(std::move(c));
  slots.Close();
  const unsigned n =
      std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(candidates.size(), 1))));
  auto timer = std::make_unique<timing::Scope>("read+decode+verify+merge");
  Model model = DecodeSlots(slots, n, files_scanned, cache, verified, cache_hits);
  timer.reset();
  FinishModel(std::move(stores), jobs, &model);
  return model;
}

std::vector<Finding> MergeRuleFindings(std::vector<std::vector<Finding>> per_rule) {
  size_t total = 0;
  for (const auto& f : per_rule) total += f.size();
  // The list with room for every finding (a rule reserves one finding per
  // token it checks) becomes the result, the others are moved into it and
  // freed one by one: the findings are never held twice over.
  std::vector<Finding> all;
  size_t base = per_rule.size();
  for (size_t r = 0; r < per_rule.size(); ++r) {
    if (per_rule[r].capacity() >= total && (base == per_rule.size() || per_rule[r].size() > per_rule[base].size())) {
      base = r;
    }
  }
  if (base < per_rule.size()) {
    all = std::move(per_rule[base]);
  } else {
    all.reserve(total);
  }
  // Sorted by index (a Finding is large: moved once, not at every step of
  // the sort). Each rule's findings are one run, in report order, so the
  // index breaks ties (equal findings come from one rule) and the first of
  // equal findings is kept. Runs are mostly sorted already (rules report in
  // model order): each is sorted on its own only if it is not, and runs are
  // merged smallest first, so a rule with most of the findings takes part in
  // one merge instead of a sort of everything.
  auto less = [&](uint32_t a, uint32_t b) {
    if (FindingLess(all[a], all[b])) return true;
    if (FindingLess(all[b], all[a])) return false;
    return a < b;
  };
  std::vector<std::vector<uint32_t>> runs;
  auto add_run = [&](size_t from, size_t to) {
    if (from == to) return;
    std::vector<uint32_t> run(to - from);
    for (size_t k = 0; k < run.size(); ++k) run[k] = static_cast<uint32_t>(from + k);
    if (!std::is_sorted(run.begin(), run.end(), less)) std::sort(run.begin(), run.end(), less);
    runs.push_back(std::move(run));
  };
  add_run(0, all.size());
  for (size_t r = 0; r < per_rule.size(); ++r) {
    if (r == base) continue;
    const size_t from = all.size();
    Append(&all, &per_rule[r]);
    std::vector<Finding>().swap(per_rule[r]);
    add_run(from, all.size());
  }
  while (runs.size() > 1) {
    std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    const std::vector<uint32_t>& small = runs[runs.size() - 1];
    const std::vector<uint32_t>& big = runs[runs.size() - 2];
    std::vector<uint32_t> merged;
    merged.reserve(small.size() + big.size());
    if (small.size() * 16 < big.size()) {
      // A few findings into many: each finds its place by binary search
      // (`less` is a total order, so this is the merge's result).
      auto from = big.begin();
      for (const uint32_t x : small) {
        const auto at = std::lower_bound(from, big.end(), x, less);
        merged.insert(merged.end(), from, at);
        merged.push_back(x);
        from = at;
      }
      merged.insert(merged.end(), from, big.end());
    } else {
      std::merge(small.begin(), small.end(), big.begin(), big.end(), std::back_inserter(merged), less);
    }
    runs.pop_back();
    runs.back() = std::move(merged);
  }
  std::vector<uint32_t> order = runs.empty() ? std::vector<uint32_t>() : std::move(runs.front());
  // Put the findings in that order in place, each moved about once (cycles of
  // the permutation), then drop the later of equal neighbours.
  for (size_t k = 0; k < order.size(); ++k) {
    if (order[k] == k || order[k] == UINT32_MAX) continue;
    Finding held = std::move(all[k]);
    size_t at = k;
    for (size_t from = order[at]; from != k; from = order[at]) {
      all[at] = std::move(all[from]);
      order[at] = UINT32_MAX;
      at = from;
    }
    all[at] = std::move(held);
    order[at] = UINT32_MAX;
  }
  all.erase(std::unique(all.begin(), all.end(), FindingSame), all.end());
  return all;
}

std::vector<Finding> RunRules(const Model& model, const EngineOptions& options) {
  RuleSettings settings;
  settings.now = options.now;
  settings.server = options.server;
  for (const auto& [k, v] : options.options) settings.options[k] = v;
  std::vector<const Rule*> enabled;
  for (const auto& rule : AllRules()) {
    if (options.disabled.count(std::string(rule.info.id)) == 0) enabled.push_back(&rule);
  }
  // Rules only read the model: they run side by side, each into its own
  // list; the sort below makes the result independent of the schedule.
  std::vector<std::vector<Finding>> per_rule(enabled.size());
  std::vector<std::exception_ptr> failures(enabled.size());
  // The rules that read every user's keys or permissions take longest on a
  // big store (RuleInfo::reads_every_user): they start first, so the threads
  // finish about together. Only the schedule changes: results stay in
  // registry order.
  auto rank = [](const Rule* rule) { return rule->info.reads_every_user ? 0 : 1; };
  std::vector<size_t> schedule(enabled.size());
  for (size_t i = 0; i < schedule.size(); ++i) schedule[i] = i;
  std::stable_sort(schedule.begin(), schedule.end(),
                   [&](size_t a, size_t b) { return rank(enabled[a]) < rank(enabled[b]); });
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < enabled.size(); k = next++) {
      const size_t i = schedule[k];
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
  timing::Scope timer("sort findings");
  return MergeRuleFindings(std::move(per_rule));
}

namespace {

/// Discovery of one folder on its own thread, its files decoded and merged as
/// they are found. Returns false (and leaves `result` to be filled again) in
/// the one case the walk did not list the files in display order, which the
/// model's artifact order must be: a safety net, not expected to happen.
bool StreamedModel(const EngineOptions& options, EngineResult* result) {
  CandidateSlots slots;
  Discovery d;
  std::exception_ptr walk_failure;
  auto timer = std::make_unique<timing::Scope>("discover+read+decode+verify+merge");
  std::thread walker([&] {
    try {
      timing::Scope discover_timer("discover (beside decoding)");
      d = DiscoverStreaming(options.paths[0], [&](Candidate&& c) { slots.Push(std::move(c)); });
    } catch (...) {
      walk_failure = std::current_exception();
    }
    slots.Close();
  });
  Model model;
  try {
    model = DecodeSlots(slots, std::max(1u, options.jobs), &result->files_scanned, options.cache, &result->verified,
                        &result->cache_hits);
  } catch (...) {
    walker.join();
    throw;
  }
  walker.join();
  timer.reset();
  if (walk_failure) std::rethrow_exception(walk_failure);
  if (!std::is_sorted(model.artifacts.begin(), model.artifacts.end(),
                      [](const Artifact& a, const Artifact& b) { return a.display < b.display; })) {
    return false;
  }
  result->notifications = std::move(d.notifications);
  result->fatal = d.fatal;
  FinishModel(std::move(d.stores), options.jobs, &model);
  result->model = std::move(model);
  result->streamed = true;
  return true;
}

}  // namespace

namespace {

/// A folder argument that holds no NATS material at all is an error: a CI
/// gate pointed at the wrong path must not go green.
void CheckFoldersHoldNats(const std::vector<std::string>& paths, EngineResult* result) {
  for (const auto& p : paths) {
    std::error_code ec;
    if (p == "-" || !fs::is_directory(p, ec)) continue;
    std::string abs = fs::absolute(p, ec).lexically_normal().string();
    if (!abs.ends_with('/')) abs += '/';
    bool found = false;
    for (const auto& a : result->model.artifacts) {
      if (a.nats && a.abs.view().starts_with(abs)) {
        found = true;
        break;
      }
    }
    if (found) continue;
    result->notifications.push_back(
        Notification{"error",
                     "no NATS files under " + p +
                         " (no JWT, creds file, seed or nsc store): is it the right path? --allow-empty accepts it",
                     "", ""});
    result->fatal = true;
  }
}

/// Git state of every file that holds a well-formed seed (only they matter:
/// NL602, NL605). A repository git cannot read is an input error (exit 2): a
/// staged seed must never pass because git was unavailable.
void AskGit(EngineResult* result) {
  Model& m = result->model;
  std::vector<int> wanted;
  for (const auto& s : m.seed_sightings) {
    if (!m.artifacts[s.artifact].abs.view().empty() && (wanted.empty() || wanted.back() != s.artifact)) {
      wanted.push_back(s.artifact);
    }
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (wanted.empty()) return;
  std::vector<std::string> paths;
  paths.reserve(wanted.size());
  for (int a : wanted) paths.emplace_back(m.artifacts[a].abs.view());
  GitQuery q = QueryGit(paths);
  if (!q.errors.empty()) {
    std::string repos;
    for (const auto& e : q.errors) repos += (repos.empty() ? "" : "; ") + e;
    result->input_error = "git cannot tell which files it would commit in " + repos +
                          ". A seed it would commit could pass unseen: fix that, or pass --no-git to lint "
                          "every file as outside a git work tree";
    return;
  }
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (q.files[i].state != GitState::kOutside) m.git.emplace(wanted[i], std::move(q.files[i]));
  }
}

}  // namespace

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
  if (StreamsInOrder(options.paths) && StreamedModel(options, &result)) {
    // One folder: its files are read and decoded while the walk goes on.
  } else {
    Discovery d;
    {
      timing::Scope timer("discover");
      d = Discover(options.paths);
    }
    result.notifications = std::move(d.notifications);
    result.fatal = d.fatal;
    result.verified.clear();
    result.cache_hits = 0;
    result.model = BuildModel(std::move(d.candidates), std::move(d.stores), options.jobs, &result.files_scanned,
                              options.cache, &result.verified, &result.cache_hits);
  }
  result.model.activity = std::move(activity);
  if (!options.allow_empty) CheckFoldersHoldNats(options.paths, &result);
  if (options.no_git) {
    result.notifications.push_back(Notification{
        "note", "--no-git: git was not asked; every file is treated as outside a git work tree (NL605 is off)", "",
        ""});
  } else {
    timing::Scope timer("git");
    AskGit(&result);
    if (!result.input_error.empty()) return result;
  }
  if (options.after_model) options.after_model(&result);
  result.findings = RunRules(result.model, options);
  return result;
}

}  // namespace nsclint
