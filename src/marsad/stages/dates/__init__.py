"""Every date an article mentions, with the calendar date it stands for."""

from marsad.stages.dates.finder import (
    date_article,
    find_dates,
    resolve_dates,
)

__all__ = ["date_article", "find_dates", "resolve_dates"]
