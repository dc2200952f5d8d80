#include "lint/config.h"

#include <fnmatch.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "lint/registry.h"
#include "lint/server_version.h"
#include "lint/util.h"

namespace nsclint {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;

struct Fail {
  std::string message;
  int line;
};

int LineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

const Rule& ResolveRule(const std::string& name, int line) {
  const Rule* r = FindRule(name);
  if (r == nullptr) {
    std::string hint = SuggestRule(name);
    throw Fail{"unknown rule '" + name + "'" + (hint.empty() ? "" : ", did you mean '" + hint + "'?"), line};
  }
  return *r;
}

// Every option a rule declares, to check names and suggest the right one.
std::set<std::string> KnownOptions() {
  std::set<std::string> names;
  for (const auto& r : AllRules()) {
    for (const auto& o : r.info.options) names.insert(std::string(o.name));
  }
  return names;
}

std::string OptionValue(const std::string& name, const toml::node& value) {
  std::string text;
  // Only a TOML integer: toml++ 3.x's value<int64_t>() casts a float to
  // int64 before its range check (UB for 5e78; fixtures/crashers/config_fuzz-float-option).
  if (const auto* i = value.as_integer()) text = std::to_string(i->get());
  else if (auto s = value.value<std::string>(); s && value.is_string()) text = *s;
  else throw Fail{"option '" + name + "' must be a number or a string", LineOf(value)};
  // Durations and sizes are checked here so a typo fails at load time, not silently at use.
  bool duration = name == "expiry-warning" || name == "clock-skew" || name == "revocations.max-credential-lifetime";
  if (duration && !ParseDuration(text)) {
    throw Fail{"option '" + name + "' is not a duration (like 14d, 36h, 5m): '" + text + "'", LineOf(value)};
  }
  if (!duration) {
    for (char c : text) {
      if (c < '0' || c > '9') throw Fail{"option '" + name + "' must be a whole number: '" + text + "'", LineOf(value)};
    }
  }
  return text;
}

void ReadOptions(const toml::table& table, const std::string& prefix, Config* config,
                 const std::set<std::string>& known) {
  for (const auto& [k, v] : table) {
    std::string name = prefix + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      ReadOptions(*sub, name + ".", config, known);
      continue;
    }
    if (known.count(name) == 0) {
      std::string best;
      for (const auto& candidate : known) {
        if (candidate.find(name) != std::string::npos || name.find(candidate) != std::string::npos) best = candidate;
      }
      throw Fail{"unknown setting '" + name + "'" + (best.empty() ? "" : ", did you mean '" + best + "'?"),
                 LineOf(v)};
    }
    config->options[name] = OptionValue(name, v);
  }
}

void ReadRules(const toml::table& rules, Config* config) {
  for (const auto& [k, v] : rules) {
    const Rule& r = ResolveRule(std::string(k.str()), LineOf(v));
    std::string id(r.info.id);
    auto s = v.value<std::string>();
    if (!s || !v.is_string()) {
      throw Fail{"rule " + id + " takes \"error\", \"warning\", \"note\", \"off\" or \"on\"", LineOf(v)};
    }
    if (*s == "off") {
      config->disabled.insert(id);
    } else if (*s == "on") {
      config->enabled.insert(id);
    } else if (auto level = ParseLevel(*s)) {
      config->levels[id] = *level;
      config->enabled.insert(id);
    } else {
      throw Fail{"rule " + id + ": unknown level '" + *s + "' (error, warning, note, off, on)", LineOf(v)};
    }
  }
}

void ReadIgnores(const toml::array& list, Config* config) {
  for (const auto& item : list) {
    const auto* t = item.as_table();
    if (t == nullptr) throw Fail{"each [[ignore]] must be a table", LineOf(item)};
    Ignore ig;
    ig.line = LineOf(item);
    for (const auto& [k, v] : *t) {
      std::string key(k.str());
      if (key == "rule") {
        auto s = v.value<std::string>();
        if (!s) throw Fail{"ignore: 'rule' must be a string", LineOf(v)};
        ig.rule = *s == "*" ? "*" : std::string(ResolveRule(*s, LineOf(v)).info.id);
      } else if (key == "target") {
        auto s = v.value<std::string>();
        if (!s || s->empty()) throw Fail{"ignore: 'target' must be a non-empty string", LineOf(v)};
        ig.target = *s;
      } else if (key == "reason") {
        auto s = v.value<std::string>();
        if (!s) throw Fail{"ignore: 'reason' must be a string", LineOf(v)};
        ig.reason = Trim(*s);
      } else if (key == "until") {
        std::optional<int64_t> day;
        if (const auto* d = v.as_date()) {
          const toml::date& date = d->get();
          char buf[16];
          std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(date.year), static_cast<int>(date.month),
                        static_cast<int>(date.day));
          ig.until_text = buf;
        } else if (auto s = v.value<std::string>(); s && v.is_string()) {
          ig.until_text = *s;
        } else {
          throw Fail{"ignore: 'until' must be a date like 2026-12-31", LineOf(v)};
        }
        day = ParseTime(ig.until_text + "T00:00:00Z");
        if (!day) throw Fail{"ignore: 'until' must be a date like 2026-12-31, not '" + ig.until_text + "'", LineOf(v)};
        ig.until = *day + 86400 - 1;  // through the end of that day (UTC)
      } else {
        throw Fail{"ignore: unknown key '" + key + "' (rule, target, reason, until)", LineOf(v)};
      }
    }
    if (ig.rule.empty()) throw Fail{"ignore: 'rule' is missing (a rule id, name or \"*\")", ig.line};
    if (ig.reason.empty()) throw Fail{"ignore: 'reason' is mandatory: say why this finding is accepted", ig.line};
    if (ig.target.empty()) ig.target = "*";
    config->ignores.push_back(std::move(ig));
  }
}

}  // namespace

