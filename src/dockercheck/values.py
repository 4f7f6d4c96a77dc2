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
from collections.abc import Callable, Mapping

Check = Callable[[str], "str | None"]
# {flag name: the values given} -> (the flag to blame, message) or None
OptionSetCheck = Callable[[Mapping[str, list[str]]], "tuple[str, str] | None"]

TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_BOOL = TRUE | {"0", "f", "F", "FALSE", "false", "False"}
# Go strconv.ParseInt / ParseUint with base 0 (prefixes 0x, 0o, 0b, 0; '_' between digits)
_INT = re.compile(
    r"(?P<sign>[+-]?)(?:0[xX](?P<hex>_?[0-9a-fA-F](?:_?[0-9a-fA-F])*)|0[bB](?P<bin>_?[01](?:_?[01])*)"
    r"|0[oO](?P<oct>_?[0-7](?:_?[0-7])*)|0(?P<oct0>(?:_?[0-7])+)|(?P<dec>[0-9]+))"
)
_DIGITS = re.compile(r"[0-9]+")
# Atomic units, possessive repetition: a long run that fails at its end is not backtracked into.
_DURATION = re.compile(r"[-+]?(?:0|(?>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))++)")
# Go's strconv.ParseFloat (pflag's float64, go-units' sizes): decimal or hexadecimal,
# at least one digit before the exponent, '_' only between digits or after 0x; or
# inf, infinity, nan in any case. The digits before and after the dot are separate
# groups joined by a required dot: two digit runs side by side made a failing match
# quadratic in the length.
_D = r"[0-9](?:_?[0-9])*"
_H = r"[0-9a-fA-F](?:_?[0-9a-fA-F])*"
_GO_FLOAT = re.compile(
    rf"[+-]?(?:(?:{_D}(?:\.(?:{_D})?)?|\.{_D})(?:[eE][+-]?{_D})?"
    rf"|0[xX](?:_?{_H}(?:\.(?:{_H})?)?|\.{_H})[pP][+-]?{_D})"
)
_GO_FLOAT_SPECIAL = re.compile(r"[+-]?inf(?:inity)?|nan", re.IGNORECASE)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?[0-9]+/[0-9]+")
_ULIMIT = re.compile(r"(?P<name>[a-z]+)=(?P<soft>-?[0-9]+)(?::(?P<hard>-?[0-9]+))?")
_ULIMIT_NAMES = frozenset(
    [
        "core",
        "cpu",
        "data",
        "fsize",
        "locks",
        "memlock",
        "msgqueue",
        "nice",
        "nofile",
        "nproc",
        "rss",
        "rtprio",
        "rttime",
        "sigpending",
        "stack",
    ]
)


_BASES = {"hex": 16, "bin": 2, "oct": 8, "oct0": 8, "dec": 10}


def _int(bits: int, signed: bool) -> Callable[[str], str | None]:
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)

    def check(value: str) -> str | None:
        match = _INT.fullmatch(value)
        if not match or (not signed and match["sign"]):
            return f"{value!r} is not {'an integer' if signed else 'a non-negative integer'}"
        group = match.lastgroup or "dec"
        digits = match.group(group).replace("_", "")  # dec has no '_': "1_000" does not match
        base = _BASES[group]
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
    if _GO_FLOAT.fullmatch(value) or _GO_FLOAT_SPECIAL.fullmatch(value):
        return None
    return f"{value!r} is not a number"


def _size(value: str) -> str | None:
    """docker/go-units ``RAMInBytes`` (parseSize): "512m", "1.5GB", "2 g", "1e3"."""
    sep = len(value) - 1  # the last digit, dot or blank: the number ends there
    while sep >= 0 and value[sep] not in "0123456789. ":
        sep -= 1
    if sep < 0:
        return f"invalid size: {value!r}"
    number, suffix = (value[: sep + 1], value[sep + 1 :]) if value[sep] != " " else (value[:sep], value[sep + 1 :])
    if not _GO_FLOAT.fullmatch(number):
        return f"{number!r} is not a number (in size {value!r})"
    if number.startswith("-") and _go_float_value(number) < 0:
        return f"invalid size: {value!r}"
    suffix = suffix.lower()
    if not suffix or suffix == "b":
        return None
    if len(suffix) > 3 or suffix[0] not in "kmgtp" or suffix[1:] not in ("", "b", "ib"):
        return f"invalid suffix {suffix!r} in size {value!r} (use b, k, m, g, t or p)"
    return None


