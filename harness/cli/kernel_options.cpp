#include "kernel_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <thread>

#include "mxconf/harness/builtin_kernels.hpp"
#include "policy_settings.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"kernel", OptionKind::value, "PATH", "the kernel's shared library (exports mxconf_kernel_entry)"},
    OptionSpec{"builtin", OptionKind::value, "NAME",
               "a kernel built in this tree: reference, scalar-codec, simd, cuda-host, cuda-mx-host-nvidia, "
               "cuda-mx-host-ocp"},
    OptionSpec{"only", OptionKind::value, "PATTERN",
               "only checks whose name matches PATTERN (glob with * and ?; without them, a substring)"},
    OptionSpec{"timeout", OptionKind::value, "S",
               "seconds one check may take before it counts as hung (default 120 fast, 600 exhaustive)"},
    OptionSpec{"threads", OptionKind::value, "N", "worker threads inside a check (default: the number of cores)"},
    OptionSpec{"seed", OptionKind::value, "N", "seed of the RapidCheck and sampled cases (default 1)"},
    OptionSpec{"no-isolation", OptionKind::flag, "",
               "run the checks in this process (debugging; a crashing kernel takes mxconf down with it)"},
    OptionSpec{"vectors-dir", OptionKind::value, "DIR",
               "the golden vectors (default $MXCONF_VECTORS_DIR, else vectors/golden of this source tree)"},
    OptionSpec{"set", OptionKind::repeated, "POLICY=VALUE",
               "override one policy of the profile (repeatable; the names of encode and quantize, and the "
               "comparison policies nan-match and decoded-nan-match)"},
};

}  // namespace

std::span<const OptionSpec> kernel_run_options() { return kOptions; }

std::string builtin_names() {
  std::string names;
  for (const auto& k : harness::builtin_kernels())
    names += (names.empty() ? "" : ", ") + std::string(k.name) + (k.path.empty() ? " (not built)" : "");
  return names;
}

Profile with_settings(const ParsedArguments& args, const Profile& base, std::string& name) {
  const auto assignments = args.values("set");
  if (assignments.empty()) return base;
  // Not `overflow` and `rule`: call arguments of every check (one check per mode and rule), not profile choices.
  const auto allowed = policy_names_for(kKernelCommands, PolicyScope::element);
  PolicyBundle bundle{.element = base.element, .block = base.block, .comparison = base.comparison};
  name = std::string(base.name);
  for (const auto& a : assignments) {
    apply_setting(bundle, "--set", a, allowed);
    name += "+" + std::string(a);
  }
  Profile p = base;
  p.element = bundle.element;
  p.block = bundle.block;
  p.comparison = bundle.comparison;
  p.name = name;
  return p;
}

void preflight(const harness::RunOptions& options, conformance::Tier tier) {
  std::size_t total = 0, selected = 0;
  for (const auto& check : conformance::make_checks(tier)) {
    ++total;
    if (harness::check_name_matches(options.only, check->name())) ++selected;
  }
  if (selected == 0)
    throw UsageError("--only: '" + options.only + "' matches none of the " + std::to_string(total) + " checks of the " +
                     std::string(harness::tier_name(tier)) +
                     " tier (names look like decode/e4m3, convert/fp32-e4m3-rne-saturate/fp32-edges, "
                     "quantize/e4m3-floor/properties; a glob needs * or ?, else a substring)");
  const std::filesystem::path dir = options.vectors_dir.empty() ? harness::default_vectors_dir() : options.vectors_dir;
  for (const char* sub : {"blocks/ocp", "stochastic", "dot"}) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir / sub, ec) || std::filesystem::is_empty(dir / sub, ec))
      throw UsageError("the golden vectors are missing: '" + (dir / sub).string() + "' is not a folder of vector " +
                       "files (give --vectors-dir DIR, or set MXCONF_VECTORS_DIR, to a copy of vectors/golden)");
  }
}

std::optional<KernelChoice> kernel_choice(const ParsedArguments& args) {
  const auto path = args.value("kernel");
  const auto builtin = args.value("builtin");
  if (path && builtin) throw UsageError("--kernel and --builtin name two kernels; give one");
  if (path) {
    if (path->empty()) throw UsageError("--kernel: empty path");
    return KernelChoice{*path, "", "ocp"};
  }
  if (!builtin) return std::nullopt;
  const harness::BuiltinKernel* k = harness::find_builtin(*builtin);
  if (!k) throw UsageError("--builtin: unknown kernel '" + *builtin + "' (valid: " + builtin_names() + ")");
  if (k->path.empty())
    throw UsageError("--builtin: '" + *builtin + "' was not built in this tree (valid: " + builtin_names() + ")");
  return KernelChoice{std::string(k->path), std::string(k->name), std::string(k->profile)};
}

harness::RunOptions run_options(const ParsedArguments& args) {
  harness::RunOptions options;
  if (const auto only = args.value("only")) options.only = *only;
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  if (const auto text = args.value("threads")) {
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n == 0 || n > 256)
      throw UsageError("--threads: '" + *text + "' is not a thread count (1..256)");
    options.threads = n;
  }
  if (const auto text = args.value("timeout")) {
    double s = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), s);
    if (ec != std::errc() || end != text->data() + text->size() || !(s > 0) || s > 7 * 24 * 3600.0)
      throw UsageError("--timeout: '" + *text + "' is not a number of seconds (more than 0, at most a week)");
    options.timeout = std::chrono::milliseconds(std::max<long long>(1, std::llround(s * 1000)));
  }
  if (const auto text = args.value("seed")) {
    std::uint64_t seed = 0;
    const bool hex = text->size() > 2 && (*text)[0] == '0' && ((*text)[1] == 'x' || (*text)[1] == 'X');
    const char* begin = text->data() + (hex ? 2 : 0);
    const auto [end, ec] = std::from_chars(begin, text->data() + text->size(), seed, hex ? 16 : 10);
    if (ec != std::errc() || end != text->data() + text->size() || begin == end)
      throw UsageError("--seed: '" + *text + "' is not a 64-bit unsigned integer");
    options.seed = seed;
  }
  options.isolation = !args.has("no-isolation");
  if (const auto dir = args.value("vectors-dir")) {
    if (!std::filesystem::is_directory(*dir)) throw UsageError("--vectors-dir: '" + *dir + "' is not a folder");
    options.vectors_dir = *dir;
  }
  return options;
}

}  // namespace mxconf::cli
