"""Web sources: fetch URLs safely, discover pages through sitemaps, feeds and the WordPress API, catch cloaking.

    async for result in audit(["https://example.org/"], Scanner(), AuditOptions()):
        ...
"""

from .audit import AuditOptions, AuditState, audit
from .campaigns import Campaign
from .cloaking import RULES as CLOAKING_RULES
from .discover import is_url
from .fetch import FetchOptions

__all__ = ["CLOAKING_RULES", "AuditOptions", "AuditState", "Campaign", "FetchOptions", "audit", "is_url"]
