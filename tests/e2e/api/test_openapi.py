from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from loyalty.db.engine import Database
from loyalty.ledger.schemas import BalanceRead, MovementRead
from loyalty.members.schemas import MemberRead
from loyalty.programs.models import Program
from loyalty.purchases.schemas import PurchaseOutcome
from loyalty.rewards.schemas import RedemptionRead
from loyalty.vouchers.schemas import ValidationRead, VoucherRedemptionRead
from loyalty.web.api.v1.members import MemberPage
from loyalty.web.api.v1.purchases import MemberPurchasePage
from tests.factories.programs import make_api_key
from tests.factories.rules import make_rule

EXPECTED = {
    ("post", "/api/v1/members"), ("get", "/api/v1/members/lookup"), ("get", "/api/v1/members/{member_id}"),
    ("patch", "/api/v1/members/{member_id}"), ("post", "/api/v1/purchases"),
    ("post", "/api/v1/purchases/{purchase_id}/refunds"), ("get", "/api/v1/members/{member_id}/balance"),
    ("get", "/api/v1/members/{member_id}/ledger"), ("post", "/api/v1/members/{member_id}/points/spend"),
    ("post", "/api/v1/members/{member_id}/points/adjust"), ("post", "/api/v1/members/{member_id}/points/transfer"),
    ("post", "/api/v1/rules"), ("post", "/api/v1/rules/dry-run"), ("post", "/api/v1/events"),
    ("post", "/api/v1/vouchers/validate"), ("post", "/api/v1/vouchers/redeem"),
    ("get", "/api/v1/members/{member_id}/catalogue"), ("post", "/api/v1/members/{member_id}/redemptions"),
    ("get", "/api/v1/members/{member_id}/tier"), ("get", "/api/v1/members/{member_id}/referrals"),
    ("get", "/api/v1/badges"), ("post", "/api/v1/badges"), ("get", "/api/v1/challenges"),
    ("post", "/api/v1/challenges"), ("get", "/api/v1/members/{member_id}/badges"),
    ("get", "/api/v1/members/{member_id}/challenges"),
    ("post", "/api/v1/members/{member_id}/challenges/{challenge_id}/join"),
}


def test_the_api_is_described_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = {(method, path): operation for path, item in spec["paths"].items()
                  for method, operation in item.items()}
    assert set(operations) >= EXPECTED
    undocumented = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                    if path.startswith("/api/v1") and not operation.get("description")]
    assert undocumented == []
    assert client.get("/docs").status_code == 200
    board = spec["components"]["schemas"]["LeaderboardCreate"]["properties"]
    assert "challenge" in str(board["measure"]) and "challenge_id" in board


