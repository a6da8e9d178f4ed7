"""Both nginx configurations are accepted by nginx itself (`nginx -t`)."""

import shutil
import subprocess
from pathlib import Path

from deploy.local.cluster import ROOT, ClusterConfig, LocalCluster

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_accepts(conf_text: str, workdir: Path) -> subprocess.CompletedProcess:
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(conf_text)
    return subprocess.run([NGINX, "-t", "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf)],
                          capture_output=True, text=True)


def test_local_cluster_proxy_config(tmp_path):
    config = ClusterConfig.from_env({"CLUSTER_DIR": str(tmp_path / "cluster")})
    cluster = LocalCluster(config)
    cluster.logs.mkdir(parents=True)
    rendered = cluster.nginx_conf()
    assert "${" not in rendered
    try:
        result = nginx_accepts(rendered, cluster.nginx_dir)
    finally:
        if not str(cluster.nginx_dir).startswith(str(tmp_path)):  # the /var/tmp fallback
            shutil.rmtree(cluster.nginx_dir.parent, ignore_errors=True)
    assert result.returncode == 0, result.stderr


def test_compose_proxy_config(tmp_path):
    text = (ROOT / "deploy" / "nginx" / "compose.conf").read_text()
    # Outside Docker the service name does not resolve; the rest is checked as is.
    text = text.replace("server rasa:5005", "server 127.0.0.1:5005")
    text = text.replace("events {", f"pid {tmp_path}/nginx.pid;\nevents {{", 1)
    result = nginx_accepts(text, tmp_path / "compose")
    assert result.returncode == 0, result.stderr
