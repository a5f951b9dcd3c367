"""Double coding for ``tools/build_dataset.py`` (CODEBOOK §8).

An independent second coder re-codes a random sample of research records into
``data/research/double/coder*_*.yaml`` (coder2, coder3, ...; same fact format, keyed by research id).
This module compares the two codings variable by variable, computes Krippendorff's
alpha (nominal) per variable, and marks the sampled records ``double_coded`` — or
``adjudicated`` where the codings differed and the disagreement was settled after
re-reading the sources (``ADJUDICATIONS``; the decision goes into the record's notes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from build_dataset import Builder, join_notes, parse_date

from isd.model import ChineseParticipant, Counterpart, Signatory

TOPIC_CODES = ("social_stability", "transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism",
               "overseas_interests_bri", "capacity_building", "event_security", "cybercrime",
               "financial_crime_gambling", "human_trafficking", "immigration_border", "generic")
# Disagreements settled after re-reading the sources (research id → decision, field values set).
ADJUDICATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "ev_2023-04-14_liu_zhao_BRA_federal_police": (
        ("bilateral_meeting: the letter of intent was signed at a meeting at MPS headquarters (CODEBOOK §3: a meeting at "
        "which documents are signed stays a meeting)"), {"event_type": "bilateral_meeting"}),
    "ev_2025-05-28_chen_wenqing_high_reps_forum13": (
        ("multilateral_meeting: the International Meeting of High Representatives for Security Issues is a meeting of "
        "delegation heads, not a forum session"), {"event_type": "multilateral_meeting"}),
    "ev_2024-06_chen_wenqing_SGP_sgf4": (
        "month precision kept: both sources announce the 18-20 June visit; neither gives the forum's day", {}),
    "agr_2023-10-31_MMR_7th_lesc_ministerial_minutes": (
        ("31 Oct kept: Xinhua's report of the signing gives no earlier day; 30 Oct is the day of the separate talks "
        "reported by The Irrawaddy"), {}),
    "agr_2024-11_EGY_security_cooperation_protocol": (
        ("same document as agr_2024-10-29_EGY_security_protocol (merged, as the research note asked); 29 Oct kept: "
        "Xinhua's report of the signing was published on 30 Oct, so the Egyptian 31 Oct date cannot be right"),
        {"date": dt.date(2024, 10, 29), "date_precision": "day"}),
    "agr_2017-10_USA_lecd_outcomes_list": (
        ("4 Oct 2017, the day of the first law-enforcement and cybersecurity dialogue that adopted the list (the CAC "
        "page of 10 Oct publishes it); co-chaired on the Chinese side by Minister Guo Shengkun"),
        {"date": dt.date(2017, 10, 4), "date_precision": "day",
         "chinese_signatory": Signatory(name="Guo Shengkun", rank="minister", agency="MPS", official_id="guo_shengkun")}),
    "ev_2023-09-20_wang_xiaohong_PAK": (
        ("first coding kept (generic): the record's source names no cooperation area; the second coder took topics from "
        "a Pakistani release that is not among the record's sources"), {}),
    # Second batch (reviewer, 2026-11-23): the 24 remaining disagreements, in release order.
    "ev_2022-01-13_mfa_LKA_bri_security": (
        ("first coding kept: a joint meeting of two governments' agencies is bilateral (the second coder hesitated too); "
        "the embassy readout names the Inspector General of Police among the Sri Lankan side, so he stays listed"), {}),
    "ev_2022-10_mps_SLB_police_training": (
        ("second coding: the sources name only a police college in Fujian as the Chinese host; no MPS official or "
        "department is named"),
        {"chinese_side": [ChineseParticipant(title="Police college in Fujian province (host of the course; official not named)",
                                             agency="provincial_psb", rank="other")]}),
    "ev_2022-11-04_embassy_SLB_rsipf_handover": (
        ("second coding: the ambassador presented the hand-over as capacity building for law-and-order policing; the "
        "source names no stability-maintenance purpose (the riots are recalled by the Prime Minister as background)"),
        {"topics": ["capacity_building"]}),
    "ev_2023-04-14_ppsuc_BRA": (
        ("bilateral_meeting: the MOU was signed during the Federal Police director's visit to the university (CODEBOOK "
        "§3: a meeting at which documents are signed stays a meeting); agreement link kept"),
        {"event_type": "bilateral_meeting"}),
    "ev_2023-08-15_mps_chiang_mai_fraud_operation": (
        ("second coding: the launch meeting was held by the police forces, Myanmar's by its police headquarters "
        "(national_police); kidnapping and illegal detention are named as crimes the operation targets (transnational_crime)"),
        {"counterparts": [
            Counterpart(country_iso3="THA", title="Royal Thai Police delegation", agency_type="national_police", rank_level="unknown"),
            Counterpart(country_iso3="MMR", title="Myanmar Police Force delegation", agency_type="national_police", rank_level="unknown"),
            Counterpart(country_iso3="LAO", title="Lao Ministry of Public Security delegation", agency_type="public_security",
                        rank_level="unknown")],
         "topics": ["telecom_fraud", "financial_crime_gambling", "human_trafficking", "transnational_crime"]}),
    "ev_2023-08-22_mps_ammtc_plus3_13": (
        ("second coding: an AMMTC+3 consultation has Japan and the ROK as parties beside ASEAN (not members of it, so "
        "listing them does not expand the organization); Viet Nam is listed because the source names its head delegate"),
        {"counterparts": [
            Counterpart(organization="asean", title="ASEAN ministers responsible for transnational crime (AMMTC+3)",
                        agency_type="international_org", rank_level="ministerial"),
            Counterpart(country_iso3="VNM", name="Nguyen Duy Ngoc", title="Deputy Minister of Public Security",
                        agency_type="public_security", rank_level="vice_ministerial"),
            Counterpart(country_iso3="JPN", title="Japanese delegation (AMMTC+3)", agency_type="other", rank_level="unknown"),
            Counterpart(country_iso3="KOR", title="Republic of Korea delegation (AMMTC+3)", agency_type="other",
                        rank_level="unknown")]}),
    "ev_2023-09_embassy_AFG_haqqani_intro": (
        ("second coding (generic): the introductory call covered relations and non-interference; neither source names "
        "terrorism or any other cooperation area"), {"topics": ["generic"]}),
    "ev_2023-11-01_wang_xiaohong_IDN_maruf_amin": (
        ("second coding: in the record's Okezone source Wang says the MPS, Polri and BNPT agreed on annual meetings on "
        "drugs, terrorism and other transnational crime, so those areas are named for this event"),
        {"topics": ["counterdrug", "counterterrorism", "transnational_crime"]}),
    "ev_2023-11-08_guangxi_psb_VNM": (
        ("second coding: the talks were on cross-border drug law enforcement; border management or migration is not "
        "named as an area (the border is only where the drug crimes happen)"), {"topics": ["counterdrug"]}),
    "ev_2023-12-01_yang_chunlei_VNM": (
        ("second coding: the VNA readout also names exchange of crime information (transnational_crime) and training "
        "courses on responding to terrorism (counterterrorism)"),
        {"topics": ["event_security", "transnational_crime", "telecom_fraud", "financial_crime_gambling", "cybercrime",
                    "counterterrorism", "capacity_building"]}),
    "ev_2024-03-28_embassy_AGO_interior_minister": (
        ("second coding: the talk was of protecting Chinese citizens and companies; 'security and public order' is the "
        "title of the 2012 framework agreement, not a stability-maintenance area named for this meeting"),
        {"topics": ["overseas_interests_bri"]}),
    "ev_2024-06-06_mps_delegation_EGY": (
        ("rank kept other: only the Egyptian ministry calls Sun Maoli a deputy minister and the officials register has no "
        "such post; topics from the second coding: the Egyptian minister framed the cooperation as countering terrorism "
        "and organized crime"),
        {"topics": ["capacity_building", "counterterrorism", "transnational_crime"]}),
    "ev_2024-07-31_wei_xiaojun_USA_cnwg_som1": (
        ("second coding: the working group was co-chaired by NSC senior directors (rank other; a Deputy Assistant to the "
        "President is not a vice-minister); the White House readout names illicit finance of transnational criminal "
        "organizations and law-enforcement coordination (transnational_crime)"),
        {"counterparts": [Counterpart(country_iso3="USA", name="Jennifer Daskal",
                                      title="Deputy Assistant to the President and Deputy Homeland Security Advisor",
                                      agency_type="other", rank_level="other")],
         "topics": ["counterdrug", "financial_crime_gambling", "transnational_crime"]}),
    "ev_2024-09-07_qi_yanjun_RWA": (
        ("first coding kept: the officials register has Qi Yanjun as executive vice minister from 2024 (CODEBOOK §3: "
        "the rank held on that date), whatever shorter title the Rwandan release uses"), {}),
    "ev_2024-09-09_xu_ganlu_gpscfl2024_migration": (
        ("parties and ranks from the second coding: the chair's statement names IOM and UNHCR among the organizations, "
        "and Ecuador sent its migration undersecretary (below vice-minister, so other); transnational_crime kept: "
        "the Chinese side put cross-border crime governance on this sub-forum's agenda"),
        {"counterparts": [
            Counterpart(country_iso3="AGO", name="João António da Costa Dias", title="Director of the Migration and Foreigners Service",
                        agency_type="immigration_border", rank_level="other"),
            Counterpart(country_iso3="KHM", title="Director-General of the General Department of Immigration",
                        agency_type="immigration_border", rank_level="other"),
            Counterpart(country_iso3="ECU", title="Undersecretary for Migration, Ministry of the Interior",
                        agency_type="interior_home_affairs", rank_level="other"),
            Counterpart(country_iso3="HUN", title="Director-General of the National Directorate-General for Aliens Policing",
                        agency_type="immigration_border", rank_level="other"),
            Counterpart(country_iso3="IRN", title="Head of the Immigration and Passport Police",
                        agency_type="immigration_border", rank_level="other"),
            Counterpart(organization="iom", name="Amy Pope", title="Director General (by video)",
                        agency_type="international_org", rank_level="other"),
            Counterpart(organization="unhcr", title="UNHCR officials", agency_type="international_org", rank_level="unknown"),
            Counterpart(organization="unodc", title="UNODC officials", agency_type="international_org", rank_level="unknown"),
            Counterpart(organization="interpol", title="INTERPOL officials", agency_type="international_org", rank_level="unknown"),
            Counterpart(organization="asean", title="ASEAN Secretariat officials", agency_type="international_org",
                        rank_level="unknown"),
            Counterpart(organization="lmlecc", title="LMLECC officials", agency_type="international_org", rank_level="unknown")]}),
    "ev_2024-09-11_embassy_MOZ_interior": (
        ("second coding: the embassy readout is about police cooperation and the safety of Chinese firms and citizens "
        "after recent cases; no transnational or organized crime is named"), {"topics": ["overseas_interests_bri"]}),
    "ev_2024-11-07_embassy_PAK_naqvi": (
        ("second coding: the meeting followed a guard's shooting of two Chinese nationals and dealt with their safety "
        "and CPEC projects; the source does not name terrorism"), {"topics": ["overseas_interests_bri"]}),
    "ev_2024-11-15_qi_yanjun_ETH": (
        ("rank kept executive_vice_minister (officials register, rank on that date); counterpart rank other (decisions: "
        "heads of national police are other); topics from the second coding: the FBC item names cross-border crime, "
        "exchange of fugitives, capacity building and material support"),
        {"counterparts": [Counterpart(country_iso3="ETH", name="Demelash Gebremichael",
                                      title="Commissioner General, Ethiopian Federal Police Commission",
                                      agency_type="national_police", rank_level="other")],
         "topics": ["transnational_crime", "capacity_building"]}),
    "ev_2024-11-30_wang_xiaohong_CUB_raul_castro": (
        ("second coding (rank other): Raúl Castro held no state or government office in 2024; ministerial is for "
        "ministers and heads of government in office"),
        {"counterparts": [Counterpart(country_iso3="CUB", name="Raul Castro Ruz",
                                      title="Army General, leader of the Cuban Revolution", agency_type="other",
                                      rank_level="other")]}),
    "ev_2024-12-03_ppsuc_ETH": (
        "counterpart rank other: heads of national police forces are other unless titled minister (decisions.md)",
        {"counterparts": [Counterpart(country_iso3="ETH", name="Demelash Gebremichael",
                                      title="Commissioner General, Ethiopian Federal Police Commission",
                                      agency_type="national_police", rank_level="other")]}),
    "ev_2025-02-14_liu_zhongyi_MMR": (
        ("second coding: the 14 Feb Naypyitaw talks secured entry to Myawaddy against scam compounds; the visit to the "
        "trafficking-victim screening centre was on 17 Feb, a separate occasion"), {"topics": ["telecom_fraud"]}),
    "ev_2025-11-19_wang_xiaohong_UZB": (
        ("second coding: the Belt and Road appears as what the cooperation will serve, not as a security area of "
        "cooperation; the areas named are terrorism, telecom fraud, cybercrime, major events and capacity building"),
        {"topics": ["counterterrorism", "telecom_fraud", "cybercrime", "event_security", "capacity_building"]}),
    "ev_2026-01_embassy_KHM_sar_sokha": (
        ("first coding kept: the missing and detained Chinese citizens are raised as a citizen-safety matter "
        "(overseas_interests_bri) tied to scam compounds (telecom_fraud); no separate crime area is named"), {}),
    "agr_2022_UZB_mia_mps_cooperation_program_2022_2023": (
        ("first coding kept: the programme covers 2022-2023, so 2022 at year precision is its start; the signing day is "
        "unknown and the precision says so, while a null date would drop the document from yearly counts"), {}),
}


def _cp_set(r: dict, key: str) -> str:
    return ";".join(sorted({str(c.get(key)) for c in r.get("counterparts") or []}))


def event_values(b: Builder, r: dict) -> dict[str, Any]:
    first = (r.get("chinese_side") or [{}])[0]
    day, prec = parse_date(r.get("date"), "double")
    vals = {
        "date": f"{day}/{prec}", "event_type": r.get("event_type"), "mode": r.get("mode"),
        "counterpart_countries": ";".join(sorted({str(c.get("country_iso3") or c.get("organization")) for c in r.get("counterparts") or []})),
        "chinese_official": b.official(first) or first.get("name_en") or f"({first.get('agency')})",
        "chinese_rank": first.get("rank"), "counterpart_agency_type": _cp_set(r, "agency_type"),
        "counterpart_rank_level": _cp_set(r, "rank_level"),
    }
    topics = set(r.get("topics") or [])
    vals.update({f"topic:{t}": int(t in topics) for t in TOPIC_CODES})
    return vals


def agreement_values(b: Builder, r: dict) -> dict[str, Any]:
    day, prec = parse_date(r.get("date"), "double")
    cs = r.get("chinese_signatory") or {}
    return {"agreement_date": f"{day}/{prec}", "doc_type": r.get("doc_type"),
            "agreement_parties": ";".join(sorted(map(str, r.get("parties") or []))),
            "chinese_signatory": b.official({"official_id": cs.get("official_id"), "name_en": cs.get("name"),
                                             "name_zh": cs.get("name_zh")}) or cs.get("name")}


def apply_double(b: Builder, folder: Path) -> dict | None:
    """Second codings in ``folder`` (same fact format, keyed by research id): Krippendorff's
    alpha per variable, and the records marked double_coded / adjudicated."""
    import krippendorff
    import numpy as np

    files = sorted(folder.glob("coder*_*.yaml")) if folder.is_dir() else []
    if not files:
        return None
    units: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    n_units = {"event": 0, "agreement": 0}
    unavailable = []
    for path in files:
        for r in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            rid = r.get("id")
            kind = "agreement" if str(rid).startswith("agr_") else "event"
            first = b.raw.get((kind, rid))
            if first is None:
                b.problems.append(f"{path.name} {rid}: no research record with this id")
                continue
            if r.get("unavailable"):
                unavailable.append(rid)
                continue
            fn = event_values if kind == "event" else agreement_values
            v1, v2 = fn(b, first), fn(b, r)
            n_units[kind] += 1
            diffs = [f"{k}: {v1[k]} / {v2[k]}" for k in v1 if v1[k] != v2[k]]
            for k in v1:
                units[k].append((v1[k], v2[k]))
            final = b.records[(kind, b.alias[(kind, rid)])]
            summary = f"second coding ({r.get('coder') or path.stem}, {path.name})"
            if not diffs:
                final.review_status = "double_coded"
                final.notes = join_notes(final.notes, f"{summary}: agrees on all compared variables")
            elif rid in ADJUDICATIONS:
                decision, values = ADJUDICATIONS[rid]
                for field_name, value in values.items():
                    setattr(final, field_name, value)
                final.review_status = "adjudicated"
                final.notes = join_notes(final.notes, f"{summary} differs on {'; '.join(diffs)}", f"adjudicated: {decision}")
            else:
                final.review_status = "double_coded"
                final.notes = join_notes(final.notes, f"{summary} differs on {'; '.join(diffs)} (first coding kept; not yet adjudicated)")
    out: dict[str, Any] = {"method": "Krippendorff's alpha, nominal, 2 coders (research coder vs independent second coder)",
                           "files": [p.name for p in files], "units": n_units, "unavailable": unavailable, "variables": {}}
    for var, pairs in sorted(units.items()):
        cats = {v: i for i, v in enumerate(sorted({str(x) for pair in pairs for x in pair}))}
        data = np.array([[cats[str(p[0])] for p in pairs], [cats[str(p[1])] for p in pairs]], dtype=float)
        agree = sum(p[0] == p[1] for p in pairs) / len(pairs)
        alpha = None if len(cats) < 2 else float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        out["variables"][var] = {"alpha": None if alpha is None else round(alpha, 3), "units": len(pairs),
                                 "percent_agreement": round(100 * agree, 1),
                                 **({"note": "no variation: alpha undefined"} if alpha is None else {})}
    return out
