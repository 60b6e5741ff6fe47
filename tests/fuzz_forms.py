"""The machinery of the hostile-input fuzz (tests/test_fuzz_forms.py): the pages to visit, the forms
found on them, the hostile values posted to them and the snapshot that tells a write.

The forms are not listed by hand: every page of the rooms below is opened as every role, and every
form on it (its action, fields, choices and the values it comes filled with) becomes a target. The
pages themselves come from the URLconf; a new URL makes `test_every_page_is_listed_for_the_fuzz`
fail until `URL_ARGUMENTS` says how to name its objects.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

# The URL namespaces of the rooms (every form of every role lives under one of them), and the
# project-level names outside a namespace: the login, the password pages, the language switch.
ROOMS = ("staff", "committee", "reports", "showcase", "campaigns", "jobs")
TOP_LEVEL = (
    "login",
    "two_factor",
    "set_language",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
)
# Left out on purpose: the admin (its own fuzz), the API (schemathesis checks it), health probes,
# and logout (it would end the role's session in the middle of the run).
LEFT_OUT = ("logout",)

# Form actions never posted to: logout ends the session the fuzz runs in.
SKIPPED_ACTIONS = ("/accounts/logout/",)

# Numbers a form or a URL should refuse quietly: past every integer column (2**63 and beyond),
# negative, zero, and spellings int() rejects or that overflow a float.
HUGE_NUMBERS = [2**31, 2**63 - 1, 2**63, 2**64, 10**30, -1, -(2**63) - 1, 0]
NUMBER_SPELLINGS = ["1e309", "NaN", "Infinity", "-0", "0x10", "１２", "1_000", " 7 ", "3.5"]
MALFORMED_DATES = [
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "31/02/2025",
    "99999-01-01",
    "0001-01-01",
    "9999-12-31",
    "2025-1-1T00:00",
    "hôm qua",
]
# Characters that break databases, terminals and the reading direction.
CONTROL_CHARACTERS = ["\x00", "\x01", "\x1b[31m", "\u202e", "\u2066", "\ufeff", "\u200b", "\r\n", "\ud800"]
# Markup that must come back escaped, whichever field or file name carried it.
MARKER = '<i data-fuzz="1">'


def hostile_text() -> st.SearchStrategy[str]:
    """Strings no form should choke on: empty, overlong, control and bidirectional characters, markup."""
    return st.one_of(
        st.sampled_from(["", " ", "\t\n", MARKER + "x", "'; DROP TABLE x; --", "%s%n{0}{{x}}", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]),
        st.builds(lambda n: "a" * n, st.sampled_from([256, 501, 5_001, 20_001, 70_000])),
        st.builds(
            lambda prefix, control, suffix: prefix + control + suffix,
            st.text(max_size=20),
            st.sampled_from(CONTROL_CHARACTERS),
            st.sampled_from(["", "x", MARKER]),
        ),
        st.text(min_size=1, max_size=60),
    )


def hostile_number(other_ids: list[int]) -> st.SearchStrategy[str]:
    """Ids and numbers: huge, negative, someone else's, or no number at all."""
    pool = [str(n) for n in HUGE_NUMBERS] + NUMBER_SPELLINGS
    strategies = [st.sampled_from(pool), st.integers().map(str)]
    if other_ids:
        strategies.append(st.sampled_from(other_ids).map(str))
    return st.one_of(*strategies)


def hostile_date() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(MALFORMED_DATES), hostile_text())


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    content_type: str


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILE_NAMES = [
    "a" * 300 + ".png",
    "b" * 600 + ".pdf",
    "../../etc/passwd.png",
    "..\\..\\boot.ini.pdf",
    "thư mục/con/ảnh.png",
    "nul\x00byte.png",
    "\u202egnp.exe",
    MARKER + ".png",
    ".png",
    "CON.pdf",
    "",
]


