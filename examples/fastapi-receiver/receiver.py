"""A minimal callback receiver in FastAPI: verifies the Standard Webhooks signature, drops repeats by webhook-id,
and answers 2xx quickly. The Python twin of examples/receiver.mjs.

Run: WEBHOOK_SIGNING_SECRET=whsec_... PORT=4000 python3 examples/fastapi-receiver/receiver.py

The signature is checked with the standard library alone (hmac, hashlib, base64), exactly as the Standard Webhooks
specification says; the `standardwebhooks` package does the same in one call (see README.md beside this file).
"""

import base64
import hashlib
import hmac
import json
import os
import socket
import time

from fastapi import FastAPI, Request, Response

TOLERANCE_SECONDS = 5 * 60  # the window standardwebhooks allows around webhook-timestamp, either way


class VerificationError(Exception):
    pass


def signing_key(secret: str) -> bytes:
    """`whsec_<base64>` -> the HMAC key: the base64 part, decoded."""
    encoded = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    key = base64.b64decode(encoded, validate=True)
    if not key:
        raise ValueError("WEBHOOK_SIGNING_SECRET is empty")
    return key


def sign(key: bytes, webhook_id: str, timestamp: int, body: bytes) -> str:
    """`v1,` + base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" (the body's exact bytes)."""
    signed = webhook_id.encode() + b"." + str(timestamp).encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(key: bytes, headers, body: bytes, now: float | None = None) -> None:
    """Raises VerificationError unless the headers carry a valid signature of `body`, made within the tolerance."""
    webhook_id = headers.get("webhook-id")
    timestamp_text = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not webhook_id or not timestamp_text or not signatures:
        raise VerificationError("missing required headers")
    if not timestamp_text.isascii() or not timestamp_text.isdigit():
        raise VerificationError("invalid webhook-timestamp")
    timestamp = int(timestamp_text)
    now = time.time() if now is None else now
    if timestamp < now - TOLERANCE_SECONDS:
        raise VerificationError("message timestamp too old")
    if timestamp > now + TOLERANCE_SECONDS:
        raise VerificationError("message timestamp too new")
    expected = sign(key, webhook_id, timestamp, body).encode()
    # The header may hold several space-separated signatures (e.g. while a secret is rotated): any v1 match will do.
    if not any(candidate.startswith("v1,") and hmac.compare_digest(candidate.encode(), expected) for candidate in signatures.split(" ")):
        raise VerificationError("no matching signature")


def create_app(secret: str) -> FastAPI:
    key = signing_key(secret)
    seen: set[str] = set()  # in production: a table with a unique key on webhook-id
    app = FastAPI()

    @app.post("/{path:path}")
    async def receive(request: Request) -> Response:
        body = await request.body()  # the raw bytes: the signature covers them, not a re-encoding of the parsed JSON
        try:
            verify(key, request.headers, body)
        except VerificationError:
            return Response(status_code=401)
        event = json.loads(body)  # signed by the service, so its JSON object
        webhook_id = request.headers["webhook-id"]
        if webhook_id not in seen:  # no await between the check and the add: one event loop, no race
            seen.add(webhook_id)
            # hand the work to a queue here; answer fast
            print(json.dumps({"webhook_id": webhook_id, **event}, separators=(",", ":")), flush=True)
        return Response(status_code=204)  # a repeat of an id already handled is acknowledged too

    return app


def main() -> None:
    import uvicorn

    app = create_app(os.environ["WEBHOOK_SIGNING_SECRET"])
    # Bound here rather than by uvicorn, so that PORT=0 (any free port) can say which port it got.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(os.environ.get("PORT", "4000"))))
    listener.listen(128)
    print(f"listening on {listener.getsockname()[1]}", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listener])


if __name__ == "__main__":
    main()
