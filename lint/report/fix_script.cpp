// --fix-script: every fix of the run as one POSIX sh script for the user to
// review (SPEC §3). nsclint never runs it.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/base/util.h"
#include "lint/report/report.h"

#ifndef NSCLINT_VERSION
#error "NSCLINT_VERSION must be defined by the build"
#endif

namespace nsclint {
namespace {

// One line of a comment: no line breaks or control characters from the input.
std::string CommentText(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  return out;
}

// The value of flag `name` (-a, -n, -s, --src-account) in argv, "" when absent.
std::string FlagValue(const FixCommand& argv, std::string_view name) {
  for (size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return "";
}

bool Is(const FixCommand& argv, std::initializer_list<std::string_view> words) {
  size_t i = 0;
  for (std::string_view w : words) {
    if (i >= argv.size() || argv[i] != w) return false;
    ++i;
  }
  return true;
}

// What a command does to the store's entities: the ones it needs, and the
// ones it deletes (keys like "user\0ACCOUNT\0NAME" inside one operator folder).
struct Touch {
  std::vector<std::string> uses, deletes, adds;
};

std::string Key(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p).push_back('\x1f');
  return out;
}

Touch TouchOf(const Fix& fix) {
  Touch t;
  for (const FixCommand& c : fix.commands) {
    const std::string a = FlagValue(c, "-a");
    if (Is(c, {"nsc", "delete", "user"})) {
      t.deletes.push_back(Key({fix.cwd, "user", a, FlagValue(c, "-n")}));
    } else if (Is(c, {"nsc", "edit", "user"}) || Is(c, {"nsc", "generate", "creds"})) {
      t.uses.push_back(Key({fix.cwd, "user", a, FlagValue(c, "-n")}));
    } else if (Is(c, {"nsc", "delete", "import"})) {
      t.deletes.push_back(Key({fix.cwd, "import", a, FlagValue(c, "-s"), FlagValue(c, "--src-account")}));
    } else if (Is(c, {"nsc", "add", "import"})) {
      t.adds.push_back(Key({fix.cwd, "import", a}));
    } else if (Is(c, {"nsc", "delete", "export"})) {
      t.deletes.push_back(Key({fix.cwd, "export", a, FlagValue(c, "-s")}));
    } else if (Is(c, {"nsc", "revocations", "delete-activation"})) {
      t.uses.push_back(Key({fix.cwd, "export", a, FlagValue(c, "-s")}));
    }
  }
  return t;
}

std::string Heading(size_t n, const Finding& f) {
  std::string out = "# [" + std::to_string(n) + "] " + f.rule_id.str() + " " + f.rule_name.str() + " (" +
                    std::string(LevelName(f.level)) + "): " + f.entity.kind;
  if (!f.entity.fqn.empty()) out += " " + CommentText(f.entity.fqn);
  out += "\n#     file: " + CommentText(f.file.view()) + ":" + std::to_string(f.line) + "\n";
  out += "#     " + CommentText(f.message) + "\n";
  return out;
}

}  // namespace

std::string RenderFixScript(const ReportInput& in, const std::string& cd_to) {
  std::vector<const Finding*> with_fix, without;
  for (const Finding& f : in.findings) {
    if (!f.suppressed.empty()) continue;
    (f.fix.commands.empty() ? without : with_fix).push_back(&f);
  }
  if (with_fix.empty()) return "";
  // Result order, except that fixes deleting a user come last: no later fix
  // may need a user an earlier one deleted.
  std::stable_partition(with_fix.begin(), with_fix.end(), [](const Finding* f) {
    for (const FixCommand& c : f->fix.commands) {
      if (Is(c, {"nsc", "delete", "user"})) return false;
    }
    return true;
  });

  std::string out =
      "#!/bin/sh\n"
      "# Fixes written by nsclint " NSCLINT_VERSION
      " for you to review: nsclint never runs this script.\n"
      "# Each block runs in a subshell in its operator folder with NSC_CWD_ONLY=1 (nsc reads\n"
      "# no nsc.json) and NKEYS_PATH set to the linted keys dir. nsc exits 0 even when it could\n"
      "# not write the store: read its output, and lint again afterwards.\n"
      "set -eu\n";
  if (!cd_to.empty() && cd_to != ".") {
    out += "# Paths are relative to the folder nsclint ran in.\n";
    out += "cd \"$(dirname \"$0\")\"\ncd " + ShellQuote(cd_to) + "\n";
  } else {
    out += "cd \"$(dirname \"$0\")\"  # paths are relative to the folder nsclint ran in\n";
  }

  std::map<std::string, size_t> first_of;  // fix text -> block number
  std::map<std::string, size_t> deleted;   // entity -> block that deleted it
  size_t n = 0;
  for (const Finding* f : with_fix) {
    ++n;
    out += "\n" + Heading(n, *f);
    const std::string text = FixCommandsText(f->fix);
    if (auto it = first_of.find(text); it != first_of.end()) {
      out += "#     same fix as [" + std::to_string(it->second) + "]\n";
      continue;
    }
    const Touch t = TouchOf(f->fix);
    std::string conflict;
    for (const auto& list : {t.uses, t.deletes}) {
      for (const std::string& e : list) {
        if (auto d = deleted.find(e); d != deleted.end() && conflict.empty()) {
          conflict = "#     dropped: it needs what the fix of [" + std::to_string(d->second) + "] deleted\n";
        }
      }
    }
    if (!conflict.empty()) {
      out += conflict;
      for (const FixCommand& c : f->fix.commands) out += "#     " + CommentText(FixCommandText(c)) + "\n";
      continue;
    }
    first_of.emplace(text, n);
    for (const std::string& e : t.deletes) deleted.emplace(e, n);
    // A block that adds an import back (delete + add: a new token) leaves it in place.
    for (const std::string& a : t.adds) {
      for (auto it = deleted.begin(); it != deleted.end();) {
        it = it->first.rfind(a, 0) == 0 && it->second == n ? deleted.erase(it) : std::next(it);
      }
    }
    if (!f->fix.remediation.empty()) out += "#     " + CommentText(f->fix.remediation) + "\n";
    out += text + "\n";
  }
  if (!without.empty()) {
    out += "\n# Findings without a fix command (do these by hand):\n";
    for (const Finding* f : without) {
      out += "#\n" + Heading(++n, *f);
      if (!f->fix.remediation.empty()) out += "#     remediation: " + CommentText(f->fix.remediation) + "\n";
    }
  }
  return RedactSeeds(std::move(out));
}

}  // namespace nsclint
