"""Word restoration: what did an injected spam string replace?

Hacked pages often get a spam string substituted for every occurrence of one
word ("bảo" -> "bet365 ..."); deleting the spam then leaves broken text.
:func:`restore` ranks candidate words with packaged n-gram tables
(``data/<lang>.lm.gz``, built by ``python tools/build_lm.py``; vi, id, en)
plus statistics of the site's clean pages, and answers only when confident::

    r = restore([page_text], [Gap(0, start, end), ...], site_texts=clean_pages)
    if r.kind == "replaced" and r.word is not None:
        ...  # put r.fillers[i] where gap i was

:func:`restore_pages` does the same for gaps spread over several pages: pooled,
except on pages whose own text rules the pool's word out.

Everything runs on the standard library plus ``regex``; tables load lazily
(once per process) in well under a second.
"""
from .restorer import Candidate, Gap, Restoration, Settings, filler, restore, restore_pages
from .text import detect_language

__all__ = ["Candidate", "Gap", "Restoration", "Settings", "detect_language", "filler", "restore", "restore_pages"]
