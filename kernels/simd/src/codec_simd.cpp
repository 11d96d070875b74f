// The vector loops of the SIMD codec, compiled once per instruction set by Highway's foreach_target and chosen
// at run time (HWY_DYNAMIC_DISPATCH): AVX2, AVX-512, ... in one binary.
//
// One routine rounds every lane (Encode below), the scalar codec's formula in 32-bit integer lanes:
//   fp32 pattern -> |x| = sig * 2^(exp - P) (sig's leading one at bit P = 23; subnormals normalised through an
//   exact int -> float conversion of the mantissa), exp += offset (quantize: - log2 X; dequantize: + log2 X),
//   q = max(exp, grid_min), shift = q - grid_bits - exp + P, N = (sig >> shift) + up(rounding, dropped bits),
//   magnitude = ((q + code_bias - 1) << grid_bits) + N, then the overflow check and the sign,
// and blends the plan's precomputed codes into the lanes holding NaN, Inf, zero or an overflow. No lane ever
// takes a different path: special inputs cost two blends, not a branch.
#include <cstring>
#include <memory>
#include <utility>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "codec_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "mxconf/kernels/rounding_dispatch.hpp"
#include "mxconf/kernels/simd_codec.hpp"

HWY_BEFORE_NAMESPACE();
namespace mxconf::simd_codec {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DI = hn::ScalableTag<std::int32_t>;
using DU = hn::RebindToUnsigned<DI>;
using DF = hn::RebindToFloat<DI>;
using VI = hn::Vec<DI>;
using MI = hn::Mask<DI>;
constexpr std::size_t kMaxLanes = HWY_MAX_BYTES / sizeof(std::int32_t);

// The plan as vectors, broadcast once per call.
struct Consts {
  VI grid_min, emax, point_minus_grid, base_bias, lim0, lim1, nxor, nadd, cmask;
  VI nan0, nan1, inf0, inf1, zero0, zero1, ovf0, ovf1, negu, one_sig;
  int grid_bits;
  bool same_limit, twos;
  explicit Consts(const ConvertPlan& p, int point) {
    const DI d;
    grid_min = hn::Set(d, p.grid_min);
    emax = hn::Set(d, p.emax);
    point_minus_grid = hn::Set(d, point - p.grid_bits);
    base_bias = hn::Set(d, p.code_bias - 1);
    lim0 = hn::Set(d, p.limit[0]);
    lim1 = hn::Set(d, p.limit[1]);
    nxor = hn::Set(d, static_cast<std::int32_t>(p.negate_xor));
    nadd = hn::Set(d, static_cast<std::int32_t>(p.negate_add));
    cmask = hn::Set(d, static_cast<std::int32_t>(p.code_mask));
    nan0 = hn::Set(d, static_cast<std::int32_t>(p.nan[0]));
    nan1 = hn::Set(d, static_cast<std::int32_t>(p.nan[1]));
    inf0 = hn::Set(d, static_cast<std::int32_t>(p.inf[0]));
    inf1 = hn::Set(d, static_cast<std::int32_t>(p.inf[1]));
    zero0 = hn::Set(d, static_cast<std::int32_t>(p.zero[0]));
    zero1 = hn::Set(d, static_cast<std::int32_t>(p.zero[1]));
    ovf0 = hn::Set(d, static_cast<std::int32_t>(p.overflow[0]));
    ovf1 = hn::Set(d, static_cast<std::int32_t>(p.overflow[1]));
    negu = hn::Set(d, static_cast<std::int32_t>(p.negative_unsigned));
    one_sig = hn::Set(d, std::int32_t{1} << point);
    grid_bits = p.grid_bits;
    same_limit = p.limit[0] == p.limit[1];
    twos = p.negate_xor != 0;
  }
};

// Codes of the lanes of `bits` (fp32 patterns), each value multiplied by 2^offset first (exact). kPoint is P:
// 23, or 24 for an fp32 destination, so that at least one bit is always dropped (shift >= 1). `refused` collects
// the lanes the policies refuse (their code is 0).
template <Rounding R, int kPoint>
HWY_INLINE VI Encode(const ConvertPlan& p, const Consts& c, VI bits, VI offset, MI& refused) {
  const DI d;
  const DU du;
  const DF df;
  const VI abs = hn::And(bits, hn::Set(d, 0x7fff'ffff));
  const MI neg_in = hn::Lt(bits, hn::Zero(d));
  VI exp = hn::Sub(hn::ShiftRight<23>(abs), hn::Set(d, 127));
  VI sig = hn::Or(hn::And(abs, hn::Set(d, 0x7f'ffff)), hn::Set(d, 0x80'0000));
  const MI low = hn::Lt(abs, hn::Set(d, 0x80'0000));        // zero or subnormal
  const MI high = hn::Gt(abs, hn::Set(d, 0x7f7f'ffff));     // Inf or NaN
  const MI special = hn::Or(low, high);
  const bool any_special = !hn::AllFalse(d, special);
  MI zero = hn::FirstN(d, 0), nan = zero, inf = zero;
  if (HWY_UNLIKELY(any_special)) {
    // Subnormal m * 2^-149: floor(log2 m) from the exponent of float(m) (exact: m < 2^23).
    const VI m = hn::And(abs, hn::Set(d, 0x7f'ffff));
    const VI n = hn::Sub(hn::ShiftRight<23>(hn::BitCast(d, hn::ConvertTo(df, m))), hn::Set(d, 127));
    const VI sub_sig = hn::BitCast(d, hn::BitCast(du, m) << hn::BitCast(du, hn::Sub(hn::Set(d, 23), n)));
    exp = hn::IfThenElse(low, hn::Sub(n, hn::Set(d, 149)), exp);
    sig = hn::IfThenElse(low, sub_sig, sig);
    zero = p.flush_subnormal_input ? low : hn::Eq(abs, hn::Zero(d));
    nan = hn::Gt(abs, hn::Set(d, 0x7f80'0000));
    inf = hn::Eq(abs, hn::Set(d, 0x7f80'0000));
  }
  if constexpr (kPoint != 23) sig = hn::ShiftLeft<kPoint - 23>(sig);
  exp = hn::Add(exp, offset);
  const MI neg = p.unsigned_destination ? hn::FirstN(d, 0) : neg_in;

  const VI q = hn::Max(exp, c.grid_min);
  const VI shift = hn::Min(hn::Sub(hn::Add(q, c.point_minus_grid), exp), hn::Set(d, 31));
  const VI truncated = hn::BitCast(d, hn::BitCast(du, sig) >> hn::BitCast(du, shift));
  const VI step = hn::BitCast(d, hn::BitCast(du, hn::Set(d, 1)) << hn::BitCast(du, shift));
  const VI remainder = hn::And(sig, hn::Sub(step, hn::Set(d, 1)));
  const VI half = hn::BitCast(d, hn::ShiftRight<1>(hn::BitCast(du, step)));
  const VI base = hn::ShiftLeftSame(hn::Add(q, c.base_bias), c.grid_bits);
  VI magnitude = hn::Add(base, truncated);
  if constexpr (R == Rounding::rne) {
    // Ties to the even code (for e8m0 the even exponent): up when remainder + parity > half.
    const VI odd = hn::And(magnitude, hn::Set(d, 1));
    magnitude = hn::Sub(magnitude, hn::VecFromMask(d, hn::Gt(hn::Add(remainder, odd), half)));
  } else if constexpr (R == Rounding::rna) {
    magnitude = hn::Sub(magnitude, hn::VecFromMask(d, hn::Not(hn::Lt(remainder, half))));
  } else if constexpr (R == Rounding::rup) {
    magnitude = hn::Sub(magnitude, hn::VecFromMask(d, hn::AndNot(neg, hn::Ne(remainder, hn::Zero(d)))));
  } else if constexpr (R == Rounding::rdn) {
    magnitude = hn::Sub(magnitude, hn::VecFromMask(d, hn::And(neg, hn::Ne(remainder, hn::Zero(d)))));
  }
  // The limit differs by sign only for MXINT8 under Int8Range::full (-128).
  const VI limit = c.same_limit ? c.lim0 : hn::IfThenElse(neg, c.lim1, c.lim0);
  MI over = hn::Or(hn::Gt(magnitude, limit), hn::Gt(exp, c.emax));
  if (p.e8m0_overflow_early)  // gfloat: beyond 2^emax before rounding overflows (E8m0Overflow::before_rounding)
    over = hn::Or(over, hn::And(hn::Eq(exp, c.emax), hn::Ne(sig, c.one_sig)));
  if (p.unsigned_destination) {
    magnitude = hn::Max(magnitude, hn::Zero(d));  // e8m0 below 2^-127: clipped to 2^-127 (CUDA cuda_fp8.h)
    if (p.e8m0_quirk)  // torch / ml_dtypes: (2^-127, 2^-126) -> 2^-126 under nearest (E8m0SubnormalRounding)
      magnitude = hn::IfThenElse(hn::And(hn::Eq(exp, c.grid_min), hn::Ne(sig, c.one_sig)), hn::Set(d, 1), magnitude);
  }
  const VI neg_v = hn::VecFromMask(d, neg);
  // Sign and magnitude: the sign bit; two's complement (MXINT8): (magnitude ^ mask) + 1.
  VI code = c.twos ? hn::And(hn::Add(hn::Xor(magnitude, hn::And(c.nxor, neg_v)), hn::And(c.nadd, neg_v)), c.cmask)
                   : hn::Or(magnitude, hn::And(c.nadd, neg_v));
  code = hn::IfThenElse(over, hn::IfThenElse(neg, c.ovf1, c.ovf0), code);
  if (HWY_UNLIKELY(any_special)) {
    code = hn::IfThenElse(zero, hn::IfThenElse(neg, c.zero1, c.zero0), code);
    code = hn::IfThenElse(inf, hn::IfThenElse(neg, c.inf1, c.inf0), code);
  }
  if (HWY_UNLIKELY(any_special) && p.inf_refused) refused = hn::Or(refused, inf);  // InfIntoFinite::error
  if (p.negative_is_special) {  // a negative non-zero into e8m0 (NegativeIntoUnsigned); -Inf under `smallest` is Inf
    const MI kept = p.negative_inf_as_magnitude ? hn::Or(hn::Or(zero, nan), inf) : hn::Or(zero, nan);
    const MI negative_value = hn::AndNot(kept, neg_in);
    code = hn::IfThenElse(negative_value, c.negu, code);
    if (p.negative_refused) refused = hn::Or(refused, negative_value);
  }
  if (HWY_UNLIKELY(any_special)) {
    code = hn::IfThenElse(nan, hn::IfThenElse(neg_in, c.nan1, c.nan0), code);
    if (p.nan_refused) refused = hn::Or(refused, nan);
  }
  return code;
}

// ---- Loading fp32 patterns from each source type (N lanes at `in`). ----
// (The loops take these as the lambdas kLoadFp32 / kLoadBf16 below: a function pointer is not inlined.)
HWY_INLINE VI LoadFp32(const std::uint32_t* in) { return hn::BitCast(DI(), hn::LoadU(DU(), in)); }
HWY_INLINE VI LoadBf16(const std::uint16_t* in) {
  const hn::Rebind<std::uint16_t, DU> d16;
  return hn::BitCast(DI(), hn::ShiftLeft<16>(hn::PromoteTo(DU(), hn::LoadU(d16, in))));
}
// fp16 -> the fp32 pattern of the same value (exact; NaN payloads kept). Subnormals m * 2^-24 through float(m),
// exact, times 2^-24, exact; under SubnormalInput::flush they become zeros of their sign here already.
HWY_INLINE VI LoadFp16(const std::uint16_t* in, bool flush) {
  const DI d;
  const DF df;
  const hn::Rebind<std::uint16_t, DU> d16;
  const VI h = hn::BitCast(d, hn::PromoteTo(DU(), hn::LoadU(d16, in)));
  const VI sign = hn::ShiftLeft<16>(hn::And(h, hn::Set(d, 0x8000)));
  const VI e = hn::And(hn::ShiftRight<10>(h), hn::Set(d, 0x1f));
  const VI m = hn::And(h, hn::Set(d, 0x3ff));
  VI body = hn::Or(hn::ShiftLeft<23>(hn::Add(e, hn::Set(d, 112))), hn::ShiftLeft<13>(m));
  body = hn::IfThenElse(hn::Eq(e, hn::Set(d, 0x1f)), hn::Or(hn::Set(d, 0x7f80'0000), hn::ShiftLeft<13>(m)), body);
  const VI sub = flush ? hn::Zero(d) : hn::BitCast(d, hn::Mul(hn::ConvertTo(df, m), hn::Set(df, 0x1p-24f)));
  body = hn::IfThenElse(hn::Eq(e, hn::Zero(d)), sub, body);
  return hn::Or(sign, body);
}

constexpr auto kLoadFp32 = [](const std::uint32_t* in) HWY_ATTR { return LoadFp32(in); };
constexpr auto kLoadBf16 = [](const std::uint16_t* in) HWY_ATTR { return LoadBf16(in); };

HWY_INLINE void StoreCodes(VI code, std::uint8_t* out) {
  const hn::Rebind<std::uint8_t, DI> d8;
  hn::StoreU(hn::DemoteTo(d8, code), d8, out);
}

// Dispatch on the rounding once per call (plans refuse stochastic rounding, so its instantiation is never called).
template <typename F>
HWY_INLINE Status WithRounding(Rounding r, F&& f) {
  return kernels::dispatch_rounding(r, std::forward<F>(f));
}

// The status of a vector's first refused lane (`bits` its fp32 inputs): NaN, Inf, or a negative into e8m0.
HWY_INLINE Status RefusalOf(VI bits, MI refused) {
  const DI d;
  HWY_ALIGN std::int32_t lanes[kMaxLanes];
  hn::Store(hn::And(bits, hn::Set(d, 0x7fff'ffff)), d, lanes);
  const std::int32_t a = lanes[hn::FindKnownFirstTrue(d, refused)];
  if (a > 0x7f80'0000) return Status::nan_not_encodable;
  if (a == 0x7f80'0000) return Status::inf_not_encodable;
  return Status::negative_not_encodable;
}

// Refused lanes get code 0; the status names the first refusal (NaN, Inf, or a negative into e8m0).
template <Rounding R, typename In, typename Load>
Status Convert(const ConvertPlan& p, const In* in, std::uint8_t* out, std::size_t count, Load load) {
  const DI d;
  const std::size_t n = hn::Lanes(d);
  const Consts c(p, 23);
  const VI offset = hn::Zero(d);
  Status first = Status::ok;
  std::size_t i = 0;
  auto one = [&](const In* src, std::uint8_t* dst, std::size_t lanes) {
    MI refused = hn::FirstN(d, 0);
    const VI bits = load(src);
    VI code = Encode<R, 23>(p, c, bits, offset, refused);
    if (HWY_UNLIKELY(!hn::AllFalse(d, refused))) {
      refused = hn::And(refused, hn::FirstN(d, lanes));
      if (first == Status::ok && !hn::AllFalse(d, refused)) first = RefusalOf(bits, refused);
      code = hn::IfThenZeroElse(refused, code);
    }
    StoreCodes(code, dst);
  };
  for (; i + n <= count; i += n) one(in + i, out + i, n);
  if (i < count) {  // the tail through a padded buffer: the same lanes, no scalar path
    HWY_ALIGN In tail_in[kMaxLanes] = {};
    HWY_ALIGN std::uint8_t tail_out[kMaxLanes];
    std::memcpy(tail_in, in + i, (count - i) * sizeof(In));
    one(tail_in, tail_out, count - i);
    std::memcpy(out + i, tail_out, count - i);
  }
  return first;
}

Status ConvertFp32Impl(const ConvertPlan& p, const std::uint32_t* in, std::uint8_t* out, std::size_t count) {
  return WithRounding(p.rounding, [&]<Rounding R>() { return Convert<R>(p, in, out, count, kLoadFp32); });
}
Status ConvertBf16Impl(const ConvertPlan& p, const std::uint16_t* in, std::uint8_t* out, std::size_t count) {
  return WithRounding(p.rounding, [&]<Rounding R>() { return Convert<R>(p, in, out, count, kLoadBf16); });
}
Status ConvertFp16Impl(const ConvertPlan& p, const std::uint16_t* in, std::uint8_t* out, std::size_t count) {
  const bool flush = p.flush_subnormal_input;
  return WithRounding(p.rounding, [&]<Rounding R>() {
    return Convert<R>(p, in, out, count, [flush](const std::uint16_t* x) { return LoadFp16(x, flush); });
  });
}

// ---- Decode: the fp32 pattern of each code by integer arithmetic on the format row's fields (OCP OFP8 v1.0 §3,
// OCP MX v1.0 §5): exponent rebias and mantissa shift for normals, int -> float (exact) times a power of two for
// subnormals and MXINT8, blends for NaN, Inf and e8m0's 2^-127 (an fp32 subnormal). NaN -> 0x7fc00000. ----
struct DecodeConsts {
  VI sign_mask, magnitude_mask, mantissa_mask, rebias, e_all, nan_magnitude;
  hn::Vec<DF> subnormal_scale;
  int sign_shift, mantissa_bits, mantissa_shift;
  bool twos, has_subnormals, nan_all_ones, ieee;
  explicit DecodeConsts(const FormatSpec& f) {
    const DI d;
    twos = f.encoding == Encoding::twos_complement;
    has_subnormals = f.has_subnormals;
    nan_all_ones = f.specials == Specials::nan_all_ones;
    ieee = f.specials == Specials::ieee;
    sign_mask = hn::Set(d, static_cast<std::int32_t>(mxconf::sign_mask(f)));
    magnitude_mask = hn::Set(d, static_cast<std::int32_t>(mxconf::magnitude_mask(f)));
    mantissa_mask = hn::Set(d, (std::int32_t{1} << f.mantissa_bits) - 1);
    rebias = hn::Set(d, 127 - f.bias);
    e_all = hn::Set(d, (std::int32_t{1} << f.exponent_bits) - 1);
    nan_magnitude = magnitude_mask;
    // 2^(1 - bias - mbits) (subnormals), 2^fixed (MXINT8): exact powers of two.
    const int scale_exponent = twos ? f.fixed_point_exponent : 1 - f.bias - f.mantissa_bits;
    subnormal_scale = hn::BitCast(DF(), hn::Set(d, (scale_exponent + 127) << 23));
    sign_shift = 32 - f.bits;
    mantissa_bits = f.mantissa_bits;
    mantissa_shift = 23 - f.mantissa_bits;
  }
};

HWY_INLINE VI DecodeLanes(const DecodeConsts& k, VI c) {
  const DI d;
  const DF df;
  if (k.twos) {  // q * 2^fixed, q the sign-extended byte
    const VI q = hn::ShiftRight<24>(hn::ShiftLeft<24>(c));
    return hn::BitCast(d, hn::Mul(hn::ConvertTo(df, q), k.subnormal_scale));
  }
  const VI sign = hn::ShiftLeftSame(hn::And(c, k.sign_mask), k.sign_shift);
  const VI magnitude = hn::And(c, k.magnitude_mask);
  const VI e = hn::ShiftRightSame(magnitude, k.mantissa_bits);
  const VI m = hn::And(magnitude, k.mantissa_mask);
  VI v = hn::Or(hn::ShiftLeft<23>(hn::Add(e, k.rebias)), hn::ShiftLeftSame(m, k.mantissa_shift));
  const MI e_zero = hn::Eq(e, hn::Zero(d));
  if (k.has_subnormals)
    v = hn::IfThenElse(e_zero, hn::BitCast(d, hn::Mul(hn::ConvertTo(df, m), k.subnormal_scale)), v);
  else  // e8m0 code 0: 2^-127, an fp32 subnormal
    v = hn::IfThenElse(e_zero, hn::Set(d, 0x0040'0000), v);
  MI nan = hn::FirstN(d, 0);
  if (k.nan_all_ones) nan = hn::Eq(magnitude, k.nan_magnitude);
  if (k.ieee) {
    const MI top = hn::Eq(e, k.e_all);
    v = hn::IfThenElse(top, hn::Set(d, 0x7f80'0000), v);
    nan = hn::And(top, hn::Ne(m, hn::Zero(d)));
  }
  return hn::IfThenElse(nan, hn::Set(d, 0x7fc0'0000), hn::Or(sign, v));
}

Status DecodeImpl(FormatId format, const std::uint8_t* in, std::uint32_t* out, std::size_t count) {
  const DI d;
  const hn::Rebind<std::uint8_t, DI> d8;
  const std::size_t n = hn::Lanes(d);
  const FormatSpec& f = format_spec(format);
  const DecodeConsts k(f);
  const VI vmask = hn::Set(d, static_cast<std::int32_t>(code_mask(f)));
  MI wide = hn::FirstN(d, 0);
  std::size_t i = 0;
  for (; i + n <= count; i += n) {
    const VI c = hn::PromoteTo(d, hn::LoadU(d8, in + i));
    wide = hn::Or(wide, hn::Gt(c, vmask));
    hn::StoreU(DecodeLanes(k, c), d, reinterpret_cast<std::int32_t*>(out + i));
  }
  if (i < count) {  // the tail through a padded buffer
    HWY_ALIGN std::uint8_t tail_in[kMaxLanes] = {};
    HWY_ALIGN std::int32_t tail_out[kMaxLanes];
    std::memcpy(tail_in, in + i, count - i);
    const VI c = hn::PromoteTo(d, hn::Load(d8, tail_in));
    wide = hn::Or(wide, hn::Gt(c, vmask));
    hn::Store(DecodeLanes(k, c), d, tail_out);
    std::memcpy(out + i, tail_out, (count - i) * sizeof(std::uint32_t));
  }
  return hn::AllFalse(d, wide) ? Status::ok : Status::invalid_argument;
}

// ---- Quantize. Blocks go in groups of one vector's lane count G: (1) each block's amax in vectors, reduced to
// one lane of a group vector (Inf and NaN found by one compare of the reduced maximum; the exact flags only for
// blocks that hold one); (2) the G scale codes at once, lane b the rule applied to block b's amax (the same
// integer and fp32 steps as scale_code_fp32 in plan.cpp, which stays the one-block form); (3) each block's
// elements in vectors, V / X an exact exponent offset. With k = 32 the per-block work outside the element
// vectors is two loads, an And, a Max and one lane reduction. ----

// a >= b for int32 lanes (Highway 1.0 has no integer Ge).
HWY_INLINE MI AtLeast(VI a, VI b) { return hn::Not(hn::Lt(a, b)); }

// floor(log2 a) and the significand with its leading one at bit 23 of finite non-zero fp32 magnitudes.
HWY_INLINE void Normalize(VI a, VI& e, VI& sig) {
  const DI d;
  const DF df;
  const VI m = hn::And(a, hn::Set(d, 0x7f'ffff));
  e = hn::Sub(hn::ShiftRight<23>(a), hn::Set(d, 127));
  sig = hn::Or(m, hn::Set(d, 0x80'0000));
  const MI low = hn::Lt(a, hn::Set(d, 0x80'0000));
  if (HWY_UNLIKELY(!hn::AllFalse(d, low))) {  // subnormal m * 2^-149: floor(log2 m) from float(m), exact
    const VI n = hn::Sub(hn::ShiftRight<23>(hn::BitCast(d, hn::ConvertTo(df, m))), hn::Set(d, 127));
    const VI shifted = hn::BitCast(d, hn::BitCast(DU(), m) << hn::BitCast(DU(), hn::Sub(hn::Set(d, 23), n)));
    e = hn::IfThenElse(low, hn::Sub(n, hn::Set(d, 149)), e);
    sig = hn::IfThenElse(low, shifted, sig);
  }
}

// The e8m0 codes of G blocks: `a` their finite amax (fp32 magnitudes), `nan` / `inf` the blocks holding one.
HWY_INLINE VI ScaleCodes(const QuantizePlan& qp, VI a, MI nan, MI inf) {
  const DI d;
  const DF df;
  const VI one = hn::Set(d, 0x80'0000);
  const MI zero = hn::Eq(a, hn::Zero(d));
  a = hn::IfThenElse(zero, one, a);  // ZeroAmax::fp32_min_normal: 2^-126 (smallest_scale: code 0, below)
  VI e, sig;
  Normalize(a, e, sig);
  VI s = hn::Sub(e, hn::Set(d, qp.emax));  // floor: OCP MX v1.0 §6.3
  MI carry = hn::FirstN(d, 0);              // EVEN rounded amax into the fp32 Inf pattern
  switch (qp.block.rule) {
    case ScaleRule::ceil:
      s = hn::Sub(s, hn::VecFromMask(d, hn::Ne(sig, one)));
      break;
    case ScaleRule::rceil:  // ceil(log2(a / M)) = e(a) - e(M) + [sig(a) > sig(M)]
      s = hn::Sub(s, hn::VecFromMask(d, hn::Gt(sig, hn::Set(d, static_cast<std::int32_t>(qp.max_sig)))));
      break;
    case ScaleRule::even: {  // torchao EVEN: amax rounded half-up to the element's fraction bits, then floor
      const VI rounded =
          hn::Sub(e, hn::VecFromMask(d, AtLeast(sig, hn::Set(d, static_cast<std::int32_t>(qp.even_threshold)))));
      carry = AtLeast(rounded, hn::Set(d, 128));
      s = hn::Sub(rounded, hn::Set(d, qp.emax));
      break;
    }
    case ScaleRule::rceil_fp32:
    case ScaleRule::rceil_log2f: {  // ceil(log2(q)) or ceil(log2f(q)) of q = fl32(a * fl32(1/M)), fp32 on purpose
      const VI q = hn::BitCast(d, hn::Mul(hn::BitCast(df, a), hn::Set(df, qp.reciprocal)));
      const MI q_zero = hn::Eq(q, hn::Zero(d));
      const MI q_inf = AtLeast(q, hn::Set(d, 0x7f80'0000));
      VI k, qsig;
      Normalize(hn::IfThenElse(hn::Or(q_zero, q_inf), one, q), k, qsig);
      const MI exact = hn::Eq(qsig, one);
      MI up = hn::Not(exact);
      if (qp.block.rule == ScaleRule::rceil_log2f) {
        // log2f(q) rounds to k itself when X = qsig - 2^23 is below the threshold of k's half gap (plan.cpp):
        // index 24 - floor(log2 |k|) (+1 for a negative power of two) - 17; k = 0 always rounds up.
        const VI magnitude = hn::Abs(k);
        const VI j = hn::Sub(hn::ShiftRight<23>(hn::BitCast(d, hn::ConvertTo(df, magnitude))), hn::Set(d, 127));
        const MI power_of_two = hn::Eq(hn::And(magnitude, hn::Sub(magnitude, hn::Set(d, 1))), hn::Zero(d));
        const MI below = hn::And(hn::Lt(k, hn::Zero(d)), power_of_two);
        VI index = hn::Sub(hn::Sub(hn::Set(d, 24 - 17), j), hn::VecFromMask(d, below));
        const MI k_zero = hn::Eq(k, hn::Zero(d));
        index = hn::IfThenElse(k_zero, hn::Zero(d), index);
        const VI threshold =
            hn::GatherIndex(d, reinterpret_cast<const std::int32_t*>(qp.log2f_threshold), index);
        up = hn::AndNot(exact, hn::Or(k_zero, AtLeast(hn::Sub(qsig, one), threshold)));
      }
      s = hn::Sub(k, hn::VecFromMask(d, up));
      s = hn::IfThenElse(q_zero, hn::Set(d, -127), s);
      s = hn::IfThenElse(q_inf, hn::Set(d, 128), s);
      break;
    }
    default:
      break;
  }
  // spec-rules §3.3: below 2^-127 the smallest scale; above 2^127 ScaleOverflow decides.
  VI code = hn::Add(s, hn::Set(d, 127));
  code = hn::IfThenZeroElse(hn::Lt(s, hn::Set(d, -127)), code);
  code = hn::IfThenElse(hn::Gt(s, hn::Set(d, 127)),
                        hn::Set(d, qp.block.scale_overflow == ScaleOverflow::nan ? 0xff : 0xfe), code);
  const std::int32_t exponent_field = 255 - qp.emax;  // torchao reads Inf's exponent bits as a number
  const bool by_field = qp.block.inf == BlockInf::exponent_field;
  code = hn::IfThenElse(carry, hn::Set(d, by_field ? exponent_field : 0xff), code);
  if (qp.block.zero_amax == ZeroAmax::smallest_scale) code = hn::IfThenZeroElse(zero, code);
  // reference block.cpp block_scale: a NaN or Inf input makes the block NaN unless the policy says otherwise.
  const std::int32_t inf_code = qp.block.inf == BlockInf::nan_scale ? 0xff : by_field ? exponent_field : 0xfe;
  code = hn::IfThenElse(inf, hn::Set(d, inf_code), code);
  if (qp.block.nan == BlockNan::nan_scale) code = hn::IfThenElse(nan, hn::Set(d, 0xff), code);
  return code;
}

template <Rounding R, typename In, typename Load>
Status Quantize(const QuantizePlan& qp, std::size_t k, const In* in, std::size_t blocks, std::uint8_t* scales,
                std::uint8_t* codes, Load load) {
  const DI d;
  const std::size_t n = hn::Lanes(d);
  const ConvertPlan& p = qp.element;
  const Consts c(p, 23);
  const bool flush = p.flush_subnormal_input;
  const std::size_t padded = (k + n - 1) / n * n;
  // A block whose k is not a multiple of the lane count is copied into a zero-padded buffer (padding zeros change
  // neither amax nor the NaN / Inf flags).
  std::unique_ptr<In[]> storage;
  std::unique_ptr<std::uint8_t[]> code_storage;
  if (padded != k) {
    storage.reset(new In[padded]());
    code_storage.reset(new std::uint8_t[padded]);
  }
  auto source = [&](std::size_t b) -> const In* {
    if (!storage) return in + b * k;
    std::memcpy(storage.get(), in + b * k, k * sizeof(In));
    return storage.get();
  };
  const VI magnitude_mask = hn::Set(d, 0x7fff'ffff);
  const VI inf_bits = hn::Set(d, 0x7f80'0000);
  HWY_ALIGN std::int32_t amax[kMaxLanes], nan_flags[kMaxLanes], inf_flags[kMaxLanes], block_codes[kMaxLanes];
  Status first = Status::ok;
  for (std::size_t g = 0; g < blocks; g += n) {
    const std::size_t group = blocks - g < n ? blocks - g : n;
    // (1) amax of each block: the maximum magnitude pattern; Inf and NaN patterns exceed every finite one.
    for (std::size_t j = 0; j < n; ++j) {
      amax[j] = 0;
      nan_flags[j] = inf_flags[j] = 0;
      if (j >= group) continue;
      const In* src = source(g + j);
      VI m = hn::And(load(src), magnitude_mask);
      for (std::size_t i = n; i < padded; i += n) m = hn::Max(m, hn::And(load(src + i), magnitude_mask));
      std::int32_t a = hn::GetLane(hn::MaxOfLanes(d, m));
      if (HWY_UNLIKELY(a >= 0x7f80'0000)) {  // an Inf or NaN: the finite amax and the flags, exactly
        VI finite = hn::Zero(d);
        MI any_nan = hn::FirstN(d, 0), any_inf = any_nan;
        for (std::size_t i = 0; i < padded; i += n) {
          const VI v = hn::And(load(src + i), magnitude_mask);
          const MI is_nan = hn::Gt(v, inf_bits), is_inf = hn::Eq(v, inf_bits);
          any_nan = hn::Or(any_nan, is_nan);
          any_inf = hn::Or(any_inf, is_inf);
          finite = hn::Max(finite, hn::IfThenZeroElse(hn::Or(is_nan, is_inf), v));
        }
        a = hn::GetLane(hn::MaxOfLanes(d, finite));
        nan_flags[j] = hn::AllFalse(d, any_nan) ? 0 : -1;
        inf_flags[j] = hn::AllFalse(d, any_inf) ? 0 : -1;
      }
      if (flush && a < 0x80'0000) a = 0;  // SubnormalInput::flush: subnormals are zeros
      amax[j] = a;
    }
    // (2) the group's scale codes.
    const VI code = ScaleCodes(qp, hn::Load(d, amax), hn::MaskFromVec(hn::Load(d, nan_flags)),
                               hn::MaskFromVec(hn::Load(d, inf_flags)));
    hn::Store(code, d, block_codes);
    // (3) the elements of each block.
    for (std::size_t j = 0; j < group; ++j) {
      const std::size_t b = g + j;
      const auto scale = static_cast<std::uint8_t>(block_codes[j]);
      scales[b] = scale;
      const In* src = source(b);
      std::uint8_t* dst = storage ? code_storage.get() : codes + b * k;
      if (scale == 0xff) {
        // OCP MX v1.0 §6.3: every V_i is NaN: the element's NaN result (0 where the policy refuses NaN).
        for (std::size_t i = 0; i < padded; i += n) {
          const VI bits = load(src + i);
          StoreCodes(hn::IfThenElse(hn::Lt(bits, hn::Zero(d)), c.nan1, c.nan0), dst + i);
        }
      } else {
        // V / X: exact, only the exponent; code 0x00 divides by 2^min_scale_exponent (MinScaleDivisor).
        const std::int32_t exponent = scale == 0 ? qp.min_scale_exponent : static_cast<std::int32_t>(scale) - 127;
        const VI offset = hn::Set(d, -exponent);
        for (std::size_t i = 0; i < padded; i += n) {
          MI refused = hn::FirstN(d, 0);
          const VI bits = load(src + i);
          VI element = Encode<R, 23>(p, c, bits, offset, refused);
          if (HWY_UNLIKELY(!hn::AllFalse(d, refused))) {
            refused = hn::And(refused, hn::FirstN(d, k - i < n ? k - i : n));
            if (first == Status::ok && !hn::AllFalse(d, refused)) first = RefusalOf(bits, refused);
            element = hn::IfThenZeroElse(refused, element);
          }
          StoreCodes(element, dst + i);
        }
      }
      if (storage) std::memcpy(codes + b * k, dst, k);
    }
  }
  return first;
}

Status QuantizeFp32Impl(const QuantizePlan& qp, std::size_t k, const std::uint32_t* in, std::size_t blocks,
                        std::uint8_t* scales, std::uint8_t* codes) {
  return WithRounding(qp.element.rounding,
                      [&]<Rounding R>() { return Quantize<R>(qp, k, in, blocks, scales, codes, kLoadFp32); });
}
Status QuantizeBf16Impl(const QuantizePlan& qp, std::size_t k, const std::uint16_t* in, std::size_t blocks,
                        std::uint8_t* scales, std::uint8_t* codes) {
  return WithRounding(qp.element.rounding,
                      [&]<Rounding R>() { return Quantize<R>(qp, k, in, blocks, scales, codes, kLoadBf16); });
}

// ---- Dequantize: decode (gather), then X * P rounded once into fp32 / bf16 / fp16 by the same Encode. ----
template <Rounding R, int kPoint>
Status Dequantize(const ConvertPlan& p, FormatId element, std::size_t k,
                  const std::uint8_t* scales, const std::uint8_t* codes, std::size_t blocks, std::uint32_t* out32,
                  std::uint16_t* out16) {
  const DI d;
  const hn::Rebind<std::uint8_t, DI> d8;
  const hn::Rebind<std::uint16_t, DI> d16;
  const std::size_t n = hn::Lanes(d);
  const Consts c(p, kPoint);
  const DecodeConsts decode(format_spec(element));
  const VI vmask = hn::Set(d, static_cast<std::int32_t>(code_mask(format_spec(element))));
  const std::size_t total = k * blocks;
  bool bad = false;
  HWY_ALIGN std::uint8_t tail_codes[kMaxLanes] = {};
  HWY_ALIGN std::int32_t tail_offsets[kMaxLanes] = {};
  HWY_ALIGN std::int32_t tail_nan[kMaxLanes] = {};
  HWY_ALIGN std::int32_t tail_out[kMaxLanes];
  for (std::size_t i = 0; i < total; i += n) {
    const std::size_t lanes = total - i < n ? total - i : n;
    // Lanes may straddle blocks when k is not a multiple of n: per-lane offsets then.
    VI offset, idx;
    MI nan_scale;
    const std::size_t b0 = i / k, b1 = (i + lanes - 1) / k;
    if (b0 == b1 && lanes == n) {
      offset = hn::Set(d, static_cast<std::int32_t>(scales[b0]) - 127);
      nan_scale = hn::Eq(offset, hn::Set(d, 0xff - 127));
      idx = hn::PromoteTo(d, hn::LoadU(d8, codes + i));
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t e = j < lanes ? i + j : i;
        tail_codes[j] = j < lanes ? codes[e] : 0;
        tail_offsets[j] = static_cast<std::int32_t>(scales[e / k]) - 127;
        tail_nan[j] = scales[e / k] == 0xff ? -1 : 0;
      }
      offset = hn::Load(d, tail_offsets);
      nan_scale = hn::MaskFromVec(hn::Load(d, tail_nan));
      idx = hn::PromoteTo(d, hn::Load(d8, tail_codes));
    }
    bad |= !hn::AllFalse(d, hn::And(hn::Gt(idx, vmask), hn::FirstN(d, lanes)));
    MI refused = hn::FirstN(d, 0);
    VI v = Encode<R, kPoint>(p, c, DecodeLanes(decode, idx), offset, refused);
    v = hn::IfThenElse(nan_scale, c.nan0, v);  // OCP MX v1.0 §6.3: X = NaN makes every V_i NaN
    if (out32 != nullptr) {
      if (lanes == n)
        hn::StoreU(v, d, reinterpret_cast<std::int32_t*>(out32 + i));
      else {
        hn::Store(v, d, tail_out);
        std::memcpy(out32 + i, tail_out, lanes * sizeof(std::uint32_t));
      }
    } else {
      const auto narrow = hn::DemoteTo(d16, v);
      if (lanes == n)
        hn::StoreU(narrow, d16, out16 + i);
      else {
        HWY_ALIGN std::uint16_t tail16[kMaxLanes];
        hn::StoreU(narrow, d16, tail16);
        std::memcpy(out16 + i, tail16, lanes * sizeof(std::uint16_t));
      }
    }
  }
  return bad ? Status::invalid_argument : Status::ok;
}

Status DequantizeImpl(const ConvertPlan& p, FormatId element, std::size_t k, const std::uint8_t* scales,
                      const std::uint8_t* codes, std::size_t blocks, std::uint32_t* out32, std::uint16_t* out16) {
  return WithRounding(p.rounding, [&]<Rounding R>() {
    if (p.destination == FormatId::fp32) return Dequantize<R, 24>(p, element, k, scales, codes, blocks, out32, out16);
    return Dequantize<R, 23>(p, element, k, scales, codes, blocks, out32, out16);
  });
}

const char* TargetNameImpl() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace mxconf::simd_codec
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

namespace mxconf::simd_codec {

HWY_EXPORT(ConvertFp32Impl);
HWY_EXPORT(ConvertBf16Impl);
HWY_EXPORT(ConvertFp16Impl);
HWY_EXPORT(DecodeImpl);
HWY_EXPORT(QuantizeFp32Impl);
HWY_EXPORT(QuantizeBf16Impl);
HWY_EXPORT(DequantizeImpl);
HWY_EXPORT(TargetNameImpl);

namespace {

bool known(FormatId id) { return static_cast<std::size_t>(id) < kFormatCount; }
bool decodable(FormatId id) { return known(id) && (is_element_format(id) || id == FormatId::e8m0); }
bool is_ieee_destination(FormatId id) { return id == FormatId::fp32 || id == FormatId::bf16 || id == FormatId::fp16; }

}  // namespace

Status convert_fp32(const ConvertPlan& plan, std::span<const std::uint32_t> in, std::span<std::uint8_t> out) noexcept {
  if (in.size() != out.size()) return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(ConvertFp32Impl)(plan, in.data(), out.data(), in.size());
}
Status convert_bf16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<std::uint8_t> out) noexcept {
  if (in.size() != out.size()) return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(ConvertBf16Impl)(plan, in.data(), out.data(), in.size());
}
Status convert_fp16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<std::uint8_t> out) noexcept {
  if (in.size() != out.size()) return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(ConvertFp16Impl)(plan, in.data(), out.data(), in.size());
}

Status decode_fp32(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint32_t> out) noexcept {
  if (!decodable(format) || codes.size() != out.size()) return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(DecodeImpl)(format, codes.data(), out.data(), codes.size());
}

Status quantize_fp32(const QuantizePlan& plan, std::size_t k, std::span<const std::uint32_t> in,
                     std::span<std::uint8_t> scales, std::span<std::uint8_t> codes) noexcept {
  if (k == 0 || in.size() % k != 0 || codes.size() != in.size() || scales.size() != in.size() / k)
    return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(QuantizeFp32Impl)(plan, k, in.data(), scales.size(), scales.data(), codes.data());
}
Status quantize_bf16(const QuantizePlan& plan, std::size_t k, std::span<const std::uint16_t> in,
                     std::span<std::uint8_t> scales, std::span<std::uint8_t> codes) noexcept {
  if (k == 0 || in.size() % k != 0 || codes.size() != in.size() || scales.size() != in.size() / k)
    return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(QuantizeBf16Impl)(plan, k, in.data(), scales.size(), scales.data(), codes.data());
}

Status dequantize(const ConvertPlan& plan, FormatId element, std::size_t k, std::span<const std::uint8_t> scales,
                  std::span<const std::uint8_t> codes, std::span<std::uint32_t> out32,
                  std::span<std::uint16_t> out16) noexcept {
  if (!known(element) || !is_element_format(element) || !is_ieee_destination(plan.destination) || k == 0 ||
      codes.size() != scales.size() * k)
    return Status::invalid_argument;
  const bool wide = plan.destination == FormatId::fp32;
  if ((wide ? out32.size() : out16.size()) != codes.size()) return Status::invalid_argument;
  return HWY_DYNAMIC_DISPATCH(DequantizeImpl)(plan, element, k, scales.data(), codes.data(), scales.size(),
                                              wide ? out32.data() : nullptr, wide ? nullptr : out16.data());
}

const char* target_name() noexcept { return HWY_DYNAMIC_DISPATCH(TargetNameImpl)(); }

}  // namespace mxconf::simd_codec
#endif  // HWY_ONCE
