// mxconf._core: the C++ library seen from Python. Thin: argument translation only. mxconf/__init__.py turns numpy
// arrays and torch tensors into the flat, contiguous buffers these functions take, and back.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <sstream>

#include "arrays.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/conformance/report_writers.hpp"
#include "mxconf/harness/runner.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/generators.hpp"
#include "options.hpp"
#include "policy_settings.hpp"
#include "python_kernel.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace mxconf::python {
namespace {

template <typename T>
using In = nb::ndarray<const T, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
template <typename T>
using Out = nb::ndarray<T, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

template <typename T>
std::span<const T> view(const std::optional<In<T>>& a) {
  if (!a) return {};
  return {a->data(), a->size()};
}
template <typename T>
std::span<const T> view(const In<T>& a) {
  return {a.data(), a.size()};
}
template <typename T>
std::span<T> view(Out<T>& a) {
  return {a.data(), a.size()};
}

std::string render(const conformance::Report& r, void (*writer)(const conformance::Report&, std::ostream&)) {
  std::ostringstream out;
  writer(r, out);
  return out.str();
}

nb::dict mismatch_dict(const conformance::Mismatch& m) {
  nb::dict d;
  d["input"] = m.input;
  d["expected"] = m.expected;
  d["got"] = m.got;
  d["explanation"] = m.explanation;
  d["classes"] = m.classes.to_string();
  return d;
}

}  // namespace
}  // namespace mxconf::python

