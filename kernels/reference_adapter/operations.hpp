// The five ABI operations computed by the exact reference (one rounding per result, every policy honoured).
//
// Each returns an mxconf_status and never throws: the reference's InvalidArgument (a code wider than its format,
// a random value of more than sr_bits bits) becomes MXCONF_STATUS_INVALID_ARGUMENT; anything else
// MXCONF_STATUS_INTERNAL_ERROR with a line on stderr. An input that the policies give no encoding (a NaN under
// NanIntoFinite::error, a negative under NegativeIntoUnsigned::error) is not an error of the call: convert writes
// code 0 for it, which the harness treats as don't-care (as it does for those inputs' expected codes).
#pragma once

#include "mxconf/kernel.h"

namespace mxconf::reference_adapter {

int convert(const mxconf_convert_args* args);
int decode(const mxconf_decode_args* args);
int quantize(const mxconf_quantize_args* args);
int dequantize(const mxconf_dequantize_args* args);
int dot(const mxconf_dot_args* args);

}  // namespace mxconf::reference_adapter
