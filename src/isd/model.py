"""The typed records of CODEBOOK §2–4.

Every record type is a pydantic model.  The fixed code lists of the codebook are
``Literal`` types here; the reference data in :mod:`isd.codebook` must agree with
them (a test checks it).  Records carry their provenance: sources, evidence spans,
the coder and the review status (CODEBOOK §8).

Design rules
- A record's ``id`` is stable and chosen by whoever creates it (extractor, importer,
  coder).  Importing the same record twice is a no-op, not a duplicate.
- Interactions (event × foreign party) are *derived* from events by
  :func:`interactions`; they are never stored.
- Nothing here touches the database or the file system.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any, Iterator, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

# --- fixed code lists (CODEBOOK §1, §3, §4, §5, §6, §8) -----------------------------

Agency = Literal["MPS", "MSS", "CPLC", "MFA", "provincial_psb", "embassy", "other"]
ChineseRank = Literal[
    "minister", "executive_vice_minister", "vice_minister", "assistant_minister", "cplc_head", "other"
]
EventType = Literal[
    "bilateral_meeting",
    "sideline_bilateral",
    "multilateral_meeting",
    "agreement_signing",
    "training",
    "material_assistance",
    "forum",
    "other",
]
Mode = Literal["in_person", "video", "phone"]
AgencyType = Literal[
    "interior_home_affairs",
    "public_security",
    "state_security",
    "national_police",
    "justice",
    "prosecutor",
    "immigration_border",
    "narcotics",
    "intelligence",
    "foreign_affairs",
    "head_of_government",
    "international_org",
    "other",
]
RankLevel = Literal["ministerial", "vice_ministerial", "other", "unknown"]
Topic = Literal[
    "social_stability",
    "transnational_crime",
    "counterdrug",
    "telecom_fraud",
    "counterterrorism",
    "overseas_interests_bri",
    "capacity_building",
    "event_security",
    "cybercrime",
    "financial_crime_gambling",
    "human_trafficking",
    "immigration_border",
    "generic",
]
DocType = Literal[
    "protocol",
    "accord",
    "mou",
    "meeting_minutes",
    "joint_statement",
    "letter_of_intent",
    "exchange_of_notes",
    "handover_document",
    "cooperation_plan",
    "action_plan",
    "outcomes_list",
    "cooperation_document",
    "other",
]
Region = Literal[
    "southeast_asia",
    "east_asia",
    "south_asia",
    "central_asia",
    "eastern_europe_caucasus",
    "europe",
    "middle_east_north_africa",
    "sub_saharan_africa",
    "latin_america_caribbean",
    "pacific_islands",
    "north_america",
    "oceania_other",
]
# CODEBOOK §8 lists candidate, coded, double_coded, adjudicated.  We add ``rejected``:
# a rejected candidate is kept (nothing is deleted without trace) but never released.
ReviewStatus = Literal["candidate", "coded", "double_coded", "adjudicated", "rejected"]
REVIEWED_STATUSES: frozenset[str] = frozenset({"coded", "double_coded", "adjudicated"})
DatePrecision = Literal["day", "month", "year"]
AgreementFormat = Literal["bilateral", "multilateral"]
PartnerStatus = Literal["new", "repeat"]
AgreementStatus = Literal["active", "defunct", "unknown"]
PresenceType = Literal[
    "joint_patrols",
    "overseas_police_station",
    "police_deployment",
    "liaison_officer",
    "advisory_team",
    "security_facility",
]
PresenceStatus = Literal["reported", "active", "ended", "closed", "denied", "unknown"]

ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Model(BaseModel):
    """Base: strict about unknown fields, so a typo in an import is an error."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- provenance ---------------------------------------------------------------------


class Source(Model):
    """One published item (CODEBOOK §2.1)."""

    id: str
    url: str | None = None
    publisher: str | None = None
    language: str | None = None
    title: str | None = None
    published: dt.date | None = None
    retrieved: dt.datetime | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    archive_url: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    document_id: str | None = None
    notes: str | None = None

    @staticmethod
    def make_id(url: str) -> str:
        return "src_" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


