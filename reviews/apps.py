from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Ministry reviews")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from municipalities.models import LiaisonAssignment

        # Registers the delivery task that `reviews.outbox` enqueues by name, in every process
        # (the worker's autodiscovery does not run in the web server).
        from reviews import tasks  # noqa: F401
        from reviews.actions import refer_when_flagged
        from risks.signals import assessment_approved

        assessment_approved.connect(refer_when_flagged, dispatch_uid="reviews.refer_when_flagged")
        # The partnership page shows its referral and the ministry's opinion.
        from partners.sections import add_partnership_context
        from reviews.partnership import ministry_context

        add_partnership_context(ministry_context)
        # The partnership export ends with the referral's state.
        from partners.exports import add_export_columns
        from reviews.exports import REFERRAL_COLUMNS

        add_export_columns(REFERRAL_COLUMNS)
        # Every step of a diagnostic is notified to the other side (managers, then its officers).
        from reviews import diagnostic_events
        from risks.signals import assessment_returned, assessment_submitted

        assessment_submitted.connect(
            diagnostic_events.submitted, dispatch_uid="reviews.diagnostic_submitted"
        )
        assessment_approved.connect(
            diagnostic_events.approved, dispatch_uid="reviews.diagnostic_approved"
        )
        assessment_returned.connect(
            diagnostic_events.returned, dispatch_uid="reviews.diagnostic_returned"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                forget_liaison_badge, sender=LiaisonAssignment, dispatch_uid=f"reviews.{signal}"
            )


def forget_liaison_badge(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The header's "Ministry queue" link depends on the user's liaison assignments."""
    from reviews.header import forget_header_status

    forget_header_status([instance.liaison_id])
