"""A cohort's ``settings.json``: its code, its smallest group size and how long it keeps data."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import privacy

SETTINGS_SCHEMA = 1
SETTINGS_NAME = "settings.json"
#: The same rule as the welcome notebook's group code field.
COHORT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
DEFAULT_KEEP_DAYS = privacy.DEFAULT_KEEP_DAYS
#: At most ten years: a longer time is a mistake (a typo), not a choice.
MAX_KEEP_DAYS = 3660
_FIELDS = ("schema", "code", "min_group", "created", "keep_days")


class SettingsError(ValueError):
    """settings.json is missing a field, or a value is not allowed; the message says which."""


def check_code(code: Any) -> str:
    if not isinstance(code, str) or not COHORT_CODE.fullmatch(code):
        raise SettingsError(
            f"{code!r} is not a cohort code: use letters, numbers, - and _ only, up to 40, "
            "starting with a letter or number (for example SPRING-26).")
    return code


@dataclass(frozen=True)
class CohortSettings(Mapping):
    """Read like a dict too (``settings["min_group"]``), so either style works."""

    code: str | None
    min_group: int = privacy.DEFAULT_MIN_GROUP
    created: str | None = None
    keep_days: int = DEFAULT_KEEP_DAYS

    def __getitem__(self, key: str) -> Any:
        if key not in ("code", "min_group", "created", "keep_days"):
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(("code", "min_group", "created", "keep_days"))

    def __len__(self) -> int:
        return 4

    def to_json(self) -> dict[str, Any]:
        return {"schema": SETTINGS_SCHEMA, "code": self.code, "min_group": self.min_group,
                "created": self.created, "keep_days": self.keep_days}

    def with_min_group(self, min_group: int) -> CohortSettings:
        return CohortSettings(self.code, min_group, self.created, self.keep_days)


def new_settings(code: str, min_group: int = privacy.DEFAULT_MIN_GROUP,
                 keep_days: int = DEFAULT_KEEP_DAYS) -> CohortSettings:
    try:
        min_group = privacy.check_min_group(min_group)
    except privacy.PrivacyError as exc:
        raise SettingsError(str(exc)) from None
    return CohortSettings(check_code(code), min_group, dt.date.today().isoformat(),
                          _check_keep_days(keep_days))


def _check_keep_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_KEEP_DAYS:
        raise SettingsError(f"keep_days should be a number of days from 1 to {MAX_KEEP_DAYS}, "
                            f"not {value!r}")
    return value


def parse_settings(raw: bytes | str | Mapping) -> CohortSettings:
    """Validate the contents of a settings.json."""
    if isinstance(raw, (bytes, str)):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise SettingsError(f"settings.json is not valid JSON ({exc})") from None
    if not isinstance(raw, Mapping):
        raise SettingsError("settings.json should hold a JSON object")
    extra = sorted(set(raw) - set(_FIELDS))
    if extra:
        raise SettingsError(f"settings.json has fields this kit does not know: {extra}")
    if raw.get("schema") != SETTINGS_SCHEMA:
        raise SettingsError(
            f"settings.json has schema {raw.get('schema')!r}; this kit reads {SETTINGS_SCHEMA}")
    try:
        min_group = privacy.check_min_group(raw.get("min_group"))
    except privacy.PrivacyError as exc:
        raise SettingsError(f"settings.json: {exc}") from None
    created = raw.get("created")
    if created is not None:
        try:
            dt.date.fromisoformat(created)
        except (TypeError, ValueError):
            raise SettingsError(
                f"settings.json: 'created' should be a date, not {created!r}") from None
    keep_days = _check_keep_days(raw.get("keep_days", DEFAULT_KEEP_DAYS))
    return CohortSettings(check_code(raw.get("code")), min_group, created, keep_days)
