"""Events of a diagnostic's life that other apps react to, inside the same transaction."""

from django.dispatch import Signal

#: Sent with `assessment` once a manager approved it (the referral app listens).
assessment_approved = Signal()

#: Sent with `assessment` and `user` when an officer submits a draft for approval.
assessment_submitted = Signal()

#: Sent with `assessment` and `user` (the manager) when a submitted diagnostic goes back to draft.
assessment_returned = Signal()
