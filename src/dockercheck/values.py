"""Checks that docker's flag parser applies to a flag's value, by type word.

pflag and docker's option types reject a malformed value while parsing the
command line (``invalid argument "abc" for "-m, --memory" flag``), before
any daemon is contacted; so a wrong value is a syntax error like an unknown
flag. Only the types whose parsing can fail are listed; every other type
(``string``, ``list``, ``map``...) accepts any text.
"""

from __future__ import annotations

import csv
import ipaddress
import re
from typing import Callable

TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_BOOL = TRUE | {"0", "f", "F", "FALSE", "false", "False"}
# Go strconv.ParseInt / ParseUint with base 0 (prefixes 0x, 0o, 0b, 0; '_' between digits)
_INT = re.compile(
    r"(?P<sign>[+-]?)(?:0[xX](?P<hex>_?[0-9a-fA-F](?:_?[0-9a-fA-F])*)|0[bB](?P<bin>_?[01](?:_?[01])*)"
    r"|0[oO](?P<oct>_?[0-7](?:_?[0-7])*)|0(?P<oct0>(?:_?[0-7])+)|(?P<dec>[0-9]+))"
)
_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9](?:_?[0-9])*)?\.?[0-9]*(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)", re.IGNORECASE
)
_DURATION = re.compile(r"[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)")
# Go's strconv.ParseFloat for what can end in a digit or a dot (decimal and hex forms)
_GO_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9](?:_?[0-9])*)?\.?(?:[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9]+)?"
    r"|0[xX](?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?\.?[0-9a-fA-F]*[pP][+-]?[0-9]+)"
)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?[0-9]+/[0-9]+")
_ULIMIT = re.compile(r"(?P<name>[a-z]+)=(?P<soft>-?[0-9]+)(?::(?P<hard>-?[0-9]+))?")
_ULIMIT_NAMES = frozenset(
    "core cpu data fsize locks memlock msgqueue nice nofile nproc rss rtprio rttime sigpending stack".split()
)


def _int(bits: int, signed: bool) -> Callable[[str], str | None]:
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)

    def check(value: str) -> str | None:
        match = _INT.fullmatch(value)
        if not match or (not signed and match["sign"]):
            return f"{value!r} is not {'an integer' if signed else 'a non-negative integer'}"
        digits = match.group(match.lastgroup or "dec").replace("_", "")
        base = {"hex": 16, "bin": 2, "oct": 8, "oct0": 8}.get(match.lastgroup or "", 10)
        if "_" in value and base == 10:
            return f"{value!r} is not an integer"
        number = int(digits, base) * (-1 if match["sign"] == "-" else 1)
        if not low <= number <= high:
            return f"{value!r} is out of range ({low} to {high})"
        return None

    return check


def _regex(pattern: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if pattern.fullmatch(value) else f"{value!r} is not {what}"

    return check


def _float(value: str) -> str | None:
    if _FLOAT.fullmatch(value) and any(ch.isdigit() for ch in value) or value.lower().strip("+-") in (
        "inf",
        "infinity",
        "nan",
    ):
        return None
    return f"{value!r} is not a number"


def _size(value: str) -> str | None:
    """docker/go-units ``RAMInBytes`` (parseSize): "512m", "1.5GB", "2 g", "1e3"."""
    sep = max(value.rfind(ch) for ch in "0123456789. ")
    if sep < 0:
        return f"invalid size: {value!r}"
    number, suffix = (value[: sep + 1], value[sep + 1 :]) if value[sep] != " " else (value[:sep], value[sep + 1 :])
    if not _GO_FLOAT.fullmatch(number) or not any(ch.isdigit() for ch in number):
        return f"{number!r} is not a number (in size {value!r})"
    if number.lstrip().startswith("-") and float(number.replace("_", "") or 0) < 0:
        return f"invalid size: {value!r}"
    suffix = suffix.lower()
    if not suffix or suffix == "b":
        return None
    if len(suffix) > 3 or suffix[0] not in "kmgtp" or suffix[1:] not in ("", "b", "ib"):
        return f"invalid suffix {suffix!r} in size {value!r} (use b, k, m, g, t or p)"
    return None


def _filter(value: str) -> str | None:
    if value and "=" not in value:
        return f"bad format of filter {value!r} (expected name=value)"
    return None


def _csv_fields(value: str) -> list[str] | None:
    try:
        return next(csv.reader([value]), [])
    except csv.Error:
        return None


def _key_values(value: str) -> str | None:
    if not value:
        return None
    fields = _csv_fields(value)
    if fields is None:
        return f"{value!r} is not a comma-separated list"
    for item in fields:
        if "=" not in item:
            return f"{item!r} must be formatted as key=value"
    return None


def _ip_nets(value: str) -> str | None:
    for item in filter(None, (_csv_fields(value) or [value])):
        try:
            ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            return f"{item!r} is not an IP network in CIDR notation"
    return None


def _ulimit(value: str) -> str | None:
    match = _ULIMIT.fullmatch(value)
    if not match or match["name"] not in _ULIMIT_NAMES:
        return f"invalid ulimit argument {value!r} (expected name=soft[:hard], e.g. nofile=1024:2048)"
    if match["hard"] is not None and int(match["soft"]) > int(match["hard"]) >= 0:
        return f"ulimit soft limit must be less than or equal to hard limit: {value!r}"
    return None


def _gpus(value: str) -> str | None:
    fields = _csv_fields(value)
    if fields is None:
        return f"{value!r} is not a valid GPU request"
    if len(fields) == 1 and "=" not in fields[0]:
        count = fields[0]
        if count != "all" and not re.fullmatch(r"-?[0-9]+", count):
            return f"invalid count ({count}): value must be either \"all\" or an integer"
    return None


def _bool(value: str) -> str | None:
    return None if value in _BOOL else f"{value!r} is not a boolean (true or false)"


CHECKS: dict[str, Callable[[str], str | None]] = {
    "bool": _bool,
    "int": _int(64, True),
    "int64": _int(64, True),
    "int32": _int(32, True),
    "uint": _int(64, False),
    "uint64": _int(64, False),
    "uint32": _int(32, False),
    "uint16": _int(16, False),
    "uint8": _int(8, False),
    "float": _float,
    "float64": _float,
    "duration": _regex(_DURATION, "a duration such as 30s, 5m or 1h30m"),
    "bytes": _size,
    "decimal": _regex(_DECIMAL, "a decimal number such as 1.5"),
    "filter": _filter,
    "stringToString": _key_values,
    "ipNetSlice": _ip_nets,
    "ulimit": _ulimit,
    "gpu-request": _gpus,
}

# Flags whose value type accepts more than the type word says.
_SWAP = frozenset({"memory-swap"})  # docker's MemSwapBytes: "-1" means unlimited


def check(option_name: str, value_type: str | None, value: str) -> str | None:
    """The reason docker would reject ``value`` for this flag, or None."""
    checker = CHECKS.get(value_type or "bool")
    if checker is None:
        return None
    if option_name in _SWAP and value == "-1":
        return None
    return checker(value)
