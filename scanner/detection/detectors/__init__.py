"""Detectors written in code: the checks no word list can express.

The registry is explicit: a detector runs when it is listed here.
"""

from __future__ import annotations

from ..engine import Detector
from .evasion import Evasion
from .head_tags import AddedHeadTags
from .headings import OrphanHeadings
from .hidden import HiddenBlocks
from .keywords import KeywordInjections
from .link_farms import LinkFarms
from .links import InjectedLinks, Redirects
from .posts import SpamPosts
from .remnants import AdRemnants
from .scoring import CombinedScore
from .spam_text import SpamSentences


def default_detectors() -> list[Detector]:
    """The detectors a default scan runs, in order; those that widen or re-weigh other findings last."""
    return [HiddenBlocks(), InjectedLinks(), Redirects(), Evasion(), KeywordInjections(), CombinedScore(), SpamSentences(), SpamPosts(), LinkFarms(), AdRemnants(), AddedHeadTags(), OrphanHeadings()]