def _go_float_value(number: str) -> float:
    """The value of a number _GO_FLOAT matched: decimal, or Go's hexadecimal form (``-0x1p3``)."""
    digits = number.replace("_", "")
    return float.fromhex(digits) if "x" in digits or "X" in digits else float(digits)


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
            return f'invalid count ({count}): value must be either "all" or an integer'
    return None


def _bool(value: str) -> str | None:
    return None if value in _BOOL else f"{value!r} is not a boolean (true or false)"


def _ip(value: str) -> str | None:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return f"IP address is not correctly formatted: {value}"
    return None


_DOMAIN = re.compile(
    r"^(:?(?:[a-zA-Z0-9]|(?:[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))(:?\.(?:[a-zA-Z0-9]|(?:[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])))*)\.?\s*$"
)


def _dns_search(value: str) -> str | None:
    value = value.strip(" ")
    if value == ".":
        return None
    found = _DOMAIN.match(value)
    if not re.search(r"[a-zA-Z]", value) or not found or len(found.group(1)) >= 255:
        return f"{value} is not a valid domain"
    return None


def _extra_host(value: str) -> str | None:
    """opts.ValidateExtraHost: host:ip or host=ip (ip may be host-gateway or [v6])."""
    key, sep, address = value.partition("=")
    if not sep:
        key, sep, address = value.partition(":")
    if not sep or not key or ":" in key:
        return f"bad format for add-host: {value!r} (expected host:ip)"
    if address != "host-gateway":
        if len(address) > 2 and address[0] == "[" and address[-1] == "]":
            address = address[1:-1]
        if _ip(address):
            return f"invalid IP address in add-host: {address!r}"
    return None


def _label(value: str) -> str | None:
    key = value.partition("=")[0].lstrip(" \t\n\r\v\f")
    if not key:
        return f"invalid label {value!r}: empty name"
    if any(ch in key for ch in " \t\n\r\v\f"):
        return f"label {key!r} contains whitespaces"
    return None


def _link(value: str) -> str | None:
    if not value:
        return "empty string specified for links"
    if value.count(":") > 1:
        return f"bad format for links: {value}"
    return None


def _attach(value: str) -> str | None:
    return None if value.lower() in ("stdin", "stdout", "stderr") else "valid streams are STDIN, STDOUT and STDERR"


def _device(valid: Callable[[str], bool], error: str) -> Callable[[str], str | None]:
    """``<device-path>:<value>``: the path under /dev/, the value accepted by ``valid``.

    ``error`` is the message for a bad value, with ``{value}`` for the whole flag value.
    """

    def check(value: str) -> str | None:
        path, sep, rest = value.partition(":")
        if not sep or not path:
            return f"bad format: {value} (expected <device-path>:<value>)"
        if not path.startswith("/dev/"):
            return f"bad format for device path: {value}"
        return None if valid(rest) else error.format(value=value)

    return check


def _weight(text: str) -> bool:
    if not _DIGITS.fullmatch(text):
        return False
    weight = int(text)
    return weight == 0 or 10 <= weight <= 1000


_throttle_bps = _device(
    lambda rate: _size(rate) is None, "invalid rate for device: {value} (expected <device-path>:<number>[<unit>])"
)
_throttle_iops = _device(
    lambda rate: bool(_DIGITS.fullmatch(rate)) and int(rate) < 1 << 64,
    "invalid rate for device: {value} (expected <device-path>:<number>)",
)
_weight_device = _device(_weight, "invalid weight for device: {value} (0, or 10 to 1000)")


def _cgroup_rule(value: str) -> str | None:
    if re.fullmatch(r"[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}", value):
        return None
    return f"invalid device cgroup format {value!r}"


_SYSCTL_NAMES = frozenset(
    [
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
    ]
)


def _sysctl(value: str) -> str | None:
    key, sep, _ = value.partition("=")
    if sep and key and (key in _SYSCTL_NAMES or key.startswith(("net.", "fs.mqueue."))):
        return None
    return f"sysctl {value!r} is not allowed"


