// mxconf explain --from SRC --to F VALUE: how one value rounds into F, and why.
#include <algorithm>
#include <array>
#include <ostream>
#include <utility>
#include <vector>

#include "command.hpp"
#include "conversion_options.hpp"
#include "exact_decimal.hpp"
#include "input_fields.hpp"
#include "line_error.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/policy.hpp"
#include "names.hpp"
#include "usage_error.hpp"
#include "value_source.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"from", OptionKind::value, "SRC", "source format of VALUE's bit pattern, or 'exact' (required)"},
    OptionSpec{"to", OptionKind::value, "F", "destination format (required)"},
    OptionSpec{"round", OptionKind::value, "MODE", "rne, rtz, rup, rdn, rna, sr (default: the profile's)"},
    OptionSpec{"overflow", OptionKind::value, "saturate|nonsat", "overflow policy (default: the profile's)"},
    OptionSpec{"profile", OptionKind::value, "P", "policy bundle (default: ocp; see mxconf profiles)"},
    OptionSpec{"sr-bits", OptionKind::value, "K", "random bits, 1..64 (required with --round sr)"},
    OptionSpec{"random", OptionKind::value, "R", "the random value r in hex (required with --round sr)"},
    OptionSpec{"set", OptionKind::repeated, "POLICY=VALUE", "override one element policy (repeatable)"},
};

using Lines = std::vector<std::pair<std::string, std::string>>;

void write_lines(std::ostream& out, const Lines& lines) {
  std::size_t width = 0;
  for (const auto& [key, value] : lines) width = std::max(width, key.size());
  for (const auto& [key, value] : lines) out << key << ':' << std::string(width - key.size() + 1, ' ') << value << '\n';
}

// "0x1.d00002p+8 (464.000030517578125)": the decimal only when it is short.
std::string value_text(const ExactValue& v) {
  const auto decimal = short_decimal(v);
  return decimal ? to_hex_float(v) + " (" + *decimal + ")" : to_hex_float(v);
}

std::string neighbour_text(const std::optional<ExactValue>& value, const std::optional<std::uint64_t>& code) {
  if (!value) return "none (NaN, Inf or zero input)";
  const std::string code_text = code ? to_hex_code(*code) : std::string("beyond max finite (no code)");
  return code_text + " = " + value_text(*value);
}

std::string distance_text(const ExactValue& x, const std::optional<ExactValue>& neighbour) {
  if (!neighbour || !x.is_finite()) return "-";
  return value_text(add(x, neighbour->negated()).abs());
}

struct Case {
  ExactValue raw;    // the value the input denotes
  ExactValue input;  // after the source policy (subnormal-input)
  std::string description;
};

Case read_case(const ParsedArguments& args, const EncodeOptions& options) {
  const auto& positionals = args.positionals();
  if (positionals.size() != 1)
    throw UsageError("expected one VALUE argument, found " + std::to_string(positionals.size()));
  const std::string& text = positionals.front();
  const ValueSource source = ValueSource::parse("--from", args.required("from"));
  try {
    if (source.is_exact()) {
      const ExactValue v = source.read(text, options.policies.subnormal_input);
      return {v, v, "exact " + text};
    }
    const std::uint64_t code = source.read_code(text);
    return {decode(source.format(), code), source.read(text, options.policies.subnormal_input),
            std::string(source.name()) + " " + to_hex_code(code)};
  } catch (const LineError& e) {
    throw UsageError("VALUE: " + std::string(e.what()));
  } catch (const InvalidArgument& e) {
    throw UsageError("VALUE: " + std::string(e.what()));
  }
}

std::uint64_t random_value(const ParsedArguments& args, Rounding rounding) {
  const auto text = args.value("random");
  if (rounding != Rounding::sr) {
    if (text) throw UsageError("--random applies only with --round sr");
    return 0;
  }
  if (!text) throw UsageError("--round sr needs --random R (the random bits r, hex)");
  const auto r = parse_hex_code(*text);
  if (!r) throw UsageError("--random: '" + *text + "' is not a hex code");
  return *r;
}

Lines policy_lines(const Profile& profile, const EncodeOptions& options) {
  std::string rounding(to_string(options.rounding));
  if (options.rounding == Rounding::sr)
    rounding += " (sr-bits " + std::to_string(options.stochastic.bits) + ", random " +
                to_hex_code(options.stochastic.random) + ")";
  // describe() is the reference's canonical policy text (the same names --set takes).
  return Lines{{"profile", std::string(profile.name) + ": " + std::string(profile.summary)},
               {"rounding", rounding},
               {"policies", describe(options.policies)}};
}

Lines trace_lines(const Case& c, const FormatSpec& to, const RoundingTrace& trace) {
  Lines lines;
  lines.emplace_back("below", neighbour_text(trace.below, trace.below_code));
  lines.emplace_back("above", neighbour_text(trace.above, trace.above_code));
  lines.emplace_back("distance to below", distance_text(c.input, trace.below));
  lines.emplace_back("distance to above", distance_text(c.input, trace.above));
  lines.emplace_back("rule", std::string(to_string(trace.rule)));
  lines.emplace_back("result", to_hex_code(trace.code) + " = " + value_text(decode(to, trace.code)));
  lines.emplace_back("clause", std::string(trace.clause));
  return lines;
}

ExitCode run(const CommandContext& context) {
  const FormatSpec& to = require_format("--to", context.args.required("to"));
  EncodeOptions options = resolve_encode_options(context.args, to);
  options.stochastic.random = random_value(context.args, options.rounding);
  const Case c = read_case(context.args, options);
  const Profile& profile = selected_profile(context.args);

  Lines lines{{"input", c.description + " = " + value_text(c.raw)}};
  if (!c.raw.identical(c.input)) lines.emplace_back("after subnormal-input", value_text(c.input));
  lines.emplace_back("destination", std::string(to.name) + " (" + std::string(to.alias) + ")");
  ExitCode status = ExitCode::ok;
  try {
    const Lines traced = trace_lines(c, to, round_to_format(c.input, to, options));
    lines.insert(lines.end(), traced.begin(), traced.end());
  } catch (const InvalidArgument& e) {
    lines.emplace_back("result", std::string("error: ") + e.what());
    context.err << "mxconf explain: " << e.what() << '\n';
    status = ExitCode::input_error;
  }
  const Lines in_force = policy_lines(profile, options);
  lines.insert(lines.end(), in_force.begin(), in_force.end());
  write_lines(context.out, lines);
  return status;
}

}  // namespace

const Command& explain_command() {
  static const Command command{
      .name = "explain",
      .summary = "how one value rounds into a format, and why",
      .synopsis = "--from SRC --to F [--round MODE] [--overflow O] [--profile P] [--set POLICY=VALUE] VALUE",
      .options = kOptions,
      .details =
          "VALUE: SRC's bit pattern in hex (--from fp32 0x43e80001), or with --from exact any exact value text\n"
          "(464, 1.5, 0x1.dp+8, -0x1p-130, nan, inf).\n"
          "Output, one 'key: value' line each: the exact input (hex float, and decimal when short), its two\n"
          "neighbours in F (code = value, or 'beyond max finite' for a grid point with no code), the distance to\n"
          "each, the rule that decided, the result, the clause that fixes it, and the profile and policies in force.\n"
          "A value the policies refuse (NaN under nan-into-finite=error) prints the reason and exits 2.",
      .max_positionals = 1,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
