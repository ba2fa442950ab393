"""A throw-away IMAP server for tests and the mailbox benchmark: Debian's ``dovecot-imapd``
run in the foreground with its whole configuration, users and mail in a temporary folder,
listening on 127.0.0.1 only, without TLS (the mailbox's "none" security, allowed to this
machine only). Messages go in with imaplib's APPEND, as any client would put them.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from network.mailbox.imap import folder_name

DOVECOT = "/usr/sbin/dovecot"
USER = "camille@example.org"
PASSWORD = "s3cret-imap-pass"  # noqa: S105 (a test server's only user)


def available() -> bool:
    return Path(DOVECOT).exists() and os.access(DOVECOT, os.X_OK)


def free_port(first: int = 14321, last: int = 14329) -> int:
    """A free port in ``first..last`` (the range this branch may use), else any free one."""
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _users() -> tuple[str, str, int, int]:
    """(login user, internal user, mail uid, gid): dovecot's own users when run as root,
    the current user otherwise."""
    if os.geteuid() == 0:
        internal = pwd.getpwnam("dovecot")
        return "dovenull", "dovecot", internal.pw_uid, internal.pw_gid
    me = pwd.getpwuid(os.geteuid())
    return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid


_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = netcurate-{port}
protocols = imap
# Throw-away mail: no fsync, so filling a folder is quick.
mail_fsync = never
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{root}/mail/%n
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@dataclass
class Dovecot:
    """A running server: ``host``, ``port``, its one user and password."""

    root: Path
    port: int
    process: subprocess.Popen
    host: str = "127.0.0.1"
    user: str = USER
    password: str = PASSWORD
    tls_port: int = 0  # with ``tls``: IMAP over TLS here, and STARTTLS on ``port``
    certificate: Path | None = None  # the self-signed certificate, to trust it in a test

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, messages: list[bytes], folder: str = "INBOX") -> None:
        client = self.client()
        try:
            name = folder_name(folder)
            if folder != "INBOX":
                client.create(name)
            for raw in messages:
                crlf = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                status, data = client.append(name, None, None, crlf)
                if status != "OK":
                    raise RuntimeError(f"APPEND refused: {data!r}")
        finally:
            client.logout()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _self_signed(root: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid a day, made with openssl."""
    certificate, key = root / "cert.pem", root / "key.pem"
    subprocess.run(  # noqa: S603 (a fixed binary, our own arguments)
        ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def start(port: int | None = None, *, tls: bool = False) -> Dovecot:
    """Start dovecot in a new temporary folder (owned by the mail user; removed by ``stop``)
    on ``port``. The folder sits right under the system's temporary folder: dovecot's
    processes must reach it, which pytest's private folders would not let them."""
    port = port or free_port()
    root = Path(tempfile.mkdtemp(prefix="netcurate-dovecot-"))
    login_user, internal_user, uid, gid = _users()
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    config = root / "dovecot.conf"
    certificate = tls_port = None
    ssl = "ssl = no"
    if tls:
        certificate, key = _self_signed(root)
        tls_port = free_port(port + 1)
        ssl = f"ssl = yes\nssl_cert = <{certificate}\nssl_key = <{key}"
    config.write_text(
        _CONFIG.format(
            ssl=ssl,
            tls_port=tls_port or 0,
            root=root,
            port=port,
            login_user=login_user,
            internal_user=internal_user,
            uid=uid,
            gid=gid,
        )
    )
    if os.geteuid() == 0:
        os.chown(root, uid, gid)
        for folder in ("mail", "home", "state"):
            os.chown(root / folder, uid, gid)
    process = subprocess.Popen(  # noqa: S603 (a fixed binary and our own config)
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    server = Dovecot(
        root=root, port=port, process=process, tls_port=tls_port or 0, certificate=certificate
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"dovecot stopped at start: {output}\n{server.log()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"dovecot did not listen on port {port}: {server.log()}")
