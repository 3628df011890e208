"""Stable public addresses: /registre/ (national), /registre/<INSEE code>/…, open data, feeds."""

from django.urls import path, register_converter

from publication import feeds, public_views


class InseeConverter:
    """A commune's INSEE code: five digits, or 2A/2B and three digits for Corsica."""

    regex = r"\d{5}|2[AB]\d{3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(InseeConverter, "insee")

app_name = "public"

urlpatterns = [
    path("registre/", public_views.index, name="index"),
    path("registre/schema.json", public_views.schema, name="schema"),
    path(
        "registre/registre.csv", public_views.national_export, {"fmt": "csv"}, name="national_csv"
    ),
    path(
        "registre/registre.json",
        public_views.national_export,
        {"fmt": "json"},
        name="national_json",
    ),
    path("registre/flux.atom", feeds.national_feed, name="national_feed"),
    path("registre/<insee:insee>/", public_views.register, name="register"),
    path(
        "registre/<insee:insee>/registre.csv",
        public_views.register_export,
        {"fmt": "csv"},
        name="register_csv",
    ),
    path(
        "registre/<insee:insee>/registre.json",
        public_views.register_export,
        {"fmt": "json"},
        name="register_json",
    ),
    path("registre/<insee:insee>/flux.atom", feeds.register_feed, name="register_feed"),
    path("registre/<insee:insee>/<slug:slug>/", public_views.partnership, name="partnership"),
    path(
        "registre/<insee:insee>/<slug:slug>/documents/<int:public_document_id>/",
        public_views.document,
        name="document",
    ),
    path("accessibilite/", public_views.accessibility, name="accessibility"),
    path("robots.txt", public_views.robots, name="robots"),
]
