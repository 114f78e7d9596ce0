"""The errors a user can cause, as one small hierarchy.

    ScannerError            base; the CLI prints its message on one line and exits 2
    ├── ConfigError         a bad config file or option value
    ├── RuleError           a broken rule file (names the file, the rule id and the field)
    ├── SourceError         a missing file, an unreadable folder, a bad URL
    │   └── FetchError      an unreachable host, an HTTP error, a refused address
    └── DecodeError         bytes that cannot be decoded at all
"""

from __future__ import annotations


class ScannerError(Exception):
    """Base class of every error the CLI reports as one line with exit code 2."""


class ConfigError(ScannerError):
    pass


class RuleError(ScannerError):
    def __init__(self, path: str, rule_id: str | None, field: str | None, problem: str) -> None:
        where = path
        if rule_id:
            where += f": rule {rule_id!r}"
        if field:
            where += f": field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.rule_id = rule_id
        self.field = field


class SourceError(ScannerError):
    pass


class FetchError(SourceError):
    pass


class DecodeError(ScannerError):
    pass
