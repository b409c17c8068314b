"""A portal's client generated from /openapi.json alone: what the document declares is what the service takes.

The client below knows nothing of the service but the document: for an operation it reads the request
body's media type and its schema, sends the properties declared binary as file parts and the others as
fields. If the document said `application/x-www-form-urlencoded`, it would send no file, and be refused.
"""

from __future__ import annotations

import pytest

from tests.samples import PDF, TECHNICAL_CONDITIONS

MULTIPART = "multipart/form-data"


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        target = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def is_binary(document: dict, schema: dict) -> bool:
    """A file part, as OpenAPI says it: `format: binary` (3.0) or a contentMediaType (3.1), maybe nullable."""
    schema = resolve(document, schema)
    if schema.get("format") == "binary" or "contentMediaType" in schema:
        return True
    return any(is_binary(document, option) for option in schema.get("anyOf", []) if option.get("type") != "null")


def build_request(document: dict, path: str, values: dict[str, str | bytes]) -> dict:
    """httpx keyword arguments for POST `path`, from the operation's request body in the document."""
    content = document["paths"][path]["post"]["requestBody"]["content"]
    media_type, body = next(iter(content.items()))
    properties = resolve(document, body["schema"])["properties"]
    unknown = set(values) - set(properties)
    assert not unknown, f"the document does not declare {unknown}"
    if media_type != MULTIPART:
        return {"data": {name: value for name, value in values.items()}}  # a urlencoded form carries no file
    files = {name: (f"{name}.pdf", value, "application/pdf")
             for name, value in values.items() if is_binary(document, properties[name])}
    return {"files": files, "data": {name: value for name, value in values.items() if name not in files}}


@pytest.fixture
def document(client) -> dict:
    return client.get("/openapi.json").json()


def test_the_upload_operations_are_declared_multipart_with_binary_file_parts(document):
    for path, file_field in (("/v1/applications/technical-conditions", "address_document"),
                             ("/v1/cases/{application_id}/execution", "result_document")):
        content = document["paths"][path]["post"]["requestBody"]["content"]
        assert list(content) == [MULTIPART], path
        file_part = resolve(document, content[MULTIPART]["schema"])["properties"][file_field]
        assert file_part.get("format") == "binary", file_part  # what most generators and Swagger UI look for


def test_a_client_built_from_the_document_submits_and_executes(client, token, document):
    submitted = client.post("/v1/applications/technical-conditions", headers=token("citizen"),
                            **build_request(document, "/v1/applications/technical-conditions",
                                            TECHNICAL_CONDITIONS | {"address_document": PDF}))
    assert submitted.status_code == 201, submitted.text
    case = submitted.json()["id"]
    routed = client.post(f"/v1/cases/{case}/route", json={"unit": "TSS"}, headers=token("employee"))
    assert routed.status_code == 200, routed.text
    path = "/v1/cases/{application_id}/execution"
    executed = client.post(path.format(application_id=case), headers=token("employee", unit="TSS"),
                           **build_request(document, path, {"result_document": PDF}))
    assert executed.status_code == 200, executed.text
    assert executed.json()["status"] == "executed"
