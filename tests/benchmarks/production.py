"""Benchmark: the production stack over HTTP, side by side in one interleaved run.

Run with `make bench`. Starts on 127.0.0.1 (ports BENCH_PORT..BENCH_PORT+4, default 8120):
- the app: gunicorn, 2 workers, production settings, the demo imported, Redis (BENCH_REDIS_URL)
  as the shared cache, so the page cache is on;
- the same app in a second gunicorn with PAGE_CACHE_SECONDS=0: every request is rendered.
  (A cache-busting query parameter would not do: the key drops parameters pages do not read;
  Wagtail's site list and settings stay in Redis there too, as in production.);
- a stock `wagtail start` project, generated into a temporary directory and served the same
  way (2 workers, DEBUG off, the same database engine): its home page is the yardstick;
  the same project once more with persistent database connections, as the app's production
  settings have them (CONN_MAX_AGE), for a second ratio that gives stock that advantage too;
- `manage.py db_worker`, and Varnish (deploy/varnish.vcl) in front of the app, purged through
  wagtail.contrib.frontend_cache (VARNISH_URL).
The database is a throwaway PostgreSQL database (BENCH_DATABASE_URL, created and dropped
here; set it empty for a temporary SQLite file).

Prints for each target: requests/s, p50/p99 latency, the app's CPU time per request (utime +
stime of the gunicorn workers from /proc/<pid>/stat, divided by the requests they served:
steadier than requests/s on a shared machine), and ratios to the static file and to stock
Wagtail's home page; then the SQL queries of each uncached page, a cProfile profile of the
uncached model page, and the time from publishing a change to seeing it through Varnish.
The load generator shares the machine's cores with the servers, so requests/s of the cheapest
targets are bounded by it too. Asserts nothing (the tests do that).
"""

import cProfile
import io
import os
import pstats
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import psycopg2
import redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ports import wait_for_port  # noqa: E402

BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_PORT", "8120"))
APP, UNCACHED, STOCK, VARNISH, STOCK_KEPT = PORT, PORT + 1, PORT + 2, PORT + 3, PORT + 4
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samhandling_bench"
)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "2"))
CLIENTS = 4  # concurrent connections: enough to keep 2 workers busy
PROFILED_REQUESTS = 20
HOST = "localhost"  # the demo's (default) site
CACHE_PREFIX = f"samhandling-bench-{os.getpid()}"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
TICKS = os.sysconf("SC_CLK_TCK")

WORKDIR = Path(tempfile.mkdtemp(prefix="samhandling-bench-"))


# --- databases -----------------------------------------------------------------------------


def database_urls():
    """(app, stock) database URLs: throwaway PostgreSQL databases when the server answers,
    else SQLite files in the work directory."""
    if DATABASE_URL:
        config = dj_database_url.parse(DATABASE_URL)
        stock = DATABASE_URL.rsplit("/", 1)[0] + f"/{config['NAME']}_stock"
        try:
            for url in (DATABASE_URL, stock):
                recreate_database(url)
            return DATABASE_URL, stock
        except psycopg2.OperationalError as error:
            print(f"PostgreSQL not reachable ({error}); using SQLite.".strip())
    return f"sqlite:///{WORKDIR / 'app.sqlite3'}", f"sqlite:///{WORKDIR / 'stock.sqlite3'}"


def server_connection(url):
    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection, config["NAME"]


def recreate_database(url, create=True):
    connection, name = server_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# --- processes -----------------------------------------------------------------------------


def app_environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samhandling.settings.production",
        "SECRET_KEY": "bench-only-not-secret-0123456789abcdef-0123456789abcdef",
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": CACHE_PREFIX,
        "VARNISH_URL": f"http://127.0.0.1:{VARNISH}",
    }


