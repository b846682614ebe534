"""Per-site templates for the fast extraction path: the container a site's stories sit in.

A site lays out all its articles from one template, so the element that holds the story
on one page ("div.article-body" inside "main#content") holds it on the next. The fast path
names that element for every page it reads (`container`). `SiteTemplates` remembers, per
host, the containers of the pages whose reading we trusted: read with confidence, or read
unsure but confirmed by trafilatura's answer on the same page. Once a container has been
confirmed on `min_pages` different pages of a host and holds most of that host's confirmed
pages, a later page of the host whose story the fast path finds in that same container is
served by the fast path without asking trafilatura: the site's template agrees with it.

It is the extraction-side twin of the residue stage's template learner
(stages/residue/templates.py), which learns a site's repeated lines across a batch; here
what repeats is where the story sits. Memory is bounded: at most `capacity` hosts (the
least recently seen are forgotten) and `max_pages` page keys per host.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

__all__ = ["SiteTemplates", "container", "host_of"]

_DIGITS = re.compile(r"\d+")
_DEPTH = 40


def host_of(url: str | None) -> str | None:
    """The site a page belongs to: its host name without "www."."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _name(node: LexborNode) -> str:
    """An element as a template names it: tag, classes and id, numbers folded (post-123 = post-0)."""
    attrs = node.attributes
    classes = ".".join(sorted((attrs.get("class") or "").split()))
    return _DIGITS.sub("0", f"{node.tag}.{classes}#{attrs.get('id') or ''}")


def _ancestors(node: LexborNode) -> list[LexborNode]:
    chain = []
    while node is not None and node.tag not in ("body", "html") and len(chain) < _DEPTH:
        chain.append(node)
        node = node.parent
    return chain


def container(owners: Sequence[LexborNode]) -> str | None:
    """The innermost element holding all of `owners` (a story's paragraphs), with its parent, by name."""
    if not owners:
        return None
    chain = _ancestors(owners[0])
    for owner in owners[1:]:
        ids = {n.mem_id for n in _ancestors(owner)}
        while chain and chain[0].mem_id not in ids:
            chain.pop(0)
    if not chain:
        return None
    return " > ".join(_name(n) for n in reversed(chain[:2]))


class SiteTemplates:
    """Per host, how often each story container was confirmed, on how many distinct pages."""

    def __init__(self, min_pages: int = 2, min_share: float = 0.6, *, capacity: int = 10_000,
                 max_pages: int = 200) -> None:
        self.min_pages, self.min_share = min_pages, min_share
        self.capacity, self.max_pages = capacity, max_pages
        self._sites: OrderedDict[str, tuple[Counter[str], set[str]]] = OrderedDict()

    def learn(self, url: str | None, where: str | None) -> None:
        """Count `where` as a confirmed story container of `url`'s site (once per page)."""
        host = host_of(url)
        if host is None or where is None:
            return
        counts, seen = self._sites.get(host) or (Counter(), set())
        self._sites[host] = (counts, seen)
        self._sites.move_to_end(host)
        if url in seen or len(seen) >= self.max_pages:
            return
        seen.add(url)
        counts[where] += 1
        while len(self._sites) > self.capacity:
            self._sites.popitem(last=False)

    def agrees(self, url: str | None, where: str | None) -> bool:
        """Is `where` the container this site's confirmed pages hold their stories in?"""
        host = host_of(url)
        site = self._sites.get(host) if host else None
        if site is None or where is None:
            return False
        counts, _ = site
        confirmed = counts.get(where, 0)
        return confirmed >= self.min_pages and confirmed >= self.min_share * sum(counts.values())

    def clear(self) -> None:
        """Forget every site."""
        self._sites.clear()

    def __len__(self) -> int:
        return len(self._sites)
