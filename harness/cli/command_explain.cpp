// mxconf explain --from SRC --to F VALUE: how one value rounds into F, and why.
#include <array>
#include <ostream>

#include "command.hpp"
#include "conversion_options.hpp"
#include "input_fields.hpp"
#include "line_error.hpp"
#include "mxconf/conformance/explain.hpp"
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

// The value VALUE denotes and, after the source policy (subnormal-input), the value that is rounded.
conformance::ExplainInput read_case(const ParsedArguments& args, const EncodeOptions& options) {
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

ExitCode run(const CommandContext& context) {
  const FormatSpec& to = require_format("--to", context.args.required("to"));
  EncodeOptions options = resolve_encode_options(context.args, to);
  options.stochastic.random = random_value(context.args, options.rounding);
  const conformance::ExplainInput input = read_case(context.args, options);
  const Profile& profile = selected_profile(context.args);

  // One implementation with the conformance reports' explanations (conformance/explain.hpp).
  const conformance::Explanation explanation =
      conformance::explain_conversion(input, to, profile, options);
  conformance::write_explain_lines(context.out, explanation.lines);
  if (explanation.error) {
    context.err << "mxconf explain: " << *explanation.error << '\n';
    return ExitCode::input_error;
  }
  return ExitCode::ok;
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
