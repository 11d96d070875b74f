#include "mxconf/vectors/catalogue.hpp"

#include <array>

#include "mxconf/reference/policy_names.hpp"
#include "mxconf/vectors/generators.hpp"

namespace mxconf::vectors {
namespace {

// From the format table's role column (format.hpp): a format added as an element gets golden vectors here.
constexpr auto kElements = kElementFormats;
constexpr std::array kSources{FormatId::fp32, FormatId::bf16, FormatId::fp16};
constexpr std::array kRoundings{Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna};
constexpr std::array kOverflows{Overflow::saturate, Overflow::non_saturating};
// Every scale rule, in declaration order, from its names table: a rule added to the enum gets its golden block vectors here
// without another list to edit.
constexpr auto kRules = [] {
  std::array<ScaleRule, enumerator_count<ScaleRule>()> rules{};
  for (std::size_t i = 0; i < rules.size(); ++i) rules[i] = names_of<ScaleRule>().entries[i].value;
  return rules;
}();
constexpr std::array kDecoded{FormatId::e4m3, FormatId::e5m2,     FormatId::e3m2,     FormatId::e2m3,
                              FormatId::e2m1, FormatId::int8,     FormatId::e8m0,     FormatId::e4m3fnuz,
                              FormatId::e5m2fnuz, FormatId::ue4m3, FormatId::bf16,    FormatId::fp16};

std::string name(FormatId id) { return std::string(format_spec(id).name); }
const Profile& profile(std::string_view n) { return *find_profile(n); }

bool every_rule(const Profile& p) {
  for (const std::string_view n : {"ocp", "nvidia", "torchao-floor", "torchao-rceil", "ml_dtypes", "ml_dtypes-0.6",
                                   "microxcaling", "tosa"})
    if (p.name == n) return true;
  return false;
}

}  // namespace

std::vector<CatalogueEntry> catalogue() {
  std::vector<CatalogueEntry> out;
  for (const FormatId f : kDecoded)
    out.push_back({"decode/" + name(f) + ".txt", [f] { return make_decode_table(f); }});

  // Interval tables: every rounding mode and overflow policy under the ocp profile's other policies ...
  for (const FormatId from : kSources)
    for (const FormatId to : kConversionTargets)
      for (const Rounding r : kRoundings)
        for (const Overflow o : kOverflows)
          out.push_back({"convert/ocp/" + name(from) + "-" + name(to) + "-" + std::string(to_string(r)) + "-" +
                             std::string(to_string(o)) + ".txt",
                         [=] { return make_convert_intervals(from, to, profile("ocp"), r, o); }});
  // ... and each vendor profile's own rounding and overflow.
  for (const std::string_view p : {"nvidia", "ml_dtypes", "microxcaling", "tosa", "torchao-floor", "torch", "triton-rtz"})
    for (const FormatId from : kSources)
      for (const FormatId to : kConversionTargets) {
        const Profile& pr = profile(p);
        const Rounding r = to == FormatId::e8m0 ? pr.scale_rounding : pr.element_rounding;
        const Overflow o = pr.element.overflow;
        out.push_back({"convert/" + std::string(p) + "/" + name(from) + "-" + name(to) + "-" +
                           std::string(to_string(r)) + "-" + std::string(to_string(o)) + ".txt",
                       [=, &pr] { return make_convert_intervals(from, to, pr, r, o); }});
      }

  for (const std::string_view p : {"ocp", "nvidia"})
    for (const FormatId e : kElements)
      for (const ScaleRule rule : kRules)
        out.push_back({"scale/" + std::string(p) + "/" + name(e) + "-" + std::string(to_string(rule)) + ".txt",
                       [=] { return make_scale_intervals(e, rule, profile(p)); }});

  for (const FormatId e : kElements) {
    out.push_back({"stochastic/" + name(e) + "-k8.txt", [e] { return make_stochastic_vectors(e, 8, profile("nvidia")); }});
    if (format_spec(e).encoding == Encoding::binary_float) {
      const int amd_bits = 23 - format_spec(e).mantissa_bits;  // AMD gfx950: the whole discarded fp32 mantissa
      out.push_back({"stochastic/" + name(e) + "-k" + std::to_string(amd_bits) + ".txt",
                     [e, amd_bits] { return make_stochastic_vectors(e, amd_bits, profile("nvidia")); }});
    }
  }

  // Block vectors, per profile: its own rule, and for the eight profiles that existed before issue 8 also the eight
  // rules that existed then (rceil-log2f only for ocp, whose files are the inputs of the conformance suite's
  // quantize checks, and where it is the profile's rule: torchao-rceil). This keeps
  // vectors/golden under its 25 MB budget (docs/vectors.md); the profiles added with issue 8 (torch, triton,
  // triton-rtz, torchao-ceil, torchao-even) share their block policies with an older row for the other rules.
  for (const Profile& p : profile_table())
    for (const FormatId e : kElements)
      for (const ScaleRule rule : kRules) {
        const bool wanted = rule == p.block.rule || p.name == "ocp" ||  // ocp: the conformance suite's inputs
                            (every_rule(p) && rule != ScaleRule::rceil_log2f);
        if (!wanted) continue;
        out.push_back({"blocks/" + std::string(p.name) + "/" + name(e) + "-" + std::string(to_string(rule)) + ".txt",
                       [=, &p] { return make_block_vectors(e, rule, p); }});
      }

  for (const FormatId e : kElements) {
    out.push_back({"dot/" + name(e) + ".txt", [e] { return make_dot_vectors(e, 1); }});
    out.push_back({"dot/" + name(e) + "-x4.txt", [e] { return make_dot_vectors(e, 4); }});
  }
  return out;
}

}  // namespace mxconf::vectors