class Evidence(Model):
    """The span of source text that supports one coded value (CODEBOOK §3, §8)."""

    field: str  # e.g. "date", "counterparts[0].country_iso3", "topics.counterdrug"
    source_id: str | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    text: str | None = None
    rule: str | None = None
    coder: str | None = None  # a person's user name, or "isd-extract/<version>"
    coded_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _span_order(self) -> "Evidence":
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"evidence span end {self.end} is before start {self.start}")
        return self


class Location(Model):
    city: str | None = None
    country_iso3: ISO3 | None = None


class ChineseParticipant(Model):
    name_en: str | None = None
    name_zh: str | None = None
    title: str | None = None
    agency: Agency = "MPS"
    rank: ChineseRank | None = None
    official_id: str | None = None


class Counterpart(Model):
    """One foreign party: a country's body or an international organization."""

    country_iso3: ISO3 | None = None
    organization: str | None = None
    name: str | None = None
    title: str | None = None
    agency: str | None = None
    agency_type: AgencyType | None = None
    rank_level: RankLevel = "unknown"

    @model_validator(mode="after")
    def _party(self) -> "Counterpart":
        if not self.country_iso3 and not self.organization:
            raise ValueError("a counterpart needs country_iso3 or organization")
        return self

    @property
    def party(self) -> str:
        """The foreign party key: ISO3 for a country, else the organization id."""
        return self.country_iso3 or str(self.organization)


class Record(Model):
    """Fields every coded record shares."""

    id: str
    sources: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    review_status: ReviewStatus = "candidate"
    coder: str | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    notes: str | None = None
    version: int = Field(default=1, ge=1)  # optimistic locking counter

    @field_validator("sources")
    @classmethod
    def _unique_sources(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))


def _topics_ok(v: list[str]) -> list[str]:
    out = list(dict.fromkeys(v))
    if "generic" in out and len(out) > 1:
        out.remove("generic")
    return out


Topics = Annotated[list[Topic], AfterValidator(_topics_ok)]


class Event(Record):
    """One occasion on one date at one place (CODEBOOK §2.2, §3)."""

    kind: Literal["event"] = "event"
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision = "day"
    event_type: EventType
    multilateral_context: str | None = None
    mechanism_id: str | None = None
    mode: Mode = "in_person"
    location: Location = Field(default_factory=Location)
    chinese_side: list[ChineseParticipant] = Field(default_factory=list)
    counterparts: list[Counterpart] = Field(default_factory=list)
    topics: Topics = Field(default_factory=list)
    agreements: list[str] = Field(default_factory=list)

    @property
    def agency(self) -> str | None:
        """The lead Chinese agency (first listed participant)."""
        return self.chinese_side[0].agency if self.chinese_side else None


class Signatory(Model):
    name: str | None = None
    title: str | None = None
    agency: str | None = None
    rank: ChineseRank | None = None
    agency_type: AgencyType | None = None
    rank_level: RankLevel | None = None
    official_id: str | None = None


class Party(Model):
    country_iso3: ISO3 | None = None
    organization: str | None = None

    @model_validator(mode="after")
    def _party(self) -> "Party":
        if not self.country_iso3 and not self.organization:
            raise ValueError("a party needs country_iso3 or organization")
        return self

    @property
    def key(self) -> str:
        return self.country_iso3 or str(self.organization)


class Agreement(Record):
    """One signed cooperation document (CODEBOOK §2.4, §4)."""

    kind: Literal["agreement"] = "agreement"
    date: dt.date | None = None
    date_precision: DatePrecision = "day"
    parties: list[Party] = Field(default_factory=list)
    format: AgreementFormat = "bilateral"
    chinese_signatory: Signatory = Field(default_factory=Signatory)
    counterpart_signatory: Signatory = Field(default_factory=Signatory)
    signer_is_mps: bool = True
    chinese_agency: Agency = "MPS"
    title_zh: str | None = None
    title_en: str | None = None
    doc_type: DocType = "cooperation_document"
    topics: Topics = Field(default_factory=list)
    status: AgreementStatus = "unknown"
    status_date: dt.date | None = None
    status_reason: str | None = None
    full_text_available: bool = False
    event_id: str | None = None


