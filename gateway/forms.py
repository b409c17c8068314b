"""Multipart forms: the commands' fields plus their files, as the portals post them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import File, UploadFile
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from schemas.commands import (
    MeterActInput,
    ProvideInformationCommand,
    RecordExecutionCommand,
    SubmitTechnicalConditionsCommand,
    Text,
)

FILE_FIELDS = {"address_document", "power_of_attorney", "result_document"}
ACT_FIELDS = ("meter_serial", "initial_reading", "seal_number")

# A file part as OpenAPI 3.0 (`format: binary`) and 3.1 (`contentMediaType`) say it: generated clients and Swagger
# UI know the former, pydantic writes only the latter.
BinaryFile = Annotated[UploadFile, WithJsonSchema(
    {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"})]


class TechnicalConditionsForm(SubmitTechnicalConditionsCommand):
    address_document: Annotated[BinaryFile, Field(description="The legal document proving the address: PDF, JPG, JPEG or PNG")]
    power_of_attorney: Annotated[BinaryFile | None, Field(description="Etibarnamə, when applying for another person")] = None

    def command(self) -> SubmitTechnicalConditionsCommand:
        return SubmitTechnicalConditionsCommand(**self.model_dump(exclude=FILE_FIELDS))


class ExecutionForm(BaseModel):
    """The result document; for a meter, the act's fields too."""

    model_config = ConfigDict(extra="forbid")

    result_document: Annotated[BinaryFile, Field(description="Technical-conditions document or meter act: PDF, JPG, JPEG or PNG")]
    act_kind: Literal["installation", "registration"] | None = None
    meter_serial: Annotated[Text | None, Field(max_length=64)] = None
    initial_reading: Annotated[float | None, Field(ge=0, le=10_000_000)] = None
    seal_number: Annotated[Text | None, Field(max_length=64)] = None

    @model_validator(mode="after")
    def check_act_complete(self) -> ExecutionForm:
        """An incomplete act is the caller's mistake: refused here as a 422, before the command is built."""
        if self.act_kind is not None:
            missing = [name for name in ACT_FIELDS if getattr(self, name) in (None, "")]
            if missing:
                raise ValueError(f"a meter {self.act_kind} act records {', '.join(missing)}")
        return self

    def command(self) -> RecordExecutionCommand:
        if self.act_kind is None:
            return RecordExecutionCommand(act=None)
        assert self.initial_reading is not None  # check_act_complete refused an act without it
        return RecordExecutionCommand(act=MeterActInput(kind=self.act_kind, meter_serial=self.meter_serial or "",
                                                   initial_reading=self.initial_reading, seal_number=self.seal_number or ""))


MAX_INFORMATION_DOCUMENTS = 5


class InformationForm(BaseModel):
    """The applicant's answer to a request: a text, documents, or both."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[Text | None, Field(max_length=4000, description="The answer in words")] = None
    documents: Annotated[list[BinaryFile], Field(
        max_length=MAX_INFORMATION_DOCUMENTS, description="What was asked for: PDF, JPG, JPEG or PNG, up to five")] = []

    def command(self) -> ProvideInformationCommand:
        return ProvideInformationCommand(text=self.text or None)


# File() rather than Form(): a form with files is declared multipart/form-data, the body the routes really read.
TechnicalConditionsUpload = Annotated[TechnicalConditionsForm, File()]
ExecutionUpload = Annotated[ExecutionForm, File()]
InformationUpload = Annotated[InformationForm, File()]
