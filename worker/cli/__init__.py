"""The ``earnwatch`` command line.

Commands live by concern: ``service`` (run, worker, beat, web), ``pipeline`` (scrape,
retrigger, reparse, demo), ``inspect`` (status, check-config), ``documents`` (read, diff),
``history`` (show, export), ``corpus`` (eval), ``alerts``, ``ops`` (health, metrics, db).
``main`` is the entry point: an error the operator can act on is one line and
exit code 2; anything else is one line and exit code 1; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import sys
import traceback
from typing import Annotated

import typer

from alerts import DeliveryError
from config import ConfigError
from earnings.errors import EarningsError
from scrapers.errors import ScrapeError
from worker.cli import alerts, corpus, documents, history, inspect, ops, pipeline, service
from worker.cli.output import State, errors, line
from worker.errors import OperatorError

app = typer.Typer(
    help="earnwatch: tells analysts what changed in risk and guidance language between earnings calls.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="show the traceback of an error")] = False,
) -> None:
    if isinstance(ctx.obj, State):
        ctx.obj.debug = debug
    else:
        ctx.obj = State(debug=debug)


for module in (service, pipeline, inspect, documents, history, corpus, ops):
    module.register(app)
app.add_typer(alerts.app, name="alerts")

OPERATOR_ERRORS = (ConfigError, OperatorError, EarningsError, ScrapeError, DeliveryError)


def main() -> None:
    state = State(debug="--debug" in sys.argv[1:])
    from worker.ops.logs import configure_terminal

    configure_terminal(state.masker, debug=state.debug)
    try:
        app(obj=state)
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        sys.exit(report(state, exc))
    finally:
        state.close()


def report(state: State, exc: BaseException) -> int:
    """Print ``exc`` as one line (secrets masked); the exit code."""
    if state.debug:
        traceback.print_exception(exc)
    import redis
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, OPERATOR_ERRORS):
        message, code = str(exc), 2
    elif isinstance(exc, SQLAlchemyError):
        from worker.storage.db import describe

        message, code = describe(exc, _setting(state, "database_url")), 2
    elif isinstance(exc, redis.RedisError):
        message, code = f"cannot reach the broker {_setting(state, 'broker_url')}: {exc}; is Redis running? (EARNWATCH_BROKER_URL)", 2
    else:
        message = f"unexpected {type(exc).__name__}: {exc}"
        if not state.debug:
            message += "; run the command again with --debug to see where, and please report it"
        code = 1
    errors.print(line(("error:", "bold red"), " ", state.masker().mask(message)))
    return code


def _setting(state: State, name: str) -> str:
    try:
        return str(getattr(state.settings(), name))
    except ConfigError:
        return f"EARNWATCH_{name.upper()}"
