from django.urls import path

from guidance import incident_views, training_views, views

app_name = "guidance"

urlpatterns = [
    path("guide/", views.guide_index, name="index"),
    path("guide/glossary/", views.glossary, name="glossary"),
    path("guide/training/", training_views.training_index, name="training"),
    path("guide/training/register/", training_views.training_register, name="training_register"),
    path("guide/training/<slug:module>/", training_views.training_module, name="module"),
    path("guide/<slug:slug>/", views.guide_page, name="page"),
    path(
        "register/partnerships/<int:partnership_id>/prefect-kit/",
        views.prefect_kit,
        name="prefect_kit",
    ),
    path(
        "register/partnerships/<int:partnership_id>/checklist/",
        views.checklist_page,
        name="checklist",
    ),
    path(
        "register/partnerships/<int:partnership_id>/checklist/tick/",
        views.checklist_tick,
        name="checklist_tick",
    ),
    path(
        "register/partnerships/<int:partnership_id>/checklist/untick/",
        views.checklist_untick,
        name="checklist_untick",
    ),
    path("incidents/", incident_views.incident_list, name="incident_list"),
    path("incidents/new/", incident_views.incident_new, name="incident_new"),
    path("incidents/<int:incident_id>/", incident_views.incident_detail, name="incident"),
    path("incidents/<int:incident_id>/edit/", incident_views.incident_edit, name="incident_edit"),
    path(
        "incidents/<int:incident_id>/evidence/",
        incident_views.evidence_upload,
        name="evidence_upload",
    ),
    path("incidents/<int:incident_id>/send/", incident_views.incident_send, name="incident_send"),
    path(
        "incidents/<int:incident_id>/acknowledge/",
        incident_views.incident_acknowledge,
        name="incident_acknowledge",
    ),
    path(
        "incidents/evidence/<int:evidence_id>/",
        incident_views.evidence_download,
        name="evidence",
    ),
    path(
        "incidents/evidence/<int:evidence_id>/delete/",
        incident_views.evidence_delete,
        name="evidence_delete",
    ),
    path("ministry/incidents/", incident_views.liaison_incidents, name="liaison_incidents"),
]
