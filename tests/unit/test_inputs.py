"""What arrives from a portal or an employee, checked at the edge: the commands and the uploaded files."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from pydantic import ValidationError

from cases.documents import Upload, safe_file_name
from cases.errors import EmptyDocumentError, UnacceptableDocumentError
from gateway.adapters.document_contents import ContentInspector, sniff_media_type
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    MeterActInput,
    RecordExecutionCommand,
    RouteCommand,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from tests.samples import JPEG, METER_INSTALLATION, PDF, PNG, TECHNICAL_CONDITIONS, ZIP

CONTENTS = ContentInspector()

AZERBAIJANI_LETTERS = "Əə Ğğ Iı İi Öö Şş Üü Çç"


def technical_conditions(**changes) -> SubmitTechnicalConditionsCommand:
    return SubmitTechnicalConditionsCommand(**(TECHNICAL_CONDITIONS | changes))


def meter_installation(**changes) -> SubmitMeterInstallationCommand:
    return SubmitMeterInstallationCommand(**(METER_INSTALLATION | changes))


def refused_field(build, **changes) -> tuple:
    """The location of the single field a refused command names."""
    with pytest.raises(ValidationError) as refusal:
        build(**changes)
    return tuple(error["loc"] for error in refusal.value.errors())


# --- phone numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("050 123 45 67", "+994501234567"),
    ("0501234567", "+994501234567"),
    ("(050) 123-45-67", "+994501234567"),
    ("050.123.45.67", "+994501234567"),
    ("+994 55 765 43 21", "+994557654321"),
    ("+994557654321", "+994557654321"),
    ("00994 70 765 43 21", "+994707654321"),
    ("994 77 765 43 21", "+994777654321"),
    ("99 765 43 21", "+994997654321"),
    ("+994\u00a050\u00a0123\u00a045\u00a067", "+994501234567"),
    ("+7 912 345 67 89", "+79123456789"),  # a Russian mobile: the citizen may be abroad, or use a foreign SIM
    ("+90 532 123 45 67", "+905321234567"),
    ("0049 1512 3456789", "+4915123456789"),
])
def test_a_mobile_number_written_any_common_way_is_stored_as_e164(typed, stored):
    assert meter_installation(phone=typed).phone == stored
    assert technical_conditions(phone=typed).phone == stored


@pytest.mark.parametrize("typed", [
    "", "abc", "12345", "050-ABC-4567", "050 123 45 6", "050 123 45 678", "0001234567",
    "+994 33 123 45 67", "+994 20 123 45 67",  # no operator issues these
    "+994501234567 ext 5", "050 １２３ ４５ ６７", "5٠١٢٣٤٥٦٧", "9" * 20, "+" * 10, "++994501234567",
])
def test_a_number_no_phone_has_is_refused_in_azerbaijani(typed):
    with pytest.raises(ValidationError) as refusal:
        meter_installation(phone=typed)
    [error] = refusal.value.errors()
    assert error["loc"] == ("phone",)
    assert "telefon nömrəsi düzgün deyil" in error["msg"]


@pytest.mark.parametrize("typed", ["+994 12 497 00 00", "012 497 00 00", "+994 22 256 12 34", "+49 30 1234567"])
def test_a_landline_is_refused_as_it_cannot_take_an_sms(typed):
    with pytest.raises(ValidationError) as refusal:
        technical_conditions(phone=typed)
    [error] = refusal.value.errors()
    assert error["loc"] == ("phone",)
    assert "mobil deyil" in error["msg"]


@pytest.mark.parametrize(("command", "fields"), [(SubmitTechnicalConditionsCommand, TECHNICAL_CONDITIONS),
                                               (SubmitMeterInstallationCommand, METER_INSTALLATION)])
def test_the_phone_and_the_email_are_required(command, fields):
    with pytest.raises(ValidationError) as refusal:
        command(**{k: v for k, v in fields.items() if k not in ("phone", "email")})
    assert {(e["loc"], e["type"]) for e in refusal.value.errors()} == {(("phone",), "missing"), (("email",), "missing")}


# --- e-mail addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("resad.aliyev@example.az", "resad.aliyev@example.az"),
    ("Resad.Aliyev@Example.AZ", "Resad.Aliyev@example.az"),
    ("rəşad@example.az", "rəşad@example.az"),
    ("  resad@example.az ", "resad@example.az"),
])
def test_a_valid_email_is_accepted(typed, stored):
    assert meter_installation(email=typed).email == stored


@pytest.mark.parametrize("typed", [
    "", "not-an-email", "resad", "a@b", "a@@example.az", "@example.az", "resad@", "resad@example..az",
    "resad@example.az\n", "resad @example.az", "a@" + "b" * 250 + ".az",
    "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".az",  # 259 characters: longer than any mailbox
])
def test_an_invalid_email_is_refused(typed):
    assert refused_field(meter_installation, email=typed) == (("email",),)


# --- unknown fields --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "extra"), [
    (technical_conditions, {"fin": "1ABC234"}),
    (technical_conditions, {"applicant": {"fin": "1ABC234"}}),
    (technical_conditions, {"hose_number": "12"}),
    (meter_installation, {"subscriber": "1001234567"}),
    (meter_installation, {"status": "answered"}),
])
def test_an_unknown_field_is_refused_rather_than_dropped(build, extra):
    field = next(iter(extra))
    assert refused_field(build, **extra) == ((field,),)


@pytest.mark.parametrize(("command", "fields"), [
    (RouteCommand, {"unit": "TSS", "priority": "high"}),
    (AddNoteCommand, {"text": "qeyd", "author": "emp-1"}),
    (AnswerCommand, {"outcome": "fulfilled", "result": "ok"}),
    (AssignExecutorsCommand, {"executors": [{"id": "emp-7", "name": "Elvin", "phone": "0501234567"}]}),
    (RecordExecutionCommand, {"act": None, "document": "x"}),
])
def test_the_employees_commands_refuse_unknown_fields_too(command, fields):
    with pytest.raises(ValidationError) as refusal:
        command(**fields)
    assert [e["type"] for e in refusal.value.errors()] == ["extra_forbidden"]


# --- text: Azerbaijani letters kept, NFC, bounded --------------------------------------------------------


def decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_azerbaijani_letters_are_kept_as_typed():
    command = meter_installation(description=f"Sayğac: {AZERBAIJANI_LETTERS}")
    assert command.description == f"Sayğac: {AZERBAIJANI_LETTERS}"


def test_letters_typed_with_combining_marks_are_stored_composed():
    typed = decomposed("Şüvəlan qəsəbəsi, Gülçöhrə İsmayılova")
    assert typed != "Şüvəlan qəsəbəsi, Gülçöhrə İsmayılova"  # the keyboard sent base letters + marks
    command = technical_conditions(place=None, place_not_in_list=True, address_text=typed)
    assert command.address_text == "Şüvəlan qəsəbəsi, Gülçöhrə İsmayılova"
    assert AddNoteCommand(text=typed).text == "Şüvəlan qəsəbəsi, Gülçöhrə İsmayılova"
    assert meter_installation(description=typed).description == "Şüvəlan qəsəbəsi, Gülçöhrə İsmayılova"


def test_a_composed_and_a_decomposed_place_name_are_the_same_place():
    assert technical_conditions(place=decomposed("Biləcəri qəsəbəsi")).place == technical_conditions().place


def test_surrounding_whitespace_is_trimmed():
    assert AddNoteCommand(text="  Baxış keçirildi.\n").text == "Baxış keçirildi."


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_note_is_refused(text):
    with pytest.raises(ValidationError):
        AddNoteCommand(text=text)


def test_line_breaks_are_kept_inside_a_description():
    assert meter_installation(description="Birinci sətir\nİkinci sətir").description == "Birinci sətir\nİkinci sətir"


@pytest.mark.parametrize("text", ["qeyd\x00", "qeyd\x1b[31m", "qeyd\x7f"])
def test_control_characters_in_text_are_refused(text):
    with pytest.raises(ValidationError):
        AddNoteCommand(text=text)


@pytest.mark.parametrize(("build", "field", "limit"), [
    (meter_installation, "description", 2000),
    (technical_conditions, "place", 200),
    (technical_conditions, "address_text", 300),
])
def test_free_text_is_accepted_up_to_its_limit_and_refused_beyond(build, field, limit):
    assert len(getattr(build(**{field: "ə" * limit}), field)) == limit
    assert refused_field(build, **{field: "ə" * (limit + 1)}) == ((field,),)


def test_a_note_is_bounded():
    assert len(AddNoteCommand(text="ş" * 2000).text) == 2000
    with pytest.raises(ValidationError):
        AddNoteCommand(text="ş" * 2001)


# --- the technical-conditions form's own fields ----------------------------------------------------------


@pytest.mark.parametrize("number", ["1", "12", "147", "123456"])
def test_a_house_number_of_digits_is_accepted(number):
    assert technical_conditions(house_number=number).house_number == number


@pytest.mark.parametrize("number", ["", "12A", "-1", "1 2", "1234567", "１２", "١٢", "12/1"])
def test_a_house_number_that_is_not_digits_is_refused(number):
    assert refused_field(technical_conditions, house_number=number) == (("house_number",),)


@pytest.mark.parametrize("part", [None, "", "A", "Ə", "2", "2/1", "b-3"])
def test_the_second_part_of_a_house_number_may_be_empty_or_short(part):
    assert technical_conditions(house_number_part=part).house_number_part == part


@pytest.mark.parametrize("part", ["A B", "12345678901", "<b>", "2;1"])
def test_a_second_part_that_is_not_a_block_is_refused(part):
    assert refused_field(technical_conditions, house_number_part=part) == (("house_number_part",),)


def test_the_data_is_unconfirmed_unless_the_citizen_says_so():
    fields = {k: v for k, v in TECHNICAL_CONDITIONS.items() if k != "confirmed"}
    assert SubmitTechnicalConditionsCommand(**fields).confirmed is False


def test_the_form_sends_checkboxes_as_text():
    command = technical_conditions(confirmed="true", place_not_in_list="false", on_behalf_of_another="false")
    assert (command.confirmed, command.place_not_in_list, command.on_behalf_of_another) == (True, False, False)


@pytest.mark.parametrize("field", ["purpose", "district", "house_number"])
def test_the_required_fields_of_the_form_are_required(field):
    with pytest.raises(ValidationError) as refusal:
        SubmitTechnicalConditionsCommand(**{k: v for k, v in TECHNICAL_CONDITIONS.items() if k != field})
    assert [(e["loc"], e["type"]) for e in refusal.value.errors()] == [((field,), "missing")]


def test_a_command_cannot_be_changed_once_made():
    command = technical_conditions()
    with pytest.raises(ValidationError):
        command.phone = "+994551112233"


# --- the meter-installation form's own fields ------------------------------------------------------------


@pytest.mark.parametrize("code", ["123456", "1001234567", "123456789012"])
def test_a_subscriber_code_of_six_to_twelve_digits_is_accepted(code):
    assert meter_installation(subscriber_code=code).subscriber_code == code


@pytest.mark.parametrize("code", ["", "12345", "1234567890123", "10012345A7", " 1001234567", "１００１２３４５６７"])
def test_a_subscriber_code_that_is_not_six_to_twelve_digits_is_refused(code):
    assert refused_field(meter_installation, subscriber_code=code) == (("subscriber_code",),)


def test_the_description_may_be_left_empty():
    fields = {k: v for k, v in METER_INSTALLATION.items() if k != "description"}
    assert SubmitMeterInstallationCommand(**fields).description == ""


# --- the employee's commands -----------------------------------------------------------------------------


def test_an_assignment_names_at_least_one_and_at_most_twenty_executors():
    with pytest.raises(ValidationError):
        AssignExecutorsCommand(executors=[])
    with pytest.raises(ValidationError):
        AssignExecutorsCommand(executors=[{"id": f"e{i}", "name": "Elvin"} for i in range(21)])
    assert len(AssignExecutorsCommand(executors=[{"id": f"e{i}", "name": "Elvin"} for i in range(20)]).executors) == 20


@pytest.mark.parametrize("executor", [{"id": "", "name": "Elvin"}, {"id": "e1", "name": "  "}, {"id": "e1"}])
def test_an_executor_needs_an_id_and_a_name(executor):
    with pytest.raises(ValidationError):
        AssignExecutorsCommand(executors=[executor])


@pytest.mark.parametrize("outcome", ["approved", "", "FULFILLED"])
def test_an_answer_is_either_fulfilled_or_refused(outcome):
    with pytest.raises(ValidationError):
        AnswerCommand(outcome=outcome)


@pytest.mark.parametrize("change", [{"kind": "repair"}, {"initial_reading": -1}, {"initial_reading": 10_000_001},
                                    {"meter_serial": ""}, {"seal_number": ""}])
def test_a_meter_act_records_a_known_kind_a_sensible_reading_a_serial_and_a_seal(change):
    act = {"kind": "installation", "meter_serial": "AZ-SM-300001", "initial_reading": 0, "seal_number": "SL-1"}
    with pytest.raises(ValidationError):
        MeterActInput(**(act | change))


# --- uploaded documents: accepted by their content, never by their name ----------------------------------


@pytest.mark.parametrize(("content", "name", "media_type"), [
    (PDF, "çıxarış.pdf", "application/pdf"),
    (PDF, "scan.txt", "application/pdf"),
    (PDF, "noextension", "application/pdf"),
    (JPEG, "foto.jpg", "image/jpeg"),
    (JPEG, "foto.JPEG", "image/jpeg"),
    (JPEG, "foto.png", "image/jpeg"),
    (PNG, "skan.png", "image/png"),
    (PNG, "skan.pdf", "image/png"),
])
def test_pdf_jpeg_and_png_are_accepted_by_their_content_whatever_their_name(content, name, media_type):
    ref, accepted = Upload(field="address_document", name=name, content=content).accept(CONTENTS)
    assert ref.media_type == media_type
    assert accepted == content


@pytest.mark.parametrize(("content", "name"), [
    (ZIP, "çıxarış.pdf"),
    (b"MZ\x90\x00\x03" + b"\x00" * 32, "etibarnamə.pdf"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 32, "skan.png"),
    (b"GIF89a" + b"\x00" * 32, "foto.jpg"),
    (b"<html><script>alert(1)</script></html>", "sənəd.pdf"),
    (b" %PDF-1.4\n", "leading-space.pdf"),
    (b"%PDF", "truncated.pdf"),
    (b"\x89PNG", "truncated.png"),
])
def test_other_content_is_refused_even_when_named_like_an_accepted_type(content, name):
    with pytest.raises(UnacceptableDocumentError) as refusal:
        Upload(field="address_document", name=name, content=content).accept(CONTENTS)
    assert refusal.value.code == "unsupported-document-type"
    assert "PDF, JPG, JPEG or PNG" in refusal.value.detail


def test_an_empty_file_is_refused():
    with pytest.raises(EmptyDocumentError) as refusal:
        Upload(field="power_of_attorney", name="etibarnamə.pdf", content=b"").accept(CONTENTS)
    assert refusal.value.code == "empty-document"
    assert "power_of_attorney" in refusal.value.detail


def test_an_accepted_document_is_described_by_its_hash_size_role_and_a_safe_name():
    ref, _ = Upload(field="power_of_attorney", name="../../etibarnamə.jpg", content=JPEG).accept(CONTENTS)
    assert ref.as_dict() == {"role": "power_of_attorney", "sha256": hashlib.sha256(JPEG).hexdigest(),
                             "media_type": "image/jpeg", "size": len(JPEG), "name": "etibarnamə.jpg"}


def test_the_same_content_under_another_name_is_the_same_document():
    first, _ = Upload(field="address_document", name="a.pdf", content=PDF).accept(CONTENTS)
    second, _ = Upload(field="address_document", name="b.pdf", content=PDF).accept(CONTENTS)
    assert first.sha256 == second.sha256


def test_sniffing_knows_only_the_three_accepted_types():
    assert [sniff_media_type(c) for c in (PDF, PNG, JPEG, ZIP, b"")] == [
        "application/pdf", "image/png", "image/jpeg", None, None]


@pytest.mark.parametrize(("received", "kept"), [
    ("çıxarış.pdf", "çıxarış.pdf"),
    ("sənəd (1).pdf", "sənəd (1).pdf"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\System32\\cmd.exe", "cmd.exe"),
    ("C:\\Users\\Rəşad\\Desktop\\çıxarış.pdf", "çıxarış.pdf"),
    ("/var/www/../çıxarış.pdf", "çıxarış.pdf"),
    (".htaccess", "htaccess"),
    ("..", "document"),
    ("../", "document"),
    ("/", "document"),
    ("", "document"),
    (None, "document"),
    ("  ad.pdf  ", "ad.pdf"),
    ("a\x00b\n.pdf", "ab.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    (decomposed("çıxarış.pdf"), "çıxarış.pdf"),
])
def test_file_names_are_kept_for_display_without_folders_or_hidden_characters(received, kept):
    assert safe_file_name(received) == kept


def test_a_very_long_file_name_is_shortened():
    assert len(safe_file_name("ə" * 500 + ".pdf")) == 120
