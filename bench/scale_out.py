"""Scale-out shown: two web hosts and two worker hosts on one PostgreSQL, nothing lost or doubled.

    sudo python bench/scale_out.py                    # as root: it makes network namespaces
    python bench/scale_out.py --members 20000 --cohort 4000 --seconds 20 --connections 16
    python bench/scale_out.py --host-cpus 0.4         # each host a cgroup of 0.4 core: a small VM

The layout (every "host" is a Linux network namespace with its own address, joined to the
others by veth pairs on one bridge; names carry the run's tag, so two runs never collide):

    root namespace  10.77.N.1   the bridge; a private PostgreSQL cluster (initdb in a temp dir,
                                run as the postgres user, listening on 10.77.N.1 only); the
                                SMTP server (aiosmtpd); the load generator (wrk); this script
    web1 / web2     10.77.N.11/.12   `loyalty serve` (one process each, in_process worker: never)
    work1 / work2   10.77.N.21/.22   `loyalty worker`

Without --host-cpus every host takes what it can of the machine's cores, which it shares with
the others and PostgreSQL: on a small machine one host already takes all there is, and a second
adds little. With --host-cpus N each host's processes run in a cgroup of their own limited to N
cores (cgroup v1's cpu.cfs_quota_us, or v2's cpu.max; refused when neither is writable), as a
host of its own would be; PostgreSQL, the SMTP server and wrk stay outside the quotas. Each
phase prints the cores every host used and how often its quota stopped it.

The machine's own PostgreSQL listens on 127.0.0.1, which a namespace cannot reach; rather than
change its listen_addresses and pg_hba (and restart a server other people use), the bench runs
a cluster of its own from /usr/lib/postgresql/*/bin on the bridge address, dropped at the end.

What runs, in one run:
1. Purchases (wrk, earn.lua's 2-6 line receipts, unique external ids) against web1 alone for
   --seconds, then against web1 and web2 at once (the same number of connections in all, split
   in two) for --seconds. Every 201's external id is written down by the wrk script.
2. The workers catch up with the event stream (the purchases' events), then a campaign with an
   e-mail to one cohort of --cohort members (10 % control group) while only work1 runs, then a
   second campaign to another cohort of the same size with work1 and work2 running.
3. Checks: every acknowledged purchase is in the database exactly once, no external id twice,
   the ledger verifies; every target member of each campaign got exactly one e-mail, the control
   group none, nobody else any. Throughput: purchases/s with one web host and with two, messages/s
   with one worker host and with two, and the ratios. A campaign's rate is its messages over the
   time from the sweep handing out its first chunk to its last e-mail: the worker hosts' whole
   work on it (the chunks, then the deliveries, whose jobs queue behind the chunks').

Everything (processes, namespaces, the bridge, the cluster, the cgroups) is removed at the end,
also after a failure or Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import email.policy
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from seed import seed
from sqlalchemy import create_engine, text, update

from loyalty.auth import service as auth_service
from loyalty.config import DatabaseSettings, generate_secret_key
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.events import stream
from loyalty.ledger import service as ledger
from loyalty.members.models import Member
from loyalty.messaging import service as messaging
from loyalty.messaging.schemas import TemplateWrite
from loyalty.migrate import upgrade
from loyalty.programs import service as programs
from loyalty.worker.registry import SUBSCRIBERS

HERE = Path(__file__).resolve().parent
LOYALTY = shutil.which("loyalty") or str(Path(sys.executable).parent / "loyalty")
DATABASE = "loyalty_scale"
TEMPLATE_HTML = """<html><body><p>Hello {{ first_name }}!</p>
<p>You have <b>{{ balance }}</b> points{% if tier %} as a {{ tier.name }} member{% endif %}.</p>
{% for reward in rewards_within_reach %}<p>{{ reward.name }}: {{ reward.points_price }}</p>{% endfor %}
<p><a href="{{ link('spring', 'https://shop.example/spring') }}">Spring</a>
<a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>"""
CAMPAIGN_SUBJECT = "spring is here"
TEMPLATE_TEXT = "Hello {{ first_name }}! {{ balance }} points. {{ unsubscribe_url }}"


def sh(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, check=False, capture_output=True, text=True)  # noqa: S603 - fixed tools
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.strip()}")
    return done


# ---------------------------------------------------------------------------------------------
# The hosts: namespaces on a bridge


@dataclass
class Network:
    tag: str
    subnet: str  # "10.77.N"
    namespaces: list[str] = field(default_factory=list)
    bridge: str = ""

    @property
    def gateway(self) -> str:
        return f"{self.subnet}.1"

    def build(self) -> None:
        self.bridge = f"lsb{self.tag}"
        sh("ip", "link", "add", self.bridge, "type", "bridge")
        sh("ip", "addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        sh("ip", "link", "set", self.bridge, "up")

    def add_host(self, role: str, last_octet: int) -> str:
        """A namespace `ls<tag>-<role>` with address <subnet>.<last_octet>; its name."""
        name = f"ls{self.tag}-{role}"
        number = len(self.namespaces)
        outside, inside = f"ls{self.tag}v{number}o", f"ls{self.tag}v{number}i"
        sh("ip", "netns", "add", name)
        self.namespaces.append(name)
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        sh("ip", "link", "set", inside, "netns", name)
        sh("ip", "link", "set", outside, "master", self.bridge)
        sh("ip", "link", "set", outside, "up")
        inns = ("ip", "netns", "exec", name)
        sh(*inns, "ip", "link", "set", "lo", "up")
        sh(*inns, "ip", "addr", "add", f"{self.subnet}.{last_octet}/24", "dev", inside)
        sh(*inns, "ip", "link", "set", inside, "up")
        return name

    def tear_down(self) -> None:
        for name in self.namespaces:  # deleting a namespace deletes its veth and the peer
            sh("ip", "netns", "del", name, check=False)
        if self.bridge:
            sh("ip", "link", "del", self.bridge, check=False)


def free_subnet() -> str:
    used = sh("ip", "-4", "-o", "addr").stdout
    for third in range(77, 250):
        if f" 10.77.{third}." not in used:
            return f"10.77.{third}"
    raise RuntimeError("no free 10.77.N.0/24 subnet")


# ---------------------------------------------------------------------------------------------
# The hosts' CPUs: a cgroup per host with a CPU quota (--host-cpus), like a small VM


@dataclass
class CpuSlices:
    """One cgroup per host, `<root>/loyalty-scale-<tag>-<role>`, holding each of the host's
    processes (a wrapper writes its own pid to cgroup.procs before it execs `ip netns exec`, so
    every descendant is born inside) to `cores` of CPU time per wall second: cgroup v1's
    cpu.cfs_quota_us / cpu.cfs_period_us, or cgroup v2's cpu.max."""

    tag: str
    cores: float
    root: Path = Path()
    version: int = 0
    made: dict[str, Path] = field(default_factory=dict)

    PERIOD_US = 100_000

    def find(self) -> None:
        """The writable cpu controller, or a RuntimeError saying what was looked for."""
        v1 = Path("/sys/fs/cgroup/cpu")
        if (v1 / "cpu.cfs_quota_us").exists() and os.access(v1, os.W_OK):
            self.root, self.version = v1, 1
            return
        for candidate in (Path("/sys/fs/cgroup/unified"), Path("/sys/fs/cgroup")):
            controllers = candidate / "cgroup.controllers"
            if not controllers.exists() or "cpu" not in controllers.read_text().split():
                continue
            subtree = candidate / "cgroup.subtree_control"
            with contextlib.suppress(OSError):
                if "cpu" not in subtree.read_text().split():
                    subtree.write_text("+cpu")
                if "cpu" in subtree.read_text().split() and os.access(candidate, os.W_OK):
                    self.root, self.version = candidate, 2
                    return
        raise RuntimeError("--host-cpus needs a writable cgroup cpu controller: cgroup v1's "
                           "/sys/fs/cgroup/cpu/cpu.cfs_quota_us, or cgroup v2's cpu.max (the cpu "
                           "controller in cgroup.controllers and cgroup.subtree_control of "
                           "/sys/fs/cgroup/unified or /sys/fs/cgroup); none found writable")

    def make(self, role: str) -> Path:
        folder = self.root / f"loyalty-scale-{self.tag}-{role}"
        folder.mkdir()
        self.made[role] = folder
        quota = max(1000, round(self.cores * self.PERIOD_US))
        if self.version == 1:
            (folder / "cpu.cfs_period_us").write_text(str(self.PERIOD_US))
            (folder / "cpu.cfs_quota_us").write_text(str(quota))
        else:
            (folder / "cpu.max").write_text(f"{quota} {self.PERIOD_US}")
        return folder

    def wrap(self, role: str, command: list[str]) -> list[str]:
        """`command` started inside the role's cgroup (it and all it starts)."""
        procs = self.made[role] / "cgroup.procs"
        return ["sh", "-c", 'echo $$ > "$0" && exec "$@"', str(procs), *command]

    def throttling(self, role: str) -> tuple[int, int, float]:
        """(periods, periods throttled, seconds throttled) so far."""
        stat = dict(line.split() for line in (self.made[role] / "cpu.stat").read_text().splitlines() if line)
        if self.version == 1:
            return int(stat["nr_periods"]), int(stat["nr_throttled"]), int(stat["throttled_time"]) / 1e9
        return int(stat["nr_periods"]), int(stat["nr_throttled"]), int(stat["throttled_usec"]) / 1e6

    def remove(self) -> None:
        """rmdir each cgroup, once its processes are gone (moved to the root if any linger)."""
        for folder in self.made.values():
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    with contextlib.suppress(OSError):
                        for pid in (folder / "cgroup.procs").read_text().split():
                            (self.root / "cgroup.procs").write_text(pid)
                    time.sleep(0.1)
            else:
                print(f"could not remove the cgroup {folder}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# The one PostgreSQL


@dataclass
class Cluster:
    folder: Path
    host: str
    port: int = 5432
    bin: Path = Path()

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{DATABASE}"

    def _as_postgres(self, *command: str) -> None:
        sh("runuser", "-u", "postgres", "--", *command)

    def start(self) -> None:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not versions:
            raise RuntimeError("no PostgreSQL binaries in /usr/lib/postgresql/*/bin")
        self.bin = versions[-1].parent
        shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        self._as_postgres(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                          "-E", "UTF8", "--no-sync")
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {self.host.rsplit('.', 1)[0]}.0/24 trust\n")
        # The machine's own server's settings, but for the addresses and the connection count
        # (two web hosts' pools, two workers' pools and their job engine's connections).
        options = (f"-c listen_addresses={self.host} -c port={self.port} -c unix_socket_directories={self.folder} "
                   "-c max_connections=300 -c shared_buffers=128MB -c autovacuum=off")
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                          str(self.folder / "postgres.log"), "-w", "start")

    def stop(self) -> None:
        if self.bin != Path():
            sh("runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
               "-m", "immediate", "-w", "stop", check=False)

    def postmaster_pid(self) -> int:
        return int((self.folder / "data" / "postmaster.pid").read_text().split()[0])


