"""Settings for Styrmodell, read from the environment.

With no variables set this runs on an embedded SQLite database with background tasks executed in-process,
which is what `./dev run` and `./dev test` rely on. Every variable is listed in `.env.example`.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
# PRODUCTION switches on every deployment safeguard; it refuses to start without its secrets.
PRODUCTION = envbool("PRODUCTION", "false")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if PRODUCTION:
    DEBUG = False
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 40 characters")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site is served on")
else:
    SECRET_KEY = SECRET_KEY or "development-only-not-secret-styrmodell-key-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
# Django matches ALLOWED_HOSTS on the name alone and accepts any port after it, which then appears in absolute links
# and cache keys. ALLOWED_HOST_PORTS lists the ports a Host header may carry ("*": any). In production none by
# default: the proxy serves the standard ports, whose Host carries no port. Outside production any, because
# development and test servers listen on ports of their own.
ALLOWED_HOST_PORTS = envlist("ALLOWED_HOST_PORTS", "" if PRODUCTION else "*")
if any(p != "*" and not p.isdigit() for p in ALLOWED_HOST_PORTS):
    raise ImproperlyConfigured("ALLOWED_HOST_PORTS must list port numbers (or *)")

SITE_NAME = os.environ.get("SITE_NAME", "Styrmodell")
MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Haparanda kommun")
# The municipality's id in Kolada, the national database of municipal key figures (Haparanda is 2583).
KOLADA_MUNICIPALITY_ID = os.environ.get("KOLADA_MUNICIPALITY_ID", "2583")
KOLADA_BASE_URL = os.environ.get("KOLADA_BASE_URL", "https://api.kolada.se/v3")
# Indicators are compared with the first of Kolada's municipality groups (of those the municipality is in) whose
# title starts with this text, and with the whole country.
KOLADA_COMPARISON_GROUP = os.environ.get("KOLADA_COMPARISON_GROUP", "Liknande kommuner")
# The board that oversees every board's internal control (Kommunstyrelsen), found by its short name.
INTERNAL_CONTROL_OVERSIGHT_BOARD = os.environ.get("INTERNAL_CONTROL_OVERSIGHT_BOARD", "KS")
BUDGET_PREPARATION_BOARD = os.environ.get(
    "BUDGET_PREPARATION_BOARD", "KS"
)  # its members and secretary prepare

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "treebeard",
    "simple_history",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "styrmodell",
    # Invitations, password reset, the second factor, language and session rules of signing in.
    "accounts",
    "goals",
    "commitments",
    "reporting",
    "budget",
    "internal_control",
    "plans",
    "proposals",
    "feedback",
    # Comments, attachments, notifications, the development talk and search across the apps.
    "dialogue",
    # The ledger from the finance system (SIE 4), the financial statements, balanskrav and god ekonomisk hushållning.
    "ledger",
    "statements",
    # Headcount and sick leave from the HR system.
    "personnel",
    # Report templates and sections written by many, reviewed by the controller.
    "authoring",
    # Benchmarks and the generator of a large municipality (manage.py bench, generate_municipality).
    "bench",
]

MIDDLEWARE = [
    "accounts.middleware.AllowedHostPortMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of LocaleMiddleware: the person's own language, never the browser's Accept-Language.
    "accounts.middleware.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so a person logged out for idleness is told why.
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files are served by the app itself (compressed, cached forever); no separate web server is needed.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "styrmodell.urls"
WSGI_APPLICATION = "styrmodell.wsgi.application"
# Django's form renderer with the common widgets written out in Python (styrmodell/lib/form_renderer.py).
FORM_RENDERER = "styrmodell.lib.form_renderer.FastWidgetRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "styrmodell.context_processors.site",
                "accounts.context_processors.session",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# Every request is one transaction, so a change and its audit record are written together or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    if os.environ.get("DB_PREPARED", "on") != "off":
        # Parameters bound by the server and a quick statement prepared once it has run five times on a connection:
        # PostgreSQL then plans a report save's joins once per connection instead of at every save (BENCHMARKS.md,
        # section 14); slow statements are planned at every run (styrmodell/lib/db.py). Django leaves preparing off
        # for connection poolers in transaction mode; DB_PREPARED=off for those.
        from styrmodell.lib.db import PreparingCursor

        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5, cursor_factory=PreparingCursor
        )
    if os.environ.get("DB_JIT", "") == "off":
        # PostgreSQL's JIT compiles the roll-up's and report's queries for longer than they run (BENCHMARKS.md): the
        # application's connections turn it off (docker-compose.yml sets DB_JIT=off).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

AUTH_USER_MODEL = "styrmodell.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username is refused before its password is even checked. It needs the request:
    # tests sign in with `client.force_login(user)` (the test client's `login()` passes no request).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Sign-in with the municipality's identity provider; answers nothing unless OIDC_ENABLED (styrmodell/oidc.py).
    "styrmodell.oidc.MunicipalityOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Getting in (accounts/): a person added by an administrator gets an e-mailed link to choose a password, valid
# once and for INVITATION_LINK_DAYS; a "forgot password" link is valid once and for PASSWORD_RESET_HOURS.
INVITATION_LINK_DAYS = envint("INVITATION_LINK_DAYS", "7")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_HOURS", "2") * 3600
# A second step at login (a code from an authenticator app, TOTP) is open to everyone and required of people
# holding one of these roles (comma-separated role names, e.g. "admin" or "admin,secretary").
MFA_REQUIRED_ROLES = envlist("MFA_REQUIRED_ROLES")
_ROLES = {"admin", "council", "board_member", "secretary", "manager", "employee", "controller", "ic_officer"}
if set(MFA_REQUIRED_ROLES) - _ROLES:
    raise ImproperlyConfigured("MFA_REQUIRED_ROLES may name only " + ", ".join(sorted(_ROLES)))
OTP_TOTP_ISSUER = SITE_NAME
# A signed-in person is logged out after this many seconds without a request (warned 5 minutes before).
SESSION_IDLE_TIMEOUT_SECONDS = envint("SESSION_IDLE_TIMEOUT_SECONDS", str(8 * 3600))
# The cookie outlives no idle period: it is renewed at most once a minute while the person is active.
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_SECONDS

# Optional sign-in with the municipality's identity provider over OpenID Connect (e.g. Microsoft Entra ID).
OIDC_ENABLED = envbool("OIDC_ENABLED", "false")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
# Only people an administrator has added (matched by e-mail) may sign in, unless OIDC_CREATE_USERS is set.
OIDC_CREATE_USER = envbool("OIDC_CREATE_USERS", "false")
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/?sso=misslyckades"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_ENABLED needs {', '.join(_missing)}")
# django-guardian: no anonymous user row; public pages are decided in access.py.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("fi", _("Finnish")), ("en", _("English"))]
# Each app keeps its own catalogue in <app>/locale (see the makemessages_app command).
LOCALE_PATHS: list = []
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Background work. Without REDIS_URL tasks run eagerly in the web process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "false" if REDIS_URL else "true")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died without a word (the whole machine, say) is handed to another worker after this many
# seconds. Longer than any report build takes, so a task still running is never started twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", "1800")}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

# Commitments: reminders go out this many days before each reporting deadline (comma-separated).
try:
    REMINDER_DAYS = sorted({int(d) for d in envlist("REMINDER_DAYS", "14,7")}, reverse=True)
except ValueError:
    raise ImproperlyConfigured("REMINDER_DAYS must list whole days before the deadline, e.g. 14,7") from None
# Both tasks are idempotent, so running them every hour is safe and closes a period's step soon after its deadline.
CELERY_BEAT_SCHEDULE["core-close-due-steps"] = {
    "task": "styrmodell.tasks.close_due_steps",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["commitments-send-reminders"] = {
    "task": "commitments.tasks.send_reminders",
    "schedule": 3600.0,
}
# Goals: Kolada publishes once a year; a weekly fetch of every indicator that names a KPI is plenty.
CELERY_BEAT_SCHEDULE["goals-import-kolada"] = {
    "task": "goals.tasks.import_kolada_outcomes",
    "schedule": 7 * 24 * 3600.0,
}
# Jobs whose message never reached the broker (Redis was down) are sent again (styrmodell/jobs.py).
CELERY_BEAT_SCHEDULE["jobs-resend-queued"] = {"task": "styrmodell.resend_queued_jobs", "schedule": 60.0}

# E-proposals (proposals/): a published proposal collects signatures for PROPOSALS_SIGNING_DAYS and needs
# PROPOSALS_THRESHOLD of them (both fixed on the proposal when it is published); e-mail links are valid for
# PROPOSALS_LINK_HOURS; names and addresses are removed PROPOSALS_RETENTION_DAYS after a proposal is closed. The
# public forms allow PROPOSALS_RATE_LIMIT posts per client address and PROPOSALS_RATE_WINDOW_SECONDS (0: off);
# behind a proxy, PROPOSALS_CLIENT_IP_HEADER names the header whose right-most address is the client's.
PROPOSALS_SIGNING_DAYS = envint("PROPOSALS_SIGNING_DAYS", "90")
PROPOSALS_THRESHOLD = envint("PROPOSALS_THRESHOLD", "50")
PROPOSALS_LINK_HOURS = envint("PROPOSALS_LINK_HOURS", "48")
PROPOSALS_RETENTION_DAYS = envint("PROPOSALS_RETENTION_DAYS", "365")
PROPOSALS_RATE_LIMIT = envint("PROPOSALS_RATE_LIMIT", "10")
PROPOSALS_RATE_WINDOW_SECONDS = envint("PROPOSALS_RATE_WINDOW_SECONDS", "600")
PROPOSALS_CLIENT_IP_HEADER = os.environ.get("PROPOSALS_CLIENT_IP_HEADER", "")
# Signing and submitting e-proposals with e-legitimation through the municipality's broker (OpenID Connect,
# proposals/eid.py); off unless PROPOSALS_OIDC_ISSUER and PROPOSALS_OIDC_CLIENT_ID are set. The endpoints come from
# the discovery document (PROPOSALS_OIDC_DISCOVERY_URL, by default the issuer's .well-known/openid-configuration)
# unless all three are given. PROPOSALS_OIDC_HASH_KEY keys the hash that identifies a signer (default SECRET_KEY;
# set it to keep "one signature per person" across a change of SECRET_KEY).
PROPOSALS_OIDC_ISSUER = os.environ.get("PROPOSALS_OIDC_ISSUER", "").strip()
PROPOSALS_OIDC_DISCOVERY_URL = os.environ.get("PROPOSALS_OIDC_DISCOVERY_URL", "").strip()
PROPOSALS_OIDC_AUTHORIZATION_ENDPOINT = os.environ.get("PROPOSALS_OIDC_AUTHORIZATION_ENDPOINT", "").strip()
PROPOSALS_OIDC_TOKEN_ENDPOINT = os.environ.get("PROPOSALS_OIDC_TOKEN_ENDPOINT", "").strip()
PROPOSALS_OIDC_JWKS_ENDPOINT = os.environ.get("PROPOSALS_OIDC_JWKS_ENDPOINT", "").strip()
PROPOSALS_OIDC_CLIENT_ID = os.environ.get("PROPOSALS_OIDC_CLIENT_ID", "").strip()
PROPOSALS_OIDC_CLIENT_SECRET = os.environ.get("PROPOSALS_OIDC_CLIENT_SECRET", "")
PROPOSALS_OIDC_SCOPES = os.environ.get("PROPOSALS_OIDC_SCOPES", "openid").strip() or "openid"
# How the client proves itself at the token endpoint: client_secret_basic or client_secret_post.
PROPOSALS_OIDC_TOKEN_AUTH = os.environ.get("PROPOSALS_OIDC_TOKEN_AUTH", "client_secret_basic").strip()
if PROPOSALS_OIDC_TOKEN_AUTH not in {"client_secret_basic", "client_secret_post"}:
    raise ImproperlyConfigured("PROPOSALS_OIDC_TOKEN_AUTH must be client_secret_basic or client_secret_post")
PROPOSALS_OIDC_TIMEOUT_SECONDS = envint("PROPOSALS_OIDC_TIMEOUT_SECONDS", "10")
PROPOSALS_OIDC_HASH_KEY = os.environ.get("PROPOSALS_OIDC_HASH_KEY", "")
# Daily and idempotent: closes proposals whose signing time ran out, removes personal data past retention.
CELERY_BEAT_SCHEDULE["proposals-daily"] = {"task": "proposals.tasks.daily", "schedule": 24 * 3600.0}

# Feedback and complaints (feedback/): the public form's rate limit per client address (FEEDBACK_RATE_LIMIT
# submissions per FEEDBACK_RATE_WINDOW_SECONDS; 0 turns it off), deadlines in working days, the largest attachment,
# and how long after closing a case the citizen's name, e-mail address and attachment are kept.
FEEDBACK_RATE_LIMIT = envint("FEEDBACK_RATE_LIMIT", "10")
FEEDBACK_RATE_WINDOW_SECONDS = envint("FEEDBACK_RATE_WINDOW_SECONDS", "600")
# Behind a proxy every citizen has the proxy's address: name the header the proxy sets (e.g. X-Forwarded-For),
# and the address it appended (the right-most) is used instead.
FEEDBACK_CLIENT_IP_HEADER = os.environ.get("FEEDBACK_CLIENT_IP_HEADER", "")
FEEDBACK_ACKNOWLEDGE_DAYS = envint("FEEDBACK_ACKNOWLEDGE_DAYS", "2")
FEEDBACK_ANSWER_DAYS = envint("FEEDBACK_ANSWER_DAYS", "10")
FEEDBACK_ATTACHMENT_MAX_BYTES = envint("FEEDBACK_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
FEEDBACK_RETENTION_DAYS = envint("FEEDBACK_RETENTION_DAYS", "365")
# Daily and idempotent: reminders of overdue cases, personal data past retention, indicators fed from the cases.
CELERY_BEAT_SCHEDULE["feedback-daily"] = {"task": "feedback.tasks.daily", "schedule": 24 * 3600.0}

# Dialogue (dialogue/): the largest attached file; CLAMD_SOCKET (the ClamAV daemon's unix socket, e.g.
# /run/clamav/clamd.ctl) has every attached file scanned, and refused while the scan cannot be made; SITE_URL is the
# address notification e-mails link to. Deadline notifications are made hourly (idempotent, like the reminders).
DIALOGUE_ATTACHMENT_MAX_BYTES = envint("DIALOGUE_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Ledger (ledger/): the largest SIE file (bytes) and the most lines it may have; a Göteborg-sized file with every
# month's balances is about 70 MB and 1.3 million lines.
LEDGER_SIE_MAX_BYTES = envint("LEDGER_SIE_MAX_BYTES", str(200 * 1024 * 1024))
LEDGER_SIE_MAX_ROWS = envint("LEDGER_SIE_MAX_ROWS", "5000000")

CELERY_BEAT_SCHEDULE["dialogue-deadline-notifications"] = {
    "task": "dialogue.tasks.deadline_notifications",
    "schedule": 3600.0,
}

if REDIS_URL:
    # A Redis outage makes the cache miss instead of failing pages (short timeouts; see styrmodell/lib/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "styrmodell.lib.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    # Sessions read from the cache with the database behind them: a request reads its session without a query,
    # and a Redis outage falls back to the database (BENCHMARKS.md, the deadline rush).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "styrmodell@localhost")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts on one username that username is
# locked for AXES_COOLOFF_MINUTES, whatever address the attempts come from (a municipality's staff often share
# one outgoing address, so locking by address would lock out the whole town hall). A successful login resets
# the count. Attempts are stored in the database, so every web process sees the same count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks for the address as a lockout parameter because attackers can rotate browsers and cookies; we
# lock by username alone, which rotating those does not bypass, and locking by address would lock out every
# colleague behind the same municipal address. Password guessing across many usernames is for the network's
# rate limiting.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Content-Security-Policy (django-csp): only our own scripts, styles and images, so an injected <script> or
# inline event handler never runs. Templates therefore hold no inline <script>, no on*= handlers and no style=""
# attributes; htmx is configured in base.html not to inject its indicator styles and not to eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Scripts never read the CSRF cookie: htmx sends the token from the page (hx-headers on <body>).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes the browser refuse these cookies unless they are Secure, host-only and path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