def test_operation_ids_are_short_unique_names_generated_clients_can_use(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ids = [operation["operationId"] for item in spec["paths"].values() for operation in item.values()
           if isinstance(operation, dict)]
    assert len(ids) == len(set(ids))
    assert [name for name in ids if not re.fullmatch(r"[a-z][a-z_]*[a-z]", name) or "api_v1" in name] == []
    by_route = {(method, path): operation["operationId"] for path, item in spec["paths"].items()
                for method, operation in item.items() if isinstance(operation, dict)}
    assert by_route[("post", "/api/v1/purchases")] == "record_purchase"
    assert by_route[("post", "/api/v1/vouchers/validate")] == "validate_voucher"
    assert by_route[("get", "/healthz")] == "healthz"


def test_schema_names_are_unique_across_the_description(client: TestClient) -> None:
    """FastAPI names a schema by its module when two share a class name
    (`loyalty__rules__schemas__UnitBalanceRead`), and generators drop one of a pair sharing a title."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert [name for name in schemas if not re.fullmatch(r"[A-Za-z0-9]+", name)] == []
    titles = [schema.get("title", name) for name, schema in schemas.items()]
    assert sorted(title for title in titles if titles.count(title) > 1) == []


def test_a_status_an_operation_mentions_is_one_it_declares(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    mentioned_only = [f"{method.upper()} {path} {status}" for path, item in spec["paths"].items()
                      for method, operation in item.items() if isinstance(operation, dict)
                      for status in re.findall(r"\b(30[0-9]|4[0-9][0-9]|503)\b", operation.get("description", ""))
                      if status not in operation["responses"]]
    assert mentioned_only == []


def test_idempotency_keys_are_declared_with_what_they_bring(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    keyed = {(method, path): (operation, parameter) for path, item in spec["paths"].items()
             for method, operation in item.items() if isinstance(operation, dict)
             for parameter in operation.get("parameters", ()) if parameter["name"] == "Idempotency-Key"}
    assert len(keyed) >= 19
    required = sorted(path for (_, path), (_, parameter) in keyed.items() if parameter["required"])
    assert required == ["/api/v1/bonus-cards/{card_id}/top-ups", "/api/v1/members/{member_id}/points/spend",
                        "/api/v1/members/{member_id}/redemptions", "/api/v1/vouchers/redeem"]
    for operation, parameter in keyed.values():
        assert "`idempotency_mismatch`" in operation["responses"]["409"]["description"]
        assert ("`idempotency_key_required`" in operation["responses"]["422"]["description"]) == parameter["required"]
        assert all("Idempotent-Replayed" in response["headers"] for status, response in operation["responses"].items()
                   if status.startswith("2"))


def test_retry_after_is_declared_wherever_the_server_may_send_it(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    responses = [response for item in spec["paths"].values() for operation in item.values()
                 if isinstance(operation, dict) for status, response in operation["responses"].items()
                 if status in ("429", "503")]
    assert len(responses) > 90
    assert [response for response in responses if "Retry-After" not in response.get("headers", {})] == []


# GETs answering an object with `items` that is not a page: the whole of something, not a list one pages through.
NOT_PAGED = {
    "/api/v1/members/{member_id}/catalogue": "the member's view of every active reward, cheapest first",
    "/api/v1/segments": "the program's segments by name, as the segment editor lists them",
    "/api/v1/segments/{segment_id}/sizes": "one size a day, the chart's whole series",
    "/api/v1/members/{member_id}/badges": "the member's view of every active badge with the progress toward it",
    "/api/v1/members/{member_id}/challenges": "the member's current challenges and those open to join, live",
    "/api/v1/contests/{contest_id}/winners": "the drawn winners, at most the contest's winners_count",
    "/api/v1/members/{member_id}/content": "what one member may see: the program's few published items, filtered",
}
PAGING = {"cursor", "limit", "before_id", "after_id"}


def test_every_list_is_a_page_taking_cursor_and_limit(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    lists: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for path, item in spec["paths"].items():
        answer = item.get("get", {}).get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if not path.startswith("/api/v1/") or answer is None or path in NOT_PAGED:
            continue
        schema = answer["schema"]
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema
        parameters = {parameter["name"]: parameter for parameter in item["get"].get("parameters", [])}
        properties = schema.get("properties", {})
        if schema.get("type") == "array" or "items" in properties or PAGING & set(parameters) \
                or any(name.startswith("next_") for name in properties):
            lists[path] = schema, parameters

    not_pages = {path: schema.get("title") for path, (schema, _) in lists.items()
                 if schema.get("type") != "object" or not {"items", "next_cursor"} <= set(schema.get("required", []))
                 or schema["properties"]["items"].get("type") != "array"
                 or schema["properties"]["next_cursor"].get("anyOf") != [{"type": "string"}, {"type": "null"}]}
    without_paging = {path: sorted(parameters) for path, (_, parameters) in lists.items()
                      if not {"cursor", "limit"} <= set(parameters) or {"before_id", "after_id"} & set(parameters)}

    assert len(lists) >= 27 and not_pages == {} and without_paging == {}
    limits = {(parameters["limit"]["schema"].get("minimum"), parameters["limit"]["schema"].get("maximum"),
               parameters["limit"]["schema"].get("default")) for _, parameters in lists.values()}
    cursors = {parameters["cursor"]["schema"]["anyOf"][0]["type"] for _, parameters in lists.values()}
    assert limits == {(1, 200, 50)} and cursors == {"string"}
    assert all("200" in parameters["limit"]["description"] for _, parameters in lists.values())
    assert all(re.fullmatch(r"[A-Z][A-Za-z]*Page|MemberReferralsRead", str(schema["title"]))
               for schema, _ in lists.values())
    for path in NOT_PAGED:                                   # an exception is not a half-paged list
        assert "cursor" not in {p["name"] for p in spec["paths"][path]["get"].get("parameters", [])}


# What a request takes (a body schema's property, or an operation's query parameter) and the
# answers' properties that carry the same thing: a generated client must get one type for both.
SAME_VALUES: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = [
    (("RewardCreate", "kind"), [("RewardRead", "kind"), ("CatalogueItemRead", "kind"), ("RedemptionRead", "kind"),
                                ("GiftRedemptionRead", "kind")]),
    (("get /api/v1/rewards", "kind"), [("RewardRead", "kind")]),
    (("CampaignCreate", "kind"), [("CampaignRead", "kind"), ("CampaignSummaryRead", "kind"),
                                  ("MemberVoucherRead", "kind"), ("VoucherRedemptionRead", "kind"),
                                  ("AppliedVoucherOutcome", "kind"), ("RolledBackVoucher", "kind")]),
    (("CampaignCreate", "condition"), [("CampaignRead", "condition"), ("CampaignRead", "line_condition")]),
    (("StatusChange", "status"), [("RedemptionRead", "allowed_transitions", "items"),
                                  ("GiftRedemptionRead", "allowed_transitions", "items")]),
    (("get /api/v1/redemptions", "status"), [("RedemptionRead", "status"), ("StatusEntryRead", "status")]),
    (("get /api/v1/gift-redemptions", "status"), [("GiftRedemptionRead", "status")]),
    (("get /api/v1/gift-vouchers", "status"), [("GiftVoucherRead", "status")]),
    (("RuleCreate", "trigger"), [("RuleRead", "trigger"), ("RuleVersionRead", "trigger")]),
    (("RuleCreate", "effect"), [("RuleRead", "effect"), ("RuleVersionRead", "effect")]),
    (("RuleCreate", "condition"), [("RuleRead", "condition"), ("RuleVersionRead", "condition")]),
    (("PurchaseCreate", "channel"), [("PurchaseRead", "channel"), ("MemberPurchaseRead", "channel")]),
    (("ProgramUpdate", "units"), [("ProgramRead", "units")]),
    (("ProgramUpdate", "expiry_policy"), [("ProgramRead", "expiry_policy")]),
    (("MemberCreate", "enrolment_channel"), [("MemberRead", "enrolment_channel")]),
    (("get /api/v1/members", "status"), [("MemberRead", "status")]),
    (("TierPolicyWrite", "measure"), [("TierPolicyRead", "measure"), ("TierProgress", "measure")]),
]
# Left out when comparing: words, and the bounds a request is checked against.
WORDS = {"title", "description", "default", "examples", "minItems", "maxItems", "minLength", "maxLength", "minimum",
         "maximum", "exclusiveMinimum", "exclusiveMaximum", "pattern"}


def _shape(schema: Any, spec: dict[str, Any]) -> Any:
    """A schema as a client types its values: references resolved; null, words and bounds left out."""
    if isinstance(schema, list):
        return [_shape(item, spec) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return _shape(spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]], spec)
    options = [option for option in schema.get("anyOf", []) if option != {"type": "null"}]
    if len(options) == 1:
        return _shape(options[0], spec)
    return {key: {name: _shape(value, spec) for name, value in value.items()} if key == "properties"
            else _shape(value, spec) for key, value in schema.items() if key not in WORDS}


def _at(spec: dict[str, Any], where: tuple[str, ...]) -> Any:
    owner, name, *inside = where
    if " " in owner:                                                   # an operation's query parameter
        method, path = owner.split(" ")
        [schema] = [parameter["schema"] for parameter in spec["paths"][path][method]["parameters"]
                    if parameter["name"] == name]
    else:
        schema = spec["components"]["schemas"][owner]["properties"][name]
    schema = _shape(schema, spec)
    for step in inside:
        schema = schema[step]
    return schema


def test_answers_type_what_requests_take_the_same_way(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()                                 # given the published description

    differing = {f"{'.'.join(answer)} is not {'.'.join(request)}": (_at(spec, answer), _at(spec, request))
                 for request, answers in SAME_VALUES for answer in answers
                 if _at(spec, answer) != _at(spec, request)}                  # when answers are set beside requests

    assert differing == {}                                                    # then a client gets one type for each
    assert all("enum" in _at(spec, request) or "oneOf" in _at(spec, request) or "items" in _at(spec, request)
               or _at(spec, request).get("type") == "object" for request, _ in SAME_VALUES)


# The operations integrators start with, the answer each shows an example of, and its model.
EXAMPLED: dict[str, tuple[int, type[BaseModel]]] = {
    "enrol_member": (201, MemberRead), "record_purchase": (201, PurchaseOutcome), "read_balance": (200, BalanceRead),
    "spend_points": (201, MovementRead), "validate_voucher": (200, ValidationRead),
    "redeem_voucher": (201, VoucherRedemptionRead), "redeem_reward": (201, RedemptionRead),
    "list_members": (200, MemberPage), "member_purchases": (200, MemberPurchasePage),
}


def test_the_main_operations_answer_with_examples_that_are_valid_answers(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()                                      # given the published description
    operations = {operation["operationId"]: operation for item in spec["paths"].values()
                  for operation in item.values() if isinstance(operation, dict)}

    shown: dict[str, list[dict[str, Any]]] = {}
    for operation_id, (status, model) in EXAMPLED.items():                          # when a client reads the answers
        schema = operations[operation_id]["responses"][str(status)]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model.__name__}"}, operation_id
        shown[operation_id] = spec["components"]["schemas"][model.__name__].get("examples", [])

    assert {operation_id for operation_id, examples in shown.items() if not examples} == set()
    for operation_id, examples in shown.items():                                   # then each is a whole answer
        model = EXAMPLED[operation_id][1]
        schema = spec["components"]["schemas"][model.__name__]
        for example in examples:
            assert model.model_validate(example).model_dump(mode="json", by_alias=True) == example, operation_id
            assert _mismatches(example, schema, spec) == [], operation_id


def test_the_docs_pages_load_only_what_this_server_serves(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        response = client.get(page)
        assert response.status_code == 200
        assert "default-src 'self'" in response.headers["content-security-policy"]
        sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert sources and all(source.startswith("/docs-assets/") for source in sources), sources
        for source in sources:
            assert client.get(source).status_code == 200, source


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): operation for path, item in spec["paths"].items() for method, operation in item.items()}


def test_the_docs_can_send_the_api_key(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()                                       # given the published description

    operations = _operations(spec)                                                  # when /docs reads it
    unsecured_api = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                     if path.startswith("/api/v1/") and operation.get("security") != [{"ApiKey": []}]]
    secured_elsewhere = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                         if not path.startswith("/api/v1/") and "security" in operation]

    scheme = spec["components"]["securitySchemes"]["ApiKey"]                        # then it has an Authorize button
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert operations[("post", "/api/v1/purchases")]["security"] == [{"ApiKey": []}]
    assert unsecured_api == [] and secured_elsewhere == []
    assert "security" not in operations[("get", "/healthz")] and "security" not in operations[("get", "/r/{code}")]
    assert "security" not in spec  # no global requirement: /healthz and /r/{code} take no key


def test_the_header_the_scheme_describes_is_the_one_the_server_reads(client: TestClient, database: Database,
                                                                      program: Program) -> None:
    scheme = client.get("/openapi.json").json()["components"]["securitySchemes"]["ApiKey"]
    reader = make_api_key(database, program, scopes=["members:read"])
    # What Swagger UI sends for an HTTP bearer scheme once the key is pasted into Authorize.
    as_swagger_sends_it = {"Authorization": f"{scheme['scheme'].capitalize()} {reader.token}"}

    read = client.get("/api/v1/program", headers=as_swagger_sends_it)
    change = client.patch("/api/v1/program", json={"name": "x"}, headers=as_swagger_sends_it)
    anonymous = client.get("/api/v1/program")

    assert read.status_code == 200 and read.json()["id"] == program.id
    assert (change.status_code, change.json()["error"]["code"]) == (403, "missing_scope")
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "missing_api_key")


def test_every_error_answer_is_described_by_the_error_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    error_ref = {"$ref": "#/components/schemas/Error"}

    operations = _operations(spec)
    error_answers = {(method, path, status): response for (method, path), operation in operations.items()
                     for status, response in operation["responses"].items() if status[0] in "45"}
    not_error_schema = [answer for answer, response in error_answers.items()
                        if response.get("content", {}).get("application/json", {}).get("schema") != error_ref]
    without_auth_errors = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                           if "security" in operation and not {"401", "403", "503"} <= set(operation["responses"])]
    purchase = operations[("post", "/api/v1/purchases")]["responses"]

    assert len(error_answers) > 200 and not_error_schema == []
    assert without_auth_errors == []
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert "ValidationError" not in spec["components"]["schemas"]
    assert purchase["409"]["description"].startswith("`external_id_conflict`: this external_id was recorded")
    assert "`missing_api_key`" in purchase["401"]["description"]
    assert "`missing_scope`" in purchase["403"]["description"] and "`purchases:write`" in purchase["403"]["description"]
    assert purchase["422"]["description"].startswith("Invalid input")
    assert "`database_unavailable`" in purchase["503"]["description"]
    assert list(purchase) == ["201", "200", "401", "403", "404", "409", "413", "422", "429", "503"]
    without_not_found = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                         if "security" in operation and "{" in path and "404" not in operation["responses"]]
    assert without_not_found == []
    assert "401" not in operations[("get", "/healthz")]["responses"]


def test_real_error_answers_match_the_published_error_schema(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    schema = {"$ref": "#/components/schemas/Error"}
    api.post("/api/v1/members", json={"email": "anna@example.com"})

    invalid = api.post("/api/v1/members", json={"email": "x@example.com", "nickname": "A", "birth_date": "soon"})
    conflict = api.post("/api/v1/members", json={"email": "anna@example.com"})
    unauthorized = api.get("/api/v1/program", headers={"Authorization": "Bearer nope"})
    not_found = api.get("/api/v1/members/999999999")

    assert [invalid.status_code, conflict.status_code, unauthorized.status_code, not_found.status_code] == \
        [422, 409, 401, 404]
    assert invalid.json()["error"]["details"]["other_errors"] != []  # the optional part is checked too
    for response in (invalid, conflict, unauthorized, not_found):
        assert _mismatches(response.json(), schema, spec) == [], response.json()


# The JSON Schema keywords the Error schema uses: _mismatches checks each of them, so a new
# keyword there must be taught to it (jsonschema is not a dependency of the project).
CHECKED_KEYWORDS = {"$ref", "title", "description", "type", "required", "additionalProperties", "properties", "anyOf"}


def test_the_error_schema_uses_only_keywords_the_check_knows(client: TestClient) -> None:
    error = client.get("/openapi.json").json()["components"]["schemas"]["Error"]
    assert _keywords(error) <= CHECKED_KEYWORDS


def _keywords(schema: dict[str, Any]) -> set[str]:
    found = set(schema)
    for value in schema.get("properties", {}).values():
        found |= _keywords(value)
    for option in schema.get("anyOf", []):
        found |= _keywords(option)
    return found


def _mismatches(value: Any, schema: dict[str, Any], spec: dict[str, Any], at: str = "$") -> list[str]:
    """Where `value` breaks `schema`, for the keywords in CHECKED_KEYWORDS."""
    if "$ref" in schema:
        return _mismatches(value, spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]], spec, at)
    if "anyOf" in schema:
        return [] if any(not _mismatches(value, option, spec, at) for option in schema["anyOf"]) \
            else [f"{at}: matches none of anyOf"]
    types: dict[str, type] = {"object": dict, "string": str, "null": type(None), "array": list, "integer": int,
                              "boolean": bool}
    if "type" in schema and not isinstance(value, types[schema["type"]]):
        return [f"{at}: not {schema['type']}"]
    if not isinstance(value, dict):
        return []
    problems = [f"{at}.{name}: missing" for name in schema.get("required", []) if name not in value]
    properties = schema.get("properties", {})
    if schema.get("additionalProperties") is False:
        problems += [f"{at}.{name}: not in the schema" for name in value if name not in properties]
    for name, subschema in properties.items():
        if name in value:
            problems += _mismatches(value[name], subschema, spec, f"{at}.{name}")
    return problems


def _answer_schema(spec: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any]:
    schema: dict[str, Any] = spec["paths"][path][method]["responses"][str(status)]["content"]["application/json"][
        "schema"]
    return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema


def test_purchase_claim_and_refund_answers_are_what_their_schemas_say(api: TestClient, database: Database,
                                                                      program: Program) -> None:
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member_id = api.post("/api/v1/members", json={"email": "schema@example.com"}).json()["id"]
    lines = [{"sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1450}]
    recorded = api.post("/api/v1/purchases", json={"member": {"id": member_id}, "external_id": "S-1", "lines": lines})
    guest = api.post("/api/v1/purchases", json={"external_id": "S-2", "lines": lines})
    claimed = api.post("/api/v1/purchases/claim", json={"member": {"id": member_id}, "external_id": "S-2"})
    refunded = api.post(f"/api/v1/purchases/{recorded.json()['purchase_id']}/refunds", json={"amount": 2900})
    spec = api.get("/openapi.json").json()

    for answer, method, path, complete in (
            (recorded, "post", "/api/v1/purchases", True), (guest, "post", "/api/v1/purchases", False),
            (claimed, "post", "/api/v1/purchases/claim", True),
            (refunded, "post", "/api/v1/purchases/{purchase_id}/refunds", True)):
        schema = _answer_schema(spec, method, path, answer.status_code)
        body = answer.json()
        assert _mismatches(body, schema, spec) == [], (path, _mismatches(body, schema, spec))
        undocumented = set(body) - set(schema["properties"])
        assert undocumented == set(), (path, undocumented)
        if complete:  # a member's answer has every field the schema names
            assert set(schema["properties"]) - set(body) == set(), path


def test_points_movement_answers_are_what_their_schemas_say(api: TestClient, database: Database,
                                                            program: Program) -> None:
    assert api.patch("/api/v1/program", json={"allow_transfers": True}).status_code == 200
    anna, ben = (api.post("/api/v1/members", json={"email": f"{name}@example.com"}).json()["id"]
                 for name in ("anna", "ben"))
    points = f"/api/v1/members/{anna}/points"
    adjusted = api.post(f"{points}/adjust", json={"points": 100, "reason": "welcome"})
    spent = api.post(f"{points}/spend", json={"points": 30}, headers={"Idempotency-Key": "s-1"})
    moved = api.post(f"{points}/transfer", json={"to": {"id": ben}, "points": 20})
    spec = api.get("/openapi.json").json()

    for answer, kind in ((adjusted, "adjust"), (spent, "spend"), (moved, "transfer")):
        assert answer.status_code == 201, answer.json()
        schema = _answer_schema(spec, "post", f"/api/v1/members/{{member_id}}/points/{kind}", 201)
        assert _mismatches(answer.json(), schema, spec) == [], kind
        assert set(answer.json()) == set(schema["properties"]), kind


def test_every_read_of_an_id_the_program_lacks_is_the_documented_404(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    reads = [path for (method, path), operation in _operations(spec).items()
             if method == "get" and "security" in operation and "{" in path]
    answers = {path: api.get(re.sub(r"\{[a-z_]+\}", "NOPE", re.sub(r"\{[a-z_]*_id\}", "999999", path)))
               for path in reads}
    not_404 = {path: response.status_code for path, response in answers.items() if response.status_code != 404}
    assert len(reads) > 30 and not_404 == {}
    assert all(response.json()["error"]["code"].endswith("not_found") for response in answers.values())
