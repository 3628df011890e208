from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path(
        "diagnostics/<int:assessment_id>/report.pdf",
        views.assessment_report,
        name="assessment_report",
    ),
    path(
        "partnerships/<int:partnership_id>/report.pdf",
        views.partnership_report,
        name="partnership_report",
    ),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/<int:report_id>/status/", views.portfolio_status, name="portfolio_status"),
    path(
        "portfolio/<int:report_id>/download/",
        views.portfolio_download,
        name="portfolio_download",
    ),
]