# distribution/reference v0.6 (docker 28's), as reference.ParseNormalizedNamed and
# ParseAnyReference apply it, and opencontainers/go-digest's Digest.Validate. ASCII only:
# Go's \\w is [0-9A-Za-z_].
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_REFERENCE = re.compile(
    rf"(?P<name>(?:{_HOST}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    r"(?::(?P<tag>[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}))?"
    r"(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?",
    re.ASCII,
)
_NAME = re.compile(rf"(?:{_HOST}/)?(?P<path>{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)", re.ASCII)
_IMAGE_ID = re.compile(r"[a-f0-9]{64}")
# Possessive: the parts cannot overlap, so nothing is given back, and no backtracking state piles up on a
# long value (a.a.a...: 5x faster, and no superlinear jump when memory is tight).
_DIGEST = re.compile(r"[a-z0-9]++(?:[.+_-][a-z0-9]++)*+:[a-zA-Z0-9=_-]++")
_DIGEST_HEX_LENGTH = {"sha256": 64, "sha384": 96, "sha512": 128}  # the algorithms docker's binary registers
NAME_TOTAL_LENGTH_MAX = 255


def digest_problem(value: str) -> str | None:
    """go-digest's ``Digest.Validate``: ``sha256:<64 hex>``; None when valid."""
    algorithm, sep, encoded = value.partition(":")
    if not algorithm or not sep or not encoded:
        return "invalid checksum digest format"
    if algorithm not in _DIGEST_HEX_LENGTH:
        return "unsupported digest algorithm" if _DIGEST.fullmatch(value) else "invalid checksum digest format"
    if len(encoded) != _DIGEST_HEX_LENGTH[algorithm]:
        return "invalid checksum digest length"
    return None if re.fullmatch(r"[a-f0-9]+", encoded) else "invalid checksum digest format"


def _parse(value: str) -> tuple[str, str] | None:
    """reference.Parse: (kind, message) of what is wrong, "reference" or "digest"; None when valid."""
    match = _REFERENCE.fullmatch(value)
    if match is None:
        if _REFERENCE.fullmatch(value.lower()):
            return "reference", "repository name must be lowercase"
        return "reference", "invalid reference format"
    name = _NAME.fullmatch(match["name"])
    if name is not None and len(name["path"]) > NAME_TOTAL_LENGTH_MAX:
        return "reference", f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
    if match["digest"]:
        problem = digest_problem(match["digest"])
        if problem:
            return "digest", problem
    return None


def named_reference(value: str) -> tuple[str, str] | None:
    """reference.ParseNormalizedNamed: an image name such as ``myrepo/app:1.0`` or ``app@sha256:...``.

    (kind, message): kind is "reference" (the name's format) or "digest"
    (the digest's algorithm, length or hex digits); None when docker takes it.
    """
    if _IMAGE_ID.fullmatch(value):
        return "reference", f"invalid repository name ({value}), cannot specify 64-byte hexadecimal strings"
    slash = value.find("/")
    first = value[:slash]
    if slash < 0 or (not any(ch in first for ch in ".:") and first != "localhost" and first.lower() == first):
        domain, remainder = "docker.io", value
    else:
        domain, remainder = first, value[slash + 1 :]
    if domain == "index.docker.io":
        domain = "docker.io"
    if domain == "docker.io" and "/" not in remainder:
        remainder = "library/" + remainder
    remote = remainder.partition(":")[0]
    if remote.lower() != remote:
        return "reference", f"invalid reference format: repository name ({remainder}) must be lowercase"
    return _parse(f"{domain}/{remainder}")


def any_reference(value: str) -> tuple[str, str] | None:
    """reference.ParseAnyReference: an image ID (64 hex digits, or a digest) or a name (see named_reference)."""
    if _IMAGE_ID.fullmatch(value) or (":" in value and digest_problem(value) is None):
        return None
    return named_reference(value)


def _image_reference(value: str) -> str | None:
    """An image name such as ``myrepo/app:1.0`` (``docker build -t``)."""
    problem = named_reference(value)
    if problem is None:
        return None
    message = problem[1]
    if message == "invalid reference format":
        return f"invalid reference format: {value!r} is not an image name such as repo/name:tag"
    return message


def _go_bool(value: str) -> bool | None:
    return True if value in TRUE else False if value in _BOOL else None


