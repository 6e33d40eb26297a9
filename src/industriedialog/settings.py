"""The one settings module. Every value comes from the environment (`.env` in development).

Outside DEBUG, SECRET_KEY and ALLOWED_HOSTS are required. Demo mode (demo logins, no
enforced second factor) exists only together with DEBUG.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from industriedialog import env

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("INDUSTRIEDIALOG_HOME", Path.cwd())).resolve()
env.load_dotenv(BASE_DIR / ".env")

DEBUG = env.get_bool("DEBUG", False)
DEMO_MODE = env.get_bool("DEMO_MODE", False)
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("DEMO_MODE=true is only allowed together with DEBUG=true.")

SECRET_KEY = env.get_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_filters",
    "simple_history",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    # Before allauth, so that its login pages use the platform's KERN layout.
    "industriedialog.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "industriedialog.core",
    "industriedialog.actors",
    "industriedialog.dialog",
    "industriedialog.measures",
    "industriedialog.outreach",
    "industriedialog.events",
    "industriedialog.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "industriedialog.core.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "industriedialog.urls"
WSGI_APPLICATION = "industriedialog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "industriedialog.web.context_processors.platform",
            ],
        },
    }
]

DATABASES = {
    "default": env.parse_database_url(
        env.get_str("DATABASE_URL") or "sqlite:///var/industriedialog.sqlite3", base_dir=BASE_DIR
    )
}
if (
    DATABASES["default"]["ENGINE"].endswith("sqlite3")
    and DATABASES["default"]["NAME"] != ":memory:"
):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

REDIS_URL = env.get_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "industriedialog_cache",
        }
    }
# The rate limits protect public forms from abuse; a database cache is not atomic, so a
# few extra requests may pass under a burst, which is acceptable for that purpose.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_VIEW = "industriedialog.web.views.rate_limited"
# Public event registrations per IP address (django-ratelimit syntax, e.g. "20/m").
EVENTS_REGISTRATION_RATE = env.get_str("EVENTS_REGISTRATION_RATE") or "20/m"

TASKS = {
    "default": {
        "BACKEND": env.get_str("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "industriedialog.core.backends.StaffRoleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail login, German by default; TOTP as the staff second factor.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional" if DEBUG else "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_ADAPTER = "industriedialog.core.auth.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Industrie-Dialog"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

_mail_backend = env.get_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
_mail_options: dict = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env.get_str("EMAIL_HOST") or "localhost",
        "port": env.get_int("EMAIL_PORT", 25),
        "username": env.get_str("EMAIL_HOST_USER") or "",
        "password": env.get_str("EMAIL_HOST_PASSWORD") or "",
        "use_tls": env.get_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL") or "industriedialog@localhost"
FEEDBACK_RECIPIENTS = env.get_list("FEEDBACK_RECIPIENTS", [])

SESSION_COOKIE_SECURE = env.get_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The city this installation serves: shown in the header and used as default municipality.
PLATFORM_CITY = env.get_str("PLATFORM_CITY") or "Stadt Aachen"
PLATFORM_MUNICIPALITY_KEY = env.get_str("PLATFORM_MUNICIPALITY_KEY") or "05334002"
PLATFORM_DATA_SET = env.get_str("PLATFORM_DATA_SET") or "aachen"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL") or "WARNING"},
}
PUBLIC_BASE_URL = env.get_str("PUBLIC_BASE_URL") or "http://127.0.0.1:8000"

# The register import posts the checked file back once more (signed), so allow ~8 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
