"""``earnwatch run``, ``worker`` and ``beat``: the long-running roles.

Before a role starts anything it checks what would otherwise fail later, or over and over: the
watchlist and its problems, the broker (configured and answering), the database (reachable,
its schema current). Each failure is one line and exit code 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from worker.cli.output import State, fail, say, state
from worker.errors import BrokerError

if TYPE_CHECKING:
    from worker.runtime.context import Context

# The queues of ``worker.queue.tasks.Queue``, named here so that `--help` imports no Celery.
QUEUES = ("deliver", "compare", "scrape")
DELIVER = QUEUES[0]
ALL_QUEUES = ",".join(QUEUES)


def register(app: typer.Typer) -> None:
    app.command()(run)
    app.command()(worker)
    app.command()(beat)
    app.command()(web)


def run(
    ctx: typer.Context,
    concurrency: Annotated[int, typer.Option(help="worker processes")] = 2,
    loglevel: str = "INFO",
) -> None:
    """Run the whole service in one process tree: a private Redis (unless EARNWATCH_BROKER_URL
    names one), a worker, a delivery worker, the scheduler and the dashboard
    (EARNWATCH_WEB_PORT, 0 for none). Ctrl-C stops all of it."""
    from worker.runtime.embedded import EmbeddedRedis
    from worker.runtime.supervise import supervise_all

    st = state(ctx)
    context = st.context()
    _check_watchlist(st, context)  # a bad watchlist fails here, before anything starts
    settings = context.settings
    from worker.storage.db import make_data_folder

    make_data_folder(settings.data_dir)  # `earnwatch run` is asked to make it
    if settings.embedded_broker and (running := EmbeddedRedis.running_url(settings.data_dir)):
        fail(st, f"earnwatch run is already running with this data folder ({settings.data_dir}, its Redis on {running}); stop it first")
    broker = EmbeddedRedis(settings.data_dir) if settings.embedded_broker else None
    env: dict[str, str] = {}
    dashboard = None
    try:
        if broker:
            broker.start()
            broker.publish()
            env["EARNWATCH_BROKER_URL"] = broker.url
            context = st.use(context.replace(broker_url=broker.url))
            say(f"embedded Redis on {broker.url} (data in {broker.dir})")
        _ready(st, context, serve_metrics=True)
        if settings.web_port:
            from worker.web.server import WebServer

            dashboard = WebServer(context).start()
            say(f"dashboard on {dashboard.url}")
        code = supervise_all(
            [
                (["worker", "--beat", f"--loglevel={loglevel}", f"--concurrency={concurrency}", f"--queues={ALL_QUEUES}"], "worker"),
                # Its own process, so that an alert never waits for a free slot among the checks.
                (["worker", f"--loglevel={loglevel}", "--concurrency=1", f"--queues={DELIVER}", "--hostname=deliver@%h"], "delivery worker"),
            ],
            env,
        )
    finally:
        if dashboard:
            dashboard.stop()
        if broker:
            broker.stop()
    raise typer.Exit(code)


def web(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="listen here (default: EARNWATCH_WEB_HOST, 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="listen on this port (default: EARNWATCH_WEB_PORT, 8000)")] = None,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /openapi.json). Writes need
    EARNWATCH_API_TOKEN; without one, pages are served to this machine only."""
    from worker.web.server import WebServer

    st = state(ctx)
    context = st.context()
    context.engine  # noqa: B018 (DatabaseError or SchemaError, with what to do, if it cannot be used)
    server = WebServer(context, host, port)
    say(f"dashboard on {server.url}" + ("" if context.settings.api_token else " (read only: no EARNWATCH_API_TOKEN)"))
    server.run()


def worker(
    ctx: typer.Context,
    concurrency: Annotated[int | None, typer.Option(help="worker processes (default: one per core)")] = None,
    queues: Annotated[
        str, typer.Option(help="the queues to consume, first first: any of deliver, compare, scrape (e.g. --queues deliver for a delivery worker)")
    ] = ALL_QUEUES,
    loglevel: str = "INFO",
) -> None:
    """Run a Celery worker (distributed mode: needs EARNWATCH_BROKER_URL=redis://…). It takes
    deliveries first, then comparisons, then checks, unless --queues says otherwise."""
    from worker.runtime.supervise import supervise

    st = state(ctx)
    chosen = _queues(st, queues)
    context = st.context()
    _check_watchlist(st, context)
    _ready(st, context, serve_metrics=True)
    argv = ["worker", f"--loglevel={loglevel}", f"--queues={','.join(chosen)}"]
    if chosen == [DELIVER]:
        argv.append("--hostname=deliver@%h")  # beside a general worker on the same host
    argv += [f"--concurrency={concurrency}"] if concurrency else []
    raise typer.Exit(supervise(argv, "worker"))


def _queues(st: State, given: str) -> list[str]:
    names = [name.strip().lower() for name in given.split(",") if name.strip()]
    unknown = [name for name in names if name not in QUEUES]
    if unknown or not names:
        fail(st, f"--queues {given!r}: {', '.join(unknown) or 'none given'} is not a queue; choose from {', '.join(QUEUES)}")
    return list(dict.fromkeys(names))


def beat(ctx: typer.Context, loglevel: str = "INFO") -> None:
    """Run the scheduler (exactly one per deployment)."""
    from worker.runtime.supervise import supervise

    st = state(ctx)
    context = st.context()
    _check_watchlist(st, context)
    _ready(st, context)
    raise typer.Exit(supervise(["beat", f"--loglevel={loglevel}"], "scheduler"))


def _check_watchlist(st: State, context: Context) -> None:
    problems = context.problems()  # loading the watchlist raises ConfigError first
    for problem in problems[:-1]:
        say(("error:", "bold red"), " ", context.masker.mask(problem))
    if problems:
        fail(st, problems[-1] + "; `earnwatch check-config` shows everything it checks")


def _ready(st: State, context: Context, *, serve_metrics: bool = False) -> None:
    """The broker answers and the database is usable (and metrics are served, if asked)."""
    settings = context.settings
    if settings.embedded_broker:
        raise BrokerError(
            "EARNWATCH_BROKER_URL is 'embedded': start everything with `earnwatch run`, "
            "or set EARNWATCH_BROKER_URL=redis://HOST:6379/0 for separate worker and beat processes"
        )
    import redis

    try:
        context.redis().ping()
    except redis.RedisError as exc:
        fail(st, f"cannot reach the broker {settings.broker_url}: {exc}; is Redis running there? (EARNWATCH_BROKER_URL)")
    from worker.storage.db import check_data_folder

    check_data_folder(settings.data_dir)  # the beat schedule lives there; `run` and `db upgrade` make it
    context.engine  # noqa: B018 (DatabaseError or SchemaError, with what to do, if it cannot be used)
    if serve_metrics and settings.metrics_port:
        from worker.ops.metrics import serve

        serve(context, settings.metrics_port)
