"""Production settings: secrets from the environment, and Django's deploy checks clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe ORM calls in this process; production must not.
        if key
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    environment.update(DJANGO_SETTINGS_MODULE="samhandling.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", ALLOWED_HOSTS="kommune.example")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_production_passes_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="a.example,b.example",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_says_when_the_page_cache_is_off_without_redis():
    result = manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="a.example",
        REDIS_URL="",
    )
    assert "pagecache.W001" in result.stdout + result.stderr
    assert "REDIS_URL" in result.stdout + result.stderr


def test_dev_settings_are_the_default_of_manage_py():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--all"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "DEBUG = True" in result.stdout


STORAGE_OF = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__name__, getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'))"
)


def test_media_go_to_an_s3_bucket_when_the_environment_names_one():
    result = manage(
        "shell",
        "-c",
        STORAGE_OF,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="a.example",
        AWS_STORAGE_BUCKET_NAME="samhandling-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "S3Storage",
        "samhandling-media",
        "https://s3.example.net",
    ]


def test_media_stay_on_the_file_system_without_a_bucket():
    result = manage(
        "shell", "-c", STORAGE_OF, SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="a.example"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[0] == "FileSystemStorage"