class Training(Record):
    """A course or programme in which the Chinese side trains foreign personnel (§2.5)."""

    kind: Literal["training"] = "training"
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision = "day"
    recipients: list[Party] = Field(default_factory=list)
    chinese_agency: Agency = "MPS"
    host_institution: str | None = None
    location: Location = Field(default_factory=Location)
    trainees: int | None = Field(default=None, ge=0)
    subject: str | None = None
    topics: Topics = Field(default_factory=list)
    event_id: str | None = None


class Assistance(Record):
    """Material assistance: equipment, vehicles, facilities (§2.6)."""

    kind: Literal["assistance"] = "assistance"
    date: dt.date | None = None
    date_precision: DatePrecision = "day"
    recipient: Party
    chinese_agency: Agency = "MPS"
    items: str | None = None
    value: float | None = Field(default=None, ge=0)
    currency: str | None = None
    topics: Topics = Field(default_factory=list)
    event_id: str | None = None


class MechanismSession(Model):
    id: str
    name: str
    date: dt.date | None = None
    date_end: dt.date | None = None
    location: Location = Field(default_factory=Location)


class Mechanism(Record):
    """A recurring platform and its sessions (§2.7)."""

    kind: Literal["mechanism"] = "mechanism"
    name_en: str
    name_zh: str | None = None
    organization: str | None = None
    host_agency: Agency | None = None
    sessions: list[MechanismSession] = Field(default_factory=list)


class StatusChange(Model):
    date: dt.date | None = None
    status: PresenceStatus
    note: str | None = None


class Presence(Record):
    """A standing Chinese security presence abroad (§2.8)."""

    kind: Literal["presence"] = "presence"
    presence_type: PresenceType
    country_iso3: ISO3
    city: str | None = None
    chinese_agency: Agency = "MPS"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: PresenceStatus = "unknown"
    history: list[StatusChange] = Field(default_factory=list)
    description: str | None = None


AnyRecord = Union[Event, Agreement, Training, Assistance, Mechanism, Presence]
RECORD_TYPES: dict[str, type[Record]] = {
    "event": Event,
    "agreement": Agreement,
    "training": Training,
    "assistance": Assistance,
    "mechanism": Mechanism,
    "presence": Presence,
}


class Interaction(Model):
    """One (event × foreign party) pair — derived, never stored (CODEBOOK §2.3)."""

    event_id: str
    party: str
    country_iso3: str | None
    organization: str | None
    date: dt.date | None
    event_type: EventType
    agency: str | None
    multilateral: bool
    multilateral_context: str | None
    review_status: ReviewStatus


def interactions(events: list[Event]) -> Iterator[Interaction]:
    """Expand events into interactions: one per distinct foreign party of each event."""
    for ev in events:
        seen: set[str] = set()
        multilateral = ev.event_type in ("multilateral_meeting", "forum") or len(
            {c.party for c in ev.counterparts}
        ) > 1
        for cp in ev.counterparts:
            if cp.party in seen:
                continue
            seen.add(cp.party)
            yield Interaction(
                event_id=ev.id,
                party=cp.party,
                country_iso3=cp.country_iso3,
                organization=cp.organization,
                date=ev.date,
                event_type=ev.event_type,
                agency=ev.agency,
                multilateral=multilateral,
                multilateral_context=ev.multilateral_context,
                review_status=ev.review_status,
            )


def parse_record(data: dict[str, Any]) -> AnyRecord:
    """Build the right record type from a dict carrying ``kind``."""
    kind = data.get("kind")
    if kind not in RECORD_TYPES:
        raise ValueError(f"unknown record kind {kind!r}; expected one of {sorted(RECORD_TYPES)}")
    return RECORD_TYPES[kind].model_validate(data)  # type: ignore[return-value]
