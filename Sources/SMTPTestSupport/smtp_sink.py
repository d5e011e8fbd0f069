#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) for the SMTP module's tests.

Every accepted message is stored as DIR/msg-N.json with the envelope, the raw bytes
(base64) and the message as decoded by Python's `email` package. Prints "ready <port>"
once listening and runs until SIGTERM/SIGINT or until stdin is closed.
"""
import argparse
import base64
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class QuirkySMTP(SMTP):
    """aiosmtpd with optional misbehaviour for client tests."""
    no_ehlo = False
    inject_after_starttls = False

    async def smtp_EHLO(self, hostname):
        if self.no_ehlo:
            await self.push("502 5.5.1 EHLO not implemented")
            return
        await super().smtp_EHLO(hostname)

    async def smtp_STARTTLS(self, arg):
        if self.inject_after_starttls:
            # A man-in-the-middle style injection: a reply sent in plaintext after the 220.
            await self.push("220 Ready to start TLS\r\n250 injected")
            return
        await super().smtp_STARTTLS(arg)


class QuirkyController(Controller):
    def factory(self):
        return QuirkySMTP(self.handler, **self.SMTP_kwargs)


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def decode(raw):
    try:
        # RFC 6532: UTF-8 in headers (an SMTPUTF8 message) reads as text; message_from_bytes would
        # turn it into surrogate escapes.
        msg = email.message_from_string(raw.decode("utf-8"), policy=email.policy.default)
    except UnicodeDecodeError:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        parts.append({"content_type": part.get_content_type(),
                      "charset": part.get_content_charset(),
                      "transfer_encoding": part.get("Content-Transfer-Encoding"),
                      "content": part.get_content()})
    sender = msg["from"].addresses if msg["from"] is not None else []
    recipients = msg["to"].addresses if msg["to"] is not None else []
    return {"subject": str(msg["subject"]),
            "from": [a.addr_spec for a in sender],
            "from_display_names": [a.display_name for a in sender],
            "to": [a.addr_spec for a in recipients],
            "to_display_names": [a.display_name for a in recipients],
            "message_id": msg["message-id"],
            "date": msg["date"],
            "date_parsed": msg["date"].datetime.isoformat() if msg["date"] is not None else None,
            "mime_version": msg["mime-version"],
            "content_type": msg.get_content_type(),
            "header_names": list(msg.keys()),
            "defects": [type(d).__name__ for d in msg.defects],
            "parts": parts}


def utf8(text):
    """aiosmtpd keeps non-ASCII command bytes as surrogate escapes; SMTPUTF8 means they are UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class Handler:
    def __init__(self, directory, rcpt_reply, data_reply):
        self.directory = directory
        self.rcpt_reply = rcpt_reply
        self.data_reply = data_reply
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        raw = envelope.original_content or envelope.content
        record = {"mail_from": utf8(envelope.mail_from),
                  "mail_options": envelope.mail_options,
                  "rcpt_tos": [utf8(address) for address in envelope.rcpt_tos],
                  "tls": server.transport.get_extra_info("ssl_object") is not None,
                  "authenticated": bool(session.authenticated),
                  "raw_b64": base64.b64encode(raw).decode("ascii")}
        try:
            record["decoded"] = decode(raw)
        except Exception as error:  # keep the raw message; the test will report this
            record["decode_error"] = repr(error)
        with self.lock:
            self.count += 1
            name = "msg-%d.json" % self.count
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.directory, name))
        return "250 OK stored"


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        # handled=False makes aiosmtpd answer 535 itself on failure.
        return AuthResult(success=ok, handled=False)
    return authenticate


def tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def run_silent(host, port):
    """Accepts connections and never answers (for timeout tests)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(8)
    held = []

    def accept_forever():
        while True:
            conn, _ = listener.accept()
            held.append(conn)
    threading.Thread(target=accept_forever, daemon=True).start()
    return listener


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir", required=True)
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--auth-mechanisms", default="PLAIN,LOGIN")
    p.add_argument("--auth-allow-plaintext", action="store_true")
    p.add_argument("--rcpt-reply")
    p.add_argument("--data-reply")
    p.add_argument("--silent", action="store_true")
    p.add_argument("--no-ehlo", action="store_true", help="answer EHLO with 502 (HELO only)")
    p.add_argument("--inject-after-starttls", action="store_true")
    p.add_argument("--smtputf8", action="store_true", help="offer SMTPUTF8 (RFC 6531)")
    args = p.parse_args()

    port = args.port or free_port(args.host)
    kwargs = {"enable_SMTPUTF8": args.smtputf8}
    if args.starttls:
        kwargs["tls_context"] = tls_context(*args.starttls)
        kwargs["require_starttls"] = True
    if args.implicit_tls:
        kwargs["ssl_context"] = tls_context(*args.implicit_tls)
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs["authenticator"] = authenticator_for(user, password)
        # aiosmtpd only counts STARTTLS as TLS; an implicit-TLS listener is encrypted anyway.
        kwargs["auth_require_tls"] = not (args.auth_allow_plaintext or args.implicit_tls)
        wanted = set(args.auth_mechanisms.upper().split(","))
        kwargs["auth_exclude_mechanism"] = [m for m in ("PLAIN", "LOGIN") if m not in wanted]

    if args.silent:
        server = run_silent(args.host, port)
        stop = server.close
    else:
        handler = Handler(args.dir, args.rcpt_reply, args.data_reply)
        QuirkySMTP.no_ehlo = args.no_ehlo
        QuirkySMTP.inject_after_starttls = args.inject_after_starttls
        controller = QuirkyController(handler, hostname=args.host, port=port,
                                server_hostname="sink.test", **kwargs)
        controller.start()
        stop = controller.stop

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    print("ready %d" % port, flush=True)
    done.wait()
    stop()


if __name__ == "__main__":
    main()
