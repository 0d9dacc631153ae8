"""Fixtures shared by test modules."""

import pytest

from kg import neo4j_server


@pytest.fixture(scope="session")
def neo4j():
    """A real Neo4j (tools/neo4j, built by scripts/setup.sh) on a free loopback
    port, started once for the test run and stopped at its end; it also dies
    with the run (its standard input is the lifeline)."""
    server = neo4j_server.start()
    yield server
    server.stop()
