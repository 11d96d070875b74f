"""Shared fixtures: the mxconf CLI the package is compared with (ctest passes it in $MXCONF_CLI)."""
import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("MXCONF_CLI")
    if not path:
        pytest.skip("MXCONF_CLI is not set (ctest sets it to build/harness/mxconf)")

    def run(*args, stdin="", check=True):
        r = subprocess.run([path, *args], input=stdin, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError(f"mxconf {' '.join(args)} exited {r.returncode}: {r.stderr}")
        return r

    return run
