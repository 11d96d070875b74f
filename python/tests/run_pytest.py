"""ctest's entry to the Python suite: checks that the installed mxconf package is this tree's, then runs pytest.

    run_pytest.py [--require-pins] --source REPO -- PYTEST_ARGS...

Exit codes: pytest's, except 5 (no tests collected) which becomes 1; 77 (ctest: skipped) when the package is not
installed and --require-pins was not given (a plain cmake configure without scripts/setup.sh).
"""
import pathlib
import sys


def main(argv):
    sep = argv.index("--")
    own, pytest_args = argv[:sep], argv[sep + 1:]
    require = "--require-pins" in own
    source = pathlib.Path(own[own.index("--source") + 1])
    try:
        import mxconf
    except ImportError as e:
        print(f"run_pytest: the mxconf package is not installed for {sys.executable} ({e}); "
              "scripts/setup.sh installs it", file=sys.stderr)
        return 1 if require else 77
    version = (source / "CMakeLists.txt").read_text().split("project(mxconf VERSION ", 1)[1].split()[0]
    if mxconf.__version__ != version:
        print(f"run_pytest: installed mxconf {mxconf.__version__} is not this tree's {version}: run scripts/setup.sh",
              file=sys.stderr)
        return 1
    import pytest

    code = pytest.main(pytest_args)
    if code == 5:
        print("run_pytest: pytest collected no tests: failing (a suite that ran nothing has not passed)",
              file=sys.stderr)
        return 1
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
