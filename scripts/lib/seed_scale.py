#!/usr/bin/env python3
"""Bulk rows for scripts/seed-scale and `scripts/bench scale`: accounts and sessions written straight into
a migrated Gatehouse database (SQLite through the sqlite3 module, PostgreSQL through `psql` and COPY).

Everything is a function of (seed, index), so that both backends get the same rows and the benchmark can
name seeded accounts and sessions without reading them back:

  account i   username `user0000123`, `anna.kowalski123` or `annak123` (one of three styles), email
              `first.last123@example.org`, verified, agreement version 1 accepted, no second factor,
              active (about 1 % disabled, 0.2 % locked), language en (10 % ru); created over three years
  session j   token = base64url(SHA-256("gatehouse-seed-scale:<seed>:session:<j>")) (43 characters, the
              shape of a real one), only its SHA-256 hex stored, as the server does; account, address,
              User-Agent and device from the same digest; the first 5 % are expired (ended 5 to 30 days
              ago: the sweeper deletes them), the rest were signed in during the last 20 days and stay valid
              for a server with session.idle_timeout and session.absolute_lifetime of 30 days

Subcommands (run with --help): load-sqlite, load-postgres, users, tokens, names, add-sessions, sweep-sqlite.
"""
import argparse
import array
import base64
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
import unicodedata

DAY = 86_400_000
HOUR = 3_600_000
EXPIRED_SHARE = 0.05

# --- Look-alike keys (IdentifierNormalizer.usernameKeys), from the tables the binary embeds -------------

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "Sources", "UnicodeSecurity", "Data")


def _read_mapping(path, magic):
    """Sources/UnicodeSecurity/Tables.swift's MappingTable: magic, version, count, (delta, n, n scalars)*."""
    data = open(path, "rb").read()
    offset = 0

    def varint():
        nonlocal offset
        value = shift = 0
        while True:
            byte = data[offset]
            offset += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    assert data[: len(magic)] == magic.encode(), path
    offset = len(magic)
    n = varint()
    offset += n
    mapping, source = {}, 0
    for _ in range(varint()):
        source += varint()
        mapping[source] = "".join(chr(varint()) for _ in range(varint()))
    assert offset == len(data), path
    return mapping


_CONFUSABLES = _read_mapping(os.path.join(DATA, "confusables.bin"), "USC1")
_CASEFOLD = _read_mapping(os.path.join(DATA, "casefold.bin"), "USF1")


def _skeleton(s):
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", s).translate(_CONFUSABLES))


def _uniqueness_key(s):
    # UnicodeSecurity.uniquenessKey for ASCII input (no default-ignorables, no U+0307 to merge).
    current = s
    for _ in range(9):
        following = _skeleton(unicodedata.normalize("NFKC", current).translate(_CASEFOLD))
        if following == current:
            break
        current = following
    return current


def username_keys(display):
    """(username_key, username_case_key, username_upper_key) of an ASCII username."""
    assert display.isascii(), display
    normalized = display.lower()
    return (_uniqueness_key(normalized), _uniqueness_key(_skeleton(display)), _uniqueness_key(_skeleton(display.upper())))


# --- Deterministic rows ------------------------------------------------------------------------------------

FIRST = ("anna", "boris", "clara", "daniel", "elena", "felix", "greta", "hugo", "irina", "jonas", "katya", "lukas",
         "maria", "nikita", "olga", "pavel", "quentin", "rosa", "sergei", "tanya", "ulrich", "vera", "walter", "xenia",
         "yusuf", "zoe", "adrian", "bianca", "cedric", "daria", "emil", "fatima", "gustav", "hanna", "ivan", "julia",
         "kevin", "lena", "marek", "nadia", "oscar", "petra", "rafael", "sofia", "timur", "ursula", "viktor", "wanda",
         "yara", "zeynep", "alexei", "beatrice", "dmitri", "eva", "farid", "gloria", "henrik", "ines", "jakob", "karina")
