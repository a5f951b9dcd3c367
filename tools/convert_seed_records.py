"""Developer tool: turn the seed reports' cited records into isd records.

Reads the project's reference file of dated events and agreements cited in the seed
reports (facts and URLs only) and writes ``src/isd/data/seed/records.jsonl``, the
bundled starting data.  The package never reads the reference file at run time; this
tool is run by hand when the reference file changes:

    PYTHONPATH=src python tools/convert_seed_records.py [../shared/reference/seed_records.yaml]

Every mapping decision is documented in ``src/isd/data/seed/README.md``; the tool
prints what it skipped and why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import yaml

from isd.codebook import load_codebook
from isd.model import (Agreement, Assistance, ChineseParticipant, Counterpart, Event, Location, Party, Presence,
                       Signatory, Source, StatusChange, Training)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "isd" / "data" / "seed" / "records.jsonl"
DEFAULT_IN = ROOT.parent / "shared" / "reference" / "seed_records.yaml"

# (publisher, title, URL where the seeds themselves give it; None where they do not)
SEED_REPORTS = {
    "003_b1050ae06e906d8e.txt": ("Carnegie Endowment for International Peace", "China's police and internal-security cooperation agreements, 2006–2025 (2026)", None),
    "002_80a0215fce75e88f.txt": ("Carnegie Endowment for International Peace", "A New World Cop on the Beat: China's internal security outreach under the Global Security Initiative (2025)",
                                 "https://carnegieendowment.org/research/2025/08/a-new-world-cop-on-the-beat-chinas-internal-security-out-reach-under-the-global-security-initiative?lang=en"),
    "001_0f5b10c2887d0d0c.txt": ("Washington Examiner", "Op-ed on the international reach of China's police (2022)", None),
    "000_2a78a9bc4f37b980.txt": ("Center for American Progress", "The Expanding International Reach of China's Police (2022)",
                                 "https://www.americanprogress.org/article/the-expanding-international-reach-of-chinas-police/"),
    "004_ae400f16c59eb476.txt": ("Wikipedia", "Ministry of Public Security (China)", "https://en.wikipedia.org/wiki/Ministry_of_Public_Security_(China)"),
}

# Seed counterpart organization names → codebook organization ids.  None: not a single
# party we can code (an unnamed group of countries); the counterpart is left out and
# the record notes it.
ORG_MAP = {
    "INTERPOL": "interpol", "SCO": "sco", "ASEAN": "asean", "SCO RATS": "sco_rats",
    "SCO Regional Anti-Terrorist Structure (RATS)": "sco_rats", "SCO RATS Council": "sco_rats",
    "EAPCCO": "eapcco", "EAPCCO (14 member states)": "eapcco", "UNODC": "unodc", "United Nations": "un",
    "Pacific Islands Forum": "pif", "Pacific Islands Forum members (11)": "pif", "Lancang-Mekong Cooperation": "lmc",
    "UN CTED": "un_cted", "FOCAC (African states)": "focac", "CELAC (33 states)": "celac", "CELAC member states": "celac",
    "Europol": "europol", "LMLECC": "lmlecc", "EU": "eu", "SCO member states": "sco",
    "Developing countries (INTERPOL members)": "interpol",
    "African countries (unnamed)": None, "Southeast Asian counterparts (unnamed)": None,
    "10 Pacific Island countries recognizing the PRC": None, "Central Asian countries (not listed in the seed)": None,
    "Developing countries": None, "Foreign police (unspecified)": None, "African countries": None,
}
# 'other' rows that describe an in-scope occasion or presence; the rest are context
# (appointments, doctrine, history) and are not records of the dataset.
OTHER_AS_EVENT = {"other_2016_meng_hongwei_elected", "other_2021_interpol_ec_hu_binchen", "other_2024_interpol_ec_wang_yong",
                  "other_2026_wuhan_fentanyl_case", "other_2022_06_kir_envoy"}
OTHER_AS_PRESENCE = {"presence_2022_slb_police_deployment": "police_deployment", "presence_2024_02_kir_chinese_police": "police_deployment"}


def parse_date(value) -> tuple[dt.date | None, dt.date | None, str]:
    """(start, end, precision) from 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'a/b'."""
    if value in (None, "", "None"):
        return None, None, "year"
    text = str(value)
    if "/" in text:
        a, b = text.split("/", 1)
        s, _, p = parse_date(a)
        e, _, _ = parse_date(b)
        return s, e, p
    parts = text.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1), None, "year"
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1), None, "month"
    return dt.date.fromisoformat(text), None, "day"


def make_source(url: str) -> Source:
    url = url.strip()
    archive = None
    m = re.match(r"https?://web\.archive\.org/web/[^/]+/(https?://.+)$", url)
    original = url
    if m:
        archive, original = url, m.group(1)
    elif urlparse(url).netloc in ("archive.ph", "archive.today", "archive.is"):
        archive = url
    host = urlparse(original).netloc.lower()
    return Source(id=Source.make_id(url), url=original, archive_url=archive, publisher=host or None)


def report_source(seed_file: str) -> Source:
    publisher, title, url = SEED_REPORTS[seed_file]
    return Source(id=f"src_seed_{seed_file[:3]}", url=url, publisher=publisher, title=title, language="en",
                  notes=f"seed report {seed_file}: the record is cited there without a URL")


class Converter:
    def __init__(self, cb):
        self.cb = cb
        self.sources: dict[str, Source] = {}
        self.out: list = []
        self.skipped: list[tuple[str, str]] = []
        self.expanded: list[tuple[str, int]] = []
        self.mech_ids = cb.codes("mechanism")

    # --- helpers ------------------------------------------------------------------

    def srcs(self, r) -> list[str]:
        ids = []
        for url in r.get("source_urls") or []:
            s = make_source(url)
            self.sources.setdefault(s.id, s)
            ids.append(s.id)
        if not ids:
            s = report_source(r["seed_file"])
            self.sources.setdefault(s.id, s)
            ids.append(s.id)
        return ids

    def notes(self, r, extra: str = "") -> str:
        fn = r.get("footnote")
        bits = [r.get("notes") or "", f"seed {r['seed_file']} fn {fn}; date_basis {r.get('date_basis')}"]
        if extra:
            bits.append(extra)
        return " | ".join(b for b in bits if b)

    def chinese(self, r) -> list[ChineseParticipant]:
        out = []
        for c in r.get("chinese_side") or []:
            off = None
            name = c.get("name_en") or c.get("name_zh")
            if name:
                o = self.cb.find_official(name)
                off = o.id if o else None
            out.append(ChineseParticipant(name_en=c.get("name_en"), name_zh=c.get("name_zh"), title=c.get("title"),
                                          agency=c.get("agency") or "other", rank=c.get("rank"), official_id=off))
        return out

    def parties(self, r) -> tuple[list[dict], list[str]]:
        """Foreign parties as dicts (country_iso3 / organization + details) and notes on dropped ones."""
        out, dropped = [], []
        for c in r.get("counterpart") or []:
            iso = c.get("country_iso3")
            org = None
            if not iso and c.get("organization"):
                name = c["organization"]
                org = ORG_MAP.get(name, name)
                if org is None:
                    dropped.append(name)
                    continue
                if org not in self.cb.codes("organization"):
                    dropped.append(f"{name} (no codebook organization)")
                    continue
            if not iso and not org:
                continue
            out.append({"country_iso3": iso, "organization": org, "agency": c.get("agency"), "agency_type": c.get("agency_type"),
                        "name": c.get("name"), "title": c.get("title")})
        return out, dropped

    def location(self, r) -> Location:
        loc = r.get("location")
        if not loc:
            return Location()
        if "," in loc:
            city, iso = [x.strip() for x in loc.rsplit(",", 1)]
        else:
            city, iso = None, loc.strip()
        if iso not in self.cb.codes("iso3"):
            city, iso = loc, None
        if city and city.lower().startswith("eastern "):
            city = None
        return Location(city=city, country_iso3=iso)

    def mechanism(self, r) -> tuple[str | None, str | None]:
        name = r.get("mechanism")
        if not name:
            return None, None
        m = None
        for cand in re.split(r";|/", name):
            found = self.cb.find_mechanism(cand.strip()) if hasattr(self.cb, "find_mechanism") else None
            if found:
                m = found.id
                break
        start, _, _ = parse_date(r.get("date"))
        label = name
        if m == "GPSCFL" and start:
            label = f"GPSCFL {start.year}"
        return label, m

    # --- kinds --------------------------------------------------------------------

    def agreement(self, r) -> None:
        if str(r["id"]).startswith("agr_t1_"):
            self.skipped.append((r["id"], "Table 1 country-year aggregate (a published figure, not a document)"))
            return
        start, _, prec = parse_date(r.get("date"))
        parties, dropped = self.parties(r)
        if not parties:
            self.skipped.append((r["id"], f"no codable party ({', '.join(dropped) or 'none given'})"))
            return
        keys = []
        for p in parties:
            k = (p["country_iso3"], p["organization"])
            if k not in keys:
                keys.append(k)
        fmt = "multilateral" if any(o for _, o in keys) or len({i for i, _ in keys}) > 1 else "bilateral"
        cs = self.chinese(r)
        lead = cs[0] if cs else None
        first = parties[0]
        status, sdate, reason = "unknown", None, None
        st = (r.get("status") or "").lower()
        if st.startswith("defunct") or "halted" in st or "ended" in st:
            status, reason = "defunct", r.get("status")
            m = re.search(r"(19|20)\d\d", st)
            sdate = dt.date(int(m.group(0)), 12, 1) if m and "december" in st else (dt.date(int(m.group(0)), 1, 1) if m else None)
        signer_is_mps = bool(r.get("signer_is_mps", lead is not None and lead.agency == "MPS"))
        base = dict(
            date=start, date_precision=prec, format=fmt,
            parties=[Party(country_iso3=i, organization=o) for i, o in keys],
            chinese_signatory=Signatory(name=lead.name_en or lead.name_zh, title=lead.title, agency=lead.agency, rank=lead.rank,
                                        official_id=lead.official_id) if lead else Signatory(),
            counterpart_signatory=Signatory(name=first.get("name"), title=first.get("title"), agency=first.get("agency"),
                                            agency_type=first.get("agency_type")),
            signer_is_mps=signer_is_mps, chinese_agency=(lead.agency if lead else "MPS"),
            title_zh=r.get("title_zh"), title_en=r.get("title_en"), doc_type=r.get("doc_type") or "cooperation_document",
            topics=r.get("topics") or [], status=status, status_date=sdate, status_reason=reason,
            sources=self.srcs(r), review_status="coded", coder=f"seed:{r['seed_file']}",
        )
        n = int(r.get("count") or 1)
        extra = f"dropped unnamed parties: {', '.join(dropped)}" if dropped else ""
        if n > 1:
            self.expanded.append((r["id"], n))
            for k in range(1, n + 1):
                self.out.append(Agreement(id=f"{r['id']}_{k}", notes=self.notes(r, f"one of {n} documents the seed reports in aggregate; individual titles unknown. {extra}".strip()), **base))
        else:
            self.out.append(Agreement(id=r["id"], notes=self.notes(r, extra), **base))

    def event(self, r, event_type: str | None = None) -> None:
        if r.get("count") and int(r["count"]) > 1:
            self.skipped.append((r["id"], f"aggregate of {r['count']} meetings without dates or parties"))
            return
        start, end, prec = parse_date(r.get("date"))
        if start is None:
            self.skipped.append((r["id"], "no date"))
            return
        parties, dropped = self.parties(r)
        label, mech = self.mechanism(r)
        notes_l = (r.get("notes") or "").lower()
        if event_type is None:
            kind = r["kind"]
            if kind == "forum":
                event_type = "forum"
            elif kind == "dialogue" or len(parties) > 1:
                event_type = "multilateral_meeting"
            elif label and "sideline" in (r.get("mechanism") or "").lower():
                event_type = "sideline_bilateral"
            elif parties and parties[0]["organization"]:
                event_type = "multilateral_meeting"
            else:
                event_type = "bilateral_meeting"
        if "not held" in (r.get("status") or "") or r["id"].endswith(("_not_held", "_skipped", "_planned")):
            self.skipped.append((r["id"], "session not held / planned only"))
            return
        mode = "video" if ("videoconference" in notes_l or "virtual" in notes_l) else "in_person"
        cps = [Counterpart(country_iso3=p["country_iso3"], organization=p["organization"], name=p["name"], title=p["title"],
                           agency=p["agency"], agency_type=p["agency_type"] or ("international_org" if p["organization"] else None))
               for p in parties]
        extra = f"dropped unnamed parties: {', '.join(dropped)}" if dropped else ""
        self.out.append(Event(id=r["id"], date=start, date_end=end, date_precision=prec, event_type=event_type,
                              multilateral_context=label if event_type != "bilateral_meeting" else None, mechanism_id=mech,
                              mode=mode, location=self.location(r), chinese_side=self.chinese(r), counterparts=cps,
                              topics=r.get("topics") or [], sources=self.srcs(r), review_status="coded",
                              coder=f"seed:{r['seed_file']}", notes=self.notes(r, extra)))

    def training(self, r) -> None:
        start, end, prec = parse_date(r.get("date"))
        parties, dropped = self.parties(r)
        cs = self.chinese(r)
        self.out.append(Training(id=r["id"], date=start, date_end=end, date_precision=prec,
                                 recipients=[Party(country_iso3=p["country_iso3"], organization=p["organization"]) for p in parties],
                                 chinese_agency=cs[0].agency if cs else "MPS", location=self.location(r), trainees=r.get("trainees"),
                                 subject=r.get("status"), topics=r.get("topics") or [], sources=self.srcs(r), review_status="coded",
                                 coder=f"seed:{r['seed_file']}",
                                 notes=self.notes(r, f"recipients not named: {', '.join(dropped)}" if dropped else "")))

    def assistance(self, r) -> None:
        start, _, prec = parse_date(r.get("date"))
        parties, dropped = self.parties(r)
        if len(parties) != 1:
            self.skipped.append((r["id"], "assistance without exactly one named recipient" if not parties else "facility shared by several countries (kept as context)"))
            return
        cs = self.chinese(r)
        value = currency = None
        m = re.search(r"US\$\s?([\d.]+)\s*million", r.get("notes") or "")
        if m:
            value, currency = float(m.group(1)) * 1_000_000, "USD"
        p = parties[0]
        items = "facility" if r["kind"] == "facility" else None
        self.out.append(Assistance(id=r["id"], date=start, date_precision=prec,
                                   recipient=Party(country_iso3=p["country_iso3"], organization=p["organization"]),
                                   chinese_agency=cs[0].agency if cs else "MPS", items=items, value=value, currency=currency,
                                   topics=r.get("topics") or [], sources=self.srcs(r), review_status="coded",
                                   coder=f"seed:{r['seed_file']}", notes=self.notes(r)))

    def presence(self, r, ptype: str) -> None:
        start, end, prec = parse_date(r.get("date"))
        parties, _ = self.parties(r)
        countries = [p["country_iso3"] for p in parties if p["country_iso3"]]
        if not countries:
            self.skipped.append((r["id"], "presence without a named country (e.g. police stations in dozens of cities)"))
            return
        st = (r.get("status") or "").lower()
        status = "ended" if ("ended" in st or "defunct" in st or "halted" in st) else ("active" if "ongoing" in st or "retained" in st else "reported")
        history = [StatusChange(date=start, status="active" if ptype == "joint_patrols" else "reported")]
        if status == "ended" and end:
            history.append(StatusChange(date=end, status="ended", note=r.get("status")))
        for iso in countries:
            rid = r["id"] if len(countries) == 1 else f"{r['id']}_{iso.lower()}"
            self.out.append(Presence(id=rid, presence_type=ptype, country_iso3=iso, chinese_agency="MPS", start_date=start,
                                     end_date=end if status == "ended" else None, status=status, history=history,
                                     sources=self.srcs(r), review_status="coded", coder=f"seed:{r['seed_file']}", notes=self.notes(r)))

    def convert(self, records: list[dict]) -> None:
        for r in records:
            if r.get("in_codebook_scope") is False:
                self.skipped.append((r["id"], "outside the codebook's scope (PAP, Coast Guard, PLA, or no Chinese party)"))
                continue
            kind = r["kind"]
            if kind == "agreement":
                self.agreement(r)
            elif kind in ("meeting", "dialogue", "forum"):
                self.event(r)
            elif kind == "training":
                self.training(r)
            elif kind in ("assistance", "facility"):
                self.assistance(r)
            elif kind in ("patrol", "station"):
                self.presence(r, r.get("presence_type") or ("joint_patrols" if kind == "patrol" else "overseas_police_station"))
            elif r["id"] in OTHER_AS_PRESENCE:
                self.presence(r, OTHER_AS_PRESENCE[r["id"]])
            elif r["id"] in OTHER_AS_EVENT:
                self.event(r, "other")
            else:
                self.skipped.append((r["id"], "context (appointment, doctrine, history), not an occasion of security diplomacy"))


def main(argv: list[str]) -> None:
    src = Path(argv[0]) if argv else DEFAULT_IN
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    conv = Converter(load_codebook())
    conv.convert(data["records"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    used = {sid for r in conv.out for sid in r.sources}
    with open(OUT, "w", encoding="utf-8") as fh:
        for s in sorted(conv.sources.values(), key=lambda s: s.id):
            if s.id in used:
                fh.write(json.dumps({"kind": "source", **s.model_dump(mode="json")}, ensure_ascii=False, sort_keys=True) + "\n")
        for rec in sorted(conv.out, key=lambda r: (r.kind, r.id)):
            fh.write(json.dumps(rec.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n")
    kinds = Counter(r.kind for r in conv.out)
    print(f"wrote {OUT}: {len(used)} sources, {dict(kinds)}")
    print(f"expanded aggregates: {conv.expanded}")
    print(f"skipped {len(conv.skipped)}:")
    for rid, why in conv.skipped:
        print(f"  {rid}: {why}")


if __name__ == "__main__":
    main(sys.argv[1:])