# ---------------------------------------------------------------------------------------------
# CPU accounting (Linux /proc), to say where the two cores went


def _children(pid: int) -> set[int]:
    found = {pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                    found |= _children(int(entry.name))
    return found


def cpu_seconds(roots: list[int]) -> float:
    ticks = 0
    for root in roots:
        for pid in _children(root):
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rindex(")") + 2:].split()
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """This process alone (the SMTP server's thread and the bench's polling), not its children."""
    stat = Path("/proc/self/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuWindow:
    """Cores each group of processes used over a phase; for the hosts in a cgroup, also how
    often their quota stopped them (the share of the scheduler's periods that ran it out)."""

    groups: dict[str, list[int]]
    slices: CpuSlices | None = None
    started: dict[str, float] = field(default_factory=dict)
    throttled: dict[str, tuple[int, int, float]] = field(default_factory=dict)
    wall: float = 0.0
    busy: float = 0.0

    def _read(self) -> tuple[dict[str, float], dict[str, tuple[int, int, float]]]:
        used = {name: cpu_seconds(pids) for name, pids in self.groups.items()}
        used["bench+SMTP"] = own_cpu_seconds()
        limited = {name: self.slices.throttling(name) for name in self.groups
                   if self.slices is not None and name in self.slices.made}
        return used, limited

    def __enter__(self) -> CpuWindow:
        self.started, self.throttled = self._read()
        self.wall, self.busy = time.perf_counter(), machine_busy_seconds()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.busy = machine_busy_seconds() - self.busy
        used, limited = self._read()
        self.started = {name: used[name] - self.started[name] for name in used}
        self.throttled = {name: (periods - self.throttled[name][0], throttled - self.throttled[name][1],
                                 seconds - self.throttled[name][2])
                          for name, (periods, throttled, seconds) in limited.items()}

    def describe(self) -> str:
        ours = sum(self.started.values())
        parts = []
        for name, seconds in self.started.items():
            part = f"{name} {seconds / self.wall:.2f}"
            if name in self.throttled and self.slices is not None:
                periods, throttled, _ = self.throttled[name]
                part += f" (quota {self.slices.cores:g}, throttled in {throttled / max(1, periods):.0%} of periods)"
            parts.append(part)
        return (f"cores busy: {', '.join(parts)}; machine {self.busy / self.wall:.2f} of {os.cpu_count()} "
                f"(others' processes {max(0.0, self.busy - ours) / self.wall:.2f})")


# ---------------------------------------------------------------------------------------------
# Processes on the hosts


class Processes:
    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, namespace: str, command: list[str], env: dict[str, str], log: Path,
              slices: CpuSlices | None = None, role: str = "") -> subprocess.Popen[bytes]:
        handle = log.open("ab")
        launch = ["ip", "netns", "exec", namespace, *command]
        if slices is not None:
            launch = slices.wrap(role, launch)
        process = subprocess.Popen(launch, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self) -> None:
        for process in reversed(self.running):
            self.stop(process)


def wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{base} exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{base} did not start:\n{log.read_text()[-3000:]}")


# ---------------------------------------------------------------------------------------------
# SMTP: who got what, when


class Inbox:
    """Every e-mail's arrival, recipient and subject. The campaigns' e-mails are told from the
    others (a purchase's messages still being delivered, the worker's periodic ones) by their
    subject: the checks and the rates count the campaign's alone."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[float, str, str]] = []  # (arrival, recipient, subject)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        now = time.perf_counter()
        subject = str(BytesHeaderParser(policy=email.policy.default).parsebytes(envelope.content)["subject"] or "")
        with self.lock:
            self.received.extend((now, recipient.lower(), subject) for recipient in envelope.rcpt_tos)
        return "250 OK"

    def since(self, mark: int) -> tuple[list[tuple[float, str]], int]:
        """The campaign e-mails since `mark`, (arrival, recipient) each, and how many others came."""
        with self.lock:
            received = self.received[mark:]
        campaign = [(when, recipient) for when, recipient, subject in received if subject.endswith(CAMPAIGN_SUBJECT)]
        return campaign, len(received) - len(campaign)

    def __len__(self) -> int:
        with self.lock:
            return len(self.received)


# ---------------------------------------------------------------------------------------------
# The data set


@dataclass
class DataSet:
    program_id: int
    low: int
    high: int
    key: str
    cohorts: dict[str, list[int]]  # cohort name -> member ids (e-mail consent, an address)
    emails: dict[str, int]  # address -> member id


def prepare(url: str, members: int, cohort: int) -> DataSet:
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))
    program_id = seed(database, members=members, purchases_count=0)
    with unit_of_work(database) as session:
        program = programs.get_program(session=session, program_id=program_id)
        messaging.create_template(session=session, program=program, actor="bench", data=TemplateWrite.model_validate({
            "key": "scale", "channel": "email", "fallback_language": "en",
            "versions": {"en": {"subject": "{{ first_name }}, " + CAMPAIGN_SUBJECT, "html_body": TEMPLATE_HTML,
                                "text_body": TEMPLATE_TEXT}}}))
        key = auth_service.create_api_key(session=session, program_id=program_id, name="scale-out bench",
                                          scopes=["purchases:write", "campaigns:write", "campaigns:read"]).secret
    with unit_of_work(database) as session:
        rows = session.execute(text(
            "SELECT m.id, m.email FROM members m JOIN member_consents c ON c.member_id = m.id "
            "AND c.channel = 'email' AND c.granted WHERE m.program_id = :p AND m.email IS NOT NULL "
            "AND m.status = 'active' ORDER BY m.id"), {"p": program_id}).all()
        if len(rows) < 2 * cohort:
            raise RuntimeError(f"only {len(rows)} members with e-mail consent; lower --cohort or raise --members")
        # Interleaved, so both cohorts spread over every chunk of the id range.
        chosen = rows[:2 * cohort]
        cohorts = {"a": [row.id for row in chosen[0::2]], "b": [row.id for row in chosen[1::2]]}
        for name, ids in cohorts.items():
            session.execute(update(Member).where(Member.id.in_(ids)).values(attributes={"cohort": name}))
        low, high = session.execute(text("SELECT min(id), max(id) FROM members WHERE program_id = :p"),
                                    {"p": program_id}).one()
        emails = {row.email.lower(): row.id for row in rows}
    database.dispose()
    return DataSet(program_id, int(low), int(high), key, cohorts, emails)


# ---------------------------------------------------------------------------------------------
# Purchases


@dataclass
class WrkResult:
    requests: int
    created: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float


def wrk(base: str, *, connections: int, threads: int, seconds: int, data: DataSet, run_id: str,
        acknowledged: Path) -> subprocess.Popen[str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(HERE / "scale_out.lua"), base, "--", str(data.low), str(data.high), run_id, data.key,
               str(acknowledged)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603


def wrk_result(process: subprocess.Popen[str]) -> WrkResult:
    out, err = process.communicate()
    line = next((line for line in out.splitlines() if line.startswith("WRK ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {out}\n{err}")
    values = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    return WrkResult(values["requests"], values["created"], values["duration_us"] / 1e6,
                     values["errors_status"] + values["errors_timeout"] + values["errors_connect"],
                     values["p50_us"] / 1000, values["p99_us"] / 1000)


def purchases_phase(bases: list[str], args: argparse.Namespace, data: DataSet, run_id: str, folder: Path,
                    cpu: dict[str, list[int]], slices: CpuSlices | None) -> tuple[float, list[WrkResult], CpuWindow]:
    per_host = max(1, args.connections // len(bases))
    with CpuWindow(cpu, slices) as window:
        running = [wrk(base, connections=per_host, threads=max(1, 2 // len(bases)), seconds=args.seconds,
                       data=data, run_id=f"{run_id}{number}", acknowledged=folder / f"ack-{run_id}{number}")
                   for number, base in enumerate(bases)]
        results = [wrk_result(each) for each in running]
    rate = sum(each.created for each in results) / max(each.seconds for each in results)
    return rate, results, window


# ---------------------------------------------------------------------------------------------
# Campaigns


def wait_caught_up(url: str, timeout: float) -> float:
    """Until every subscriber has a cursor and nothing waits for it, and the due messages the
    events queued are delivered; how long that took."""
    database = create_database(DatabaseSettings(url=url, pool_size=1))
    types: dict[str, Sequence[str]] = {each.name: sorted(each.types) for each in SUBSCRIBERS}
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < timeout:
            with unit_of_work(database, read_only=True) as session:
                rows = stream.positions(session, types)
                # The messages the events queued (delivered by later jobs): not to arrive amid a campaign's.
                undelivered = session.execute(text(
                    "SELECT count(*) FROM messages WHERE status IN ('queued', 'sending') AND send_after <= now()")
                ).scalar_one()
            if {row.subscriber for row in rows} >= set(types) and all(row.waiting == 0 for row in rows) \
                    and undelivered == 0:
                return time.perf_counter() - started
            time.sleep(0.5)
    finally:
        database.dispose()
    raise RuntimeError(f"the workers did not catch up with the event stream in {timeout:.0f} s")


@dataclass
class CampaignRun:
    campaign_id: int
    target: set[int]
    control: set[int]
    received: list[tuple[float, str]]
    launched_at: float
    sent_rows: int
    other_emails: int  # not the campaign's, arrived meanwhile
    work_seconds: float  # the database's clock: the sweep handing out the first chunk -> the last sent

    @property
    def messages(self) -> int:
        return len(self.received)

    @property
    def rate(self) -> float:
        """Messages per second of the worker hosts' whole work on the campaign: its chunks (the
        audience read, the condition evaluated, the members and messages written) and the
        deliveries. The first e-mail waits for the chunks (their jobs are ahead in the queue),
        so first-to-last e-mail alone would leave most of the work out."""
        return self.sent_rows / self.work_seconds

    @property
    def delivery_seconds(self) -> float:
        """From the first e-mail to the last: the worker hosts' delivery rate."""
        arrivals = [when for when, _ in self.received]
        return max(arrivals) - min(arrivals) if len(arrivals) > 1 else float("nan")

    @property
    def end_to_end_seconds(self) -> float:
        """From the launch (the sweep picks it up within 10 s) to the last e-mail."""
        return max(when for when, _ in self.received) - self.launched_at


