"""Events of a diagnostic's life that other apps react to, inside the same transaction."""

from django.dispatch import Signal

#: Sent with `assessment` once a manager approved it (the referral app listens).
assessment_approved = Signal()
