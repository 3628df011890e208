from django.urls import path

from risks import views

app_name = "risks"

urlpatterns = [
    path(
        "partnerships/<int:partnership_id>/diagnostic/start/",
        views.assessment_start,
        name="assessment_start",
    ),
    path("diagnostics/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("diagnostics/<int:assessment_id>/answer/", views.assessment_answer, name="answer"),
    path("diagnostics/<int:assessment_id>/save/", views.assessment_save, name="save"),
    path("diagnostics/<int:assessment_id>/control/", views.assessment_control, name="control"),
    path("diagnostics/<int:assessment_id>/opinion/", views.assessment_opinion, name="opinion"),
    path("diagnostics/<int:assessment_id>/submit/", views.assessment_submit, name="submit"),
    path("diagnostics/<int:assessment_id>/approve/", views.assessment_approve, name="approve"),
    path("diagnostics/<int:assessment_id>/return/", views.assessment_return, name="return"),
    path("answers/<int:answer_id>/evidence/", views.evidence_download, name="evidence"),
    path("profile/", views.profile_detail, name="profile"),
    path("profile/save/", views.profile_save, name="profile_save"),
    path("diagnostics/<int:assessment_id>/upgrade/", views.assessment_upgrade, name="upgrade"),
]
