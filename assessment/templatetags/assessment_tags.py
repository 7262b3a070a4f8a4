"""Display helpers of the assessment's templates."""
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def points(value):
    """4.00 → "4", 3.50 → "3.5", 2.25 → "2.25", None → "—"."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def measured(value, unit):
    """An indicator's value with its unit: 95.3 %, 12, ¥3,000."""
    if value is None:
        return _("no data")
    text = points(value)
    return {"percent": f"{text} %", "yuan": f"¥{text}"}.get(unit, text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def grade_badge(grade, vetoed=False):
    """The grade as a badge (a tag rather than an include: the ranking shows a thousand)."""
    from django.utils.safestring import mark_safe

    if vetoed:
        return mark_safe('<span class="badge text-bg-dark"><i class="bi bi-slash-circle me-1"></i>%s</span>'
                         % _("Vetoed"))
    if grade == "exemplary":
        return mark_safe('<span class="badge grade-exemplary"><i class="bi bi-award-fill me-1"></i>%s</span>'
                         % _("Exemplary"))
    if grade == "standard":
        return mark_safe('<span class="badge text-bg-success"><i class="bi bi-check2-circle me-1"></i>%s</span>'
                         % _("Up to standard"))
    return mark_safe('<span class="badge text-bg-light border">%s</span>' % _("Not up to standard"))


@register.simple_tag
def ranking_rows(rows):
    """The <tr>s of a category's ranking, built in Python: a county ranks a thousand units,
    and a template loop costs several times the query behind it (bench/assessment_ranking.py)."""
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    def cells(row):
        url = getattr(row, "url", "")
        name = format_html('<a href="{}">{}</a>', url, row.unit_name) if url else row.unit_name
        return (mark_safe(' class="own-unit"') if getattr(row, "own", False) else "", row.rank or "—", name, points(row.standard),
                points(row.bonus), points(row.deductions), points(row.total), grade_badge(row.grade, row.vetoed))

    return format_html_join(
        "\n",
        '<tr{}><td class="rank">{}</td><td>{}</td><td class="num d-none d-md-table-cell">{}</td>'
        '<td class="num d-none d-md-table-cell">{}</td><td class="num d-none d-md-table-cell">{}</td>'
        '<td class="num fw-semibold">{}</td><td>{}</td></tr>',
        (cells(row) for row in rows),
    )
