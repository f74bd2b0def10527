"""Waiting for a server that a test or the benchmark started on 127.0.0.1 (no Django here:
the benchmark imports it before Django is set up)."""

import socket
import time


def wait_for_port(port, seconds, failure):
    """Return once something accepts connections on the port; raise RuntimeError(failure)
    after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(failure)
