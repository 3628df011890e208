from django.urls import path

from partners import documents, views

app_name = "partners"

urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/export.csv", views.partner_export, {"fmt": "csv"}, name="partner_export_csv"),
    path("partners/export.xlsx", views.partner_export, {"fmt": "xlsx"}, name="partner_export_xlsx"),
    path("partners/import/", views.register_import, {"kind": "partners"}, name="partner_import"),
    path(
        "partners/import/modele.csv",
        views.import_template,
        {"kind": "partners"},
        name="partner_import_template",
    ),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/archive/", views.partner_archive, name="partner_archive"),
    path("partners/<int:partner_id>/restore/", views.partner_restore, name="partner_restore"),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path(
        "partnerships/export.csv",
        views.partnership_export,
        {"fmt": "csv"},
        name="partnership_export_csv",
    ),
    path(
        "partnerships/export.xlsx",
        views.partnership_export,
        {"fmt": "xlsx"},
        name="partnership_export_xlsx",
    ),
    path(
        "partnerships/import/",
        views.register_import,
        {"kind": "partnerships"},
        name="partnership_import",
    ),
    path(
        "partnerships/import/modele.csv",
        views.import_template,
        {"kind": "partnerships"},
        name="partnership_import_template",
    ),
    path(
        "partnerships/<int:partnership_id>/",
        views.partnership_detail,
        name="partnership_detail",
    ),
    path(
        "partnerships/<int:partnership_id>/edit/",
        views.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "partnerships/<int:partnership_id>/archive/",
        views.partnership_archive,
        name="partnership_archive",
    ),
    path(
        "partnerships/<int:partnership_id>/restore/",
        views.partnership_restore,
        name="partnership_restore",
    ),
    path(
        "partnerships/<int:partnership_id>/documents/",
        documents.document_upload,
        name="document_upload",
    ),
    path("documents/<int:document_id>/", documents.document_download, name="document_download"),
    path("documents/<int:document_id>/delete/", documents.document_delete, name="document_delete"),
]
