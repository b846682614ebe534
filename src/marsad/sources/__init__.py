"""Readers: inputs of every kind into raw articles with their origin."""

from marsad.sources.base import Input, Skipped, failed, fingerprint
from marsad.sources.files import read_inputs

__all__ = ["Input", "Skipped", "failed", "fingerprint", "read_inputs"]