ConfigResult ParseConfig(const std::string& text, const std::string& path) {
  ConfigResult result;
  Config config;
  config.path = path;
  try {
    toml::table root = toml::parse(text, path);
    const auto known = KnownOptions();
    for (const auto& [k, v] : root) {
      std::string key(k.str());
      if (key == "rules") {
        const auto* t = v.as_table();
        if (t == nullptr) throw Fail{"'rules' must be a table: [rules]", LineOf(v)};
        ReadRules(*t, &config);
      } else if (key == "ignore") {
        const auto* a = v.as_array();
        if (a == nullptr) throw Fail{"'ignore' must be an array of tables: [[ignore]]", LineOf(v)};
        ReadIgnores(*a, &config);
      } else if (key == "server-version") {
        auto s = v.value<std::string>();
        if (!s || !v.is_string()) throw Fail{"'server-version' must be a string like \"2.10.29\"", LineOf(v)};
        ServerTargetParse parsed = ParseServerTarget(*s);
        if (!parsed.target) throw Fail{parsed.error, LineOf(v)};
        config.server_version = *s;
      } else if (const auto* t = v.as_table()) {
        ReadOptions(*t, key + ".", &config, known);
      } else if (known.count(key) != 0) {
        config.options[key] = OptionValue(key, v);
      } else {
        throw Fail{"unknown setting '" + key + "'", LineOf(v)};
      }
    }
  } catch (const toml::parse_error& e) {
    result.error = path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
    return result;
  } catch (const Fail& f) {
    result.error = path + ":" + std::to_string(f.line) + ": " + f.message;
    return result;
  }
  result.config = std::move(config);
  return result;
}

ConfigResult LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConfigResult{std::nullopt, path + ": cannot read the config file"};
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes) return ConfigResult{std::nullopt, path + ": the config file is larger than 1 MiB"};
  return ParseConfig(text, path);
}

std::string FindConfigFile(const std::vector<std::string>& paths) {
  std::error_code ec;
  if (fs::is_regular_file(".nsclint.toml", ec)) return ".nsclint.toml";
  if (!paths.empty() && paths.front() != "-") {
    fs::path first(paths.front());
    fs::path dir = fs::is_directory(first, ec) ? first : first.parent_path();
    fs::path candidate = dir / ".nsclint.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return "";
}

bool IgnoreMatches(const Ignore& ig, const Finding& f) {
  if (ig.rule != "*" && ig.rule != f.rule_id) return false;
  for (const char* text : {f.entity.name.c_str(), f.entity.fqn.c_str(), f.entity.key.c_str(), f.file.c_str()}) {
    if (*text != '\0' && fnmatch(ig.target.c_str(), text, 0) == 0) return true;
  }
  return false;
}

std::string RenderConfig(const Config& config, const std::map<std::string, std::string, std::less<>>& options,
                         const std::string& server_version) {
  std::ostringstream out;
  out << "# effective nsclint configuration (defaults + " << (config.path.empty() ? "no config file" : config.path)
      << " + flags)\n\n";
  out << "server-version = \"" << server_version << "\"\n";
  for (const auto& [name, value] : options) {
    bool number = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
    out << name << " = " << (number ? value : "\"" + value + "\"") << "\n";
  }
  out << "\n[rules]\n";
  for (const auto& r : AllRules()) {
    std::string id(r.info.id);
    std::string state = config.disabled.count(id) != 0 ? "off" : std::string(LevelName(r.info.default_level));
    if (auto it = config.levels.find(id); it != config.levels.end() && config.disabled.count(id) == 0) {
      state = std::string(LevelName(it->second));
    }
    out << id << " = \"" << state << "\"  # " << r.info.name << "\n";
  }
  for (const auto& ig : config.ignores) {
    out << "\n[[ignore]]\nrule = \"" << ig.rule << "\"\ntarget = \"" << ig.target << "\"\nreason = \"" << ig.reason
        << "\"\n";
    if (ig.until) out << "until = " << ig.until_text << "\n";
  }
  return out.str();
}

}  // namespace nsclint