def hostile_upload() -> st.SearchStrategy[Upload]:
    """Files of the wrong type, empty, and names overlong or holding separators, NUL and markup."""
    contents = st.sampled_from(
        [
            (PNG, "image/png"),
            (PDF, "application/pdf"),
            (b"", "image/png"),
            (b"MZ\x90\x00 not a picture", "image/png"),
            (b"<script>alert(1)</script>", "text/html"),
            (b"PK\x03\x04 broken zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ]
    )
    return st.builds(
        lambda name, body: Upload(name, body[0], body[1]),
        st.one_of(st.sampled_from(FILE_NAMES), st.text(min_size=1, max_size=40).map(lambda s: s + ".png")),
        contents,
    )


# ----- the forms on a page ------------------------------------------------------------------------
@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, select, checkbox, radio, hidden, file, password, email…
    values: list[str] = field(default_factory=list)  # what the page fills in (checked / selected)
    options: list[str] = field(default_factory=list)  # every choice offered
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.method, urlsplit(self.action).path, tuple(sorted(self.fields)))

    def defaults(self) -> dict[str, list[str]]:
        """What a person pressing the button without touching anything would send."""
        sent: dict[str, list[str]] = {}
        for f in self.fields.values():
            if f.kind == "file":
                continue
            if f.kind in ("checkbox", "radio"):
                if f.values:
                    sent[f.name] = list(f.values)
            elif f.kind == "select":
                sent[f.name] = list(f.values) or f.options[:1]
            else:
                sent[f.name] = list(f.values) or [""]
        return sent


class FormParser(HTMLParser):
    """Collect the forms of a page: inputs, textareas and selects, with their filled values."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._option_selected = False
        self._textarea: Field | None = None
        self._text: list[str] = []

    def _field(self, name: str, kind: str) -> Field:
        assert self._form is not None
        return self._form.fields.setdefault(name, Field(name, kind))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(
                method=(a.get("method") or "get").lower(), action=urljoin(self.page_url, a.get("action") or "")
            )
            self.forms.append(self._form)
        if self._form is None or tag not in ("input", "select", "option", "textarea", "button"):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                self._field(name, "hidden").values.append(a.get("value", ""))
                return
            f = self._field(name, kind)
            if kind in ("checkbox", "radio"):
                f.options.append(a.get("value", "on"))
                f.multiple = f.multiple or kind == "checkbox"
                if "checked" in a:
                    f.values.append(a.get("value", "on"))
            elif kind == "file":
                f.multiple = "multiple" in a
            else:
                f.values.append(a.get("value") or "")
        elif tag == "button" and name:
            self._field(name, "hidden").values.append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = self._field(name, "select")
            self._select.multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            self._option_selected = "selected" in a
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = self._field(name, "textarea")
            self._text = []

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option if self._option is not None else "".join(self._text).strip()
            self._select.options.append(value)
            if self._option_selected:
                self._select.values.append(value)
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.values.append("".join(self._text).lstrip("\n"))
            self._textarea = None


def forms_of(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


# ----- the pages ----------------------------------------------------------------------------------
def url_names() -> set[str]:
    """Every named URL of the rooms and of the top level this fuzz covers, from the URLconf."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ROOMS:
                    walk(p.url_patterns, p.namespace)
                elif p.namespace is None:
                    # django.contrib.auth.urls at the top; a room's pages under one prefix inside it.
                    walk(p.url_patterns, namespace)
            elif isinstance(p, URLPattern) and p.name:
                if namespace:
                    names.add(f"{namespace}:{p.name}")
                elif p.name in TOP_LEVEL:
                    names.add(p.name)

    walk(get_resolver().url_patterns, None)
    return names


# ----- a snapshot of the saved data ---------------------------------------------------------------
SNAPSHOT_APPS = ("campaigns", "models_registry", "jobs", "auth", "api")
# Columns that change with reading, not writing.
VOLATILE = {"last_login"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of DVK's own tables (and the users), to tell whether a refused request wrote anything."""
    rows = {}
    for config in apps.get_app_configs():
        if config.label not in SNAPSHOT_APPS:
            continue
        for model in config.get_models():
            columns = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE]
            rows[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*columns))
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def multipart(values: dict[str, list[str]], files: dict[str, list[Upload]]) -> tuple[bytes, str]:
    """Encode a form as a browser would, file names verbatim (Django's test client strips folders)."""
    boundary = "fuzzBoundary" + os.urandom(8).hex()
    lines: list[bytes] = []
    for name, items in values.items():
        for item in items:
            lines += [
                f"--{boundary}".encode(),
                f'Content-Disposition: form-data; name="{name}"'.encode(),
                b"",
                item.encode("utf-8", "surrogatepass"),
            ]
    for name, uploads in files.items():
        for upload in uploads:
            filename = upload.filename.replace('"', "%22").replace("\r", "").replace("\n", "")
            lines += [
                f"--{boundary}".encode(),
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'.encode(
                    "utf-8", "surrogatepass"
                ),
                f"Content-Type: {upload.content_type}".encode(),
                b"",
                upload.content,
            ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"


def today_iso() -> str:
    return datetime.date.today().isoformat()
