"""Cut what scrapers and autoblogs leave in article text; keep what was cut, and why."""

from marsad.stages.residue.lines import (
    Header,
    TemplateLearner,
    judge_by_line,
    judge_lines,
    learn_templates,
    split_residue,
    template_key,
)
from marsad.stages.residue.stage import StripResidue, residue_stage

__all__ = [
    "Header",
    "StripResidue",
    "TemplateLearner",
    "judge_by_line",
    "judge_lines",
    "learn_templates",
    "residue_stage",
    "split_residue",
    "template_key",
]
