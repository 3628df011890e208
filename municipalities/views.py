"""Members page and municipality settings (managers act, other members read)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from citydiplo import french, htmx
from citydiplo.access import Access, access, current_membership, get_owned
from citydiplo.http import AuthedRequest
from municipalities import actions
from municipalities.forms import InviteForm, MunicipalitySettingsForm, RoleForm
from municipalities.models import Membership

LAST_MANAGER = gettext_lazy(
    "A municipality keeps at least one manager: name another manager first."
)


def _members_context(request: AuthedRequest) -> dict[str, object]:
    membership = current_membership(request)
    members = (
        Membership.objects.filter(municipality=membership.municipality)
        .select_related("user")
        .order_by("user__email")
    )
    return {"members": members, "can_manage": membership.can_manage}


@access(Access.READ)
@require_http_methods(["GET"])
def member_list(request: AuthedRequest) -> HttpResponse:
    context = _members_context(request)
    context["invite_form"] = InviteForm(municipality=current_membership(request).municipality)
    return render(request, "municipalities/members.html", context)


@access(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def member_invite(request: AuthedRequest) -> HttpResponse:
    membership = current_membership(request, Access.MANAGE)
    form = InviteForm(request.POST or None, municipality=membership.municipality)
    if request.method == "POST" and form.is_valid():
        actions.invite_member(
            membership.municipality,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            invited_by=request.user,
            full_name=form.cleaned_data["full_name"],
        )
        messages.success(
            request,
            _("%(email)s is now a member; an invitation was sent by e-mail.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("municipalities:members")
    context = _members_context(request)
    context["invite_form"] = form
    status = 422 if request.method == "POST" else 200
    return render(request, "municipalities/members.html", context, status=status)


@access(Access.MANAGE)
@require_POST
def member_role(request: AuthedRequest, membership_id: int) -> HttpResponse:
    member = get_owned(
        request, Membership.objects.select_related("user"), membership_id, Access.MANAGE
    )
    form = RoleForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            member = actions.change_role(member, form.cleaned_data["role"], by=request.user)
        except actions.MembershipError:
            error = str(LAST_MANAGER)
    else:
        error = _("Choose one of the proposed roles.")
    if request.htmx:
        response = htmx.fragment(
            request,
            "municipalities/members.html#member_row",
            {"member": member, "can_manage": True, "row_error": error},
        )
        announce = error or _("Role %(of_name)s changed.") % {
            "of_name": french.of(member.user.display_name)
        }
        return htmx.announce(response, announce)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Role %(of_name)s changed.") % {"of_name": french.of(member.user.display_name)},
        )
    return redirect("municipalities:members")


@access(Access.MANAGE)
@require_POST
def member_remove(request: AuthedRequest, membership_id: int) -> HttpResponse:
    member = get_owned(
        request, Membership.objects.select_related("user"), membership_id, Access.MANAGE
    )
    name = member.user.display_name
    try:
        actions.remove_member(member, by=request.user)
    except actions.MembershipError:
        messages.error(request, str(LAST_MANAGER))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": name})
    if member.user_id == request.user.pk:
        return redirect("home")
    return redirect("municipalities:members")


@access(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def municipality_settings(request: AuthedRequest) -> HttpResponse:
    membership = current_membership(request, Access.MANAGE)
    form = MunicipalitySettingsForm(
        request.POST or None, request.FILES or None, instance=membership.municipality
    )
    if request.method == "POST" and form.is_valid():
        actions.save_settings(form, by=request.user)
        messages.success(request, _("Settings saved."))
        return redirect("municipalities:settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "municipalities/settings.html", {"form": form}, status=status)
