"""Entity linking: known names found in text, NER mentions tied to the knowledge base,
and within an article every short form and spelling of one entity joined to it.

See `linker.Linker` for the steps; `ids.new_id` and `ids.person_id` for ids of entities the
knowledge base lacks.
"""

from marsad.link.linker import Linked, Linker
from marsad.link.ids import new_id, person_id

__all__ = ["Linked", "Linker", "new_id", "person_id"]
