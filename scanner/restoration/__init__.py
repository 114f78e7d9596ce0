"""Word restoration: what did an injected spam string replace?

Hacked pages often get a spam string substituted for every occurrence of one
word ("bảo" -> "bet365 ..."); deleting the spam then leaves broken text.
:func:`restore` ranks candidate words with packaged n-gram tables plus
statistics of the site's clean pages, and answers only when confident.
"""
from .text import detect_language
from .restorer import Candidate, Gap, Restoration, Settings, restore

__all__ = ["Candidate", "Gap", "Restoration", "Settings", "detect_language", "restore"]
