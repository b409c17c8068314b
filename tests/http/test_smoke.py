from tests.samples import TECHNICAL_CONDITIONS, address_document


def test_a_submitted_application_appears_in_the_citizens_list(client, token):
    citizen = token("citizen")
    submitted = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                            files=address_document(), headers=citizen)
    assert submitted.status_code == 201, submitted.text
    listed = client.get("/v1/applications", headers=citizen).json()
    assert [a["number"] for a in listed["data"]] == [submitted.json()["number"]]
