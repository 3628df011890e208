"""Where uploaded files are stored: under a random folder nobody can guess.

Uploads (documents, evidence, referral attachments, logos, built reports) are never served as
static files; the tenancy-checked download views read them. The random folder is the second
wall: a path seen once (a log, a backup listing) does not lead to another file, and two
uploads of one name never collide. The file keeps its own name inside its folder, so that a
download is offered under the name it was uploaded with.
"""

from __future__ import annotations

import secrets


def private_path(*folders: object, filename: str) -> str:
    """`folders/…/<32 random hex digits>/filename`."""
    return "/".join([*(str(f) for f in folders), secrets.token_hex(16), filename])
