"""pytest: the shared fixtures of every test, in tests/ and in the apps' tests/ folders."""

pytest_plugins = ["tests.fixtures"]
