// mxconf encode --from SRC --to F: one source value per line in, the destination code out.
#include <array>

#include "command.hpp"
#include "conversion_options.hpp"
#include "input_fields.hpp"
#include "line_pipe.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "names.hpp"
#include "value_source.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"from", OptionKind::value, "SRC", "source format of the input bit patterns, or 'exact' (required)"},
    OptionSpec{"to", OptionKind::value, "F", "destination format (required)"},
    OptionSpec{"round", OptionKind::value, "MODE", "rne, rtz, rup, rdn, rna, sr (default: the profile's)"},
    OptionSpec{"overflow", OptionKind::value, "saturate|nonsat", "overflow policy (default: the profile's)"},
    OptionSpec{"profile", OptionKind::value, "P", "policy bundle (default: ocp; see mxconf profiles)"},
    OptionSpec{"sr-bits", OptionKind::value, "K", "random bits per case, 1..64 (required with --round sr)"},
    OptionSpec{"set", OptionKind::repeated, "POLICY=VALUE", "override one element policy (repeatable)"},
};

std::uint64_t encode_case(const ValueSource& source, std::string_view value, const FormatSpec& to,
                          const EncodeOptions& options) {
  if (source.is_exact()) return encode(source.read(value, options.policies.subnormal_input), to, options);
  return convert(source.format(), source.read_code(value), to, options);
}

ExitCode run(const CommandContext& context) {
  const ValueSource source = ValueSource::parse("--from", context.args.required("from"));
  const FormatSpec& to = require_format("--to", context.args.required("to"));
  const EncodeOptions options = resolve_encode_options(context.args, to);
  const bool stochastic = options.rounding == Rounding::sr;
  return answer_lines(context, [&](std::string_view line, std::string& answer) {
    const auto fields = split_fields(line);
    EncodeOptions case_options = options;
    if (stochastic) {
      require_field_count(fields, 2, "fields (value and random r, with --round sr)");
      case_options.stochastic.random = parse_hex_field(fields[1], "random r");
    } else {
      require_field_count(fields, 1, "field (one value)");
    }
    answer += to_hex_code(encode_case(source, fields[0], to, case_options));
  });
}

}  // namespace

const Command& encode_command() {
  static const Command command{
      .name = "encode",
      .summary = "source values to codes of a format",
      .synopsis = "--from SRC --to F [options] < values",
      .options = kOptions,
      .details =
          "Input: one value per line: SRC's bit pattern in hex with 0x (fp32 0x43e80000), a bare decimal that SRC\n"
          "holds exactly (448, -1.5), or with --from exact any exact\n"
          "value text (1.5, 0x1.dp+8, -0x1p-130, nan, inf). With --round sr a second field r (hex) holds the case's\n"
          "random bits: 0 <= r < 2^K for --sr-bits K.\n"
          "Output: the destination code in lowercase hex (0x7e).\n"
          "Subnormal source values follow the subnormal-input policy; one rounding only (no double rounding).",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
