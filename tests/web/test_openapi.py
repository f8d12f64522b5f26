"""schemathesis against ``/openapi.json`` of a real server: every route, with generated
input (and the token), answers as its spec says, and never with a server error.

The operations are driven with hypothesis directly: schemathesis's pytest plugin
(``from_fixture``) does not run under this pytest."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.web.conftest import TOKEN

pytestmark = pytest.mark.slow


def test_every_route_answers_as_its_spec_says(site):
    schema = schemathesis.openapi.from_url(f"{site.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13, [op.label for op in operations]
    failures = []
    for operation in operations:
        # A pushed text can be well-formed and still no earnings document: 422 says so.
        excluded = [positive_data_acceptance] if operation.label == "POST /api/documents" else []

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60, excluded_checks=excluded)

        try:
            check()
        except Exception as exc:  # collect every operation's first failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert "Traceback" not in site.log()
