"""calbot: run Cal.com bookings from Slack."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("calbot")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