def run_campaign(base: str, key: str, cohort: str, inbox: Inbox, url: str, timeout: float) -> CampaignRun:
    headers = {"Authorization": f"Bearer {key}"}
    body = {"name": f"Scale-out cohort {cohort}", "target": "condition",
            "condition": {"field": "member.attributes.cohort", "op": "eq", "value": cohort},
            "message": {"channel": "email", "template_key": "scale"}, "control_share": "0.1"}
    created = httpx.post(f"{base}/api/v1/campaigns", json=body, headers=headers, timeout=30)
    created.raise_for_status()
    campaign_id = int(created.json()["id"])
    mark = len(inbox)
    launched_at = time.perf_counter()
    httpx.post(f"{base}/api/v1/campaigns/{campaign_id}/launch", headers=headers, timeout=30).raise_for_status()
    engine = create_engine(url)
    try:
        deadline = time.perf_counter() + timeout
        while True:
            status = httpx.get(f"{base}/api/v1/campaigns/{campaign_id}", headers=headers, timeout=30).json()["status"]
            with engine.connect() as connection:
                # "sending": claimed by a batch that has not written its outcome yet (a slow,
                # CPU-limited worker host holds a batch in that state for seconds).
                queued, sent = connection.execute(text(
                    "SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')), "
                    "count(*) FILTER (WHERE status = 'sent') "
                    "FROM messages WHERE source = :s"), {"s": f"campaign:{campaign_id}"}).one()
            received, others = inbox.since(mark)
            if status == "completed" and queued == 0 and len(received) >= sent:
                break
            if time.perf_counter() > deadline:
                raise RuntimeError(f"campaign {campaign_id} did not finish in {timeout:.0f} s "
                                   f"(status {status}, {queued} queued or sending, {sent} sent)")
            time.sleep(0.2)
        time.sleep(1.0)  # anything doubled would arrive now
        received, others = inbox.since(mark)
        with engine.connect() as connection:
            groups = connection.execute(text("SELECT member_id, is_control FROM campaign_members "
                                             "WHERE campaign_id = :c"), {"c": campaign_id}).all()
            timeline = connection.execute(text(
                "SELECT extract(epoch FROM min(k.deferred_at) - c.launched_at) AS first_chunk_deferred, "
                "extract(epoch FROM max(k.done_at) - c.launched_at) AS last_chunk_done, "
                "(SELECT extract(epoch FROM min(m.created_at) - c.launched_at) FROM messages m "
                " WHERE m.source = 'campaign:' || c.id) AS first_queued, "
                "(SELECT extract(epoch FROM min(m.sent_at) - c.launched_at) FROM messages m "
                " WHERE m.source = 'campaign:' || c.id) AS first_sent, "
                "(SELECT extract(epoch FROM max(m.sent_at) - c.launched_at) FROM messages m "
                " WHERE m.source = 'campaign:' || c.id) AS last_sent "
                "FROM campaigns c JOIN campaign_chunks k ON k.campaign_id = c.id WHERE c.id = :c "
                "GROUP BY c.id, c.launched_at"), {"c": campaign_id}).one()
            print("  timeline after the launch: " + ", ".join(
                f"{name.replace('_', ' ')} {float(value):.1f} s" for name, value in timeline._mapping.items()
                if value is not None), flush=True)
    finally:
        engine.dispose()
    return CampaignRun(campaign_id, {row.member_id for row in groups if not row.is_control},
                       {row.member_id for row in groups if row.is_control}, received, launched_at, int(sent),
                       others, float(timeline.last_sent) - float(timeline.first_chunk_deferred))


