// mxconf check-observations: compare what real libraries returned (observations/, docs/observations.md) with the
// profiles that claim to describe them (observations/profiles.txt), or with any profile (--profile).
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/observation.hpp"
#include "mxconf/vectors/vector_check.hpp"
#include "policy_settings.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"dir", OptionKind::value, "DIR", "the observations folder (default: observations)"},
    OptionSpec{"map", OptionKind::value, "FILE", "which profile describes which library version (default DIR/profiles.txt)"},
    OptionSpec{"profile", OptionKind::value, "NAME",
               "compare every observation (or each FILE) with this profile instead of the map's"},
    OptionSpec{"set", OptionKind::repeated, "NAME=VALUE", "with --profile: override one policy (as everywhere)"},
    OptionSpec{"examples", OptionKind::value, "N", "differences listed per file (default 4; 0: none)"},
};

struct Observation {
  std::filesystem::path path;
  vectors::VectorFile file;
};

// One line of the map: "LIBRARY VERSION FILES PROFILE [NAME=VALUE ...]".
struct Claim {
  std::size_t line = 0;
  std::string library, version, files;
  Profile profile;
  std::string profile_text;  // the name and settings, for reports
};

bool glob_match(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= name.size(); ++i)
      if (glob_match(pattern.substr(1), name.substr(i))) return true;
    return false;
  }
  return !name.empty() && (pattern[0] == '?' || pattern[0] == name[0]) && glob_match(pattern.substr(1), name.substr(1));
}

// A profile with "NAME=VALUE" settings applied; rounding=MODE and scale-rounding=MODE set the profile's roundings.
Profile with_settings(const Profile& base, std::span<const std::string> settings, const std::string& where) {
  Profile p = base;
  PolicyBundle bundle{.element = p.element, .block = p.block, .comparison = p.comparison};
  const auto names = policy_names_for(kObservationsCommand, PolicyScope::element);
  for (const auto& s : settings) {
    const auto eq = s.find('=');
    const std::string name = s.substr(0, eq);
    if (eq != std::string::npos && (name == "rounding" || name == "scale-rounding")) {
      const auto r = parse_rounding(std::string_view(s).substr(eq + 1));
      if (!r) throw UsageError(where + ": unknown rounding '" + s.substr(eq + 1) + "'");
      (name == "rounding" ? p.element_rounding : p.scale_rounding) = *r;
      continue;
    }
    apply_setting(bundle, where, s, names);
  }
  p.element = bundle.element;
  p.block = bundle.block;
  return p;
}

const Profile& profile_named(const std::string& name, const std::string& where) {
  const Profile* p = find_profile(name);
  if (!p) throw UsageError(where + ": unknown profile '" + name + "' (mxconf profiles lists them)");
  return *p;
}

std::vector<Claim> read_map(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(path.string() + ": cannot open the profile map");
  std::vector<Claim> claims;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.empty()) continue;
    const std::string where = path.string() + ":" + std::to_string(number);
    if (f.size() < 4) throw UsageError(where + ": expected LIBRARY VERSION FILES PROFILE [NAME=VALUE ...]");
    std::string text = f[3];
    for (std::size_t i = 4; i < f.size(); ++i) text += " " + f[i];
    claims.push_back(Claim{number, f[0], f[1], f[2],
                           with_settings(profile_named(f[3], where), std::span(f).subspan(4), where), text});
  }
  if (claims.empty()) throw UsageError(path.string() + ": the profile map claims nothing");
  return claims;
}

struct Totals {
  std::size_t files = 0, bad_files = 0, compared_files = 0, differing_files = 0, unclaimed = 0, failed_claims = 0;
  std::uint64_t inputs = 0, differing = 0;
};

void report(const CommandContext& c, const Observation& o, const std::string& profile_text,
            const vectors::ObservationComparison& r, std::size_t examples, Totals& t) {
  ++t.compared_files;
  t.inputs += r.inputs;
  t.differing += r.differing_inputs;
  if (r.differing_inputs) ++t.differing_files;
  c.out << o.path.string() << ": " << profile_text << ": " << r.inputs << " inputs, " << r.differing_inputs
        << " differ";
  if (r.not_compared) c.out << " (" << r.not_compared << " element codes of NaN-scale blocks not compared)";
  c.out << '\n';
  for (std::size_t i = 0; i < std::min(examples, r.differences.size()); ++i) {
    const auto& d = r.differences[i];
    c.out << "  line " << d.line << ": " << d.input << " " << d.what << ": library " << d.observed << ", profile "
          << d.computed;
    if (d.inputs > 1) c.out << " (" << d.inputs << " inputs)";
    c.out << '\n';
  }
  if (r.differences.size() > examples && examples) c.out << "  ... " << r.differences.size() - examples << " more\n";
}

