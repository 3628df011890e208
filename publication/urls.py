from django.urls import path

from publication import views

app_name = "publication"

urlpatterns = [
    path("partnerships/<int:partnership_id>/outcomes/", views.outcomes, name="outcomes"),
    path(
        "partnerships/<int:partnership_id>/outcomes/new/",
        views.outcome_create,
        name="outcome_create",
    ),
    path("outcomes/<int:outcome_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:outcome_id>/delete/", views.outcome_delete, name="outcome_delete"),
    path("partnerships/<int:partnership_id>/publish/", views.publish, name="publish"),
    path("partnerships/<int:partnership_id>/withdraw/", views.withdraw, name="withdraw"),
]
