"""Time both reports on made-up data (DESIGN §8), inside a transaction that is rolled back.

    python manage.py bench_reports [--runs 7] [--portfolio 300] [--keep-pdfs DIR]

Partnership report: a real diagnostic (every question answered with a justification), rendered
as the download view does (read, HTML, PDF in the bounded child) `--runs` times; median printed.
Portfolio: `--portfolio` active partnerships with approved diagnostics, built as the worker
does; wall time, and peak memory (getrusage) of the worker process and of the rendering child.
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from municipalities.models import Membership, Municipality, Role
from partners.models import Partner, Partnership
from reports import partnership as partnership_report
from reports import pdf, portfolio
from risks import actions, compute, scoring
from risks.models import Assessment, AssessmentStatus, Control, Question, Questionnaire
from risks.structure import structure_of

PARTNERSHIP_BUDGET_S = 1.5
PORTFOLIO_BUDGET_S = 30.0
PORTFOLIO_BUDGET_MB = 400.0

SENTENCES = [
    "La délégation a présenté le projet lors de la réunion du comité de jumelage.",
    "Les documents transmis ne précisent pas l'origine des financements annoncés.",
    "Le laboratoire partenaire collabore avec plusieurs établissements publics de recherche.",
    "Aucune clause de sortie n'est prévue dans le projet de convention examiné.",
    "La préfecture a été informée par courrier et n'a pas formulé d'observation à ce stade.",
    "Les services municipaux n'ont pas identifié de flux de données personnelles.",
    "Le partenaire a sollicité une communication conjointe à l'occasion de la signature.",
    "Les associations locales concernées ont été consultées avant la délibération.",
]


def justification(rng: random.Random, words: int) -> str:
    text: list[str] = []
    while sum(len(s.split()) for s in text) < words:
        text.append(rng.choice(SENTENCES))
    return " ".join(text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the partnership and portfolio PDF reports on made-up data (rolled back)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--portfolio", type=int, default=300)
        parser.add_argument("--words", type=int, default=20, help="words per justification")
        parser.add_argument("--keep-pdfs", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        self.rng = random.Random(20260101)
        self.keep: Path | None = options["keep_pdfs"]
        if self.keep:
            self.keep.mkdir(parents=True, exist_ok=True)
        self.failures: list[str] = []
        try:
            with transaction.atomic():
                town, officer, manager = self.world()
                self.bench_partnership(town, officer, manager, options["runs"], options["words"])
                self.bench_portfolio(town, officer, manager, options["portfolio"])
                raise Rollback
        except Rollback:
            pass
        if self.failures:
            self.stderr.write("OVER BUDGET: " + "; ".join(self.failures))
            raise SystemExit(1)
        self.stdout.write("All within budget.")

    # --- data -------------------------------------------------------------------------------

    def world(self) -> tuple[Municipality, User, User]:
        code = next(
            f"{n:05d}"
            for n in range(99990, 99000, -1)
            if not Municipality.objects.filter(insee_code=f"{n:05d}").exists()
        )
        town = Municipality.objects.create(
            name="Ville-Banc-d'Essai", insee_code=code, departement="45", region="24"
        )
        officer = User.objects.create_user(f"bench-officer-{code}@bench.invalid", None)
        manager = User.objects.create_user(f"bench-manager-{code}@bench.invalid", None)
        officer.full_name, manager.full_name = "Agnès Officier", "Marc Directeur"
        User.objects.bulk_update([officer, manager], ["full_name"])
        Membership.objects.create(user=officer, municipality=town, role=Role.OFFICER)
        Membership.objects.create(user=manager, municipality=town, role=Role.MANAGER)
        return town, officer, manager

    # --- partnership report -----------------------------------------------------------------

    def bench_partnership(
        self, town: Municipality, officer: User, manager: User, runs: int, words: int
    ) -> None:
        partner = Partner.objects.create(
            municipality=town,
            name="Université technique de Shenyang (banc)",
            kind="university",
            country_id="CN",
            city="Shenyang",
            ownership="state_owned",
            linked_to_state=True,
            aliases="SYUT\nShenyang Tech",
        )
        partnership = Partnership.objects.create(
            municipality=town,
            partner=partner,
            title="Coopération en robotique industrielle",
            form="convention",
            status="active",
            sectors=["robotics", "ai"],
            flows=["data", "know_how"],
            deliberation_ref="DEL-2026-042",
        )
        assessment = actions.start_assessment(partnership, officer)
        structure = structure_of(assessment.questionnaire_id)
        for question in structure.questions:
            if question.depends_on_id is not None:
                continue
            points = sorted(c.points for c in question.choices.all())
            actions.save_answer(
                assessment.pk,
                question,
                self.rng.choice(points),
                officer,
                seen_revision=0,
                justification=justification(self.rng, words),
            )
        for control in structure.controls[::3]:
            actions.set_control(
                assessment.pk, control, True, officer, "En place depuis la signature."
            )
        actions.submit_assessment(assessment.pk, officer)
        actions.approve_assessment(assessment.pk, manager)

        timings: list[float] = []
        cpu: list[float] = []
        for _run in range(runs):
            started = time.perf_counter()
            fresh = partnership_report.report_queryset().get(pk=assessment.pk)
            outcome = partnership_report.render_partnership_report(fresh, "fr", officer)
            timings.append(time.perf_counter() - started)
            cpu.append(outcome.child_cpu_seconds)
        if self.keep:
            (self.keep / "partnership.pdf").write_bytes(outcome.data)
            (self.keep / "partnership.html").write_text(
                partnership_report.render_html(fresh, "fr", officer)
            )
        pages, size = _page_count(outcome.data), len(outcome.data)
        median = statistics.median(timings)
        self.stdout.write(
            f"Partnership report: {pages} pages, {size / 1024:.0f} KiB; "
            f"{runs} runs: median {median:.3f} s, min {min(timings):.3f} s, "
            f"max {max(timings):.3f} s (budget ≤ {PARTNERSHIP_BUDGET_S} s median); "
            f"rendering child CPU median {statistics.median(cpu):.3f} s; "
            f"rendering child peak {outcome.child_max_rss_mb:.0f} MB"
        )
        if median > PARTNERSHIP_BUDGET_S:
            self.failures.append(f"partnership median {median:.2f} s")

    # --- portfolio --------------------------------------------------------------------------

    def bench_portfolio(self, town: Municipality, officer: User, manager: User, size: int) -> None:
        questionnaire = Questionnaire.objects.current()
        assert questionnaire is not None
        self.make_portfolio(town, officer, manager, questionnaire, size)
        rss_before = peak_rss_mb()
        started = time.perf_counter()
        html, count = portfolio.render_html(town, "fr", officer)
        html_done = time.perf_counter()
        outcome = pdf.html_to_pdf(html, pdf.PORTFOLIO_LIMITS)
        total = time.perf_counter() - started
        if self.keep:
            (self.keep / "portfolio.pdf").write_bytes(outcome.data)
            (self.keep / "portfolio.html").write_text(html)
        child_peak = outcome.child_max_rss_mb
        worker_peak = peak_rss_mb()
        self.stdout.write(
            f"Portfolio report: {count} partnerships, {_page_count(outcome.data)} pages, "
            f"{len(outcome.data) / 1024:.0f} KiB; total {total:.2f} s "
            f"(data + HTML {html_done - started:.2f} s, PDF {outcome.seconds:.2f} s, "
            f"child CPU {outcome.child_cpu_seconds:.2f} s; "
            f"budget ≤ {PORTFOLIO_BUDGET_S:.0f} s); peak memory: rendering child "
            f"{child_peak:.0f} MB, worker process {worker_peak:.0f} MB "
            f"(before the build {rss_before:.0f} MB; budget ≤ {PORTFOLIO_BUDGET_MB:.0f} MB)"
        )
        if total > PORTFOLIO_BUDGET_S:
            self.failures.append(f"portfolio {total:.1f} s")
        if max(child_peak, worker_peak) > PORTFOLIO_BUDGET_MB:
            self.failures.append(f"portfolio peak {max(child_peak, worker_peak):.0f} MB")

    def make_portfolio(
        self,
        town: Municipality,
        officer: User,
        manager: User,
        questionnaire: Questionnaire,
        size: int,
    ) -> None:
        countries = ["CN", "DE", "IT", "SN", "UA", "MA", "BR", "TR", "VN", "JP"]
        partners = []
        for n in range(size):
            partner = Partner(
                municipality=town,
                name=f"Partenaire fictif n° {n + 1:03d}",
                kind="other",
                country_id=countries[n % len(countries)],
                city=f"Ville {n}",
            )
            partner.refresh_normalised()
            partners.append(partner)
        partners = Partner.objects.bulk_create(partners)
        links = []
        for n, partner in enumerate(partners):
            link = Partnership(
                municipality=town,
                partner=partner,
                form="project",
                status="active",
                title=f"Programme d'échanges {n + 1:03d} — culture, jeunesse et coopération",
            )
            link.refresh_normalised()
            links.append(link)
        links = Partnership.objects.bulk_create(links)
        questions = [
            scoring.Question(q.key, q.category, q.axis, q.weight, q.unknown_points)
            for q in Question.objects.filter(questionnaire=questionnaire, depends_on=None)
        ]
        controls = [
            scoring.Control(c.category, c.axis)
            for c in Control.objects.filter(questionnaire=questionnaire)[::4]
        ]
        now = timezone.now()
        assessments = []
        for link in links:
            answers: dict[str, scoring.Answer] = {
                q.key: self.rng.choice([0, 1, 2, 3, 4, "unknown"]) for q in questions
            }
            result = scoring.score(
                questions,
                answers,
                scoring.Context(regime_class=self.rng.choice([0, 1, 2, 3, None])),
                controls,
                tolerance=town.risk_tolerance,
            )
            fields = compute.stored_fields(result)
            assessments.append(
                Assessment(
                    municipality=town,
                    partnership=link,
                    questionnaire=questionnaire,
                    status=AssessmentStatus.APPROVED,
                    created_by=officer,
                    submitted_by=officer,
                    submitted_at=now,
                    approved_by=manager,
                    approved_at=now,
                    **fields,
                )
            )
            link.rating, link.risk_score, link.flagged = (
                fields["rating"],
                fields["score"],
                fields["flagged"],
            )
        Assessment.objects.bulk_create(assessments)
        Partnership.objects.bulk_update(links, ["rating", "risk_score", "flagged"])


def _page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
