"""docker-compose.yml agrees with the code and the settings it runs.

The file is parsed with PyYAML and its ``${VAR}`` references are resolved the way Compose
resolves them, with stand-in values for the two secrets an operator must supply. Each
``check_*`` function takes that parsed dict and returns the problems it finds, an empty list
when the file is right. Because the checks are plain functions, the last tests feed them
deliberately broken copies of the file and prove that every one of them can fail.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import ipaddress
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.bin.celery import celery as celery_cli
from django.conf import settings
from django.core.management import get_commands
from django.urls import Resolver404, resolve
from gunicorn.config import Config as GunicornConfig

import config.settings  # noqa: F401 - importing the settings records every variable they read
from config import env

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
APP_WORKDIR = PurePosixPath("/app")  # WORKDIR in the Dockerfile

REQUIRED_SERVICES = ("web", "worker", "beat", "postgres", "redis")
APP_ROLES = ("web", "worker", "beat")
# Stand-ins for what the operator must supply; Compose refuses to start without them.
OPERATOR_ENVIRONMENT = {
    "SECRET_KEY": "compose-test-secret-key",
    "POSTGRES_PASSWORD": "compose-test-password",
}
# Each of these must wait until the services named are healthy, not merely started.
HEALTHY_BEFORE_START = {
    "web": ("postgres", "redis"),
    "worker": ("postgres", "redis"),
    "beat": ("redis",),
}
DATA_DIRECTORIES = {"postgres": "/var/lib/postgresql/data", "redis": "/data"}
TRUE_WORDS = {"1", "true", "yes", "on"}  # what config.env.boolean reads as true

Compose = dict
Check = Callable[[Compose], list[str]]


# Reading the file the way Compose does -----------------------------------------------------

_REFERENCE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>\w+)(?:(?P<operator>:?[-?])(?P<argument>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_]\w*))"
)


def interpolate(value, environ: Mapping[str, str], missing: list[str]):
    """Resolve ``$$``, ``$VAR``, ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}``.

    A required variable that is unset (or empty, with ``:?``) is appended to ``missing``.
    """
    if isinstance(value, dict):
        return {key: interpolate(item, environ, missing) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environ, missing) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        current = environ.get(name)
        operator = match["operator"] or ""
        unset = current is None or (operator.startswith(":") and current == "")
        if operator.endswith("?") and unset:
            missing.append(name)
            return ""
        if operator.endswith("-") and unset:
            return match["argument"]
        return current or ""

    return _REFERENCE.sub(replace, value)


def load_raw() -> Compose:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def resolve_compose(raw: Compose, environ: Mapping[str, str]) -> Compose:
    missing: list[str] = []
    resolved = interpolate(raw, environ, missing)
    assert not missing, f"docker-compose.yml requires variables the test does not set: {missing}"
    return resolved


@pytest.fixture(scope="module")
def compose() -> Compose:
    return resolve_compose(load_raw(), OPERATOR_ENVIRONMENT)


# Small readers over the parsed file --------------------------------------------------------


def services_of(compose: Compose) -> dict[str, dict]:
    return compose.get("services") or {}


def app_services(compose: Compose) -> dict[str, dict]:
    """Services running our own image (built from the Dockerfile), not postgres or redis."""
    services = services_of(compose)
    built_images = {s.get("image") for s in services.values() if "build" in s} - {None}
    return {
        name: service
        for name, service in services.items()
        if "build" in service or service.get("image") in built_images
    }


def environment_of(service: dict) -> dict[str, str]:
    variables = service.get("environment") or {}
    if isinstance(variables, list):
        pairs = (item.partition("=") for item in variables)
        return {key: value for key, _, value in pairs}
    return {key: "" if value is None else str(value) for key, value in variables.items()}


def argv_of(command) -> list[str]:
    if command is None:
        return []
    if isinstance(command, str):
        return shlex.split(command)
    return [str(part) for part in command]


def healthcheck_commands(service: dict) -> list[list[str]]:
    """The argument lists a healthcheck runs (a shell form may chain several with &&)."""
    test = (service.get("healthcheck") or {}).get("test")
    if isinstance(test, str):
        return split_shell(shlex.split(test))
    if not test or test[0] == "NONE":
        return []
    if test[0] == "CMD-SHELL":
        return split_shell(shlex.split(" ".join(test[1:])))
    return [argv_of(test[1:] if test[0] == "CMD" else test)]


def split_shell(argv: list[str]) -> list[list[str]]:
    """``sh -c "a && b"`` or ``a && b`` as the separate commands [a, b]."""
    if len(argv) >= 3 and PurePosixPath(argv[0]).name in {"sh", "bash"} and argv[1] == "-c":
        argv = shlex.split(argv[2])
    commands: list[list[str]] = [[]]
    for token in argv:
        if token in {"&&", "||", ";"}:
            commands.append([])
        else:
            commands[-1].append(token)
    return [command for command in commands if command]


def dependencies_of(service: dict) -> dict[str, str]:
    """Each service depended on, with the condition waited for."""
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return dict.fromkeys(depends_on, "service_started")
    return {
        name: (spec or {}).get("condition", "service_started") for name, spec in depends_on.items()
    }


def one_shot_jobs(compose: Compose) -> set[str]:
    """Services others wait on to *finish* (such as migrate): they need no healthcheck."""
    return {
        name
        for service in services_of(compose).values()
        for name, condition in dependencies_of(service).items()
        if condition == "service_completed_successfully"
    }


def mounts_of(service: dict) -> list[tuple[str | None, str]]:
    """(named volume, or None for a bind mount or anonymous volume; target) per mount."""
    mounts: list[tuple[str | None, str]] = []
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            named = entry.get("source") if entry.get("type", "volume") == "volume" else None
            mounts.append((named, str(entry.get("target", ""))))
            continue
        parts = str(entry).split(":")
        if len(parts) == 1:
            mounts.append((None, parts[0]))
        else:
            source = parts[0]
            is_path = source.startswith(("/", ".", "~"))
            mounts.append((None if is_path else source, parts[1]))
    return mounts


def option_value(argv: list[str], *names: str) -> str | None:
    for index, token in enumerate(argv):
        if token in names and index + 1 < len(argv):
            return argv[index + 1]
        for name in names:
            if name.startswith("--") and token.startswith(f"{name}="):
                return token.partition("=")[2]
    return None


def parse_gunicorn(args: list[str]):
    """gunicorn's own argument parser on ``args``; raises ValueError with its complaint."""
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            return GunicornConfig().parser().parse_args(args)
    except SystemExit:
        complaint = errors.getvalue().strip().splitlines() or ["invalid arguments"]
        raise ValueError(f"gunicorn rejects {args}: {complaint[-1]}") from None


