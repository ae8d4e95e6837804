"""communique: diplomatic and political news into structured, sourced event data."""

from communique.models import CodingResult, Event

__version__ = "0.1.0"

__all__ = ["CodingResult", "Event", "__version__"]
