"""Skip a test module when the optional extra ``logo`` is not installed, unless ``$REPCHECK_REQUIRE_LOGO`` is
``1`` (as CI sets it, after installing the extra): then the tests fail instead of skipping."""

from __future__ import annotations

import os

import pytest

from checker.logo_match import available


def require_logo_extra() -> None:
    if available():
        return
    if os.environ.get("REPCHECK_REQUIRE_LOGO") == "1":
        raise RuntimeError("REPCHECK_REQUIRE_LOGO=1 but the extra 'logo' is not installed")
    pytest.skip("needs the extra: pip install '.[logo]'", allow_module_level=True)
