"""Detectors written in code: the checks no word list can express.

The registry is explicit: a detector runs when it is listed here.
"""

from __future__ import annotations

from ..engine import Detector
from .evasion import Evasion
from .hidden import HiddenBlocks
from .keywords import KeywordInjections
from .links import InjectedLinks, Redirects
from .scoring import CombinedScore


def default_detectors() -> list[Detector]:
    """The detectors a default scan runs, in order; the combined score last, as it reads all the others."""
    return [HiddenBlocks(), InjectedLinks(), Redirects(), Evasion(), KeywordInjections(), CombinedScore()]