def describe_campaign(run: CampaignRun, hosts: str) -> str:
    return (f"campaign {run.campaign_id}, {hosts}: {run.messages:,} e-mails, {run.rate:,.0f}/s from the first chunk "
            f"handed out to the last e-mail ({run.work_seconds:.1f} s); first to last e-mail "
            f"{run.messages / run.delivery_seconds:,.0f}/s ({run.delivery_seconds:.1f} s); "
            f"{run.end_to_end_seconds:.1f} s from the launch"
            + (f"; {run.other_emails} other e-mails meanwhile (not the campaign's)" if run.other_emails else ""))


def check_campaign(run: CampaignRun, data: DataSet, cohort: str) -> list[str]:
    problems = []
    counts = Counter(data.emails.get(recipient, -1) for _, recipient in run.received)
    if -1 in counts:
        problems.append(f"{counts[-1]} e-mails to addresses of no member")
    doubled = [member for member, count in counts.items() if count > 1]
    missing = run.target - set(counts)
    to_control = run.control & set(counts)
    strangers = set(counts) - run.target - {-1}
    if set(data.cohorts[cohort]) != run.target | run.control:
        problems.append("the campaign's target and control groups are not exactly the cohort")
    if doubled:
        problems.append(f"{len(doubled)} members got more than one e-mail")
    if missing:
        problems.append(f"{len(missing)} target members got no e-mail")
    if to_control:
        problems.append(f"{len(to_control)} control members got an e-mail")
    if strangers:
        problems.append(f"{len(strangers)} members outside the target group got an e-mail")
    if run.sent_rows != len(run.target):
        problems.append(f"{run.sent_rows} messages marked sent for {len(run.target)} target members")
    return problems


