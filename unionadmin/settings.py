"""Settings for unionadmin: one file, read from the environment.

Values come from, in order of precedence: real environment variables, ``.env`` at the
project root (your own overrides, never committed), and ``var/services.env`` (what
``scripts/bootstrap.sh`` detected: where PostgreSQL and Redis are). A bad value stops
start-up with a message rather than running half-configured.
"""
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
for env_file in (BASE_DIR / ".env", BASE_DIR / "var" / "services.env"):
    if env_file.exists():
        # read_env never overrides a variable that is already set.
        environ.Env.read_env(env_file)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production")

_DEV_SECRET = "django-insecure-development-only-never-use-in-production-5c1f0e"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters in production")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "unionadmin.admin_site.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "captcha",  # django-simple-captcha: the join form's challenge, drawn here, no outside service
    # Ours, in dependency order: each app may import only those above it.
    "unionadmin",
    "members",
    "finance",
    "welfare",
    "congress",
    "competitions",
    "planning",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise and every early answer, so that every response carries the policy.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware, except that a session that cannot be saved after the view
    # (ended meanwhile, database gone) never replaces the view's answer: unionadmin/middleware.py.
    "unionadmin.middleware.SessionMiddleware",
    "unionadmin.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A unique violation out of a view (a double submit) is a message, not a 500.
    "unionadmin.integrity.DuplicateWriteMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionadmin.urls"
WSGI_APPLICATION = "unionadmin.wsgi.application"

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
                "unionadmin.context_processors.navigation",
                "unionadmin.context_processors.notifications",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/unionadmin")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("unionadmin runs on PostgreSQL only; DATABASE_URL must be postgres://…")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Several test runs can share one server (helpers, CI): each names its own test database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_unionadmin")}
# A streaming replica (hot standby) of the primary takes the report work (dashboard, exports,
# assessment results, PDFs' data) when DATABASE_REPLICA_URL names it: unionadmin/replica.py,
# docs/deployment.md "Growing past one server". Without it there is one database, no router.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be postgres://… (a streaming replica of DATABASE_URL)")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica that does not answer costs a report this long once, then the primary serves
    # (unionadmin/replica.py); ?connect_timeout=N on the URL sets another.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # The test runner makes no second test database: the alias reads the default one.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["unionadmin.db_routers.ReportReplicaRouter"]
    # After authentication (it reads the session and the user), inside the session middleware
    # (which saves the read-your-writes fence it leaves in the session).
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "unionadmin.replica.ReportReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        # Django's Redis cache for which a Redis error is a miss (unionadmin/cache.py): the
        # site keeps working, slower, with Redis stopped. Short timeouts, so that a Redis
        # that is down or hung costs a page milliseconds, not seconds.
        "BACKEND": "unionadmin.cache.ResilientRedisCache",
        # The broker's database, told apart by the key prefix, so that each REDIS_URL
        # (one per test run or deployment) has its own cache.
        "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="unionadmin"),
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
}

# Dashboard figures are cached per organisation, indicator and year for this long; the page
# says how old its figures may be. 0 turns the cache off.
# Indicator figures are cached under the change stamps of the tables they are counted from
# (unionadmin/stamps.py), so they are never stale; the expiry only bounds the cache's size.
# 0 turns the cache off.
INDICATOR_CACHE_SECONDS = env.int("INDICATOR_CACHE_SECONDS", default=86400)

# A roster export (XLSX or CSV) of more rows than this is written by the Celery worker through
# the document pipeline and downloaded from the job's page; at or below it the download is
# immediate. 20,000 rows take about 2.5 s in the request (docs/benchmarks.md, "Province"); a
# city's 150,000 took 23.5 s and a province's 2 million would outlast gunicorn's 120-s timeout.
MEMBERS_EXPORT_INLINE_ROWS = env.int("MEMBERS_EXPORT_INLINE_ROWS", default=20_000)

