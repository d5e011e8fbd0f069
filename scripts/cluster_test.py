#!/usr/bin/env python3
"""The checks of scripts/cluster-test: two Gatehouse instances (A, B) on one PostgreSQL database behind
nginx with a round-robin upstream, mail going to a real SMTP server (the aiosmtpd sink).

Direct requests go to A or B by port; "via nginx" ones alternate between them. Client addresses are
set with X-Forwarded-For (nginx and the test are trusted proxies), so each check has its own rate-limit
budget. Prints PASS/FAIL per check and `cluster: N passed, M failed`; exits 1 on any failure."""
import argparse
import base64
import concurrent.futures
import email
import email.policy
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "a fine passphrase"
results = {"passed": 0, "failed": 0}


def check(label, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(f"{'PASS' if ok else 'FAIL'} {label}" + ("" if ok or not detail else f"\n     {detail}"), flush=True)
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(port, method, path, body=None, token=None, client="198.51.100.1", timeout=30):
    """(status, parsed JSON or text, headers) of one request to 127.0.0.1:port."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    request.add_header("X-Forwarded-For", client)
    try:
        with opener.open(request, timeout=timeout) as response:
            status, raw, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), error.headers
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, str(error), {}
    try:
        return status, json.loads(raw or b"null"), headers
    except ValueError:
        return status, raw.decode("utf-8", "replace"), headers


class Instance:
    def __init__(self, name, args, env):
        self.name, self.args, self.env = name, args, env
        self.port = free_port()
        self.process = None

    def start(self):
        log = open(os.path.join(self.args.work, f"{self.name}.log"), "a")
        self.process = subprocess.Popen([self.args.gatehouse, "serve", "--port", str(self.port)], env=self.env,
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if call(self.port, "GET", "/readyz", timeout=2)[0] == 200:
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.1)
        return False

    def stop(self, timeout=30):
        """SIGTERM and wait: the exit status, or None if it had to be killed."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def log(self):
        with open(os.path.join(self.args.work, f"{self.name}.log"), encoding="utf-8", errors="replace") as f:
            return f.read()


class Sink:
    def __init__(self, script, work):
        self.dir = os.path.join(work, "mail")
        os.makedirs(self.dir)
        self.process = subprocess.Popen(["/usr/bin/python3", script, "--dir", self.dir], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=open(os.path.join(work, "sink.log"), "w"), text=True)
        line = self.process.stdout.readline()
        match = re.fullmatch(r"ready (\d+)\s*", line)
        if not match:
            raise RuntimeError(f"the SMTP sink did not start: {line!r}")
        self.port = int(match.group(1))

    def messages(self):
        found = []
        for name in sorted(os.listdir(self.dir)):
            if re.fullmatch(r"msg-\d+\.json", name):
                with open(os.path.join(self.dir, name), encoding="utf-8") as f:
                    record = json.load(f)
                raw = base64.b64decode(record.get("raw_b64", ""))
                message = email.message_from_bytes(raw, policy=email.policy.default)
                text = "\n".join(p.get("content", "") for p in (record.get("decoded") or {}).get("parts", [])
                                 if p.get("content_type") == "text/plain" and isinstance(p.get("content"), str))
                found.append({"to": [a.lower() for a in record.get("rcpt_tos", [])], "kind": str(message.get("X-Gatehouse-Message", "")).strip(),
                              "id": str(message.get("Message-ID", "")).strip(), "text": text})
        return found

    def wait_for(self, count, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages() if predicate(m)]
            if len(found) >= count:
                return found
            time.sleep(0.2)
        return [m for m in self.messages() if predicate(m)]

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def token_of(answer):
    return answer[1].get("token") if isinstance(answer[1], dict) else None


def sign_in(port, login, client):
    """Password, then the agreement: a session token of an authenticated session, or None."""
    status, body, _ = call(port, "POST", "/api/v1/auth/login", {"login": login, "password": PASSWORD}, client=client)
    if status != 200:
        return None
    if body.get("status") == "consent_required":
        answer = call(port, "POST", "/api/v1/auth/consent", {"version": "1", "accept": True}, token=body["token"], client=client)
        return token_of(answer) if answer[0] == 200 else None
    return body.get("token") if body.get("status") == "authenticated" else None


def totp(secret, step):
    """RFC 6238 with SHA-1, 6 digits, for the 30-second `step`."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def enrol(port, login, client):
    """Turns TOTP on for `login`: (secret, backup code, the step its confirmation used) or None."""
    token = sign_in(port, login, client)
    if not token:
        return None
    status, setup, _ = call(port, "POST", "/api/v1/account/two-factor/setup", {}, token=token, client=client)
    if status != 200:
        return None
    step = int(time.time()) // 30
    status, confirmed, _ = call(port, "POST", "/api/v1/account/two-factor/confirm", {"code": totp(setup["secret"], step)}, token=token, client=client)
    return (setup["secret"], confirmed.get("backup_code"), step) if status == 200 else None


def pending_sessions(login, count, first_client):
    """`count` sessions of `login` at the second factor, alternately from A and B."""
    tokens = []
    for i in range(count):
        status, body, _ = call(PORTS[i % 2], "POST", "/api/v1/auth/login", {"login": login, "password": PASSWORD}, client=f"192.0.2.{first_client + i}")
        tokens.append(body.get("token") if status == 200 and body.get("status") == "second_factor_required" else None)
    return tokens


PORTS = []


def psql(url, sql):
    return subprocess.run(["psql", "-At", url, "-c", sql], capture_output=True, text=True, check=True).stdout.strip()


def parallel(calls):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda c: c(), calls))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gatehouse", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--smtp-sink", required=True)
    args = parser.parse_args()

    sink = Sink(args.smtp_sink, args.work)
    nginx_port = free_port()
    env = dict(os.environ)
    env.update({
        "GATEHOUSE_DATABASE_URL": args.database_url,
        "GATEHOUSE_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
        "GATEHOUSE_DATA_DIR": os.path.join(args.work, "data"),
        "GATEHOUSE_TWO_FACTOR": "optional",
        "GATEHOUSE_ARGON2_MEMORY_KIB": "64", "GATEHOUSE_ARGON2_ITERATIONS": "1",
        "GATEHOUSE_SMTP_URL": f"smtp://127.0.0.1:{sink.port}?tls=none",
        "GATEHOUSE_PUBLIC_URL": f"http://127.0.0.1:{nginx_port}",
        "GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1",
        # Room for the lockout and single-use checks; the per-address limit keeps its default (10/60).
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/300", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_NETWORK": "1000/60",
    })
    users = ["ann", "lou", "par", "rex", "tia", "bea"] + [f"m{i}" for i in range(6)]
    for user in users:
        created = subprocess.run([args.gatehouse, "user", "create", "--username", user, "--email", f"{user}@example.com", "--verified",
                                  "--password-stdin"], input=PASSWORD, env=env, capture_output=True, text=True)
        if created.returncode != 0:
            print(created.stderr, file=sys.stderr)
            return 1

    a, b = Instance("a", args, env), Instance("b", args, env)
    nginx = None
    try:
        check("instance A starts (and migrates) on the shared database", a.start(), a.log()[-2000:])
        check("instance B starts on the same database and finds nothing to migrate", b.start() and "applied migration" not in b.log(), b.log()[-2000:])

        ndir = os.path.join(args.work, "nginx")
        os.makedirs(os.path.join(ndir, "tmp"))
        user_line = "user root;" if os.geteuid() == 0 else ""
        with open(os.path.join(ndir, "nginx.conf"), "w") as f:
            f.write(f"""{user_line}
worker_processes 1;
daemon off;
pid {ndir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {ndir}/tmp/body; proxy_temp_path {ndir}/tmp/proxy; fastcgi_temp_path {ndir}/tmp/fastcgi;
    uwsgi_temp_path {ndir}/tmp/uwsgi; scgi_temp_path {ndir}/tmp/scgi;
    upstream gatehouse {{
        server 127.0.0.1:{a.port} max_fails=0;
        server 127.0.0.1:{b.port} max_fails=0;
    }}
    server {{
        listen 127.0.0.1:{nginx_port};
        location / {{
            proxy_pass http://gatehouse;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto http;
            # An instance that is restarting refuses the connection: the request goes to the other.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
        }}
    }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-p", ndir, "-e", os.path.join(ndir, "error.log"), "-c", os.path.join(ndir, "nginx.conf")],
                                 stdout=subprocess.DEVNULL, stderr=open(os.path.join(ndir, "nginx.log"), "w"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and call(nginx_port, "GET", "/healthz", timeout=2)[0] != 200:
            time.sleep(0.1)

        # 1. A session from A works on B, and through nginx on both.
        token = sign_in(a.port, "ann", "198.51.100.10")
        check("sign-in on A gives a session", token is not None)
        check("B knows the session A created", call(b.port, "GET", "/api/v1/auth/session", token=token)[0] == 200)
        statuses = [call(nginx_port, "GET", "/api/v1/auth/check", token=token)[0] for _ in range(10)]
        check("10 checks through nginx (round-robin over A and B) all answer 200", statuses == [200] * 10, f"{statuses}")

        # 2. Revoked on B: A refuses it at once (LISTEN/NOTIFY), well within auth_check.cache_ttl (2s).
        doomed = sign_in(a.port, "ann", "198.51.100.11")
        check("A answers (and caches) the check for a session", call(a.port, "GET", "/api/v1/auth/check", token=doomed)[0] == 200)
        check("the session ends on B", call(b.port, "POST", "/api/v1/auth/logout", token=doomed)[0] in (200, 204))
        started = time.monotonic()
        refused_after = None
        while time.monotonic() - started < 0.5:
            if call(a.port, "GET", "/api/v1/auth/check", token=doomed)[0] == 401:
                refused_after = time.monotonic() - started
                break
            time.sleep(0.01)
        check("A refuses the session B ended within 0.5 s (cache TTL 2 s)", refused_after is not None,
              "A still answered 200 after 0.5 s")
        if refused_after is not None:
            print(f"     refused {refused_after * 1000:.0f} ms after B answered the logout")

        # 3. Lockout across instances: 20 parallel wrong passwords, half on each, lock the account once.
        wrong = parallel([lambda i=i: call((a, b)[i % 2].port, "POST", "/api/v1/auth/login", {"login": "par", "password": "wrong one"},
                                           client=f"198.51.100.{100 + i}")[0] for i in range(20)])
        check("20 parallel wrong passwords on A and B: all 401", wrong == [401] * 20, f"{wrong}")
        locked = psql(args.database_url, "SELECT count(*) FROM audit_events WHERE type = 'account.locked'")
        check("the account is locked exactly once (one account.locked event)", locked == "1", f"account.locked events: {locked}")
        check("the right password is refused on both instances while locked",
              all(sign_in(i.port, "par", f"198.51.100.{130 + n}") is None for n, i in enumerate((a, b))))

        # 4. Rate limits are shared: 14 attempts from one address, half on each; login_per_ip is 10/60.
        limited = parallel([lambda i=i: call((a, b)[i % 2].port, "POST", "/api/v1/auth/login", {"login": f"nobody{i}", "password": "x"},
                                             client="203.0.113.7")[0] for i in range(14)])
        check("14 parallel sign-ins from one address on A and B: 10 answered, 4 refused 429",
              limited.count(429) == 4 and limited.count(401) == 10, f"{sorted(limited)}")

        # 5. A reset link is single use across instances: 20 parallel redemptions, half on each, one wins.
        check("a password reset is asked for through nginx", call(nginx_port, "POST", "/api/v1/auth/password-reset", {"email": "rex@example.com"},
                                                                   client="198.51.100.200")[0] == 202)
        mails = sink.wait_for(1, lambda m: "rex@example.com" in m["to"] and m["kind"] == "password_reset")
        link = next((line.strip() for m in mails for line in m["text"].splitlines() if "/password-reset/complete?token=" in line), None)
        check("the reset mail arrives with its link, built from the public URL",
              link is not None and link.startswith(f"http://127.0.0.1:{nginx_port}/"), f"{mails}")
        if link:
            reset = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]
            redeemed = parallel([lambda i=i: call((a, b)[i % 2].port, "POST", "/api/v1/auth/password-reset/complete",
                                                  {"token": reset, "new_password": f"another fine passphrase {i}"},
                                                  client=f"198.51.100.{150 + i}")[0] for i in range(20)])
            check("20 parallel redemptions of one reset link on A and B: exactly one succeeds",
                  redeemed.count(200) == 1 and redeemed.count(400) == 19, f"{sorted(redeemed)}")

        # 5a. A TOTP step and the backup code are single use across instances: 20 sessions at the second
        # factor, half on each instance, offer the same code (or the backup code) at once; one gets in.
        PORTS[:] = [a.port, b.port]
        enrolled = enrol(a.port, "tia", "192.0.2.1")
        check("TOTP is turned on for an account (on A)", enrolled is not None and bool(enrolled[1]))
        if enrolled:
            secret, _, used = enrolled
            tokens = pending_sessions("tia", 20, 10)
            check("20 sign-ins of that account, half on each instance, wait for the second factor", all(tokens), f"{tokens}")
            code = totp(secret, max(used + 1, int(time.time()) // 30))
            answers = parallel([lambda i=i: call(PORTS[i % 2], "POST", "/api/v1/auth/login/second-factor", {"code": code}, token=tokens[i],
                                                 client=f"192.0.2.{10 + i}")[0] for i in range(20)])
            check("the same code offered by the 20 at once on A and B: exactly one session gets in", answers.count(200) == 1, f"{sorted(answers)}")
        enrolled = enrol(b.port, "bea", "192.0.2.2")
        check("TOTP is turned on for another account (on B), with its backup code", enrolled is not None and bool(enrolled[1]))
        if enrolled:
            backup = enrolled[1]
            tokens = pending_sessions("bea", 20, 40)
            answers = parallel([lambda i=i: call(PORTS[i % 2], "POST", "/api/v1/auth/login/recovery", {"backup_code": backup}, token=tokens[i],
                                                 client=f"192.0.2.{40 + i}")[0] for i in range(20)])
            check("the backup code offered by 20 sessions at once on A and B: exactly one gets in", answers.count(200) == 1, f"{sorted(answers)}")

        # 5b. An invitation is single use across instances: 20 parallel registrations with it, half on
        # each instance, create one account.
        org = subprocess.run([args.gatehouse, "org", "create", "rail", "--name", "Rail"], env=env, capture_output=True, text=True)
        invite = subprocess.run([args.gatehouse, "invite", "--email", "new@example.com", "--org", "rail"], env=env, capture_output=True, text=True)
        check("an invitation is made with the CLI", org.returncode == 0 and invite.returncode == 0, org.stderr + invite.stderr)
        invited = sink.wait_for(1, lambda m: "new@example.com" in m["to"])
        link = next((line.strip() for m in invited for line in m["text"].splitlines() if "/register?invitation=" in line), None)
        check("the invitation mail arrives with its link", link is not None, f"{invited}")
        if link:
            invitation = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["invitation"][0]
            registered = parallel([lambda i=i: call((a, b)[i % 2].port, "POST", "/api/v1/auth/register",
                                                    {"invitation_token": invitation, "username": f"newcomer{i}", "password": "a long enough passphrase"},
                                                    client=f"198.51.100.{170 + i}")[0] for i in range(20)])
            accounts = psql(args.database_url, "SELECT count(*) FROM accounts WHERE email_normalized = 'new@example.com'")
            check("20 parallel registrations with one invitation on A and B: one account, one 201",
                  registered.count(201) == 1 and accounts == "1", f"{sorted(registered)}, accounts: {accounts}")

        # 6. Rolling restart under load: wrk through nginx while A, then B, drains and restarts.
        load_token = sign_in(a.port, "ann", "198.51.100.20")
        queued = []

        retried = []

        def mail_during_restart():
            for n in range(6):
                # nginx passes a POST to the other instance when the connection is refused, but not once it
                # was sent to an instance that closed it while shutting down: that answers 502, and the
                # client tries again, as any client would. What was accepted (202) must be mailed.
                for attempt in range(3):
                    status = call(nginx_port, "POST", "/api/v1/auth/password-reset", {"email": f"m{n}@example.com"}, client=f"198.51.100.{210 + n}")[0]
                    if status != 502:
                        break
                    retried.append(n)
                    time.sleep(0.2)
                queued.append(status)
                time.sleep(1.5)

        wrk = subprocess.Popen(["wrk", "-t2", "-c16", "-d20s", "-H", f"Authorization: Bearer {load_token}",
                                f"http://127.0.0.1:{nginx_port}/api/v1/auth/check"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        mailer = threading.Thread(target=mail_during_restart)
        mailer.start()
        time.sleep(3)
        restarts = []
        for instance in (a, b):
            status = instance.stop()
            restarts.append((instance.name, status, instance.start()))
            time.sleep(2)
        output, _ = wrk.communicate(timeout=120)
        mailer.join()
        for name, status, started_again in restarts:
            check(f"instance {name.upper()} drains on SIGTERM and exits 0, then starts again under load", status == 0 and started_again,
                  f"exit {status}, started: {started_again}")
        requests = re.search(r"(\d+) requests in", output)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        errors = re.search(r"Socket errors: (.*)", output)
        check("wrk through nginx during the rolling restart: every answer 2xx, no socket errors",
              requests is not None and int(requests.group(1)) > 0 and non2xx is None and errors is None, output)
        if requests:
            print(f"     {requests.group(1)} requests in 20 s; {output.strip().splitlines()[-2].strip()}")
        check("the 6 reset requests made during the restarts were accepted (202)", queued == [202] * 6, f"{queued}")
        print(f"     POSTs answered 502 by nginx and tried again: {len(retried)}")
        restart_mail = sink.wait_for(6, lambda m: m["kind"] == "password_reset" and any(t.startswith("m") and t.endswith("@example.com") for t in m["to"]))
        check("every mail queued during the restarts is delivered, once each", len(restart_mail) == 6
              and len({t for m in restart_mail for t in m["to"]}) == 6, f"{[m['to'] for m in restart_mail]}")

        # 7. Each outbox message went out exactly once, whichever instance sent it.
        time.sleep(2)
        ids = [m["id"] for m in sink.messages()]
        check("no message was delivered twice (Message-IDs unique)", len(ids) == len(set(ids)) and len(ids) > 0, f"{ids}")
        pending = psql(args.database_url, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
        check("nothing is left in the outbox", pending == "0", f"{pending} unsent")
    finally:
        for instance in (a, b):
            instance.stop()
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        sink.close()

    print(f"cluster: {results['passed']} passed, {results['failed']} failed", flush=True)
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
