"""Every default and every list of choices of a run, defined once: the command line, the config file, the
library and the engine all read them from here."""

from __future__ import annotations

import enum
from typing import Any


class FailOn(enum.StrEnum):
    """The lowest severity of a failed rule that fails the page and the exit code; ``never``: nothing does."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


FAIL_ON_CHOICES: tuple[str, ...] = tuple(choice.value for choice in FailOn)

DEFAULT_PACK = "dcnf"
DEFAULT_FAIL_ON = FailOn.ERROR
DEFAULT_TIMEOUT = 20.0  # seconds, one wall-clock deadline per page
DEFAULT_MAX_BYTES = 10_000_000  # decompressed body cap
DEFAULT_CHECK_TIMEOUT = 30.0  # seconds for one page's parse and checks, after the fetch
DEFAULT_FORMAT = "text"  # `check`'s output format
DEFAULT_AUDIT_FORMAT = "jsonl"  # `audit`'s
DEFAULT_JOBS = 8
DEFAULT_PER_HOST = 2
DEFAULT_DELAY = 0.0
DEFAULT_RETRIES = 3
DEFAULT_MAX_WAIT = 120.0  # seconds: the longest backoff or Retry-After honoured
DEFAULT_PAGE_BUDGET = 64_000_000  # bytes of pages an audit holds at once, from their fetch to their report
DEFAULT_SITEMAP_TIMEOUT = DEFAULT_TIMEOUT  # seconds per sitemap document
# The two widths a page is judged at (CSS pixels, width x height): a page's stylesheets and --render both ask
# whether a reader sees an element at either; what is hidden at one is hidden.
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
# `repcheck discover`: a page carrying this share of an original's story words, in order, is a republication;
# the engine that shares out the archive files, and Spark's master when it is Spark.
DEFAULT_MIN_SHARE = 0.5
DISCOVER_ENGINES = ("local", "spark")
DEFAULT_DISCOVER_ENGINE = "local"
DEFAULT_SPARK_MASTER = "local[*]"

# Logos recognised by their pixels (checker/logo_match): images fetched per page, their size cap, the largest
# image decoded, and the smallest size a logo is drawn at to count as shown.
LOGO_MAX_IMAGES = 12
LOGO_MAX_IMAGE_BYTES = 5_000_000
LOGO_MAX_PIXELS = 40_000_000
LOGO_MIN_DRAWN_PX = 40
# An audit comparing images runs this many worker processes per CPU (unless --processes says): a worker waits
# while its page's images are fetched, and the others keep the CPUs busy meanwhile.
LOGO_AUDIT_PROCESSES_PER_CPU = 2

# The stylesheets a static check of a URL fetches (checker/fetch/stylesheets.py): the page's own site's only, at
# most this many a page, each at most this large, this many at once per process (and --per-host per host).
LINKED_CSS_MAX_SHEETS = 8
LINKED_CSS_MAX_BYTES = 2_000_000
LINKED_CSS_THREADS = 4

#: The value of every top-level config key when neither the command line nor the file sets it.
CONFIG_DEFAULTS: dict[str, Any] = {
    "rules": DEFAULT_PACK,
    "timeout": DEFAULT_TIMEOUT,
    "max_bytes": DEFAULT_MAX_BYTES,
    "check_timeout": DEFAULT_CHECK_TIMEOUT,
    "user_agent": None,
    "jobs": DEFAULT_JOBS,
    "per_host": DEFAULT_PER_HOST,
    "delay": DEFAULT_DELAY,
    "retries": DEFAULT_RETRIES,
    "ignore_robots": False,
    "fail_on": DEFAULT_FAIL_ON.value,
    "format": DEFAULT_FORMAT,
    "reports": {},
    "disable": [],
    "enable": [],
    "severity": {},
    "base_url": None,
    "all": False,
    "baseline": None,
    "redact_params": [],  # query parameters whose values are never printed, over checker.redact.SECRET_PARAMS
    "render": False,  # --render: judge pages as headless Chromium shows them (checker.render)
    "page_css": True,  # the page's own <style> rules hide what they hide (checker/page/stylesheets.py)
    "logo_reference": {},  # pack id -> images of that licensor's logo (files or URLs), over the pack's own
}
