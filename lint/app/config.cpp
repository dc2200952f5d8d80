#include "lint/app/config.h"

#include <fnmatch.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <toml++/toml.h>

#include "lint/base/server_version.h"
#include "lint/base/util.h"
#include "lint/registry/registry.h"
#include "lint/registry/selection.h"

namespace nsclint {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;

struct Fail {
  std::string message;
  int line;
};

int LineOf(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

const Rule& ResolveRule(const std::string& name, int line) {
  const Rule* r = FindRule(name);
  if (r == nullptr) {
    throw Fail{UnknownRuleMessage(name), line};
  }
  return *r;
}

// The top-level keys that are not rule options.
const std::vector<std::string>& TopLevelKeys() {
  static const std::vector<std::string> kKeys{"rules", "ignore", "select", "extend-select", "fail-on"};
  return kKeys;
}

std::vector<std::string> Candidates(const std::set<std::string>& known) {
  std::vector<std::string> out(known.begin(), known.end());
  for (const auto& k : TopLevelKeys()) out.push_back(k);
  return out;
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
  if (const auto* i = value.as_integer())
    text = std::to_string(i->get());
  else if (auto s = value.value<std::string>(); s && value.is_string())
    text = *s;
  else
    throw Fail{"option '" + name + "' must be a number or a string", LineOf(value)};
  // Checked against the option's declared kind, so a typo fails at load time, not silently at use.
  const RuleOption* option = FindRuleOption(name);
  if (option == nullptr) return text;
  if (option->kind == OptionKind::kDuration && value.is_integer()) {
    throw Fail{"option '" + name + "' is a duration with a unit (like 14d, 36h, 5m, 90s), not the bare number " + text +
                   " (seconds? days?)",
               LineOf(value)};
  }
  if (const std::string problem = OptionValueProblem(*option, text); !problem.empty()) {
    if (option->kind == OptionKind::kDuration) {
      throw Fail{"option '" + name + "' is " + problem + ", not '" + text + "'", LineOf(value)};
    }
    throw Fail{"option '" + name + "' must be " + problem + ": '" + text + "'", LineOf(value)};
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
      throw Fail{"unknown setting '" + name + "'" + DidYouMean(name, Candidates(known)), LineOf(v)};
    }
    config->options[name] = OptionValue(name, v);
  }
}

void ReadRules(const toml::table& rules, Config* config) {
  std::map<std::string, std::pair<std::string, int>> seen;  // id -> (key as written, line)
  for (const auto& [k, v] : rules) {
    const Rule& r = ResolveRule(std::string(k.str()), LineOf(v));
    std::string id(r.info.id);
    if (auto [it, fresh] = seen.emplace(id, std::pair{std::string(k.str()), LineOf(v)}); !fresh) {
      throw Fail{"rule " + id + " is set twice: as '" + it->second.first + "' on line " +
                     std::to_string(it->second.second) + " and as '" + std::string(k.str()) + "' here; keep one",
                 LineOf(v)};
    }
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

// A selector list: an array of strings or one comma-separated string, each
// selector checked now so that a typo names its line.
std::vector<std::string> Selectors(const std::string& key, const toml::node& v) {
  std::vector<std::string> out;
  if (auto s = v.value<std::string>(); s && v.is_string()) {
    out.push_back(*s);
  } else if (const auto* a = v.as_array()) {
    for (const auto& item : *a) {
      auto text = item.value<std::string>();
      if (!text || !item.is_string()) throw Fail{"'" + key + "' lists rule selectors as strings", LineOf(item)};
      out.push_back(*text);
    }
  } else {
    throw Fail{"'" + key + "' is a list of rule selectors, like [\"NL1\", \"imports\"]", LineOf(v)};
  }
  if (std::string error = CheckSelectors(out); !error.empty()) throw Fail{key + ": " + error, LineOf(v)};
  return out;
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
    if (ig.target.empty()) {
      throw Fail{
          "ignore: 'target' is missing: name what is accepted (an entity like \"OP/ACCOUNT/*\", a "
          "public key or a file glob; \"*\" for everything)",
          ig.line};
    }
    if (ig.target != "*") {
      // A path target is relative to the config file's folder; matching its
      // absolute form makes "store/x.jwt" and "/repo/store/x.jwt" one file.
      std::error_code ec;
      const fs::path folder = fs::path(config->path).parent_path();
      fs::path base = folder.empty() ? fs::current_path(ec) : fs::absolute(folder, ec);
      fs::path target(ig.target);
      ig.abs_target = (target.is_absolute() ? target : base / target).lexically_normal().string();
    }
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
        if (a == nullptr) {
          throw Fail{"'ignore' is a list of rule selectors (ignore = [\"NL2\"]) or of [[ignore]] tables", LineOf(v)};
        }
        if (!a->empty() && a->front().is_string()) {
          config.ignore_rules = Selectors(key, v);
          config.ignore_rules_line = LineOf(v);
        } else {
          ReadIgnores(*a, &config);
        }
      } else if (key == "server-version") {
        auto s = v.value<std::string>();
        if (!s || !v.is_string()) throw Fail{"'server-version' must be a string like \"2.10.29\"", LineOf(v)};
        ServerTargetParse parsed = ParseServerTarget(*s);
        if (!parsed.target) throw Fail{parsed.error, LineOf(v)};
        config.server_version = *s;
      } else if (key == "select") {
        config.select = Selectors(key, v);
        config.select_line = LineOf(v);
      } else if (key == "extend-select") {
        config.extend_select = Selectors(key, v);
        config.extend_select_line = LineOf(v);
      } else if (key == "fail-on") {
        auto s = v.value<std::string>();
        if (!s || !v.is_string() || (*s != "error" && *s != "warning" && *s != "note" && *s != "none")) {
          throw Fail{"'fail-on' is one of \"error\", \"warning\", \"note\", \"none\"", LineOf(v)};
        }
        config.fail_on = *s;
      } else if (const auto* t = v.as_table()) {
        ReadOptions(*t, key + ".", &config, known);
      } else if (known.count(key) != 0) {
        config.options[key] = OptionValue(key, v);
      } else {
        throw Fail{"unknown setting '" + key + "'" + DidYouMean(key, Candidates(known)), LineOf(v)};
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

std::string FindConfigFile(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return "";
  for (fs::path p = dir.lexically_normal(); !p.empty(); p = p.parent_path()) {
    const fs::path candidate = p / ".nsclint.toml";
    if (fs::is_regular_file(candidate, ec)) {
      // Found in the current directory: named as before, relative.
      return p == dir.lexically_normal() ? std::string(".nsclint.toml") : candidate.string();
    }
    if (fs::exists(p / ".git", ec) || p == p.root_path()) break;
  }
  return "";
}

bool IgnoreMatches(const Ignore& ig, const Finding& f) {
  if (ig.rule != "*" && ig.rule != f.rule_id) return false;
  for (const char* text : {f.entity.name.c_str(), f.entity.fqn.c_str(), f.entity.key.c_str(), f.file.c_str()}) {
    if (*text != '\0' && fnmatch(ig.target.c_str(), text, 0) == 0) return true;
  }
  if (ig.abs_target.empty() || f.abs_file.empty()) return false;
  const std::string abs = fs::path(f.abs_file.view()).lexically_normal().string();
  return fnmatch(ig.abs_target.c_str(), abs.c_str(), 0) == 0;
}

std::string RenderConfig(const Config& config, const std::map<std::string, std::string, std::less<>>& options,
                         const std::string& server_version) {
  std::ostringstream out;
  out << "# effective nsclint configuration (defaults + " << (config.path.empty() ? "no config file" : config.path)
      << " + flags)\n\n";
  out << "server-version = \"" << server_version << "\"\n";
  if (!config.fail_on.empty()) out << "fail-on = \"" << config.fail_on << "\"\n";
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

std::vector<SelectionStep> ConfigSelectionSteps(const Config& config) {
  using Kind = SelectionStep::Kind;
  const std::string where = config.path + ":";
  std::vector<SelectionStep> steps;
  if (config.select) steps.push_back({Kind::kSelect, *config.select, where + std::to_string(config.select_line)});
  steps.push_back({Kind::kExtend, {config.enabled.begin(), config.enabled.end()}, where + " [rules]"});
  steps.push_back({Kind::kIgnore, {config.disabled.begin(), config.disabled.end()}, where + " [rules]"});
  steps.push_back({Kind::kExtend, config.extend_select, where + std::to_string(config.extend_select_line)});
  steps.push_back({Kind::kIgnore, config.ignore_rules, where + std::to_string(config.ignore_rules_line)});
  return steps;
}

}  // namespace nsclint
