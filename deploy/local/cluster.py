"""Cluster mode on one machine, from Debian's packages: PostgreSQL (tracker
store), Redis (lock store), several action servers and Rasa replicas,
nginx in front, the model server they pull from, and the staff studio.
Everything listens on 127.0.0.1 and lives under CLUSTER_DIR.

    python -m deploy.local.cluster start     # `make cluster`
    python -m deploy.local.cluster status
    python -m deploy.local.cluster stop      # `make cluster-stop`

Settings come from the environment (docs/DEPLOYMENT.md, .env.example):
  CLUSTER_DIR                 var/cluster   data, logs and pid files
  CLUSTER_PORT                5080          nginx: REST and socket.io for residents
  CLUSTER_RASA_PORTS          "5011 5012"   one Rasa replica per port
  CLUSTER_ACTION_PORTS        "5061 5062"   one action server per port
  CLUSTER_ACTIONS_PROXY_PORT  5060          nginx: replicas -> action servers
  CLUSTER_MODEL_SERVER_PORT   5065          the model every replica pulls
  CLUSTER_STUDIO_PORT         5081          the staff studio (its retrained model is the one pulled)
  DB_PORT 5433, DB_NAME rasa, DB_USER rasa, DB_PASSWORD  (PostgreSQL)
  REDIS_PORT 6380, REDIS_PASSWORD, REDIS_DB 1             (Redis)
  MODEL                       models/assistant.tar.gz
The tests drive the same class (LocalCluster) with free ports and their own
folder, and use its methods to stop, kill or pause single components.
"""

import argparse
import glob
import os
import pwd
import shutil
import signal
import string
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional
from urllib.parse import quote

from assistant import settings

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
NGINX_TEMPLATE = Path(__file__).with_name("nginx.conf.template")
ENDPOINTS = ROOT / "deploy" / "endpoints.cluster.yml"
START_TIMEOUT = 420  # seconds for a replica: loading TensorFlow and the model takes about a minute


def _ports(value: str) -> List[int]:
    return [int(p) for p in value.replace(",", " ").split()]


@dataclass
class ClusterConfig:
    """The cluster's part of the settings (assistant/settings.py, where every
    default lives), as the types the components need; made by `from_env`."""

    directory: Path
    port: int
    rasa_ports: List[int]
    action_ports: List[int]
    actions_proxy_port: int
    model_server_port: int
    studio_port: int
    db_port: int
    redis_port: int
    model: Path
    db_name: str
    db_user: str
    db_password: str
    redis_password: str
    redis_db: int
    redis_key_prefix: str
    ticket_lock_lifetime: int
    cors: str
    # Requests a minute nginx lets through from one client address to the
    # REST channel (a hard cap above the assistant's own polite limit); 0: none.
    proxy_rate_per_minute: int
    # Further variables for every component (the tests' own limits).
    extra_env: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "ClusterConfig":
        """From the settings (assistant/settings.py), or from `env` alone; a bad
        value raises SettingsError naming the variable."""
        s = settings.load() if env is None else settings.read(env, strict=True)
        given = os.environ if env is None else env
        return cls(
            directory=(ROOT / s.cluster_dir).resolve(),
            port=s.cluster_port,
            rasa_ports=_ports(s.cluster_rasa_ports),
            action_ports=_ports(s.cluster_action_ports),
            actions_proxy_port=s.cluster_actions_proxy_port,
            model_server_port=s.cluster_model_server_port,
            studio_port=s.cluster_studio_port,
            db_port=s.db_port,
            redis_port=s.redis_port,
            model=(ROOT / s.model).resolve(),
            db_name=s.db_name,
            db_user=s.db_user,
            db_password=s.db_password,
            redis_password=s.redis_password,
            redis_db=s.redis_db,
            redis_key_prefix=s.redis_key_prefix,
            ticket_lock_lifetime=s.ticket_lock_lifetime,
            # Open unless set (settings derive CORS_ORIGINS from WEB_PORT,
            # which is not the cluster's page): the replicas sit behind this
            # machine's nginx.
            cors=given.get("CORS_ORIGINS") or "*",
            proxy_rate_per_minute=s.proxy_rate_limit_per_minute,
        )