LAST = ("kowalski", "ivanova", "schmidt", "petrov", "novak", "garcia", "muller", "smirnov", "rossi", "silva", "jensen",
        "kuznetsov", "nowak", "fischer", "popescu", "horvat", "andersen", "weber", "sokolova", "moreau", "bianchi",
        "santos", "larsen", "wagner", "volkov", "dubois", "romano", "costa", "nielsen", "becker", "orlova", "lambert",
        "ricci", "pereira", "berg", "hoffmann", "morozov", "fontaine", "greco", "almeida", "lindqvist", "schulz",
        "vasquez", "kaya", "yilmaz", "tanaka", "suzuki", "okafor", "mensah", "haddad", "khan", "patel", "nguyen", "tran",
        "chen", "wang", "kim", "park", "singh", "ali")
DOMAINS = ("example.org", "example.com", "mail.example.net", "corp.example", "example.ru", "students.example.edu")

# (User-Agent, browser, os, device)
AGENTS = (
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
     "Chrome 126", "Windows 10", "desktop"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128", "Windows 10", "desktop"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
     "Safari 17", "macOS 10", "desktop"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox 127", "Linux", "desktop"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
     "Mobile Safari 17", "iOS 17", "mobile"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
     "Chrome Mobile 126", "Android 14", "mobile"),
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
     "Mobile Safari 17", "iOS 17", "tablet"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
     "Edge 125", "Windows 10", "desktop"),
)
# (city en, city ru, country en, country ru, code, first octets of its addresses)
PLACES = (
    ("Berlin", "Берлин", "Germany", "Германия", "DE", (85, 91, 217)),
    ("Moscow", "Москва", "Russia", "Россия", "RU", (5, 95, 178)),
    ("Paris", "Париж", "France", "Франция", "FR", (78, 82, 90)),
    ("London", "Лондон", "United Kingdom", "Великобритания", "GB", (81, 86, 212)),
    ("Warsaw", "Варшава", "Poland", "Польша", "PL", (31, 83, 188)),
    ("Madrid", "Мадрид", "Spain", "Испания", "ES", (80, 88, 213)),
    ("New York", "Нью-Йорк", "United States", "США", "US", (24, 68, 73)),
    ("Istanbul", "Стамбул", "Turkey", "Турция", "TR", (78, 88, 176)),
)
CLIENTS = []
for _agent in AGENTS:
    for _place in PLACES:
        CLIENTS.append(
            '{"browser":"%s","city":{"en":"%s","ru":"%s"},"country":{"en":"%s","ru":"%s"},"countryCode":"%s","device":"%s","os":"%s"}'
            % (_agent[1], _place[0], _place[1], _place[2], _place[3], _place[4], _agent[3], _agent[2]))


