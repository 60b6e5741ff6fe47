"""DVK settings, read from the environment (django-environ, optional `.env`).

With nothing set, DVK runs on SQLite in the project folder with DEBUG off; `make run`
sets DEBUG=1. Production needs SECRET_KEY and ALLOWED_HOSTS and refuses to start without.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("DVK_TESTING", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dvk-insecure-development-key-never-use-in-production-0123456789"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not ALLOWED_HOSTS:
    if DEBUG or TESTING:
        ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
    else:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First: sets Django's untranslated form messages in Vietnamese before any form is created.
    "dvk.apps.DvkConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "campaigns",
    "models_registry",
    "jobs",
    "notifications",
    # Last, and only for the models marked @cleanup.select: a stored file is deleted once the deletion
    # (or the replacement) of the row that names it commits, so a rollback never loses a file.
    "django_cleanup.apps.CleanupSelectedConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Trust (issue 20): Content-Security-Policy, Permissions-Policy, private caching.
    "csp.middleware.CSPMiddleware",
    "dvk.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the user switched to English (not the browser's Accept-Language).
    "dvk.language.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Trust (issue 20): request.user.is_verified() for users with a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Trust (issue 20): a GET or HEAD whose view lost the database connection runs once more.
    "dvk.db_retry.RetryReadsOnConnectionErrorMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dvk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaigns.context_processors.roles",
                "dvk.navigation.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "dvk.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections, checked before reuse so a restarted database costs one retry, not a 500.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads of a dev server or a test share one file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # "SQLite ignores INCLUDE": the only index with INCLUDE (`initiative_year_cover`) is
    # PostgreSQL-only (campaigns/indexes.py) and not created on SQLite at all.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool("DB_JIT", default=False):
    # No JIT compilation: DVK's queries are short, and PostgreSQL's JIT switches on by estimated
    # cost, which correlated sub-selects inflate — the year's CSV list (24,000 rows) spent 448 of
    # its 583 ms compiling (EXPLAIN ANALYZE, bench/RESULTS.md). DB_JIT=1 turns it back on.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dvk.passwords.NotFromUsernameOrUnitValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dvk.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
# Evidence and exported files. With several machines MEDIA_ROOT is a shared path (NFS), or the files go
# to an S3-compatible store: MEDIA_STORAGE=s3 with AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL… (needs
# `pip install django-storages[s3]`, not in requirements.txt: most deployments use a shared path).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
if env.str("MEDIA_STORAGE", default="") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"default_acl": "private", "querystring_auth": True, "file_overwrite": False},
    }

# Evidence files: the largest accepted file, in bytes (10 MB unless set).
DVK_MAX_UPLOAD_BYTES = env.int("DVK_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file past DVK_MAX_UPLOAD_BYTES is dropped while it arrives and refused by the form (dvk/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "dvk.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Approved initiatives not inspected for this many days show in the "due" queue.
DVK_INSPECTION_DUE_DAYS = env.int("DVK_INSPECTION_DUE_DAYS", default=90)
# A recognition request waits this many days before the members who have not scored it are reminded.
DVK_SCORE_SHEET_REMINDER_DAYS = env.int("DVK_SCORE_SHEET_REMINDER_DAYS", default=7)

# An empty EMAIL_URL is the same as none: console mail (refused below outside DEBUG).
EMAIL_CONFIG = environ.Env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="DVK <no-reply@dvk.local>")
# A mail server that accepts connections and never answers must not hold a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Console mail writes password-reset links into the server log: outside DEBUG it must be meant.
if (
    not DEBUG
    and not TESTING
    and EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"  # noqa: F821 (set by vars().update)
    and not env.bool("EMAIL_CONSOLE_OK", default=False)
):
    raise ImproperlyConfigured(
        "EMAIL_URL is not set: mail would be written to the log. Set EMAIL_URL, or EMAIL_CONSOLE_OK=1 if that is meant."
    )
# Notification mail is retried this many times, a few minutes apart, before it is given up and logged.
# The site's address as people reach it: the links in e-mail (sent by a worker, outside any request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DVK_MAIL_ATTEMPTS = env.int("DVK_MAIL_ATTEMPTS", default=5)
DVK_MAIL_RETRY_SECONDS = env.int("DVK_MAIL_RETRY_SECONDS", default=120)

# ----- long work: Django's task API (django-tasks backport until Django 6) ---------------
# "database" (default: no extra server, `manage.py db_worker`), "rq" (Redis through RQ, for several
# machines: `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job default`) or "immediate" (runs in the caller;
# the test suite's default, so a test sees a finished job).
REDIS_URL = env.str("REDIS_URL", default="")
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if TESTING else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # A job's own time limit: an export of a million rows takes minutes, never an hour.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env.int("TASK_TIMEOUT", default=3600)}}

# Exported files: kept this many hours, then removed by the housekeeping (also by the worker after each
# job, and by `manage.py cleanup_jobs`). A job "running" with no progress for DVK_JOB_STALE_SECONDS had its worker die: failed.
DVK_JOB_EXPIRY_HOURS = env.int("DVK_JOB_EXPIRY_HOURS", default=72)
DVK_JOB_STALE_SECONDS = env.int("DVK_JOB_STALE_SECONDS", default=600)
# A job still queued after this many seconds makes the readiness check fail: no worker is running.
DVK_QUEUE_MAX_AGE_SECONDS = env.int("DVK_QUEUE_MAX_AGE_SECONDS", default=300)

# Housekeeping (jobs/housekeeping.py): one task that runs every sweep, then enqueues itself this many
# minutes later; or `manage.py housekeeping` from cron. How long each kind of row is kept:
DVK_HOUSEKEEPING_INTERVAL_MINUTES = env.int("DVK_HOUSEKEEPING_INTERVAL_MINUTES", default=60)
# finished task results of the database backend (RQ expires its own)
DVK_TASK_RESULT_RETENTION_DAYS = env.int("DVK_TASK_RESULT_RETENTION_DAYS", default=14)
# the API's call log (who asked what): long enough to answer "who read this last quarter"
DVK_API_CALL_RETENTION_DAYS = env.int("DVK_API_CALL_RETENTION_DAYS", default=180)
# creation tokens of forms (campaigns.Submission): no browser resends a form older than this
DVK_SUBMISSION_RETENTION_HOURS = env.int("DVK_SUBMISSION_RETENTION_HOURS", default=24)
# Stray files (jobs/strays.py, `manage.py sweep_files`): a stored file no row names goes once older than
# this; a younger one may belong to an upload whose row is still committing, or to an import being checked.
DVK_STRAY_FILE_GRACE_HOURS = env.int("DVK_STRAY_FILE_GRACE_HOURS", default=24)

# Per process unless CACHE_URL names a shared one (redis://host:6379/1): with several web processes the
# showcase's cached pages and counts must be the same for all of them.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The load balancer probes health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- Trust (issue 20): browser-side hardening ------------------------------------------------------
# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from DVK itself; no
# inline script or style anywhere (templates load static/js and static/css), so an injected
# <script> or style="" does not run. Bootstrap's CSS draws its icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Every cookie DVK sets is Secure in production (HTTPS only) and out of reach of scripts: no DVK
# script reads a cookie (forms carry the CSRF token in a hidden field).
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- Trust (issue 20): logins that resist guessing (django-axes) ------------------------------------
# Axes counts failed logins per account and per address, separately: after AXES_FAILURE_LIMIT
# failures either one is refused for AXES_COOLOFF_TIME after the last failure, with a Vietnamese
# page that says when to try again; an administrator unlocks in the admin ("Access attempts").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that reads the bell's unread count with the user (no query of its own on each page).
    # Sessions opened under the plain ModelBackend's name end once: the user signs in again.
    "notifications.backends.UnreadCountBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=not TESTING)  # tests of the login turn it on
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dvk.passwords.lockout_response"
# Behind a reverse proxy every request comes from the proxy: the address is read from the
# X-Forwarded-For entry the proxy added (PROXY_COUNT proxies in front of gunicorn; 0 = none).
DVK_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "dvk.passwords.client_ip_address"
# Optional second factor (django-otp, TOTP) for administrators and committee leaders: dvk/two_factor.py.
OTP_TOTP_ISSUER = "DVK"

# ----- The read API and open data (models_registry/api, issue 18) ------------------------------
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "models_registry.api"]
REST_FRAMEWORK = {
    # A token for integration clients, the session for logged-in users; nothing else.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "models_registry.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["models_registry.api.auth.ApiRateThrottle"],
    # A client's rate is its own (ApiClient.rate); these are for sessions and open data.
    "DEFAULT_THROTTLE_RATES": {
        "api_user": env.str("API_USER_RATE", default="2000/hour"),
        "api_anonymous": env.str("API_ANONYMOUS_RATE", default="600/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "models_registry.api.schema.ApiSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DVK API",
    "DESCRIPTION": _(
        "API chỉ đọc của DVK: mô hình, điển hình, đơn vị, đợt phát động, quyết định công nhận, khen thưởng và số liệu tổng hợp, trong phạm vi của mã truy cập; cùng dữ liệu mở về các mô hình đã được công nhận."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name per choice set (several models have a "state", a "kind" or a "level").
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStateEnum": "models_registry.models.State",
        "CampaignStateEnum": "campaigns.models.CampaignState",
        "UnitKindEnum": "campaigns.models.UnitKind",
        "InitiativeKindEnum": "campaigns.models.InitiativeKind",
        "CommendationKindEnum": "models_registry.models.CommendationKind",
        "RecognitionLevelEnum": "campaigns.models.Level",
        "CommendationLevelEnum": "models_registry.models.CommendationLevel",
    },
}
