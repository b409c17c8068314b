"""A case whose documents carry scripts: showing them inline runs nothing, and they reach nothing.

The service refuses such files at upload (tests/security/test_uploads.py); here the inspector is one that
judges by the first bytes alone (as an older release's might have), so the files are stored, and the page
must still be safe: a PDF's pages drawn as images on the server (no viewer in the browser runs its script),
images as images, each served with nosniff and a sandboxing Content-Security-Policy."""

from __future__ import annotations

import pikepdf
from pikepdf import Name, String

from gateway.settings import Settings
from tests.browser.console import served, sign_in
from tests.fakes import FakeDocumentInspector
from tests.hostile_documents import image_holding_a_pdf, pikepdf_document, pypdf_finds
from tests.samples import TECHNICAL_CONDITIONS


def scripted_pdf(beacon: str) -> bytes:
    script = f"app.launchURL('{beacon}', true); app.alert('pwned'); this.submitForm('{beacon}');"

    def open_with_script(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(S=Name.JavaScript, JS=String(script)))
    return pikepdf_document(open_with_script)


def use_an_inspector_that_reads_first_bytes_only(services) -> None:
    services.registry.inspector.close()
    services.registry.inspector = FakeDocumentInspector()


def test_a_case_with_hostile_documents_runs_no_script(tmp_path, person):
    with served(Settings(_env_file=None, data_dir=tmp_path, database_url=None), use_an_inspector_that_reads_first_bytes_only) \
            as console:
        beacon = f"{console.url}/pwned"
        pdf, png = scripted_pdf(beacon), image_holding_a_pdf("image/png")
        assert pypdf_finds(pdf, "/JavaScript") and b"/OpenAction" in png  # they really carry their scripts
        case = console.api("POST", "/v1/applications/technical-conditions", "citizen",
                           data=TECHNICAL_CONDITIONS | {"on_behalf_of_another": "true"},
                           files={"address_document": ("cixaris.pdf", pdf, "application/pdf"),
                                  "power_of_attorney": ("etibarname.png", png, "image/png")}).json()
        page = person()
        dialogs, requests, documents = [], [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.context.on("request", lambda request: requests.append(request.url))
        page.context.on("response", lambda r: documents.append(r) if "/documents/" in r.url else None)
        sign_in(page, console, "employee", "BIN")
        page.goto(f"{console.url}/console/cases/{case['id']}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)  # give a script every chance to run: this asserts it did not, not how fast

        assert dialogs == []
        assert not [url for url in requests if not url.startswith(console.url) or "/pwned" in url]
        shown = [r.url for r in documents]
        assert len(set(shown)) == 2 and any(url.endswith("/pages/1") for url in shown)
        for url in set(shown):  # as the server sends them (the browser's PDF viewer answers its frame itself)
            headers = page.request.get(url).headers
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["content-disposition"].startswith("inline")
            assert headers["content-security-policy"].startswith("sandbox; default-src 'none'")
        assert page.locator("iframe, object, embed").count() == 0  # no viewer: the PDF is shown as images of its pages
        first_page = page.get_by_role("img", name="Sənəd: cixaris.pdf, səhifə 1 (bütün səhifələr)")
        assert first_page.evaluate("image => image.complete && image.naturalWidth > 800")  # drawn on the server
