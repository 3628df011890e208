from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from citydiplo import views
from citydiplo.access import Access, access

admin.site.site_header = "CityDiplo — administration"
admin.site.site_title = "CityDiplo"

urlpatterns = [
    path("", views.home, name="home"),
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
    path("reports/", include("reports.urls")),
    path("screening/", include("screening.urls")),
    path("ministry/", include("ministry.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
