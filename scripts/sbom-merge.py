"""Merges the web app's SBOM into the server's: the cocrea binary embeds the web app
(WebAssembly), so its crates are shipped too. Usage: sbom-merge.py SERVER WEB > MERGED.

Components are keyed by bom-ref: a crate both use is listed once. The web app becomes a
component of its own, which the cocrea application depends on, and the dependency graph
is the union of both graphs. Standard library only: no tool to install.
"""

import json
import sys


def main(server_path, web_path):
    with open(server_path, encoding="utf-8") as f:
        server = json.load(f)
    with open(web_path, encoding="utf-8") as f:
        web = json.load(f)

    app = server["metadata"]["component"]
    embedded = dict(web["metadata"]["component"])
    embedded["description"] = (
        "The web app, compiled to WebAssembly and embedded in the cocrea binary"
    )

    components = {c["bom-ref"]: c for c in server["components"]}
    for component in [embedded] + web["components"]:
        components.setdefault(component["bom-ref"], component)
    server["components"] = sorted(components.values(), key=lambda c: c["bom-ref"])

    graph = {}
    for entry in server.get("dependencies", []) + web.get("dependencies", []):
        graph.setdefault(entry["ref"], set()).update(entry.get("dependsOn", []))
    graph.setdefault(app["bom-ref"], set()).add(embedded["bom-ref"])
    server["dependencies"] = [
        {"ref": ref, "dependsOn": sorted(depends_on)}
        for ref, depends_on in sorted(graph.items())
    ]
    json.dump(server, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