def _mount(value: str) -> str | None:
    """opts.MountOpt.Set: ``type=bind,source=/src,target=/dst,readonly``."""
    fields = _csv_fields(value)
    if fields is None:
        return f"{value!r} is not a comma-separated list"
    kind, target, readonly, propagation = "volume", "", False, ""
    groups: set[str] = set()  # the type-specific options used: volume, bind, image, tmpfs
    recursive = ""
    for field in fields:
        key, sep, val = field.partition("=")
        key = key.lower()
        if not sep:
            if key in ("readonly", "ro"):
                readonly = True
            elif key in ("volume-nocopy", "bind-nonrecursive"):
                groups.add(key.split("-")[0])
            else:
                return f"invalid field '{field}' must be a key=value pair"
            continue
        if key == "type":
            kind = val.lower()
        elif key in ("target", "dst", "destination"):
            target = val
        elif key in ("readonly", "ro", "bind-nonrecursive", "volume-nocopy"):
            parsed = _go_bool(val)
            if parsed is None:
                return f"invalid value for {key}: {val}"
            if key in ("readonly", "ro"):
                readonly = parsed
            else:
                groups.add(key.split("-")[0])
        elif key == "bind-propagation":
            groups.add("bind")
            propagation = val.lower()
        elif key == "bind-recursive":
            if val not in ("enabled", "disabled", "writable", "readonly"):
                return f'invalid value for {key}: {val} (must be "enabled", "disabled", "writable", or "readonly")'
            if val != "enabled":
                groups.add("bind")
            recursive = val
        elif key in ("volume-subpath", "volume-label", "volume-driver", "volume-opt"):
            groups.add("volume")
        elif key == "image-subpath":
            groups.add("image")
        elif key == "tmpfs-size":
            groups.add("tmpfs")
            if _size(val):
                return f"invalid value for {key}: {val}"
        elif key == "tmpfs-mode":
            groups.add("tmpfs")
            if not re.fullmatch(r"[0-7]+", val) or int(val, 8) >= 1 << 32:
                return f"invalid value for {key}: {val}"
        elif key not in ("source", "src", "consistency"):
            return f"unexpected key '{key}' in '{field}'"
    if not kind:
        return "type is required"
    if not target:
        return "target is required"
    for group in sorted(groups):
        if group != kind:
            return f"cannot mix '{group}-*' options with mount type '{kind}'"
    if recursive in ("writable", "readonly") and not readonly:
        return f"option 'bind-recursive={recursive}' requires 'readonly' to be specified in conjunction"
    if recursive == "readonly" and propagation != "rprivate":
        return "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction"
    return None


def _credential_spec(value: str) -> str | None:
    if value and not value.startswith(("config://", "file://", "registry://")):
        return "invalid credential spec: value must be prefixed with config://, file://, or registry://"
    return None


def _go_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Go's net.ParseIP (an IPv4-mapped IPv6 address is the IPv4 one); None when it is not an address."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _go_cidr(text: str) -> tuple[_Address, _Network] | None:
    """Go's net.ParseCIDR: (the address written, its network), host bits allowed; None when invalid."""
    address, slash, bits = text.partition("/")
    ip = _go_ip(address)
    if ip is None or not slash or not bits.isdigit() or bits != str(int(bits)):
        return None
    try:
        return ip, ipaddress.ip_network(f"{ip}/{bits}", strict=False)
    except ValueError:
        return None


class _Invalid(Exception):
    pass


def _subnet_matches(subnet: str, data: str) -> bool:
    """docker/cli's subnetMatches: does ``subnet`` (CIDR) contain ``data`` (an address or a CIDR)?"""
    network = _go_cidr(subnet)
    if network is None:
        raise _Invalid(f"invalid subnet: invalid CIDR address: {subnet}")
    ip: _Address | None
    if "/" in data:
        parsed = _go_cidr(data)
        if parsed is None:
            raise _Invalid(f"invalid CIDR address: {data}")
        ip = parsed[0]
    else:
        ip = _go_ip(data)
    return ip is not None and ip.version == network[1].version and ip in network[1]


def network_ipam(subnets: list[str], ranges: list[str], gateways: list[str], aux: list[tuple[str, str]]) -> str | None:
    """docker/cli's createIPAMConfig (``docker network create``): what it rejects before the daemon.

    Every range and gateway needs a subnet; subnets may not overlap; each
    range, gateway and auxiliary address must lie in a subnet, one range and
    one gateway per subnet.
    """
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        return "every ip-range or gateway must have a corresponding subnet"
    try:
        seen: list[str] = []
        for subnet in subnets:
            for other in seen:
                if _subnet_matches(subnet, other) or _subnet_matches(other, subnet):
                    return "multiple overlapping subnet configuration is not supported"
            seen.append(subnet)
        for what, items in (("range", ranges), ("gateway", gateways)):
            taken: dict[str, str] = {}
            for item in items:
                match = False
                for subnet in subnets:
                    if not _subnet_matches(subnet, item):
                        continue
                    if subnet in taken:
                        plural = "ranges" if what == "range" else "gateways"
                        place = "on" if what == "range" else "for"
                        both = f"({item}, {taken[subnet]})"
                        return f"cannot configure multiple {plural} {both} {place} the same subnet ({subnet})"
                    taken[subnet] = item
                    match = True
                if not match:
                    return f"no matching subnet for {what} {item}"
        for _, address in dict(aux).items():
            if not any(_subnet_matches(subnet, address) for subnet in subnets):
                return f"no matching subnet for aux-address {address}"
    except _Invalid as error:
        return str(error)
    return None


