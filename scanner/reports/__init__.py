"""Reports: console (rich), JSON and SARIF. Each reads only DocumentResults and Findings."""

from .summary import Summary

FORMATS = ("console", "json", "sarif")

__all__ = ["FORMATS", "Summary"]
