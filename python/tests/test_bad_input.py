"""Bad input: a Python exception naming the argument and what was expected."""
import numpy as np
import pytest

import mxconf
import mxconf.testing as mt

X = np.array([1.0, 2.0], np.float32)


@pytest.mark.parametrize("call,exc,match", [
    (lambda: mxconf.convert(np.array([1.0]), to="e4m3"), TypeError, "x: dtype float64.*second rounding"),
    (lambda: mxconf.convert(np.array([1], np.uint32), to="e4m3"), TypeError, "source="),
    (lambda: mxconf.convert(np.array([1], np.uint16), source="fp32", to="e4m3"), TypeError, "uint32"),
    (lambda: mxconf.convert(X, source="bf16", to="e4m3"), TypeError, "holds fp32"),
    (lambda: mxconf.convert(X, to="e9m9"), ValueError, "to=.*e9m9"),
    (lambda: mxconf.convert(X, to="fp32"), ValueError, "to=.*not an element"),
    (lambda: mxconf.convert(X, to="e4m3", profile="nvida"), ValueError, "profile=.*nvida.*valid"),
    (lambda: mxconf.convert(X, to="e4m3", policies={"nan-sing": "keep"}), ValueError, "unknown policy 'nan-sing'"),
    (lambda: mxconf.convert(X, to="e4m3", policies={"nan-sign": "maybe"}), ValueError, "invalid value 'maybe'"),
    (lambda: mxconf.convert(X, to="e4m3", policies=["nan-sign"]), TypeError, "policies: expected a dict"),
    (lambda: mxconf.convert(X, to="e4m3", rounding="nearest"), ValueError, "rounding=.*nearest"),
    (lambda: mxconf.convert(X, to="e4m3", overflow="wrap"), ValueError, "overflow=.*wrap"),
    (lambda: mxconf.convert(X, to="e4m3", rounding="sr"), ValueError, "random="),
    (lambda: mxconf.convert(X, to="e4m3", rounding="sr", sr_bits=8, random=[1, 300]), ValueError, "random\\[1\\]"),
    (lambda: mxconf.convert(np.array([np.nan], np.float32), to="e2m1", policies={"nan-into-finite": "error"}),
     ValueError, "x\\[0\\].*NaN"),
    (lambda: mxconf.convert("1.0", to="e4m3"), TypeError, "x: expected a numpy array"),
    (lambda: mxconf.quantize(np.ones(33, np.float32), elem="e4m3"), ValueError, "block=32 does not divide"),
    (lambda: mxconf.quantize(np.ones((2, 32), np.float32), elem="e4m3", axis=2), ValueError, "axis=2"),
    (lambda: mxconf.quantize(np.ones(32, np.float16), elem="e4m3"), TypeError, "float16"),
    (lambda: mxconf.quantize(np.ones(32, np.float32), elem="e8m0"), ValueError, "elem=.*element format"),
    (lambda: mxconf.quantize(np.ones(32, np.float32), elem="e4m3", rule="round"), ValueError, "rule=.*round"),
    (lambda: mxconf.quantize(np.ones(32, np.float32), elem="e4m3", policies={"overflow": "nonsat"}), ValueError,
     "overflow' has no effect"),
    (lambda: mxconf.dequantize(np.ones((2, 1), np.uint8), np.ones((2, 31), np.uint8), elem="e4m3"), ValueError,
     "do not match block=32"),
    (lambda: mxconf.dequantize(np.ones((1, 1), np.uint8), np.ones((1, 32), np.float32), elem="e4m3"), TypeError,
     "codes: dtype float32"),
    (lambda: mxconf.decode(np.array([0x10], np.uint8), fmt="e2m1"), ValueError, "codes\\[0\\] = 0x10.*e2m1"),
    (lambda: mxconf.pack(np.zeros(3, np.uint8), fmt="e2m1"), ValueError, "whole bytes"),
    (lambda: mxconf.dot(np.ones(1, np.uint8), np.ones(32, np.uint8), np.ones(1, np.uint8), np.ones(31, np.uint8),
                        elem="e4m3"), ValueError, "differ in shape"),
])
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_non_contiguous_numpy_is_read_as_its_values():
    m = np.arange(64, dtype=np.float32).reshape(8, 8)
    assert np.array_equal(mxconf.convert(m[:, ::2], to="e4m3"), mxconf.convert(m[:, ::2].copy(), to="e4m3"))


def test_non_contiguous_tensor_is_refused():
    torch = pytest.importorskip("torch", reason="torch is not installed here")
    with pytest.raises(ValueError, match="not contiguous"):
        mxconf.convert(torch.zeros(4, 4).t(), to="e4m3")


def test_check_with_a_kernel_that_raises_reports_it():
    def broken(x):
        raise RuntimeError("kernel exploded")

    report = mt.check_convert(broken, target="e4m3")
    assert not report.passed and report.exit_code == 3
    assert all(c.status == "kernel-error" or c.status == "kernel_error" for c in report.checks)
    assert "kernel exploded" in report.checks[0].note


@pytest.mark.parametrize("fn,match", [
    (lambda x: np.zeros(x.size + 1, np.uint8), "shape"),
    (lambda x: x, "dtype float32"),
    (lambda x: [0] * x.size, "returned list"),
])
def test_check_with_a_kernel_returning_the_wrong_thing(fn, match):
    report = mt.check_convert(fn, target="e4m3")
    assert report.exit_code == 3
    assert match in report.checks[0].note


def test_check_argument_errors():
    with pytest.raises(TypeError, match="fn: expected a callable"):
        mt.check_convert(3, target="e4m3")
    with pytest.raises(ValueError, match="tier="):
        mt.check_convert(lambda x: x, target="e4m3", tier="slow")
    with pytest.raises(ValueError, match="profile="):
        mt.check_convert(lambda x: x, target="e4m3", profile="nope")
    with pytest.raises(ValueError, match="zero checks|no check"):
        mt.check_convert(lambda x: x, target="e4m3", only="no-such-check")
