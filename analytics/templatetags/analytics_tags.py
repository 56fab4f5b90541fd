"""Figures and chart descriptions for the dashboards' templates (drawn by static/analytics/dashboards.js)."""

from django import template
from django.utils.html import json_script

register = template.Library()


@register.filter
def figure(value) -> str:
    """62.456 → «62,5»; None → «—»."""
    if value is None:
        return "—"
    return f"{float(value):.1f}".replace(".", ",")


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


def _chart(chart_id: str, spec: dict):
    return json_script(spec, chart_id)


def _percent_max(indicator):
    return 100 if indicator.unit == "percent" else None


@register.simple_tag
def trend_chart(row, dashboard):
    labels = [period for period, _ in row.trend]
    series = [
        {
            "label": "Значение",
            "type": "line",
            "data": [None if v is None else round(v, 1) for _, v in row.trend],
        }
    ]
    if row.cell.target is not None:
        series.append(
            {
                "label": "Цель",
                "type": "line",
                "dashed": True,
                "data": [float(row.cell.target.value)] * len(labels),
            }
        )
    spec = {
        "type": "line",
        "title": f"Динамика: {row.indicator.name}",
        "labels": labels,
        "series": series,
        "max": _percent_max(row.indicator),
    }
    return _chart(f"trend-{row.indicator.code}", spec)


@register.simple_tag
def distribution_chart(indicator, dashboard):
    spec = {
        "type": "bar",
        "title": f"Школы по значению: {indicator.name}",
        "labels": dashboard.distribution_labels,
        "series": [{"label": "Число школ", "data": dashboard.distribution.get(indicator.code, [])}],
    }
    return _chart(f"dist-{indicator.code}", spec)


@register.simple_tag
def units_chart(indicator, dashboard):
    """The municipalities (or schools) of the dashboard against the target: hidden values are left out."""
    labels, values, targets = [], [], []
    for unit in dashboard.units:
        cell = unit.cells[indicator.code]
        labels.append(str(unit.unit))
        values.append(None if cell.shown is None else round(cell.shown, 1))
        targets.append(None if cell.target is None else float(cell.target.value))
    spec = {
        "type": "bar",
        "title": indicator.name,
        "labels": labels,
        "series": [
            {"label": "Значение", "data": values},
            {"label": "Цель", "type": "line", "dashed": True, "data": targets},
        ],
        "max": _percent_max(indicator),
    }
    return _chart(f"units-{indicator.code}", spec)


@register.filter
def sentence(effect, title):
    return effect.sentence(title)