# Entry points: what each command would import or run -------------------------------------


def gunicorn_problems(args: list[str]) -> list[str]:
    try:
        parsed = parse_gunicorn(args)
    except ValueError as error:
        return [str(error)]
    if len(parsed.args) != 1:
        return [f"gunicorn needs exactly one module:attribute, got {parsed.args}"]
    target = parsed.args[0]
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as error:
        return [f"gunicorn app {target!r}: cannot import {module_name}: {error!r}"]
    application = getattr(module, attribute or "application", None)
    if not callable(application):
        return [f"gunicorn app {target!r}: {module_name} has no callable {attribute!r}"]
    return []


_CELERY_GLOBAL_OPTIONS_WITH_VALUE = {
    "-b",
    "--broker",
    "--result-backend",
    "--loader",
    "--config",
    "--workdir",
}


def celery_problems(args: list[str]) -> list[str]:
    problems: list[str] = []
    app_name = subcommand = None
    rest: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if subcommand is not None:
            rest.append(token)
        elif token in {"-A", "--app"}:
            app_name = next(tokens, None)
        elif token.startswith("--app="):
            app_name = token.partition("=")[2]
        elif token in _CELERY_GLOBAL_OPTIONS_WITH_VALUE:
            next(tokens, None)
        elif not token.startswith("-"):
            subcommand = token
    if subcommand not in celery_cli.commands:
        problems.append(f"'celery {subcommand}' is not a celery command")
    else:
        params = celery_cli.commands[subcommand].params
        known = {option for param in params for option in (*param.opts, *param.secondary_opts)}
        for token in rest:
            if token in {"-A", "--app"} or token.startswith("--app="):
                problems.append(f"celery's --app must come before the subcommand {subcommand!r}")
            elif token.startswith("-") and token.partition("=")[0] not in known:
                problems.append(f"'celery {subcommand}' has no option {token}")
    if app_name is None:
        problems.append("celery is given no --app (before the subcommand)")
        return problems
    try:
        app = find_app(app_name)
    except Exception as error:
        return [*problems, f"celery --app {app_name!r} does not load: {error!r}"]
    if not isinstance(app, Celery):
        problems.append(f"celery --app {app_name!r} finds {app!r}, not a Celery app")
    return problems


