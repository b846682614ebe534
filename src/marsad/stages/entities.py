"""The entities stage: who and where an article names, each linked to a stable id.

NER spans from the shipped tagger (`marsad.ner`) and knowledge-base names found in
the text (`marsad.link`) become one `Entity` per distinct person, organisation or
place, with every mention as offsets into `article.text`. Spellings of one name
that the article mixes (خياري / خيري) go to `flags["name_variants"]`, where the
machine-translation signal reads them.

Without a trained model file the stage links knowledge-base names only, so a
checkout that has not trained the tagger still runs; `ner` says which way it runs.
Articles in other languages than Arabic are linked by knowledge-base names only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.arabic import tokens
from marsad.article import Article
from marsad.link import Linker
from marsad.pipeline import Stage

__all__ = ["EntityLinker", "link_entities"]


class EntityLinker:
    """NER + linking, loaded on first use; pickles as its settings only, like the tagger."""

    def __init__(self, ner: bool | None = None, model_path: str | Path | None = None) -> None:
        """`ner`: True to require the tagger, False to skip it, None to use it when its model exists."""
        self.ner = ner
        self.model_path = model_path
        self._linker: Linker | None = None
        self._tagger: Any = None
        self._loaded = False

    def __getstate__(self) -> dict[str, Any]:
        return {"ner": self.ner, "model_path": self.model_path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["ner"], state["model_path"])  # type: ignore[misc]

    def load(self) -> EntityLinker:
        """Load the knowledge base and (when used) the tagger now rather than on first use."""
        if not self._loaded:
            self._linker = Linker()
            if self.ner is not False:
                from marsad.ner import NerTagger

                tagger = NerTagger(self.model_path)
                if self.ner or tagger.model_path.is_file():
                    self._tagger = tagger.load()
            self._loaded = True
        return self

    @property
    def uses_ner(self) -> bool:
        """Whether NER spans feed the linking (after loading)."""
        return self.load()._tagger is not None

    def __call__(self, article: Article) -> Article:
        """Set `article.entities` and `flags["name_variants"]`."""
        self.load()
        toks = list(tokens(article.text))
        # The tagger learnt Arabic; on other languages it tags noise ("Holdings pledged"),
        # so there only knowledge-base names (which have English names too) are linked.
        tag = self._tagger is not None and article.lang in (None, "ar")
        spans = self._tagger.tag(article.text, toks) if tag else None
        linked = self._linker.link(article.text, spans, toks)  # type: ignore[union-attr]
        article.entities = linked.entities
        flags = dict(article.flags)
        if linked.variants:
            flags["name_variants"] = linked.variants
        else:
            flags.pop("name_variants", None)
        article.flags = flags
        return article


_default = EntityLinker()

link_entities = Stage("entities", _default, needs=frozenset({"text"}), gives=frozenset({"entities", "flags"}))
