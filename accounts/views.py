"""Sign-in, sign-out and password pages: Django's own views, marked for the access sweep."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse_lazy

from accounts.forms import EmailAuthenticationForm, ThrottledPasswordResetForm
from citydiplo.access import Access, access

login = access(Access.PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=EmailAuthenticationForm,
        redirect_authenticated_user=True,
    )
)
logout = access(Access.ACCOUNT)(auth_views.LogoutView.as_view())
password_change = access(Access.ACCOUNT)(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = access(Access.ACCOUNT)(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = access(Access.PUBLIC)(
    login_not_required(
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=ThrottledPasswordResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        )
    )
)
password_reset_done = access(Access.PUBLIC)(
    login_not_required(
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
    )
)
password_reset_confirm = access(Access.PUBLIC)(
    login_not_required(
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            post_reset_login=False,
        )
    )
)
password_reset_complete = access(Access.PUBLIC)(
    login_not_required(
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        )
    )
)
