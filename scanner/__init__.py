"""Content-integrity and spam-injection scanner.

The public API (kept stable; see ``tests/test_api.py``)::

    Scanner, scan_document, scan_many, clean_document   # scanning and cleaning
    Document, DocumentResult, Finding, Verdict, Severity, CleanResult
    Config, load_config, RuleSet, load_rules
    ScannerError and its subclasses
"""

__version__ = "0.1.0"  # before the imports: the API digests it into Scanner.settings_key

from .api import CleanResult, Scanner, clean_document, scan_document, scan_many
from .config import Config, load_config
from .document import Document
from .errors import ConfigError, DecodeError, FetchError, RuleError, ScannerError, SourceError
from .findings import DocumentResult, Finding, Restored, RuleInfo, Severity, Verdict
from .rules import RuleSet, load_rules

__all__ = [
    "CleanResult", "Config", "ConfigError", "DecodeError", "Document", "DocumentResult", "FetchError", "Finding",
    "Restored", "RuleError", "RuleInfo", "RuleSet", "Scanner", "ScannerError", "Severity", "SourceError", "Verdict",
    "clean_document", "load_config", "load_rules", "scan_document", "scan_many",
]
