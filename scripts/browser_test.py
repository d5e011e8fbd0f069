#!/usr/bin/python3
"""Browser test of Gatehouse's sign-in and self-service pages: headless Chromium driven by Selenium.

Run it through scripts/browser-test, which installs what it needs. Starts a real SMTP server (the
aiosmtpd sink of Sources/SMTPTestSupport/smtp_sink.py) and Gatehouse ($GATEHOUSE_BIN, default
.build/debug/gatehouse; copied to a temporary directory first) on free loopback ports with a fresh data
directory, mail going to the sink over SMTP and links built from the server's own URL; creates the
accounts, and checks in the browser (every sign-in going on through the steps the password leads to,
as a person would: the consent box ticked, an authenticator enrolled with the key the setup page shows
and the backup code noted, the authenticator's code on later sign-ins; codes computed by oathtool, each
time step used once per account):

  a) the login page in English, and a wrong password's error (login value kept);
  b) the Russian pages: the selector link, the error, the choice kept across sign-in pages, no English;
  c) signing in (the authenticator's code on /login/second-factor) lands on /account; signing out comes
     back to /login with the signed-out notice;
  d) /account signed out goes to /login?return_to=/account and, after signing in (the second-factor step
     keeping return_to), back to /account;
  e) at 390x844 and 1280x800: no horizontal overflow, a <label for> for every visible field, the
     language selector (and the sign-out button) on screen;
  f) no console errors or Content-Security-Policy violations;
  g) the idle-timeout notice in both languages (waits about a minute; BROWSER_TEST_SKIP_IDLE=1 skips);
  h) password reset: the forgot-password link, the notice, the link read from the real mail (a GET
     does not consume it), mismatched passwords, the new password, the password_changed mail, the
     used link refused;
  i) an unknown address gets the same notice and no mail;
  j) email verification: the pending page after signing in, "send again" (a second mail), the link
     from the mail confirmed in the same browser moves that sign-in on to its next step, /consent, and
     through the enrolment to /account;
  k) lockout: three wrong passwords, the account_locked mail, its unlock link, signing in again;
  l) /account in Russian: language, username, password (wrong current password first), email (the
     confirmation mail to the new address, the notice to the old one, the link followed);
  m) one account signed in from two places: a second Gatehouse with the loopback GeoIP test database
     (public URL http://gatehouse.test:P), two Chromium profiles reaching it through socat relays that
     connect from 127.0.0.2 (Linköping) and 127.0.0.3 (Milton); the new-sign-in alert for the second
     place only; both sessions on /account with city, country and address, the current one marked, in
     English and Russian; one ends the other's session, whose next request lands on the sign-in page
     (the first browser enrols the authenticator, the second signs in with its next code);
  n) two-factor sign-in: a new account's first sign-in (the agreement on /consent, Continue refused by
     the browser until the box is ticked, the setup page's QR code and key, a code from the key shown,
     the backup code shown once, the two_factor_setup mail without the key, /account's two-factor
     section); a later sign-in with a code; a wrong code and a replayed one refused; the backup code in
     the second form (a new backup code shown, the backup_code_used mail); recovery in Russian (the
     selector link, the used backup code refused, the new one turning the authenticator off, a new key,
     enrolment again, the two_factor_reset mail); the consent declined in Russian (signed out, asked
     again at the next sign-in; n) runs before m));
and e) and f) on every one of those pages, in English and Russian.

Saves screenshots to docs/screens/ (BROWSER_TEST_SCREENS overrides). Prints PASS/FAIL per check and,
last, `browser: N passed, M failed`; exits non-zero when any check failed.
"""

import base64
import email
import email.policy
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GATEHOUSE_BIN = os.environ.get("GATEHOUSE_BIN") or os.path.join(REPO, ".build/debug/gatehouse")
SCREENS = os.environ.get("BROWSER_TEST_SCREENS") or os.path.join(REPO, "docs/screens")
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
SMTP_SINK = os.path.join(REPO, "Sources/SMTPTestSupport/smtp_sink.py")
KEEP = bool(os.environ.get("BROWSER_TEST_KEEP"))
SKIP_IDLE = bool(os.environ.get("BROWSER_TEST_SKIP_IDLE"))

PASSWORD = "correct horse battery"
NEW_PASSWORD = "purple walrus juggles lanterns"
MAIL_TIMEOUT = 15  # seconds to wait for a message at the SMTP sink
NO_MAIL_WAIT = 3   # seconds to wait, at least, before concluding that no message came
IDLE_TIMEOUT = 60  # seconds; the notice then reads "1 minute"
SIZES = [(390, 844), (1280, 800)]
SCREENS_BUDGET = 4 * 1024 * 1024  # 3 MiB until o)'s screenshots of the onboarding pages (about 0.7 MiB)
OATHTOOL = shutil.which("oathtool") or "/usr/bin/oathtool"
TOTP_PERIOD = 30  # seconds per time step (RFC 6238's default, and Gatehouse's)
BACKUP_CODE = re.compile(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")

EN = {
    "title": "Sign in",
    "login": "Username or email",
    "password": "Password",
    "submit": "Sign in",
    "error": "Invalid login or password.",
    "signed_in": "You are signed in as alice.",
    "sign_out": "Sign out",
    "signed_out": "You have signed out.",
    "idle": "You were signed out after 1 minute of inactivity.",
    "forgot": "Forgot your password?",
    "reset_title": "Reset your password",
    "reset_email": "Email address",
    "reset_sent": "If an account uses this address, we have sent a link to reset the password to it.",
    "reset_complete_title": "Set a new password",
    "mismatch": "The passwords do not match.",
    "reset_done_title": "Password changed",
    "go_to_sign_in": "Go to sign in",
    "link_invalid": "This link is invalid or has expired. Request a new one.",
    "verify_title": "Confirm your email address",
    "verify_submit": "Confirm email address",
    "verify_resend": "Send the link again",
    "verify_resent": "We have sent a new confirmation link. If the email does not arrive within a few minutes, check your spam folder.",
    "unlock_title": "Unlock your account",
    "unlock_submit": "Unlock",
    "unlock_done_title": "Account unlocked",
    "consent_title": "Consent to personal data processing",
    "consent_checkbox": "I have read and accept the agreement",
    "consent_continue": "Continue",
    "consent_decline": "Decline and sign out",
    "setup_title": "Set up two-factor authentication",
    "backup_title": "Save your backup code",
    "backup_replaced": "You used your backup code, so it no longer works. Here is your new one.",
    "second_factor_title": "Two-factor authentication",
    "code_invalid": "Invalid code.",
    "backup_invalid": "Invalid backup code.",
    "recovery_title": "Recover access with your backup code",
    "two_factor_heading": "Two-factor authentication",
    "two_factor_on": r"Two-factor authentication (is on|has been on since .+)\.",
}
RU = {
    "title": "Вход",
    "login": "Имя пользователя или электронная почта",
    "password": "Пароль",
    "submit": "Войти",
    "error": "Неверный логин или пароль.",
    "signed_in": "Вы вошли как alice.",
    "sign_out": "Выйти",
    "signed_out": "Вы вышли из системы.",
    "idle": "Сеанс завершён, так как вы были неактивны 1 минуту.",
    "forgot": "Забыли пароль?",
    "reset_title": "Сброс пароля",
    "reset_email": "Адрес электронной почты",
    "reset_sent": "Если этот адрес привязан к учётной записи, мы отправили на него ссылку для сброса пароля.",
    "reset_complete_title": "Установка нового пароля",
    "mismatch": "Пароли не совпадают.",
    "link_invalid": "Ссылка недействительна или срок её действия истёк. Запросите новую.",
    "verify_title": "Подтверждение адреса электронной почты",
    "verify_submit": "Подтвердить адрес",
    "verify_done_title": "Адрес подтверждён",
    "go_to_account": "Перейти к учётной записи",
    "verify_resend": "Отправить ссылку ещё раз",
    "unlock_title": "Разблокировка учётной записи",
    "unlock_submit": "Разблокировать",
    "account_title": "Учётная запись",
    "changed_language": "Язык сохранён.",
    "changed_username": "Имя пользователя изменено.",
    "changed_password": "Пароль изменён. Остальные ваши сеансы завершены.",
    "changed_email": "Мы отправили ссылку для подтверждения на новый адрес. Перейдите по ней, чтобы начать пользоваться этим адресом; до тех пор действует текущий.",
    "current_wrong": "Текущий пароль указан неверно.",
    "language_name": "Русский",
    "consent_title": "Согласие на обработку персональных данных",
    "consent_checkbox": "Я ознакомлен(а) с соглашением и принимаю его условия",
    "consent_continue": "Продолжить",
    "consent_decline": "Отказаться и выйти",
    "setup_title": "Настройка двухфакторной аутентификации",
    "backup_title": "Сохраните резервный код",
    "backup_replaced": "Вы использовали резервный код, и он больше не действует. Вот ваш новый код.",
    "second_factor_title": "Двухфакторная аутентификация",
    "code_invalid": "Неверный код.",
    "backup_invalid": "Неверный резервный код.",
    "recovery_title": "Восстановление доступа по резервному коду",
    "two_factor_heading": "Двухфакторная аутентификация",
    "two_factor_on": r"Двухфакторная аутентификация включена( с .+)?\.",
}
# English UI strings that must not appear on a Russian page ("English" itself is the selector's
# native name for the other language, so it is allowed in the links' titles).
ENGLISH_UI = ["Sign in", "Password", "Username or email", "Forgot your password?", "Need help?",
              "Skip to main content", "Sign out", "Invalid login", "Your account", "signed in as",
              "Language"]
# Console errors that are not the pages' fault, or not yet fixed (and reported): pattern, reason.
EXPECTED_CONSOLE = [
    (r"/login - Failed to load resource: the server responded with a status of 401",
     "POST /login with a wrong password answers 401 by design, which Chromium logs as a failed load"),
    (r"/password-reset/complete(\?\S*)? - Failed to load resource: the server responded with a status of 400",
     "/password-reset/complete answers 400 by design to mismatched passwords and to a used link"),
    (r"/account/password - Failed to load resource: the server responded with a status of 401",
     "POST /account/password with a wrong current password answers 401 by design"),
    (r"/login/second-factor - Failed to load resource: the server responded with a status of 401",
     "POST /login/second-factor with a wrong or replayed code answers 401 by design"),
    (r"/login/recovery - Failed to load resource: the server responded with a status of 401",
     "POST /login/recovery with a used backup code answers 401 by design"),
    (r"/register(\?\S*)? - Failed to load resource: the server responded with a status of 404",
     "/register?invitation= answers 404 by design to a used, revoked or expired invitation"),
]
CYRILLIC = re.compile("[\u0400-\u04ff]")

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)
    return ok


def log(message):
    print(f"\033[1m[browser]\033[0m {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the page helpers ------------------------------------------------------------------------------

LAYOUT_JS = """
const de = document.documentElement, vw = de.clientWidth;
const outside = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (r.right > vw + 0.5 || r.left < -0.5) {
    outside.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') +
                 ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
  }
}
return {scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, clientWidth: vw,
        bodyScrollWidth: document.body.scrollWidth, outside: outside.slice(0, 5)};
"""

LABELS_JS = """
const missing = [];
let fields = 0;
for (const el of document.querySelectorAll('input, select, textarea')) {
  const type = (el.getAttribute('type') || 'text').toLowerCase();
  if (el.tagName === 'INPUT' && ['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden' || (r.width === 0 && r.height === 0)) continue;
  fields++;
  const label = el.id ? document.querySelector('label[for="' + CSS.escape(el.id) + '"]') : null;
  if (!label || !label.innerText.trim()) missing.push(el.outerHTML.slice(0, 100));
}
return {fields: fields, missing: missing};
"""

# Elements that must be fully on screen: the language links and, when signed in, the sign-out button.
HEADER_JS = """
const vw = document.documentElement.clientWidth, vh = window.innerHeight;
const want = [...document.querySelectorAll('.language-selector a, .sign-out button')];
const off = want.filter(el => {
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return cs.visibility === 'hidden' || r.width === 0 || r.height === 0 ||
         r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5;
}).map(el => el.outerHTML.slice(0, 80));
return {count: want.length, languageLinks: document.querySelectorAll('.language-selector a').length, off: off};
"""

# All the text a user can see or hear: rendered text, the title, and accessible names in attributes.
PAGE_TEXT_JS = """
const parts = [document.body.innerText, document.title];
for (const el of document.querySelectorAll('[aria-label], [placeholder], [alt], [value]')) {
  if (el.matches('input[type=hidden]')) continue;
  for (const a of ['aria-label', 'placeholder', 'alt']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
  if (el.matches('input[type=submit], input[type=button]')) parts.push(el.value);
}
return parts.join('\\n');
"""

OWN_LANGUAGE_TEXT_JS = """
const lang = document.documentElement.lang;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const parts = [];
while (walker.nextNode()) {
  const holder = walker.currentNode.parentElement.closest('[lang]');
  if (holder && holder !== document.documentElement && holder.lang !== lang) continue;
  parts.push(walker.currentNode.textContent);
}
return parts.join(' ');
"""


def detached(element):
    """Whether the element has left the document (EC.staleness_of, which also takes chromedriver's
    "Node with given id does not belong to the document", said when the page is replaced while it looks,
    for the answer it is rather than an error)."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error) or "No node with given id" in str(error):
            return True
        raise


def where_failed(error):
    """The line of this script the exception came through last (not the line in Selenium that raised it)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.basename(f.filename) == "browser_test.py"]
    return frames[-1].lineno if frames else "?"


