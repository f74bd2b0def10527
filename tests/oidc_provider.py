"""A small but real OpenID Connect provider for the tests, on 127.0.0.1 (ports 8180-8199).

It speaks the protocol our sign-in relies on, over HTTP in a thread of the test process:
discovery, the authorization endpoint (it signs in `provider.user` at once, as a provider
with a remembered session does), the token endpoint with client authentication and PKCE
(S256) checked, an RS256-signed ID token, the key set, and RP-initiated logout. A test can
make it misbehave the way a wrong or hostile answer would: another audience, an expired
token, another nonce.
"""

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

PORTS = range(8180, 8200)


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 8180-8199 for the test OpenID provider.")


class LocalProvider:
    def __init__(self, client_id="samhandling", client_secret=None):
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(4)})
        self.user = {"sub": "ansatt-1"}
        # "aud", "exp", "nonce": what the next ID token says instead; "key": signed with it
        self.tamper = {}
        self.codes = {}
        self.logouts = []
        self.server = None

    @property
    def issuer(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        provider = self

        class Handler(ProviderHandler):
            pass

        Handler.provider = provider
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def metadata(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, query):
        """The redirect back to the client with a code, or an error."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return None
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return f"{query['redirect_uri']}?{urlencode({'error': 'invalid_request'})}"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**query, "user": dict(self.user)}
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form, authorization):
        grant = self.codes.pop(form.get("code", ""), None)
        client_id, secret = client_credentials(form, authorization)
        if grant is None or (client_id, secret) != (self.client_id, self.client_secret):
            return 400, {"error": "invalid_grant"}
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        ).rstrip(b"=")
        if challenge.decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.tamper.get("aud", self.client_id),
            "iat": now,
            "exp": now + self.tamper.get("exp", 300),
            "nonce": self.tamper.get("nonce", grant.get("nonce")),
            **grant["user"],
        }
        header = {"alg": "RS256", "kid": self.key.kid}
        id_token = jwt.encode(header, claims, self.tamper.get("key", self.key))
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def client_credentials(form, authorization):
    if authorization.startswith("Basic "):
        decoded = base64.b64decode(authorization[6:]).decode()
        client_id, _colon, secret = decoded.partition(":")
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


class ProviderHandler(BaseHTTPRequestHandler):
    provider = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        provider = self.provider
        if url.path == "/.well-known/openid-configuration":
            self.send_json(200, provider.metadata())
        elif url.path == "/jwks":
            self.send_json(200, {"keys": [provider.key.as_dict(private=False)]})
        elif url.path == "/authorize":
            location = provider.authorize(query)
            if location is None:
                self.send_json(400, {"error": "unauthorized_client"})
            else:
                self.redirect(location)
        elif url.path == "/logout":
            provider.logouts.append(query)
            self.redirect(query.get("post_logout_redirect_uri", provider.issuer))
        else:
            self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        form = {key: values[0] for key, values in parse_qs(body).items()}
        if urlsplit(self.path).path != "/token":
            self.send_json(404, {"error": "not_found"})
            return
        status, payload = self.provider.token(form, self.headers.get("Authorization", ""))
        self.send_json(status, payload)

    def send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