def uuid7(millis, digest):
    """A UUIDv7 as RandomSource.uuidV7 makes it (48-bit milliseconds, version 7, variant 10), lower case."""
    b = bytearray(millis.to_bytes(6, "big") + digest[:10])
    b[6] = (b[6] & 0x0F) | 0x70
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Plan:
    """Which rows exist for `accounts` accounts and `sessions` sessions seeded at `now` (ms)."""

    def __init__(self, accounts, sessions, seed="1", now=None):
        self.accounts, self.sessions, self.seed = accounts, sessions, seed
        self.now = now if now is not None else int(time.time() * 1000)
        self.expired = int(sessions * EXPIRED_SHARE)
        self.prefix_a = f"gatehouse-seed-scale:{seed}:account:".encode()
        self.prefix_s = f"gatehouse-seed-scale:{seed}:session:".encode()

    # Accounts ------------------------------------------------------------------------------------------
    def account_digest(self, i):
        return hashlib.sha256(self.prefix_a + str(i).encode()).digest()

    def account_created(self, i):
        # Spread over three years, ending 61 days ago (before every session).
        span = 3 * 365 * DAY
        return self.now - 61 * DAY - span + (span * i) // max(1, self.accounts)

    @staticmethod
    def state(i):
        """active, disabled (1 %) or locked (0.2 %)."""
        if i % 100 == 37:
            return "disabled"
        if i % 500 == 211:
            return "locked"
        return "active"

    def username(self, i, d=None):
        d = d or self.account_digest(i)
        first, last = FIRST[d[0] % len(FIRST)], LAST[d[1] % len(LAST)]
        style = d[2] % 10
        if style < 3:
            return f"user{i:07d}", f"user{i:07d}@{DOMAINS[d[3] % len(DOMAINS)]}"
        email = f"{first}.{last}{i}@{DOMAINS[d[3] % len(DOMAINS)]}"
        if style < 7:
            return f"{first}.{last}{i}", email
        return f"{first}{last[0]}{i}", email

    # Sessions ------------------------------------------------------------------------------------------
    def session_digest(self, j):
        return hashlib.sha256(self.prefix_s + str(j).encode()).digest()

    def token(self, j):
        return base64.urlsafe_b64encode(self.session_digest(j)).rstrip(b"=").decode()

    def session_account(self, d):
        return int.from_bytes(d[:6], "big") % self.accounts

    def session_times(self, j):
        """(created, last_seen, expires). Expired ones first (oldest rows), as a table filled over time is."""
        if j < self.expired:
            created = self.now - 60 * DAY + (25 * DAY * j) // max(1, self.expired)
            return created, created + (j % 10) * DAY, created + 30 * DAY
        live = self.sessions - self.expired
        created = self.now - 20 * DAY + ((20 * DAY - HOUR) * (j - self.expired)) // max(1, live)
        last_seen = created + ((self.now - HOUR - created) * (j % 97)) // 97
        return created, last_seen, created + 30 * DAY


def account_rows(plan, password_hash, last_sign_in, progress):
    """Tuples in the column order of ACCOUNT_COLUMNS; refuses look-alike keys another account has."""
    taken = {}
    for i in range(plan.accounts):
        d = plan.account_digest(i)
        username, email = plan.username(i, d)
        keys = username_keys(username)
        for key in set(keys):
            other = taken.setdefault(key, i)
            if other != i:
                raise SystemExit(f"seed_scale: {username} looks like account {other} ({plan.username(other)[0]}): change the name lists")
        created = plan.account_created(i)
        verified = created + 60_000 + d[4] * 1000
        consented = verified + 1000
        state = plan.state(i)
        last = last_sign_in[i] if last_sign_in[i] > 0 else None
        locked = consented + DAY if state == "locked" else None
        yield (uuid7(created, d[8:]), username, username, keys[0], keys[1], keys[2], email, email, verified, password_hash,
               "disabled" if state == "disabled" else "active", "", "ru" if d[5] % 10 == 0 else "en",
               3 if locked else 0, locked, locked, created, max(consented, last or 0, locked or 0),
               "1", consented, f"{PLACES[d[6] % len(PLACES)][5][0]}.{d[7]}.{d[9]}.{d[10] or 1}", last)
        if progress and i % 200_000 == 199_999:
            progress(f"accounts: {i + 1:,}")


ACCOUNT_COLUMNS = ("id", "username", "username_normalized", "username_key", "username_case_key", "username_upper_key",
                   "email", "email_normalized", "email_verified_at", "password_hash", "status", "roles", "preferred_language",
                   "failed_attempts", "locked_at", "failed_attempt_at", "created_at", "updated_at", "consent_version",
                   "consent_accepted_at", "consent_ip", "last_sign_in_at")
SESSION_COLUMNS = ("id", "token_hash", "account_id", "status", "created_at", "last_seen_at", "expires_at", "authenticated_at",
                   "ip", "user_agent", "client")


def last_sign_ins(plan):
    """Each account's newest session start (0: none): a first pass over the sessions' digests."""
    last = array.array("q", bytes(8 * plan.accounts))
    for j in range(plan.sessions):
        a = plan.session_account(plan.session_digest(j))
        created = plan.session_times(j)[0]
        if created > last[a]:
            last[a] = created
    return last