# ---------------------------------------------------------------------------------------------


def check_purchases(url: str, folder: Path, run_id: str) -> tuple[int, int, list[str]]:
    """Acknowledged ids against the database: (acknowledged, in the database, problems)."""
    acknowledged: list[str] = []
    for path in folder.glob(f"ack-{run_id}*.txt"):
        acknowledged.extend(line.strip() for line in path.read_text().splitlines() if line.strip())
    problems = []
    if "?" in acknowledged:
        problems.append(f"{acknowledged.count('?')} 201 answers without the external id")
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = Counter(row.external_id for row in connection.execute(text(
            "SELECT external_id FROM purchases WHERE external_id LIKE :p"), {"p": f"scale-{run_id}%"}))
    engine.dispose()
    doubled = [external_id for external_id, count in stored.items() if count > 1]
    ack_doubled = [external_id for external_id, count in Counter(acknowledged).items() if count > 1]
    lost = set(acknowledged) - set(stored) - {"?"}
    if doubled:
        problems.append(f"{len(doubled)} external ids stored more than once")
    if ack_doubled:
        problems.append(f"{len(ack_doubled)} external ids acknowledged twice")
    if lost:
        problems.append(f"{len(lost)} acknowledged purchases missing from the database, e.g. {sorted(lost)[:3]}")
    database = create_database(DatabaseSettings(url=url, pool_size=1))
    with unit_of_work(database, read_only=True) as session:
        report = ledger.verify(session=session)
    database.dispose()
    if not report.ok:
        problems.extend(f"ledger: {problem}" for problem in report.problems[:5])
    return len(acknowledged), sum(stored.values()), problems


