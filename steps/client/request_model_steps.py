"""Steps that judge a client's requests against a table of the client request model.

The feature's data table is the model's table (generated from edcert.inputs); each row names an element and
one way a client gets it wrong. The step runs the rule of each element the table lists
(edcert.client_side.request_rules) on each request; a departure fails naming the requirement of the cell it
is, with the request as evidence. Advisory rows are judged, with their warning, by the steps that name them.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, then

from edcert.client_side import client_checks as check
from edcert.client_side import linkit_rules, request_rules
from edcert.client_side.edfi_traffic import EdfiTraffic
from edcert.client_side.session import ListenResult
from edcert.client_side.traffic import RecordedExchange
from edcert.errors import HarnessError
from edcert.inputs.catalogue import table
from edcert.inputs.model import rows_of

from .linkit_listen_steps import ExampleCall


def judge(name: str, datatable: list[list[str]], items: list[tuple[Any, RecordedExchange]], rules: dict[str, Any],
          context: Any) -> None:
    try:
        model = table(name)
        cells = [model.cell(element, operator) for element, operator in rows_of(datatable)]
    except KeyError as error:
        raise HarnessError(f"{error.args[0]}; run python -m edcert.inputs --write") from None
    elements = list(dict.fromkeys(cell.element for cell in cells if getattr(cell, "outcome", "fail") == "fail"))
    missing = [element for element in elements if element not in rules]
    if missing:
        raise HarnessError(f"request model table {model.name}: no rule for {', '.join(missing)}")
    for rule in dict.fromkeys(rules[element] for element in elements):
        for item, record in items:
            departure = rule(item, context)
            if departure is None:
                continue
            try:
                cell = model.cell(departure.element, departure.operator)
            except KeyError:
                cell = None
            if cell is not None and getattr(cell, "outcome", "fail") != "fail":
                continue  # an allowed reading, or advice given where the step naming it runs
            requirement = getattr(cell, "requirement", "") or model.requirement
            raise check.fail(requirement, f"{departure.element} as {model.request}",
                             f"{departure.received} (request model {model.name}: {departure.element}, "
                             f"{departure.operator})", record)
    check.passed(model.requirement, f"none of the {len(datatable) - 1} departures of request model {model.name} in "
                 f"{len(items)} request(s)", items[-1][1] if items else None)


@then(parsers.parse("no token request is one of these departures from request model {name}:"))
def token_requests_model(name: str, datatable: list[list[str]], token_requests: list[RecordedExchange],
                         listen_result: ListenResult) -> None:
    judge(name, datatable, [(r, r) for r in token_requests], request_rules.TOKEN_RULES, listen_result.credentials)


@then(parsers.parse("no resource request is one of these departures from request model {name}:"))
def resource_requests_model(name: str, datatable: list[list[str]], resource_requests: list[RecordedExchange],
                            edfi_traffic: EdfiTraffic, listen_result: ListenResult) -> None:
    judge(name, datatable, [(r, r) for r in resource_requests], request_rules.BEARER_RULES,
          (edfi_traffic.issued, listen_result.credentials))


@then(parsers.parse("its URL is none of these departures from request model {name}:"))
def linkit_url_model(name: str, datatable: list[list[str]], example: ExampleCall, listen_result: ListenResult) -> None:
    call = example.call
    assert call is not None
    secret, signer = listen_result.credentials.linkit_secret.reveal(), listen_result.settings.values.signer
    rules = request_rules.linkit_rules(listen_result.credentials.linkit_access_key,
                                       linkit_rules.TIMESTAMP_WINDOW_SECONDS,
                                       lambda c: linkit_rules.verify_tag(c, secret, signer).ok)
    judge(name, datatable, [(call, call.record)], rules, None)
