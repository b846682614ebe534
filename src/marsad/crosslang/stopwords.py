"""English function words: every English text has them, so they are no evidence of translation."""

__all__ = ["ENGLISH_STOPWORDS"]

ENGLISH_STOPWORDS = frozenset(
    """
    a about above according after again against all also am among an and any are as at be because
    been before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how however i if in into
    is it its itself just may me might more most mr mrs ms must my myself no nor not now of off on once
    one only or other our ours ourselves out over own per said same say says shall she should so some
    such than that the their theirs them themselves then there these they this those through to told
    too under until up upon very via was we were what when where which while who whom why will with
    within without would yet you your yours yourself yourselves
    """.split()
)
