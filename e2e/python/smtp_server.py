"""A real SMTP server for the tests: aiosmtpd on a free loopback port, STARTTLS required,
on a certificate for 127.0.0.1 from a throw-away CA (trustme).

Usage: smtp_server.py DIR [--refuse N]
Writes DIR/ca.pem (the CA a client must trust), keeps every message it accepts as
DIR/NNNNN.eml (written whole, then renamed), answers 451 to the first N messages (to
exercise retries), and prints "SMTP ready on PORT" once it listens. Runs until killed.
"""

import argparse
import asyncio
import itertools
import pathlib
import ssl

import trustme
from aiosmtpd.smtp import SMTP


class Keep:
    def __init__(self, out: pathlib.Path, refuse: int):
        self.out = out
        self.refuse = refuse
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        if session.ssl is None:
            return "530 Must issue a STARTTLS command first"
        if self.refuse > 0:
            self.refuse -= 1
            return "451 Try again later"
        number = next(self.numbers)
        partial = self.out / f".{number:05}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.out / f"{number:05}.eml")
        return "250 Queued"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=pathlib.Path)
    parser.add_argument("--refuse", type=int, default=0)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(args.dir / "ca.pem"))
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(tls)

    handler = Keep(args.dir, args.refuse)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="cocrea-test-smtp", tls_context=tls, require_starttls=True),
        host="127.0.0.1",
        port=0,
    )
    port = server.sockets[0].getsockname()[1]
    print(f"SMTP ready on {port}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