# --- the authenticator app ----------------------------------------------------------------------------

def totp(secret, step):
    """The code of time step `step` for the base32 key `secret`, computed by oathtool (OATH Toolkit, an
    implementation independent of Gatehouse's): RFC 6238, SHA-1, 6 digits, 30 s, the step's first second
    given as --now."""
    now = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(step * TOTP_PERIOD))
    done = subprocess.run([OATHTOOL, "--totp", "--base32", "--now", now, secret],
                          capture_output=True, text=True, timeout=10)
    code = done.stdout.strip()
    if done.returncode != 0 or not re.fullmatch(r"\d{6}", code):
        raise RuntimeError(f"oathtool --totp --base32 --now {now!r} failed ({done.returncode}): {done.stderr.strip()!r} {code!r}")
    return code


def current_step():
    return int(time.time()) // TOTP_PERIOD


class Authenticator:
    """One account's authenticator app, as its owner keeps it: the key read from the last setup page, the
    last time step whose code was sent, and the backup code last shown.

    Gatehouse accepts the previous, the current and the next step's code, but a step (and every earlier
    one) only once per account: when the current step was used already (a second sign-in within 30 s),
    `code()` sends the next step's code, and when even that was used it waits for the next step to begin."""

    def __init__(self, account):
        self.account = account
        self.secret = None
        self.last_step = -1
        self.backup_code = None

    def code(self):
        if not self.secret:
            raise RuntimeError(f"{self.account} has no authenticator key yet")
        step = current_step()
        if step <= self.last_step:
            step = self.last_step + 1
            if step > current_step() + 1:
                log(f"{self.account}: steps up to {self.last_step} used, waiting for step {step - 1} to send step {step}'s code")
                while step > current_step() + 1:
                    time.sleep(0.2)
        self.last_step = step
        return totp(self.secret, step)

    def unused_code(self):
        """Six digits that are none of the codes Gatehouse would accept now: a wrong code."""
        valid = {totp(self.secret, step) for step in range(current_step() - 1, current_step() + 3)}
        return next(c for c in ("000000", "123456", "999999", "314159") if c not in valid)


AUTHENTICATORS = {}


def authenticator(base, account):
    """The authenticator of `account` (its username) at the Gatehouse at `base`."""
    return AUTHENTICATORS.setdefault((base, account), Authenticator(account))


SETUP_KEY_JS = """
const spans = [...document.querySelectorAll('code.secret-key span')].map(s => s.textContent.trim());
const link = document.querySelector('a[href^="otpauth:"]');
const svg = document.querySelector('.qr-code svg');
const box = svg ? svg.getBoundingClientRect() : null;
return {groups: spans, shown: (document.querySelector('code.secret-key') || {}).innerText || '',
        uri: link ? link.getAttribute('href') : null,
        svg: svg ? {width: box.width, height: box.height, shapes: svg.querySelectorAll('path, rect, use').length} : null};
"""

# The pages of the sign-in's steps after the password that follow_steps completes.
STEP_PAGES = ("/consent", "/two-factor/setup", "/login/second-factor")


