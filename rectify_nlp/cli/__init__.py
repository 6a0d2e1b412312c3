"""The ``rectify-nlp`` command line: a thin layer over the Python API, one module per command group.

``_parse`` (parse), ``_tag`` (tag), ``_render`` (render), ``_explain`` (explain), ``_learn`` (train, evaluate,
suggest), ``_labels`` (labels check|stats), ``_labelstudio`` (labelstudio export|import); ``_common`` holds what
they share.
"""

from __future__ import annotations

import click

from ._explain import explain
from ._labels import labels
from ._labelstudio import labelstudio
from ._learn import evaluate, suggest, train
from ._parse import parse
from ._render import render
from ._tag import tag


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="rectify-nlp")
def main():
    """Read Chinese inspection-rectification notices (巡视/巡察整改情况通报), split them into
    problems and measures, and tag every measure with a category and a completion status.

    \b
    Typical use:
      rectify-nlp parse notice.txt                 # the structure, as text
      rectify-nlp tag notices/ -o measures.xlsx    # tag a folder with the default model
      rectify-nlp render notices/ -o report.html   # the tagged notices as a page to read
      rectify-nlp explain notice.txt --measure p02m03  # what decided a measure's tags
      rectify-nlp evaluate --labels training/annotations
      rectify-nlp train --labels training/annotations --labels mine.csv --out models/mine
    """


for command in (parse, tag, render, explain, train, evaluate, suggest, labels, labelstudio):
    main.add_command(command)
