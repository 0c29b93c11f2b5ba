"""Django settings for Sevai. Everything comes from environment variables (see README)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sevai.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    persistent_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SEVAI_DATA_DIR", "var")).resolve()

DEBUG = env_bool("SEVAI_DEBUG", False)
SECRET_KEY = persistent_secret_key(DATA_DIR)
ENCRYPTION_KEY = env_secret("SEVAI_ENCRYPTION_KEY")
BASE_URL = env_str("SEVAI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("SEVAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SEVAI_CSRF_TRUSTED_ORIGINS", [BASE_URL])
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SEVAI_BEHIND_PROXY", False) else None
)
SESSION_COOKIE_SECURE = BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "sevai.accounts",
    "sevai.brands",
    "sevai.customers",
    "sevai.tickets",
    "sevai.search",
    "sevai.webhooks",
    "sevai.mail",
    "sevai.workspace",
    "sevai.chat",
    "sevai.contact",
    "sevai.portal",
    "sevai.kb",
    "sevai.helpcenter",
    "sevai.triage",
    "sevai.assistant",
    "sevai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sevai.accounts.middleware.AgentLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sevai.urls"
ASGI_APPLICATION = "sevai.asgi.application"
WSGI_APPLICATION = None

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
                "sevai.workspace.context_processors.workspace",
            ],
        },
    },
]

# --- Database: SQLite (WAL) under ./var unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "sevai.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "login"

# --- Redis: channel layer and cache when REDIS_URL is set; in-memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("SEVAI_CACHE_PREFIX", "sevai")},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("SEVAI_CACHE_PREFIX", "sevai"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: the database queue (works with SQLite and PostgreSQL).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SEVAI_EMBEDDED_WORKER = env_bool("SEVAI_EMBEDDED_WORKER", True)

# --- Languages: en, ta, tl (browsers asking for fil get tl), hy.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ta", _("Tamil")),
    ("tl", _("Tagalog")),
    ("hy", _("Armenian")),
]
# Django knows no Tagalog: without this, {% get_language_info %} (the language menu of the
# public pages) raises KeyError for "tl".
django.conf.locale.LANG_INFO = {
    **django.conf.locale.LANG_INFO,
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("SEVAI_TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

# --- Outgoing webhooks
WEBHOOK_TIMEOUT = env_int("SEVAI_WEBHOOK_TIMEOUT", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("SEVAI_WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_ALLOW_PRIVATE = env_bool("SEVAI_WEBHOOK_ALLOW_PRIVATE", True)

# --- Email
UPLOAD_MAX_BYTES = env_int("SEVAI_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)  # public uploads
# Customer portal: how long a sign-in link works, and how many links may be asked for per
# email address and per client address in an hour (0 turns a limit off).
PORTAL_LINK_MINUTES = env_int("SEVAI_PORTAL_LINK_MINUTES", 20)
if PORTAL_LINK_MINUTES < 1:
    raise ImproperlyConfigured(f"SEVAI_PORTAL_LINK_MINUTES={PORTAL_LINK_MINUTES}: at least 1")
PORTAL_LINKS_PER_ADDRESS = env_int("SEVAI_PORTAL_LINKS_PER_ADDRESS", 5)
PORTAL_LINKS_PER_IP = env_int("SEVAI_PORTAL_LINKS_PER_IP", 30)
# Contact form: accepted requests per client address per 10 minutes, and per email address
# per hour (0 turns a limit off).
CONTACT_RATE_IP = env_int("SEVAI_CONTACT_RATE_IP", 5)
CONTACT_RATE_ADDRESS = env_int("SEVAI_CONTACT_RATE_ADDRESS", 3)
MAIL_MAX_MESSAGE_BYTES = env_int("SEVAI_MAIL_MAX_MESSAGE_BYTES", 40 * 1024 * 1024)
MAIL_MAX_ATTACHMENT_BYTES = env_int("SEVAI_MAIL_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
MAIL_MAX_PARTS = env_int("SEVAI_MAIL_MAX_PARTS", 500)
MAIL_SEND_MAX_ATTEMPTS = env_int("SEVAI_MAIL_SEND_MAX_ATTEMPTS", 10)
MAIL_LOOP_LIMIT_PER_HOUR = env_int("SEVAI_MAIL_LOOP_LIMIT_PER_HOUR", 20)
MAIL_POLL_SECONDS = env_int("SEVAI_MAIL_POLL_SECONDS", 60)
MAIL_CA_FILE = env_str("SEVAI_MAIL_CA_FILE")  # extra CA bundle for IMAP/SMTP servers
MAIL_IDLE = env_bool("SEVAI_MAIL_IDLE", True)  # IMAP IDLE threads in the embedded worker
# The first mailbox, created or updated at start-up (sevai.mail.envconfig); more in the admin.
MAILBOX_ADDRESS = env_str("SEVAI_MAILBOX_ADDRESS")
MAILBOX_NAME = env_str("SEVAI_MAILBOX_NAME")  # "Support" when the mailbox is created
MAILBOX_IMAP_URL = env_secret("SEVAI_IMAP_URL")
MAILBOX_SMTP_URL = env_secret("SEVAI_SMTP_URL")

# --- Triage: language detection, topic/priority predictions, urgency flags (see README).
# Extra language codes the detector may answer besides the desk's and their neighbours.
LANGUAGE_DETECTION_EXTRA = env_list("SEVAI_DETECT_LANGUAGES", [])
TRIAGE_MODELS_DIR = DATA_DIR / "models"
TRIAGE_MIN_TICKETS = env_int("SEVAI_TRIAGE_MIN_TICKETS", 50)  # labelled history to train on
TRIAGE_MIN_PER_TOPIC = env_int("SEVAI_TRIAGE_MIN_PER_TOPIC", 5)  # examples a topic needs
TRIAGE_KEEP_MODELS = env_int("SEVAI_TRIAGE_KEEP_MODELS", 5)  # older model files are removed
# Tags that say something other than what a ticket is about: never a predicted topic.
TRIAGE_IGNORE_TAGS = env_list(
    "SEVAI_TRIAGE_IGNORE_TAGS",
    ["vip", "follow-up", "escalated", "repeat-customer", "sla-risk", "spam", "urgent"],
)
TRIAGE_EMBEDDINGS = env_bool("SEVAI_TRIAGE_EMBEDDINGS", True)  # multilingual sentence vectors
EMBEDDING_THREADS = env_int("SEVAI_EMBEDDING_THREADS", 1)  # per process; 1 suits web workers

# --- API
API_RATE_LIMIT_PER_MINUTE = env_int("SEVAI_API_RATE_LIMIT", 600)
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sevai.lib.log.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("SEVAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
