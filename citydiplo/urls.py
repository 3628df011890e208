from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from citydiplo import views
from citydiplo.access import Access, access

admin.site.site_header = "CityDiplo — administration"
admin.site.site_title = "CityDiplo"

urlpatterns = [
    path("", include("dashboard.urls")),
    path("switch/", views.switch_municipality, name="switch_municipality"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "i18n/setlang/",
        access(Access.PUBLIC)(login_not_required(set_language)),
        name="set_language",
    ),
    path("accounts/", include("accounts.urls")),
    path("municipality/", include("municipalities.urls")),
    path("register/", include("partners.urls")),
    path("", include("risks.urls")),
    path("", include("reviews.urls")),
    path("", include("guidance.urls")),
    path("reports/", include("reports.urls")),
    path("screening/", include("screening.urls")),
    path("ministry/", include("ministry.urls")),
    path("publication/", include("publication.urls")),
    path("", include("publication.public_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# Uploads are never served from MEDIA_URL, not even under `make run`: each is read by its
# download view, after the tenancy check (citydiplo/uploads.py).
