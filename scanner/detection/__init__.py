"""Detection: rule packs and detectors over an extraction, producing Findings."""

from .context import Context
from .detectors.keywords import replacing_phrases
from .engine import Detector, detect

__all__ = ["Context", "Detector", "detect", "replacing_phrases"]
