"""Uploaded files, written once: which are accepted, and where they are stored.

The one policy for files people upload (partnership documents, diagnostic evidence, referral
attachments): a file is accepted when its extension is one of ours, its content is of the type
that extension names (checked on its first bytes: the name, and the content type the browser
declares, are the client's word and prove nothing), and it is not larger than the use allows.

Where uploads are stored: under a random folder nobody can guess. Uploads (documents, evidence,
referral attachments, logos, built reports) are never served as static files; the
tenancy-checked download views read them. The random folder is the second wall: a path seen
once (a log, a backup listing) does not lead to another file, and two uploads of one name never
collide. The file keeps its own name inside its folder, so that a download is offered under the
name it was uploaded with.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

MB = 1024 * 1024
ZIP = (b"PK\x03\x04",)  # office documents (OOXML, OpenDocument) are zip containers

#: Accepted extension → the first bytes a file of that type starts with ("" for plain text).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": ZIP,
    "xlsx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "txt": (b"",),
}


@dataclass(frozen=True)
class UploadPolicy:
    """Validates one uploaded file (usable as a form field's validator)."""

    max_bytes: int

    @property
    def help_text(self) -> StrPromise:
        return format_lazy(
            _("PDF, image, text or office document; {mb} MB at most."), mb=self.max_bytes // MB
        )

    def __call__(self, upload: UploadedFile) -> None:
        if upload.size is not None and upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": self.max_bytes // MB},
                code="too_large",
            )
        extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
        signatures = SIGNATURES.get(extension)
        if signatures is None:
            raise ValidationError(
                _(
                    "Attach a PDF, an image (PNG, JPEG), a text file or an office document "
                    "(DOCX, XLSX, ODT, ODS)."
                ),
                code="type",
            )
        upload.seek(0)
        head = upload.read(512)
        upload.seek(0)
        if extension == "txt":
            if b"\x00" in head:
                raise ValidationError(_("This file is not a text file."), code="content")
        elif not any(head.startswith(s) for s in signatures):
            raise ValidationError(
                _("The file's content does not match its extension."), code="content"
            )


DOCUMENTS = UploadPolicy(max_bytes=10 * MB)  # kept with a partnership
EVIDENCE = UploadPolicy(max_bytes=10 * MB)  # attached to a diagnostic's answer
ATTACHMENTS = UploadPolicy(max_bytes=5 * MB)  # sent in a referral's thread


def private_path(*folders: object, filename: str) -> str:
    """`folders/…/<32 random hex digits>/filename`."""
    return "/".join([*(str(f) for f in folders), secrets.token_hex(16), filename])
