"""The coded variables of each record kind, as reviewers see and edit them.

A :class:`Variable` names one coded value of a record (``event_type``,
``location.country_iso3``, ``topics`` …), how a form shows it and how its value is
read from and written back into a record.  Values travel as JSON-ready Python values
(``record.model_dump(mode="json")`` form); writing goes back through the pydantic
model, so a bad value is refused with the model's own message.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from typing import Any

from isd import model as m


@dataclass(frozen=True)
class Variable:
    name: str  # dotted path into the record's JSON form, e.g. "location.country_iso3"
    widget: str  # code | text | date | int | float | bool | set | json
    choices: tuple[str, ...] = ()
    required: bool = False
    # how the reliability page compares two coders' values: nominal | binary_set | party_set | none
    reliability: str = "nominal"

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").replace(".", " › ")


def _codes(lit: Any) -> tuple[str, ...]:
    return tuple(typing.get_args(lit))


V = Variable
_DATE_PREC = V("date_precision", "code", _codes(m.DatePrecision), True, "none")
_AGENCY = V("chinese_agency", "code", _codes(m.Agency), True)
_TOPICS = V("topics", "set", _codes(m.Topic), reliability="binary_set")
_NOTES = V("notes", "text", reliability="none")

VARIABLES: dict[str, tuple[Variable, ...]] = {
    "event": (
        V("date", "date"), V("date_end", "date", reliability="none"), _DATE_PREC,
        V("event_type", "code", _codes(m.EventType), True),
        V("mode", "code", _codes(m.Mode), True),
        V("multilateral_context", "text", reliability="none"),
        V("mechanism_id", "text"),
        V("location.city", "text", reliability="none"),
        V("location.country_iso3", "text"),
        V("chinese_side", "json", reliability="none"),
        V("counterparts", "json", reliability="party_set"),
        _TOPICS,
        V("agreements", "json", reliability="none"),
        _NOTES,
    ),
    "agreement": (
        V("date", "date"), _DATE_PREC,
        V("format", "code", _codes(m.AgreementFormat), True),
        V("doc_type", "code", _codes(m.DocType), True),
        V("title_zh", "text", reliability="none"), V("title_en", "text", reliability="none"),
        V("parties", "json", reliability="party_set"),
        V("chinese_signatory", "json", reliability="none"),
        V("counterpart_signatory", "json", reliability="none"),
        V("signer_is_mps", "bool", required=True),
        _AGENCY, _TOPICS,
        V("status", "code", _codes(m.AgreementStatus), True),
        V("status_date", "date", reliability="none"), V("status_reason", "text", reliability="none"),
        V("full_text_available", "bool", required=True, reliability="none"),
        V("event_id", "text", reliability="none"),
        _NOTES,
    ),
    "training": (
        V("date", "date"), V("date_end", "date", reliability="none"), _DATE_PREC,
        V("recipients", "json", reliability="party_set"),
        _AGENCY,
        V("host_institution", "text", reliability="none"),
        V("location.city", "text", reliability="none"), V("location.country_iso3", "text"),
        V("trainees", "int"), V("subject", "text", reliability="none"), _TOPICS,
        V("event_id", "text", reliability="none"), _NOTES,
    ),
    "assistance": (
        V("date", "date"), _DATE_PREC,
        V("recipient", "json", required=True, reliability="party_set"),
        _AGENCY, V("items", "text", reliability="none"), V("value", "float"), V("currency", "text"),
        _TOPICS, V("event_id", "text", reliability="none"), _NOTES,
    ),
    "mechanism": (
        V("name_en", "text", required=True, reliability="none"), V("name_zh", "text", reliability="none"),
        V("organization", "text"), V("host_agency", "code", _codes(m.Agency)),
        V("sessions", "json", reliability="none"), _NOTES,
    ),
    "presence": (
        V("presence_type", "code", _codes(m.PresenceType), True),
        V("country_iso3", "text", required=True), V("city", "text", reliability="none"),
        _AGENCY, V("start_date", "date"), V("end_date", "date"),
        V("status", "code", _codes(m.PresenceStatus), True),
        V("history", "json", reliability="none"), V("description", "text", reliability="none"), _NOTES,
    ),
}

REVIEW_KINDS = tuple(VARIABLES)


class ValueProblem(ValueError):
    """A value typed by a coder cannot be used; the message names the variable."""


def variables(kind: str) -> tuple[Variable, ...]:
    try:
        return VARIABLES[kind]
    except KeyError:
        raise ValueProblem(f"unknown record kind {kind!r}; expected one of {', '.join(REVIEW_KINDS)}") from None


def variable(kind: str, name: str) -> Variable:
    for v in variables(kind):
        if v.name == name:
            return v
    raise ValueProblem(f"{kind} has no variable {name!r}; variables: {', '.join(v.name for v in variables(kind))}")


def get_value(data: dict[str, Any], name: str) -> Any:
    cur: Any = data
    for part in name.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def set_value(data: dict[str, Any], name: str, value: Any) -> None:
    parts = name.split(".")
    cur = data
    for part in parts[:-1]:
        if not isinstance(cur.get(part), dict):
            cur[part] = {}
        cur = cur[part]
    cur[parts[-1]] = value


def empty_value(var: Variable) -> Any:
    if var.widget in ("set",) or (var.widget == "json" and var.name not in ("recipient", "chinese_signatory", "counterpart_signatory")):
        return []
    if var.widget == "json":
        return {}
    if var.widget == "bool":
        return False
    return None


def record_values(record: Any) -> dict[str, Any]:
    """{variable name: value} of a record (JSON-ready)."""
    data = record.model_dump(mode="json")
    return {v.name: get_value(data, v.name) for v in variables(record.kind)}


def apply_values(record: Any, values: dict[str, Any]) -> Any:
    """A copy of ``record`` with ``values`` set; raises ValueProblem naming the bad variable."""
    from pydantic import ValidationError

    data = record.model_dump(mode="json")
    for name, value in values.items():
        variable(record.kind, name)
        set_value(data, name, value)
    try:
        return type(record).model_validate(data)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            msgs.append(f"{loc}: {err['msg']}")
        raise ValueProblem(f"{record.kind} {record.id}: " + "; ".join(msgs)) from None


def parse_form_value(var: Variable, raw: list[str]) -> Any:
    """Turn what a form sent for one variable into a value, or raise ValueProblem."""
    raw = [r for r in raw if r is not None]
    if var.widget == "set":
        bad = [r for r in raw if r not in var.choices]
        if bad:
            raise ValueProblem(f"{var.name}: unknown code(s) {', '.join(bad)}")
        return list(dict.fromkeys(raw))
    text = raw[-1].strip() if raw else ""
    if var.widget == "json":
        if not text:
            return empty_value(var)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueProblem(f"{var.name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not text:
        if var.required and var.widget != "bool":
            raise ValueProblem(f"{var.name} is required")
        return empty_value(var)
    if var.widget == "code":
        if text not in var.choices:
            raise ValueProblem(f"{var.name}: {text!r} is not one of {', '.join(var.choices)}")
        return text
    if var.widget == "bool":
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueProblem(f"{var.name}: {text!r} is not yes/no")
    if var.widget == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueProblem(f"{var.name}: {text!r} is not a whole number") from None
    if var.widget == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueProblem(f"{var.name}: {text!r} is not a number") from None
    if var.name.endswith("country_iso3"):
        text = text.upper()
    return text


def form_text(var: Variable, value: Any) -> str:
    """A value as the text a form field shows."""
    if value is None:
        return ""
    if var.widget == "json":
        return json.dumps(value, ensure_ascii=False, indent=1)
    if var.widget == "bool":
        return "yes" if value else "no"
    return str(value)


def display(value: Any) -> str:
    """A value for reading (tables, diffs)."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return ", ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def party_key(value: Any) -> str:
    """Canonical form of a party list (counterparts / parties / recipients / recipient)."""
    items = value if isinstance(value, list) else ([value] if isinstance(value, dict) else [])
    keys = sorted({(x.get("country_iso3") or x.get("organization") or "?") for x in items if isinstance(x, dict)})
    return "+".join(keys)
