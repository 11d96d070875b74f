// decode/<format>: every code of an element format or E8M0 through kernel.decode into fp32. Expected: the exact
// value rounded into fp32 under IEEE rne (exact for every code; NaN is 0x7fc00000), compared NaN-aware per the
// profile's comparison policy.
#include <vector>

#include "abi.hpp"
#include "case_classes.hpp"
#include "check_kinds.hpp"
#include "guarded_buffer.hpp"
#include "layout.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance::detail {
namespace {

class DecodeCheck final : public Check {
 public:
  explicit DecodeCheck(FormatId format) : format_(format) {}

  std::string name() const override { return "decode/" + std::string(format_spec(format_).name); }
  std::string operation() const override { return "decode"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, query());
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    if (kernel.decode == nullptr) return builder.kernel_error("declares decode but its decode function is NULL");
    const FormatSpec& f = format_spec(format_);
    const FormatSpec& fp32 = format_spec(FormatId::fp32);
    const mxconf_layout layout = layout_for(kernel, query());
    const std::size_t n = code_count(f);
    std::vector<std::uint64_t> codes(n);
    for (std::size_t c = 0; c < n; ++c) codes[c] = c;
    std::vector<std::uint8_t> packed(code_bytes(n, f.bits, layout));
    pack_codes(codes, f.bits, layout, packed.data());

    GuardedBuffer out(n * sizeof(std::uint32_t));
    mxconf_decode_args args{};
    args.struct_size = sizeof(args);
    args.source = to_abi(format_);
    args.target = MXCONF_FORMAT_FP32;
    args.layout = layout;
    args.input = packed.data();
    args.output = out.as<std::uint32_t>();
    args.count = n;
    const std::string problem = call_problem("decode", kernel.decode(&args), {{"output", &out}});
    if (!problem.empty()) return builder.kernel_error(problem);

    const EncodeOptions ieee = ieee_encode_options(Rounding::rne);
    for (std::size_t c = 0; c < n; ++c) {
      builder.add_cases(1);
      const ExactValue v = decode(f, c);
      const std::uint64_t expected = encode(v, fp32, ieee);
      const std::uint64_t got = out.at<std::uint32_t>(c);
      if (codes_match(fp32, expected, got, context.profile->comparison.decoded_nan)) continue;
      const vectors::CaseClasses classes = decode_classes(f, c);
      if (!builder.count_mismatch(classes)) continue;
      Mismatch m;
      m.input = std::string(f.name) + " " + to_hex_code(c);
      m.expected = fp32_text(expected);
      m.got = fp32_text(got);
      m.explanation = explain_text({{"input", m.input + " = " + value_text(v)},
                                    {"expected", "fp32 " + m.expected + " = " + value_text(decode(fp32, expected))},
                                    {"got", "fp32 " + m.got + " = " + value_text(decode(fp32, got))},
                                    {"rule", "the exact value in fp32 (every code is exact there; NaN: 0x7fc00000)"},
                                    {"clause", clause(f)},
                                    {"nan match", std::string(to_string(context.profile->comparison.decoded_nan))}});
      m.classes = classes;
      builder.record(std::move(m));
    }
    return builder.finish();
  }

 private:
  CapabilityQuery query() const {
    return CapabilityQuery{MXCONF_OP_DECODE, format_, FormatId::fp32, {}, {}, {}, {}, false};
  }
  static std::string fp32_text(std::uint64_t v) {
    static const char* digits = "0123456789abcdef";
    std::string s = "0x00000000";
    for (int i = 9; i >= 2; --i, v >>= 4) s[static_cast<std::size_t>(i)] = digits[v & 0xf];
    return s;
  }
  static std::string clause(const FormatSpec& f) {
    if (f.id == FormatId::e8m0) return "OCP MX v1.0 §5.4.1: E8M0 code c is 2^(c-127), 0xff is NaN";
    if (f.id == FormatId::int8) return "OCP MX v1.0 §5.3.4: MXINT8 code q is q/64 (two's complement)";
    if (f.bits == 8) return "OFP8 rev 1.0 §3 (E4M3 / E5M2 encodings)";
    return "OCP MX v1.0 §5.3.2-5.3.3 (FP6 / FP4 encodings)";
  }

  FormatId format_;
};

}  // namespace

std::unique_ptr<const Check> make_decode_check(FormatId format) { return std::make_unique<DecodeCheck>(format); }

}  // namespace mxconf::conformance::detail
