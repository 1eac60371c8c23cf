#!/usr/bin/python3
# End-to-end test through AT-SPI, as an assistive technology would drive the app:
# start `linkwright --simulate`, go through every page to Done by activating the real widgets
# (GTK 4 needs doAction, not synthesized pointer clicks), press the copy button and check that the
# clipboard holds the simulator's Endpoint Service Name; then tear the setup down from Manage
# existing and check that the simulator holds zero resources. Once per kind of source database:
# RDS for MySQL, PolarDB for MySQL (the happy-path cluster), MySQL on ECS (the instance whose
# security group lacks the MySQL rule: the rule is added on opt-in and revoked on teardown).
#
# Waiting is always for a condition (an accessible appearing, becoming sensitive, the simulator's
# state), polled against a deadline.
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

CREATED_KINDS = ("server-group", "server", "load-balancer", "listener", "endpoint-service",
                 "endpoint-service-user", "endpoint-connection", "tidb-connection",
                 "polardb-whitelist", "ecs-security-rule")
PLAN = 16

results = []


def tap(ok, description, detail=None):
    results.append(ok)
    print(("ok" if ok else "not ok") + " %d - %s" % (len(results), description), flush=True)
    if detail and not ok:
        for line in str(detail).splitlines():
            print("# " + line, flush=True)


def skip_all(reason):
    print("1..0 # SKIP " + reason, flush=True)
    sys.exit(0)


if not os.environ.get("DISPLAY"):
    skip_all("no display (run under the README TEST command, which provides Xvfb)")
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip_all("no D-Bus session bus (AT-SPI needs one)")
try:
    import gi
    gi.require_version("Atspi", "2.0")
    import pyatspi
except Exception as e:  # noqa: BLE001
    skip_all("pyatspi is not available: %s" % e)