class Browser:
    def __init__(self, driver, base):
        self.driver = driver
        self.base = base
        self.console = []  # (page, entry)
        self.logs_supported = True
        self.page = "start"
        self.size = None
        self.steps = []  # the step pages the last sign-in went through: (page, path and query, lang)

    # navigation
    def get(self, path):
        self.drain_console()
        self.driver.get(self.base + path)
        self.page = path

    def open(self, url):
        """Opens an absolute URL (a link read from a mail)."""
        self.drain_console()
        self.driver.get(url)
        self.page = urllib.parse.urlsplit(url).path

    def click_and_wait(self, element):
        """Clicks something that loads a new page, and waits for that page."""
        self.drain_console()
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, 15).until(lambda _: detached(old))
        WebDriverWait(self.driver, 15).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        self.page = self.path()

    def sign_in(self, login, password, follow=True):
        """Submits the sign-in form and, unless not `follow`, goes on through the steps it leads to
        (follow_steps, `login` being the username)."""
        self.steps = []
        field = self.driver.find_element(By.ID, "login")
        field.clear()
        field.send_keys(login)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
        if follow:
            self.follow_steps(login)

    def follow_steps(self, account):
        """Completes the sign-in steps the browser is on, as `account`'s owner would, until a page that is
        none of them (/account, return_to, /verify-email, /login again): on /consent ticks the box and
        continues; on /two-factor/setup reads the key shown, sends oathtool's code for it and notes the
        backup code shown next; on /login/second-factor sends a fresh code of the key noted. Records each
        page in self.steps; raises when a step refuses what was sent."""
        self.steps = []
        for _ in range(10):
            if self.has("p.backup-code code"):
                self.steps.append(("backup-code", self.url(), self.lang()))
                self.take_backup_code(account)
                continue
            path = self.path()
            if path not in STEP_PAGES:
                return
            self.steps.append((path, self.url(), self.lang()))
            if path == "/consent":
                self.accept_consent()
            elif path == "/two-factor/setup":
                self.enrol(account)
            else:
                self.send_code(account)
            if self.path() == path and not self.has("p.backup-code code"):
                raise RuntimeError(f"the sign-in step {path} refused what was sent: {self.css_text('[role=alert]')!r}")
        raise RuntimeError(f"the sign-in steps did not end: {self.steps}")

    def accept_consent(self):
        box = self.driver.find_element(By.ID, "agree")
        if not box.is_selected():
            box.click()
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "form[action='/consent'] button[name=accept][value=true]"))

    def setup_key(self):
        """What the setup page shows of the key: the groups, the text, the otpauth URI, the QR code."""
        return self.driver.execute_script(SETUP_KEY_JS)

    def enrol(self, account, action="/two-factor/setup"):
        """Adds the key the setup page shows to `account`'s authenticator and confirms it with a code."""
        key = "".join(self.setup_key()["groups"])
        if not re.fullmatch(r"[A-Z2-7]{16,}", key):
            raise RuntimeError(f"no key on the setup page: {key!r}")
        app = authenticator(self.base, account)
        app.secret = key
        self.fill({"code": app.code()})
        self.submit(action)

    def take_backup_code(self, account):
        """Notes the backup code the page shows and follows its Continue link."""
        authenticator(self.base, account).backup_code = self.css_text("p.backup-code code")
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, ".card a.button"))

    def send_code(self, account):
        """Sends the authenticator's code through the first form of /login/second-factor; returns it."""
        code = authenticator(self.base, account).code()
        self.fill({"code": code})
        self.click_and_wait(self.form_of("code").find_element(By.CSS_SELECTOR, "button[type=submit]"))
        return code

    def form_of(self, field_id):
        return self.driver.find_element(By.ID, field_id).find_element(By.XPATH, "./ancestor::form")

    def fill(self, values):
        """Types into the fields with these ids (emptied first)."""
        for field_id, value in values.items():
            field = self.driver.find_element(By.ID, field_id)
            field.clear()
            field.send_keys(value)

    def submit(self, action):
        """Presses the submit button of the form that posts to `action`."""
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, f"form[action='{action}'] button[type=submit]"))

    def has(self, selector):
        return bool(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def sign_out(self):
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "header form.sign-out button"))

    # reading the page
    def path(self):
        return self.driver.execute_script("return location.pathname")

    def url(self):
        return self.driver.execute_script("return location.pathname + location.search")

    def lang(self):
        return self.driver.execute_script("return document.documentElement.lang")

    def text(self):
        return self.driver.execute_script("return document.body.innerText")

    def all_text(self):
        return self.driver.execute_script(PAGE_TEXT_JS)

    def own_language_text(self):
        """The page's text without parts marked as another language (lang="ru" on an English page,
        e.g. a language's own name in the language selector)."""
        return self.driver.execute_script(OWN_LANGUAGE_TEXT_JS)

    def css_text(self, selector):
        found = self.driver.find_elements(By.CSS_SELECTOR, selector)
        return " ".join(e.text.strip() for e in found) if found else None

    def value(self, selector):
        found = self.driver.find_elements(By.CSS_SELECTOR, selector)
        return found[0].get_attribute("value") if found else None

    # window
    def set_size(self, width, height):
        """The viewport exactly width x height; below 600 px wide as a phone (the viewport meta applies)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
        })
        self.size = (width, height)

    def settle(self):
        """No focus ring, no caret, no hover: the same pixels on every run."""
        self.driver.execute_script("if (document.activeElement) document.activeElement.blur();")
        try:
            actions = ActionBuilder(self.driver)
            actions.pointer_action.move_to_location(0, 0)
            actions.perform()
        except WebDriverException:
            pass

    # console
    def drain_console(self):
        if not self.logs_supported:
            return
        try:
            for entry in self.driver.get_log("browser"):
                self.console.append((self.page, entry))
        except (WebDriverException, AttributeError, KeyError) as error:
            self.logs_supported = False
            log(f"the driver gives no browser log ({type(error).__name__}); console check skipped")


def layout_checks(browser, state, screenshots, save=True, show=None):
    """The e) checks of the current page at every size, with a screenshot at each (unless not `save`:
    the error states of the mail flows are checked but not kept, to stay within SCREENS_BUDGET). `show`:
    the CSS selector of the part the screenshot is of, scrolled to the top of the window after the checks
    (which look at the page scrolled to the top, where the header is)."""
    for width, height in SIZES:
        browser.set_size(width, height)
        browser.settle()
        size = f"{width}x{height}"
        layout = browser.driver.execute_script(LAYOUT_JS)
        check(f"e) {state} {size}: no horizontal scroll",
              layout["scrollWidth"] <= layout["innerWidth"] and layout["scrollWidth"] <= width
              and layout["scrollWidth"] <= layout["clientWidth"] and not layout["outside"],
              f"{layout}")
        labels = browser.driver.execute_script(LABELS_JS)
        check(f"e) {state} {size}: every visible field has a <label for> ({labels['fields']} fields)",
              not labels["missing"], f"unlabelled: {labels['missing']}")
        header = browser.driver.execute_script(HEADER_JS)
        check(f"e) {state} {size}: language selector{' and sign-out' if header['count'] > header['languageLinks'] else ''} on screen",
              header["languageLinks"] >= 2 and not header["off"], f"{header}")
        if not save:
            continue
        if show:
            browser.driver.execute_script(
                "const el = document.querySelector(arguments[0]);"
                "if (el) window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);", show)
        os.makedirs(SCREENS, exist_ok=True)
        path = os.path.join(SCREENS, f"{state}-{size}.png")
        browser.driver.save_screenshot(path)
        screenshots.append(path)
        if show:
            browser.driver.execute_script("window.scrollTo(0, 0);")
    browser.set_size(*SIZES[-1])


def no_english(browser, state, letter="b"):
    text = browser.all_text()
    found = [s for s in ENGLISH_UI if s.lower() in text.lower()]
    check(f"{letter}) {state}: no English UI strings", not found, f"found {found}")


def no_russian(browser, state, letter="a"):
    found = CYRILLIC.findall(browser.own_language_text())
    check(f"{letter}) {state}: no Russian text", not found, f"found {''.join(found)[:40]!r}")


def session_cookie(browser):
    cookies = browser.driver.get_cookies()
    for cookie in cookies:
        if cookie["name"] == "gatehouse_session":
            return cookie
    for cookie in cookies:
        if "session" in cookie["name"]:
            return cookie
    return None


def park_session(browser):
    """Takes the session cookie out of the browser (the session stays open on the server)."""
    cookie = session_cookie(browser)
    if cookie:
        browser.driver.delete_cookie(cookie["name"])
    return cookie, time.monotonic()


# --- the mail ----------------------------------------------------------------------------------------

class Mail:
    """One message the sink stored: its kind (X-Gatehouse-Message), recipients, subject, text and links."""

    def __init__(self, number, record):
        self.number = number
        self.to = [a.lower() for a in record.get("rcpt_tos", [])]
        decoded = record.get("decoded") or {}
        self.subject = decoded.get("subject") or ""
        self.text = "\n".join(p["content"] for p in decoded.get("parts", [])
                              if p.get("content_type") == "text/plain" and isinstance(p.get("content"), str))
        # The subject and every part decoded (text and HTML, whatever their transfer encoding); `raw`: the
        # message as it came, headers and all.
        self.all_text = "\n".join([self.subject] + [p["content"] for p in decoded.get("parts", []) if isinstance(p.get("content"), str)])
        raw = base64.b64decode(record.get("raw_b64", ""))
        self.raw = raw.decode("utf-8", "replace")
        self.kind = email.message_from_bytes(raw, policy=email.policy.default).get("X-Gatehouse-Message", "")
        self.kind = str(self.kind).strip()
        # A link stands on a line of its own in the text part.
        self.links = [line.strip() for line in self.text.splitlines() if re.fullmatch(r"https?://\S+", line.strip())]

    def link(self, path):
        """The first link to `path` (with a token), or None."""
        for url in self.links:
            parts = urllib.parse.urlsplit(url)
            if parts.path == path and urllib.parse.parse_qs(parts.query).get("token"):
                return url
        return None

    def __repr__(self):
        return f"#{self.number} {self.kind} to {','.join(self.to)}"


class MailSink:
    """The aiosmtpd sink: a real SMTP server on a free loopback port, storing every message as JSON.
    Its stdin is a pipe from this process, so it ends when the test ends, however that happens."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "mail")
        os.makedirs(self.dir)
        self.taken = set()
        self.err = open(os.path.join(tmp, "smtp-sink.log"), "w")
        self.proc = subprocess.Popen(["/usr/bin/python3", SMTP_SINK, "--dir", self.dir, "--port", str(free_port())],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        line = self.proc.stdout.readline() if ready else ""
        match = re.fullmatch(r"ready (\d+)\s*", line)
        if not match:
            self.close()
            raise RuntimeError(f"the SMTP sink did not start (said {line!r}); see smtp-sink.log")
        self.port = int(match.group(1))

    def messages(self):
        found = []
        for name in os.listdir(self.dir):
            match = re.fullmatch(r"msg-(\d+)\.json", name)
            if match:
                with open(os.path.join(self.dir, name), encoding="utf-8") as f:
                    found.append(Mail(int(match.group(1)), json.load(f)))
        return sorted(found, key=lambda m: m.number)

    def to(self, address):
        return [m for m in self.messages() if address.lower() in m.to]

    def wait_for(self, kind, address, timeout=MAIL_TIMEOUT):
        """The oldest message of this kind to this address not returned before, or None after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            for mail in self.to(address):
                if mail.kind == kind and mail.number not in self.taken:
                    self.taken.add(mail.number)
                    return mail
            if time.monotonic() > deadline:
                return None
            time.sleep(0.25)

    def summary(self):
        return ", ".join(repr(m) for m in self.messages()) or "none"

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.terminate()
                self.proc.wait()
        self.err.close()


def with_lang(url, lang):
    """The same link with ?lang= set: a GET of a mailed link does not consume it, so it can be shown
    in both languages before it is used."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "lang"] + [("lang", lang)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


# --- the scenario ----------------------------------------------------------------------------------

def run(browser, screenshots):
    b = browser
    parked = []

    # a) English
    b.get("/login")
    check("a) /login is in English (html lang=en)", b.lang() == "en", f"lang={b.lang()!r}")
    check("a) /login title and labels in English",
          b.css_text("h1") == EN["title"] and b.css_text("label[for=login]") == EN["login"]
          and b.css_text("label[for=password]") == EN["password"]
          and b.css_text("form.form button[type=submit]") == EN["submit"],
          f"h1={b.css_text('h1')!r} labels={b.css_text('label')!r}")
    check("a) language selector shows EN and RU, EN current",
          b.css_text(".language-selector a[hreflang=en]") == "EN"
          and b.css_text(".language-selector a[hreflang=ru]") == "RU"
          and b.driver.find_element(By.CSS_SELECTOR, ".language-selector a[hreflang=en]").get_attribute("aria-current") == "true")
    no_russian(b, "/login")
    layout_checks(b, "login-en", screenshots)

    b.sign_in("bob", "wrong password")
    check("a) wrong password: the English error is shown", b.css_text("[role=alert]") == EN["error"],
          f"alert={b.css_text('[role=alert]')!r} url={b.url()}")
    check("a) wrong password: the typed login is kept", b.value("#login") == "bob", f"login={b.value('#login')!r}")
    check("a) wrong password: the password is not kept", (b.value("#password") or "") == "")
    check("a) wrong password: still on the English sign-in page", b.path() == "/login" and b.lang() == "en",
          f"url={b.url()} lang={b.lang()}")
    no_russian(b, "error page")
    layout_checks(b, "login-en-error", screenshots)

    # a session left alone for the idle check (g, English); alice's first sign-in: consent, enrolment
    b.get("/login")
    b.sign_in("alice", PASSWORD)
    if b.path() == "/account":
        parked.append(("en",) + park_session(b))

    # c) sign in and out
    b.get("/login")
    b.sign_in("alice", PASSWORD)
    check("c) correct sign-in: the authenticator's code on /login/second-factor, then /account",
          [step[0] for step in b.steps] == ["/login/second-factor"] and b.path() == "/account",
          f"steps={b.steps} url={b.url()}")
    check("c) /account shows the user", EN["signed_in"] in b.text(), f"text={b.text()[:200]!r}")
    check("c) /account has the sign-out button in the header", b.css_text("header .sign-out button") == EN["sign_out"])
    no_russian(b, "/account")
    layout_checks(b, "account-en", screenshots)
    b.sign_out()
    check("c) sign out returns to /login?signed_out=1", b.url() == "/login?signed_out=1", f"url={b.url()}")
    check("c) the signed-out notice is shown", b.css_text("[role=status]") == EN["signed_out"],
          f"notice={b.css_text('[role=status]')!r}")
    check("c) the session cookie is gone", session_cookie(b) is None)
    layout_checks(b, "login-en-signed-out", screenshots)

    # d) return_to
    b.get("/account")
    check("d) /account signed out redirects to /login?return_to=/account",
          b.url() in ("/login?return_to=/account", "/login?return_to=%2Faccount"), f"url={b.url()}")
    check("d) the form carries return_to", b.value("input[name=return_to]") == "/account",
          f"return_to={b.value('input[name=return_to]')!r}")
    b.sign_in("alice", PASSWORD)
    check("d) the second-factor step carries return_to",
          [step[1] for step in b.steps] in (["/login/second-factor?return_to=/account"], ["/login/second-factor?return_to=%2Faccount"]),
          f"steps={b.steps}")
    check("d) after signing in, back on /account", b.path() == "/account" and EN["signed_in"] in b.text(),
          f"url={b.url()}")
    # a second session left alone for the idle check (g, Russian)
    parked.append(("ru",) + park_session(b))

    # b) Russian
    b.get("/login")
    check("b) without a choice the page is English", b.lang() == "en", f"lang={b.lang()!r}")
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, ".language-selector a[hreflang=ru]"))
    check("b) the RU link shows the page in Russian (html lang=ru)", b.lang() == "ru" and b.path() == "/login",
          f"lang={b.lang()!r} url={b.url()}")
    check("b) title, labels and button in Russian",
          b.css_text("h1") == RU["title"] and b.css_text("label[for=login]") == RU["login"]
          and b.css_text("label[for=password]") == RU["password"]
          and b.css_text("form.form button[type=submit]") == RU["submit"],
          f"h1={b.css_text('h1')!r} labels={b.css_text('label')!r}")
    check("b) RU marked current in the selector",
          b.driver.find_element(By.CSS_SELECTOR, ".language-selector a[hreflang=ru]").get_attribute("aria-current") == "true")
    no_english(b, "/login?lang=ru")
    layout_checks(b, "login-ru", screenshots)

    b.sign_in("bob", "wrong password")
    check("b) wrong password: the Russian error is shown", b.css_text("[role=alert]") == RU["error"],
          f"alert={b.css_text('[role=alert]')!r}")
    check("b) wrong password: the typed login is kept", b.value("#login") == "bob", f"login={b.value('#login')!r}")
    check("b) the error page stays Russian", b.lang() == "ru" and b.css_text("h1") == RU["title"])
    no_english(b, "RU error page")
    layout_checks(b, "login-ru-error", screenshots)

    b.get("/login")
    check("b) /login loaded again (no ?lang) is still Russian", b.lang() == "ru" and b.css_text("h1") == RU["title"],
          f"lang={b.lang()!r}")
    b.get("/account")
    check("b) /account -> /login?return_to=/account is still Russian",
          b.path() == "/login" and b.lang() == "ru" and b.css_text("h1") == RU["title"], f"url={b.url()} lang={b.lang()!r}")
    en_link = b.driver.find_element(By.CSS_SELECTOR, ".language-selector a[hreflang=en]").get_attribute("href")
    check("b) the selector links keep return_to", "return_to=" in en_link and "lang=en" in en_link, en_link)
    no_english(b, "RU /login?return_to=/account")
    b.sign_in("alice", PASSWORD)
    check("b) the second-factor step is Russian too", [(step[0], step[2]) for step in b.steps] == [("/login/second-factor", "ru")],
          f"steps={b.steps}")
    check("b) signing in from the Russian page returns to /account in Russian",
          b.path() == "/account" and b.lang() == "ru" and RU["signed_in"] in b.text(),
          f"url={b.url()} text={b.text()[:200]!r}")
    check("b) the sign-out button is Russian", b.css_text("header .sign-out button") == RU["sign_out"])
    no_english(b, "RU /account")
    layout_checks(b, "account-ru", screenshots)
    b.sign_out()
    check("b) signed out: the Russian notice", b.lang() == "ru" and b.css_text("[role=status]") == RU["signed_out"],
          f"notice={b.css_text('[role=status]')!r}")
    no_english(b, "RU signed-out page")

    return parked


# --- the mail flows: every link is read from a message the SMTP sink received ------------------------

def start_clean(b, lang="en"):
    """No session, the language chosen by ?lang=, on /login."""
    b.driver.delete_all_cookies()
    b.get(f"/login?lang={lang}")


def expect_mail(sink, label, kind, address):
    mail = sink.wait_for(kind, address)
    check(f"{label}: a {kind} mail to {address} arrives", mail is not None, f"received: {sink.summary()}")
    return mail


def expect_link(label, mail, path, base):
    """The link to `path` in the mail's text, which must be built from the public URL."""
    if mail is None:
        return None
    link = mail.link(path)
    check(f"{label}: the {mail.kind} mail has a {path} link built from the public URL",
          link is not None and link.startswith(f"{base}{path}?token="), f"links: {mail.links}")
    return link


def signed_in_as(b, username, texts=EN):
    return b.path() == "/account" and texts["signed_in"].replace("alice", username) in b.text()


