"""A Neo4j on loopback for users with Java but no server, and for the tests:
the launcher of tools/neo4j (Neo4j's in-process harness, Bolt only, no
authentication), built by scripts/setup.sh."""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parent.parent / "tools" / "neo4j" / "target" / "neo4j-launcher.jar"
STOP_SECONDS = 60  # a clean shutdown takes a few seconds
JAVA_OPTIONS = ("-Xmx1g",)  # the harness needs ~480 MB; Java's default heap is a quarter of RAM


class LauncherMissing(RuntimeError):
    pass


@dataclass
class Server:
    process: subprocess.Popen
    uri: str

    def stop(self) -> None:
        """Close the database and end the process (the lifeline first, then a signal)."""
        if self.process.stdin:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=STOP_SECONDS)
                return
            except subprocess.TimeoutExpired:
                pass
        self.process.terminate()  # the launcher's shutdown hook closes the database
        self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int | None = None, directory: Path | None = None, lifeline: bool = True) -> Server:
    """Start the launcher and wait until Bolt accepts connections. With
    ``lifeline`` it also stops when this process goes away (its standard
    input closes)."""
    if not LAUNCHER.exists():
        raise LauncherMissing(f"no Neo4j launcher at {LAUNCHER}: run scripts/setup.sh "
                              "(needs Java 17 and Maven)")
    arguments = [str(port or free_port())]
    if directory is not None:
        arguments.append(str(directory))
    if lifeline:
        arguments.append("--stdin-lifeline")
    process = subprocess.Popen(
        ["java", *JAVA_OPTIONS, "-jar", str(LAUNCHER), *arguments],
        stdin=subprocess.PIPE if lifeline else subprocess.DEVNULL, stdout=subprocess.PIPE,
        text=True)
    line = process.stdout.readline().strip()  # printed once Bolt is up
    if not line.startswith("bolt://"):
        process.kill()
        raise RuntimeError(f"the Neo4j launcher did not start (exit code {process.wait()})")
    return Server(process, line)