linkwright = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("LW_LINKWRIGHT", "linkwright")
env = dict(os.environ)
env["NO_AT_BRIDGE"] = "0"
env["GTK_A11Y"] = "atspi"
# A data directory of its own: the whole suite shares one private world, and other tests leave
# setups in it that the Manage page would list (their "Remove from List" buttons included).
env["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="lw-e2e-data-")
# The engine's timers and the simulator's delays scaled down: the run takes seconds. Plain
# --simulate: the default world (ap-southeast-1, like the real offering; HACKING.md), unlike the
# other tests, which select the cn-hangzhou world.
proc = subprocess.Popen([linkwright, "--simulate", "--sim-profile", "instant", "--time-scale", "0.05"],
                        stdout=subprocess.PIPE, env=env, text=True)


class Failure(Exception):
    pass


def wait_for(what, predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if proc.poll() is not None:
            raise Failure("linkwright exited (%s) while waiting for %s" % (proc.returncode, what))
        if time.monotonic() > deadline:
            raise Failure("timed out waiting for %s" % what)
        time.sleep(0.05)


def states(acc):
    try:
        return acc.getState()
    except Exception:  # noqa: BLE001
        return None


def showing(acc):
    # GTK 4.8 reports VISIBLE but not SHOWING for widgets inside a window.
    s = states(acc)
    return s is not None and s.contains(pyatspi.STATE_VISIBLE)


def sensitive(acc):
    s = states(acc)
    return s is not None and s.contains(pyatspi.STATE_SENSITIVE)


def walk(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            if not showing(node) and node is not root and node.getRole() != pyatspi.ROLE_FRAME:
                continue
            stack.extend(reversed([node.getChildAtIndex(i) for i in range(node.childCount)]))
        except Exception:  # noqa: BLE001
            continue


def find(root, role, name=None, prefix=None, need_showing=True):
    for node in walk(root):
        try:
            if node.getRole() != role:
                continue
            n = node.name or ""
            # GTK 4.8 joins a mnemonic label and its text ("_Verify Verify"): match the end.
            if name is not None and n != name and not n.endswith(" " + name):
                continue
            if prefix is not None and not n.startswith(prefix):
                continue
            if need_showing and not showing(node):
                continue
            return node
        except Exception:  # noqa: BLE001
            continue
    return None


def app_root():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == proc.pid:
                return app
        except Exception:  # noqa: BLE001
            continue
    return None


def press(acc):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            action.doAction(i)
            return
    action.doAction(0)


def button(root, name, timeout=30.0, need_sensitive=True):
    return wait_for("button “%s”" % name,
                    lambda: (lambda b: b if b is not None and (not need_sensitive or sensitive(b)) else None)(
                        find(root, pyatspi.ROLE_PUSH_BUTTON, name)), timeout)


def find_port_text(root):
    # The ECS page's "MySQL Port" entry row: its editable text.
    for node in walk(root):
        try:
            if node.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) and showing(node):
                parent = node
                named = False
                for _ in range(4):
                    if parent is None:
                        break
                    if "MySQL Port" in (parent.name or ""):
                        named = True
                        break
                    parent = parent.parent
                if named:
                    text = node.queryText()
                    return text.getText(0, text.characterCount) or None
        except Exception:  # noqa: BLE001
            continue
    return None


def sim_state(url):
    with urllib.request.urlopen(url + "/_sim/state", timeout=10) as r:
        return json.load(r)


def live_count(state, kinds=CREATED_KINDS):
    live = state.get("live", {})
    return sum(len(live.get(kind, [])) for kind in kinds)


def find_strings(value, prefix):
    if isinstance(value, str):
        return [value] if value.startswith(prefix) else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in find_strings(v, prefix)]
    if isinstance(value, list):
        return [s for v in value for s in find_strings(v, prefix)]
    return []


def read_clipboard():
    gi.require_version("Gdk", "4.0")
    gi.require_version("Gtk", "4.0")
    from gi.repository import Gdk, GLib, Gtk
    Gtk.init()
    clipboard = Gdk.Display.get_default().get_clipboard()
    loop = GLib.MainLoop()
    out = {}

    def done(cb, result):
        try:
            out["text"] = cb.read_text_finish(result)
        except Exception as e:  # noqa: BLE001
            out["error"] = e
        loop.quit()

    clipboard.read_text_async(None, done)
    GLib.timeout_add_seconds(10, loop.quit)
    loop.run()
    # Empty until the app has handled the copy: the caller polls.
    return out.get("text")


print("1..%d" % PLAN, flush=True)
try:
    line = proc.stdout.readline().strip()
    sim_url = line.split("=", 1)[1] if line.startswith("LINKWRIGHT_SIM_URL=") else None
    tap(sim_url is not None, "the app prints the simulator URL", line)
    if sim_url is None:
        raise Failure("no simulator URL")

    app = wait_for("the application on the accessibility bus", app_root, 30)

    def page(type_name):
        # Every page of the GtkStack is in the tree; search inside the one meant.
        return wait_for(type_name, lambda: find(app, pyatspi.ROLE_FILLER, type_name), 10)

    main_window = app.getChildAtIndex(0)

    def title():
        # The header bar's title is the visible page's title.
        holder = find(main_window, pyatspi.ROLE_FILLER, "AdwWindowTitle")
        label = find(holder, pyatspi.ROLE_LABEL) if holder is not None else None
        return label.name if label is not None else None

    def wait_title(name, timeout=30):
        wait_for("the page “%s”" % name, lambda: title() == name, timeout)

    def find_named(root, name):
        # A widget by its accessible name, whatever its role (GTK 4.8 reports a toggle button as a
        # push button and a switch as a check box; later versions have roles of their own).
        for node in walk(root):
            try:
                n = node.name or ""
                # GTK 4.8 joins a mnemonic label and its text: match the end, as find() does.
                if (n == name or n.endswith(" " + name)) and showing(node) and node.getRole() not in (
                        pyatspi.ROLE_LABEL, pyatspi.ROLE_FILLER, pyatspi.ROLE_PANEL, pyatspi.ROLE_LIST_ITEM):
                    if node.queryAction().nActions > 0:
                        return node
            except Exception:  # noqa: BLE001
                continue
        return None

    def new_connection_to_source_page():
        press(button(page("LwStartPage"), "New Connection"))
        # Account: pre-filled with the demo credentials; Next verifies them and moves on.
        wait_title("Alibaba Cloud Account")
        press(button(app, "Next"))
        wait_title("TiDB Cloud")
        # TiDB Cloud: the demo API key lists the cluster; Next waits until the zones are read.
        press(button(app, "Next", 30))
        wait_title("Source Database")
        return page("LwRdsPage")

    def create_to_done(kind):
        # Review: the preflight runs by itself; Create becomes sensitive when it passes.
        wait_title("Review")
        press(button(app, "Create", 60))
        tap(True, "%s: the preflight passed and Create started the run" % kind)
        done = page("LwDonePage")
        wait_title("Done", 120)
        copy = button(done, "Copy Endpoint Service Name", 10)
        press(copy)
        state = sim_state(sim_url)
        names = sorted(set(find_strings(state.get("live", {}).get("endpoint-service", []), "com.aliyuncs.privatelink.")))
        # The clipboard may still hold the previous kind's name until the app has handled the copy.
        expected = names[0] if len(names) == 1 else None
        clip = None
        try:
            clip = wait_for("the clipboard", lambda: (lambda c: c if c and (expected is None or c == expected) else None)(
                read_clipboard()), 15)
        except Failure:
            clip = read_clipboard()
        tap(len(names) == 1 and clip == names[0] and clip.startswith("com.aliyuncs.privatelink.ap-southeast-1."),
            "%s: Done, and the clipboard holds the simulator's Endpoint Service Name (Singapore)" % kind,
            "clipboard=%r simulator=%r" % (clip, names))
        return done

    def tear_down(kind, done):
        # Tear it down from Manage existing: Done → Close → Start → Manage Existing → Tear Down.
        press(button(done, "Close"))
        wait_title("Linkwright")
        press(button(page("LwStartPage"), "Manage Existing"))
        wait_title("Existing Setups")
        manage = page("LwManagePage")
        press(button(manage, "Tear Down"))

        # The confirmation dialog is a window of its own.
        def dialog_button():
            for i in range(app.childCount):
                top = app.getChildAtIndex(i)
                if top is None or top == main_window:
                    continue
                b = find(top, pyatspi.ROLE_PUSH_BUTTON, "Roll Back")
                if b is not None:
                    return b
            return None
        press(wait_for("the confirmation dialog", dialog_button, 15))
        wait_for("zero resources in the simulator", lambda: live_count(sim_state(sim_url)) == 0, 120)
        tap(True, "%s: tearing down from Manage existing leaves zero resources" % kind)
        # The setup now shows as rolled back, with nothing left to tear down; it is removed from
        # the list so that the next kind's setup is the only one listed.
        forget = wait_for("the rolled-back setup",
                          lambda: find(page("LwManagePage"), pyatspi.ROLE_PUSH_BUTTON, "Remove from List"), 30)
        return forget

    new = button(page("LwStartPage"), "New Connection")
    tap(True, "the Start page shows New Connection")

    # ---- RDS for MySQL (the kind shown first) ----
    rds = new_connection_to_source_page()
    row = wait_for("the happy-path RDS instance", lambda: find(rds, pyatspi.ROLE_PUSH_BUTTON, prefix="rm-t4ndemomysql0001"))
    tap(True, "the Source Database page lists the RDS instances")
    press(row)
    # Wait until the private address is read, then Next.
    press(button(app, "Next", 30))
    wait_title("Network")
    network = page("LwNetworkPage")
    # TiDB's zones are ap-southeast-1b and -1c; the VPC has vSwitches in 1a and 1b.
    wait_for("the Network page", lambda: find(network, pyatspi.ROLE_CHECK_BOX, "ap-southeast-1b"))
    press(button(app, "Next", 30))
    done = create_to_done("RDS")
    forget = tear_down("RDS", done)
    tap(find(page("LwManagePage"), pyatspi.ROLE_PUSH_BUTTON, "Tear Down") is None, "RDS: the setup is listed as rolled back")
    press(forget)
    wait_for("an empty list", lambda: find(page("LwManagePage"), pyatspi.ROLE_PUSH_BUTTON, "Remove from List") is None, 15)
    press(button(app, "Back"))
    wait_title("Linkwright")

    # ---- PolarDB for MySQL: the kind toggle, then the happy-path cluster ----
    source = new_connection_to_source_page()
    press(wait_for("the PolarDB kind", lambda: find_named(source, "PolarDB for MySQL")))
    row = wait_for("the happy-path PolarDB cluster", lambda: find(source, pyatspi.ROLE_PUSH_BUTTON, prefix="pc-t4ndemopolar0001"))
    stopped = find(source, pyatspi.ROLE_PUSH_BUTTON, prefix="pc-t4ndemopolarstop")
    tap(find(source, pyatspi.ROLE_PUSH_BUTTON, prefix="rm-") is None and stopped is not None and not sensitive(stopped)
        and "Not running" in (stopped.name or ""),
        "PolarDB: the clusters are listed, the stopped one greyed with its reason",
        "stopped=%r" % (stopped.name if stopped is not None else None))
    press(row)
    press(button(app, "Next", 30))
    wait_title("Network")
    wait_for("the PolarDB whitelist check", lambda: find(page("LwNetworkPage"), pyatspi.ROLE_CHECK_BOX, "ap-southeast-1b"))
    press(button(app, "Next", 30))
    done = create_to_done("PolarDB")
    forget = tear_down("PolarDB", done)
    press(forget)
    wait_for("an empty list", lambda: find(page("LwManagePage"), pyatspi.ROLE_PUSH_BUTTON, "Remove from List") is None, 15)
    press(button(app, "Back"))
    wait_title("Linkwright")

    # ---- MySQL on ECS: the instance whose security group lacks the MySQL rule; the port field ----
    source = new_connection_to_source_page()
    press(wait_for("the ECS kind", lambda: find_named(source, "MySQL on ECS")))
    row = wait_for("the ECS instance without the rule", lambda: find(source, pyatspi.ROLE_PUSH_BUTTON, prefix="i-t4ndemomysqlecs02"))
    port = wait_for("the MySQL port field", lambda: find_port_text(source))
    tap(find(source, pyatspi.ROLE_PUSH_BUTTON, prefix="pc-") is None and port == "3306",
        "ECS: the instances are listed, with the MySQL port field (3306)", "port=%r" % port)
    press(row)
    press(button(app, "Next", 30))
    wait_title("Network")
    fix_name = "Add an Inbound Rule to Security Group sg-t4ndemoecsnorule1 for Port 3306"
    fix = wait_for("the security group rule offer", lambda: find_named(page("LwNetworkPage"), fix_name), 30)
    press(fix)
    press(button(app, "Next", 30))
    done = create_to_done("ECS")
    rules = live_count(sim_state(sim_url), ("ecs-security-rule",))
    tap(rules >= 1, "ECS: the opted-in inbound rule exists after the run", "live ecs-security-rule=%d" % rules)
    forget = tear_down("ECS", done)
except Failure as e:
    tap(False, "end-to-end run", e)
except Exception as e:  # noqa: BLE001
    import traceback
    tap(False, "end-to-end run", traceback.format_exc())
finally:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()

while len(results) < PLAN:
    tap(False, "not reached")
sys.exit(0 if all(results) else 1)
