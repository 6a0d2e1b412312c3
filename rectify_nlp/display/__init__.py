"""Display: a tagged notice for a person to look at. ``_render`` writes notices as one HTML page,
``_explain`` says what decided each tag, ``_tree`` gives a notice as a JSON tree or a terminal outline.
"""

from ._explain import explain, explanation_text
from ._render import render
from ._tree import notice_to_dict, notice_to_text

__all__ = ["explain", "explanation_text", "notice_to_dict", "notice_to_text", "render"]
