// mxconf's fast scalar codec: the reference's semantics (reference/include/mxconf/reference/*.hpp) re-derived with
// integer bit manipulation only, for random property checks and exhaustive sweeps of kernels. It includes the
// reference's headers for their enums and structs, and never calls the reference: tests/kernels/ checks it
// against the reference.
//
//   convert.hpp  - fp32 / bf16 / fp16 / fp64 -> e4m3, e5m2, e3m2, e2m3, e2m1, int8, e8m0 under every rounding
//                  and policy (a ConvertPlan per destination, then shifts and adds per value)
//   decode.hpp   - codes -> fp32; MX dequantize to fp32 / bf16 / fp16
//   block.hpp    - MX block quantize under every ScaleRule and BlockPolicies value
//   dot.hpp      - MX Dot / DotGeneral rounded once to fp32
//   packing.hpp  - BYTE and PACKED code layouts
//   grid.hpp - the format rows and the grid constants derived from them
#pragma once

#include "mxconf/kernels/scalar_codec/block.hpp"
#include "mxconf/kernels/scalar_codec/convert.hpp"
#include "mxconf/kernels/scalar_codec/decode.hpp"
#include "mxconf/kernels/scalar_codec/dot.hpp"
#include "mxconf/kernels/scalar_codec/grid.hpp"
#include "mxconf/kernels/scalar_codec/packing.hpp"
