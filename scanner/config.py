"""User configuration: ``.scanner.toml`` or ``[tool.scanner]`` in ``pyproject.toml``.

Keys (all optional)::

    rules = ["my-rules/"]        # extra rule packs (files or folders), relative to the config file
    builtin_rules = true         # load the packs shipped with the scanner
    disable = ["gambling.mention", "adult"]   # rule ids or pack ids to switch off
    fail_on = "high"             # lowest severity that makes the exit code 1
    ignore = ["vendor/**", "*.min.html"]       # path globs not to scan
    restore = "auto"             # auto: put back a replaced word when confident, else just remove the spam
                                 # mark: the same, but leave `marker` where the word is uncertain; off: just remove
    marker = "[…]"               # what 'mark' leaves in an uncertain gap
    baseline = ".scanner-baseline.json"   # accepted findings (scanner baseline create); only new ones are reported
    allow_inline = false         # honour "scanner:allow RULE" comments inside documents (off: attackers write documents)

    [[allow]]                    # allowlist: each entry needs one or more of these, all must hold
    rule = "gambling.*"          # glob on the rule id
    path = "sport/**"            # glob on the path (relative to this file's folder) or URL
    match = "(?i)bet365"         # regex searched in the matched text
    domain = "bet365.com"        # every URL in the match is on this domain or a subdomain
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError
from .findings import INJECTED_AT, Severity
from .suppression import AllowEntry, parse_allowlist

RESTORE_MODES = ("auto", "mark", "off")
_KEYS = {"rules", "builtin_rules", "disable", "fail_on", "ignore", "restore", "marker", "baseline", "allow_inline", "allow"}


@dataclass(frozen=True)
class Config:
    rule_paths: tuple[Path, ...] = ()
    builtin_rules: bool = True
    disable: frozenset[str] = frozenset()
    fail_on: Severity = INJECTED_AT
    ignore: tuple[str, ...] = ()
    restore: str = "auto"
    marker: str = "[…]"
    baseline: Path | None = None
    allow_inline: bool = False
    allowlist: tuple[AllowEntry, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        """Values given in Python are checked as the config file's are; ``str`` paths become ``Path``, a severity
        name (``"high"``) a ``Severity``. A wrong type is refused, not read as true or as letters: the string
        ``"false"`` for ``allow_inline`` would let an injection's own allow comment hide it."""
        object.__setattr__(self, "rule_paths", path_list(self.rule_paths, "rule_paths"))
        object.__setattr__(self, "disable", frozenset(_strings(self.disable, "disable")))
        object.__setattr__(self, "ignore", _strings(self.ignore, "ignore"))
        if self.baseline is not None:
            object.__setattr__(self, "baseline", as_path(self.baseline, "baseline"))
        check_restore(self.restore, "Config restore")
        for name in ("builtin_rules", "allow_inline"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"Config {name} must be True or False, not {getattr(self, name)!r}")
        if not isinstance(self.marker, str):
            raise ConfigError(f"Config marker must be a string, not {self.marker!r}")
        object.__setattr__(self, "fail_on", _severity(self.fail_on, "Config fail_on"))
        if not all(isinstance(entry, AllowEntry) for entry in _items(self.allowlist, "allowlist")):
            raise ConfigError("Config allowlist must hold AllowEntry values (see scanner.suppression.parse_allowlist)")
        object.__setattr__(self, "allowlist", tuple(self.allowlist))


def _severity(value: object, where: str) -> Severity:
    """A ``Severity``, or the name of one."""
    if isinstance(value, Severity):
        return value
    if isinstance(value, bool):  # True is 1, Severity.LOW: a switch given where a level is asked
        raise ConfigError(f"{where}: expected a severity name or level, not {value!r}")
    try:
        return Severity.parse(value) if isinstance(value, str) else Severity(value)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def check_restore(value: object, where: str) -> None:
    """Refuse a restore mode other than auto, mark or off."""
    if not isinstance(value, str) or value not in RESTORE_MODES:
        raise ConfigError(f"{where} must be one of {', '.join(RESTORE_MODES)}, not {value!r}")


def as_path(value: object, name: str) -> Path:
    """A ``Path`` from a ``str`` or path-like value; anything else is a ConfigError naming ``name``."""
    if isinstance(value, (str, os.PathLike)) and isinstance(os.fspath(value), str):
        return Path(value)
    raise ConfigError(f"{name}: expected a file or folder path, not {type(value).__name__} {value!r}")


def path_list(values: object, name: str) -> tuple[Path, ...]:
    """Paths from a list of ``str`` or path-like values (``rule_paths``, ``load_rules``' ``paths``)."""
    return tuple(as_path(value, name) for value in _items(values, name))


def _items(values: object, name: str) -> tuple[object, ...]:
    """The items of a list-like option; a lone string or path is refused (it would be read letter by letter)."""
    if isinstance(values, (str, bytes, os.PathLike)) or not isinstance(values, Iterable):
        raise ConfigError(f"{name}: expected a list, not {type(values).__name__} {values!r}")
    return tuple(values)


def _strings(values: object, name: str) -> tuple[str, ...]:
    items = _items(values, name)
    if not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{name}: expected a list of strings, not {values!r}")
    return items


def _list(table: dict, key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def parse(table: dict, where: str, base: Path) -> Config:
    """A config from a TOML table; ``where`` names it in error messages."""
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key '{sorted(unknown)[0]}' (known: {', '.join(sorted(_KEYS))})")
    fail_on = _severity(str(table.get("fail_on", str(INJECTED_AT))), f"{where}: fail_on")
    if not isinstance(table.get("marker", ""), str):
        raise ConfigError(f"{where}: marker must be a string")
    restore = table.get("restore", "auto")
    check_restore(restore, f"{where}: restore")
    builtin, allow_inline = table.get("builtin_rules", True), table.get("allow_inline", False)
    if not isinstance(builtin, bool) or not isinstance(allow_inline, bool):
        raise ConfigError(f"{where}: builtin_rules and allow_inline must be true or false")
    baseline = table.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(f"{where}: baseline must be a file path")
    return Config(
        rule_paths=tuple(base / p for p in _list(table, "rules", where)), builtin_rules=builtin,
        disable=frozenset(_list(table, "disable", where)), fail_on=fail_on, ignore=tuple(_list(table, "ignore", where)),
        restore=restore, marker=table.get("marker", "[…]"), baseline=base / baseline if baseline else None,
        allow_inline=allow_inline, allowlist=parse_allowlist(table.get("allow", []), where, base), path=None,
    )


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def load_config(explicit: Path | str | None = None, folder: Path | str | None = None) -> Config:
    """The config given, else ``.scanner.toml``, else ``pyproject.toml``'s ``[tool.scanner]`` in ``folder``."""
    folder = as_path(folder, "load_config folder") if folder is not None else Path.cwd()
    if explicit is not None:
        explicit = as_path(explicit, "load_config path")
        if explicit.is_dir():
            raise ConfigError(f"{explicit}: is a folder, not a config file")
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such config file")
        data = _read(explicit)
        table = data.get("tool", {}).get("scanner", data) if explicit.name == "pyproject.toml" else data
        return _located(parse(table, str(explicit), explicit.parent), explicit)
    dotfile = folder / ".scanner.toml"
    if dotfile.is_file():
        return _located(parse(_read(dotfile), str(dotfile), folder), dotfile)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = _read(pyproject).get("tool", {}).get("scanner")
        if isinstance(table, dict):
            return _located(parse(table, f"{pyproject} [tool.scanner]", folder), pyproject)
    return Config()


def _located(config: Config, path: Path) -> Config:
    return replace(config, path=path)
