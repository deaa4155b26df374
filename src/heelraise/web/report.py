"""The clinical report rendered: the report template with the pages' own SVG charts, then
printed to PDF (`export/pdf.py`). The CLI, the pages and the API all call `report_pdf`."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from heelraise.app.report import ReportData, report_data
from heelraise.export.pdf import PdfMetadata, html_to_pdf
from heelraise.web.charts import trend_svg, weekly_load_svg
from heelraise.web.templating import Templates
from heelraise.web.timeline_chart import timeline_svg

TEMPLATE = "report/report.html"
# The pages' chart colours as rules for inside each SVG (no comments in that file: inside
# an inline SVG the HTML parser reads `<` in a style element as markup).
CHART_STYLE = "report/chart.css"
TIMELINE_BARS = ".bar { fill: #9ab8d8; }"  # the timeline's bars are lighter, as on its page


def styled(chart: Markup, rules: str) -> Markup:
    """The chart with `rules` in a `<style>` of its own, right after its opening tag
    (WeasyPrint styles inline SVG from inside it); the drawing itself is unchanged."""
    head, close, rest = str(chart).partition(">")
    return Markup(f"{head}{close}<style>{rules}</style>{rest}")


def report_html(data: ReportData, templates: Templates | None = None) -> str:
    """The report as one self-contained HTML document (its stylesheet inlined)."""
    env = (templates or Templates(single_user=True)).env
    rules = env.loader.get_source(env, CHART_STYLE)[0] if env.loader else ""
    trends: list[tuple[str, Markup]] = []
    if data.visa_a:
        points = [(row.date, float(row.value or 0)) for row in data.visa_a]
        chart = trend_svg(points, title="VISA-A", unit="", y_max=100.0, chart_id="report-visa")
        trends.append(("VISA-A score (0–100; higher is better)", styled(chart, rules)))
    if data.heel_rise:
        points = [(row.date, float(row.value or 0)) for row in data.heel_rise]
        chart = trend_svg(
            points,
            title="Heel-rise symmetry",
            unit="%",
            y_max=100.0,
            target=data.symmetry_target,
            chart_id="report-symmetry",
        )
        caption = f"Heel-rise symmetry (%); the dashed line is {data.symmetry_target:.0f}%"
        trends.append((caption, styled(chart, rules)))
    timeline_chart = (
        None
        if data.line.empty
        else styled(timeline_svg(data.line, chart_id="report-line"), rules + TIMELINE_BARS)
    )
    load_chart = (
        styled(
            weekly_load_svg(
                data.load.weeks, data.load.spikes, data.load.onset, chart_id="report-load"
            ),
            rules,
        )
        if data.load.weeks
        else None
    )
    return env.get_template(TEMPLATE).render(
        data=data, timeline_chart=timeline_chart, load_chart=load_chart, trend_charts=trends
    )


def report_pdf(
    db_url: str | None,
    person: str | None,
    as_of: dt.date | None = None,
    *,
    name: str | None = None,
    templates: Templates | None = None,
    created: dt.datetime | None = None,
) -> tuple[str, bytes]:
    """(the report's file name, its PDF bytes) for the person's day (audited read)."""
    data = report_data(db_url, person, as_of, name=name)
    metadata = PdfMetadata(
        title=f"heelraise report: {data.person_label}, {data.as_of.isoformat()}",
        author=data.person_label,
        subject="Achilles pain: triage, training load, loading programme and capacity tests",
        keywords=("Achilles", "tendinopathy", "heelraise", data.assessment.pathway),
        created=created or dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    pdf = html_to_pdf(report_html(data, templates), metadata)
    return f"heelraise-report-{data.as_of.isoformat()}.pdf", pdf
