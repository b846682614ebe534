"""Links between articles: copies of the same text, and stories about the same event.

`copies` turns an article into a MinHash signature over shingles of the shared Arabic
match form; `evidence` into the language-independent keys stories are built from;
`provenance` decides, within a story, which article the others derive from and how.
`linker.StoryLinker` is the online assignment run where articles are written: it is
the one place that reads the archive's candidate index (stages never do).
"""

from marsad.stories.copies import Signature, copy_signature, estimate_containment
from marsad.stories.evidence import link_score, linked

# `evidence` (the function) stays in its module: re-exported here it would hide the module.
__all__ = ["Signature", "copy_signature", "estimate_containment", "link_score", "linked"]
