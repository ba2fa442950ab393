"""Test settings: the real settings with a test key and a fast password hasher.

Everything else (database, broker) still comes from the environment, so the same suite
runs on SQLite by default and on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
# A fixed key for mailbox passwords (a worker started by a test must open what the test stored).
# The tests' IMAP server runs on this machine.
os.environ.setdefault("MAILBOX_ALLOW_PRIVATE_HOSTS", "true")
os.environ.setdefault("MAILBOX_KEY", "dGVzdC1vbmx5LW1haWxib3gta2V5LTMyLWJ5dGVzISE=")

from config.settings import *  # noqa: E402, F403

# A file, not memory, for the SQLite test database: a Celery worker started as another process
# by the task tests must see the rows the test wrote. Each test run gets its own database
# (named after its process), so two runs on one machine never share one.
# The workers a run starts inherit its number (and so its database and cache).
_RUN = os.environ.setdefault("NETCURATE_TEST_RUN", str(os.getpid()))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-netcurate-{_RUN}.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_RUN}"}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Files of this run, not memory: a worker started by a test is another process, and what it
# changes must reach the web server's cached figures (the contact list's badge, an import's
# progress), as a shared Redis does in production. Never Redis here: clearing the cache
# between tests would empty the broker's queues too.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / f"test-cache-{_RUN}"),  # noqa: F405
    }
}
# Recognition keeps suggestions in Redis only (``network.recognition.kept``); the tests keep
# them in this file cache too, so that every test that opens a request outside a transaction
# reads what a change before it may have made stale.
RECOGNITION_CACHE_SUGGESTIONS = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files straight from static/ (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
