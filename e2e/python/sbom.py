"""Validates the SBOM that scripts/sbom.sh writes: against the CycloneDX 1.5 JSON schema
(strictly, with CycloneDX's own library), then for what it must hold: the cocrea
application, the web app embedded in it, the crates both are made of, each with a version,
a licence and a package URL, and every dependency pointing at a listed component.
Usage: sbom.py target/sbom/cocrea.cdx.json. Prints the figures SECURITY.md reports.
"""

import json
import sys

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator


def fail(message):
    sys.exit(f"SBOM: {message}")


def main(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    validator = JsonStrictValidator(SchemaVersion.V1_5)
    errors = validator.validate_str(text)
    if errors:
        fail(f"not valid CycloneDX 1.5: {errors}")
    bom = json.loads(text)
    # A copy broken on purpose must not pass: the validation is known to bite.
    broken = json.loads(text)
    broken["components"][0]["type"] = "spreadsheet"
    if not validator.validate_str(json.dumps(broken)):
        fail("the schema validation accepted a component of an unknown type")
    if bom["bomFormat"] != "CycloneDX" or bom["specVersion"] != "1.5":
        fail("not a CycloneDX 1.5 document")
    app = bom["metadata"]["component"]
    if app["name"] != "cocrea" or app["type"] != "application":
        fail(f"describes {app['name']!r}, not the cocrea application")

    components = bom["components"]
    by_name = {}
    for component in components:
        by_name.setdefault(component["name"], []).append(component)
        for field in ("version", "purl", "licenses"):
            if not component.get(field):
                fail(f"{component['name']} has no {field}")
    for shipped in ("frontend", "actix-web", "sea-orm", "leptos", "ammonia", "jsonwebtoken", "wasm-bindgen"):
        if shipped not in by_name:
            fail(f"{shipped} is missing")
    for absent in ("cargo-deny", "cargo-cyclonedx"):
        if absent in by_name:
            fail(f"{absent} should not be in the cocrea binary")

    refs = {c["bom-ref"] for c in components} | {app["bom-ref"]}
    for entry in bom["dependencies"]:
        for ref in [entry["ref"], *entry.get("dependsOn", [])]:
            if ref not in refs:
                fail(f"the dependency graph names {ref}, which is not listed")

    registry = [c for c in components if c["purl"].startswith("pkg:cargo/") and "download_url=file" not in c["purl"]]
    licences = sorted({l.get("expression") or l["license"].get("id", l["license"].get("name")) for c in components for l in c["licenses"]})
    print(
        f"  CycloneDX 1.5, valid: {len(components)} components "
        f"({len(registry)} crates from crates.io, {len(components) - len(registry)} of the workspace), "
        f"{len(licences)} licence expressions"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