def session_rows(plan, account_ids, progress):
    sha256 = hashlib.sha256
    b64 = base64.urlsafe_b64encode
    n_clients = len(CLIENTS)
    for j in range(plan.sessions):
        d = sha256(plan.prefix_s + str(j).encode()).digest()
        token = b64(d).rstrip(b"=")
        created, last_seen, expires = plan.session_times(j)
        client = d[10] % n_clients
        agent, place = AGENTS[client // len(PLACES)], PLACES[client % len(PLACES)]
        if d[11] % 10 == 0:
            ip = f"2001:db8:{d[12]:x}{d[13]:02x}:{d[14]:x}::{d[15]:x}"
        else:
            ip = f"{place[5][d[12] % 3]}.{d[13]}.{d[14]}.{d[15] or 1}"
        yield (uuid7(created, d[16:]), sha256(token).hexdigest(), account_ids[plan.session_account(d)], "authenticated",
               created, last_seen, expires, created, ip, agent[0], CLIENTS[client])
        if progress and j % 1_000_000 == 999_999:
            progress(f"sessions: {j + 1:,}")


def log(message):
    print(f"\033[1m[seed]\033[0m {message}", file=sys.stderr, flush=True)


def prepare(args):
    plan = Plan(args.accounts, args.sessions, args.seed)
    started = time.monotonic()
    last = last_sign_ins(plan)
    log(f"planned {plan.accounts:,} accounts, {plan.sessions:,} sessions ({plan.expired:,} expired) in {time.monotonic() - started:.1f} s")
    return plan, last


def account_id_list(plan):
    return [uuid7(plan.account_created(i), plan.account_digest(i)[8:]) for i in range(plan.accounts)]


# --- SQLite ------------------------------------------------------------------------------------------------

def load_sqlite(args):
    plan, last = prepare(args)
    db = sqlite3.connect(args.path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    for table in ("accounts", "sessions"):
        if db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
            raise SystemExit(f"seed_scale: {table} is not empty in {args.path}: seed a new database")
    # One writer, no journal while loading (a failed load leaves a database to throw away), WAL again after.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1048576")
    db.execute("PRAGMA threads = 2")
    indexes = db.execute("""SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('accounts', 'sessions')
                            AND sql IS NOT NULL ORDER BY name""").fetchall()
    db.execute("BEGIN")
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    started = time.monotonic()
    db.executemany(f"INSERT INTO accounts ({', '.join(ACCOUNT_COLUMNS)}) VALUES ({', '.join('?' * len(ACCOUNT_COLUMNS))})",
                   account_rows(plan, args.password_hash, last, log))
    log(f"accounts inserted in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    ids = account_id_list(plan)
    db.executemany(f"INSERT INTO sessions ({', '.join(SESSION_COLUMNS)}) VALUES ({', '.join('?' * len(SESSION_COLUMNS))})",
                   session_rows(plan, ids, log))
    log(f"sessions inserted in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    for name, sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")
    log(f"{len(indexes)} indexes rebuilt in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    log(f"ANALYZE in {time.monotonic() - started:.1f} s")


# --- PostgreSQL --------------------------------------------------------------------------------------------

def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-v", "ON_ERROR_STOP=1", "-qtAc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def copy_text(value):
    if value is None:
        return "\\N"
    if isinstance(value, int):
        return str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load_postgres(args):
    url = args.url
    # TRUNCATE … CASCADE below also empties every table that refers to accounts: all must be empty.
    referring = psql(url, """SELECT DISTINCT conrelid::regclass FROM pg_constraint WHERE contype = 'f'
                             AND confrelid IN ('accounts'::regclass, 'sessions'::regclass)""").split()
    for table in ["accounts", "sessions"] + referring:
        if psql(url, f"SELECT EXISTS (SELECT 1 FROM {table})") != "f":
            raise SystemExit(f"seed_scale: {table} is not empty: seed a new database")
    superuser = psql(url, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t"
    # Indexes that are not constraints (primary keys stay) are dropped for the load and made again after.
    indexes = [line.split("|", 1) for line in psql(url, """
        SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('accounts', 'sessions')
        AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname""").splitlines() if line]
    plan, last = prepare(args)
    proc = subprocess.Popen(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1"], stdin=subprocess.PIPE, text=True, bufsize=1 << 20)
    w = proc.stdin.write
    started = time.monotonic()
    try:
        w("SET client_min_messages = warning;\nSET synchronous_commit = off;\nSET maintenance_work_mem = '1GB';\n")
        if superuser:
            # The rows are consistent by construction: skip the per-row foreign-key triggers.
            w("SET session_replication_role = replica;\n")
        # COPY … FREEZE in the transaction that truncated the (empty) tables: rows are written frozen, so
        # no autovacuum pass rewrites 5 million rows in the middle of a benchmark.
        w("BEGIN;\nTRUNCATE accounts, sessions CASCADE;\n")
        for name, _ in indexes:
            w(f"DROP INDEX {name};\n")
        w(f"COPY accounts ({', '.join(ACCOUNT_COLUMNS)}) FROM STDIN WITH (FREEZE);\n")
        for row in account_rows(plan, args.password_hash, last, log):
            w("\t".join(map(copy_text, row)) + "\n")
        w("\\.\n")
        ids = account_id_list(plan)
        w(f"COPY sessions ({', '.join(SESSION_COLUMNS)}) FROM STDIN WITH (FREEZE);\n")
        for row in session_rows(plan, ids, log):
            w("\t".join(map(copy_text, row)) + "\n")
        w("\\.\nCOMMIT;\n")
        log(f"rows sent in {time.monotonic() - started:.1f} s; building indexes")
        for _, sql in indexes:
            w(sql + ";\n")
        w("RESET session_replication_role;\nVACUUM (ANALYZE) accounts;\nVACUUM (ANALYZE) sessions;\n")
        proc.stdin.close()
    except BrokenPipeError:
        pass
    if proc.wait() != 0:
        raise SystemExit("seed_scale: psql failed")
    log(f"loaded, {len(indexes)} indexes rebuilt, VACUUM ANALYZE done in {time.monotonic() - started:.1f} s")


# --- What the benchmark needs ------------------------------------------------------------------------------

def users(args):
    """Usernames of `count` active, unlocked seeded accounts, spread over the table."""
    plan = Plan(args.accounts, 0, args.seed)
    step = max(1, plan.accounts // args.count)
    i, printed = 7, 0
    while printed < args.count and i < plan.accounts:
        if plan.state(i) == "active":
            print(plan.username(i)[0])
            printed += 1
        i += step if step > 1 else 1


def tokens(args):
    """Tokens of `count` live sessions of active, unlocked seeded accounts, spread over the table."""
    plan = Plan(args.accounts, args.sessions, args.seed)
    live = plan.sessions - plan.expired
    step = max(1, live // args.count)
    printed, j = 0, plan.expired + 3
    while printed < args.count and j < plan.sessions:
        if plan.state(plan.session_account(plan.session_digest(j))) == "active":
            print(plan.token(j))
            printed += 1
        j += step


def names(args):
    """Checks (and shows) the usernames and their look-alike keys, without a database."""
    plan = Plan(args.accounts, 0, args.seed)
    rows = list(account_rows(plan, "x", array.array("q", bytes(8 * plan.accounts)), log))
    for row in rows[: args.show]:
        print("\t".join(map(str, row[1:7])))
    log(f"{len(rows):,} accounts, no look-alike collisions")


def add_sessions(args):
    """`count` live sessions of one account, seen a day ago (as seeded ones were: the server touches them
    at their first check), straight into the database; prints their tokens."""
    now = int(time.time() * 1000)
    prefix = f"gatehouse-bench-sessions:{args.seed}:".encode()
    rows, tokens_out = [], []
    for k in range(args.count):
        d = hashlib.sha256(prefix + str(k).encode()).digest()
        token = base64.urlsafe_b64encode(d).rstrip(b"=")
        created = now - 2 * DAY + k
        agent, place = AGENTS[k % len(AGENTS)], PLACES[k % len(PLACES)]
        rows.append((uuid7(created, d[16:]), hashlib.sha256(token).hexdigest(), args.account_id, "authenticated", created,
                     now - DAY, created + 30 * DAY, created, f"{place[5][0]}.{d[13]}.{d[14]}.{d[15] or 1}", agent[0],
                     CLIENTS[(k % len(AGENTS)) * len(PLACES) + k % len(PLACES)]))
        tokens_out.append(token.decode())
    insert = f"INSERT INTO sessions ({', '.join(SESSION_COLUMNS)}) VALUES ({', '.join('?' * len(SESSION_COLUMNS))})"
    if args.backend == "sqlite":
        db = sqlite3.connect(args.target, isolation_level=None, timeout=30)
        db.execute("BEGIN IMMEDIATE")
        db.executemany(insert, rows)
        db.execute("COMMIT")
        db.close()
    else:
        data = "".join("\t".join(map(copy_text, row)) + "\n" for row in rows)
        subprocess.run(["psql", args.target, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                        f"COPY sessions ({', '.join(SESSION_COLUMNS)}) FROM STDIN"], input=data, text=True, check=True)
    print("\n".join(tokens_out))


def sweep_sqlite(args):
    """Runs the sweeper's DELETE (SQLSessionStore.deleteExpired) in batches, one transaction each; prints
    `<sessions deleted> <milliseconds> <batches>`."""
    db = sqlite3.connect(args.path, isolation_level=None, timeout=30)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA secure_delete = ON")  # as the server's SQLite is built (sqlite-nio: SQLITE_SECURE_DELETE)
    total = batches = 0
    started = time.monotonic()
    while True:
        db.execute("BEGIN IMMEDIATE")
        rows = db.execute("""DELETE FROM sessions WHERE id IN (
                                 SELECT id FROM sessions WHERE expires_at <= ? OR last_seen_at <= ? LIMIT ?)
                             RETURNING id, account_id""", (args.cutoff, args.idle_before, args.batch)).fetchall()
        db.execute("COMMIT")
        total += len(rows)
        batches += 1
        if len(rows) < args.batch:
            break
    print(total, round((time.monotonic() - started) * 1000), batches)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    def counts(q, sessions=True):
        q.add_argument("--accounts", type=int, required=True)
        if sessions:
            q.add_argument("--sessions", type=int, required=True)
        q.add_argument("--seed", default="1")

    q = sub.add_parser("load-sqlite", help="load rows into a migrated SQLite file")
    q.add_argument("path")
    q.add_argument("--password-hash", required=True)
    counts(q)
    q = sub.add_parser("load-postgres", help="load rows into a migrated PostgreSQL database (psql, COPY)")
    q.add_argument("url")
    q.add_argument("--password-hash", required=True)
    counts(q)
    q = sub.add_parser("users", help="usernames of active seeded accounts")
    q.add_argument("--count", type=int, default=100)
    counts(q, sessions=False)
    q = sub.add_parser("tokens", help="tokens of live seeded sessions of active accounts")
    q.add_argument("--count", type=int, default=100)
    counts(q)
    q = sub.add_parser("names", help="check usernames for look-alike collisions")
    q.add_argument("--show", type=int, default=10)
    counts(q, sessions=False)
    q = sub.add_parser("add-sessions", help="insert live sessions of one account; prints their tokens")
    q.add_argument("backend", choices=("sqlite", "postgres"))
    q.add_argument("target", help="SQLite file or PostgreSQL URL")
    q.add_argument("--account-id", required=True)
    q.add_argument("--count", type=int, required=True)
    q.add_argument("--seed", default=str(os.getpid()))
    q = sub.add_parser("sweep-sqlite", help="time the sweeper's DELETE batches on a SQLite file")
    q.add_argument("path")
    q.add_argument("--cutoff", type=int, required=True)
    q.add_argument("--idle-before", type=int, required=True)
    q.add_argument("--batch", type=int, default=500)
    args = p.parse_args()
    {"load-sqlite": load_sqlite, "load-postgres": load_postgres, "users": users, "tokens": tokens, "names": names,
     "sweep-sqlite": sweep_sqlite, "add-sessions": add_sessions}[args.command](args)


if __name__ == "__main__":
    main()
