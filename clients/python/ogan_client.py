"""A client of `ogan serve` (docs/serve.md): drive a running day of ogan from Python.

Standard library only. Two transports, the same methods:

    from ogan_client import Ogan

    with Ogan.spawn("scenarios/baseline.yaml", "--sample", "0.05") as day:   # stdin/stdout
        day.advance(to="09:00")
        day.event("close_links", road="Jembatan Ogan I")
        print(day.facility(name="Disdukcapil OKU")[0]["waiting"])
        day.finish("out/closed.h5")

    day = Ogan.connect("127.0.0.1", 7755)   # an `ogan serve ... --port 7755` already running

Every method sends one request and returns the reply (a dict, or the list it carries); a reply
with "ok": false raises OganError with the server's message, and the server goes on.
"""

import itertools
import json
import os
import shutil
import socket
import subprocess

__all__ = ["Ogan", "OganError", "find_ogan"]


class OganError(RuntimeError):
    """The server refused a request (bad arguments, unknown command, ...) or ended."""


def find_ogan():
    """The ogan executable: $OGAN, else the repository's build/engine/ogan, else ogan on PATH."""
    if os.environ.get("OGAN"):
        return os.environ["OGAN"]
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, "..", "..", "build", "engine", "ogan")
    if os.access(built, os.X_OK):
        return os.path.normpath(built)
    found = shutil.which("ogan")
    if found:
        return found
    raise OganError("cannot find ogan: set $OGAN or build it (./scripts/baseline)")


class Ogan:
    """One running day under `ogan serve`."""

    def __init__(self, reader, writer, process=None, sock=None):
        self._reader = reader
        self._writer = writer
        self._process = process
        self._socket = sock
        self._ids = itertools.count(1)
        self.ready = self._read()  # {"ready": true, "time": "00:00", "scenario": ...}
        if not self.ready.get("ok"):
            self.close()
            raise OganError(self.ready.get("error", "the server did not start"))

    @classmethod
    def spawn(cls, scenario_or_state, *options, ogan=None, stderr=None):
        """Starts `ogan serve SCENARIO|STATE OPTIONS...` with pipes on its stdin and stdout.

        Its log goes to `stderr` (a file object; default: this program's stderr). Returns once
        the day is ready (for a scenario: after the warm-up iterations)."""
        command = [ogan or find_ogan(), "serve", str(scenario_or_state), *map(str, options)]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=stderr, text=True, encoding="utf-8", bufsize=1)
        return cls(process.stdout, process.stdin, process=process)

    @classmethod
    def connect(cls, host="127.0.0.1", port=7755, timeout=None):
        """Connects to `ogan serve ... --port PORT` (one client at a time)."""
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.settimeout(None)
        reader = sock.makefile("r", encoding="utf-8", newline="\n")
        writer = sock.makefile("w", encoding="utf-8", newline="\n")
        return cls(reader, writer, sock=sock)

    # --- the protocol ------------------------------------------------------------------------

    def _read(self):
        line = self._reader.readline()
        if not line:
            code = self._process.wait() if self._process else None
            raise OganError("the server ended" + (f" (exit code {code})" if code is not None else ""))
        return json.loads(line)

    def request(self, cmd, **args):
        """Sends {"cmd": cmd, "id": n, **args} and returns the reply; OganError if not ok.
        Arguments that are None are left out."""
        req = {"cmd": cmd, "id": next(self._ids)}
        req.update({k: v for k, v in args.items() if v is not None})
        self._writer.write(json.dumps(req) + "\n")
        self._writer.flush()
        reply = self._read()
        if not reply.get("ok"):
            raise OganError(f"{cmd}: {reply.get('error', 'failed')}")
        return reply

    def advance(self, to=None, by_s=None):
        """Advances the day to a time ("HH:MM") or by seconds; returns the clock."""
        return self.request("advance", to=to, by_s=by_s)

    def time(self):
        """The clock: {"time": "HH:MM", "time_s", "end_s", "done", "finished"}."""
        return self.request("time")

    def link(self, link=None, name=None):
        """A link by id, or every link of a road or bridge name: a list of their state now."""
        return self.request("link", link=link, name=name)["links"]

    def facility(self, facility=None, name=None):
        """A facility by id, or every facility of a name: a list of their queues now."""
        return self.request("facility", facility=facility, name=name)["facilities"]

    def zone(self, zone=None, name=None):
        """A zone (desa/kelurahan) by code or name: a list of what the run knows of it."""
        return self.request("zone", zone=zone, name=name)["zones"]

    def event(self, kind, at=None, **args):
        """Schedules an event: kind close_links, reopen_links, capacity, speed (with links=[ids]
        or road="name", and value=), servers (facility=, count=) or close_facility (facility=),
        at "HH:MM" (default now). Returns the events scheduled."""
        return self.request("event", kind=kind, at=at, **args)["scheduled"]

    def close_road(self, name, at=None):
        return self.event("close_links", road=name, at=at)

    def reopen_road(self, name, at=None):
        return self.event("reopen_links", road=name, at=at)

    def observe(self, folder):
        """Reads a folder of observations of the real town (docs/observations.md)."""
        return self.request("observe", dir=str(folder))

    def compare(self):
        """The observation KPIs so far: {"kpis": {...}, "compared": {...}, ...}."""
        return self.request("compare")

    def snapshot(self, path):
        """Writes the day's state to a file (`ogan fork` or `ogan serve` continue it)."""
        return self.request("snapshot", path=str(path))

    def fork(self, path, output, events=None):
        """Saves the state to `path`, runs a copy of the day to its end with `events` (dicts as
        for event(), plus "kind") into `output`; this day stays where it is. Returns the reply
        with the fork's KPIs."""
        return self.request("fork", path=str(path), output=str(output), events=events)

    def finish(self, output):
        """Runs to the end of the day and writes the results file; returns its KPIs."""
        return self.request("finish", output=str(output))["kpis"]

    def quit(self):
        try:
            self.request("quit")
        finally:
            self.close()

    # --- lifetime ------------------------------------------------------------------------------

    def close(self):
        """Closes the connection; a spawned server sees the end of its input and exits."""
        for f in (self._writer, self._reader):
            try:
                f.close()
            except (OSError, ValueError):
                pass
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._process is not None:
            self._process.wait()
            self._process = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
