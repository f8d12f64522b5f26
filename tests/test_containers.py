"""No Docker engine runs here, so the Dockerfile and compose file are checked by reading them:
every command they run must be a real ``earnwatch`` subcommand, every EARNWATCH_ variable a
real setting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
import yaml

from config.settings import Settings
from worker.cli import app

ROOT = Path(__file__).resolve().parent.parent
COMMAND = typer.main.get_command(app)
SUBCOMMANDS = set(getattr(COMMAND, "commands"))  # noqa: B009 (typer's group is typed as a plain command)
SETTINGS = {f"EARNWATCH_{name.upper()}" for name in Settings.model_fields}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def dockerfile_env() -> set[str]:
    names = set()
    for block in re.findall(r"^ENV\s+((?:.*\\\n)*.*)$", dockerfile(), re.M):
        names |= set(re.findall(r"([A-Z_][A-Z0-9_]*)=", block))
    return names


def test_every_container_command_is_a_real_earnwatch_subcommand():
    text = dockerfile()
    commands = [json.loads(m) for m in re.findall(r"^(?:CMD|HEALTHCHECK\s.*?CMD)\s+(\[.*\])", text, re.M)]
    for service in compose()["services"].values():
        if service.get("image", "").startswith("earnwatch"):
            commands.append(service["command"])
            test = service.get("healthcheck", {}).get("test")
            if test:
                commands.append(test[1:])
    assert len(commands) >= 5
    for command in commands:
        assert command[0] == "earnwatch" and command[1] in SUBCOMMANDS, command
        group = typer.main.get_command(app).commands[command[1]]
        if len(command) > 2 and hasattr(group, "commands"):
            assert command[2] in group.commands, command


def test_every_earnwatch_variable_the_containers_set_is_a_real_setting():
    names = dockerfile_env() | {n for s in compose()["services"].values() for n in s.get("environment", {})}
    earnwatch_names = {n for n in names if n.startswith("EARNWATCH_")}
    assert earnwatch_names, "the containers configure earnwatch through EARNWATCH_ variables"
    assert earnwatch_names <= SETTINGS, earnwatch_names - SETTINGS


def test_the_image_runs_as_a_non_root_user_on_a_slim_python():
    text = dockerfile()
    assert re.search(r"^FROM python:3\.1[1-9]-slim", text, re.M)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")


def test_compose_runs_worker_and_beat_from_one_image_with_healthy_redis_and_postgres():
    services = compose()["services"]
    assert services["worker"]["image"] == services["beat"]["image"] == services["migrate"]["image"]
    assert services["migrate"]["command"] == ["earnwatch", "db", "upgrade"]
    for role in ("worker", "beat"):
        assert services[role]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["command"] == ["earnwatch", "worker"]
    assert services["beat"]["command"] == ["earnwatch", "beat"]
    assert "--appendonly" in services["redis"]["command"] and "yes" in services["redis"]["command"]
    for name in ("redis", "postgres"):
        assert services[name]["healthcheck"]["test"]
        for role in ("worker", "beat"):
            assert services[role]["depends_on"][name]["condition"] == "service_healthy"
    assert any("/data" in v for v in services["worker"]["volumes"])


def test_required_compose_variables_stop_with_a_message():
    text = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", text)
    env = compose()["services"]["worker"]["environment"]
    assert env["EARNWATCH_BROKER_URL"].startswith("redis://")
    assert env["EARNWATCH_DATABASE_URL"].startswith("postgresql")


def test_the_image_installs_every_package_the_code_has():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("earnings", "scrapers", "alerts", "worker", "config")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"pip install . (the Dockerfile) would leave out {sorted(found - listed)}"


def test_the_build_context_leaves_out_the_watchlist_and_its_secrets():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")}
    assert {"config/watchlist.yaml", ".env", "data/", ".venv", ".git"} <= ignored
    copied = re.findall(r"^COPY\s+(\S+)", dockerfile(), re.M)
    assert "." not in copied, "COPY . would bring in whatever .dockerignore misses"


def test_the_working_folder_of_the_image_holds_no_package_folder():
    workdirs = re.findall(r"^WORKDIR\s+(\S+)", dockerfile(), re.M)
    assert workdirs[-1] == "/data" and "rm -rf /src" in dockerfile()
    assert dockerfile_env() >= {"EARNWATCH_CONFIG"} and "EARNWATCH_CONFIG=/config/watchlist.yaml" in dockerfile()


def test_health_checks_wait_out_the_start_and_each_role_checks_itself():
    assert re.search(r"^HEALTHCHECK\s.*--start-period=\d+s", dockerfile(), re.M)
    services = compose()["services"]
    for role, argument in (("worker", "worker"), ("beat", "beat")):
        check = services[role]["healthcheck"]
        assert check["test"][-2:] == ["--role", argument] and check["start_period"]


def test_the_dashboard_is_one_more_service_from_the_same_image_and_needs_a_token():
    services = compose()["services"]
    web = services["web"]
    assert web["image"] == services["worker"]["image"] and web["build"] == services["worker"]["build"]
    assert web["command"][:2] == ["earnwatch", "web"] and "0.0.0.0" in web["command"]
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert web["environment"]["EARNWATCH_API_TOKEN"].startswith("${EARNWATCH_API_TOKEN:?")
    port = web["environment"]["EARNWATCH_WEB_PORT"]
    assert any(str(p).startswith("127.0.0.1:") and str(p).endswith(f":{port}") for p in web["ports"])
    assert web["healthcheck"]["test"][-2:] == ["--role", "web"]


def test_every_container_gets_the_env_file_and_a_missing_watchlist_stops_compose():
    services = compose()["services"]
    for role in ("worker", "beat", "migrate", "web"):
        service = services[role]
        assert any(entry["path"] == ".env" and entry["required"] is False for entry in service["env_file"])
        (mount,) = [v for v in service["volumes"] if isinstance(v, dict) and v["target"] == "/config/watchlist.yaml"]
        assert mount["bind"]["create_host_path"] is False and mount["read_only"] is True
        assert service["environment"]["EARNWATCH_CONFIG"] == "/config/watchlist.yaml"


def test_deliveries_have_a_worker_of_their_own_and_the_general_worker_takes_them_first():
    services = compose()["services"]
    deliverer = services["deliverer"]
    assert deliverer["image"] == services["worker"]["image"]
    command = deliverer["command"]
    assert command[:2] == ["earnwatch", "worker"] and command[command.index("--queues") + 1] == "deliver"
    assert deliverer["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    queues = typer.main.get_command(app).commands["worker"].params
    (option,) = [p for p in queues if p.name == "queues"]
    assert str(option.default).split(",")[0] == "deliver"