def start(name, command, env, cwd=ROOT):
    log = (WORKDIR / f"{name}.log").open("w")
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def gunicorn(name, module, port, env, cwd=ROOT):
    command = [str(BIN / "gunicorn"), module, "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    return start(name, [*command, "--chdir", str(cwd)], env, cwd)


def prepare_stock(database_url):
    """A stock Wagtail project (the venv's `wagtail start`), migrated and collected."""
    directory = WORKDIR / "stock"
    directory.mkdir()
    subprocess.run([str(BIN / "wagtail"), "start", "stock", str(directory)], check=True)  # noqa: S603
    (directory / "stock" / "settings" / "local.py").write_text(
        "import os\nimport dj_database_url\n"
        'SECRET_KEY = "bench-only-not-secret"\n'
        f'ALLOWED_HOSTS = ["{HOST}", "127.0.0.1"]\n'
        f'DATABASES = {{"default": dj_database_url.parse("{database_url}", '
        'conn_max_age=int(os.environ.get("STOCK_CONN_MAX_AGE", "0")))}\n'
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stock.settings.production"}
    for command in (["migrate", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=directory, env=env, check=True
        )
    return directory, env


# --- load ----------------------------------------------------------------------------------


def get(port, path):
    """One request on a new connection, as gunicorn's sync workers serve them: (status,
    head, seconds)."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    ).encode()
    began = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(request)
        chunks = []
        while data := connection.recv(65536):
            chunks.append(data)
    elapsed = time.perf_counter() - began
    response = b"".join(chunks)
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    return int(head[9:12]), head, elapsed


def worker_pids(master):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


class Target:
    def __init__(self, name, port, path, master):
        self.name, self.port, self.path, self.master = name, port, path, master
        self.latencies, self.seconds, self.cpu, self.errors = [], 0.0, 0.0, 0

    def run(self, seconds):
        """CLIENTS connections in a loop for this many seconds."""
        pids = worker_pids(self.master)
        cpu_before = cpu_seconds(pids)
        deadline = time.perf_counter() + seconds
        results = [[] for _ in range(CLIENTS)]

        def client(latencies):
            while time.perf_counter() < deadline:
                status, _head, elapsed = get(self.port, self.path)
                latencies.append(elapsed if status == 200 else None)

        threads = [threading.Thread(target=client, args=(out,)) for out in results]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.seconds += time.perf_counter() - began
        self.cpu += cpu_seconds(pids) - cpu_before
        for latencies in results:
            self.errors += latencies.count(None)
            self.latencies.extend(value for value in latencies if value is not None)

    @property
    def rate(self):
        return len(self.latencies) / self.seconds

    @property
    def cpu_ms(self):
        return self.cpu * 1000 / max(len(self.latencies), 1)

    def percentile(self, share):
        ordered = sorted(self.latencies)
        return ordered[min(int(len(ordered) * share), len(ordered) - 1)] * 1000


def check(target, expect_cache):
    """The target answers 200 (twice: the first may fill the cache), from the cache or not."""
    for _ in range(2):
        status, head, _elapsed = get(target.port, target.path)
    if status != 200:
        raise RuntimeError(f"{target.name}: {target.path} answered {status}")
    hit = "x-page-cache: hit" in head.lower()
    if expect_cache is not None and hit != expect_cache:
        raise RuntimeError(f"{target.name}: page cache {'miss' if expect_cache else 'hit'}")


def print_rates(targets, static, stock):
    print(
        f"\n{'target':<26} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} "
        f"{'×static':>7} {'×stock':>7} {'×stock CPU':>10} {'errors':>6}"
    )
    for target in targets:
        print(
            f"{target.name:<26} {target.rate:>7.0f} {target.percentile(0.5):>7.1f} "
            f"{target.percentile(0.99):>7.1f} {target.cpu_ms:>7.2f} "
            f"{target.rate / static.rate:>7.3f} {target.rate / stock.rate:>7.2f} "
            f"{stock.cpu_ms / max(target.cpu_ms, 0.001):>10.2f} {target.errors:>6}"
        )
    print(
        "CPU ms: the gunicorn workers' CPU time per request; ×stock CPU: stock's CPU per "
        "request / this one's (above 1: cheaper than stock Wagtail's home page)."
    )


def print_kept_ratios(targets, stock_kept):
    """The uncached pages against stock Wagtail with persistent connections as well."""
    print("\nUncached pages × stock Wagtail with kept connections (req/s, CPU ms):")
    for target in targets:
        if target.name.endswith(", uncached"):
            print(
                f"  {target.name:<26} {target.rate / stock_kept.rate:>5.2f} "
                f"{stock_kept.cpu_ms / max(target.cpu_ms, 0.001):>5.2f}"
            )


# --- in-process figures (the bench process runs the app's production settings too) -------


def demo_paths():
    from models_app.guide.models import GuideLevelPage  # noqa: PLC0415
    from models_app.model.models import ElementPage  # noqa: PLC0415

    return [
        ("model page", "/"),
        ("element page", ElementPage.objects.live().first().get_url_parts()[2]),
        ("guide level", GuideLevelPage.objects.live().first().get_url_parts()[2]),
        ("tiltak filtered", "/tiltak/?malgruppe=barn&alder=4"),
        ("search", "/sok/?q=samtykke"),
    ]


def print_queries(paths):
    from django.db import connection  # noqa: PLC0415
    from django.test import Client, override_settings  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client = Client(HTTP_HOST=HOST)
    print("\nSQL queries per uncached request (in-process):")
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, path in paths:
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            print(f"  {name:<16} {len(captured):>3}")


def short(location):
    filename, line, function = location
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
    return f"{filename}:{line} {function}" if line else function


# The test client and the middleware chain's plumbing: in every line of the profile above.
WRAPPERS = ("django/test/", "django/core/handlers/exception.py", "django/utils/deprecation.py")


def print_profile():
    from django.test import Client, override_settings  # noqa: PLC0415

    client = Client(HTTP_HOST=HOST)
    profiler = cProfile.Profile()
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get("/")
        profiler.enable()
        for _ in range(PROFILED_REQUESTS):
            client.get("/")
        profiler.disable()
    stats = pstats.Stats(profiler)
    rows = [
        (location, calls, own, cumulative)
        for location, (_, calls, own, cumulative, _) in stats.stats.items()
        if not any(part in location[0] for part in WRAPPERS) and "cProfile" not in location[2]
    ]
    total = max(row[3] for row in rows) * 1000 / PROFILED_REQUESTS
    print(f"\nProfile of the uncached model page (in-process, {total:.1f} ms per request):")
    for title, index, count in (("cumulative", 3, 15), ("own time", 2, 10)):
        print(f"  top {count} by {title}: ms/request, calls/request, function")
        for location, calls, own, cumulative in sorted(rows, key=lambda r: -r[index])[:count]:
            value = (own, cumulative)[index == 3] * 1000 / PROFILED_REQUESTS
            print(f"  {value:>7.2f} {calls / PROFILED_REQUESTS:>7.0f}  {short(location)}")


def through_varnish(path="/"):
    request = urllib.request.Request(f"http://127.0.0.1:{VARNISH}{path}", headers={"Host": HOST})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.headers.get("X-Cache"), response.read().decode()


def publish_to_varnish(times=3):
    """Seconds from publishing a new title of an element until the model page through Varnish
    shows it (polled every 5 ms from another thread). The first publish in a process is not
    timed: it loads code once (jsonschema's format checkers build their grammars)."""
    from models_app.model.models import ElementPage  # noqa: PLC0415

    print("\nPublish → visible through Varnish (model page, an element's title changed):")
    for attempt in range(times + 1):
        through_varnish()
        state, _body = through_varnish()
        page = ElementPage.objects.live().first()
        page.title = f"Bench {uuid.uuid4().hex[:8]}"
        seen = {}
        poller = threading.Thread(target=poll_varnish, args=(page.title, seen))
        began = time.perf_counter()
        poller.start()
        page.save_revision().publish()
        published = time.perf_counter()
        poller.join()
        if not attempt:
            continue
        if "at" not in seen:
            print("  not visible after 30 s")
            continue
        print(
            f"  before: {state}; publish() returned after {(published - began) * 1000:.0f} ms, "
            f"visible after {(seen['at'] - began) * 1000:.0f} ms ({seen['state']})"
        )


def poll_varnish(text, seen, seconds=30):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        cache_state, body = through_varnish()
        if text in body:
            seen["at"], seen["state"] = time.perf_counter(), cache_state
            return
        time.sleep(0.005)


def wait_for_jobs(seconds=120):
    """The import leaves jobs (reference index) for the worker: measure after they ran."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).exists():
            return
        time.sleep(0.5)
    print("Background jobs still waiting after 2 minutes; measuring anyway.")


# --- main ----------------------------------------------------------------------------------


def start_stack(app_url, stock_url, processes):
    """The app is migrated and the demo imported in this process while the stock project is
    prepared beside it; then every server is started (into `processes`, so that the caller
    stops those already started when a later one fails)."""
    stock = {}

    def prepare():
        stock["dir"], stock["env"] = prepare_stock(stock_url)

    preparing = threading.Thread(target=prepare)
    preparing.start()

    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("import_model", str(ROOT / "fixtures" / "demo.json"), stdout=io.StringIO())
    call_command("collectstatic", "--no-input", verbosity=0)
    preparing.join()
    if "env" not in stock:
        raise RuntimeError("The stock Wagtail project could not be prepared (see above).")

    env = os.environ.copy()
    processes += [
        gunicorn("app", "samhandling.wsgi", APP, env),
        gunicorn("uncached", "samhandling.wsgi", UNCACHED, {**env, "PAGE_CACHE_SECONDS": "0"}),
        gunicorn("stock", "stock.wsgi", STOCK, stock["env"], stock["dir"]),
        gunicorn(
            "stock-kept",
            "stock.wsgi",
            STOCK_KEPT,
            {**stock["env"], "STOCK_CONN_MAX_AGE": "600"},
            stock["dir"],
        ),
        start("worker", [sys.executable, "manage.py", "db_worker"], env),
    ]
    vcl = WORKDIR / "varnish.vcl"
    vcl.write_text(
        (ROOT / "deploy" / "varnish.vcl")
        .read_text()
        .replace("BACKEND_HOST", "127.0.0.1")
        .replace("BACKEND_PORT", str(APP))
    )
    varnish_dir = WORKDIR / "varnish"
    varnish_dir.mkdir()
    WORKDIR.chmod(0o755)  # varnishd's compiler runs as its own unprivileged user
    varnish_dir.chmod(0o777)
    processes.append(
        start(
            "varnish",
            [VARNISHD, "-F", "-f", str(vcl), "-a", f"127.0.0.1:{VARNISH}", "-n", str(varnish_dir)]
            + ["-s", "malloc,64m", "-T", "none"],
            env,
        )
    )
    for port in (APP, UNCACHED, STOCK, STOCK_KEPT, VARNISH):
        wait_for_port(port, 90, f"nothing listens on {port}; see the logs in {WORKDIR}")


def measure(processes, paths):
    from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: PLC0415

    app, uncached, stock, stock_kept = (process.pid for process in processes[:4])
    static = Target("static file", APP, staticfiles_storage.url("model/model.css"), app)
    stock_home = Target("stock Wagtail home page", STOCK, "/", stock)
    stock_kept_home = Target("stock, kept connections", STOCK_KEPT, "/", stock_kept)
    targets = [static, stock_home, stock_kept_home]
    for target in targets:
        check(target, None)
    for name, path in paths:
        for label, port, master, cached in (
            ("cached", APP, app, True),
            ("uncached", UNCACHED, uncached, False),
        ):
            target = Target(f"{name}, {label}", port, path, master)
            check(target, cached)
            targets.append(target)
    print(
        f"{ROUNDS} rounds × {SECONDS:g} s per target, interleaved; {CLIENTS} connections; "
        f"gunicorn 2 workers each."
    )
    for _ in range(ROUNDS):
        for target in targets:
            target.run(SECONDS)
    print_rates(targets, static, stock_home)
    print_kept_ratios(targets, stock_kept_home)


def clean_up(processes, urls):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
    from django.db import connections  # noqa: PLC0415

    if processes:
        connections.close_all()
    cache = redis.Redis.from_url(REDIS_URL)
    for key in cache.scan_iter(match=f"{CACHE_PREFIX}:*"):
        cache.delete(key)
    for url in urls:
        if url.startswith("postgres"):
            recreate_database(url, create=False)
    shutil.rmtree(WORKDIR, ignore_errors=True)


def main():
    began = time.monotonic()
    urls = database_urls()
    os.environ.update(app_environment(urls[0]))
    engine = "PostgreSQL" if urls[0].startswith("postgres") else "SQLite"
    print(f"Production stack on {engine}, Redis {REDIS_URL} (page cache on), Varnish in front.")
    processes = []
    try:
        start_stack(*urls, processes)
        wait_for_jobs()
        paths = demo_paths()
        measure(processes, paths)
        print_queries(paths)
        print_profile()
        publish_to_varnish()
    finally:
        clean_up(processes, urls)
    print(f"\n(bench run: {time.monotonic() - began:.0f} s)")


if __name__ == "__main__":
    main()
