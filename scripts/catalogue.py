"""The French catalogue of reports and messages: extract, update, compile, check.

    .venv/bin/python scripts/catalogue.py            update compliance.po from the code, compile .mo
    .venv/bin/python scripts/catalogue.py --check    exit 1 when the .po or .mo is stale

Extraction reads every ``_()``, ``ngettext()`` and ``N_()`` of the package (Python and Jinja2
templates) with Babel, and adds one entry per value of each closed vocabulary of
``compliance.i18n.TERMS`` (the kind as context), so that a value added to a vocabulary needs a
French label. Updating keeps every translation, leaves new texts empty (to be filled in the
.po) and drops texts the code no longer has. The .mo is committed: ``--check`` (and
tests/test_i18n.py) fails when it is not the compilation of the .po.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "compliance"
PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "compliance.po"
MO = PO.with_suffix(".mo")
METHODS = [("**.py", "python"), ("formats/templates/**.j2", "jinja2.ext:babel_extract")]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def template() -> Catalog:
    """Every text of the code to translate, with where it is used."""
    sys.path.insert(0, str(ROOT))
    from compliance.i18n import TERMS

    catalog = Catalog(project="compliance", domain="compliance", fuzzy=False)
    for file, line, message, comments, context in extract_from_dir(
        PACKAGE, METHODS, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        catalog.add(
            message, None, [(f"compliance/{file}", line)], auto_comments=comments, context=context
        )
    for kind, values in TERMS.items():
        for value in values:
            catalog.add(
                value.replace("_", " "),
                None,
                [("compliance/vocabulary.py", 0)],
                auto_comments=[f"a value of the vocabulary '{kind}'"],
                context=kind,
            )
    return catalog


def read() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="fr", domain="compliance")


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # File names without line numbers: moving code does not make the catalogue stale.
    write_po(
        out,
        catalog,
        width=100,
        sort_output=True,
        ignore_obsolete=True,
        include_previous=False,
        omit_header=False,
        include_lineno=False,
    )
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def translated(message: Message) -> bool:
    """Whether every form of ``message`` has a French text that is used: a fuzzy entry (a
    guess gettext tools mark for review) is left out of the .mo, so it counts as missing."""
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(forms) and not message.fuzzy


def updated() -> Catalog:
    """The .po brought up to the code: translations kept, new texts empty, old ones dropped."""
    current = read() if PO.exists() else Catalog(locale="fr", domain="compliance")
    current.update(template(), no_fuzzy_matching=True, update_header_comment=False)
    current.obsolete.clear()
    current.fuzzy = False
    current.revision_date = current.creation_date = current.creation_date.replace(
        year=2026, month=12, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    current.project, current.version = "compliance", ""
    current.header_comment = (
        "# French texts of the reports and messages of compliance.\n"
        "# Kept with scripts/catalogue.py; fill the empty msgstr."
    )
    current.msgid_bugs_address = ""
    current.language_team = current.last_translator = "compliance"
    # French: singular for 0 and 1 (gettext's classic rule; CLDR's third form, for millions,
    # never applies to our counts).
    current.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n > 1);")]
    return current


def main(argv: list[str]) -> int:
    catalog = updated()
    po, mo = po_bytes(catalog), mo_bytes(catalog)
    if "--check" in argv:
        stale = [
            p.name for p, data in ((PO, po), (MO, mo)) if not p.exists() or p.read_bytes() != data
        ]
        missing = [m.id for m in catalog if m.id and not translated(m)]
        for name in stale:
            print(f"{name} is stale: run .venv/bin/python scripts/catalogue.py", file=sys.stderr)
        for text in missing:
            print(f"no French text for: {text!r}", file=sys.stderr)
        return 1 if stale or missing else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(po)
    MO.write_bytes(mo)
    missing = sum(1 for m in catalog if m.id and not translated(m))
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} texts, {missing} without French text")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
