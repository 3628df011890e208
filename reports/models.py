"""Portfolio reports: built by a worker, kept in storage so that the council version is found
again. (The partnership report is rendered on demand and not kept: its diagnostic is frozen.)"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citydiplo.tenancy import TenantQuerySet
from citydiplo.uploads import private_path
from municipalities.models import Municipality


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the worker")
    RUNNING = "running", _("being built")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def report_path(instance: PortfolioReport, filename: str) -> str:
    return private_path("reports", instance.municipality_id, filename=filename)


class PortfolioReportQuerySet(TenantQuerySet["PortfolioReport"]):
    """Reports: visible to the members of their municipality."""


class PortfolioReport(models.Model):
    """One build of the portfolio PDF of a municipality, with its progress and its file."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="portfolio_reports"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_path, blank=True, max_length=200)
    partnerships = models.PositiveIntegerField(_("partnerships"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    objects: ClassVar[PortfolioReportQuerySet] = PortfolioReportQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("portfolio report")
        verbose_name_plural = _("portfolio reports")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["municipality", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="portfolio_report_progress_0_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="portfolio_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=LANGUAGE_CODES), name="portfolio_report_language_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DONE) | ~Q(file=""),
                name="portfolio_report_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} — {self.created_at:%Y-%m-%d %H:%M} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("reports:portfolio_download", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.DONE and bool(self.file)
