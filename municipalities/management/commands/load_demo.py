"""Load the demo world: each app may offer a `demo.load(world)`; running twice changes nothing."""

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from municipalities.demo import DEMO_PASSWORD, DemoWorld

# The order matters: registers need municipalities, diagnostics need partnerships.
DEMO_APPS = (
    "municipalities",
    "partners",
    "screening",
    "risks",
    "reviews",
    "guidance",
    "reports",
    "ministry",
    "publication",
)


class Command(BaseCommand):
    help = "Create the demo municipalities, people and data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        world = DemoWorld()
        # The demo's own notifications stay in the app: e-mailing them would only bury the
        # sign-ins printed below under console e-mails.
        quiet_mail = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        with override_settings(MAILERS=quiet_mail), transaction.atomic():
            for label in DEMO_APPS:
                if not apps.is_installed(label):
                    continue
                module_name = f"{label}.demo"
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.load(world)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Sign in at {settings.SITE_URL}/"))
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        for email, description in world.sign_ins:
            self.stdout.write(f"  {email:<28} {description}")