ExitCode run(const CommandContext& c) {
  const std::filesystem::path dir(c.args.value("dir").value_or("observations"));
  if (!std::filesystem::is_directory(dir)) throw UsageError("--dir: '" + dir.string() + "' is not a folder");
  std::size_t examples = 4;
  if (const auto e = c.args.value("examples")) {
    try {
      examples = std::stoul(*e);
    } catch (const std::exception&) {
      throw UsageError("--examples: '" + *e + "' is not a count");
    }
  }
  if (!c.args.values("set").empty() && !c.args.value("profile")) throw UsageError("--set needs --profile");
  Totals t;

  // Every observation: the files named, or every *.txt under DIR but the map.
  std::vector<std::filesystem::path> paths;
  for (const auto& p : c.args.positionals()) paths.emplace_back(p);
  if (paths.empty())
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".txt" && e.path().filename() != "profiles.txt")
        paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Observation> observations;
  for (const auto& p : paths) {
    ++t.files;
    try {
      auto file = vectors::read_vector_file(p);
      vectors::check_vector_file(file, p.string());
      if (!vectors::is_observation(file, p.string())) vectors::check_observation(file, p.string());
      observations.push_back({p, std::move(file)});
    } catch (const vectors::VectorFileError& e) {
      c.err << "mxconf check-observations: " << e.what() << '\n';
      ++t.bad_files;
    }
  }

  if (const auto name = c.args.value("profile")) {
    std::vector<std::string> settings(c.args.values("set").begin(), c.args.values("set").end());
    const Profile profile = with_settings(profile_named(*name, "--profile"), settings, "--set");
    std::string text = *name;
    for (const auto& s : settings) text += " " + s;
    for (const auto& o : observations)
      report(c, o, text, vectors::compare_observation(o.file, o.path.string(), profile), examples, t);
  } else {
    const std::filesystem::path map_path(c.args.value("map").value_or((dir / "profiles.txt").string()));
    const auto claims = read_map(map_path);
    std::vector<bool> claimed(observations.size(), false);
    for (const Claim& claim : claims) {
      std::size_t matched = 0;
      for (std::size_t i = 0; i < observations.size(); ++i) {
        const auto& o = observations[i];
        if (*o.file.find("library") != claim.library ||
            vectors::version_folder(*o.file.find("version")) != vectors::version_folder(claim.version) ||
            !glob_match(claim.files, o.path.filename().string()))
          continue;
        ++matched;
        claimed[i] = true;
        report(c, o, claim.profile_text, vectors::compare_observation(o.file, o.path.string(), claim.profile),
               examples, t);
      }
      if (matched == 0) {
        ++t.failed_claims;
        c.err << "mxconf check-observations: " << map_path.string() << ":" << claim.line << ": profile "
              << claim.profile_text << " claims " << claim.library << " " << claim.version
              << ", but no observation of it matches '" << claim.files << "' under " << dir.string()
              << " (record one: docs/observations.md)\n";
      }
    }
    for (std::size_t i = 0; i < observations.size(); ++i)
      if (!claimed[i]) {
        ++t.unclaimed;
        c.out << observations[i].path.string() << ": claimed by no profile (recorded, not compared)\n";
      }
  }

  c.out << t.files << " observation files (" << t.bad_files << " malformed), " << t.compared_files << " compared, "
        << t.unclaimed << " unclaimed; " << t.inputs << " inputs, " << t.differing << " differ in "
        << t.differing_files << " files";
  if (t.failed_claims) c.out << "; " << t.failed_claims << " claims without an observation";
  c.out << '\n';
  if (t.bad_files || t.failed_claims) return ExitCode::input_error;
  if (t.compared_files == 0) {
    c.err << "mxconf check-observations: no observation was compared (a check that compares nothing proves "
             "nothing)\n";
    return ExitCode::input_error;
  }
  return t.differing ? ExitCode::conformance_failure : ExitCode::ok;
}

}  // namespace

const Command& check_observations_command() {
  static const Command command{
      .name = "check-observations",
      .summary = "compare what real libraries returned (observations/) with the profiles that claim them",
      .synopsis = "[--dir DIR] [--map FILE] [--profile NAME [--set NAME=VALUE]...] [FILE...]",
      .options = kOptions,
      .details =
          "Reads every observation file (docs/observations.md): a vector file with @library, @version, @device,\n"
          "@date and @command, in DIR/<library>/<version>/. A malformed one is rejected with FILE:LINE: why.\n"
          "Without --profile, each line of the map (LIBRARY VERSION FILES PROFILE [NAME=VALUE ...]) claims that\n"
          "PROFILE, with those settings, reproduces every observation of LIBRARY VERSION whose file name matches\n"
          "FILES (a glob): each is recomputed under the profile and compared code for code, NaN codes included. A\n"
          "claim that matches no observation is an error. With --profile, every observation (or each FILE) is\n"
          "compared with that profile. Prints one line per file (inputs compared, inputs that differ) with the\n"
          "first differences. Exit 0: no difference; 1: differences; 2: malformed files, map or claims.",
      .max_positionals = 100000,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