def password_reset_checks(b, sink, screenshots, base):
    user, address, unknown = "dave", "dave@example.com", "nobody@example.com"
    start_clean(b)
    forgot = b.driver.find_elements(By.CSS_SELECTOR, "a[href='/password-reset']")
    check("h) /login links to /password-reset", bool(forgot) and forgot[0].text.strip() == EN["forgot"],
          f"links: {[a.text for a in forgot]}")
    b.click_and_wait(forgot[0])
    check("h) the link opens /password-reset in English with the email field",
          b.path() == "/password-reset" and b.lang() == "en" and b.css_text("h1") == EN["reset_title"]
          and b.css_text("label[for=email]") == EN["reset_email"] and b.has("form[action='/password-reset'] input#email"),
          f"url={b.url()} h1={b.css_text('h1')!r}")
    no_russian(b, "/password-reset", "h")
    layout_checks(b, "password-reset-en", screenshots)

    b.get("/password-reset?lang=ru")
    check("h) /password-reset?lang=ru is Russian",
          b.lang() == "ru" and b.css_text("h1") == RU["reset_title"] and b.css_text("label[for=email]") == RU["reset_email"],
          f"lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /password-reset", "h")
    layout_checks(b, "password-reset-ru", screenshots)

    # i) an address no account uses: the same notice, and no mail
    b.fill({"email": unknown})
    b.submit("/password-reset")
    check("i) RU: an unknown address gets the notice",
          b.lang() == "ru" and b.css_text("[role=status]") == RU["reset_sent"], f"notice={b.css_text('[role=status]')!r}")
    no_english(b, "RU /password-reset notice", "i")
    layout_checks(b, "password-reset-ru-sent", screenshots)
    b.get("/password-reset?lang=en")
    b.fill({"email": unknown})
    b.submit("/password-reset")
    asked_unknown = time.monotonic()
    unknown_page = b.css_text(".card")
    check("i) EN: an unknown address gets the notice", b.css_text("[role=status]") == EN["reset_sent"],
          f"notice={b.css_text('[role=status]')!r}")

    # h) the account's address
    b.get("/password-reset")
    b.fill({"email": address})
    b.submit("/password-reset")
    check("h) the account's address gets the notice", b.css_text("[role=status]") == EN["reset_sent"],
          f"notice={b.css_text('[role=status]')!r}")
    check("i) the page is the same for a known and an unknown address", b.css_text(".card") == unknown_page,
          f"known={b.css_text('.card')!r} unknown={unknown_page!r}")
    no_russian(b, "/password-reset notice", "h")
    layout_checks(b, "password-reset-en-sent", screenshots)
    mail = expect_mail(sink, "h) reset asked", "password_reset", address)
    time.sleep(max(0.0, asked_unknown + NO_MAIL_WAIT - time.monotonic()))
    check("i) no mail to the unknown address (the known one's came)", not sink.to(unknown), f"received: {sink.summary()}")
    link = expect_link("h)", mail, "/password-reset/complete", base)
    if not link:
        return

    def form_shown():
        return (b.path() == "/password-reset/complete" and b.has("form[action='/password-reset/complete'] #new_password")
                and b.has("#new_password_repeat") and b.value("input[name=token]") is not None)
    b.open(link)
    check("h) the link opens the new-password form", form_shown() and b.css_text("h1") == EN["reset_complete_title"],
          f"url={b.url()} h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    b.open(link)
    check("h) opened again, the form is still there (a GET does not use the link)", form_shown(),
          f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    no_russian(b, "/password-reset/complete", "h")
    layout_checks(b, "password-reset-complete-en", screenshots)
    b.open(with_lang(link, "ru"))
    check("h) the link in Russian", form_shown() and b.lang() == "ru" and b.css_text("h1") == RU["reset_complete_title"],
          f"lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /password-reset/complete", "h")
    layout_checks(b, "password-reset-complete-ru", screenshots)

    b.open(with_lang(link, "en"))
    b.fill({"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD + " too"})
    b.submit("/password-reset/complete")
    check("h) mismatched passwords: the error, the form again", EN["mismatch"] in b.text() and form_shown(),
          f"url={b.url()} text={b.text()[:300]!r}")
    layout_checks(b, "password-reset-complete-en-error", screenshots, save=False)
    b.fill({"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD})
    b.submit("/password-reset/complete")
    done_link = b.driver.find_elements(By.CSS_SELECTOR, ".card a[href='/login']")
    check("h) a good new password: the success page with a link to /login",
          b.css_text("h1") == EN["reset_done_title"] and bool(done_link) and done_link[0].text.strip() == EN["go_to_sign_in"],
          f"h1={b.css_text('h1')!r} text={b.text()[:300]!r}")
    if done_link:
        b.click_and_wait(done_link[0])
    else:
        b.get("/login")
    b.sign_in(user, PASSWORD)
    check("h) the old password no longer signs in", b.path() == "/login" and b.css_text("[role=alert]") == EN["error"],
          f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    b.get("/login")
    b.sign_in(user, NEW_PASSWORD)
    check("h) the new password signs in", signed_in_as(b, user), f"url={b.url()}")
    if b.path() == "/account":
        b.sign_out()
    expect_mail(sink, "h) password reset", "password_changed", address)
    b.open(link)
    check("h) the used link: the invalid-or-expired message, no form",
          b.css_text("[role=alert]") == EN["link_invalid"] and not b.has("#new_password"),
          f"url={b.url()} alert={b.css_text('[role=alert]')!r}")


def verification_checks(b, sink, screenshots, base):
    user, address = "erin", "erin@example.com"
    first = expect_mail(sink, "j) account created unverified", "verify_email", address)
    expect_link("j) first", first, "/verify-email", base)
    start_clean(b)
    b.sign_in(user, PASSWORD)

    def pending():
        return b.path() == "/verify-email" and b.has("form[action='/verify-email/resend'] button[type=submit]")
    check("j) signing in lands on /verify-email, waiting, with the 'send again' button",
          pending() and b.css_text("h1") == EN["verify_title"] and address in b.text()
          and b.css_text("form[action='/verify-email/resend'] button") == EN["verify_resend"],
          f"url={b.url()} h1={b.css_text('h1')!r}")
    no_russian(b, "/verify-email (waiting)", "j")
    layout_checks(b, "verify-email-en-pending", screenshots)
    b.get("/verify-email?lang=ru")
    check("j) the waiting page in Russian",
          pending() and b.lang() == "ru" and b.css_text("h1") == RU["verify_title"]
          and b.css_text("form[action='/verify-email/resend'] button") == RU["verify_resend"],
          f"url={b.url()} lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /verify-email (waiting)", "j")
    layout_checks(b, "verify-email-ru-pending", screenshots)
    b.get("/verify-email?lang=en")
    b.submit("/verify-email/resend")
    check("j) 'send again': the notice, still waiting", pending() and b.css_text("[role=status]") == EN["verify_resent"],
          f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    second = expect_mail(sink, "j) 'send again'", "verify_email", address)
    link = expect_link("j) second", second, "/verify-email", base)
    if not link:
        return

    def confirm_page(texts):
        return (b.path() == "/verify-email" and b.css_text("h1") == texts["verify_title"]
                and b.css_text("form[action='/verify-email'] button[type=submit]") == texts["verify_submit"]
                and b.value("form[action='/verify-email'] input[name=token]") is not None)
    b.open(link)
    check("j) the link opens the page with the confirm button", confirm_page(EN),
          f"url={b.url()} h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    no_russian(b, "/verify-email?token=", "j")
    layout_checks(b, "verify-email-en", screenshots)
    b.open(with_lang(link, "ru"))
    check("j) the confirm page in Russian", confirm_page(RU) and b.lang() == "ru", f"lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /verify-email?token=", "j")
    layout_checks(b, "verify-email-ru", screenshots)
    b.open(with_lang(link, "en"))
    b.submit("/verify-email")
    next_step = b.url()
    b.follow_steps(user)
    check("j) confirmed in the same browser: the waiting sign-in goes on to its next step, /consent, and after "
          "the consent and the enrolment to /account",
          next_step == "/consent" and signed_in_as(b, user),
          f"after confirming: {next_step}, steps={b.steps} url={b.url()} text={b.text()[:200]!r}")
    if b.path() == "/account":
        b.sign_out()


def lockout_checks(b, sink, screenshots, base):
    user, address = "carol", "carol@example.com"
    start_clean(b)
    for attempt in (1, 2, 3):
        b.get("/login")
        b.sign_in(user, f"wrong password {attempt}")
    check("k) the third wrong password: the usual error", b.path() == "/login" and b.css_text("[role=alert]") == EN["error"],
          f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    mail = expect_mail(sink, "k) three wrong passwords", "account_locked", address)
    unlock = expect_link("k)", mail, "/unlock", base)
    reset = expect_link("k)", mail, "/password-reset/complete", base)
    b.get("/login")
    b.sign_in(user, PASSWORD)
    check("k) while locked, the right password is refused too", b.path() == "/login" and b.css_text("[role=alert]") == EN["error"],
          f"url={b.url()}")
    if reset:
        b.open(reset)
        check("k) the mail's reset link opens the new-password form", b.has("form[action='/password-reset/complete'] #new_password"),
              f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    if not unlock:
        return

    def confirm_page(texts):
        return (b.path() == "/unlock" and b.css_text("h1") == texts["unlock_title"]
                and b.css_text("form[action='/unlock'] button[type=submit]") == texts["unlock_submit"])
    b.open(unlock)
    check("k) the unlock link opens the page with the confirm button", confirm_page(EN),
          f"url={b.url()} h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    no_russian(b, "/unlock", "k")
    layout_checks(b, "unlock-en", screenshots)
    b.open(with_lang(unlock, "ru"))
    check("k) the unlock page in Russian", confirm_page(RU) and b.lang() == "ru", f"lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /unlock", "k")
    layout_checks(b, "unlock-ru", screenshots)
    b.open(with_lang(unlock, "en"))
    b.submit("/unlock")
    done_link = b.driver.find_elements(By.CSS_SELECTOR, ".card a[href='/login']")
    check("k) confirmed: the account is unlocked, with a link to /login",
          b.css_text("h1") == EN["unlock_done_title"] and bool(done_link), f"h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    if done_link:
        b.click_and_wait(done_link[0])
    else:
        b.get("/login")
    b.sign_in(user, PASSWORD)
    check("k) signing in works again", signed_in_as(b, user), f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    if b.path() == "/account":
        b.sign_out()


def account_checks(b, sink, screenshots, base):
    user, address = "fedor", "fedor@example.com"
    new_name, new_address = "fedor.petrov", "fedor.petrov@example.com"
    start_clean(b)
    b.sign_in(user, PASSWORD)
    b.get("/account?lang=ru")
    forms = ["/account/password", "/account/username", "/account/email", "/account/language"]

    def sessions_listed():
        return len(b.driver.find_elements(By.CSS_SELECTOR, ".sessions li.session")) >= 1
    check("l) /account?lang=ru: Russian, with the password, username, email and language forms and the sessions",
          b.path() == "/account" and b.lang() == "ru" and b.css_text("h1") == RU["account_title"]
          and all(b.has(f"form[action='{f}'] button[type=submit]") for f in forms) and sessions_listed(),
          f"url={b.url()} lang={b.lang()!r} missing={[f for f in forms if not b.has(f'form[action={chr(39)}{f}{chr(39)}]')]}")

    def selected_language():
        found = b.driver.find_elements(By.ID, "language")
        return Select(found[0]).first_selected_option.get_attribute("value") if found else None
    check("l) the language field shows the account's language (English, signed in on an English page)",
          selected_language() == "en", f"selected={selected_language()!r}")
    Select(b.driver.find_element(By.ID, "language")).select_by_value("ru")
    b.submit("/account/language")
    check("l) language: /account?changed=language with the notice in Russian",
          b.url() == "/account?changed=language" and b.css_text("[role=status]") == RU["changed_language"],
          f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    check("l) the account's language is now Russian (field and profile), the sessions still listed",
          selected_language() == "ru" and RU["language_name"] in (b.css_text(".profile") or "") and sessions_listed(),
          f"selected={selected_language()!r} profile={b.css_text('.profile')!r}")

    b.fill({"username": new_name, "username-current_password": PASSWORD})
    b.submit("/account/username")
    check("l) username: the notice, the new name shown",
          b.url() == "/account?changed=username" and b.css_text("[role=status]") == RU["changed_username"]
          and signed_in_as(b, new_name, RU) and sessions_listed(),
          f"url={b.url()} notice={b.css_text('[role=status]')!r} alert={b.css_text('[role=alert]')!r}")
    expect_mail(sink, "l) username changed", "username_changed", address)

    b.fill({"password-current_password": "not my password", "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD})
    b.submit("/account/password")
    check("l) password with a wrong current password: the error in Russian, the page stays Russian",
          b.css_text("[role=alert]") == RU["current_wrong"] and b.lang() == "ru" and b.css_text("h1") == RU["account_title"]
          and sessions_listed(),
          f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    no_english(b, "RU /account with an error", "l")
    layout_checks(b, "account-ru-error", screenshots, save=False)
    b.fill({"password-current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD})
    b.submit("/account/password")
    check("l) password: the notice",
          b.url() == "/account?changed=password" and b.css_text("[role=status]") == RU["changed_password"] and sessions_listed(),
          f"url={b.url()} notice={b.css_text('[role=status]')!r} alert={b.css_text('[role=alert]')!r}")

    b.fill({"email": new_address, "email-current_password": NEW_PASSWORD})
    b.submit("/account/email")
    check("l) email: the notice, the new address waiting for confirmation",
          b.url() == "/account?changed=email" and b.css_text("[role=status]") == RU["changed_email"]
          and new_address in (b.css_text(".pending-email") or "") and sessions_listed(),
          f"url={b.url()} notice={b.css_text('[role=status]')!r} alert={b.css_text('[role=alert]')!r} profile={b.css_text('.profile')!r}")
    no_english(b, "RU /account after the changes", "l")
    layout_checks(b, "account-ru-changed", screenshots)
    verify = expect_mail(sink, "l) email change", "email_change_verify", new_address)
    expect_mail(sink, "l) email change", "email_change_requested", address)
    if verify:
        check("l) the confirmation mail is in Russian, the account's language", bool(CYRILLIC.search(verify.subject)),
              f"subject={verify.subject!r}")
    link = expect_link("l)", verify, "/verify-email", base)
    if not link:
        return
    b.open(link)
    check("l) the link opens the confirm page (Russian)",
          b.path() == "/verify-email" and b.css_text("h1") == RU["verify_title"]
          and b.css_text("form[action='/verify-email'] button[type=submit]") == RU["verify_submit"],
          f"url={b.url()} h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    b.submit("/verify-email")
    done_link = b.driver.find_elements(By.CSS_SELECTOR, ".card a[href='/account']")
    check("l) confirmed: the done page links to /account",
          b.css_text("h1") == RU["verify_done_title"] and bool(done_link) and done_link[0].text.strip() == RU["go_to_account"],
          f"url={b.url()} h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    if done_link:
        b.click_and_wait(done_link[0])
    else:
        b.get("/account")
    profile = b.css_text(".profile") or ""
    check("l) the profile shows the new address, nothing waiting",
          b.path() == "/account" and new_address in profile and address not in profile and not b.has(".pending-email"),
          f"url={b.url()} profile={profile!r}")
    expect_mail(sink, "l) email changed", "email_changed", address)
    if b.path() == "/account":
        b.sign_out()


# --- n) two-factor sign-in -------------------------------------------------------------------------

TWO_FACTOR_SECTION = "section[aria-labelledby=two-factor-heading]"


def two_factor_on(b, texts):
    """/account's two-factor section says the authenticator is on and offers to check a code."""
    section = b.css_text(TWO_FACTOR_SECTION) or ""
    return (b.css_text(f"{TWO_FACTOR_SECTION} h2") == texts["two_factor_heading"]
            and re.search(texts["two_factor_on"], section) is not None
            and b.has(f"{TWO_FACTOR_SECTION} form[action='/account/two-factor/check']"))


def key_shown(b, account):
    """The key on the setup page: (the key, a description of what is wrong or None). The key must be shown
    in groups of four base32 characters, as the text of the page and as the otpauth link's secret, with
    the QR code beside it as inline SVG."""
    found = b.setup_key()
    key = "".join(found["groups"])
    uri = urllib.parse.urlsplit(found["uri"] or "")
    query = urllib.parse.parse_qs(uri.query)
    problems = []
    if not re.fullmatch(r"[A-Z2-7]{16,}", key) or any(len(g) != 4 for g in found["groups"][:-1]) or not 1 <= len(found["groups"][-1]) <= 4:
        problems.append(f"groups={found['groups']}")
    if re.sub(r"\s", "", found["shown"]) != key:
        problems.append(f"shown={found['shown']!r}")
    if (uri.scheme, uri.netloc) != ("otpauth", "totp") or query.get("secret") != [key] or account not in urllib.parse.unquote(uri.path) \
            or query.get("algorithm", ["SHA1"]) != ["SHA1"] or query.get("digits", ["6"]) != ["6"] or query.get("period", ["30"]) != ["30"]:
        problems.append(f"uri={found['uri']!r}")
    if not found["svg"] or found["svg"]["width"] < 60 or found["svg"]["height"] < 60 or not found["svg"]["shapes"]:
        problems.append(f"svg={found['svg']}")
    return key, ("; ".join(problems) or None)


def two_factor_checks(b, sink, screenshots, base):
    user, address = "hana", "hana@example.com"
    app = authenticator(b.base, user)

    # a) the first sign-in: consent, enrolment, the backup code
    start_clean(b)
    b.sign_in(user, PASSWORD, follow=False)
    agreement = b.css_text(".agreement") or ""
    check("n) first sign-in: the password leads to /consent, the agreement (version 1) shown with the box and both buttons",
          b.path() == "/consent" and b.css_text("h1") == EN["consent_title"] and len(agreement) > 500
          and b.value("form[action='/consent'] input[name=version]") == "1"
          and b.css_text("label[for=agree]") == EN["consent_checkbox"]
          and b.css_text("form[action='/consent'] button[name=accept][value=true]") == EN["consent_continue"]
          and b.css_text("form[action='/consent'] button[name=accept][value=false]") == EN["consent_decline"],
          f"url={b.url()} h1={b.css_text('h1')!r} agreement={agreement[:120]!r}")
    box = b.driver.find_elements(By.ID, "agree")
    check("n) the consent box is required and not ticked", bool(box) and box[0].get_attribute("required") is not None and not box[0].is_selected())
    no_russian(b, "/consent", "n")
    layout_checks(b, "consent-en", screenshots)
    page = b.driver.find_element(By.TAG_NAME, "html")
    b.driver.find_element(By.CSS_SELECTOR, "form[action='/consent'] button[name=accept][value=true]").click()
    time.sleep(1.5)
    check("n) Continue without ticking the box: the browser keeps the form (still /consent, the box invalid)",
          not detached(page) and b.path() == "/consent"
          and b.driver.execute_script("return document.getElementById('agree').validity.valueMissing") is True,
          f"url={b.url()}")
    b.accept_consent()
    key, problem = key_shown(b, user)
    check("n) ticked, Continue: /two-factor/setup", b.path() == "/two-factor/setup" and b.css_text("h1") == EN["setup_title"],
          f"url={b.url()} h1={b.css_text('h1')!r} alert={b.css_text('[role=alert]')!r}")
    check("n) the setup page: the QR code as inline SVG, the key in groups of 4, the same key in the otpauth link",
          problem is None, problem)
    no_russian(b, "/two-factor/setup", "n")
    layout_checks(b, "two-factor-setup-en", screenshots)
    mail = expect_mail(sink, "n) enrolment", "two_factor_setup", address)
    if mail:
        flat = re.sub(r"\s", "", mail.all_text + mail.raw).upper()
        check("n) the two_factor_setup mail contains neither the key nor an otpauth URI",
              len(key) >= 16 and key not in flat and "OTPAUTH" not in flat, f"text={mail.text[:400]!r}")
    app.secret = key
    b.fill({"code": app.code()})
    b.submit("/two-factor/setup")
    first_backup = b.css_text("p.backup-code code") or ""
    check("n) a code from the key shown (oathtool): the backup code, shown once, like XXXX-XXXX",
          b.css_text("h1") == EN["backup_title"] and BACKUP_CODE.fullmatch(first_backup) is not None,
          f"url={b.url()} h1={b.css_text('h1')!r} code={first_backup!r} alert={b.css_text('[role=alert]')!r}")
    no_russian(b, "backup code page", "n")
    layout_checks(b, "backup-code-en", screenshots)
    b.take_backup_code(user)
    check("n) Continue: signed in, /account's two-factor section says it is on", signed_in_as(b, user) and two_factor_on(b, EN),
          f"url={b.url()} section={b.css_text(TWO_FACTOR_SECTION)!r}")
    no_russian(b, "/account with two-factor on", "n")
    layout_checks(b, "account-two-factor-en", screenshots, save=False)
    b.sign_out()

    # b) and e) a later sign-in: a wrong code, then the authenticator's
    def second_factor_page(texts):
        return (b.path() == "/login/second-factor" and b.css_text("h1") == texts["second_factor_title"]
                and b.has("form[action='/login/second-factor'] input#code")
                and b.has("form[action='/login/second-factor'] input#backup_code")
                and b.form_of("code") != b.form_of("backup_code") and b.has("a[href^='/login/recovery']"))
    start_clean(b)
    b.sign_in(user, PASSWORD, follow=False)
    check("n) a later sign-in: the password leads to /login/second-factor (a code form, a backup code form, the recovery link)",
          second_factor_page(EN), f"url={b.url()} h1={b.css_text('h1')!r}")
    no_russian(b, "/login/second-factor", "n")
    layout_checks(b, "second-factor-en", screenshots)
    b.fill({"code": app.unused_code()})
    b.click_and_wait(b.form_of("code").find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("n) a wrong code: the error, still on /login/second-factor", second_factor_page(EN) and b.css_text("[role=alert]") == EN["code_invalid"],
          f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    layout_checks(b, "second-factor-en-error", screenshots, save=False)
    used = b.send_code(user)
    check("n) the authenticator's code (oathtool): signed in", signed_in_as(b, user), f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    b.sign_out()

    # c) the backup code in the second form
    start_clean(b)
    b.sign_in(user, PASSWORD, follow=False)
    b.fill({"code": used})
    b.click_and_wait(b.form_of("code").find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("n) the last sign-in's code again (its time step used): refused, still on /login/second-factor",
          second_factor_page(EN) and b.css_text("[role=alert]") == EN["code_invalid"], f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    old_backup = app.backup_code
    b.fill({"backup_code": old_backup})
    b.click_and_wait(b.form_of("backup_code").find_element(By.CSS_SELECTOR, "button[type=submit]"))
    new_backup = b.css_text("p.backup-code code") or ""
    check("n) the backup code in the second form: a new backup code, shown once, like XXXX-XXXX",
          b.css_text("h1") == EN["backup_title"] and BACKUP_CODE.fullmatch(new_backup) is not None and EN["backup_replaced"] in b.text(),
          f"url={b.url()} h1={b.css_text('h1')!r} code={new_backup!r} alert={b.css_text('[role=alert]')!r}")
    check("n) the new backup code is not the one used", bool(new_backup) and new_backup != old_backup, f"old={old_backup!r} new={new_backup!r}")
    layout_checks(b, "backup-code-replaced-en", screenshots, save=False)
    b.take_backup_code(user)
    check("n) Continue: signed in", signed_in_as(b, user), f"url={b.url()}")
    expect_mail(sink, "n) the backup code used", "backup_code_used", address)
    b.sign_out()

    # d) recovery, in Russian (the selector link on /login/second-factor)
    start_clean(b)
    b.sign_in(user, PASSWORD, follow=False)
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, ".language-selector a[hreflang=ru]"))
    check("n) the selector's RU link on /login/second-factor: the page in Russian", second_factor_page(RU) and b.lang() == "ru",
          f"url={b.url()} lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /login/second-factor", "n")
    layout_checks(b, "second-factor-ru", screenshots, save=False)
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "a[href^='/login/recovery']"))

    def recovery_page():
        return (b.path() == "/login/recovery" and b.lang() == "ru" and b.css_text("h1") == RU["recovery_title"]
                and b.has("form[action='/login/recovery'] input#backup_code"))
    check("n) the recovery link: /login/recovery in Russian", recovery_page(), f"url={b.url()} lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "RU /login/recovery", "n")
    layout_checks(b, "recovery-ru", screenshots)
    b.fill({"backup_code": old_backup})
    b.submit("/login/recovery")
    check("n) the used backup code: refused with the Russian error, still on /login/recovery",
          recovery_page() and b.css_text("[role=alert]") == RU["backup_invalid"], f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    old_key = key
    b.fill({"backup_code": app.backup_code})
    b.submit("/login/recovery")
    key, problem = key_shown(b, user)
    check("n) the new backup code: /two-factor/setup in Russian (the authenticator turned off) with a new key",
          b.path() == "/two-factor/setup" and b.lang() == "ru" and b.css_text("h1") == RU["setup_title"]
          and problem is None and key != old_key, f"url={b.url()} h1={b.css_text('h1')!r} problem={problem} same key={key == old_key}")
    no_english(b, "RU /two-factor/setup", "n")
    layout_checks(b, "two-factor-setup-ru", screenshots, save=False)
    expect_mail(sink, "n) recovery", "two_factor_reset", address)
    b.enrol(user)
    backup = b.css_text("p.backup-code code") or ""
    check("n) a code from the new key: the backup code page in Russian",
          b.lang() == "ru" and b.css_text("h1") == RU["backup_title"] and BACKUP_CODE.fullmatch(backup) is not None,
          f"url={b.url()} h1={b.css_text('h1')!r} code={backup!r} alert={b.css_text('[role=alert]')!r}")
    no_english(b, "RU backup code page", "n")
    b.take_backup_code(user)
    check("n) Continue: signed in, /account in Russian with two-factor on", signed_in_as(b, user, RU) and two_factor_on(b, RU),
          f"url={b.url()} section={b.css_text(TWO_FACTOR_SECTION)!r}")
    b.sign_out()
    b.sign_in(user, PASSWORD, follow=False)
    b.fill({"code": totp(old_key, current_step())})
    b.click_and_wait(b.form_of("code").find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("n) after the recovery, a code of the old key is refused (Russian error)",
          second_factor_page(RU) and b.css_text("[role=alert]") == RU["code_invalid"], f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    b.send_code(user)
    check("n) a code of the new key signs in", signed_in_as(b, user, RU), f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    b.sign_out()

    # the consent declined (Russian): signed out, asked again at the next sign-in
    other = "ivan"
    start_clean(b, "ru")
    b.sign_in(other, PASSWORD, follow=False)
    agreement = b.css_text(".agreement") or ""
    check("n) RU first sign-in: /consent in Russian, the agreement in Russian",
          b.path() == "/consent" and b.lang() == "ru" and b.css_text("h1") == RU["consent_title"]
          and len(CYRILLIC.findall(agreement)) > 300 and b.css_text("label[for=agree]") == RU["consent_checkbox"]
          and b.css_text("form[action='/consent'] button[name=accept][value=false]") == RU["consent_decline"],
          f"url={b.url()} lang={b.lang()!r} h1={b.css_text('h1')!r} agreement={agreement[:120]!r}")
    no_english(b, "RU /consent", "n")
    layout_checks(b, "consent-ru", screenshots, save=False)
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "form[action='/consent'] button[name=accept][value=false]"))
    check("n) Decline: signed out, /login?signed_out=1 with the Russian notice, no session cookie",
          b.url() == "/login?signed_out=1" and b.lang() == "ru" and b.css_text("[role=status]") == RU["signed_out"] and session_cookie(b) is None,
          f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    b.sign_in(other, PASSWORD)
    check("n) the next sign-in asks for the consent again, then enrolment, all in Russian; then signed in",
          [(step[0], step[2]) for step in b.steps] == [("/consent", "ru"), ("/two-factor/setup", "ru"), ("backup-code", "ru")]
          and signed_in_as(b, other, RU), f"steps={b.steps} url={b.url()}")
    b.sign_out()


# --- m) one account signed in from two places ------------------------------------------------------
#
# A second Gatehouse (own data directory, the loopback GeoIP test database, no trusted proxies: the TCP
# peer address is the client's address) listens on 127.0.0.1:P with the public URL
# http://gatehouse.test:P. Two socat relays listen on the same port P at 127.0.0.4 and 127.0.0.5 and
# connect on to 127.0.0.1:P from 127.0.0.2 (Linköping in the database) and 127.0.0.3 (Milton). Two
# Chromium profiles resolve gatehouse.test to 127.0.0.4 and 127.0.0.5: both use the public URL's origin
# (cookies, CSRF), and Gatehouse sees them come from different addresses.

PLACES_HOST = "gatehouse.test"
PLACES_USER = "gina"
GEOIP_DATABASE = os.path.join(REPO, "TestData/geoip/Gatehouse-Loopback-City-Test.mmdb")
SOCAT = shutil.which("socat") or "/usr/bin/socat"
# The names are TestData/geoip/README.md's; the page shows "city, country".
PLACES = [
    {"name": "Linköping", "profile": "chromium-linkoping", "listen": "127.0.0.4", "source": "127.0.0.2",
     "en": "Linköping, Sweden", "ru": "Линчёпинг, Швеция"},
    {"name": "Milton", "profile": "chromium-milton", "listen": "127.0.0.5", "source": "127.0.0.3",
     "en": "Milton, United States", "ru": "Мильтон, США"},
]
PLACES_TEXT = {
    "en": {"current": "This device", "revoke": "End session", "revoke_others": "End all other sessions",
           "revoked": "The session has ended."},
    "ru": {"current": "Это устройство", "revoke": "Завершить сеанс", "revoke_others": "Завершить все другие сеансы"},
}
SESSIONS_SECTION = "section[aria-labelledby=sessions-heading]"

SESSIONS_JS = """
return [...document.querySelectorAll('.sessions li.session')].map(li => ({
  text: li.innerText,
  badge: li.querySelector('.badge') ? li.querySelector('.badge').innerText.trim() : null,
  revoke: [...li.querySelectorAll("form[action='/account/sessions/revoke'] button[type=submit]")].map(b => b.innerText.trim()),
}));
"""


def start_relay(tmp, port, listen, source):
    """socat: accepts on listen:port, connects on to 127.0.0.1:port from the address `source`. In a
    session of its own, so that its forked children end with it."""
    err = open(os.path.join(tmp, f"socat-{listen}.log"), "w")
    proc = subprocess.Popen([SOCAT, f"TCP4-LISTEN:{port},bind={listen},reuseaddr,fork",
                             f"TCP4:127.0.0.1:{port},bind={source}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    err.close()
    deadline = time.monotonic() + 10
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"socat on {listen}:{port} exited with {proc.returncode}; see socat-{listen}.log")
        try:
            with socket.create_connection((listen, port), timeout=1):
                return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_relay(proc)
            raise RuntimeError(f"socat does not listen on {listen}:{port}")
        time.sleep(0.1)


def stop_relay(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def listed_sessions(b):
    return b.driver.execute_script(SESSIONS_JS)


def session_at(listed, place, lang):
    """The listed sessions showing this place's location and source address."""
    return [s for s in listed if place[lang] in s["text"] and place["source"] in s["text"]]


def places_scenario(b1, b2, sink, screenshots, base):
    user, address = PLACES_USER, f"{PLACES_USER}@example.com"
    here, there = PLACES
    for b, place in ((b1, here), (b2, there)):
        b.get("/login")
        b.sign_in(user, PASSWORD)
        check(f"m) from {place['source']} ({place['name']}): signing in at {base} lands on /account",
              signed_in_as(b, user), f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
        if place is here:
            first_signed_in = time.monotonic()

    # the alert: the second place is new, the account's first sign-in only remembers
    alert = sink.wait_for("new_sign_in", address)
    check(f"m) the sign-in from {there['name']}: a new_sign_in mail to {address} arrives", alert is not None,
          f"received: {sink.summary()}")
    if alert:
        check(f"m) the alert names {there['name']} and {there['source']}, not {here['name']} or {here['source']}",
              there["name"] in alert.text and there["source"] in alert.text
              and here["name"] not in alert.text and here["source"] not in alert.text, f"text={alert.text[:700]!r}")
        check("m) the alert links to /account at the public URL", f"{base}/account" in alert.links, f"links: {alert.links}")
    time.sleep(max(0.0, first_signed_in + NO_MAIL_WAIT - time.monotonic()))
    alerts = [m for m in sink.to(address) if m.kind == "new_sign_in"]
    check(f"m) the account's first sign-in ({here['name']}) sent no alert: one new_sign_in mail in all",
          len(alerts) == 1, f"received: {sink.summary()}")

    # both sessions, seen from each place
    for b, me, other in ((b1, here, there), (b2, there, here)):
        b.get("/account")
        listed = listed_sessions(b)
        mine, others = session_at(listed, me, "en"), session_at(listed, other, "en")
        check(f"m) EN /account in the {me['name']} browser: two sessions, {me['en']} and {other['en']}",
              len(listed) == 2 and len(mine) == 1 and len(others) == 1, f"sessions: {listed}")
        check(f"m) EN /account in the {me['name']} browser: its own ({me['source']}) marked "
              f"'{PLACES_TEXT['en']['current']}', without an end button",
              len(mine) == 1 and mine[0]["badge"] == PLACES_TEXT["en"]["current"] and not mine[0]["revoke"],
              f"sessions: {listed}")
        check(f"m) EN /account in the {me['name']} browser: the other ({other['source']}) not marked, "
              f"with '{PLACES_TEXT['en']['revoke']}' and '{PLACES_TEXT['en']['revoke_others']}'",
              len(others) == 1 and others[0]["badge"] is None and others[0]["revoke"] == [PLACES_TEXT["en"]["revoke"]]
              and b.css_text("form[action='/account/sessions/revoke-others'] button") == PLACES_TEXT["en"]["revoke_others"],
              f"sessions: {listed}")
        no_russian(b, f"EN /account with two sessions ({me['name']} browser)", "m")
        if b is b1:
            layout_checks(b, "account-sessions-two-places-en", screenshots, show=SESSIONS_SECTION)
        else:
            layout_checks(b, f"account-sessions-two-places-en ({me['name']} browser)", screenshots, save=False)

    b1.get("/account?lang=ru")
    listed = listed_sessions(b1)
    mine, others = session_at(listed, here, "ru"), session_at(listed, there, "ru")
    check(f"m) RU /account: {here['ru']} ({here['source']}) marked '{PLACES_TEXT['ru']['current']}', "
          f"{there['ru']} ({there['source']}) with '{PLACES_TEXT['ru']['revoke']}'",
          b1.lang() == "ru" and len(listed) == 2 and len(mine) == 1 and len(others) == 1
          and mine[0]["badge"] == PLACES_TEXT["ru"]["current"] and not mine[0]["revoke"]
          and others[0]["badge"] is None and others[0]["revoke"] == [PLACES_TEXT["ru"]["revoke"]]
          and b1.css_text("form[action='/account/sessions/revoke-others'] button") == PLACES_TEXT["ru"]["revoke_others"],
          f"lang={b1.lang()!r} sessions: {listed}")
    check("m) RU /account: no English place names", "Sweden" not in b1.text() and "United States" not in b1.text()
          and "Milton" not in b1.text() and "Linköping" not in b1.text(), f"sessions: {listed}")
    no_english(b1, "RU /account with two sessions", "m")
    layout_checks(b1, "account-sessions-two-places-ru", screenshots, show=SESSIONS_SECTION)

    # ending the other place's session
    b1.get("/account?lang=en")
    target = [li for li in b1.driver.find_elements(By.CSS_SELECTOR, ".sessions li.session") if there["source"] in li.text]
    if not check(f"m) the {there['name']} session has an end button", len(target) == 1
                 and target[0].find_elements(By.CSS_SELECTOR, "form[action='/account/sessions/revoke'] button[type=submit]"),
                 f"sessions: {listed_sessions(b1)}"):
        return
    b1.click_and_wait(target[0].find_element(By.CSS_SELECTOR, "form[action='/account/sessions/revoke'] button[type=submit]"))
    check(f"m) ending it from {here['name']}: /account?ended=1 with the notice",
          b1.url() == "/account?ended=1" and b1.css_text("[role=status]") == PLACES_TEXT["en"]["revoked"],
          f"url={b1.url()} notice={b1.css_text('[role=status]')!r} alert={b1.css_text('[role=alert]')!r}")
    listed = listed_sessions(b1)
    mine = session_at(listed, here, "en")
    check(f"m) the list shows one session, {here['name']}'s own, and no '{PLACES_TEXT['en']['revoke_others']}'",
          len(listed) == 1 and len(mine) == 1 and mine[0]["badge"] == PLACES_TEXT["en"]["current"]
          and not session_at(listed, there, "en") and not b1.has("form[action='/account/sessions/revoke-others']"),
          f"sessions: {listed}")
    layout_checks(b1, "account-sessions-ended-en", screenshots, save=False)

    b2.get("/account")
    check(f"m) the {there['name']} browser's next /account lands on the sign-in page (its session is gone)",
          b2.path() == "/login" and b2.has("form.form #login") and b2.value("input[name=return_to]") == "/account"
          and not b2.has("header form.sign-out"),
          f"url={b2.url()} notice={b2.css_text('[role=status]')!r} text={b2.text()[:200]!r}")
    layout_checks(b2, f"login-after-session-ended ({there['name']} browser)", screenshots, save=False)
    b1.get("/account")
    listed = listed_sessions(b1)
    check(f"m) reloaded, {here['name']}'s /account still lists only its own session",
          b1.path() == "/account" and len(listed) == 1 and len(session_at(listed, here, "en")) == 1, f"url={b1.url()} sessions: {listed}")


def places_checks(tmp, sink, screenshots):
    """m): sets up the second Gatehouse, the relays and the two browsers, runs the scenario and the
    console checks, and ends all of them, whatever happens."""
    server, relays, browsers = None, [], []
    try:
        if not os.access(GEOIP_DATABASE, os.R_OK):
            raise RuntimeError(f"no GeoIP test database at {GEOIP_DATABASE}")
        env = {
            "GATEHOUSE_GEOIP_DATABASE": GEOIP_DATABASE,
            "GATEHOUSE_TRUSTED_PROXIES": None,  # the peer address is the client's: the relays' bind= is what counts
            "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60",
            "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60",
        }
        server, base, port = start_gatehouse(tmp, sink, name="gatehouse-places", public_host=PLACES_HOST,
                                             users=[(PLACES_USER, True)], extra=env)
        for place in PLACES:
            relays.append(start_relay(tmp, port, place["listen"], place["source"]))
        for place in PLACES:
            driver = start_chromium(tmp, place["profile"], f"MAP {PLACES_HOST} {place['listen']}", secure_origin=base)
            browsers.append(Browser(driver, base))
        try:
            places_scenario(browsers[0], browsers[1], sink, screenshots, base)
        except Exception as error:
            pages = ", ".join(b.page for b in browsers)
            line = where_failed(error)
            check("m) two places: the scenario ran to the end", False,
                  f"{type(error).__name__}: {error} (at {pages}, browser_test.py line {line})")
        for place, b in zip(PLACES, browsers):
            console_checks(b, f"{place['name']} browser")
    except Exception as error:
        check("m) two places: setup", False, f"{type(error).__name__}: {error}")
    finally:
        for b in browsers:
            try:
                b.driver.quit()
            except Exception:
                pass
        for relay in relays:
            stop_relay(relay)
        stop_process(server)


def invitation_link(mail, path):
    """The first link to `path` carrying an invitation (`?invitation=`), or None."""
    for url in (mail.links if mail else []):
        parts = urllib.parse.urlsplit(url)
        if parts.path == path and urllib.parse.parse_qs(parts.query).get("invitation"):
            return url
    return None


def onboarding_checks(b, sink, screenshots, base):
    """o) The whole way in: an administrator invites an operator into a new organisation; she registers
    from the mailed link (consent and enrolment follow at once); a stranger asks for access on the
    Russian page; the operator's mail leads to her queue, where she approves; the invitation mailed to
    the stranger registers her, and her account page shows the organisation."""
    label = "o) onboarding"
    start_clean(b)
    b.sign_in("root", PASSWORD)
    b.get("/admin/organizations")
    check(f"{label}: an administrator opens /admin/organizations", b.path() == "/admin/organizations" and b.css_text("h1") == "Organisations",
          f"url={b.url()} h1={b.css_text('h1')!r}")
    no_russian(b, "/admin/organizations", letter="o")
    layout_checks(b, "admin-organizations-en", screenshots)
    b.fill({"invite-email": "olga@example.com", "invite-slug": "rail", "invite-name": "Rail operations"})
    Select(b.driver.find_element(By.ID, "invite-org_role")).select_by_value("operator")
    b.submit("/admin/invitations")
    check(f"{label}: inviting into a new organisation says so", b.url() == "/admin/organizations?done=invited"
          and b.css_text("[role=status]") == "The invitation is on its way.", f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    b.sign_out()

    mail = expect_mail(sink, label, "invitation", "olga@example.com")
    link = invitation_link(mail, "/register")
    check(f"{label}: the invitation mail links /register?invitation= on the public URL", link is not None and link.startswith(base + "/register?invitation="),
          f"links: {mail.links if mail else None}")
    start_clean(b)
    b.open(link)
    b.open(link)
    check(f"{label}: the link opens the registration form twice (a GET consumes nothing), the address fixed",
          b.path() == "/register" and b.value("#email") == "olga@example.com"
          and b.driver.find_element(By.ID, "email").get_attribute("readonly") is not None and "Rail operations" in b.text(),
          f"url={b.url()} email={b.value('#email')!r}")
    layout_checks(b, "register-en", screenshots)
    b.fill({"username": "olga", "password": PASSWORD, "password_repeat": PASSWORD})
    b.submit("/register")
    b.follow_steps("olga")
    check(f"{label}: registering goes straight on to consent and enrolment, then /account",
          [step[0] for step in b.steps][:2] == ["/consent", "/two-factor/setup"] and b.path() == "/account",
          f"steps={b.steps} url={b.url()}")
    check(f"{label}: the operator's account page shows the organisation with a link to manage it",
          "Rail operations" in b.text() and b.has("a[href='/organizations/rail']"), f"text={b.text()[:300]!r}")
    b.sign_out()

    start_clean(b, "ru")
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "a[href='/access-request']"))
    check(f"{label}: /login links the access request, in Russian", b.path() == "/access-request" and b.lang() == "ru"
          and b.css_text("h1") == "Запрос доступа", f"url={b.url()} lang={b.lang()!r} h1={b.css_text('h1')!r}")
    no_english(b, "/access-request?lang=ru", letter="o")
    layout_checks(b, "access-request-ru", screenshots)
    typed = "<b>Здравствуйте</b>, я из отдела перевозок."
    b.fill({"name": "Вера Петрова", "email": "vera@example.com", "organization": "rail", "message": typed})
    b.submit("/access-request")
    check(f"{label}: the request is thanked for, in Russian, whatever it names", b.lang() == "ru"
          and (b.css_text("[role=status]") or "").startswith("Спасибо."), f"notice={b.css_text('[role=status]')!r}")
    layout_checks(b, "access-request-ru-sent", screenshots)

    mail = expect_mail(sink, label, "access_request", "olga@example.com")
    queue = next((url for url in (mail.links if mail else []) if urllib.parse.urlsplit(url).path == "/organizations/rail"), None)
    check(f"{label}: the operator is mailed the request, its text escaped in HTML, with a link to her queue",
          mail is not None and "Вера Петрова" in mail.text and "&lt;b&gt;Здравствуйте&lt;/b&gt;" in mail.all_text and queue is not None,
          f"mail={mail} links={mail.links if mail else None}")
    start_clean(b)
    b.open(queue)
    b.sign_in("olga", PASSWORD)
    check(f"{label}: the queue link signs the operator in and brings her to /organizations/rail",
          b.path() == "/organizations/rail" and b.css_text("h1") == "Rail operations", f"url={b.url()} steps={b.steps}")
    check(f"{label}: the request is listed as typed, as text", typed in b.text() and "vera@example.com" in b.text(), f"text={b.text()[:400]!r}")
    layout_checks(b, "organization-en", screenshots)
    b.submit("/organizations/rail/access-requests/approve")
    check(f"{label}: approving says an invitation is on its way", b.url() == "/organizations/rail?done=approved"
          and b.css_text("[role=status]") == "Approved: an invitation is on its way.", f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    b.sign_out()

    mail = expect_mail(sink, label, "invitation", "vera@example.com")
    link = invitation_link(mail, "/register")
    check(f"{label}: the invitation to the requester is in her language", mail is not None and "Приглашение" in mail.subject and link is not None,
          f"mail={mail} subject={mail.subject if mail else None!r}")
    start_clean(b, "ru")
    b.open(with_lang(link, "ru"))
    check(f"{label}: her registration page is Russian with her address", b.lang() == "ru" and b.value("#email") == "vera@example.com",
          f"lang={b.lang()!r} email={b.value('#email')!r}")
    no_english(b, "/register?lang=ru", letter="o")
    layout_checks(b, "register-ru", screenshots)
    b.fill({"username": "vera", "password": PASSWORD, "password_repeat": PASSWORD})
    b.submit("/register")
    b.follow_steps("vera")
    check(f"{label}: consent, enrolment, then her account page in Russian showing the organisation",
          [step[0] for step in b.steps][:2] == ["/consent", "/two-factor/setup"] and b.path() == "/account" and b.lang() == "ru"
          and "Rail operations" in b.text() and "участник" in b.text(), f"steps={b.steps} url={b.url()} text={b.text()[:300]!r}")
    layout_checks(b, "account-organizations-ru", screenshots, show="#organizations-heading")
    b.sign_out()
    b.open(link)
    check(f"{label}: the used invitation link says so (in the language chosen before)",
          b.path() == "/register" and "уже использовали" in b.text() and not b.has("form[action='/register']"), f"url={b.url()} text={b.text()[:200]!r}")


TOKEN = re.compile(r"gth_[A-Za-z0-9_-]{43}[0-9A-Za-z]{6}")


def token_works(base, token):
    """The status of GET /api/v1/account with the API token."""
    request = urllib.request.Request(base + "/api/v1/account", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def token_checks(b, sink, screenshots, base):
    """p) API tokens on /account: create (the secret shown once, copied with the button), use, rotate in
    Russian, delete."""
    start_clean(b)
    b.sign_in("greta", PASSWORD)
    b.get("/account")
    section = "section[aria-labelledby=tokens-heading]"
    check("p) /account has the API tokens section with the create form",
          b.has(section) and b.has("form[action='/account/tokens'] button[type=submit]") and "You have no API tokens." in (b.css_text(section) or ""),
          f"url={b.url()} section={b.css_text(section)!r}")
    b.fill({"token-name": "deploy job", "token-current_password": PASSWORD})
    b.submit("/account/tokens")
    secret = b.css_text("#new-token") or ""
    check("p) created: the form's POST redirected to /account, which shows the secret once", bool(TOKEN.fullmatch(secret))
          and b.url() == "/account", f"url={b.url()} value={secret[:8]!r} alert={b.css_text('[role=alert]')!r}")
    selected = b.driver.execute_script(
        "const f = document.getElementById('new-token');"
        "return [document.activeElement ? document.activeElement.id : null, window.getSelection().toString().trim(), f ? f.textContent.trim() : null];")
    check("p) the secret is focused and selected, ready to copy by hand",
          selected[0] == "new-token" and selected[1] == secret and selected[2] == secret, f"focus={selected[0]!r} selected={selected[1][:12]!r}")
    buttons = b.driver.find_elements(By.CSS_SELECTOR, "button[data-copy=new-token]")
    check("p) the Copy button shows (the page's script is allowed to run)", bool(buttons) and buttons[0].is_displayed())
    if buttons and buttons[0].is_displayed():
        buttons[0].click()
        WebDriverWait(b.driver, 5).until(lambda _: buttons[0].text.strip() != "Copy")
        check("p) pressing Copy says Copied", buttons[0].text.strip() == "Copied", f"text={buttons[0].text!r}")
    # The focused secret would keep the narrow window scrolled to it; the layout checks look from the top.
    b.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    layout_checks(b, "account-token-created", screenshots, show=section)
    check("p) the token reads the account through the API: 200", token_works(base, secret) == 200)
    b.drain_console()
    b.driver.refresh()
    check("p) shown once: a reload lists the one token, not its secret, and makes no other",
          "deploy job" in (b.css_text(section) or "") and len(b.driver.find_elements(By.CSS_SELECTOR, f"{section} li.token")) == 1
          and not b.has("#new-token") and secret not in b.driver.page_source, f"section={b.css_text(section)!r}")

    # With JavaScript turned off for the page: no Copy button; one click on the secret selects all of
    # it, and "Save as a file" downloads it.
    downloads = tempfile.mkdtemp(prefix="gatehouse-downloads-")
    b.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    b.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    try:
        b.get("/account")
        b.fill({"token-name": "no script", "token-current_password": PASSWORD})
        b.submit("/account/tokens")
        offline = b.css_text("#new-token") or ""
        buttons = b.driver.find_elements(By.CSS_SELECTOR, "button[data-copy=new-token]")
        focused = b.driver.execute_script("return document.activeElement && document.activeElement.id;")
        check("p) without JavaScript: the secret is shown and focused (the redirect's #new-token), the script-only Copy button stays hidden",
              bool(TOKEN.fullmatch(offline)) and focused == "new-token" and bool(buttons) and not buttons[0].is_displayed(),
              f"value={offline[:8]!r} focus={focused!r} copy_shown={bool(buttons) and buttons[0].is_displayed()}")
        b.driver.execute_script("window.getSelection().removeAllRanges();")
        b.driver.find_element(By.ID, "new-token").click()
        picked = b.driver.execute_script("return window.getSelection().toString().trim();")
        check("p) without JavaScript: one click on the secret selects all of it", picked == offline, f"selected={picked[:12]!r}")
        b.driver.find_element(By.CSS_SELECTOR, "form[action='/account/tokens/secret-file'] button[type=submit]").click()
        saved = os.path.join(downloads, "gatehouse-api-token.txt")
        deadline = time.monotonic() + 10
        while not os.path.exists(saved) and time.monotonic() < deadline:
            time.sleep(0.1)
        content = open(saved, encoding="utf-8").read() if os.path.exists(saved) else None
        check("p) without JavaScript: Save as a file downloads the secret (posted, never in a URL), and the page stays",
              content == offline + "\n" and b.path() == "/account" and b.css_text("#new-token") == offline, f"file={content!r}")
    finally:
        b.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        shutil.rmtree(downloads, ignore_errors=True)
    item = next(li for li in b.driver.find_elements(By.CSS_SELECTOR, f"{section} li.token") if "no script" in li.text)
    b.click_and_wait(item.find_element(By.CSS_SELECTOR, "form[action='/account/tokens/delete'] button[type=submit]"))
    check("p) the token made without JavaScript is deleted; deploy job stays", token_works(base, offline) == 401 and token_works(base, secret) == 200)

    b.get("/account?lang=ru")
    check("p) in Russian: the section's heading", b.css_text("#tokens-heading") == "API-токены", f"h2={b.css_text('#tokens-heading')!r}")
    rotate = b.driver.find_element(By.CSS_SELECTOR, "form[action='/account/tokens/rotate'] input[type=password]")
    rotate.send_keys(PASSWORD)
    b.submit("/account/tokens/rotate")
    fresh = b.css_text("#new-token") or ""
    check("p) rotated (Russian page): a new secret shown; the old one answers 401, the new one 200",
          bool(TOKEN.fullmatch(fresh)) and fresh != secret and token_works(base, secret) == 401 and token_works(base, fresh) == 200
          and b.lang() == "ru", f"value={fresh[:8]!r} alert={b.css_text('[role=alert]')!r}")
    no_english(b, "RU /account with a new token secret", "p")
    b.submit("/account/tokens/delete")
    check("p) deleted: the notice, and the token answers 401",
          b.url() == "/account?changed=token_deleted" and "Токен удалён" in (b.css_text("[role=status]") or "") and token_works(base, fresh) == 401,
          f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    b.sign_out()


def support_checks(b, sink, screenshots, base):
    """q) A support task end to end in the console, without JavaScript's help: una locks herself out;
    an administrator finds her by the start of her name, sees the lock, unlocks her on a page that
    names her account, and she signs in."""
    label = "q) support console"
    start_clean(b)
    for attempt in (1, 2, 3):
        b.get("/login")
        b.sign_in("una", f"wrong password {attempt}")
    b.get("/login")
    b.sign_in("una", PASSWORD)
    check(f"{label}: una is locked out", b.path() == "/login" and b.css_text("[role=alert]") == EN["error"], f"url={b.url()}")

    start_clean(b)
    b.sign_in("root", PASSWORD)
    b.get("/admin")
    check(f"{label}: /admin opens the user search", b.path() == "/admin/users" and b.css_text("h1") == "Find a user",
          f"url={b.url()} h1={b.css_text('h1')!r}")
    b.fill({"admin-query": "UN"})
    b.submit("/admin/users")
    entries = b.driver.find_elements(By.CSS_SELECTOR, ".sessions li")
    check(f"{label}: searching 'UN' finds una alone, shown locked", len(entries) == 1 and "una@example.com" in entries[0].text
          and "Locked" in entries[0].text, f"entries={[e.text for e in entries]!r}")
    no_russian(b, "/admin/users", letter="q")
    layout_checks(b, "admin-users-en", screenshots)
    links = b.driver.find_elements(By.CSS_SELECTOR, ".sessions li a")
    if not links:
        return
    b.click_and_wait(links[0])
    user_path = b.path()
    check(f"{label}: her page shows the lock and offers to unlock", b.css_text("h1") == "una" and "Locked" in b.css_text(".admin-facts")
          and b.has(f"a[href='{user_path}/unlock']"), f"url={b.url()} facts={b.css_text('.admin-facts')!r}")
    layout_checks(b, "admin-user-en", screenshots)
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, f"a[href='{user_path}/unlock']"))
    check(f"{label}: the confirmation names the account", b.css_text("h1") == "Unlock una?" and "una@example.com" in b.text(),
          f"url={b.url()} h1={b.css_text('h1')!r}")
    layout_checks(b, "admin-confirm-en", screenshots, save=False)
    b.submit(f"{user_path}/unlock")
    check(f"{label}: unlocked, said on her page", b.path() == user_path and b.css_text("[role=status]") == "Unlocked."
          and "Active" in b.css_text(".admin-facts"), f"url={b.url()} notice={b.css_text('[role=status]')!r}")
    b.get("/admin/users?lang=ru")
    check(f"{label}: the console in Russian", b.lang() == "ru" and b.css_text("h1") == "Поиск пользователя", f"h1={b.css_text('h1')!r}")
    no_english(b, "RU /admin/users", "q")
    layout_checks(b, "admin-users-ru", screenshots, save=False)
    b.get("/admin/users?lang=en")
    b.sign_out()

    start_clean(b)
    b.sign_in("una", PASSWORD)
    check(f"{label}: una signs in again", signed_in_as(b, "una"), f"url={b.url()} alert={b.css_text('[role=alert]')!r}")
    if b.path() == "/account":
        b.sign_out()


MAIL_SCENARIOS = [
    ("h) password reset", password_reset_checks),
    ("j) email verification", verification_checks),
    ("k) lockout", lockout_checks),
    ("l) /account changes", account_checks),
    ("n) two-factor sign-in", two_factor_checks),
    ("o) onboarding", onboarding_checks),
    ("p) API tokens", token_checks),
    ("q) support console", support_checks),
]


def idle_checks(browser, parked):
    b = browser
    if SKIP_IDLE:
        log("idle-timeout check skipped (BROWSER_TEST_SKIP_IDLE)")
        return
    for lang, cookie, since in parked:
        if cookie is None:
            check(f"g) idle notice ({lang})", False, "no session cookie to wait on")
            continue
        wait = since + IDLE_TIMEOUT + 3 - time.monotonic()
        if wait > 0:
            log(f"waiting {wait:.0f}s for the {IDLE_TIMEOUT}s idle timeout")
            time.sleep(wait)
        b.driver.delete_all_cookies()
        b.driver.add_cookie({k: cookie[k] for k in ("name", "value", "path", "httpOnly") if k in cookie})
        b.get(f"/login?lang={lang}")
        expected = (EN if lang == "en" else RU)["idle"]
        check(f"g) after {IDLE_TIMEOUT}s idle, /login says so ({lang})",
              b.path() == "/login" and b.css_text("[role=status]") == expected,
              f"url={b.url()} notice={b.css_text('[role=status]')!r}")
        b.get("/account")
        check(f"g) the idle session no longer opens /account ({lang})", b.path() == "/login", f"url={b.url()}")


def console_checks(browser, where=""):
    """f) for one browser; `where` names it in the checks when there are several."""
    b = browser
    b.drain_console()
    suffix = f" ({where})" if where else ""
    if not b.logs_supported:
        print(f"SKIP f) console errors{suffix}: the driver does not return the browser log", flush=True)
        return
    errors = []
    noted = set()
    for page, e in b.console:
        message = e.get("message", "")
        if not (e.get("level") == "SEVERE" or "Content Security Policy" in message or "Refused to" in message):
            continue
        known = next((reason for pattern, reason in EXPECTED_CONSOLE if re.search(pattern, message)), None)
        if known is None:
            errors.append((page, e))
        elif known not in noted:
            noted.add(known)
            print(f"NOTE f) not counted: {known}", flush=True)
    csp = [(p, e) for p, e in errors if "Content Security Policy" in e.get("message", "") or "Refused to" in e.get("message", "")]
    check(f"f) no Content-Security-Policy violations{suffix} ({len(b.console)} console entries read)", not csp,
          "; ".join(f"{p}: {e['message'][:200]}" for p, e in csp[:5]))
    check(f"f) no console errors{suffix}", not errors, "; ".join(f"{p}: {e['message'][:200]}" for p, e in errors[:5]))


# --- setup and teardown ----------------------------------------------------------------------------

# username, verified: alice and bob for a) to g), carol k), dave h), erin j) (not verified), fedor l),
# hana and ivan n), root (an administrator) o) and q), greta p), una q).
USERS = [("alice", True), ("bob", True), ("carol", True), ("dave", True), ("erin", False), ("fedor", True),
         ("hana", True), ("ivan", True), ("root", True, ["admin"]), ("greta", True), ("una", True)]


def start_gatehouse(tmp, sink, name="gatehouse", public_host="127.0.0.1", users=USERS, extra=None):
    """Gatehouse on 127.0.0.1:<a free port> with its own data directory (tmp/data for the main instance,
    tmp/<name>-data else) and log (tmp/<name>.log), links built from http://<public_host>:<port>.
    Returns the process, the public base URL and the port."""
    binary = os.path.join(tmp, "gatehouse")
    if not os.path.exists(binary):
        if not os.access(GATEHOUSE_BIN, os.X_OK):
            raise RuntimeError(f"no Gatehouse binary at {GATEHOUSE_BIN} (build it, or set GATEHOUSE_BIN)")
        shutil.copy2(GATEHOUSE_BIN, binary)
    port = free_port()
    base = f"http://{public_host}:{port}"
    direct = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.update({
        "GATEHOUSE_DATA_DIR": os.path.join(tmp, "data" if name == "gatehouse" else f"{name}-data"),
        "GATEHOUSE_HOST": "127.0.0.1",
        "GATEHOUSE_PUBLIC_URL": base,
        "GATEHOUSE_ARGON2_MEMORY_KIB": "64",
        "GATEHOUSE_ARGON2_ITERATIONS": "1",
        "GATEHOUSE_SUPPORT_EMAIL": "help@example.com",
        # The test signs in several times a minute from one address; the limits are not under test.
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "100/60",
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "100/300",
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_ACCOUNT": "100/300",
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_IP": "1000/300",
        "GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "1000/60",
        "GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "1000/60",
        "GATEHOUSE_LOG_LEVEL": "warning",
        # Mail goes over SMTP to the sink; its links are built from the URL above.
        "GATEHOUSE_SMTP_URL": f"smtp://127.0.0.1:{sink.port}?tls=none",
        "GATEHOUSE_MAIL_FROM": "no-reply@example.com",
    })
    for key, value in (extra or {}).items():  # None: not set, whatever this process's environment says
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    os.makedirs(env["GATEHOUSE_DATA_DIR"])
    for username, verified, *roles in users:
        created = subprocess.run(
            [binary, "user", "create", "--username", username, "--email", f"{username}@example.com",
             "--password-stdin"] + (["--verified"] if verified else []) + [f"--role={role}" for role in (roles[0] if roles else [])],
            input=PASSWORD, env=env, capture_output=True, text=True, timeout=60)
        if created.returncode != 0:
            raise RuntimeError(f"gatehouse user create {username} failed: {created.stdout}{created.stderr}")
    log(f"starting Gatehouse ({name}) on 127.0.0.1:{port}, public URL {base}")
    with open(os.path.join(tmp, f"{name}.log"), "w") as out:
        server = subprocess.Popen([binary, "serve", "--port", str(port)], env=env, stdout=out,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"Gatehouse ({name}) exited while starting:\n{tail(tmp, name)}")
        try:
            with urllib.request.urlopen(direct + "/login", timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_process(server)
            raise RuntimeError(f"Gatehouse ({name}) did not answer at {direct}/login:\n{tail(tmp, name)}")
        time.sleep(0.2)
    return server, base, port


def stop_process(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tail(tmp, name="gatehouse", lines=30):
    try:
        with open(os.path.join(tmp, f"{name}.log")) as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def start_chromium(tmp, profile="chromium", resolver_rules=None, secure_origin=None):
    """Headless Chromium with its own user-data dir tmp/<profile>; `resolver_rules` (e.g.
    "MAP gatehouse.test 127.0.0.4") sends a host name to another address, with no proxy in between;
    `secure_origin` (e.g. "http://gatehouse.test:8080") is treated as a secure context, as HTTPS would
    be (plain HTTP is one only on localhost and loopback addresses), so that Chromium applies the
    Cross-Origin-Opener-Policy header instead of logging that it ignored it."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    if resolver_rules:
        options.add_argument(f"--host-resolver-rules={resolver_rules}")
        options.add_argument("--no-proxy-server")
    if secure_origin:
        options.add_argument(f"--unsafely-treat-insecure-origin-as-secure={secure_origin}")
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={os.path.join(tmp, profile)}", "--window-size=1280,800",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--force-color-profile=srgb",
                "--lang=en-US", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--disable-component-update",
                "--disable-features=Translate,PasswordLeakDetection,OptimizationHints,MediaRouter"]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "en-US,en",
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER, log_path=os.path.join(
        tmp, "chromedriver.log" if profile == "chromium" else f"chromedriver-{profile}.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "light"},
                     {"name": "prefers-reduced-motion", "value": "reduce"}]})
    return driver


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = tempfile.mkdtemp(prefix="gatehouse-browser.")
    os.chmod(tmp, 0o755)
    server = driver = sink = None
    screenshots = []
    try:
        sink = MailSink(tmp)
        server, base, _ = start_gatehouse(tmp, sink, extra={"GATEHOUSE_SESSION_IDLE_TIMEOUT": f"{IDLE_TIMEOUT}s"})
        driver = start_chromium(tmp)
        log(f"{driver.capabilities.get('browserName')} {driver.capabilities.get('browserVersion')}")
        browser = Browser(driver, base)
        parked = []
        try:
            parked = run(browser, screenshots)
        except Exception as error:  # a broken step is a failure, not a crash: report and go on
            check("the scenario ran to the end", False, f"{type(error).__name__}: {error} (at {browser.page})")
        for name, scenario in MAIL_SCENARIOS:
            try:
                scenario(browser, sink, screenshots, base)
            except Exception as error:
                line = where_failed(error)
                check(f"{name}: the scenario ran to the end", False,
                      f"{type(error).__name__}: {error} (at {browser.page}, browser_test.py line {line})")
        console_checks(browser)
        places_checks(tmp, sink, screenshots)
        try:
            idle_checks(browser, parked)
        except Exception as error:
            check("the idle check ran", False, f"{type(error).__name__}: {error}")
        total = sum(os.path.getsize(p) for p in set(screenshots))
        check(f"screenshots: {len(set(screenshots))} files, {total // 1024} KiB in {os.path.relpath(SCREENS, REPO)}/",
              0 < total < SCREENS_BUDGET, f"over {SCREENS_BUDGET // 1024} KiB")
    except KeyboardInterrupt:
        check("the run was not interrupted", False)
    except Exception as error:
        check("setup", False, f"{type(error).__name__}: {error}")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        stop_process(server)
        if sink is not None:
            sink.close()
        if failed:
            for name in ("gatehouse", "gatehouse-places"):
                if os.path.exists(os.path.join(tmp, f"{name}.log")):
                    log(f"Gatehouse's log ({name}.log), last lines:\n" + tail(tmp, name))
        if KEEP:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