def manage_problems(args: list[str]) -> list[str]:
    if not (ROOT / "manage.py").is_file():
        return ["manage.py is missing from the project root"]
    command = next((arg for arg in args if not arg.startswith("-")), None)
    if command not in get_commands():
        return [f"'manage.py {command}' is not a management command"]
    return []


def entry_point_problems(argv: list[str], *, strict: bool) -> list[str]:
    """Problems with one command; an unrecognised program is one only when ``strict``."""
    program = PurePosixPath(argv[0]).name if argv else ""
    args = argv[1:]
    if program.startswith("python") and args[:1] == ["-m"] and len(args) > 1:
        program, args = args[1], args[2:]
    if program == "gunicorn":
        return gunicorn_problems(args)
    if program == "celery":
        return celery_problems(args)
    if program.startswith("python") and args[:1] == ["manage.py"]:
        return manage_problems(args[1:])
    if strict:
        return [f"runs {argv!r}, which is not gunicorn, celery or manage.py"]
    return []


def is_migrate(argv: list[str]) -> bool:
    return "manage.py" in argv and "migrate" in argv[argv.index("manage.py") + 1 :]


# The checks ---------------------------------------------------------------------------------


def check_required_services(compose: Compose) -> list[str]:
    services = services_of(compose)
    return [f"no {name!r} service" for name in REQUIRED_SERVICES if name not in services]


def check_one_image(compose: Compose) -> list[str]:
    problems: list[str] = []
    app = app_services(compose)
    problems += [
        f"{name} is not built from our Dockerfile" for name in APP_ROLES if name not in app
    ]
    builds = set()
    for service in app.values():
        build = service.get("build") or {}
        if isinstance(build, str):
            build = {"context": build}
        builds.add(
            (build.get("context", "."), build.get("dockerfile", "Dockerfile"), service.get("image"))
        )
    if len(builds) > 1:
        problems.append(f"web, worker and beat should share one image, but build {sorted(builds)}")
    for context, dockerfile, _ in builds:
        if not (ROOT / context / dockerfile).is_file():
            problems.append(f"build context {context!r} has no {dockerfile}")
    return problems


def check_healthchecks(compose: Compose) -> list[str]:
    problems: list[str] = []
    jobs = one_shot_jobs(compose)
    for name, service in services_of(compose).items():
        if name in jobs and name not in REQUIRED_SERVICES:
            continue
        healthcheck = service.get("healthcheck") or {}
        if healthcheck.get("disable") or not healthcheck_commands(service):
            problems.append(f"{name} has no healthcheck, so nothing can wait for it to be ready")
    return problems


def check_named_volumes(compose: Compose) -> list[str]:
    problems: list[str] = []
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in services_of(compose).items():
        for volume, _ in mounts_of(service):
            if volume is None:
                continue
            used.add(volume)
            if volume not in declared:
                problems.append(f"{name} mounts volume {volume!r}, which is not declared")
    problems += [f"volume {volume!r} is declared but unused" for volume in declared - used]
    for name, directory in DATA_DIRECTORIES.items():
        service = services_of(compose).get(name, {})
        if not any(volume and target == directory for volume, target in mounts_of(service)):
            problems.append(f"{name} keeps {directory} off a named volume: data dies with it")
    return problems


