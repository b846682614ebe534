"""Watching sources: the registry of feeds and sitemaps, the polling cycle, the service loop."""

from marsad.watch.cycle import CycleReport, Watcher
from marsad.watch.discover import Found, discover

__all__ = ["CycleReport", "Found", "Watcher", "discover"]
