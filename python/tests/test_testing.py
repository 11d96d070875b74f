"""mxconf.testing runs the C++ checks on Python kernels: a correct ml_dtypes kernel passes under the matching
profile; a ties-away kernel and a lost-carry kernel fail with explanations that name what went wrong."""
import json
import xml.etree.ElementTree as ET

import ml_dtypes
import numpy as np
import pytest

import mxconf
import mxconf.testing as mt

E4M3 = ml_dtypes.float8_e4m3fn


def ml_dtypes_e4m3(x):
    return x.astype(E4M3)


@np.errstate(all="ignore")
def ties_away_e4m3(x):
    """ml_dtypes' cast, except exact ties go away from zero (the bug of tie-to-even written as round-half-up)."""
    codes = x.astype(E4M3).view(np.uint8).copy()
    v = np.abs(x.astype(np.float64))
    mag = codes & 0x7F
    d = np.abs(codes.view(E4M3).astype(np.float64))
    up = np.abs((((mag + 1) & 0x7F) | (codes & 0x80)).astype(np.uint8).view(E4M3).astype(np.float64))
    up[mag >= 0x7E] = 480.0  # the next grid point beyond 448 (no code: non-saturating gives NaN)
    tie = np.isfinite(v) & (v > d) & (mag < 0x7F) & (v - d == up - v)
    codes[tie] = ((mag[tie] + 1) | (codes[tie] & 0x80)).astype(np.uint8)
    return codes


@np.errstate(all="ignore")
def lost_carry_e4m3(x):
    """ml_dtypes' cast, except a rounding up that carries into the exponent keeps the old exponent: the result
    drops to the bottom of the input's binade (mantissa 000 of the smaller exponent)."""
    codes = x.astype(E4M3).view(np.uint8).copy()
    v = np.abs(x.astype(np.float64))
    d = np.abs(codes.view(E4M3).astype(np.float64))
    mag = codes & 0x7F
    carried = np.isfinite(v) & (v > 0) & (d > v) & ((mag & 0x07) == 0) & (mag >= 0x10) & (mag < 0x7F)
    carried &= np.floor(np.log2(np.where(carried, v, 1.0))) < np.log2(np.where(carried, d, 1.0))
    codes[carried] -= 8
    return codes


def test_ml_dtypes_cast_conforms_to_its_profile():
    report = mt.check_convert(ml_dtypes_e4m3, target="e4m3", profile="ml_dtypes", rounding="rne", overflow="nonsat")
    assert report.passed, str(report)
    assert report.cases > 1000 and report.mismatches == 0
    names = [c.name for c in report.checks]
    assert any("edges" in n for n in names) and any(n.startswith("convert/") for n in names)


def test_ml_dtypes_cast_fails_the_ocp_saturating_profile():
    report = mt.check_convert(ml_dtypes_e4m3, target="e4m3", profile="ocp", rounding="rne", overflow="saturate")
    assert not report.passed and report.exit_code == 1
    assert "overflow" in report.mismatches_by_class or "saturation" in report.mismatches_by_class


def test_ties_away_kernel_fails_on_ties_with_the_reason():
    report = mt.check_convert(ties_away_e4m3, target="e4m3", profile="ml_dtypes", rounding="rne",
                              overflow="nonsat")
    assert not report.passed and report.exit_code == 1
    assert set(report.mismatches_by_class) >= {"tie"}
    m = report.explained_mismatches[0]
    assert "tie" in m["classes"]
    assert "tie-to-even" in m["explanation"] or "ties to even" in m["explanation"], m["explanation"]
    with pytest.raises(AssertionError, match="tie"):
        mt.assert_conforms(ties_away_e4m3, target="e4m3", profile="ml_dtypes", rounding="rne", overflow="nonsat")


