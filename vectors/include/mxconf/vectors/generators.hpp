// Generators: each makes one vector file from the exact reference. Same arguments, same bytes, on every machine.
#pragma once

#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::vectors {

// Version of the generator and of the file format; written into every header and the manifest. Bump it when
// any generator's output changes on purpose.
inline constexpr std::string_view kGeneratorVersion = "mxconf-gen 1";

// Every code of `format` with its exact value (C99 hex float).
VectorFile make_decode_table(FormatId format);

// All 2^bits patterns of `from` (fp32, bf16, fp16) into `to` as an interval table, under `profile` with its
// rounding and overflow replaced by the given ones.
VectorFile make_convert_intervals(FormatId from, FormatId to, const Profile& profile, Rounding rounding,
                                  Overflow overflow);

// All 2^32 fp32 amax patterns -> E8M0 scale code, for one element format and rule (the block policies of
// `profile` decide NaN, Inf; a negative amax counts as its magnitude).
VectorFile make_scale_intervals(FormatId element, ScaleRule rule, const Profile& profile);

// fp32 -> `to` under Rounding::sr with `bits` random bits: every r for tie-adjacent inputs (bits <= 12), a sample
// of r otherwise.
VectorFile make_stochastic_vectors(FormatId to, int bits, const Profile& profile);

// Curated special blocks and seeded random blocks of 32 fp32 values, quantized under `profile` with `rule`.
VectorFile make_block_vectors(FormatId element, ScaleRule rule, const Profile& profile);

// Pairs of quantized blocks with their exact dot product and its fp32 rounding under rne; `pairs` block pairs
// per row (1: Dot, > 1: DotGeneral).
VectorFile make_dot_vectors(FormatId element, int pairs);

}  // namespace mxconf::vectors