def _list_values(values: list[str]) -> list[str]:
    """pflag's stringSlice: each value is a CSV line, its fields appended."""
    out: list[str] = []
    for value in values:
        out.extend(_csv_fields(value) or ([value] if value else []))
    return out


def _network_create(given: Mapping[str, list[str]]) -> tuple[str, str] | None:
    """(the flag to blame, what docker says) for the IPAM flags of ``docker network create``."""
    aux = [(key, value) for key, _, value in (item.partition("=") for item in given.get("aux-address", []))]
    problem = network_ipam(
        _list_values(given.get("subnet", [])),
        _list_values(given.get("ip-range", [])),
        _list_values(given.get("gateway", [])),
        aux,
    )
    if problem is None:
        return None
    blame = next((name for word, name in _BLAME if word in problem), "subnet")
    return blame, problem


_BLAME = (("aux-address", "aux-address"), ("gateway", "gateway"), ("range", "ip-range"))

# Checks docker makes on several flags of a command together, before the daemon: (canonical path)
# -> check of {flag name: values given} -> (the flag to blame, message) or None.
OPTION_SET_CHECKS: dict[tuple[str, ...], OptionSetCheck] = {
    ("network", "create"): _network_create,
}


# Flags whose values docker validates while parsing, by command (canonical path).
_CONTAINER = (("container", "run"), ("container", "create"))
FLAG_CHECKS: dict[tuple[tuple[str, ...], str], Callable[[str], str | None]] = {
    **{(path, "attach"): _attach for path in _CONTAINER},
    **{(path, "blkio-weight-device"): _weight_device for path in _CONTAINER},
    **{(path, name): _throttle_bps for path in _CONTAINER for name in ("device-read-bps", "device-write-bps")},
    **{(path, name): _throttle_iops for path in _CONTAINER for name in ("device-read-iops", "device-write-iops")},
    **{(path, "device-cgroup-rule"): _cgroup_rule for path in _CONTAINER},
    **{(path, "sysctl"): _sysctl for path in _CONTAINER},
    **{(path, "link"): _link for path in (*_CONTAINER, ("network", "connect"))},
    **{(path, "dns"): _ip for path in (*_CONTAINER, ("service", "create"))},
    **{(path, "dns-search"): _dns_search for path in (*_CONTAINER, ("service", "create"))},
    **{(path, "add-host"): _extra_host for path in (*_CONTAINER, ("image", "build"))},
    (("service", "create"), "host"): _extra_host,
    **{
        (path, "label"): _label
        for path in (
            *_CONTAINER,
            ("image", "build"),
            ("network", "create"),
            ("volume", "create"),
            ("secret", "create"),
            ("config", "create"),
            ("service", "create"),
        )
    },
    (("service", "create"), "container-label"): _label,
    (("image", "build"), "tag"): _image_reference,
    # buildx rejects the same names before it builds anything (build/opt.go:414 in v0.36.1,
    # `invalid tag`), once its builder is resolved: a real mistake either way.
    (("buildx", "build"), "tag"): _image_reference,
}

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
    "mount": _mount,
    "credential-spec": _credential_spec,
}

# Flags whose value type accepts more than the type word says.
_SWAP = frozenset({"memory-swap"})  # docker's MemSwapBytes: "-1" means unlimited


def check(
    option_name: str,
    value_type: str | None,
    value: str,
    command: tuple[str, ...] = (),
    flag_checks: Mapping[tuple[tuple[str, ...], str], Check] | None = None,
) -> str | None:
    """The reason the parser would reject ``value`` for this flag of ``command`` (canonical path), or None.

    ``flag_checks``: the program's checks by (command, flag) (its profile's; default: docker's).
    """
    table = FLAG_CHECKS if flag_checks is None else flag_checks
    checker = table.get((command, option_name)) or CHECKS.get(value_type or "bool")
    if checker is None:
        return None
    if option_name in _SWAP and value == "-1":
        return None
    return checker(value)