# The province whose spending rules the finance app checks claims against
# (finance.spending_rules); a union may name another in its FinanceSettings.
UNIONADMIN_PROVINCE = env.str("UNIONADMIN_PROVINCE", default="黑龙江")

# --- Files ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Files go through Django's storage API only, so S3-compatible storage is a settings change:
# STORAGE_BACKEND=s3 plus the AWS_* variables django-storages reads.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'local' or 's3', not {STORAGE_BACKEND!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "unionadmin.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "unionadmin.auth.UsernameOrMobileBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_COOKIE_AGE seconds without a request (sliding), and when the
# browser closes: officers often share office computers. Sessions live in PostgreSQL only, so
# a Redis outage logs nobody out and locks nobody out (docs/decisions.md, "Outages"); expired
# rows are deleted daily by the beat task sessions.clear_expired (unionadmin/tasks.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=4 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: five wrong passwords for one account lock it for 15 minutes. The account is
# keyed by its username whether the person typed the username or the mobile number.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "unionadmin.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# Axes warns that username-only lockout lets an attacker rotate cookies; that warning is
# about guessing many accounts from one client. We lock the account itself, which is what
# protects an officer's password; rotating IP addresses cannot get round it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None  # job state lives in PostgreSQL rows, never only in Redis
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Reliability (docs/decisions.md, "Documents"): a message is acknowledged only when its task
# has finished, and requeued when the process running it dies; tasks must be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ROUTES = {"documents.render": {"queue": "pdf"}, "documents.write": {"queue": "pdf"}}
CELERY_TASK_SOFT_TIME_LIMIT = 120  # the task gets an exception and fails its job cleanly
CELERY_TASK_TIME_LIMIT = 150  # the pool kills the process
# A document a kind writes itself (a roster export, XLSX or CSV) runs as "documents.write" with
# this soft limit (the hard one 30 s later): 2,000,000 members are written in about 4 minutes.
DOCUMENTS_WRITE_SOFT_TIME_LIMIT = env.int("DOCUMENTS_WRITE_SOFT_TIME_LIMIT", default=1800)
# Redis redelivers a message not acknowledged within the visibility timeout (a worker that
# died as a whole). It must exceed the longest time a message can legitimately stay
# unacknowledged: waiting behind one task in the worker (prefetch 1) plus its own run, both
# bounded by the hard limit (2 × 150 s), plus retry countdowns (≤ 60 s): 360 s. 600 s keeps
# a margin yet redelivers within ~10 minutes. The sweep runs every 30 s instead of ~100 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    "unacked_restore_interval": 30,
    "unacked_restore_throttle": 1,
}
# Keep worker memory flat: a pool process is replaced after this many tasks, or after the
# task during which it grew past this resident size (KiB). A 50,000-row roster check grows a
# process past 400 MB; replaced then, the officer's "Import now" waited 1.8–3.8 s for a new
# process to warm up (bench/import_pages.py), so the line sits at 1 GB (settable).
CELERY_WORKER_MAX_TASKS_PER_CHILD = 1000
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_000_000)
# A new pool process warms the PDF renderer up (unionadmin/documents/signals.py) before it says
# it is up; on a busy machine that exceeded Celery's 4 s, and the pool killed and replaced its
# processes in a loop while jobs waited (seen after every 50,000-row import, bench/import_pages.py).
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 30
# Background jobs (unionadmin/jobs.py, docs/decisions.md "Background jobs"): a running task
# beats every JOBS_HEARTBEAT_SECONDS; a job whose runner has not beaten for JOBS_STALE_SECONDS
# (or whose process on this machine is gone) is taken up by the sweep, which runs every
# JOBS_SWEEP_SECONDS: a dead worker costs at most stale + sweep (75 s), well under 2 minutes.
# A waiting job is sent again when its message was accepted JOBS_RESEND_SECONDS ago.
JOBS_HEARTBEAT_SECONDS = env.int("JOBS_HEARTBEAT_SECONDS", default=10)
JOBS_STALE_SECONDS = env.int("JOBS_STALE_SECONDS", default=45)
JOBS_SWEEP_SECONDS = env.int("JOBS_SWEEP_SECONDS", default=30)
JOBS_SEND_GRACE_SECONDS = env.int("JOBS_SEND_GRACE_SECONDS", default=10)
JOBS_RESEND_SECONDS = env.int("JOBS_RESEND_SECONDS", default=600)
if not JOBS_HEARTBEAT_SECONDS * 2 < JOBS_STALE_SECONDS:
    raise ImproperlyConfigured("JOBS_STALE_SECONDS must be more than twice JOBS_HEARTBEAT_SECONDS")
