"""Audits: thousands of pages, checked concurrently and politely, streamed as they finish.

- :mod:`.sources`: where the URLs come from (lists, CSV, stdin, sitemaps), filters and de-duplication;
- :mod:`.plan`: which of them this run checks;
- :mod:`.scheduler`: which may be fetched next (per-host limit and delay);
- :mod:`.robots`: whether robots.txt lets us;
- :mod:`.runner`: fetch, retry, check, deliver;
- :mod:`.resume`: what an earlier run already wrote;
- :mod:`.session`: one `repcheck audit` from start to end (:func:`checker.audit_pages` is the library's).
"""

from .plan import Plan, gather
from .runner import AuditOptions, Auditor
from .sources import AuditTarget, SourceError, UrlFilter, dedup_key

__all__ = ["AuditOptions", "AuditTarget", "Auditor", "Plan", "SourceError", "UrlFilter", "dedup_key", "gather"]
