"""The one launcher (resilience/launcher.py): Rasa's and the action server's
command lines from settings."""

from assistant import settings
from resilience import launcher


def test_rasa_command_line_from_defaults():
    args = launcher.rasa_args(settings.read({}), "var/credentials.yml")
    assert args == ["run", "--model", "models/assistant.tar.gz", "--interface", "127.0.0.1",
                    "--port", "5005", "--credentials", "var/credentials.yml",
                    "--endpoints", "endpoints.yml",
                    "--cors", "http://localhost:8080", "http://127.0.0.1:8080"]


def test_rasa_command_line_follows_the_settings():
    env = {"MODEL": "m.tar.gz", "RASA_HOST": "0.0.0.0", "RASA_PORT": "6005", "WEB_PORT": "9090",
           "ENDPOINTS": "deploy/endpoints.cluster.yml", "RASA_JWT_SECRET": "k", "RASA_JWT_METHOD": "HS512"}
    args = launcher.rasa_args(settings.read(env), "c.yml", ["--debug"])
    assert args[args.index("--port") + 1] == "6005"
    assert args[args.index("--interface") + 1] == "0.0.0.0"
    assert args[args.index("--endpoints") + 1] == "deploy/endpoints.cluster.yml"
    assert "http://localhost:9090" in args
    assert args[-6:] == ["--enable-api", "--jwt-secret", "k", "--jwt-method", "HS512", "--debug"]


def test_action_server_on_loopback_unless_told():
    assert launcher.action_args(settings.read({})) == ["--host", "127.0.0.1", "--port", "5055"]
    assert launcher.action_args(settings.read({"ACTION_HOST": "0.0.0.0", "ACTION_PORT": "6055"})) == [
        "--host", "0.0.0.0", "--port", "6055"]


def test_a_half_configured_messaging_app_stops_the_launch(tmp_path, capsys):
    out = tmp_path / "credentials.yml"
    assert launcher.main(["rasa", "--credentials-out", str(out)], env={"SLACK_BOT_TOKEN": "x"}) == 2
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().err and not out.exists()


def test_a_bad_setting_stops_the_launch_naming_it(capsys):
    assert launcher.main(["rasa"], env={"RASA_PORT": "five"}) == 2
    assert "RASA_PORT='five'" in capsys.readouterr().err


def test_local_model_loaded_once_unless_a_model_server_is_set(tmp_path):
    s = settings.read({})
    assert launcher.write_endpoints(s, str(tmp_path / "e.yml")) == "endpoints.yml"
    assert not (tmp_path / "e.yml").exists()


def test_model_server_adds_the_models_section(tmp_path):
    import yaml

    s = settings.read({"MODEL_SERVER_URL": "http://127.0.0.1:5095/model", "MODEL_PULL_SECONDS": "2"})
    out = launcher.write_endpoints(s, str(tmp_path / "e.yml"))
    written = yaml.safe_load(open(out))
    assert written["models"] == {"url": "http://127.0.0.1:5095/model", "wait_time_between_pulls": 2}
    assert written["action_endpoint"] == {"url": "${ACTION_SERVER_URL}"}  # the rest of ENDPOINTS, as it was
    args = launcher.rasa_args(s, "c.yml", endpoints=out)
    assert args[args.index("--endpoints") + 1] == out
