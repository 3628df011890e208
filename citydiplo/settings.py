"""CityDiplo settings: one file, driven by environment variables (documented in README.md).

Without DATABASE_URL / REDIS_URL the application runs on the embedded default: a SQLite file,
Celery tasks executed in-process and e-mail printed to the console.
"""

import re
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.utils.csp import CSP

from citydiplo.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_url,
)

# Lets admin and form classes be subscripted (ModelAdmin[Model]) at run time, as the stubs say.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CITYDIPLO_VAR_DIR", str(BASE_DIR / "var")))

# --- Core -----------------------------------------------------------------------------------

# DJANGO_DEBUG=true is the development and demo set-up (`make run`): the relaxed defaults below
# and static files served from the source folders. Django's own debug pages (tracebacks and
# settings on screen) need DJANGO_DEBUG_PAGES=true as well, so a demo shows the app's 404, 403
# and 500 pages as a user would meet them.
DEVELOPMENT = env_bool("DJANGO_DEBUG", False)
DEBUG = DEVELOPMENT and env_bool("DJANGO_DEBUG_PAGES", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ConfigurationError(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG-true"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEVELOPMENT else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_url("SITE_URL", ("http", "https"), "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "simple_history",
    "citydiplo",
    "accounts",
    "municipalities",
    "partners",
    "screening",
    "risks",
    "reviews",
    "guidance",
    "reports",
    "ministry",
    "publication",
    "dashboard",
]

MIDDLEWARE = [
    "citydiplo.timing.ServerTimingMiddleware",  # only with CITYDIPLO_SERVER_TIMING=true
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Outside LocaleMiddleware and CommonMiddleware: it sees the page's Content-Language.
    "citydiplo.middleware.FrenchTypographyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "citydiplo.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "municipalities.middleware.CurrentMunicipalityMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "citydiplo.urls"
WSGI_APPLICATION = "citydiplo.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "municipalities.context_processors.current_municipality",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 600, minimum=0)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ------------------------------------------------------------------

REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    # The cache is an accelerator, never a dependency: with Redis unreachable every read is a
    # miss and every write a no-op (django-redis's IGNORE_EXCEPTIONS, logged below), within
    # half a second. Sessions are `cached_db`: read from Redis when it answers, from PostgreSQL
    # when it does not, so signed-in pages keep working through an outage without paying a
    # session query on every request while Redis is up.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "citydiplo"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "citydiplo.cache"
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker the embedded default runs each task in-process, at once.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Enqueueing must never hang a page when Redis is down: fail fast, the outbox sweeper retries.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
}
CELERY_RESULT_EXPIRES = 3600
# Periodic jobs (run `celery -A citydiplo beat`): the outbox sweeper re-sends notifications
# still unsent (broker down at the time of the change, worker lost…); reminders once a day.
CELERY_BEAT_SCHEDULE = {
    "screening-rescreen-nightly": {
        "task": "screening.tasks.rescreen_all_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "reviews-sweep-outbox": {"task": "reviews.tasks.sweep_outbox", "schedule": 60.0},
    "ministry-resolve-nightly": {
        "task": "ministry.tasks.resolve_all_task",
        "schedule": crontab(hour=3, minute=30),
    },
    "reports-sweep-pending": {"task": "reports.tasks.sweep_pending_reports", "schedule": 60.0},
    "reviews-send-reminders": {
        "task": "reviews.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

# --- Authentication -------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# The address as sign-in matches it (case-insensitively): typing it in capitals is not a new
# address to the lockout (accounts/throttle.py).
AXES_USERNAME_CALLABLE = "accounts.throttle.lockout_username"
# Failures from one network address across e-mail addresses (a whole town hall may share one).
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 30, minimum=1)
# Password-reset e-mails per address and per network address, per window.
PASSWORD_RESETS_PER_ADDRESS = 3
PASSWORD_RESETS_PER_IP = 10
PASSWORD_RESET_THROTTLE_SECONDS = 3600
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0, minimum=0) or None

# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "fr"
# Each language named in itself, on every form that offers the choice (a reader looks for
# their own language's name, whatever the page's language).
LANGUAGES = [("fr", "Français"), ("en", "English")]
# English dates as written in Britain ("30 November 2026", 30/11/2026), not American ones.
FORMAT_MODULE_PATH = ["citydiplo.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start without it
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT or not env_bool("DJANGO_STATIC_MANIFEST", True)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development the static files are read from their source folders, changes included.
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A request body (uploaded files aside) is refused past 2 MiB or 1,000 fields: the longest
# text a form takes is 20,000 characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
LOGO_MAX_BYTES = 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------

_email_host = env_str("EMAIL_HOST")
# Seconds to connect and for each SMTP command; then for the server's verdict on a message
# (RFC 5321 §4.5.3.2.6: 10 minutes), see citydiplo/mail.py.
SMTP_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
SMTP_DATA_TIMEOUT = env_int("EMAIL_DATA_TIMEOUT", 600, minimum=1)
# A worker claims an outbox row for longer than one delivery can last (connection, a few
# commands, the transfer), so no other worker sends it meanwhile; a worker that dies leaves
# its claim to expire and the sweeper sends the row again.
NOTIFICATION_CLAIM_SECONDS = SMTP_DATA_TIMEOUT + 6 * SMTP_TIMEOUT + 60
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "citydiplo.mail.SMTPBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": SMTP_TIMEOUT,
                "data_timeout": SMTP_DATA_TIMEOUT,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CityDiplo <no-reply@citydiplo.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where users report an accessibility problem (named in the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", "accessibilite@citydiplo.localhost"
)

# --- Security -------------------------------------------------------------------------------

SECURE = env_bool("DJANGO_SECURE", not DEVELOPMENT)  # HTTPS-only cookies, HSTS and redirect
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Scripts and styles only from our own origin or carrying the per-request nonce: no inline
# handlers, no eval (htmx is configured with allowEval false in base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Logging --------------------------------------------------------------------------------

LOG_LEVEL = env_choice("DJANGO_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # A refusal (403) is an ordinary answer: one line in the log, no traceback.
    "filters": {"forbidden_in_one_line": {"()": "citydiplo.logs.ForbiddenInOneLine"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden_in_one_line"]},
    },
}

# --- Admin ------------------------------------------------------------------------------------

# Django's admin lives at an address of the operator's choosing (not the well-known /admin/).
ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"
if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/", ADMIN_PATH):
    raise ConfigurationError(
        "DJANGO_ADMIN_PATH must be letters, digits, - and _ in /-separated parts, "
        f"not {ADMIN_PATH!r}"
    )

# --- Product ----------------------------------------------------------------------------------

CITYDIPLO_DEFAULT_TOLERANCE = 10
