"""`make screenshots`: each role's landing page (and the pages of issue 14) of the demo database, in headless
Chromium, as PNG files in .build/screenshots/.

Usage: python tools/screenshots.py <base url> <logins file> <output dir>
The logins file is .build/demo-logins.txt (login and password on each line, as tools/demo.sh writes it)."""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

# (file name, login, page): the landing page of each role first, then the pages whose layout issue 14 fixed
PAGES = [
    ("01-manager-home", "gestionnaire", "/odoo"),
    ("02-officer-home", "precontentieux", "/odoo"),
    ("03-cesf-home", "cesf1", "/odoo"),
    ("04-insertion-home", "insertion", "/odoo"),
    ("05-accountant-home", "comptable", "/odoo"),
    ("06-agency-home", "agence", "/odoo"),
    ("07-officer-case-form", "precontentieux", "/odoo/action-housing_arrears.housing_arrears_case_action/{case}"),
    (
        "08-officer-case-list",
        "precontentieux",
        "/odoo/action-housing_arrears.housing_arrears_case_action?view_type=list",
    ),
    ("09-cesf-agenda", "cesf1", "/odoo/action-housing_cesf.housing_cesf_intervention_action"),
    ("10-cesf-visit-analysis", "cesf1", "/odoo/action-housing_cesf.housing_cesf_intervention_action_analysis"),
    ("11-manager-case-analysis", "gestionnaire", "/odoo/action-housing_arrears.housing_arrears_case_analysis_action"),
]
WIDTH, HEIGHT = 1366, 768


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def login(base, user, password):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=60)
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = session.post(
        f"{base}/web/login",
        data={"login": user, "password": password, "csrf_token": token, "redirect": "/odoo"},
        timeout=120,
    )
    if "/web/login" in response.url:
        raise SystemExit(f"[screenshots] {user}: the login was refused")
    return session.cookies["session_id"]


class Chromium:
    """A headless Chromium driven through the DevTools protocol (as Odoo's HttpCase does)."""

    def __init__(self):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="housing-screenshots-")
        executable = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not executable:
            raise SystemExit("[screenshots] no Chromium: run make setup")
        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--lang=fr-FR",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=2).json()
                page = next(target for target in targets if target["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("[screenshots] Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def shoot(self, base, session_id, url, path):
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=session_id, url=base)
        self.call("Page.navigate", url=base + url)
        # the page is ready once the web client shows a view (or an error dialog), and nothing loads any more
        ready = (
            "!!document.querySelector('.o_action_manager .o_view_controller, .o_action_manager .o_action, "
            ".o_error_dialog') && !document.querySelector('.o_loading_indicator, .o_blockUI')"
        )
        for _attempt in range(150):
            if self.evaluate(ready):
                break
            time.sleep(0.2)
        time.sleep(1.5)
        # the bus's "page out of date" notice (a sticky notification with a Refresh button): the demo database's
        # auto-vacuum has never run when the server was started without its crons, it says nothing of the page
        self.evaluate(
            "document.querySelectorAll('.o_notification').forEach((n) => "
            "n.querySelector('.o_notification_buttons .btn-primary') && n.remove())"
        )
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return self.evaluate("document.querySelector('.o_error_dialog') ? 'error dialog' : ''")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def main(base, logins_file, output, first_case):
    passwords = dict(line.split() for line in Path(logins_file).read_text().splitlines() if line.strip())
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    sessions = {}
    browser = Chromium()
    problems = []
    try:
        for name, user, url in PAGES:
            if user not in passwords:
                print(f"[screenshots] {name}: no password for {user} in {logins_file}, skipped")
                continue
            if user not in sessions:
                sessions[user] = login(base, user, passwords[user])
            path = output / f"{name}.png"
            problem = browser.shoot(base, sessions[user], url.format(case=first_case), path)
            print(f"[screenshots] {path}{' -- ' + problem if problem else ''}")
            if problem:
                problems.append(name)
    finally:
        browser.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], os.environ.get("HOUSING_SCREENSHOT_CASE", "1")))
