"""The image's static files: collected the way the Dockerfile does, then served by a page
under the production settings (debug off, hashed names from the manifest). No Docker needed."""

import re
import shlex
from pathlib import Path

from tests.test_settings import PRODUCTION_ENV, ROOT, run_manage

PAGE_SCRIPT = """
from django.test import Client
response = Client().get("/accounts/login/", HTTP_HOST="citydiplo.example.fr", secure=True)
print("STATUS", response.status_code)
print(response.content.decode())
"""


def dockerfile_collectstatic_env() -> dict[str, str]:
    """The variables the Dockerfile sets on its `collectstatic` command."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    match = re.search(r"&&\s*((?:\w+=\S+\s+)+)python manage.py collectstatic", text)
    assert match, "the Dockerfile collects static files"
    return dict(part.split("=", 1) for part in shlex.split(match.group(1)))


def test_the_dockerfile_collects_with_the_production_settings() -> None:
    env = dockerfile_collectstatic_env()
    assert env.get("DJANGO_DEBUG") == "false"
    assert env.get("DJANGO_STATIC_MANIFEST", "true") == "true"


def test_collected_as_in_the_image_a_page_is_served_under_production_settings(
    tmp_path: Path,
) -> None:
    static_root = tmp_path / "static"
    build = {**dockerfile_collectstatic_env(), "STATIC_ROOT": str(static_root)}
    build["CITYDIPLO_VAR_DIR"] = str(tmp_path / "var")
    collected = run_manage("collectstatic", "--no-input", env=build)
    assert collected.returncode == 0, collected.stderr
    assert (static_root / "staticfiles.json").exists()

    # the running container: production settings, the collected files, an SQLite database
    run = {
        **PRODUCTION_ENV,
        "STATIC_ROOT": str(static_root),
        "CITYDIPLO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    run.pop("REDIS_URL")
    assert run_manage("migrate", "--no-input", env=run).returncode == 0
    served = run_manage("shell", "-c", PAGE_SCRIPT, env=run)
    assert served.returncode == 0, served.stderr[-2000:]
    assert "STATUS 200" in served.stdout, served.stdout[-2000:]
    # hashed names from the manifest, not the bare file names
    assert re.search(r"/static/css/[\w.-]+\.[0-9a-f]{12}\.css", served.stdout)
