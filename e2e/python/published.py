"""What the server publishes, read by the tools third parties use.

- The OpenAPI document must pass openapi-spec-validator (the check integrators' tools
  run), and a copy broken on purpose must not, so the check is known to bite.
- Every feed (all ideas, follow-ups, questions, each theme, each question's answers; Atom
  and RSS) must parse in feedparser, the feed reader library most readers build on,
  without any error ("bozo"), as the format it claims, with absolute links. An idea whose
  title and body hold XML's special characters is posted first, and must come out of the
  feeds exactly as written.

Run by scripts/api-fuzz.sh against the demo server: COCREA_BASE is its address,
COCREA_ADMIN_TOKEN an admin's bearer token.
"""

import copy
import json
import os
import sys
import urllib.request

import feedparser
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

BASE = os.environ["COCREA_BASE"]
TOKEN = os.environ["COCREA_ADMIN_TOKEN"]

TRICKY_TITLE = "Frais & « plafonds » <b>]]> 🏦 ❤️ l'été"
TRICKY_BODY = "**Gras** & <script>alert(1)</script> ]]> fin"


def fetch(path, body=None):
    request = urllib.request.Request(BASE + path)
    request.add_header("Authorization", f"Bearer {TOKEN}")
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return response.read(), response.headers.get("Content-Type", "")


def fetch_json(path, body=None):
    return json.loads(fetch(path, body)[0])


def check_openapi():
    document = fetch_json("/api/openapi.json")
    validate(document)
    # The error found on the landed code: a path parameter on a path without one.
    broken = copy.deepcopy(document)
    operation = broken["paths"]["/api/v1/unsubscribe"]["post"]
    operation.setdefault("parameters", []).append(
        {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
    )
    try:
        validate(broken)
    except OpenAPIValidationError:
        pass
    else:
        sys.exit("openapi-spec-validator accepted a document broken on purpose")
    print(f"  OpenAPI {document['openapi']}: {len(document['paths'])} paths, valid")


def themes():
    listed = fetch_json("/api/v1/themes")
    return listed.get("items", listed) if isinstance(listed, dict) else listed


def feed_paths():
    questions = fetch_json("/api/v1/questions?sort=new")["items"]
    paths = ["/feeds/ideas", "/feeds/follow-ups", "/feeds/questions"]
    paths += [f"/feeds/themes/{theme['slug']}" for theme in themes()]
    paths += [f"/feeds/questions/{question['id']}/answers" for question in questions[:5]]
    return paths


def check_feeds():
    fetch_json(
        "/api/v1/ideas",
        {"title": TRICKY_TITLE, "body": TRICKY_BODY, "theme": themes()[0]["slug"]},
    )
    checked = 0
    for path in feed_paths():
        for extension, version in (("atom", "atom10"), ("rss", "rss20")):
            body, content_type = fetch(f"{path}.{extension}")
            feed = feedparser.parse(body, response_headers={"content-type": content_type})
            where = f"{path}.{extension}"
            if feed.bozo:
                sys.exit(f"{where}: feedparser reports {feed.bozo_exception!r}")
            if feed.version != version:
                sys.exit(f"{where}: read as {feed.version!r}, not {version}")
            if not feed.feed.get("title"):
                sys.exit(f"{where}: no title")
            for entry in feed.entries:
                if not entry.get("title") or not entry.get("link", "").startswith("http"):
                    sys.exit(f"{where}: an entry without a title or an absolute link: {entry}")
            if path in ("/feeds/ideas", "/feeds/follow-ups", "/feeds/questions") and not feed.entries:
                sys.exit(f"{where}: no entries, though the demo community has some")
            if path == "/feeds/ideas":
                titles = [entry.title for entry in feed.entries]
                if TRICKY_TITLE not in titles:
                    sys.exit(f"{where}: the idea titled {TRICKY_TITLE!r} is missing or altered: {titles[:3]}")
            checked += 1
    print(f"  {checked} feeds parsed by feedparser {feedparser.__version__}, no error")


if __name__ == "__main__":
    check_openapi()
    check_feeds()
