"""Documents kept with a partnership (convention text, deliberation, correspondence).

Files are served through these views after the tenancy check, never as public media.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from citydiplo.access import Access, access, get_owned
from citydiplo.http import AuthedRequest
from citydiplo.uploads import DOCUMENTS
from partners import actions
from partners.models import Document, Partnership


class DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File"), validators=[DOCUMENTS], help_text=DOCUMENTS.help_text
    )


@access(Access.WRITE)
@require_POST
def document_upload(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = get_owned(request, Partnership.objects.all(), partnership_id, Access.WRITE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_document(
            partnership, form.cleaned_data["title"], form.cleaned_data["file"], request.user
        )
        messages.success(request, _("Document added."))
    else:
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(request, _("The document was not added: %(errors)s") % {"errors": errors})
    return redirect(partnership.get_absolute_url() + "#documents-title")


def _document(request: AuthedRequest, document_id: int, kind: Access) -> Document:
    return get_owned(
        request,
        Document.objects.select_related("partnership"),
        document_id,
        kind,
    )


@access(Access.READ)
@require_GET
def document_download(request: AuthedRequest, document_id: int) -> FileResponse:
    document = _document(request, document_id, Access.READ)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=Path(document.file.name or "document").name
    )


@access(Access.WRITE)
@require_POST
def document_delete(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = _document(request, document_id, Access.WRITE)
    partnership = document.partnership
    actions.delete_document(document)
    messages.success(request, _("Document deleted."))
    return redirect(partnership.get_absolute_url() + "#documents-title")