# Every periodic task of the project, in one place (a test fails on a task left out).
CELERY_BEAT_SCHEDULE = {
    "jobs-sweep": {"task": "jobs.sweep", "schedule": timedelta(seconds=JOBS_SWEEP_SECONDS)},
    "documents-delete-expired": {"task": "documents.delete_expired", "schedule": timedelta(hours=1)},
    "sessions-clear-expired": {"task": "sessions.clear_expired", "schedule": crontab(hour=3, minute=40)},
    # Daily, early in the morning (Asia/Shanghai, CELERY_TIMEZONE).
    "members-delete-old-import-files": {"task": "members.tasks.delete_old_import_files",
                                        "schedule": crontab(hour=3, minute=20)},
    "welfare-refresh-recheck-due": {"task": "welfare.tasks.refresh_recheck_due",
                                    "schedule": crontab(hour=5, minute=10)},
    "welfare-remind-recheck-due": {"task": "welfare.tasks.remind_recheck_due",
                                   "schedule": crontab(hour=7, minute=20)},
    "congress-remind-overdue-replies": {"task": "congress.remind_overdue_replies",
                                        "schedule": crontab(hour=7, minute=30)},
    "congress-remind-expiring-contracts": {"task": "congress.remind_expiring_contracts",
                                           "schedule": crontab(hour=7, minute=40)},
    "congress-remind-reelection": {"task": "congress.remind_reelection", "schedule": crontab(hour=7, minute=50)},
}

# --- Mail -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="unionadmin@localhost")
# Text messages to members' mobiles (one-time links): unionadmin/texting.py names the backends
# and how to plug an SMS provider in.
TEXT_MESSAGE_BACKEND = env.str("TEXT_MESSAGE_BACKEND", default="unionadmin.texting.ConsoleBackend")
TEXT_MESSAGE_FILE_PATH = Path(env.str("TEXT_MESSAGE_FILE_PATH", default=str(BASE_DIR / "var" / "texts")))
# Joining online: applications a public join page takes, counted in the database (they hold
# with Redis down); over either limit the page says so (HTTP 429) and saves nothing.
JOIN_APPLICATIONS_PER_ADDRESS_PER_HOUR = env.int("JOIN_APPLICATIONS_PER_ADDRESS_PER_HOUR", default=5)
JOIN_APPLICATIONS_PER_UNION_PER_DAY = env.int("JOIN_APPLICATIONS_PER_UNION_PER_DAY", default=200)
# The join form's picture challenge (django-simple-captcha) stays valid this many minutes: filling
# the form on a phone takes longer than the package's 5.
CAPTCHA_TIMEOUT = env.int("CAPTCHA_TIMEOUT", default=30)
# The electronic membership card's QR token stops verifying this many seconds after it is shown.
ECARD_TOKEN_MAX_AGE = env.int("ECARD_TOKEN_MAX_AGE", default=600)
# A one-time link to set a member's password works this long (Django's reset tokens).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- History ----------------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Security ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response: only this site's own files, no inline
# script or style at all (behaviour lives in static JS, data in data-* attributes or json_script),
# no eval (htmx runs with allowEval off), no outside origin. data: images are Bootstrap's CSS icons.
# The one relaxed policy is the work plan's preview page (planning), a sandboxed script-less
# document. docs/decisions.md, "Content-Security-Policy".
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
