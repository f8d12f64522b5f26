"""Settings from the environment: read once, given to whoever needs them, never written back."""

from __future__ import annotations

import os

import pytest

from config import ConfigError
from config.settings import load_settings


def test_a_setting_may_be_given_as_a_file_and_the_variable_wins(tmp_path, monkeypatch):
    secret = tmp_path / "agent"
    secret.write_text("Desk ops@example.org\n")
    monkeypatch.delenv("EARNWATCH_USER_AGENT", raising=False)
    monkeypatch.setenv("EARNWATCH_USER_AGENT_FILE", str(secret))
    before = dict(os.environ)
    assert load_settings().user_agent == "Desk ops@example.org"
    assert dict(os.environ) == before, "reading a *_FILE setting leaves the environment as it was"
    monkeypatch.setenv("EARNWATCH_USER_AGENT", "Other ops@example.org")
    assert load_settings().user_agent == "Other ops@example.org"


def test_overrides_win_and_the_database_defaults_to_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("EARNWATCH_DATABASE_URL", raising=False)
    settings = load_settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path.as_posix()}/earnwatch.db"


@pytest.mark.parametrize(("name", "value"), [("EARNWATCH_SCHEDULER_TICK", "often"), ("EARNWATCH_LOG_FORMAT", "xml"), ("EARNWATCH_METRICS_PORT", "99999")])
def test_a_value_that_is_not_usable_is_a_config_error_naming_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()


def test_a_send_timeout_not_shorter_than_the_alert_lease_is_refused_naming_both(monkeypatch):
    monkeypatch.setenv("EARNWATCH_ALERT_LEASE", "20")
    monkeypatch.setenv("EARNWATCH_ALERT_SEND_TIMEOUT", "20")
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert str(refused.value) == "EARNWATCH_ALERT_SEND_TIMEOUT (20 s) must be shorter than EARNWATCH_ALERT_LEASE (20 s), or a slow send outlives its claim"
    defaults = load_settings(alert_lease=600, alert_send_timeout=30)
    assert defaults.alert_send_timeout < defaults.alert_lease