def test_lost_carry_kernel_fails_with_the_carry_explained():
    report = mt.check_convert(lost_carry_e4m3, target="e4m3", profile="ml_dtypes", rounding="rne",
                              overflow="nonsat")
    assert not report.passed
    m = report.explained_mismatches[0]
    # The expected code is the power of two the value rounds up to; the kernel's is half of it.
    exp, got = int(m["expected"], 16), int(m["got"], 16)
    assert exp - got == 8 and (exp & 0x07) == 0
    # The explanation: the result is the neighbour above, a power of two (mantissa 000), whatever rule decided.
    lines = dict(line.split(":", 1) for line in m["explanation"].splitlines() if ":" in line)
    assert lines["result"].split()[0] == lines["above"].split()[0] == m["expected"], m["explanation"]


def test_report_writers_are_the_cpp_ones(tmp_path):
    report = mt.check_convert(ties_away_e4m3, target="e4m3", profile="ml_dtypes", rounding="rne",
                              overflow="nonsat")
    report.write_junit(tmp_path / "r.xml")
    report.write_json(tmp_path / "r.json")
    report.write_markdown(tmp_path / "r.md")
    suites = ET.parse(tmp_path / "r.xml").getroot()
    assert suites.tag == "testsuites" and int(suites.get("failures")) >= 1
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["profile"] == "ml_dtypes"
    assert "|" in (tmp_path / "r.md").read_text()
    assert "FAIL" in str(report)


def test_check_decode_and_dequantize():
    table = mxconf.decode(np.arange(256, dtype=np.uint8), fmt="e4m3")
    assert mt.check_decode(lambda c: table[c], fmt="e4m3").passed
    wrong = table.copy()
    wrong[0x7E] = 480.0
    report = mt.check_decode(lambda c: wrong[c], fmt="e4m3")
    assert not report.passed and report.mismatches == 1

    @np.errstate(all="ignore")
    def deq(scales, codes):
        return (codes.view(E4M3).astype(np.float64) * np.ldexp(1.0, scales.astype(np.int64)[:, None] - 127)).astype(
            np.float32)

    assert mt.check_dequantize(deq, elem="e4m3").cases > 0


def test_check_quantize_with_the_package_itself_and_a_float_log2_bug():
    def ours(x):
        s, c = mxconf.quantize(x, elem="e4m3", rule="floor")
        return s[:, 0], c

    assert mt.check_quantize(ours, elem="e4m3", rule="floor").passed

    def float_log2(x):  # the scale from a float log2 (rounds 0x43ffffff up to 9.0: spec-rules §3.3)
        s, c = mxconf.quantize(x, elem="e4m3", rule="floor")
        a = np.abs(x).max(axis=1).astype(np.float32)
        with np.errstate(divide="ignore"):
            e = np.floor(np.log2(a).astype(np.float32)) - 8
        ok = np.isfinite(e) & (s[:, 0] != 0xFF)
        s = s[:, 0].copy()
        s[ok] = np.clip(e[ok] + 127, 0, 254).astype(np.uint8)
        return s, c

    report = mt.check_quantize(float_log2, elem="e4m3", rule="floor")
    assert not report.passed and report.exit_code == 1, str(report)


def test_identify_finds_ml_dtypes():
    found = mt.identify(ml_dtypes_e4m3, target="e4m3", rounding="rne", overflow="nonsat", only="*fp32-edges")
    assert found["ml_dtypes"].passed
    assert not found["nvidia"].passed


def test_pytest_option_writes_junit(tmp_path):
    import subprocess
    import sys

    (tmp_path / "test_k.py").write_text(
        "import ml_dtypes, mxconf.testing as mt\n"
        "def test_k():\n"
        "    mt.check_convert(lambda x: x.astype(ml_dtypes.float8_e4m3fn), target='e4m3', profile='ml_dtypes',\n"
        "                     rounding='rne', overflow='nonsat', only='*edges')\n")
    out = tmp_path / "mx.xml"
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path / "test_k.py"),
                        f"--mxconf-junit={out}"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and root.find("testsuite") is not None
    assert int(root.get("tests")) >= 1
