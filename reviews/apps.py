from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Ministry reviews")

    def ready(self) -> None:
        from reviews import diagnostic_events
        from risks.signals import assessment_approved, assessment_returned, assessment_submitted

        assessment_approved.connect(refer_when_flagged, dispatch_uid="reviews.refer_when_flagged")
        assessment_submitted.connect(
            diagnostic_events.submitted, dispatch_uid="reviews.diagnostic_submitted"
        )
        assessment_approved.connect(
            diagnostic_events.approved, dispatch_uid="reviews.diagnostic_approved"
        )
        assessment_returned.connect(
            diagnostic_events.returned, dispatch_uid="reviews.diagnostic_returned"
        )
        from django.db.models.signals import post_delete, post_save

        from municipalities.models import LiaisonAssignment

        for signal in (post_save, post_delete):
            signal.connect(
                forget_liaison_badge, sender=LiaisonAssignment, dispatch_uid=f"reviews.{signal}"
            )


def refer_when_flagged(sender: Any, assessment: Any, user: Any = None, **kwargs: Any) -> None:
    """An approved diagnostic that flags its partnership opens a referral (same transaction)."""
    if not assessment.flagged:
        return
    from reviews.actions import refer_partnership
    from reviews.models import Origin

    origin = Origin.REQUESTED if assessment.opinion_requested else Origin.FLAGGED
    refer_partnership(assessment, user, origin=origin)


def forget_liaison_badge(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The header's "Ministry queue" link depends on the user's liaison assignments."""
    from reviews.header import forget_header_status

    forget_header_status([instance.liaison_id])
