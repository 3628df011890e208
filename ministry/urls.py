from django.urls import path

from ministry import views

app_name = "ministry"

urlpatterns = [
    path("picture/", views.picture, name="picture"),
    path("picture/export.csv", views.picture_csv, name="picture_csv"),
    path("entities/", views.entity_list, name="entities"),
    path("entities/<int:entity_id>/", views.entity_detail, name="entity"),
    path("entities/<int:entity_id>/confirm/", views.entity_confirm, name="entity_confirm"),
    path("entities/<int:entity_id>/split/", views.entity_split, name="entity_split"),
    path("entities/<int:entity_id>/merge/", views.entity_merge, name="entity_merge"),
    path("advisories/", views.advisory_list, name="advisories"),
    path("advisories/new/", views.advisory_new, name="advisory_new"),
    path("advisories/<int:advisory_id>/", views.advisory_detail, name="advisory"),
    path("advisories/<int:advisory_id>/edit/", views.advisory_edit, name="advisory_edit"),
    path(
        "advisories/<int:advisory_id>/withdraw/", views.advisory_withdraw, name="advisory_withdraw"
    ),
    path("registers/", views.shared_registers, name="shared_registers"),
    path("registers/<int:municipality_id>/", views.shared_register, name="shared_register"),
    path("shared/", views.what_ministry_sees, name="what_ministry_sees"),
    path("shared/choice/", views.sharing_choice, name="sharing_choice"),
]