def check_dependencies(compose: Compose) -> list[str]:
    problems: list[str] = []
    services = services_of(compose)
    for name, service in services.items():
        for target, condition in dependencies_of(service).items():
            if target not in services:
                problems.append(f"{name} depends on {target!r}, which is not a service")
            elif condition == "service_healthy" and not services[target].get("healthcheck"):
                problems.append(f"{name} waits for {target} to be healthy; it has no healthcheck")
            elif condition not in {"service_healthy", "service_completed_successfully"}:
                problems.append(f"{name} starts once {target} has merely started ({condition})")
    for name, targets in HEALTHY_BEFORE_START.items():
        waits = dependencies_of(services.get(name, {}))
        for target in targets:
            if waits.get(target) != "service_healthy":
                problems.append(f"{name} does not wait for {target} to be healthy")
    return problems


def check_migrations_before_web(compose: Compose) -> list[str]:
    services = services_of(compose)
    web = services.get("web", {})
    if any(is_migrate(argv) for argv in split_shell(argv_of(web.get("command")))):
        return []
    for target, condition in dependencies_of(web).items():
        command = argv_of(services.get(target, {}).get("command"))
        if condition == "service_completed_successfully" and is_migrate(command):
            return []
    return ["web can start before migrations have run: nothing runs 'manage.py migrate' first"]


def check_entry_points(compose: Compose) -> list[str]:
    problems: list[str] = []
    for name, service in app_services(compose).items():
        commands = split_shell(argv_of(service.get("command")))
        if not commands:
            problems.append(f"{name} states no command, so what it runs is not checked here")
        for argv in commands:
            problems += [f"{name}: {p}" for p in entry_point_problems(argv, strict=True)]
        for argv in healthcheck_commands(service):
            problems += [
                f"{name} healthcheck: {p}" for p in entry_point_problems(argv, strict=False)
            ]
    return problems


def check_environment_read_by_settings(
    compose: Compose, known: Mapping[str, str] | None = None
) -> list[str]:
    known = env.VARIABLES if known is None else known
    if not known:
        return ["config.env.VARIABLES is empty: settings were not imported"]
    problems: list[str] = []
    for name, service in app_services(compose).items():
        if service.get("env_file"):
            problems.append(f"{name} uses env_file, whose variables cannot be checked here")
        problems += [
            f"{name} sets {variable}, which settings never read (not in config.env.VARIABLES)"
            for variable in environment_of(service)
            if variable not in known
        ]
    return problems


def check_debug_off(compose: Compose) -> list[str]:
    return [
        f"{name} runs with DEBUG={environment_of(service)['DEBUG']!r}"
        for name, service in app_services(compose).items()
        if environment_of(service).get("DEBUG", "").strip().lower() in TRUE_WORDS
    ]


def check_database_url(compose: Compose) -> list[str]:
    problems: list[str] = []
    services = services_of(compose)
    for name, service in app_services(compose).items():
        url = environment_of(service).get("DATABASE_URL")
        if not url:
            problems.append(f"{name} gets no DATABASE_URL: it would use SQLite in its container")
            continue
        parts = urlsplit(url)
        database = services.get(parts.hostname or "", {})
        if parts.scheme not in {"postgres", "postgresql"}:
            problems.append(f"{name}: DATABASE_URL {url!r} is not a postgres:// URL")
            continue
        if not str(database.get("image", "")).startswith("postgres"):
            problems.append(f"{name}: DATABASE_URL host {parts.hostname!r} is no postgres service")
            continue
        postgres = environment_of(database)
        user = postgres.get("POSTGRES_USER", "postgres")  # the image's defaults
        expected = {
            "POSTGRES_USER": (unquote(parts.username or ""), user),
            "POSTGRES_PASSWORD": (unquote(parts.password or ""), postgres.get("POSTGRES_PASSWORD")),
            "POSTGRES_DB": (parts.path.lstrip("/"), postgres.get("POSTGRES_DB", user)),
        }
        problems += [
            f"{name}: DATABASE_URL has {got!r} where {parts.hostname}'s {variable} is {want!r}"
            for variable, (got, want) in expected.items()
            if got != want
        ]
        if parts.port not in {None, 5432}:
            problems.append(f"{name}: DATABASE_URL port {parts.port} is not PostgreSQL's 5432")
    return problems


