"""Changes to a municipality's members and settings. Views and commands call these."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.forms import ModelForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from municipalities.models import Membership, Municipality, Role


class MembershipError(Exception):
    """A change that would leave the municipality in a state it must not be in."""


def invite_member(
    municipality: Municipality, email: str, role: str, invited_by: User, full_name: str = ""
) -> Membership:
    """Add a member; a new person gets an account without password and a link to set one."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        membership = Membership.objects.create(user=user, municipality=municipality, role=role)
        transaction.on_commit(
            lambda: send_invitation(membership, invited_by, needs_password=created)
        )
    return membership


def send_invitation(membership: Membership, invited_by: User, *, needs_password: bool) -> None:
    user = membership.user
    link = settings.SITE_URL + reverse("home")
    if needs_password:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = settings.SITE_URL + reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
    context = {
        "membership": membership,
        "invited_by": invited_by,
        "link": link,
        "needs_password": needs_password,
    }
    with translation.override(user.language):
        subject = render_to_string("municipalities/email/invitation_subject.txt", context)
        body = render_to_string("municipalities/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def _lock_members(membership: Membership) -> Membership:
    """Lock the municipality's row, then re-read the membership under that lock.

    Every change to a municipality's managers takes this lock first: two managers demoting each
    other at once are served one after the other, and the second finds no other manager left.
    """
    Municipality.objects.select_for_update().only("pk").get(pk=membership.municipality_id)
    return Membership.objects.get(pk=membership.pk)


def _other_managers(membership: Membership) -> bool:
    return (
        Membership.objects.filter(municipality_id=membership.municipality_id, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    )


def change_role(membership: Membership, role: str, by: User | None = None) -> Membership:
    """Give a member another role; the municipality always keeps a manager. Audited."""
    with transaction.atomic():
        membership = _lock_members(membership)
        demoting = membership.role == Role.MANAGER and role != Role.MANAGER
        if demoting and not _other_managers(membership):
            raise MembershipError("last_manager")
        membership.role = role
        membership._history_user = by  # type: ignore[attr-defined]
        membership.save(update_fields=["role"])
    return membership


def remove_member(membership: Membership, by: User | None = None) -> None:
    """Take a member out of the municipality; never its last manager. Audited."""
    with transaction.atomic():
        membership = _lock_members(membership)
        if membership.role == Role.MANAGER and not _other_managers(membership):
            raise MembershipError("last_manager")
        membership._history_user = by  # type: ignore[attr-defined]
        membership.delete()


def save_settings(form: ModelForm[Municipality], by: User | None) -> Municipality:
    """Save a valid settings form (tolerance, review intervals, classification, logo) under the
    municipality's lock. Audited: the tolerance decides which partnerships are flagged."""
    with transaction.atomic():
        Municipality.objects.select_for_update().only("pk").get(pk=form.instance.pk)
        form.instance._history_user = by  # type: ignore[attr-defined]
        # The first save confirms the settings: the dashboard's first-run checklist reads it.
        form.instance.settings_confirmed_at = form.instance.settings_confirmed_at or timezone.now()
        return form.save()
