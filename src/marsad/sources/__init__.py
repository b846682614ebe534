"""Readers: inputs of every kind into raw articles with their origin."""

from marsad.sources.base import Input, failed, fingerprint
from marsad.sources.files import read_inputs

__all__ = ["Input", "failed", "fingerprint", "read_inputs"]