NB_MODULE(_core, m) {
  using namespace mxconf;
  using namespace mxconf::python;
  m.doc() = "mxconf's C++ reference, scalar codec and conformance checks (use the mxconf package, not this module)";

  m.def("version", [] { return harness::tool_version(); });
  m.def("fast_path", [] { return std::string(fast_path_name()) + " (" + fast_path_target() + ")"; });

  m.def("format_bits", [](const std::string& name) { return format_spec(require_format("fmt", name)).bits; });
  m.def("is_element", [](const std::string& name) { return is_element_format(require_format("fmt", name)); });

  m.def(
      "convert",
      [](const std::string& source, std::optional<In<std::uint32_t>> in32, std::optional<In<std::uint16_t>> in16,
         const std::string& to, std::optional<std::string> rounding, std::optional<std::string> overflow,
         const std::string& profile, const PolicyMap& policies, int sr_bits,
         std::optional<In<std::uint32_t>> random, Out<std::uint8_t> out) {
        const FormatId src = require_source("source", source);
        const FormatId dst = require_format("to", to);
        if (!is_element_format(dst) && dst != FormatId::e8m0)
          throw std::invalid_argument("to=: '" + to + "' is not an element or scale format (valid: e4m3, e5m2, "
                                      "e3m2, e2m3, e2m1, int8, e8m0)");
        const EncodeOptions options = encode_options_for(dst, profile, policies, rounding, overflow, sr_bits);
        auto o = view(out);
        const auto a = view(in32);
        const auto b = view(in16);
        const auto r = view(random);
        nb::gil_scoped_release release;
        python::convert(src, a, b, dst, options, r, o);
      },
      "source"_a, "in32"_a.none(), "in16"_a.none(), "to"_a, "rounding"_a.none(), "overflow"_a.none(), "profile"_a,
      "policies"_a, "sr_bits"_a, "random"_a.none(), "out"_a);

  m.def(
      "reference_convert",
      [](const std::string& source, In<std::uint32_t> bits, const std::string& to, std::optional<std::string> rounding,
         std::optional<std::string> overflow, const std::string& profile, const PolicyMap& policies, int sr_bits,
         std::optional<In<std::uint32_t>> random, Out<std::uint8_t> out) {
        const FormatId dst = require_format("to", to);
        const EncodeOptions options = encode_options_for(dst, profile, policies, rounding, overflow, sr_bits);
        auto o = view(out);
        python::reference_convert(require_source("source", source), view(bits), dst, options, view(random), o);
      },
      "source"_a, "bits"_a, "to"_a, "rounding"_a.none(), "overflow"_a.none(), "profile"_a, "policies"_a, "sr_bits"_a,
      "random"_a.none(), "out"_a);

  m.def("decode", [](const std::string& fmt, In<std::uint8_t> codes, Out<std::uint32_t> out) {
    const FormatId f = require_format("fmt", fmt);
    if (!is_element_format(f) && f != FormatId::e8m0)
      throw std::invalid_argument("fmt=: '" + fmt + "' is not an element or scale format");
    auto o = view(out);
    python::decode(f, view(codes), o);
  });

  m.def("scale", [](In<std::uint32_t> amax, const std::string& elem, std::optional<std::string> rule,
                    const std::string& profile, const PolicyMap& policies, Out<std::uint8_t> out) {
    const QuantizeOptions options = scale_options_for(profile, policies, rule);
    auto o = view(out);
    python::scale(view(amax), require_element("elem", elem), options, o);
  });

  m.def(
      "quantize",
      [](const std::string& source, std::optional<In<std::uint32_t>> in32, std::optional<In<std::uint16_t>> in16,
         std::size_t block, const std::string& elem, std::optional<std::string> rule,
         std::optional<std::string> rounding, const std::string& profile, const PolicyMap& policies, int sr_bits,
         std::optional<In<std::uint32_t>> random, Out<std::uint8_t> scales, Out<std::uint8_t> codes) {
        const FormatId src = require_source("source", source);
        if (src == FormatId::fp16) throw std::invalid_argument("x: float16 blocks are not offered (fp32, bf16)");
        const QuantizeOptions options = quantize_options_for(profile, policies, rule, rounding, sr_bits);
        const FormatId e = require_element("elem", elem);
        auto s = view(scales);
        auto c = view(codes);
        const auto a = view(in32);
        const auto b = view(in16);
        const auto r = view(random);
        nb::gil_scoped_release release;
        python::quantize(src, a, b, block, e, options, r, s, c);
      },
      "source"_a, "in32"_a.none(), "in16"_a.none(), "block"_a, "elem"_a, "rule"_a.none(), "rounding"_a.none(),
      "profile"_a, "policies"_a, "sr_bits"_a, "random"_a.none(), "scales"_a, "codes"_a);

  m.def("dequantize", [](const std::string& elem, In<std::uint8_t> scales, In<std::uint8_t> codes, std::size_t block,
                         const std::string& dtype, const std::string& rounding, Out<std::uint32_t> out) {
    const FormatId target = require_source("dtype", dtype);
    auto o = view(out);
    python::dequantize(require_element("elem", elem), view(scales), view(codes), block, target,
                       require_rounding("rounding", rounding), o);
  });

  auto dot_binding = [](bool exact) {
    return [exact](const std::string& elem_a, const std::string& elem_b, const std::string& rounding, std::size_t block,
                   std::size_t pairs, In<std::uint8_t> sa, In<std::uint8_t> ca, In<std::uint8_t> sb,
                   In<std::uint8_t> cb, Out<std::uint32_t> out) {
      const FormatId a = require_element("elem", elem_a);
      const FormatId b = require_element("elem_b", elem_b);
      const Rounding r = require_rounding("rounding", rounding);
      auto o = view(out);
      (exact ? python::reference_dot : python::dot)(a, b, r, block, pairs, view(sa), view(ca), view(sb), view(cb), o);
    };
  };
  m.def("dot", dot_binding(false));
  m.def("reference_dot", dot_binding(true));

  m.def("packed_size", [](const std::string& fmt, std::size_t n) {
    return python::packed_size(require_element("fmt", fmt), n);
  });
  m.def("pack", [](const std::string& fmt, In<std::uint8_t> codes, Out<std::uint8_t> out) {
    auto o = view(out);
    python::pack(require_element("fmt", fmt), view(codes), o);
  });
  m.def("unpack", [](const std::string& fmt, In<std::uint8_t> packed, Out<std::uint8_t> out) {
    auto o = view(out);
    python::unpack(require_element("fmt", fmt), view(packed), o);
  });

  // The text of `mxconf explain --from SOURCE --to TO ... PATTERN` (or --from exact VALUE).
  m.def(
      "explain",
      [](const std::string& source, const std::string& value, const std::string& to,
         std::optional<std::string> rounding, std::optional<std::string> overflow, const std::string& profile,
         const PolicyMap& policies, int sr_bits, std::uint64_t random) {
        const FormatSpec& dst = format_spec(require_format("to", to));
        EncodeOptions options = encode_options_for(dst.id, profile, policies, rounding, overflow, sr_bits);
        options.stochastic.random = random;
        const auto read = [&]() -> conformance::ExplainInput {
          if (source == "exact") {
            const auto v = parse_exact_value(value);
            if (!v) throw std::invalid_argument("value=: '" + value + "' is not an exact value (464, 0x1.dp+8, nan)");
            return {*v, *v, "exact " + value};
          }
          const FormatSpec& src = format_spec(require_format("source", source));
          const auto code = parse_hex_code(value);
          if (!code || *code > code_mask(src))
            throw std::invalid_argument("value=: '" + value + "' is not a " + std::string(src.name) + " bit pattern");
          return {decode(src, *code), decode_source(src, *code, options.policies.subnormal_input),
                  std::string(src.name) + " " + to_hex_code(*code)};
        };
        const conformance::ExplainInput input = read();
        const auto e = conformance::explain_conversion(input, dst, require_profile(profile), options);
        std::ostringstream out;
        conformance::write_explain_lines(out, e.lines);
        return nb::make_tuple(out.str(), e.error ? nb::object(nb::str(e.error->c_str())) : nb::none());
      },
      "source"_a, "value"_a, "to"_a, "rounding"_a.none(), "overflow"_a.none(), "profile"_a, "policies"_a,
      "sr_bits"_a, "random"_a);

  m.def("profiles", [] {
    nb::list out;
    for (const Profile& p : profile_table()) {
      nb::dict d;
      d["name"] = std::string(p.name);
      d["summary"] = std::string(p.summary);
      d["sources"] = std::string(p.sources);
      d["nan_match"] = std::string(to_string(p.comparison.nan));
      d["element_rounding"] = std::string(to_string(p.element_rounding));
      d["scale_rounding"] = std::string(to_string(p.scale_rounding));
      nb::dict policies;
      const PolicyBundle bundle{.element = p.element, .block = p.block, .comparison = p.comparison};
      for (const auto& s : cli::policy_settings()) policies[nb::str(s.name.data(), s.name.size())] = std::string(s.current(bundle));
      d["policies"] = policies;
      out.append(d);
    }
    return out;
  });

  m.def("policies", [] {
    nb::list out;
    for (const auto& s : cli::policy_settings()) {
      nb::dict d;
      d["name"] = std::string(s.name);
      d["scope"] = s.scope == cli::SettingScope::element ? "element" : "block";
      d["summary"] = std::string(s.summary);
      nb::list values;
      for (const auto v : s.value_names()) values.append(std::string(v));
      d["values"] = values;
      out.append(d);
    }
    return out;
  });

  // The interval table of a conversion (what the golden convert/*-intervals files hold): rows first, last, code
  // (-1: no encoding under the policies), classes. For comparisons on a device (mxconf.gpu).
  m.def("convert_intervals", [](const std::string& source, const std::string& to, const std::string& profile,
                                const std::string& rounding, const std::string& overflow) {
    const auto o = parse_overflow(overflow);
    if (!o) throw std::invalid_argument("overflow=: unknown value '" + overflow + "'");
    const auto file = vectors::make_convert_intervals(require_source("source", source), require_format("to", to),
                                                      require_profile(profile), require_rounding("rounding", rounding),
                                                      *o);
    nb::list rows;
    for (const auto& row : file.rows) {
      const auto code = row.fields[2] == "-" ? std::optional<std::uint64_t>{} : parse_hex_code(row.fields[2]);
      rows.append(nb::make_tuple(*parse_hex_code(row.fields[0]), *parse_hex_code(row.fields[1]),
                                 code ? static_cast<std::int64_t>(*code) : std::int64_t{-1}, row.fields[3]));
    }
    return rows;
  });

  // The scale interval table (golden scale/*-intervals): amax pattern rows -> E8M0 code (mxconf.hypothesis).
  m.def("scale_intervals", [](const std::string& elem, const std::string& rule, const std::string& profile) {
    const auto r = parse_scale_rule(rule);
    if (!r) throw std::invalid_argument("rule=: unknown scale rule '" + rule + "'");
    const auto file = vectors::make_scale_intervals(require_element("elem", elem), *r, require_profile(profile));
    nb::list rows;
    for (const auto& row : file.rows)
      rows.append(nb::make_tuple(*parse_hex_code(row.fields[0]), *parse_hex_code(row.fields[1])));
    return rows;
  });

  nb::class_<CapabilitySpec>(m, "CapabilitySpec")
      .def(nb::init<>())
      .def_rw("operation", &CapabilitySpec::operation)
      .def_rw("source", &CapabilitySpec::source)
      .def_rw("target", &CapabilitySpec::target)
      .def_rw("roundings", &CapabilitySpec::roundings)
      .def_rw("overflows", &CapabilitySpec::overflows)
      .def_rw("rules", &CapabilitySpec::rules)
      .def_rw("layout", &CapabilitySpec::layout)
      .def_rw("sr_bits", &CapabilitySpec::sr_bits);

  nb::class_<CheckRunSpec>(m, "CheckRunSpec")
      .def(nb::init<>())
      .def_rw("kernel_name", &CheckRunSpec::kernel_name)
      .def_rw("kernel_path", &CheckRunSpec::kernel_path)
      .def_rw("profile", &CheckRunSpec::profile)
      .def_rw("tier", &CheckRunSpec::tier)
      .def_rw("only", &CheckRunSpec::only)
      .def_rw("vectors_dir", &CheckRunSpec::vectors_dir)
      .def_rw("max_mismatches", &CheckRunSpec::max_mismatches)
      .def_rw("seed", &CheckRunSpec::seed);

  nb::class_<conformance::CheckResult>(m, "CheckResult")
      .def_ro("name", &conformance::CheckResult::name)
      .def_ro("operation", &conformance::CheckResult::operation)
      .def_ro("tier", &conformance::CheckResult::tier)
      .def_prop_ro("status", [](const conformance::CheckResult& r) { return std::string(conformance::to_string(r.status)); })
      .def_ro("cases", &conformance::CheckResult::cases)
      .def_ro("mismatches", &conformance::CheckResult::mismatches)
      .def_prop_ro("mismatches_by_class",
                   [](const conformance::CheckResult& r) {
                     nb::dict d;
                     for (int i = 0; i < vectors::kCaseClassCount; ++i)
                       if (r.mismatches_by_class[i] != 0)
                         d[std::string(vectors::to_string(static_cast<vectors::CaseClass>(i))).c_str()] =
                             r.mismatches_by_class[i];
                     return d;
                   })
      .def_prop_ro("first_mismatches",
                   [](const conformance::CheckResult& r) {
                     nb::list l;
                     for (const auto& m : r.first_mismatches) l.append(mismatch_dict(m));
                     return l;
                   })
      .def_ro("note", &conformance::CheckResult::note)
      .def_ro("seconds", &conformance::CheckResult::seconds);

  nb::class_<conformance::Report>(m, "Report")
      .def_ro("tool_version", &conformance::Report::tool_version)
      .def_ro("kernel_name", &conformance::Report::kernel_name)
      .def_ro("kernel_path", &conformance::Report::kernel_path)
      .def_ro("profile", &conformance::Report::profile)
      .def_ro("tier", &conformance::Report::tier)
      .def_ro("checks", &conformance::Report::checks)
      .def("exit_code", &conformance::Report::exit_code)
      .def(
          "console",
          [](const conformance::Report& r, bool verbose) {
            std::ostringstream out;
            conformance::write_console(r, out, conformance::ConsoleOptions{.verbose = verbose});
            return out.str();
          },
          nb::arg("verbose") = false)
      .def("junit", [](const conformance::Report& r) { return render(r, conformance::write_junit); })
      .def("json", [](const conformance::Report& r) { return render(r, conformance::write_json); })
      .def("markdown", [](const conformance::Report& r) { return render(r, conformance::write_markdown); });

  // One report of two runs' checks (the fast checks and a device sweep of the same kernel and profile).
  m.def("merge_reports", [](conformance::Report a, const conformance::Report& b) {
    a.checks.insert(a.checks.end(), b.checks.begin(), b.checks.end());
    a.tier = b.tier;
    return a;
  });

  m.def("run_checks", &run_python_checks, "adapter"_a, "capabilities"_a, "spec"_a);

  // A Report for one sweep done outside the C++ checks (mxconf.gpu compares on the device): the same model,
  // writers and explanations as `mxconf run`. mismatches: (pattern, expected, got, classes) of the first few.
  m.def("sweep_report",
        [](const std::string& kernel_name, const std::string& kernel_path, const std::string& check_name,
           const std::string& source, const std::string& to, const std::string& rounding, const std::string& overflow,
           const std::string& profile_name, std::uint64_t cases, std::uint64_t mismatches,
           const std::map<std::string, std::uint64_t>& by_class,
           const std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, std::string>>& first,
           const std::string& note, double seconds) {
          const Profile& profile = require_profile(profile_name);
          const FormatSpec& src = format_spec(require_source("source", source));
          const FormatSpec& dst = format_spec(require_format("to", to));
          const EncodeOptions options = encode_options_for(dst.id, profile_name, {}, rounding, overflow, 0);
          conformance::Report report;
          report.tool_version = harness::tool_version();
          report.kernel_name = kernel_name;
          report.kernel_version = "python";
          report.kernel_path = kernel_path;
          report.profile = std::string(profile.name);
          report.tier = "exhaustive";
          conformance::CheckResult r;
          r.name = check_name;
          r.operation = "convert";
          r.tier = "exhaustive";
          r.cases = cases;
          r.mismatches = mismatches;
          for (const auto& [name, count] : by_class) {
            const auto c = vectors::parse_case_class(name);
            if (!c) throw std::invalid_argument("by_class: unknown case class '" + name + "'");
            r.mismatches_by_class[static_cast<std::size_t>(*c)] = count;
          }
          for (const auto& [pattern, expected, got, classes] : first) {
            const auto e = conformance::explain_conversion(src, pattern, dst, profile, options);
            r.first_mismatches.push_back(conformance::Mismatch{
                .input = std::string(src.name) + " " + to_hex_code(pattern),
                .expected = to_hex_code(expected),
                .got = to_hex_code(got),
                .explanation = conformance::explain_text(e.lines),
                .classes = vectors::CaseClasses::parse(classes).value_or(vectors::CaseClasses{}),
            });
          }
          r.status = mismatches == 0 ? conformance::CheckStatus::pass : conformance::CheckStatus::fail;
          if (!note.empty()) {
            r.status = conformance::CheckStatus::kernel_error;
            r.note = note;
          }
          r.seconds = seconds;
          report.checks.push_back(std::move(r));
          return report;
        });
}
