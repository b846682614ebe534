"""The keys the pipeline computes for the story linker are the ones the linker would compute.

The last stage (`story_keys`) computes an article's copy signature, bands and evidence in
the workers, so the one writer does not; a stage added after it, or a change to the
article on its way, would make the writer link with keys of another text.
"""

from __future__ import annotations

import itertools

import numpy as np

from marsad.run.local import process_inputs
from marsad.sources import read_inputs
from marsad.stories import copies
from marsad.stories.evidence import Probe, cosine, evidence
from marsad.stories.keys import LinkKeys


def _processed(samples):
    return [article for _, article in process_inputs(read_inputs([str(samples)]), pipeline="full")
            if article.error is None]


def test_the_pipeline_gives_the_keys_of_the_finished_article(samples):
    articles = _processed(samples)
    assert len(articles) > 5
    signed = 0
    for article in articles:
        keys = article.link_keys
        assert isinstance(keys, LinkKeys), article.id
        assert keys.evidence == evidence(article)
        signature = copies.copy_signature(article)
        if signature is None:
            assert keys.signature is None and keys.bands == []
        else:
            signed += 1
            assert keys.signature.size == signature.size
            assert np.array_equal(keys.signature.values, signature.values)
            assert keys.bands == copies.band_keys(signature)
        assert "link_keys" not in article.to_dict()
    assert signed


def test_a_probe_answers_as_the_pairwise_functions_do(samples):
    keys = [evidence(article) for article in _processed(samples)]
    for a, b in itertools.permutations(keys, 2):
        probe = Probe(a)
        assert sum(w * b[k] for k, w in probe.vector if k in b) == cosine(a, b)
        assert probe.language == next((k.split(":")[1] for k in a if k.startswith("v:")), None)