@contextlib.contextmanager
def terminated_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the run as Ctrl+C does, so the finally blocks clean up."""
    def stop(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main() -> None:  # noqa: PLR0915 - one scenario, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--cohort", type=int, default=4_000, help="members per campaign (10 %% held out)")
    parser.add_argument("--seconds", type=int, default=20, help="per purchase phase")
    parser.add_argument("--connections", type=int, default=16, help="in all, split over the web hosts")
    parser.add_argument("--web-processes", type=int, default=1, help="`loyalty serve --workers` per web host")
    parser.add_argument("--worker-concurrency", type=int, default=4)
    parser.add_argument("--host-cpus", type=float, default=None, metavar="CORES",
                        help="run each host in a cgroup of its own with this CPU quota (e.g. 0.5), like a "
                             "small VM; PostgreSQL, SMTP and wrk stay outside. Default: no quota")
    parser.add_argument("--keep-logs", action="store_true", help="keep the hosts' logs (printed path)")
    args = parser.parse_args()
    if args.host_cpus is not None and not 0.01 <= args.host_cpus <= (os.cpu_count() or 1):
        sys.exit(f"--host-cpus: between 0.01 and {os.cpu_count()} cores")
    if os.geteuid() != 0:
        sys.exit("bench/scale_out.py makes network namespaces: run it as root")
    for tool in ("wrk", "ip", "runuser"):
        if shutil.which(tool) is None:
            sys.exit(f"bench/scale_out.py needs {tool} (apt-get install wrk iproute2 util-linux)")

    tag = uuid.uuid4().hex[:4]
    folder = Path(tempfile.mkdtemp(prefix=f"loyalty-scale-{tag}-"))
    folder.chmod(0o755)
    network = Network(tag=tag, subnet=free_subnet())
    cluster = Cluster(folder=folder / "pg", host=network.gateway)
    cluster.folder.mkdir()
    processes = Processes()
    slices = CpuSlices(tag=tag, cores=args.host_cpus) if args.host_cpus is not None else None
    if slices is not None:
        try:
            slices.find()
        except RuntimeError as error:
            sys.exit(str(error))
    smtp: Controller | None = None
    failed = True
    print(f"bench/scale_out.py on {os.cpu_count()} cores (load average {os.getloadavg()[0]:.2f}); "
          f"hosts on {network.subnet}.0/24, logs in {folder}", flush=True)
    if slices is not None:
        print(f"each host in a cgroup (v{slices.version}, {slices.root}) limited to {slices.cores:g} of a core; "
              "PostgreSQL, SMTP and wrk outside", flush=True)
    try:
        with terminated_on_signals():
            network.build()
            hosts = {role: network.add_host(role, octet) for role, octet in
                     (("web1", 11), ("web2", 12), ("work1", 21), ("work2", 22))}
            if slices is not None:
                for role in hosts:
                    slices.make(role)
            cluster.start()
            admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
            admin.dispose()
            started = time.perf_counter()
            data = prepare(cluster.url, args.members, args.cohort)
            print(f"PostgreSQL {cluster.bin.parent.name} on {cluster.host}:{cluster.port} (a private cluster); "
                  f"{args.members:,} members and two cohorts of {args.cohort:,} seeded in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)

            inbox = Inbox()
            smtp_port = 2525
            smtp = Controller(inbox, hostname=network.gateway, port=smtp_port)
            smtp.start()
            secret = generate_secret_key()
            env = {**os.environ, "LOYALTY_DATABASE_URL": cluster.url, "LOYALTY_SECURITY__SECRET_KEY": secret,
                   "LOYALTY_WORKER__IN_PROCESS": "never", "LOYALTY_LOG_LEVEL": "WARNING",
                   "LOYALTY_PUBLIC_URL": f"http://{network.subnet}.11:8000",
                   "LOYALTY_MAIL__SMTP_HOST": network.gateway, "LOYALTY_MAIL__SMTP_PORT": str(smtp_port),
                   "LOYALTY_MAIL__SMTP_SECURITY": "none", "LOYALTY_MAIL__SENDER": "Shop <news@shop.example>"}
            bases = {}
            servers = {}
            for role, octet in (("web1", 11), ("web2", 12)):
                address = f"{network.subnet}.{octet}"
                servers[role] = processes.start(hosts[role], [LOYALTY, "serve", "--host", address, "--port", "8000",
                                                              "--workers", str(args.web_processes)],
                                                env, folder / f"{role}.log", slices, role)
                bases[role] = f"http://{address}:8000"
            for role in bases:
                wait_healthy(bases[role], servers[role], folder / f"{role}.log")
            postgres = cluster.postmaster_pid()
            cpu = {"web1": [servers["web1"].pid], "web2": [servers["web2"].pid], "postgres": [postgres]}

            # -- purchases: one web host, then two
            run_id = tag
            for role in bases:  # warm-up: pools, caches
                wrk_result(wrk(bases[role], connections=4, threads=1, seconds=3, data=data, run_id=f"w{run_id}",
                               acknowledged=folder / "ack-warmup"))
            one_rate, one_results, one_cpu = purchases_phase([bases["web1"]], args, data, run_id + "a", folder, cpu,
                                                             slices)
            print(f"\npurchases, 1 web host: {one_rate:,.0f}/s ({one_results[0].created:,} in "
                  f"{one_results[0].seconds:.1f} s, p50 {one_results[0].p50_ms:.0f} ms, "
                  f"p99 {one_results[0].p99_ms:.0f} ms, "
                  f"{one_results[0].errors} errors)\n  {one_cpu.describe()}", flush=True)
            two_rate, two_results, two_cpu = purchases_phase([bases["web1"], bases["web2"]], args, data,
                                                             run_id + "b", folder, cpu, slices)
            print(f"purchases, 2 web hosts: {two_rate:,.0f}/s (" + "; ".join(
                f"web{n + 1}: {r.created:,} in {r.seconds:.1f} s, p50 {r.p50_ms:.0f} ms, p99 {r.p99_ms:.0f} ms, "
                f"{r.errors} errors" for n, r in enumerate(two_results)) + f")\n  {two_cpu.describe()}", flush=True)
            print(f"purchases: 2 hosts / 1 host = {two_rate / one_rate:.2f}", flush=True)

            # -- the campaign: one worker host, then two
            workers = {}
            for role in ("work1", "work2"):
                workers[role] = processes.start(hosts[role], [LOYALTY, "worker", "--concurrency",
                                                              str(args.worker_concurrency)],
                                                env, folder / f"{role}.log", slices, role)
                if role == "work1":
                    caught_up = wait_caught_up(cluster.url, timeout=1800)
                    print(f"\nwork1 caught up with the purchases' events in {caught_up:.1f} s", flush=True)
                    cpu_work = {"work1": [workers["work1"].pid], "postgres": [postgres]}
                    with CpuWindow(cpu_work, slices) as window:
                        first = run_campaign(bases["web1"], data.key, "a", inbox, cluster.url, timeout=1800)
                    print(describe_campaign(first, "1 worker host") + f"\n  {window.describe()}", flush=True)
                else:
                    time.sleep(3)  # the second worker is up and listening
                    cpu_work = {"work1": [workers["work1"].pid], "work2": [workers["work2"].pid],
                                "postgres": [postgres]}
                    with CpuWindow(cpu_work, slices) as window:
                        second = run_campaign(bases["web2"], data.key, "b", inbox, cluster.url, timeout=1800)
                    print(describe_campaign(second, "2 worker hosts") + f"\n  {window.describe()}", flush=True)
            first_rate, second_rate = first.rate, second.rate
            print(f"campaign e-mails: 2 worker hosts / 1 = {second_rate / first_rate:.2f}", flush=True)

            # -- nothing lost, nothing doubled
            print("\nchecks:")
            problems: list[str] = []
            acknowledged, stored, purchase_problems = check_purchases(cluster.url, folder, run_id)
            created = sum(r.created for r in one_results + two_results)
            print(f"  purchases: {acknowledged:,} acknowledged (wrk counted {created:,} x 201), {stored:,} in the "
                  f"database with the run's external ids, each acknowledged one exactly once: "
                  f"{'yes' if not purchase_problems else 'NO'}")
            problems += purchase_problems
            if acknowledged != created:
                problems.append(f"the wrk script wrote {acknowledged} ids for {created} answers 201")
            for run, cohort in ((first, "a"), (second, "b")):
                campaign_problems = check_campaign(run, data, cohort)
                print(f"  campaign {run.campaign_id}: {len(run.target):,} target members, {len(run.control):,} in the "
                      f"control group; {run.messages:,} e-mails received; each target member exactly one, the control "
                      f"group none: {'yes' if not campaign_problems else 'NO'}")
                problems += campaign_problems
            for problem in problems:
                print(f"  PROBLEM: {problem}")
            for role, process in {**servers, **workers}.items():
                if process.poll() is not None:
                    problems.append(f"{role} exited early ({process.returncode})")
            print("\nsummary:")
            print(f"  purchases/s   1 web host {one_rate:8,.0f}   2 web hosts {two_rate:8,.0f}   "
                  f"ratio {two_rate / one_rate:.2f}")
            print(f"  e-mails/s     1 worker   {first_rate:8,.0f}   2 workers   {second_rate:8,.0f}   "
                  f"ratio {second_rate / first_rate:.2f}")
            print(f"  nothing lost or doubled: {'yes' if not problems else 'NO'}")
            failed = bool(problems)
    finally:
        processes.stop_all()
        if smtp is not None:
            with contextlib.suppress(Exception):
                smtp.stop()
        cluster.stop()
        network.tear_down()
        if slices is not None:
            slices.remove()
        if args.keep_logs or failed:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