def check_redis_url(compose: Compose) -> list[str]:
    problems: list[str] = []
    services = services_of(compose)
    for name, service in app_services(compose).items():
        url = environment_of(service).get("REDIS_URL")
        if not url:
            problems.append(
                f"{name} gets no REDIS_URL: it would use a filesystem broker in its container"
            )
            continue
        parts = urlsplit(url)
        target = services.get(parts.hostname or "", {})
        if parts.scheme not in {"redis", "rediss"}:
            problems.append(f"{name}: REDIS_URL {url!r} is not a redis:// URL")
        elif not str(target.get("image", "")).startswith("redis"):
            problems.append(f"{name}: REDIS_URL host {parts.hostname!r} is not the redis service")
        elif parts.port not in {None, 6379}:
            problems.append(f"{name}: REDIS_URL port {parts.port} is not Redis's 6379")
    return problems


def check_beat_schedule_on_volume(compose: Compose) -> list[str]:
    beat = services_of(compose).get("beat")
    if beat is None:
        return ["no beat service"]
    schedule = option_value(argv_of(beat.get("command")), "--schedule", "-s")
    if not schedule:
        return ["beat has no --schedule: it would write into its read-only working directory"]
    path = APP_WORKDIR / schedule  # an absolute schedule path replaces the workdir
    targets = [target for volume, target in mounts_of(beat) if volume]
    if not any(path.is_relative_to(target) for target in targets):
        return [f"beat's schedule {path} is not on a named volume (named mounts: {targets})"]
    return []


def check_web_healthcheck(compose: Compose) -> list[str]:
    web = services_of(compose).get("web", {})
    command = argv_of(web.get("command"))
    if not command or PurePosixPath(command[0]).name != "gunicorn":
        return [f"web does not run gunicorn: {command!r}"]
    try:
        binds = parse_gunicorn(command[1:]).bind
    except ValueError as error:
        return [str(error)]
    host, _, port = binds[0].rpartition(":")
    problems: list[str] = []
    try:
        listens_everywhere = ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        listens_everywhere = False
    if not listens_everywhere:
        problems.append(f"gunicorn binds {binds[0]}: unreachable from outside its container")
    for mapping in web.get("ports") or []:
        published = str(mapping.get("target") if isinstance(mapping, dict) else mapping)
        if published.rpartition(":")[2].partition("/")[0] != port:
            problems.append(f"web publishes {mapping!r}, but gunicorn listens on {port}")
    text = " ".join(" ".join(argv) for argv in healthcheck_commands(web))
    found = re.search(r"https?://[^\s'\"]+", text)
    if not found:
        return [*problems, f"web's healthcheck fetches no URL: {text!r}"]
    url = urlsplit(found[0])
    if str(url.port or 80) != port:
        problems.append(f"web's healthcheck fetches port {url.port}; gunicorn listens on {port}")
    try:
        resolve(url.path)
    except Resolver404:
        problems.append(f"web's healthcheck fetches {url.path}, which no URL pattern serves")
    exempt = [re.compile(pattern) for pattern in settings.SECURE_REDIRECT_EXEMPT]
    if not any(pattern.search(url.path.lstrip("/")) for pattern in exempt):
        problems.append(f"{url.path} is not in SECURE_REDIRECT_EXEMPT: it would redirect to https")
    return problems


_SETTINGS_PROBE = (
    "import json; from config import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'broker': s.CELERY_BROKER_URL}))"
)


