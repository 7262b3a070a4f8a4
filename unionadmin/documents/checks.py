"""System check: the PDF pipeline needs HarfBuzz's subset library (see rendering.py)."""
from django.core.checks import Error, register

from . import rendering


@register()
def check_fast_font_subsetting(app_configs=None, **kwargs):
    problem = rendering.fast_font_subsetting_problem()
    if problem is None:
        return []
    return [Error(problem, hint=rendering.HARFBUZZ_SUBSET_HINT, id="documents.E001")]
