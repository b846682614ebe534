"""Is this article a translation of that one? Evidence that survives translation.

    translation_score(derived, original) -> 0..1
    rank_originals(derived, candidates) -> [(article id, score)], best first

No neural encoder: the score aligns anchors that a translation keeps whatever the
language (linked entity ids in order, numbers, dates, quoted speakers, paragraph
structure) and the words a shipped bilingual lexicon can pair.
"""

from marsad.crosslang.score import Evidence, evidence, rank_originals, translation_score

__all__ = ["Evidence", "evidence", "rank_originals", "translation_score"]