def check_settings_accept_environment(compose: Compose, var_dir: Path) -> list[str]:
    """Import the real settings in a fresh interpreter with each app service's environment.

    VAR_DIR is pointed at ``var_dir``: the image's /app/var does not exist on this machine.
    """
    problems: list[str] = []
    environments: dict[tuple, list[str]] = {}
    for name, service in app_services(compose).items():
        key = tuple(sorted(environment_of(service).items()))
        environments.setdefault(key, []).append(name)
    for variables, names in environments.items():
        child_environment = {"PATH": os.environ.get("PATH", ""), **dict(variables)}
        child_environment["VAR_DIR"] = str(var_dir)
        result = subprocess.run(
            [sys.executable, "-c", _SETTINGS_PROBE],
            cwd=ROOT,
            env=child_environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        who = ", ".join(names)
        if result.returncode != 0:
            last_line = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
            problems.append(f"{who}: settings refuse the compose environment: {last_line}")
            continue
        loaded = json.loads(result.stdout)
        if loaded["debug"]:
            problems.append(f"{who}: settings run with DEBUG on")
        if loaded["engine"] != "django.db.backends.postgresql":
            problems.append(f"{who}: settings use {loaded['engine']}, not PostgreSQL")
        if not loaded["broker"].startswith("redis"):
            problems.append(f"{who}: Celery uses {loaded['broker']}, not Redis")
    return problems


def report(problems: list[str]) -> str:
    return "docker-compose.yml:\n  " + "\n  ".join(problems)


# Tests on the real file ---------------------------------------------------------------------


def test_compose_defines_web_worker_beat_postgres_and_redis(compose):
    assert check_required_services(compose) == [], report(check_required_services(compose))


def test_web_worker_and_beat_share_one_image_built_from_the_dockerfile(compose):
    assert check_one_image(compose) == [], report(check_one_image(compose))


def test_every_long_running_service_has_a_healthcheck(compose):
    assert check_healthchecks(compose) == [], report(check_healthchecks(compose))


def test_named_volumes_are_declared_used_and_hold_the_data(compose):
    assert check_named_volumes(compose) == [], report(check_named_volumes(compose))


def test_services_wait_for_what_they_need_to_be_healthy(compose):
    assert check_dependencies(compose) == [], report(check_dependencies(compose))


def test_web_starts_only_after_migrations_have_run(compose):
    assert check_migrations_before_web(compose) == [], report(check_migrations_before_web(compose))


def test_app_commands_name_real_python_entry_points(compose):
    assert check_entry_points(compose) == [], report(check_entry_points(compose))


def test_app_services_set_only_variables_that_settings_read(compose):
    problems = check_environment_read_by_settings(compose)
    assert problems == [], report(problems)


def test_app_services_run_with_debug_off(compose):
    assert check_debug_off(compose) == [], report(check_debug_off(compose))


def test_compose_refuses_to_start_without_a_secret_key_or_database_password():
    missing: list[str] = []
    interpolate(load_raw(), {}, missing)
    assert set(missing) == {"SECRET_KEY", "POSTGRES_PASSWORD"}, (
        f"variables compose requires with ${{VAR:?...}}: {sorted(set(missing))}; expected exactly "
        "SECRET_KEY and POSTGRES_PASSWORD (no safe default exists for either)"
    )


def test_database_url_matches_the_postgres_service(compose):
    assert check_database_url(compose) == [], report(check_database_url(compose))


def test_redis_url_points_at_the_redis_service(compose):
    assert check_redis_url(compose) == [], report(check_redis_url(compose))


def test_beat_keeps_its_schedule_on_a_named_volume(compose):
    assert check_beat_schedule_on_volume(compose) == [], report(
        check_beat_schedule_on_volume(compose)
    )


def test_web_healthcheck_fetches_the_real_health_endpoint_on_gunicorns_port(compose):
    assert check_web_healthcheck(compose) == [], report(check_web_healthcheck(compose))


def test_settings_start_with_the_environment_compose_gives_them(compose, tmp_path):
    problems = check_settings_accept_environment(compose, tmp_path)
    assert problems == [], report(problems)


# Every check can fail: deliberately broken copies of the file -------------------------------


def _service(compose: Compose, name: str) -> dict:
    return compose["services"][name]


def _set_env(name: str, variable: str, value: str) -> Callable[[Compose], None]:
    return lambda compose: _service(compose, name)["environment"].__setitem__(variable, value)


def _set_command(name: str, command: list[str]) -> Callable[[Compose], None]:
    return lambda compose: _service(compose, name).__setitem__("command", command)


def _set_condition(name: str, target: str, condition: str) -> Callable[[Compose], None]:
    def mutate(compose: Compose) -> None:
        _service(compose, name)["depends_on"][target] = {"condition": condition}

    return mutate


def _edit_healthcheck(name: str, old: str, new: str) -> Callable[[Compose], None]:
    def mutate(compose: Compose) -> None:
        healthcheck = _service(compose, name)["healthcheck"]
        healthcheck["test"] = [part.replace(old, new) for part in healthcheck["test"]]

    return mutate


BROKEN = [
    pytest.param(
        lambda c: c["services"].pop("beat"),
        check_required_services,
        "no 'beat' service",
        id="a missing beat service",
    ),
    pytest.param(
        lambda c: _service(c, "worker").__setitem__("build", "./elsewhere"),
        check_one_image,
        "share one image",
        id="a worker built from another image",
    ),
    pytest.param(
        lambda c: _service(c, "redis").pop("healthcheck"),
        check_healthchecks,
        "redis has no healthcheck",
        id="redis without a healthcheck",
    ),
    pytest.param(
        lambda c: c["volumes"].pop("redis-data"),
        check_named_volumes,
        "'redis-data', which is not declared",
        id="an undeclared volume",
    ),
    pytest.param(
        lambda c: c["volumes"].__setitem__("orphan", None),
        check_named_volumes,
        "'orphan' is declared but unused",
        id="a declared volume nobody mounts",
    ),
    pytest.param(
        lambda c: _service(c, "postgres").__setitem__("volumes", []),
        check_named_volumes,
        "postgres keeps /var/lib/postgresql/data off a named volume",
        id="postgres data off any volume",
    ),
    pytest.param(
        _set_condition("web", "postgres", "service_started"),
        check_dependencies,
        "web does not wait for postgres to be healthy",
        id="web not waiting for a healthy postgres",
    ),
    pytest.param(
        _set_condition("worker", "rabbitmq", "service_healthy"),
        check_dependencies,
        "'rabbitmq', which is not a service",
        id="a dependency on a service that does not exist",
    ),
    pytest.param(
        lambda c: _service(c, "web")["depends_on"].pop("migrate"),
        check_migrations_before_web,
        "before migrations have run",
        id="web not waiting for migrations",
    ),
    pytest.param(
        _set_command("web", ["gunicorn", "config.wsgi:app", "--bind", "0.0.0.0:8000"]),
        check_entry_points,
        "has no callable 'app'",
        id="a gunicorn attribute that does not exist",
    ),
    pytest.param(
        _set_command("web", ["gunicorn", "config.wsgy:application", "--bind", "0.0.0.0:8000"]),
        check_entry_points,
        "cannot import config.wsgy",
        id="a gunicorn module that does not exist",
    ),
    pytest.param(
        _set_command("worker", ["celery", "--app", "confg", "worker"]),
        check_entry_points,
        "celery --app 'confg' does not load",
        id="a celery app that does not import",
    ),
    pytest.param(
        _set_command("worker", ["celery", "worker", "--app", "config"]),
        check_entry_points,
        "must come before the subcommand",
        id="celery --app placed after the subcommand",
    ),
    pytest.param(
        _set_command("beat", ["celery", "--app", "config", "beat", "--shedule", "/x"]),
        check_entry_points,
        "has no option --shedule",
        id="a misspelt celery option",
    ),
    pytest.param(
        _set_command("migrate", ["python", "manage.py", "migrat", "--no-input"]),
        check_entry_points,
        "'manage.py migrat' is not a management command",
        id="a management command that does not exist",
    ),
    pytest.param(
        _edit_healthcheck("worker", "inspect ping", "inspekt ping"),
        check_entry_points,
        "'celery inspekt' is not a celery command",
        id="a worker healthcheck with a bad celery subcommand",
    ),
    pytest.param(
        _set_env("web", "SECRETKEY", "typo"),
        check_environment_read_by_settings,
        "web sets SECRETKEY, which settings never read",
        id="a variable settings never read",
    ),
    pytest.param(
        _set_env("worker", "DEBUG", "true"),
        check_debug_off,
        "worker runs with DEBUG='true'",
        id="debug switched on",
    ),
    pytest.param(
        lambda c: _service(c, "postgres")["environment"].__setitem__("POSTGRES_PASSWORD", "x"),
        check_database_url,
        "where postgres's POSTGRES_PASSWORD is 'x'",
        id="a database password postgres does not have",
    ),
    pytest.param(
        _set_env("web", "DATABASE_URL", "postgres://netcurate:p@db:5432/netcurate"),
        check_database_url,
        "host 'db' is no postgres service",
        id="a database host with no service",
    ),
    pytest.param(
        lambda c: _service(c, "worker")["environment"].pop("DATABASE_URL"),
        check_database_url,
        "worker gets no DATABASE_URL",
        id="a worker left on SQLite",
    ),
    pytest.param(
        _set_env("beat", "REDIS_URL", "redis://localhost:6379/0"),
        check_redis_url,
        "host 'localhost' is not the redis service",
        id="a redis URL on localhost",
    ),
    pytest.param(
        _set_command("beat", ["celery", "--app", "config", "beat", "--schedule", "/srv/s"]),
        check_beat_schedule_on_volume,
        "beat's schedule /srv/s is not on a named volume",
        id="a beat schedule off the volume",
    ),
    pytest.param(
        _edit_healthcheck("web", "/healthz", "/health"),
        check_web_healthcheck,
        "fetches /health, which no URL pattern serves",
        id="a web healthcheck on a URL that does not exist",
    ),
    pytest.param(
        _edit_healthcheck("web", "127.0.0.1:8000", "127.0.0.1:8080"),
        check_web_healthcheck,
        "fetches port 8080; gunicorn listens on 8000",
        id="a web healthcheck on the wrong port",
    ),
    pytest.param(
        _set_command("web", ["gunicorn", "config.wsgi:application", "--bind", "127.0.0.1:8000"]),
        check_web_healthcheck,
        "unreachable from outside its container",
        id="gunicorn bound to the container's loopback",
    ),
]


@pytest.mark.parametrize(("mutate", "check", "expected"), BROKEN)
def test_each_check_reports_a_deliberately_broken_compose_file(compose, mutate, check, expected):
    broken = copy.deepcopy(compose)
    mutate(broken)
    problems = check(broken)
    assert any(expected in problem for problem in problems), (
        f"{check.__name__} should report {expected!r} for the broken file, but said {problems}"
    )


def test_settings_check_reports_a_value_settings_reject(compose, tmp_path):
    broken = copy.deepcopy(compose)
    _set_env("web", "SECURE_SSL_REDIRECT", "maybe")(broken)
    problems = check_settings_accept_environment(broken, tmp_path)
    assert any("SECURE_SSL_REDIRECT must be true or false" in p for p in problems), problems


def test_interpolation_resolves_variables_as_compose_does():
    missing: list[str] = []
    text = "$${LITERAL} ${A:-fallback} ${B:-fallback} ${C} $C ${EMPTY-kept} ${NEED:?set NEED}"
    environ = {"B": "set", "C": "c", "EMPTY": ""}
    assert interpolate(text, environ, missing) == "${LITERAL} fallback set c c  "
    assert missing == ["NEED"]
