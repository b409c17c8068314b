"""Errors of the domain. Each has a stable `code`; the gateway maps codes to HTTP."""

from __future__ import annotations


class CaseError(Exception):
    """Base of every refusal the domain can give. Nothing is recorded when raised."""

    code = "case-error"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class ApplicationNotFoundError(CaseError):
    """No such application, or none the caller may see (the two are not told apart)."""

    code = "application-not-found"

    def __init__(self) -> None:
        super().__init__("No such application.")


class TransitionNotAllowedError(CaseError):
    """The command does not fit the application's current status."""

    code = "transition-not-allowed"

    def __init__(self, action: str, status: str):
        super().__init__(f"Cannot {action} an application whose status is '{status}'.")
        self.status = status


class NoResultDocumentError(TransitionNotAllowedError):
    """The application ended without a result document: refused, or withdrawn."""

    code = "no-result-document"

    def __init__(self, status: str, detail: str):
        CaseError.__init__(self, detail)
        self.status = status


class ResultNotReadyError(TransitionNotAllowedError):
    """The application has not been answered yet: its result, if any, is still to come."""

    code = "result-not-ready"

    def __init__(self, status: str):
        CaseError.__init__(self, f"The result is not ready: the application has not been answered yet (its status is "
                                 f"'{status}'). The citizen is told by e-mail and SMS when it is.")
        self.status = status


class StaleVersionError(CaseError):
    """The caller decided on an older version of the application than the current one."""

    code = "stale-version"

    def __init__(self, expected: int | None = None, actual: int | None = None):
        seen = f"since version {expected}" if expected is not None else "meanwhile"
        now = f"; it is now at version {actual}" if actual is not None else ""
        super().__init__(f"The application was changed {seen}{now}. Reload it and try again.")
        self.actual = actual


class InvalidReferenceError(CaseError):
    """A code that is not in the reference lists, or does not fit the application."""

    code = "invalid-reference"

    def __init__(self, field: str, detail: str):
        super().__init__(detail)
        self.field = field


class MissingInformationError(CaseError):
    """A field the rules require in this situation was not given."""

    code = "missing-information"

    def __init__(self, field: str, detail: str):
        super().__init__(detail)
        self.field = field


class UnknownSubscriberError(CaseError):
    code = "unknown-subscriber"

    def __init__(self, subscriber_code: str):
        super().__init__(f"No subscriber has the code {subscriber_code}.")


class AdditionalMeterNotConfirmedError(CaseError):
    """The subscriber already has an active meter; an additional one must be asked for explicitly."""

    code = "additional-meter-not-confirmed"

    def __init__(self, active_meters: int):
        super().__init__(
            f"This subscriber already has {active_meters} active meter(s). "
            "Confirm that an additional meter is wanted (confirm_additional_meter).")


class MeterReasonDoesNotFitError(CaseError):
    """The reason asks for what the subscriber register rules out (cases.application.METER_REASON_RULES)."""

    code = "meter-reason-does-not-fit"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.field = "reason"



class ExecutorNotAssignedError(CaseError):
    code = "executor-not-assigned"

    def __init__(self) -> None:
        super().__init__("Assign at least one executor before recording the installation.")


class ApplicantTermNotOverError(CaseError):
    """A refusal for no answer from the applicant before the request's own term has passed."""

    code = "applicant-term-not-over"

    def __init__(self, answer_by: str):
        super().__init__(f"The applicant may answer until the end of {answer_by} (Baku time): refuse for no answer "
                         "from the applicant only after that day.")


class ExtensionLimitReachedError(CaseError):
    """The case's term was extended as many times as the rules allow."""

    code = "extension-limit-reached"

    def __init__(self, limit: int):
        super().__init__(f"The term of this case was already extended {limit} time(s), as many as allowed.")


class ExtensionTooLongError(CaseError):
    """One extension adds more working days than allowed."""

    code = "extension-too-long"

    def __init__(self, limit: int):
        super().__init__(f"One extension adds at most {limit} working days.")
        self.field = "working_days"


class UnacceptableDocumentError(CaseError):
    """An upload that is not a PDF, JPEG or PNG by its content."""

    code = "unsupported-document-type"


class DamagedDocumentError(UnacceptableDocumentError):
    """A PDF, JPEG or PNG by its first bytes, but cut short or not well formed past them."""

    code = "damaged-document"


class UnsafeDocumentError(UnacceptableDocumentError):
    """A document that carries more than a document should: scripts, launch actions, embedded files, a second format."""

    code = "unsafe-document"


class CostlyDocumentError(UnacceptableDocumentError):
    """A document that could not be inspected within the time and memory allowed to one document."""

    code = "document-too-costly"


class EmptyDocumentError(CaseError):
    code = "empty-document"


class DocumentTooLargeError(CaseError):
    code = "document-too-large"


class IdempotencyKeyReusedError(CaseError):
    """The same Idempotency-Key came back with a different application."""

    code = "idempotency-key-reused"

    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was already used for a different application; use a new key.")
