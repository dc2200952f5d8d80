#include "lint/discover/discover.h"

#include <dirent.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "lint/base/json_util.h"
#include "lint/base/util.h"

namespace nsclint {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 64;

std::string Display(const fs::path& p) {
  return json::Printable(p.lexically_normal().generic_string());
}

std::string ReadSmallFile(const fs::path& p, size_t limit) {
  std::ifstream in(p, std::ios::binary);
  std::string data(limit, '\0');
  in.read(data.data(), static_cast<std::streamsize>(limit));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

class OperatorDirs {
 public:
  bool Is(const fs::path& dir) {
    auto key = dir.string();
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    bool result = Check(dir);
    cache_.emplace(key, result);
    return result;
  }

 private:
  static bool Check(const fs::path& dir) {
    std::error_code ec;
    fs::path marker = dir / ".nsc";
    if (fs::is_regular_file(marker, ec)) {
      rapidjson::Document doc;
      std::string text = ReadSmallFile(marker, 4096);
      doc.Parse(text.c_str(), text.size());
      if (!doc.HasParseError() && doc.IsObject()) {
        const auto* kind = json::Member(doc, "kind");
        if (kind != nullptr && kind->IsString() && std::string_view(kind->GetString()) == "operator") {
          return true;
        }
      }
    }
    // nsc always writes .nsc, but copies often lose dot files: accept <op>/<op>.jwt + accounts/.
    fs::path name = dir.filename();
    if (name.empty()) return false;
    return fs::is_directory(dir / "accounts", ec) && fs::is_regular_file(dir / (name.string() + ".jwt"), ec);
  }
  std::map<std::string, bool> cache_;
};

OperatorDirs& SharedOperatorDirs() {
  static OperatorDirs dirs;
  return dirs;
}

// An nsc keys dir, recognised by its layout wherever it sits: it holds
// keys/<X>/<YZ>/<name>.nk or creds/<op>/<acct>/<name>.creds. The look is
// bounded: a few entries per level suffice for a real keystore.
class KeysDirs {
 public:
  bool Is(const fs::path& dir) {
    auto key = dir.string();
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    bool result = HasLayout(dir / "keys", {1, 2}, ".nk") || HasLayout(dir / "creds", {0, 0}, ".creds");
    cache_.emplace(key, result);
    return result;
  }

 private:
  // Two folder levels (name lengths `len`, 0 = any) and then a file ending in `ext`.
  static bool HasLayout(const fs::path& top, std::pair<size_t, size_t> len, const char* ext) {
    constexpr int kMaxEntries = 64;
    std::error_code ec;
    if (!fs::is_directory(top, ec)) return false;
    int seen = 0;
    for (fs::directory_iterator a(top, ec), end; !ec && a != end && seen < kMaxEntries; a.increment(ec), ++seen) {
      std::string an = a->path().filename().string();
      if ((len.first != 0 && an.size() != len.first) || !a->is_directory(ec)) continue;
      int seen_b = 0;
      for (fs::directory_iterator b(a->path(), ec); !ec && b != end && seen_b < kMaxEntries;
           b.increment(ec), ++seen_b) {
        std::string bn = b->path().filename().string();
        if ((len.second != 0 && bn.size() != len.second) || !b->is_directory(ec)) continue;
        int seen_c = 0;
        for (fs::directory_iterator c(b->path(), ec); !ec && c != end && seen_c < kMaxEntries;
             c.increment(ec), ++seen_c) {
          if (c->path().extension() == ext && c->is_regular_file(ec)) return true;
        }
        ec.clear();
      }
      ec.clear();
    }
    return false;
  }
  std::map<std::string, bool> cache_;
};

KeysDirs& SharedKeysDirs() {
  static KeysDirs dirs;
  return dirs;
}

int RegisterStore(const fs::path& dir, const std::string& display, bool whole, std::vector<StoreInfo>* stores) {
  std::string name = dir.filename().string();
  for (size_t i = 0; i < stores->size(); ++i) {
    if ((*stores)[i].dir_abs == dir.string()) {
      if (whole) (*stores)[i].complete = true;
      return static_cast<int>(i);
    }
  }
  stores->push_back(StoreInfo{display, dir.string(), json::Printable(name), whole, {}});
  return static_cast<int>(stores->size() - 1);
}

std::string Stem(const fs::path& p) {
  return json::Printable(p.stem().string());
}

class Walker {
 public:
  /// Candidates go to `sink` when there is one, else into out->candidates.
  explicit Walker(Discovery* out, const CandidateSink* sink = nullptr) : out_(out), sink_(sink) {}

  void Add(const std::string& arg) {
    if (arg == "-") {
      Candidate c;
      c.artifact.display = "<stdin>";
      c.explicit_arg = true;
      c.stdin_input = true;
      c.artifact.explicit_arg = true;
      Emit(std::move(c));
      return;
    }
    std::error_code ec;
    fs::path p(arg);
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      Fatal(arg + ": no such file or directory");
      return;
    }
    fs::path abs = fs::absolute(p, ec).lexically_normal();
    if (abs.has_filename() == false && abs.has_parent_path()) abs = abs.parent_path();
    if (fs::is_directory(st)) {
      std::vector<std::string> stack;
      WalkDir(abs, p, 0, &stack);
    } else {
      AddFile(abs, p, /*explicit_arg=*/true, /*whole=*/false);
    }
  }

 private:
  void Emit(Candidate c) {
    ++added_;
    if (sink_ != nullptr) {
      (*sink_)(std::move(c));
    } else {
      out_->candidates.push_back(std::move(c));
    }
  }

  void Fatal(std::string message) {
    out_->notifications.push_back(Notification{"error", std::move(message), "", ""});
    out_->fatal = true;
  }
  void Warn(const fs::path& display, const std::string& message, std::string level = "warning") {
    out_->notifications.push_back(
        Notification{std::move(level), Display(display) + ": " + message, Display(display), ""});
  }

  // `canon` is the folder's canonical path when the caller knows it (a real
  // subfolder of a folder whose canonical path is known), else "".
  // Walks one folder: enters it (loop, depth and revisit checks), lists it,
  // then visits its entries in display order.
  void WalkDir(const fs::path& abs, const fs::path& display, int depth, std::vector<std::string>* stack,
               std::string canon = "") {
    std::error_code ec;
    if (canon.empty()) {
      fs::path c = fs::canonical(abs, ec);
      canon = ec ? abs.string() : c.string();
    }
    const std::string& key = canon;
    if (std::find(stack->begin(), stack->end(), key) != stack->end()) {
      Warn(display, "symbolic link loop, not followed");
      return;
    }
    if (!visited_.insert(key).second) return;  // reached twice (overlapping paths or links)
    if (depth > kMaxDepth) {
      Warn(display, "folder nesting deeper than " + std::to_string(kMaxDepth) + ", not scanned", "error");
      out_->fatal = true;
      return;
    }
    DirCtx here{abs.string(), Display(display), SharedOperatorDirs().Is(abs), &files_[key], {}};
    if (here.is_op) RegisterStore(abs, here.display, true, &out_->stores);

    std::vector<DirEntry> entries = ListDir(abs, display);
    stack->push_back(key);
    const std::string prefix = key.ends_with('/') ? key : key + "/";
    for (const auto& entry : entries) {
      if (added_ >= kMaxDiscoveredFiles) {
        Warn(display, "more than " + std::to_string(kMaxDiscoveredFiles) + " files, scan stopped", "error");
        out_->fatal = true;
        break;
      }
      VisitEntry(here, abs, display, depth, stack, prefix, entry);
    }
    stack->pop_back();
  }

  // The entry type comes from the folder listing (d_type) where the file
  // system gives it: no stat per file unless it is a symbolic link. POSIX
  // readdir rather than directory_iterator: no path object per entry.
  struct DirEntry {
    std::string name;
    fs::file_type type;  // regular, directory, symlink, none (unknown), other
    // For a symbolic link or an entry of unknown type: what it points to.
    fs::file_status target;
    std::error_code target_error;
    // The order of the walk: the shown name, with a '/' after a folder's.
    // Walking a folder's entries in this order lists its files in display
    // path order ("a-b/x" < "a.c/x" < "a/x"), so one folder argument needs
    // no sort and its files can be read while the walk goes on.
    std::string key;
    bool operator<(const DirEntry& o) const { return key < o.key; }
  };

  // The entries of folder `abs` with their types and walk keys, in walk
  // order; none (and a notification) when it cannot be read.
  std::vector<DirEntry> ListDir(const fs::path& abs, const fs::path& display) {
    std::vector<DirEntry> entries;
    DIR* listing = ::opendir(abs.c_str());
    if (listing == nullptr) {
      Warn(display, "cannot read folder: " + std::string(std::strerror(errno)), "error");
      out_->fatal = true;
      return entries;
    }
    for (;;) {
      errno = 0;
      const struct dirent* e = ::readdir(listing);
      if (e == nullptr) {
        if (errno != 0) {
          Warn(display, "cannot read folder: " + std::string(std::strerror(errno)), "error");
          out_->fatal = true;
        }
        break;
      }
      std::string_view n(e->d_name);
      if (n == "." || n == "..") continue;
      fs::file_type type = fs::file_type::none;
      switch (e->d_type) {
        case DT_REG:
          type = fs::file_type::regular;
          break;
        case DT_DIR:
          type = fs::file_type::directory;
          break;
        case DT_LNK:
          type = fs::file_type::symlink;
          break;
        case DT_UNKNOWN:
          type = fs::file_type::none;
          break;
        default:
          type = fs::file_type::unknown;
          break;
      }
      entries.push_back(DirEntry{std::string(n), type, {}, {}, {}});
    }
    ::closedir(listing);
    for (DirEntry& entry : entries) {
      bool is_dir = entry.type == fs::file_type::directory;
      if (entry.type != fs::file_type::regular && !is_dir) {
        entry.target = fs::status(abs / entry.name, entry.target_error);
        is_dir = !entry.target_error && fs::is_directory(entry.target);
      }
      entry.key = json::Printable(entry.name);
      if (is_dir) entry.key += '/';
    }
    std::sort(entries.begin(), entries.end());
    return entries;
  }

  struct DirCtx;
  // One entry of a folder being walked: a file is added, a folder walked, a
  // symbolic link followed to what it points to.
  void VisitEntry(DirCtx& here, const fs::path& abs, const fs::path& display, int depth,
                  std::vector<std::string>* stack, const std::string& prefix, const DirEntry& entry) {
    const std::string& n = entry.name;
    if (n == ".git" || n == ".nsc" || n == "node_modules") return;
    if (entry.type == fs::file_type::regular) {
      AddListedFile(here, n, entry.key);  // a file's key is its shown name
      return;
    }
    fs::path child = abs / n;
    fs::path child_display = display / n;
    if (entry.type == fs::file_type::directory) {
      WalkDir(child, child_display, depth + 1, stack, prefix + n);
      return;
    }
    // A symbolic link or an entry of unknown type: what it points to.
    std::error_code sec = entry.target_error;
    const fs::file_status st = entry.target;
    if (sec || !fs::exists(st)) {
      if (fs::is_symlink(fs::symlink_status(child, sec))) {
        Warn(child_display, "dangling symbolic link, skipped");
      } else {
        Warn(child_display, "cannot be examined: " + sec.message(), "error");
        out_->fatal = true;
      }
      return;
    }
    if (fs::is_directory(st)) {
      WalkDir(child, child_display, depth + 1, stack);
    } else if (fs::is_regular_file(st)) {
      AddFile(child, child_display, false, false);
    } else {
      Warn(child_display, "not a regular file, skipped", "note");
    }
  }

  void AddFile(const fs::path& abs, const fs::path& display, bool explicit_arg, bool whole, std::string canon = "") {
    if (canon.empty()) {
      std::error_code ec;
      fs::path c = fs::canonical(abs, ec);
      canon = ec ? abs.string() : c.string();
    }
    const size_t slash = canon.rfind('/');
    const std::string parent = slash == std::string::npos ? "" : slash == 0 ? "/" : canon.substr(0, slash);
    if (!files_[parent].insert(canon.substr(slash + 1)).second) return;
    Candidate c;
    c.artifact.abs = abs.string();
    c.artifact.display = Display(display);
    c.artifact.place = PlaceFile(c.artifact.abs, &out_->stores, whole);
    c.artifact.explicit_arg = explicit_arg;
    c.explicit_arg = explicit_arg;
    Emit(std::move(c));
  }

  // A folder being listed: its absolute path and display path as strings,
  // and whether it is an operator folder.
  struct DirCtx {
    std::string abs;
    std::string display;
    bool is_op = false;
    std::unordered_set<std::string>* names = nullptr;  // files_ of this folder's canonical path
    /// Placements of the folder's files by extension (not for operator folders).
    std::vector<std::pair<std::string, Placement>> by_ext;
  };

  // A regular file seen in a folder listing: the same as AddFile, without
  // path parsing per file. Placement depends on the folder, the extension and
  // (directly in an operator folder) the name: it is computed once per such
  // combination and only the stem differs.
  void AddListedFile(DirCtx& dir, const std::string& name, const std::string& shown) {
    if (!dir.names->insert(name).second) return;
    Candidate c;
    c.artifact.abs = dir.abs + (dir.abs.ends_with('/') ? "" : "/") + name;
    c.artifact.display = dir.display == "." ? shown : dir.display + (dir.display.ends_with('/') ? "" : "/") + shown;
    const std::string_view ext = PathExtension(name);
    const std::string_view stem = std::string_view(name).substr(0, name.size() - ext.size());
    // Directly in an operator folder the name matters (<op>.jwt); elsewhere
    // only the folder and the extension do: one placement per extension.
    if (dir.is_op) {
      c.artifact.place = PlaceFile(c.artifact.abs, &out_->stores, false);
    } else {
      auto known = std::find_if(dir.by_ext.begin(), dir.by_ext.end(), [&](const auto& e) { return e.first == ext; });
      if (known == dir.by_ext.end()) {
        known = dir.by_ext.emplace(known, std::string(ext), PlaceFile(c.artifact.abs, &out_->stores, false));
      }
      c.artifact.place = known->second;
    }
    c.artifact.place.file_stem = json::Printable(stem);
    Emit(std::move(c));
  }

  Discovery* out_;
  const CandidateSink* sink_;
  size_t added_ = 0;  // candidates emitted
  std::unordered_set<std::string> visited_;
  /// Files added so far, by canonical folder path, then file name (no long
  /// string per file: most names fit the short-string buffer).
  std::unordered_map<std::string, std::unordered_set<std::string>> files_;
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

}  // namespace

Placement PlaceFile(std::string_view abs_path, std::vector<StoreInfo>* stores, bool whole_store) {
  Placement place;
  fs::path p(abs_path);
  place.file_stem = Stem(p);
  std::vector<std::string> parts;
  for (const auto& c : p) parts.push_back(c.string());
  size_t n = parts.size();
  std::string ext = p.extension().string();

  if (n >= 4 && ext == ".nk" && parts[n - 4] == "keys" && parts[n - 3].size() == 1 && parts[n - 2].size() == 2) {
    place.kind = Placement::Kind::kKeysSeed;
    return place;
  }
  if (n >= 4 && ext == ".creds" && parts[n - 4] == "creds") {
    place.kind = Placement::Kind::kKeysCreds;
    place.operator_dir = json::Printable(parts[n - 3]);
    place.account_dir = json::Printable(parts[n - 2]);
    return place;
  }
  // The nearest enclosing operator folder decides store placement.
  fs::path dir = p.parent_path();
  for (size_t up = 0; up < 6 && !dir.empty() && dir != dir.root_path(); ++up) {
    if (SharedOperatorDirs().Is(dir)) {
      fs::path rel = p.lexically_relative(dir);
      std::vector<std::string> r;
      for (const auto& c : rel) r.push_back(c.string());
      // A file named on its own registers its folder as an incomplete store.
      place.store = RegisterStore(dir, json::Printable(dir.generic_string()), whole_store, stores);
      std::string op = dir.filename().string();
      if (r.size() == 1 && ext == ".jwt") {
        place.kind = r[0] == op + ".jwt" ? Placement::Kind::kStoreOperator : Placement::Kind::kStoreOther;
      } else if (r.size() == 3 && r[0] == "accounts" && ext == ".jwt") {
        place.kind = Placement::Kind::kStoreAccount;
        place.account_dir = json::Printable(r[1]);
      } else if (r.size() == 4 && r[0] == "accounts" && r[2] == "users" && ext == ".jwt") {
        place.kind = Placement::Kind::kStoreUser;
        place.account_dir = json::Printable(r[1]);
      } else {
        place.kind = Placement::Kind::kStoreOther;
      }
      return place;
    }
    dir = dir.parent_path();
  }
  // Any other file of a keys dir (its .gitignore, a stray file under keys/ or creds/)
  // is keys-side material too. Other folders beside keys/ and creds/ are not.
  fs::path up = p.parent_path();
  std::string below = p.filename().string();
  for (size_t level = 0; level < 6 && !up.empty() && up != up.root_path(); ++level) {
    if ((level == 0 || below == "keys" || below == "creds") && SharedKeysDirs().Is(up)) {
      place.kind = Placement::Kind::kKeysOther;
      return place;
    }
    below = up.filename().string();
    up = up.parent_path();
  }
  return place;
}

std::string EnclosingOperatorDir(const std::string& path) {
  std::error_code ec;
  fs::path lexical = fs::path(path).lexically_normal();
  fs::path abs = fs::absolute(lexical, ec).lexically_normal();
  fs::path dir = abs.parent_path();
  fs::path shown = lexical.parent_path();
  for (int up = 0; up < 6 && !dir.empty() && dir != dir.root_path(); ++up) {
    if (SharedOperatorDirs().Is(dir)) return shown.empty() ? dir.string() : shown.string();
    dir = dir.parent_path();
    shown = shown.parent_path();
  }
  return "";
}

bool StreamsInOrder(const std::vector<std::string>& paths) {
  std::error_code ec;
  return paths.size() == 1 && paths[0] != "-" && fs::is_directory(paths[0], ec);
}

Discovery DiscoverStreaming(const std::string& dir, const CandidateSink& sink) {
  Discovery out;
  Walker walker(&out, &sink);
  walker.Add(dir);
  return out;
}

Discovery Discover(const std::vector<std::string>& paths) {
  Discovery out;
  Walker walker(&out);
  for (const auto& p : paths) walker.Add(p);
  // One folder comes out of the walk in display order (see WalkDir); several
  // arguments may not: sort (stably) only then, moving each candidate once.
  auto by_display = [](const Candidate& a, const Candidate& b) { return a.artifact.display < b.artifact.display; };
  if (!std::is_sorted(out.candidates.begin(), out.candidates.end(), by_display)) {
    std::vector<uint32_t> order(out.candidates.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return by_display(out.candidates[a], out.candidates[b]); });
    std::vector<Candidate> sorted;
    sorted.reserve(order.size());
    for (uint32_t i : order) sorted.push_back(std::move(out.candidates[i]));
    out.candidates = std::move(sorted);
  }
  return out;
}

