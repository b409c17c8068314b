"""Commands: what a portal or an employee asks the case registry to do.

Field constraints live here, so a malformed command is refused at the edge
with the field named, before any rule of the domain is consulted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, model_validator

from schemas.text import first_lone_surrogate, normalise_text

# [0-9], not \d: Python's \d also matches Arabic-Indic and full-width digits, which phonenumbers would
# quietly read as ASCII; a number is typed in ASCII digits, with spaces, dashes, dots and brackets at most.
_DIALLED = re.compile(r"\+?[0-9]{4,17}")
_SEPARATORS = re.compile(r"[\s\-().]")
# What the libphonenumber metadata calls a number that can take an SMS. Where a country's numbers do not
# tell the two apart (the United States, Canada), FIXED_LINE_OR_MOBILE is all it can say.
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
PHONE_EXAMPLE = "+994 50 123 45 67"
INVALID_PHONE = f"telefon nömrəsi düzgün deyil; nümunə: {PHONE_EXAMPLE}"
NOT_A_MOBILE = f"bu nömrə mobil deyil: SMS yalnız mobil nömrəyə göndərilir; nümunə: {PHONE_EXAMPLE}"


def normalise_phone(value: str) -> str:
    """The citizen's mobile number, written any common way (an Azerbaijani one without the country code),
    as E.164. A number no operator issues (+994 33 …) or a landline (+994 12 …) cannot take the SMS the
    citizen is told by, so it is refused here, in words the citizen reads."""
    dialled = _SEPARATORS.sub("", value)
    if not _DIALLED.fullmatch(dialled):
        raise ValueError(INVALID_PHONE)
    try:
        number = phonenumbers.parse(dialled, "AZ")
    except phonenumbers.NumberParseException:
        raise ValueError(INVALID_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(INVALID_PHONE)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValueError(NOT_A_MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def refuse_house_number_zero(value: str) -> str:
    """`0` or `000000` names no building: a number the pattern lets through, but no address has."""
    if not value.strip("0"):
        raise ValueError("a house number is not zero; give the building's number, e.g. 12")
    return value


Text = Annotated[str, AfterValidator(normalise_text)]
Phone = Annotated[str, Field(max_length=32), AfterValidator(normalise_phone)]
Email = Annotated[EmailStr, Field(max_length=254)]


class Command(BaseModel):
    """Unknown fields are refused: a typo must not silently drop data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def refuse_invalid_text_and_the_first_unknown_field(cls, data: object) -> object:
        """A lone surrogate anywhere in the body (a code, a key, a nested act) is refused before any field is
        read. One unknown field is enough to refuse: the rest of a body of a million of them is dropped
        unread, and `extra="forbid"` names the first one where it was found."""
        where = first_lone_surrogate(data)
        if where is not None:
            raise ValueError(f"{'.'.join(map(str, where)) or 'the body'}: the text holds a lone surrogate (such as "
                             "\\ud800), which is not a character")
        if isinstance(data, Mapping):
            first = next((name for name in data if name not in cls.model_fields), None)
            if first is not None:
                return {name: data[name] for name in cls.model_fields if name in data} | {first: data[first]}
        return data


class SubmitTechnicalConditionsCommand(Command):
    """The "Yeni müraciət yarat" form of the technical-conditions service."""

    purpose: Annotated[str, Field(max_length=64, description="Code from /v1/reference/purposes")]
    district: Annotated[str, Field(max_length=16, description="Code from /v1/reference/districts")]
    place: Annotated[Text | None, Field(max_length=200, description="A street, settlement or village of the district's list")] = None
    place_not_in_list: Annotated[bool, Field(description="Küçə/qəsəbə/kənd siyahıda mövcud deyil")] = False
    address_text: Annotated[Text | None, Field(max_length=300, description="The address typed when the place is not in the list")] = None
    house_number: Annotated[str, Field(pattern=r"^[0-9]{1,6}$", description="Building number: digits, not all zeros"),
                            AfterValidator(refuse_house_number_zero)]
    house_number_part: Annotated[Text | None, Field(max_length=10, pattern=r"^[\w/-]*$", description="Optional second part (block)")] = None
    on_behalf_of_another: Annotated[bool, Field(description="Applying for another person, with a power of attorney")] = False
    phone: Phone
    email: Email
    confirmed: Annotated[bool, Field(description="'I confirm the data is correct'")] = False