def _postgres_bin(tool: str) -> str:
    """Debian keeps the server tools out of PATH, under /usr/lib/postgresql/<v>/bin."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    found = candidates[-1] if candidates else shutil.which(tool)
    if not found:
        raise SystemExit(f"{tool} not found: run deploy/local/install-packages.sh")
    return found


def _alive(pid: Optional[int]) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) is not running.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _http_ok(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def rss_mb(pid: int) -> Optional[float]:
    """Resident memory of a process in MB (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _others_can_enter(path: Path) -> bool:
    """Whether a user other than the owner can reach `path` (every parent has
    o+x). A folder still to be made gets the process's umask: under the
    owner-only umask 077 (scripts/env.sh) nobody else can enter it."""
    if os.geteuid() != 0:
        return True  # every server runs as this same user
    current = os.umask(0)
    os.umask(current)
    path = path.resolve()
    for folder in [path, *path.parents]:
        if folder.exists():
            if not folder.stat().st_mode & 0o001:
                return False
        elif current & 0o001:
            return False
    return True


def _private_fallback(path: Path) -> Path:
    import hashlib

    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"biometric-assistant-cluster-{digest}"  # made when first used


def _enterable_folder(folder: Path) -> None:
    """Makes `folder` so that PostgreSQL's and nginx's users can pass through
    it (o+x, not read), whatever the umask: what is inside keeps its own,
    owner-only modes."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(folder.stat().st_mode | 0o011)


class LocalCluster:
    """Starts, stops and inspects the components; state is in pid files."""

    def __init__(self, config: ClusterConfig):
        self.config = config
        self.dir = config.directory
        self.logs = self.dir / "logs"
        self.run = self.dir / "run"
        # PostgreSQL (run as `postgres`) and nginx's workers (`nobody`) must
        # reach their folders; a checkout under a private home folder is not
        # reachable, so theirs then live in a folder of their own under /var/tmp.
        service_dir = self.dir if _others_can_enter(self.dir) else _private_fallback(self.dir)
        self.service_dir = service_dir
        self.pg_dir = service_dir / "postgres"
        self.nginx_dir = service_dir / "nginx"
        self.pg_data = self.pg_dir / "data"

    # ----- addresses ---------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.config.port}"

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.config.rasa_ports[index]}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.config.actions_proxy_port}/webhook"

    def component_env(self) -> Dict[str, str]:
        """The environment of every Rasa replica (read by endpoints.cluster.yml)."""
        c = self.config
        env = dict(os.environ)
        env.update(
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            ACTION_SERVER_URL=self.actions_url,
            DB_HOST="127.0.0.1", DB_PORT=str(c.db_port), DB_NAME=c.db_name,
            DB_USER=c.db_user, DB_PASSWORD=c.db_password,
            REDIS_HOST="127.0.0.1", REDIS_PORT=str(c.redis_port),
            REDIS_PASSWORD=c.redis_password, REDIS_DB=str(c.redis_db),
            REDIS_KEY_PREFIX=c.redis_key_prefix,
            # A replica that dies mid-turn leaves its conversation locked
            # until this many seconds pass; keep it above the slowest turn.
            TICKET_LOCK_LIFETIME=str(c.ticket_lock_lifetime),
            # nginx, on this machine, is the one proxy in front: the client
            # address is the one it adds to X-Forwarded-For, believed from it
            # only (rate limits are per resident address).
            SANIC_PROXIES_COUNT=env.get("SANIC_PROXIES_COUNT", "1"),
            TRUSTED_PROXIES=env.get("TRUSTED_PROXIES", "127.0.0.1"),
            # Rate limits counted once for all replicas, in Redis (its own db).
            RATE_LIMIT_STORAGE_URL=env.get("RATE_LIMIT_STORAGE_URL") or self.rate_limit_storage_url,
            # Every replica must turn a sender id into the same pseudonym.
            PSEUDONYM_KEY=env.get("PSEUDONYM_KEY") or self._shared_secret("pseudonym-key"),
            # Every replica pulls the model from the one model server, so a
            # retrained model reaches all of them without a restart.
            MODEL_SERVER_URL=env.get("MODEL_SERVER_URL") or self.model_server_url,
        )
        env.update(c.extra_env)
        return env

    @property
    def model_server_url(self) -> str:
        return f"http://127.0.0.1:{self.config.model_server_port}/model"

    @property
    def tracker_db_url(self) -> str:
        """The conversations' database (PostgreSQL), as SQLAlchemy names it."""
        c = self.config
        return (f"postgresql://{quote(c.db_user, safe='')}:{quote(c.db_password, safe='')}"
                f"@127.0.0.1:{c.db_port}/{c.db_name}")

    @property
    def studio_url(self) -> str:
        return f"http://127.0.0.1:{self.config.studio_port}"

    @property
    def rate_limit_storage_url(self) -> str:
        c = self.config
        password = f":{quote(c.redis_password, safe='')}@" if c.redis_password else ""
        return f"redis://{password}127.0.0.1:{c.redis_port}/{c.redis_db + 1}"

    def _shared_secret(self, name: str) -> str:
        """A random secret made once per cluster folder and kept there."""
        import secrets

        path = self.dir / name
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()

    # ----- processes ---------------------------------------------------------

    def _pid_file(self, name: str) -> Path:
        return self.run / f"{name}.pid"

    def pid(self, name: str) -> Optional[int]:
        try:
            return int(self._pid_file(name).read_text().strip())
        except (OSError, ValueError):
            return None

    def running(self, name: str) -> bool:
        return _alive(self.pid(name))

    def _spawn(self, name: str, command: List[str], env: Optional[Dict[str, str]] = None) -> int:
        """Starts a long-running component in its own session, detached from the caller."""
        if self.running(name):
            return self.pid(name)  # type: ignore[return-value]
        self.logs.mkdir(parents=True, exist_ok=True)
        self.run.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env or self.component_env(),
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self._pid_file(name).write_text(str(process.pid))
        return process.pid

    def _signal(self, name: str, sig: int) -> bool:
        pid = self.pid(name)
        if not _alive(pid):
            return False
        os.kill(pid, sig)  # type: ignore[arg-type]
        return True

    def _stop(self, name: str, timeout: float = 30) -> None:
        """SIGTERM (Rasa finishes its turns in flight), SIGKILL after `timeout`."""
        pid = self.pid(name)
        if _alive(pid):
            os.kill(pid, signal.SIGCONT)  # a paused process cannot exit
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while _alive(pid) and time.monotonic() < deadline:
                self._reap(pid)
                time.sleep(0.2)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
            self._reap(pid)
        self._pid_file(name).unlink(missing_ok=True)

    @staticmethod
    def _reap(pid: Optional[int]) -> None:
        try:
            os.waitpid(pid, os.WNOHANG)  # type: ignore[arg-type]
        except (ChildProcessError, TypeError):
            pass

    # ----- PostgreSQL --------------------------------------------------------

    def _as_postgres(self, command: List[str]) -> List[str]:
        # PostgreSQL refuses to run as root; on a laptop it runs as the user.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(self._as_postgres([_postgres_bin("pg_ctl"), "-D", str(self.pg_data), *args]),
                              capture_output=True, text=True, check=check)

    def _init_db(self) -> None:
        if (self.pg_data / "PG_VERSION").exists():
            return
        _enterable_folder(self.service_dir)
        self.pg_dir.mkdir(parents=True, exist_ok=True)
        password_file = self.pg_dir / "password"
        password_file.write_text(self.config.db_password + "\n")
        password_file.chmod(0o600)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.pg_dir, password_file):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        try:
            subprocess.run(self._as_postgres([
                _postgres_bin("initdb"), "-D", str(self.pg_data), "-U", self.config.db_user,
                "--auth=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8", "--no-locale",
            ]), capture_output=True, text=True, check=True)
        finally:
            password_file.unlink(missing_ok=True)

    def start_db(self) -> None:
        self._init_db()
        status = self._pg_ctl("status", check=False)
        if status.returncode != 0:
            options = (f"-p {self.config.db_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1"
                       " -c max_connections=200")
            self._pg_ctl("-l", str(self.pg_dir / "postgres.log"), "-o", options, "-w", "-t", "60", "start")
        self._create_database()

    def _create_database(self) -> None:
        env = dict(os.environ, PGPASSWORD=self.config.db_password)
        c = self.config
        exists = subprocess.run(
            [_postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(c.db_port), "-U", c.db_user, "-d", "postgres",
             "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{c.db_name}'"],
            env=env, capture_output=True, text=True, check=True)
        if exists.stdout.strip() != "1":
            subprocess.run([_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(c.db_port), "-U", c.db_user,
                            c.db_name], env=env, capture_output=True, text=True, check=True)

    def stop_db(self) -> None:
        if (self.pg_data / "PG_VERSION").exists():
            self._pg_ctl("-m", "fast", "-w", "stop", check=False)

    def db_running(self) -> bool:
        return (self.pg_data / "PG_VERSION").exists() and self._pg_ctl("status", check=False).returncode == 0

    # ----- Redis -------------------------------------------------------------

    def start_redis(self) -> None:
        command = [shutil.which("redis-server") or "/usr/bin/redis-server",
                   "--port", str(self.config.redis_port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.run)]
        if self.config.redis_password:
            command += ["--requirepass", self.config.redis_password]
        self._spawn("redis", command)
        self._wait_for_port(self.config.redis_port, "redis")

    def stop_redis(self) -> None:
        self._stop("redis")

    # ----- action servers ----------------------------------------------------

    def start_actions(self, index: Optional[int] = None) -> None:
        indexes = range(len(self.config.action_ports)) if index is None else [index]
        for i in indexes:
            port = self.config.action_ports[i]
            self._spawn(f"actions-{i}", [str(VENV_PYTHON), "-m", "resilience", "actions"],
                        env=dict(self.component_env(), ACTION_HOST="127.0.0.1", ACTION_PORT=str(port)))
        for i in indexes:
            self._wait_http(f"http://127.0.0.1:{self.config.action_ports[i]}/health", f"actions-{i}", 60)

    def stop_actions(self, index: Optional[int] = None) -> None:
        for i in range(len(self.config.action_ports)) if index is None else [index]:
            self._stop(f"actions-{i}")

    def pause_actions(self) -> None:
        """Freeze every action server: requests hang, as with an overloaded server."""
        for i in range(len(self.config.action_ports)):
            self._signal(f"actions-{i}", signal.SIGSTOP)

    def resume_actions(self) -> None:
        for i in range(len(self.config.action_ports)):
            self._signal(f"actions-{i}", signal.SIGCONT)

    # ----- Rasa replicas -----------------------------------------------------

    def credentials(self) -> Path:
        """The channels, as scripts/run.sh decides them: the website's, plus
        each messaging app whose variables are all set (channels/credentials.py)."""
        if not (ROOT / "channels" / "credentials.py").exists():
            return ROOT / "credentials.yml"
        out = self.dir / "credentials.yml"
        self.dir.mkdir(parents=True, exist_ok=True)
        made = subprocess.run([str(VENV_PYTHON), "-m", "channels.credentials", "--out", str(out)],
                              cwd=ROOT, env=self.component_env(), capture_output=True, text=True)
        if made.returncode != 0:
            raise RuntimeError(f"channel settings rejected:\n{made.stdout}{made.stderr}")
        return out

    # ----- the model server --------------------------------------------------

    def start_model_server(self) -> None:
        self._spawn("models", [str(VENV_PYTHON), "-m", "resilience", "models"],
                    env=dict(self.component_env(), MODEL=str(self.config.model),
                             MODEL_SERVER_PORT=str(self.config.model_server_port)))
        self._wait_for_port(self.config.model_server_port, "models")

    def stop_model_server(self) -> None:
        self._stop("models")

    # ----- the staff studio ---------------------------------------------------

    def start_studio(self) -> None:
        """The studio of `make run`, on loopback: it edits this checkout's
        catalogs (every action server reads them live), reads the
        conversations in PostgreSQL for its unanswered-questions page, and
        retrains into the model file the model server gives every replica."""
        self._spawn("studio", [str(VENV_PYTHON), "-m", "studio"],
                    env=dict(self.component_env(), STUDIO_HOST="127.0.0.1",
                             STUDIO_PORT=str(self.config.studio_port), MODEL=str(self.config.model),
                             TRACKER_DB_URL=self.tracker_db_url))
        self._wait_http(f"{self.studio_url}/health", "studio", 60)

    def stop_studio(self) -> None:
        self._stop("studio")

    def start_replicas(self, indexes: Optional[List[int]] = None, wait: bool = True) -> None:
        indexes = list(range(len(self.config.rasa_ports))) if indexes is None else indexes
        if not self.config.model.exists():
            raise SystemExit(f"{self.config.model} is missing: run `make train`")
        credentials = self.credentials()
        for i in indexes:
            # The launcher of `make run` (resilience/launcher.py), with this replica's settings.
            env = dict(self.component_env(), RASA_HOST="127.0.0.1", RASA_PORT=str(self.config.rasa_ports[i]),
                       MODEL=str(self.config.model), ENDPOINTS=str(ENDPOINTS), CORS_ORIGINS=self.config.cors)
            self._spawn(f"rasa-{i}", [str(VENV_PYTHON), "-m", "resilience", "rasa",
                                      "--credentials", str(credentials),
                                      "--endpoints-out", str(self.dir / "endpoints.yml")], env=env)
        if wait:
            for i in indexes:
                self._wait_http(f"{self.replica_url(i)}/health/ready", f"rasa-{i}", START_TIMEOUT)

    def stop_replica(self, index: int) -> None:
        self._stop(f"rasa-{index}")

    def kill_replica(self, index: int) -> None:
        """A crash: no clean-up, turns in flight are cut off."""
        self._signal(f"rasa-{index}", signal.SIGKILL)
        self._reap(self.pid(f"rasa-{index}"))

    def replica_pid(self, index: int) -> Optional[int]:
        return self.pid(f"rasa-{index}")

    # ----- nginx -------------------------------------------------------------

    def nginx_conf(self) -> str:
        c = self.config
        nginx_dir = self.nginx_dir

        # On loopback a stopped server refuses at once, so nginx simply tries
        # the next one every time (max_fails=0) instead of benching a server
        # that may be back a second later.
        def servers(ports: List[int], options: str) -> str:
            return "\n".join(f"    server 127.0.0.1:{p} {options};" for p in ports)

        return string.Template(NGINX_TEMPLATE.read_text()).substitute(
            prefix=nginx_dir, logs=self.logs, port=c.port, actions_proxy_port=c.actions_proxy_port,
            rasa_servers=servers(c.rasa_ports, "max_fails=0"),
            action_servers=servers(c.action_ports, "max_fails=0"),
            rest_limit_zone=(f"limit_req_zone $binary_remote_addr zone=residents:10m "
                             f"rate={c.proxy_rate_per_minute}r/m;" if c.proxy_rate_per_minute else ""),
            rest_limit=("limit_req zone=residents burst=20 nodelay;\n      limit_req_status 429;"
                        if c.proxy_rate_per_minute else ""),
        )

    def start_proxy(self) -> None:
        nginx_dir = self.nginx_dir
        _enterable_folder(self.service_dir)
        _enterable_folder(nginx_dir)  # its workers make their temporary folders inside
        self.logs.mkdir(parents=True, exist_ok=True)
        conf = nginx_dir / "nginx.conf"
        conf.write_text(self.nginx_conf())
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run([nginx, "-t", "-q", "-p", str(nginx_dir), "-e", str(self.logs / "nginx-error.log"),
                                "-c", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx configuration rejected:\n{check.stderr}")
        self._spawn("nginx", [nginx, "-p", str(nginx_dir), "-e", str(self.logs / "nginx-error.log"),
                              "-c", str(conf), "-g", "daemon off;"])
        self._wait_for_port(self.config.port, "nginx")

    def stop_proxy(self) -> None:
        self._stop("nginx", timeout=10)

    # ----- whole cluster -----------------------------------------------------

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.start_db()
        self.start_redis()
        self.start_actions()
        self.start_proxy()
        self.start_model_server()
        self.start_studio()
        self.start_replicas()

    def stop(self) -> None:
        # Replicas first (they finish their turns in flight), all at once.
        names = [f"rasa-{i}" for i in range(len(self.config.rasa_ports))]
        for name in names:
            self._signal(name, signal.SIGTERM)
        for name in names:
            self._stop(name)
        self.stop_proxy()
        self.stop_studio()
        self.stop_model_server()
        self.stop_actions()
        self.stop_redis()
        self.stop_db()

    def status(self) -> List[str]:
        lines = []
        names = (["nginx", "redis", "models", "studio"] + [f"actions-{i}" for i in range(len(self.config.action_ports))]
                 + [f"rasa-{i}" for i in range(len(self.config.rasa_ports))])
        lines.append(f"postgres  {'running' if self.db_running() else 'stopped'}  127.0.0.1:{self.config.db_port}")
        for name in names:
            pid = self.pid(name)
            if _alive(pid):
                lines.append(f"{name:<9} running  pid {pid}  {rss_mb(pid) or 0:.0f} MB")  # type: ignore[arg-type]
            else:
                lines.append(f"{name:<9} stopped")
        return lines

    # ----- waiting -----------------------------------------------------------

    def _wait_http(self, url: str, name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running(name):
                raise RuntimeError(f"{name} exited; see {self.logs / (name + '.log')}:\n{self._tail(name)}")
            if _http_ok(url):
                return
            time.sleep(1)
        raise TimeoutError(f"{name} not ready at {url} after {timeout:.0f}s:\n{self._tail(name)}")

    def _wait_for_port(self, port: int, name: str, timeout: float = 30) -> None:
        import socket

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running(name):
                raise RuntimeError(f"{name} exited:\n{self._tail(name)}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"{name} not listening on {port} after {timeout}s:\n{self._tail(name)}")

    def _tail(self, name: str, chars: int = 3000) -> str:
        try:
            return (self.logs / f"{name}.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status"])
    args = parser.parse_args(argv)
    try:
        config = ClusterConfig.from_env()
    except settings.SettingsError as error:
        print(f"[cluster] cannot start: {error}", file=sys.stderr)
        return 2
    cluster = LocalCluster(config)
    if args.command == "start":
        print(f"[cluster] starting under {cluster.dir} (replicas take about a minute to load)", file=sys.stderr)
        try:
            cluster.start()
        except (RuntimeError, TimeoutError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", "") or ""
            print(f"[cluster] could not start: {error}\n{detail}\nStopping what was started.", file=sys.stderr)
            cluster.stop()
            return 1
        print("\n".join(cluster.status()))
        print(f"\nREST:      {cluster.url}/webhooks/rest/webhook\nsocket.io: {cluster.url}/socket.io/\n"
              f"studio:    {cluster.studio_url}/ (staff; make studio-account NAME=... ROLE=editor)\n"
              f"Stop with `make cluster-stop`. Logs: {cluster.logs}")
    elif args.command == "stop":
        cluster.stop()
        print("[cluster] stopped", file=sys.stderr)
    else:
        print("\n".join(cluster.status()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