NscDefaults FindNscDefaults() {
  NscDefaults out;
  std::string home = Env("HOME");
  auto xdg = [&](const char* var, const char* fallback) {
    std::string v = Env(var);
    return v.empty() ? (fs::path(home) / fallback).string() : v;
  };
  std::error_code ec;
  std::string config_dir = Env("NSC_HOME");
  if (config_dir.empty()) {
    config_dir = (fs::path(xdg("XDG_CONFIG_HOME", ".config")) / "nats" / "nsc").string();
    if (!fs::exists(config_dir, ec) && fs::exists(fs::path(home) / ".nsc", ec)) {
      config_dir = (fs::path(home) / ".nsc").string();
    }
  }
  std::string stores = (fs::path(xdg("XDG_DATA_HOME", ".local/share")) / "nats" / "nsc" / "stores").string();
  if (!fs::exists(stores, ec) && fs::exists(fs::path(home) / ".nsc" / "nats", ec)) {
    stores = (fs::path(home) / ".nsc" / "nats").string();
  }
  if (Env("NSC_CWD_ONLY").empty()) {
    fs::path nsc_json = fs::path(config_dir) / "nsc.json";
    if (fs::is_regular_file(nsc_json, ec)) {
      rapidjson::Document doc;
      std::string text = ReadSmallFile(nsc_json, 1 << 16);
      doc.Parse(text.c_str(), text.size());
      if (!doc.HasParseError() && doc.IsObject()) {
        const auto* root = json::Member(doc, "store_root");
        if (root != nullptr && root->IsString() && root->GetStringLength() > 0) stores = root->GetString();
      }
    }
  }
  std::string keys = Env("NKEYS_PATH");
  if (keys.empty()) {
    keys = (fs::path(xdg("XDG_DATA_HOME", ".local/share")) / "nats" / "nsc" / "keys").string();
    if (!fs::exists(keys, ec) && fs::exists(fs::path(home) / ".nkeys", ec)) {
      keys = (fs::path(home) / ".nkeys").string();
    }
  }
  out.looked_for = "nsc stores at " + stores + " and keys at " + keys;
  if (fs::is_directory(stores, ec)) out.paths.push_back(stores);
  if (fs::is_directory(keys, ec)) out.paths.push_back(keys);
  return out;
}

}  // namespace nsclint
