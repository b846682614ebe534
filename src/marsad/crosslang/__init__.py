"""Is this article a translation of that one? Evidence that survives translation.

    translation_score(derived, original) -> 0..1
    rank_originals(derived, candidates) -> [(article id, score)], best first

No neural encoder: the score aligns anchors that a translation keeps whatever the
language (linked entity ids in order, numbers, dates, quoted speakers, paragraph
structure) and the words a shipped bilingual lexicon can pair.
"""

from marsad.crosslang.evidence import Evidence, evidence
from marsad.crosslang.score import rank_evidence, rank_originals, score_evidence, translation_score

__all__ = ["Evidence", "evidence", "rank_evidence", "rank_originals", "score_evidence", "translation_score"]
