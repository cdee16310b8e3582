"""The arrears cases in the browser: the time from a user's navigation to the case kanban (or list) until its
records are on the screen, in headless Chromium against a running server.

Usage: python tools/bench_views.py <base url> <login> <password> [rounds]

For each view, the web client already loaded (the user is on the home page), the script starts the action of the
menu *Arrears Cases* as a click on the menu does (the action service), and waits until the view shows its records
(kanban: the cards and the counters of the columns; list: the rows) and nothing loads any more. The first
navigation loads the action and its views; the next ones are what a user sees when coming back to the menu. Prints
one line per view and round, and the slowest of the warm rounds."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import Chromium, login

ACTION = os.environ.get("HOUSING_VIEWS_ACTION", "housing_arrears.housing_arrears_case_action")
VIEWS = {
    # the records on the screen, and (kanban) the counters of the columns read
    "kanban": ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)",
    "list": ".o_list_view .o_data_row",
}
MEASURE = """
(async () => {
    const env = odoo.__WOWL_DEBUG__.root.env;
    // the view shown before, replaced by the new one
    const old = document.querySelector('.o_action_manager > *');
    const ready = () => (!old || !old.isConnected) && document.querySelector(%(selector)s)
        && !document.querySelector('.o_loading_indicator, .o_blockUI')
        && (%(view)s !== 'kanban' || document.querySelectorAll('.o_kanban_group .o_kanban_counter').length > 0);
    const start = performance.now();
    await env.services.action.doAction(%(action)s, {clearBreadcrumbs: true, viewType: %(view)s});
    await new Promise((resolve, reject) => {
        const check = () => {
            if (ready()) {
                // two frames: the browser has painted what the view rendered
                requestAnimationFrame(() => requestAnimationFrame(resolve));
            } else if (performance.now() - start > 60000) {
                reject(new Error('no records after 60 s'));
            } else {
                requestAnimationFrame(check);
            }
        };
        check();
    });
    const end = performance.now();
    const cards = document.querySelectorAll(%(selector)s).length;
    // the requests of the navigation: how long the page waited for the server
    const calls = performance.getEntriesByType('resource').filter(
        (entry) => entry.startTime >= start && entry.startTime <= end && entry.name.includes('/web/'));
    const answered = Math.max(0, ...calls.map((entry) => entry.responseEnd - start));
    performance.clearResourceTimings();
    const detail = calls.map((entry) => [entry.name.split('/web/')[1], entry.startTime - start, entry.duration]);
    return JSON.stringify({ms: end - start, shown: cards, requests: calls.length, answered: answered, detail: detail});
})()
"""


def main(base, user, password, rounds=4):
    session = login(base, user, password)
    browser = Chromium()
    worst = {}
    try:
        browser.call("Network.enable")
        browser.call("Network.setCookie", name="session_id", value=session, url=base)
        browser.call("Page.navigate", url=base + "/odoo")
        for _attempt in range(600):
            if browser.evaluate("!!(window.odoo && odoo.__WOWL_DEBUG__ && document.querySelector('.o_main_navbar'))"):
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"[bench-views] {user}: the web client did not start in 120 s")
        for view in os.environ.get("HOUSING_VIEWS_VIEWS", "kanban list").split():
            selector = VIEWS[view]
            for number in range(rounds):
                expression = MEASURE % {
                    "selector": json.dumps(selector),
                    "view": json.dumps(view),
                    "action": json.dumps(ACTION),
                }
                result = browser.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
                if "exceptionDetails" in result:
                    raise SystemExit(f"[bench-views] {view}: {result['exceptionDetails'].get('exception', {})}")
                figures = json.loads(result["result"]["value"])
                label = "first" if number == 0 else "again"
                print(
                    f"  {user:<16} {view:<7} {label}: {figures['ms'] / 1000:5.2f} s ({figures['shown']} shown; "
                    f"{figures['requests']} requests, the last answered at {figures['answered'] / 1000:4.2f} s)"
                )
                if os.environ.get("HOUSING_VIEWS_DETAIL"):
                    for name, started, duration in figures["detail"]:
                        print(f"      {name[:70]:<70} at {started / 1000:4.2f} s, {duration / 1000:4.2f} s")
                if number:
                    worst[view] = max(worst.get(view, 0.0), figures["ms"] / 1000)
    finally:
        browser.close()
    for view, seconds in worst.items():
        print(f"  {user:<16} {view:<7} slowest of the next rounds: {seconds:5.2f} s (target < 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], *(int(arg) for arg in sys.argv[4:5])))
