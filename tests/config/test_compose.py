"""docker-compose.yml and the Dockerfile stay in step with the settings and the code they run.

Compose's ``${VAR:-default}`` and ``${VAR:?error}`` are resolved as Compose resolves them,
with stand-ins for the two secrets an operator must supply.
"""

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.bin.celery import celery as celery_cli
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

from config import env
from config.views import healthz

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {"SECRET_KEY": "compose-test-secret-key", "POSTGRES_PASSWORD": "compose-test-password"}
APP_SERVICES = ["migrate", "web", "worker", "beat"]  # run our image; postgres and redis do not
# Variables compose leaves to the settings' defaults, each fit for production. A variable
# settings start reading must be passed by compose or added here, deliberately.
LEFT_TO_DEFAULTS = {
    "API_THROTTLE_RATE",
    "CAPTURE_ORIGINS",
    "CONN_MAX_AGE",
    "IMPORT_KEEP_DAYS",
    "IMPORT_MAX_BYTES",
    "IMPORT_RUN_LIMIT_MINUTES",
    "INVITATION_DAYS",
    "LOGIN_COOLOFF_MINUTES",
    "LOGIN_FAILURE_LIMIT",
    "MAILBOX_ALLOW_PRIVATE_HOSTS",
    "MAILBOX_POLL_MINUTES",
    "PHONE_DEFAULT_REGION",
    "REMINDER_CLAIM_TIMEOUT_MINUTES",
    "REMINDER_SWEEP_SECONDS",
}
# $$ is a literal $; the file uses only the colon forms, where empty counts as unset.
_REFERENCE = re.compile(r"\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}")


def interpolate(value, environ: dict, missing: list):
    if isinstance(value, dict):
        return {key: interpolate(item, environ, missing) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environ, missing) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match) -> str:
        name, operator, argument = match.groups()
        if name is None:
            return "$"
        if environ.get(name):
            return environ[name]
        if operator == "?":
            missing.append(name)
        return argument if operator == "-" else ""

    return _REFERENCE.sub(replace, value)


def load(environ: dict) -> tuple[dict, list[str]]:
    """The file as Compose would run it, and the required variables left unset."""
    missing: list[str] = []
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return interpolate(raw, environ, missing), missing


@pytest.fixture(scope="module")
def compose() -> dict:
    return load(SECRETS)[0]


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_compose_refuses_to_start_without_a_secret_key_or_database_password():
    assert set(load({})[1]) == {"SECRET_KEY", "POSTGRES_PASSWORD"}


def test_app_services_run_one_image_with_one_environment(services):
    runs = {
        json.dumps([services[name][key] for key in ("build", "image", "environment")])
        for name in APP_SERVICES
    }
    assert len(runs) == 1, "migrate, web, worker and beat must share image and settings"
    assert (ROOT / services["web"]["build"] / "Dockerfile").is_file()


def test_compose_passes_the_variables_settings_read_and_no_other(services):
    passed = set(services["web"]["environment"])
    assert passed - set(env.VARIABLES) == set(), "settings never read these"
    assert set(env.VARIABLES) - passed - LEFT_TO_DEFAULTS == set(), "pass, or leave to defaults"


def test_settings_start_for_production_with_the_compose_environment(services, tmp_path):
    """The values compose passes are accepted, and production comes out of them."""
    probe = (
        "import json; from config import settings as s; print(json.dumps([s.DEBUG,"
        " s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0]))"
    )
    environment = {**services["web"]["environment"], "VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    debug, engine, broker, redirect, secure_cookies, hsts = json.loads(result.stdout)
    assert debug is False
    assert engine == "django.db.backends.postgresql"
    assert broker.startswith("redis://")
    assert redirect and secure_cookies and hsts


def test_database_url_matches_the_postgres_service(services):
    url = urlsplit(services["web"]["environment"]["DATABASE_URL"])
    postgres = services[url.hostname]
    assert postgres["image"].startswith("postgres:")
    assert url.username == postgres["environment"]["POSTGRES_USER"]
    assert url.password == postgres["environment"]["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == postgres["environment"]["POSTGRES_DB"]


def test_redis_url_points_at_the_redis_service(services):
    url = urlsplit(services["web"]["environment"]["REDIS_URL"])
    assert services[url.hostname]["image"].startswith("redis:")


@pytest.mark.parametrize("name", ["web", "worker", "beat", "postgres", "redis"])
def test_long_running_service_has_a_healthcheck(services, name):
    assert services[name]["healthcheck"]["test"]


def test_services_wait_for_what_they_need_to_be_ready(services):
    """Never merely started: healthy, or (migrations) finished."""
    for name, service in services.items():
        for target, spec in (service.get("depends_on") or {}).items():
            ready = "healthcheck" in services[target] and spec["condition"] == "service_healthy"
            done = target == "migrate" and spec["condition"] == "service_completed_successfully"
            assert ready or done, f"{name} starts before {target} is ready"
    assert services["migrate"]["command"][1:3] == ["manage.py", "migrate"]
    assert "migrate" in services["web"]["depends_on"]
    assert "migrate" in services["worker"]["depends_on"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_command_runs_a_real_entry_point(services, name):
    command = services[name]["command"]
    program = PurePosixPath(command[0]).name
    if program == "gunicorn":
        module, _, attribute = command[1].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute))
    elif program == "celery":
        assert command[1] == "--app", "celery's --app goes before the subcommand"
        assert isinstance(find_app(command[2]), Celery)
        assert command[3] in celery_cli.commands
    else:
        assert command[1] == "manage.py"
        assert command[2] in get_commands()


def test_beat_runs_once_with_its_schedule_on_a_volume(services):
    """Two beats, or a worker started with --beat, would send every periodic task twice."""
    commands = {name: service.get("command") or [] for name, service in services.items()}
    assert [name for name, command in commands.items() if "beat" in command] == ["beat"]
    assert not any({"-B", "--beat"} & set(command) for command in commands.values())
    schedule = PurePosixPath(commands["beat"][commands["beat"].index("--schedule") + 1])
    volumes = [entry.split(":")[1] for entry in services["beat"]["volumes"]]
    assert any(schedule.is_relative_to(volume) for volume in volumes)


def test_web_healthcheck_fetches_healthz_on_gunicorns_port_without_https_redirect(services):
    command = services["web"]["command"]
    port = command[command.index("--bind") + 1].rpartition(":")[2]
    [url] = re.findall(r"http://[^'\"]+", " ".join(services["web"]["healthcheck"]["test"]))
    url = urlsplit(url)
    assert str(url.port) == port
    assert resolve(url.path).func is healthz
    assert any(
        re.search(pattern, url.path.lstrip("/")) for pattern in settings.SECURE_REDIRECT_EXEMPT
    )


@pytest.mark.parametrize(
    ("name", "folder"), [("postgres", "/var/lib/postgresql/data"), ("redis", "/data")]
)
def test_data_lives_on_a_named_volume(compose, name, folder):
    mounts = [entry.split(":") for entry in compose["services"][name]["volumes"]]
    assert [folder] == [target for source, target in mounts if source in compose["volumes"]]


def test_dockerfile_copies_every_package_and_folder_settings_load():
    copied = set(re.findall(r"^COPY (\S+) ", (ROOT / "Dockerfile").read_text(), re.MULTILINE))
    packages = {settings.ROOT_URLCONF.partition(".")[0]}
    packages |= {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    folders = [*settings.STATICFILES_DIRS, *settings.LOCALE_PATHS, *settings.TEMPLATES[0]["DIRS"]]
    assert (packages | {Path(folder).name for folder in folders}) - copied == set()
