"""The cue patterns of readout wording shared by the extraction rules (module-level, compiled once).

Each pattern says what a phrase signals: a Chinese mission, a future or past event, attendees, a
third country's envoy, the occasion an organisation's name belongs to … (see the comment above each).
"""

from __future__ import annotations

import re

__all__ = [
    "_CN_MISSION",
    "_COUNTERPART",
    "_CITY_STATES",
    "_OWN_MPS",
    "_CN_MARK_BEFORE",
    "_CN_MARK_AFTER",
    "_MONEY_AFTER",
    "_FUTURE",
    "_PAST_EVENT",
    "_DURING",
    "_ALSO",
    "_COMMA_NAME",
    "_PRONOUN_SUBJ",
    "_STRONG_MEET",
    "_GUESTS",
    "_UPCOMING",
    "_MISSION_TO",
    "_TITLE_THEN_NAME",
    "_ATTENDEES",
    "_URL_DATE",
    "_LINE_PLACE",
    "_THIRD_ENVOY",
    "_MEETING_OF",
    "_DONATION_RX",
    "_THEN_MARK",
    "_ORG_AS_ADJ",
]

_CN_MISSION = re.compile(r"chinese (?:embassy|ambassador|consulate|consul|mission|envoy)|(?:embassy|consulate(?: general)?|ambassador|consul general) of (?:the people's republic of )?china|china's (?:embassy|ambassador|consulate|envoy)|中国驻|驻华")
_COUNTERPART = re.compile(r"\b(?:his|her|their) chinese counterparts?\b|\bchinese counterparts?\b|中方对口|中国同行")
_CITY_STATES = {"SGP", "MCO"}
_OWN_MPS = {"VNM", "LAO", "LKA"}  # countries whose own ministry is called "Ministry of Public Security"
_CN_MARK_BEFORE = re.compile(r"(?:chinese|china's|china’s|\bprc)\s+(?:state councilor and |state councillor and |the )?(?:deputy |vice |executive vice |assistant )?$")
_CN_MARK_AFTER = re.compile(r"\s*(?:of china|of the people's republic|of the prc|\(mps\) of china|,? china)")
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|cents|\$|元|美元)")
_FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|plans to|is set to|are set to|(?:is|are) (?:scheduled|expected|due|slated) to)"
                     r"\s+(?:also\s+)?(?:visit|attend|meet|hold|travel|pay|co-chair|chair|host|lead|head|sign|receive|take part|participate|exchange|discuss|be held|donate|provide|hand over|deliver|supply|fund|build|give)|将(?:于|在|赴|出席|访问|会见|举行)|拟于")
_PAST_EVENT = re.compile(r"\b(?:met|held|signed|received|hosted|attended|co-chaired|handed|presented|donated|visited|paid|called on|was received|were received)\b|会见了|举行了|签署了|"
                         r"\b(?:following|after|during|in) (?:his|her|their|a|the) (?:meeting|talks)\b")
_DURING = re.compile(r"会见中|会谈中|会见后|会谈后|会见时|during the (?:meeting|talks)|after the (?:meeting|talks)|at the (?:meeting|talks)")
_ALSO = re.compile(r"\b(?:also|later|earlier|separately|subsequently|afterwards|then|in addition|(?:on )?the same day|later that day)\b")
_COMMA_NAME = re.compile(r"(?:\s+(?:for|of)(?:\s+(?:[A-Z][A-Za-z'’\-]*|and)){1,6})?,\s+([A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+){1,3})(?=[,.;]|\s+(?:at|in|on|and|who)\b)")
_PRONOUN_SUBJ = re.compile(r"\b(?:he|she|the (?:minister|visitors?|guests?|delegation|chinese (?:minister|delegation|side|guests?)))\b")
_STRONG_MEET = re.compile(r"\bmet\b|\bmeets\b|met with|held talks|holds talks|talks with|\breceived\b|\breceives\b|meeting with|"
                          r"called on|courtesy call|"
                          r"separate|bilateral|会见|会谈|会晤|接见|通电话|通话|视频")

# "met with guests from Guyana, Russia, Kyrgyzstan and Tajikistan": several meetings, one per country (CODEBOOK §2)
_GUESTS = re.compile(r"\b(?:met|meets|meeting|received|receives|held talks)\s+(?:separately\s+)?(?:with\s+)?(?:separately\s+)?(?:the\s+)?"
                     r"(?:visiting\s+|foreign\s+|senior\s+)?(?:guests|officials|delegations|delegates|leaders|heads of (?:the )?delegations?|"
                     r"ministers|counterparts|visitors|representatives|police chiefs)\s+(?:from|of)\b|会见了?来自")


# "… were in Beijing for the upcoming forum": a presence, not the multilateral occasion itself
_UPCOMING = re.compile(r"\bupcoming\b|\bforthcoming\b|即将|将于|将在")


# "the Permanent Mission of the People's Republic of China to the United Nations": a place, not a party
_MISSION_TO = re.compile(r"(?:mission|representative|ambassador|envoy|delegation|常驻)\b[^.;]{0,70}?\bto (?:the )?$|常驻$|驻$")


_TITLE_THEN_NAME = re.compile(r",?\s+(?:(?:Mr|Ms|Mrs|Dr|Hon|Gen|General|Senior)\.?\s+)*([A-Z][a-z'’\-]+(?:\s[A-Z][a-z'’\-]+){1,3})")
# "Also present at the meeting were …", "参加会见": attendees, not another meeting
_ATTENDEES = re.compile(r"\b(?:also )?present (?:at|during) the (?:meeting|talks|ceremony)|\bwere (?:also )?present\b|\balso (?:attended|present)\b|"
                        r"\balso (?:spoke|addressed|took part)\b|\b(?:spoke|took part) (?:at|in) the (?:meeting|talks|ceremony)\b|"
                        r"\baccompanied (?:him|her|the)|参加会见|参加会谈|陪同会见|陪同会谈|在座|陪同")


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])(?:[/-]?(0[1-9]|[12]\d|3[01]))?(?=[/_.-]|\d{0,8}[/_.-]|$)")


_LINE_PLACE = re.compile(r"(?m)^[ \t\"“]*([A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+){0,3})\s*(?:,|:|\(|—|–|\s-\s|--)")


_THIRD_ENVOY = re.compile(r"\b(?:ambassador|envoy|high commissioner|charg[eé] d'affaires) of (?!(?:the people's republic of )?china)[a-z]|"
                          r"\b(?!chin)[a-z]+(?:'s|’s|n|ese|i) (?:ambassador|envoy|high commissioner) to\b")


# "for the 13th meeting of Security Council Secretaries of the Shanghai Cooperation Organization": the occasion
_MEETING_OF = re.compile(r"\b(?:meeting|session|summit|conference|assembly) of (?:the )?(?:[a-z'’\-]+ ){0,5}?(?:of |among |within )(?:the )?$")


_DONATION_RX = re.compile(r"\bdonat(?:ed|es|ion|ions|ing)\b|\bgifted\b|捐赠|捐助|赠送")


_THEN_MARK = re.compile(r"\s*(?:after (?:the|their|his|her) (?:signing|meeting|talks|ceremony)|following (?:the|their) (?:signing|meeting|talks)|"
                        r"afterwards|subsequently|later(?: that day)?|会后|会谈后|签字后|随后)")


# "training of Interpol officers", "INTERPOL communication systems": the organisation names a kind of thing
_ORG_AS_ADJ = re.compile(r"\s+(?:officers?|officials?|systems?|equipment|communication|database|channels?|red notices?|notices?|"
                         r"liaison|standards?|training|courses?|network)\b")
