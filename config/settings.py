"""Netcurate's one settings module, driven by environment variables.

Defaults run on a laptop with nothing installed but Python: SQLite and Celery's
filesystem broker under ``var/``. Production differs by environment, never by code;
``README.md`` lists every variable. A bad value stops start-up with one line naming it.
"""

import re
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
# A local .env fills in what the real environment leaves unset (never overrides it).
load_dotenv(BASE_DIR / ".env", override=False)

VAR_DIR = Path(env.string("VAR_DIR", str(BASE_DIR / "var"), "folder for SQLite, broker files"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite, the file cache and the broker write here

DEBUG = env.boolean("DEBUG", False, "development mode: detailed errors, relaxed hosts")

SECRET_KEY = env.string("SECRET_KEY", "", "signing key; required when DEBUG is false")
if not SECRET_KEY:
    if not DEBUG:
        env.fail("SECRET_KEY", "is required when DEBUG is false (set it, or DEBUG=true locally)")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.string_list(
    "ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "[::1]"],
    "comma-separated host names the site answers to",
)
CSRF_TRUSTED_ORIGINS = env.string_list(
    "CSRF_TRUSTED_ORIGINS", [], "comma-separated origins allowed to POST, e.g. https://x.org"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files
    "accounts",
    "network",
    "replies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TeamMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.HtmxMessagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names PostgreSQL.
DATABASES = {
    "default": env.database(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'netcurate.sqlite3'}",
        "database URL; default SQLite under VAR_DIR, or postgres://user:pass@host:5432/db",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Persistent connections: a request reuses its worker's connection instead of opening one
# (checked before reuse). Each web worker, Celery process and beat holds at most one: keep
# their sum under PostgreSQL's max_connections (README, "Connections").
DATABASES["default"]["CONN_MAX_AGE"] = env.integer(
    "CONN_MAX_AGE",
    0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60,
    "seconds a database connection is kept for the next request (0: one per request)",
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The index of contacts in list order carries their search text on PostgreSQL (an INCLUDE
# column); SQLite has none and builds it without: known, and what is meant.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out (email, IP) pairs before any password check.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at 19 MiB, 2 passes, 1 lane (accounts/hashers.py); older hashes upgrade at login.
PASSWORD_HASHERS = [
    "accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Sign-up, login and password flows: django-allauth's account part, email as the login.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Netcurate] "
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes locks an (email, IP) pair; allauth's own per-email lock would let anyone lock a
# victim out from anywhere, so it is off. allauth's other limits (sign-up, reset mails) stay.
ACCOUNT_RATE_LIMITS = {"login_failed": False}

# Brute-force protection: lock an (email, IP) pair after repeated failures, for a cool-off.
AXES_FAILURE_LIMIT = env.integer(
    "LOGIN_FAILURE_LIMIT", 5, "failed logins before an (email, IP) pair is locked", minimum=1
)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.integer("LOGIN_COOLOFF_MINUTES", 15, "minutes a locked pair waits", minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False

PHONE_DEFAULT_REGION = env.string(
    "PHONE_DEFAULT_REGION", "FR", "country assumed for phone numbers typed without +code"
).upper()

INVITATION_DAYS = env.integer("INVITATION_DAYS", 7, "days an invitation link stays valid", 1)

# Imports: the largest file accepted (refused before its body is read), and where uploaded
# files wait, outside anything served over HTTP. Web and worker must share this folder.
IMPORT_MAX_BYTES = env.integer(
    "IMPORT_MAX_BYTES", 50 * 1024 * 1024, "largest file an import accepts, in bytes", 1
)
IMPORT_DIR = VAR_DIR / "imports"
# An import's page, report and rejected rows name people: the job goes after this many days
# (an upload never confirmed, too). Its uploaded file goes as soon as the import is over.
IMPORT_KEEP_DAYS = env.integer(
    "IMPORT_KEEP_DAYS", 30, "days an import's report (and an unconfirmed upload) is kept", 1
)
# An import still running after this many minutes is taken as dead (its worker stopped; its
# transaction rolled back): the hourly sweep marks it failed and drops its file, and a task the
# broker hands out again may run it. Redis's visibility timeout below is one hour too.
IMPORT_RUN_LIMIT_MINUTES = env.integer(
    "IMPORT_RUN_LIMIT_MINUTES", 60, "minutes after which a running import is taken as dead", 1
)

# Capture from a network's page: the Netcurate window that the bookmarklet opens takes the
# invitations only from pages of these origins (scheme, host and port; no path).
CAPTURE_ORIGINS = env.string_list(
    "CAPTURE_ORIGINS",
    [
        "https://www.linkedin.com",
        "https://www.facebook.com",
        "https://m.facebook.com",
        "https://web.facebook.com",
    ],
    "origins of the network pages the capture bookmarklet may hand invitations from",
)
for _origin in CAPTURE_ORIGINS:
    if not re.fullmatch(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?", _origin):
        env.fail(
            "CAPTURE_ORIGINS",
            f"must list origins such as https://www.linkedin.com, without a path (got {_origin!r})",
        )

# Absolute links in emails (reminders, invitations) start with this address.
SITE_URL = env.string(
    "SITE_URL", "http://127.0.0.1:8000", "address of the site, for links in emails"
).rstrip("/")

# Email: SMTP when EMAIL_HOST is set; otherwise messages are printed to the console (make run).
EMAIL_HOST = env.string("EMAIL_HOST", "", "SMTP server; empty prints emails to the console")
EMAIL_PORT = env.integer("EMAIL_PORT", 587, "SMTP port", minimum=1)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "", "SMTP user name")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "", "SMTP password")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", True, "STARTTLS to the SMTP server")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.string(
    "DEFAULT_FROM_EMAIL", "Netcurate <no-reply@netcurate.test>", "sender of outgoing email"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env.redis_url(
    "REDIS_URL", "Redis URL for the Celery broker, results and the cache; empty: no server"
)

# One cache may outlive a switch of database (SQLite, then PostgreSQL): keys carry the
# database's name, so cached figures of one never show for the other.
_CACHE_PREFIX = re.sub(r"[^A-Za-z0-9_.-]", "_", str(DATABASES["default"]["NAME"]))[-60:]
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, keeping one Redis client per pool rather than one per call.
            "BACKEND": "config.cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _CACHE_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": _CACHE_PREFIX,
        }
    }
# With Redis, a session is read from the cache (written through to the database): one query
# fewer on every page.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Internationalisation: French and English ship together.
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# Unambiguous English dates (config/formats/en): "6 Dec 2026", never 12/06/2026.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_CODE = env.choice(
    "LANGUAGE_CODE", "en", [code for code, _name in LANGUAGES], "default language: en or fr"
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.time_zone("TIME_ZONE", "Europe/Paris", "default time zone for display")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Blank widgets (the inbox's quick add, a contact's inline forms) rendered once per process.
FORM_RENDERER = "config.forms.BlankWidgetsKept"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: strict unless DEBUG. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SESSION_COOKIE_SECURE = env.boolean("SECURE_COOKIES", not DEBUG, "cookies only over HTTPS")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG, "redirect HTTP to HTTPS")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^ping$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, "HSTS max-age")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.boolean("BEHIND_TLS_PROXY", False, "trust X-Forwarded-Proto from a TLS proxy"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


# Content-Security-Policy (django-csp): scripts and styles come from our static files only;
# no inline <script>, no eval (htmx runs with allowEval off, its indicator styles live in
# css/app.css), no inline event handler and no style="" attribute: confirmations, filters
# that submit on change and the colours a team picks for its categories are set by
# js/app.js (a colour through the CSSOM, which style-src-attr does not govern).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "script-src-attr": [NONE],
        "style-src": [SELF],
        "style-src-attr": [NONE],
        "img-src": [SELF, "data:"],  # Bootstrap draws its icons (close, select arrow) as data:
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under VAR_DIR,
# which needs no server and works with a worker that embeds beat (`make run`).
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    # Both transports below expect their folders to exist already.
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-results").mkdir(exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = False
# Periodic sweeps over database rows (config/beat.py).
from config.beat import CELERY_BEAT_SCHEDULE  # noqa: E402, F401

# A reminder claimed but still "sending" after this long (its worker died) is claimed again.
REMINDER_CLAIM_TIMEOUT_MINUTES = env.integer(
    "REMINDER_CLAIM_TIMEOUT_MINUTES", 15, "minutes before a stuck reminder is sent again", 1
)

# The REST API (/api/v1/, README "The API"): personal access tokens (``Authorization: Bearer``)
# or, for pages of the same site, the session with its CSRF check. Each token is throttled on
# its own: API_THROTTLE_RATE requests per second, minute, hour or day.
API_THROTTLE_RATE = env.string(
    "API_THROTTLE_RATE", "120/minute", "API requests allowed per token, e.g. 120/minute"
)
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_THROTTLE_RATE):
    env.fail("API_THROTTLE_RATE", f"must look like 120/minute, not {API_THROTTLE_RATE!r}")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.tokens.permissions.TeamMember"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.tokens.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_THROTTLE_RATE},
    "DEFAULT_PAGINATION_CLASS": "config.api.CursorPage",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# How the OpenAPI schema and its docs page describe the API (config/openapi.py).
from config.openapi import SPECTACULAR_SETTINGS  # noqa: E402, F401

# Mailbox passwords are encrypted with MAILBOX_KEY (Fernet keys, comma-separated: the first
# encrypts, all decrypt; network/mailbox/secrets.py). A malformed key stops start-up; unset
# with DEBUG, a key derived from SECRET_KEY; unset in production, no mailbox can be connected.
MAILBOX_KEYS = env.fernet_keys("MAILBOX_KEY", "Fernet key(s) encrypting mailbox passwords")
if not MAILBOX_KEYS and DEBUG:
    from network.mailbox.secrets import development_key

    MAILBOX_KEYS = [development_key(SECRET_KEY)]
# Mail servers on private, loopback or link-local addresses are refused unless allowed (else a
# team member could make the server probe its own network); allowed by default in development.
MAILBOX_ALLOW_PRIVATE_HOSTS = env.boolean(
    "MAILBOX_ALLOW_PRIVATE_HOSTS", DEBUG, "allow mailbox servers on private or loopback addresses"
)
# Each connected mailbox is read this often (the sweep above runs every minute).
MAILBOX_POLL_MINUTES = env.integer(
    "MAILBOX_POLL_MINUTES", 5, "minutes between two polls of a connected mailbox", 1
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # django-axes logs every login at INFO; its warnings (lockouts) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], "log level"
        ),
    },
}
