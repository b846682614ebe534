"""The knowledge base: people, organisations and places with stable ids and all their names."""

from marsad.kb.loader import Entry, KnowledgeBase, alias_key, load_kb

__all__ = ["Entry", "KnowledgeBase", "alias_key", "load_kb"]
