"""The spaCy pipeline: one model, loaded once, extended with communique's own components."""

from communique.nlp.loader import load_nlp

__all__ = ["load_nlp"]
