"""Entity linking: known names found in text, NER mentions tied to the knowledge base,
and within an article every short form and spelling of one entity joined to it.

See `linker.Linker` for the steps; `resolve.new_id` for ids of entities the
knowledge base lacks.
"""

from marsad.link.linker import Linked, Linker
from marsad.link.resolve import new_id

__all__ = ["Linked", "Linker", "new_id"]