class SubmitMeterInstallationCommand(Command):
    """The water-meter installation form."""

    subscriber_code: Annotated[str, Field(pattern=r"^[0-9]{6,12}$", description="Abonent kodu")]
    reason: Annotated[str, Field(max_length=64, description="Code from /v1/reference/meter-reasons")]
    confirm_additional_meter: Annotated[bool, Field(description="Required when the subscriber already has an active meter")] = False
    phone: Phone
    email: Email
    description: Annotated[Text, Field(max_length=2000)] = ""


class RouteCommand(Command):
    """Forward a case to the unit that will execute it."""

    unit: Annotated[str, Field(max_length=16, description="Code from /v1/reference/units")]


class ExecutorInput(Command):
    # An executor as an employee names them; recorded as the contract's Executor (schemas.event_payloads).
    # The title keeps the API document's name for it.
    model_config = ConfigDict(title="Executor")

    id: Annotated[Text, Field(min_length=1, max_length=64)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]


class AssignExecutorsCommand(Command):
    executors: Annotated[list[ExecutorInput], Field(min_length=1, max_length=20)]


class AddNoteCommand(Command):
    text: Annotated[Text, Field(min_length=1, max_length=2000)]
    visible_to_applicant: bool = False


class MeterActInput(Command):
    """What the meter installation act (sayğac quraşdırma aktı) records."""

    # As an employee enters it; recorded as the contract's MeterAct (schemas.event_payloads).
    model_config = ConfigDict(title="MeterAct")

    kind: Literal["installation", "registration"] = Field(
        description="installation: a meter was installed; registration: the subscriber's own meter was registered")
    meter_serial: Annotated[Text, Field(min_length=1, max_length=64)]
    initial_reading: Annotated[float, Field(ge=0, le=10_000_000)]
    seal_number: Annotated[Text, Field(min_length=1, max_length=64)]


class RecordExecutionCommand(Command):
    """The act is required for meter installation and absent for technical conditions."""

    act: MeterActInput | None = None


class AnswerCommand(Command):
    outcome: Literal["fulfilled", "refused"]
    reason_code: Annotated[str | None, Field(
        max_length=64, description="Required when refused: code from /v1/reference/refusal-reasons")] = None


class RequestInformationCommand(Command):
    """What an employee asks of the applicant, and (optionally) within how many working days."""

    question: Annotated[Text, Field(min_length=1, max_length=2000, description="Shown to the applicant as written")]
    answer_within_days: Annotated[int | None, Field(
        ge=1, le=60, description="The applicant's term in working days; the configured default when absent")] = None


class ExtendDeadlineCommand(Command):
    """A supervisor's extension of a case's term."""

    working_days: Annotated[int, Field(ge=1, le=60, description="Working days to add to the term")]
    reason: Annotated[Text, Field(min_length=1, max_length=2000)]


class ProvideInformationCommand(Command):
    """The applicant's answer in words (documents come beside it, in the same form)."""

    text: Annotated[Text | None, Field(max_length=4000)] = None


class RecordDaySwapCommand(Command):
    """A day the Cabinet of Ministers made a working day or a rest day by decree."""

    day: date = Field(description="The day (ISO date)")
    working: bool = Field(description="true: a working day (say, a Saturday worked); false: a rest day")
    decree: Annotated[Text, Field(min_length=1, max_length=200, description="The decree's reference, e.g. its number and date")]
    reason: Annotated[Text, Field(min_length=1, max_length=1000, description="Why it is recorded (what the decree moves)")]
