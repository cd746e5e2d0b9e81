#!/usr/bin/env python3
"""Expected import results for every sample and real export file.

Usage (from this directory):

    python3 compute.py /work/shared        # writes expected.json next to this script

This is an independent oracle for Lastmile's importers. It was written from
import/FORMATS.md (the contract), the sample README, real-exports/SOURCES.md and
research/export-formats.md only -- never from the Go importer. Standard library only:
the .xlsx files are read with zipfile + xml.etree.

Workspace assumptions:
  samples/       time zone America/Denver, currency USD
  real-exports/  time zone UTC, currency = the file's own currency

Money is parsed cell by cell with decimal.Decimal, rounded half away from zero to minor
units (cents) per cell, and only then added up as integers.

Judgement calls where FORMATS.md is silent are listed in NOTES.md; the code comments
refer to them as "NOTE n".
"""

import csv
import datetime as dt
import io
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import OrderedDict
from decimal import Decimal, ROUND_HALF_UP, InvalidOperation
from zoneinfo import ZoneInfo

# --------------------------------------------------------------------------------------
# Workspace settings per folder
# --------------------------------------------------------------------------------------

WORKSPACES = {
    "samples": {"tz": "America/Denver", "currency": "USD"},
    "real-exports": {"tz": "UTC", "currency": None},  # None: the file's own currency
}
# When a real export names no currency at all (Stripe 12-column subset export, Meta
# export without a spend column) the currency is the workspace's, which the brief leaves
# open for real-exports: reported as null. NOTE 4.
FALLBACK_CURRENCY = None

# Files in the folders that are not exports (documentation, editor/app lock files). NOTE 1.
def is_export_file(name):
    return not (name.endswith(".md") or name.endswith("-lock"))


# Real exports added to ../shared after this oracle was written whose layouts it does not
# read yet (NOTE 31): they are left out of expected.json until it does.
NOT_YET = set()


# --------------------------------------------------------------------------------------
# Reading files into rows of strings
# --------------------------------------------------------------------------------------

XNS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


class Sheet:
    """A table of strings plus how it was read (for date conversion of xlsx serials)."""

    def __init__(self, rows, xlsx=False, date1904=False, raw_lines=None):
        self.rows = rows
        self.xlsx = xlsx
        self.date1904 = date1904
        self.raw_lines = raw_lines or []


def read_xlsx(path):
    """Every worksheet of an .xlsx as rows of cell strings (numbers keep their XML text)."""
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    pr = wb.find(XNS + "workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(XNS + "si"):
            shared.append("".join(t.text or "" for t in si.iter(XNS + "t")))
    # map sheet r:id -> target file
    rels = {}
    if "xl/_rels/workbook.xml.rels" in z.namelist():
        for rel in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")):
            target = rel.get("Target")
            target = target.lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            rels[rel.get("Id")] = target
    sheets = []
    for sh in wb.iter(XNS + "sheet"):
        target = rels.get(sh.get(RNS + "id"))
        if target is None or target not in z.namelist():
            continue
        root = ET.fromstring(z.read(target))
        rows = []
        for row in root.iter(XNS + "row"):
            cells = {}
            for c in row.findall(XNS + "c"):
                t = c.get("t")
                v = c.find(XNS + "v")
                if t == "s":
                    val = shared[int(v.text)]
                elif t == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter(XNS + "t"))
                else:
                    val = v.text if v is not None and v.text is not None else ""
                cells[_col_index(c.get("r"))] = val
            # keep the row numbering: missing rows become blank rows
            rnum = int(row.get("r")) if row.get("r") else len(rows) + 1
            while len(rows) < rnum - 1:
                rows.append([])
            rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
        sheets.append(Sheet(rows, xlsx=True, date1904=date1904))
    return sheets


def decode_text(data):
    """BOM sniffing: UTF-16LE/BE with BOM, UTF-8 with or without BOM (else cp1252)."""
    if data[:2] == b"\xff\xfe":
        return data[2:].decode("utf-16-le")
    if data[:2] == b"\xfe\xff":
        return data[2:].decode("utf-16-be")
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_text_table(data):
    text = decode_text(data)
    head = text[:4000]
    # Google's "Excel .csv" and other UTF-16 downloads are tab separated; plain CSV is comma.
    delim = "\t" if head.count("\t") > 0 and head.count("\t") >= head.count("\n") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return Sheet(rows, raw_lines=text.splitlines()[:40])


# --------------------------------------------------------------------------------------
# Value parsing
# --------------------------------------------------------------------------------------

MISSING = {"", "--", "-", "—"}
CENT = Decimal("0.01")


def parse_decimal(s):
    """'$1,240.00' '(310.00)' '-$0.95' '€920.23' '"9,380"' '1.234,56' -> Decimal; missing -> None."""
    if s is None:
        return None
    s = s.strip()
    if s in MISSING:
        return None
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    if s.startswith("-"):
        neg, s = (not neg), s[1:].strip()
    s = re.sub(r"[\$€£₹¥]|[A-Z]{3}\s*", "", s).strip()
    if s.startswith("-"):
        neg, s = (not neg), s[1:].strip()
    s = s.replace("\u00a0", "").replace(" ", "").replace("%", "")
    if "," in s and "." in s and s.rfind(",") > s.rfind("."):
        s = s.replace(".", "").replace(",", ".")  # European 1.234,56
    else:
        s = s.replace(",", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    return -d if neg else d


# Minor units per currency: Lastmile keeps money in each currency's standard digits
# as CLDR gives them (golang.org/x/text/currency, Standard), which differ from ISO 4217
# for some currencies (IDR: 2 in ISO 4217, 0 in CLDR). Currencies not listed have 2.
# NOTE 36.
CURRENCY_DIGITS = {"JPY": 0, "KRW": 0, "IDR": 0, "COP": 0, "MUR": 0, "CLP": 0, "VND": 0, "ISK": 0, "UGX": 0}


def in_currency_digits(minor_cents, currency):
    """Amount in hundredths -> the currency's minor units; refuses to round."""
    if minor_cents is None:
        return None
    digits = CURRENCY_DIGITS.get(currency, 2)
    factor = 10 ** (2 - digits)
    if minor_cents % factor:
        raise SystemExit("an amount with cents in %s, which has %d digits: not in the files this oracle reads" % (currency, digits))
    return minor_cents // factor


def to_minor(d):
    """Decimal -> integer minor units, half away from zero (ROUND_HALF_UP is away from zero)."""
    return int(d.quantize(CENT, rounding=ROUND_HALF_UP) * 100)


def money_minor(s):
    d = parse_decimal(s)
    return None if d is None else to_minor(d)


def count_int(s):
    d = parse_decimal(s)
    return None if d is None else int(d.to_integral_value(rounding=ROUND_HALF_UP))


MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})


def parse_long_date(s):
    """'March 1, 2025' / '1 March 2025' / 'Mar 1, 2025' -> date."""
    s = s.strip().replace(",", "")
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}) (\d{4})", s)
    if m:
        return dt.date(int(m.group(3)), MONTHS[m.group(1).lower()[:3]], int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})", s)
    if m:
        return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()[:3]], int(m.group(1)))
    raise ValueError("unparsed date %r" % s)


def parse_range_line(s):
    """Google Ads title line 2: 'March 1, 2025 - May 31, 2025' -> (first, last)."""
    a, b = s.split(" - ")
    return parse_long_date(a), parse_long_date(b)


def plain_date(s, sheet=None):
    """A date without time: ISO, MM/DD/YYYY, or an Excel serial in an xlsx."""
    s = s.strip()
    if sheet is not None and sheet.xlsx and re.fullmatch(r"\d+(\.\d+)?", s):
        base = dt.date(1904, 1, 1) if sheet.date1904 else dt.date(1899, 12, 30)
        return base + dt.timedelta(days=int(Decimal(s)))
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    raise ValueError("unparsed date %r" % s)


def offset_timestamp_day(s, tz):
    """Shopify '2025-05-31 15:59:03 -0600' -> business date in the workspace zone."""
    t = dt.datetime.strptime(s.strip(), "%Y-%m-%d %H:%M:%S %z")
    return t.astimezone(ZoneInfo(tz)).date()


def utc_timestamp_day(s, tz):
    """Stripe 'Created date (UTC)' '2024-02-04 16:17:09' -> business date in the workspace zone."""
    t = dt.datetime.strptime(s.strip()[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
    return t.astimezone(ZoneInfo(tz)).date()


SQUARE_ZONES = {
    "Mountain Time (US & Canada)": "America/Denver",
    "Eastern Time (US & Canada)": "America/New_York",
    "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Central Time (US & Canada)": "America/Chicago",
}


def local_time_day(date_s, time_s, zone_name, tz):
    """Square Date + Time in its own Time Zone -> business date in the workspace zone."""
    local = dt.datetime.strptime(date_s.strip() + " " + time_s.strip(), "%Y-%m-%d %H:%M:%S")
    local = local.replace(tzinfo=ZoneInfo(SQUARE_ZONES[zone_name.strip()]))
    return local.astimezone(ZoneInfo(tz)).date()


# --------------------------------------------------------------------------------------
# Header recognition
# --------------------------------------------------------------------------------------

def norm(h):
    """Header cell as compared: trimmed, lower case, a leading '*' (Xero 'required') dropped."""
    return h.strip().lstrip("*").strip().lower()


class Table:
    """The rows above the header (title lines), the header and the data rows of one sheet."""

    def __init__(self, sheet, header_index):
        self.sheet = sheet
        self.above = sheet.rows[:header_index]
        self.header = [c.strip() for c in sheet.rows[header_index]]
        self.names = [norm(c) for c in self.header]
        self.data = sheet.rows[header_index + 1:]

    def has(self, *names):
        return all(n in self.names for n in names)

    def idx(self, name):
        """Index of the first column with that (normalised) name, or None."""
        try:
            return self.names.index(name)
        except ValueError:
            return None

    def get(self, row, name):
        i = self.idx(name)
        if i is None or i >= len(row):
            return ""
        return row[i]

    def title_lines(self):
        return [" ".join(c.strip() for c in r if c.strip()) for r in self.above
                if any(c.strip() for c in r)]


def meta_spend_col(names):
    for n in names:
        if re.fullmatch(r"amount spent \([a-z]{3}\)", n):
            return n
    return None


SIGNATURES = [
    # (kind, test on a Table) -- the first row that satisfies one of these is the header.
    ("google_ads_asset", lambda t: (t.has("asset") or t.has("asset type")) and t.has("cost", "impr.")),
    ("google_ads", lambda t: t.has("campaign", "cost") and (t.has("impr.") or t.has("currency code"))),
    ("meta", lambda t: (meta_spend_col(t.names) or t.has("reporting starts"))
        and any(t.has(n) for n in ("campaign name", "ad set name", "ad name", "campaigns", "ad sets", "ads"))),
    ("shopify", lambda t: t.has("name", "financial status", "lineitem name")),
    ("square", lambda t: t.has("total collected", "event type")),
    ("stripe", lambda t: t.has("created date (utc)", "amount")),
    ("qbo_detail", lambda t: t.has("transaction date", "transaction type", "num", "amount")),
    ("hubspot", lambda t: t.has("record id") and (t.has("original source") or t.has("lifecycle stage")
                                                   or t.has("deal stage"))),
    ("shopify_inventory", lambda t: t.has("handle", "title", "option1 value", "sku")
        and (t.has("on hand (current)") or t.has("on hand") or t.has("available") or t.has("coo"))),
    ("paypal", lambda t: t.has("date", "time", "timezone", "name", "type", "status", "currency")
        and (t.has("gross") or t.has("amount"))),
    # recognised only to be refused
    ("google_ads_one_campaign", lambda t: (t.has("keyword") or t.has("search keyword")) and t.has("ad group", "cost")
        and not t.has("campaign")),
    ("qbo_statement", lambda t: t.has("distribution account")),
    ("web_analytics", lambda t: (t.has("pageviews") or t.has("sessions")) and (t.has("page") or t.has("landing page"))),
    ("qbo_pnl", lambda t: t.has("distribution account") and any(re.fullmatch(r"[a-z]+ \d{4}", n) for n in t.names)),
    ("qbo_summary", lambda t: t.names[:2] == ["customer", "total"]),
    ("xero_chart", lambda t: t.has("code", "name", "type", "tax code")),
]


def find_table(sheet):
    for i, row in enumerate(sheet.rows[:60]):
        if not any(c.strip() for c in row):
            continue
        t = Table(sheet, i)
        for kind, test in SIGNATURES:
            if test(t):
                return kind, t
    return None, None


def refused(why):
    return {"refused": True, "why": why}


# --------------------------------------------------------------------------------------
# Ad platforms -> ad stats
# --------------------------------------------------------------------------------------

class AdAccumulator:
    """Adds rows that share platform / account / campaign / ad group / level / day-or-range."""

    def __init__(self, level):
        self.level = level
        self.keys = OrderedDict()
        self.spend = 0
        self.impr = 0
        self.clicks = 0
        self.conv = Decimal(0)
        self.value = 0
        self.days = []
        self.campaigns = set()

    def add(self, campaign, ad_group, first, last, spend, impr, clicks, conv, value, count_name):
        self.keys[(campaign, ad_group, self.level, first, last)] = True
        if count_name:  # a file that names no campaign counts none (NOTE 35)
            self.campaigns.add(count_name)
        self.days += [first, last]
        self.spend += spend or 0
        self.impr += impr or 0
        self.clicks += clicks or 0
        self.conv += conv or 0
        self.value += value or 0

    def result(self, currency, has_spend, has_clicks, has_conv, has_value):
        return {
            "kind": "ad_stats",
            "currency": currency,
            "rows": len(self.keys),
            "spend_minor": in_currency_digits(self.spend, currency) if has_spend else None,
            "impressions": self.impr,
            "clicks": self.clicks if has_clicks else None,
            "conversions": str(self.conv.quantize(CENT, rounding=ROUND_HALF_UP)) if has_conv else None,
            "conversion_value_minor": in_currency_digits(self.value, currency) if has_value else None,
            "first_day": min(self.days).isoformat(),
            "last_day": max(self.days).isoformat(),
            "campaigns": len(self.campaigns),
            "level": self.level,
        }


def google_ads(t, ws):
    """Google Ads UI download (CSV, "Excel .csv" UTF-16/TAB, XLSX).

    Rules (FORMATS.md, Google Ads row):
    - title line 1 = report name, title line 2 = date range; 'All time' is refused.
    - location / asset / overview downloads are refused.
    - rows whose first cells start 'Total:' are totals (the label can be in column 3 of a
      keyword report, so the first three cells are checked).
    - with a Day column an empty Day marks a campaign subtotal: skipped.
    - without a Day column every row covers the range of title line 2.
    - level: search_term when 'Search term' (imported at its own level), keyword when
      'Keyword', ad when 'Ad type'/'Headline 1', ad group when 'Ad group', else campaign.
    """
    titles = t.title_lines()
    report_name = titles[0] if titles else ""
    if t.has("location") or "location" in report_name.lower():
        return refused("Google Ads location report")
    if "asset" in report_name.lower() or t.has("asset") or t.has("asset type"):
        return refused("Google Ads asset report")
    range_line = titles[1] if len(titles) > 1 else ""
    has_day = t.has("day")
    if not has_day:
        if range_line.strip().lower() == "all time" or not range_line:
            return refused("Google Ads 'All time' report (no dates)")
        first, last = parse_range_line(range_line)

    if t.has("search term"):
        level = "search_term"
    elif t.has("keyword"):
        level = "keyword"
    elif t.has("ad type") or t.has("headline 1"):
        level = "ad"
    elif t.has("ad group"):
        level = "ad_group"
    else:
        level = "campaign"

    # Clicks: 'Clicks', else 'Interactions' (NOTE 12). Conversions: 'Conversions'.
    clicks_col = "clicks" if t.has("clicks") else ("interactions" if t.has("interactions") else None)
    conv_col = "conversions" if t.has("conversions") else None
    value_col = "conv. value" if t.has("conv. value") else None
    acc = AdAccumulator(level)
    currencies = set()
    for row in t.data:
        if not any(c.strip() for c in row):
            continue
        if any(c.strip().startswith("Total:") for c in row[:3]):
            continue
        campaign = t.get(row, "campaign").strip()
        if has_day:
            day = t.get(row, "day").strip()
            if not day:
                continue  # campaign subtotal row
            first = last = plain_date(day, t.sheet)
        ad_group = t.get(row, "ad group").strip() if level != "campaign" else ""
        cur = t.get(row, "currency code").strip()
        if cur:
            currencies.add(cur)
        acc.add(campaign, ad_group, first, last,
                money_minor(t.get(row, "cost")),
                count_int(t.get(row, "impr.")),
                count_int(t.get(row, clicks_col)) if clicks_col else None,
                parse_decimal(t.get(row, conv_col)) if conv_col else None,
                money_minor(t.get(row, value_col)) if value_col else None,
                campaign)
    currency = file_currency(ws, currencies)  # 'Currency code' column
    res = acc.result(currency, t.has("cost"), clicks_col is not None, conv_col is not None,
                     value_col is not None)
    res.update(google_stated_totals(t))
    return res


def google_stated_totals(t):
    """The totals a Google Ads download states about itself (NOTE 30).

    A total row carries its label ('Total: Account', 'Total: Other search terms', ...) in
    one of its first three cells; cells before the label hold a segment value in a report
    segmented by device or network ('Computers,Total: Account,...'). A label's total is its
    unsegmented row if there is one, else the sum over its segment values.
    - stated_total_minor: 'Total: Account', else 'Total: Campaign' (a download from inside
      one campaign); null when the file has neither.
    - other_terms_minor, other_terms_clicks, other_terms_conversions: 'Total: Other search
      terms' (terms Google does not list one by one); null when absent.
    """
    found = {}
    for row in t.data:
        for i, cell in enumerate(row[:3]):
            label = cell.strip()
            if label.startswith("Total:"):
                segment = " ".join(c.strip() for c in row[:i] if c.strip() not in ("", "--"))
                by_segment = found.setdefault(label.lower(), {})
                figures = by_segment.setdefault(segment, [0, 0, Decimal(0)])
                figures[0] += money_minor(t.get(row, "cost")) or 0
                figures[1] += count_int(t.get(row, "clicks")) or 0
                figures[2] += parse_decimal(t.get(row, "conversions")) or 0
                break

    def total(label, i):
        by_segment = found.get(label.lower())
        if by_segment is None:
            return None
        if "" in by_segment:
            return by_segment[""][i]
        return sum(f[i] for f in by_segment.values())

    stated = total("Total: Account", 0)
    if stated is None:
        stated = total("Total: Campaign", 0)
    other_conv = total("Total: Other search terms", 2)
    return {
        "stated_total_minor": stated,
        "other_terms_minor": total("Total: Other search terms", 0),
        "other_terms_clicks": total("Total: Other search terms", 1),
        "other_terms_conversions": None if other_conv is None else str(other_conv.quantize(CENT, rounding=ROUND_HALF_UP)),
    }


def meta_ads(t, ws):
    """Meta Ads Manager export.

    Rules (FORMATS.md, Meta row):
    - currency from the header 'Amount spent (XXX)'.
    - day: 'Day', else 'Reporting starts'-'Reporting ends' (a range when they differ).
    - claimed conversions: 'Results', else 'Purchases', else 'Leads' (chosen per file by
      which column exists, NOTE 18); value: 'Purchases conversion value', else 'Results value'.
    - clicks: 'Link clicks', else 'Clicks (all)'.
    - 'No data available.' files are refused; without a spend column the file is imported
      (impressions and clicks only): spend_minor null (NOTE 19).
    - breakdown rows (age, gender, audience segment) sharing campaign/ad set/day are added.
    - a row with an empty campaign / ad set name is a summary row: skipped.
    """
    real = [r for r in t.data if any(c.strip() for c in r)]
    if len(real) == 1 and real[0][0].strip().lower().startswith("no data available"):
        return refused("Meta 'No data available.' export")
    spend_col = meta_spend_col(t.names)
    currency = ws["currency"] or (spend_col[-4:-1].upper() if spend_col else None)
    if currency is None:
        currency = file_currency(ws, {t.get(r, "currency").strip() for r in real})
    conv_col = next((c for c in ("results", "purchases", "leads") if t.has(c)), None)
    value_col = next((c for c in ("purchases conversion value", "results value") if t.has(c)), None)
    clicks_col = next((c for c in ("link clicks", "clicks (all)") if t.has(c)), None)
    # The first column may be named after the Ads Manager tab ("Campaigns", "Ad sets",
    # "Ads") instead of the name it holds (NOTE 35).
    campaign_col = next((c for c in ("campaign name", "campaigns") if t.has(c)), None)
    adset_col = next((c for c in ("ad set name", "ad sets") if t.has(c)), None)
    ad_col = next((c for c in ("ad name", "ads") if t.has(c)), None)
    has_campaign, has_adset = campaign_col is not None, adset_col is not None
    level = "ad" if ad_col else ("ad_group" if has_adset else "campaign")
    acc = AdAccumulator(level)
    for row in real:
        campaign = t.get(row, campaign_col).strip() if has_campaign else ""
        ad_set = t.get(row, adset_col).strip() if has_adset else ""
        if has_campaign or has_adset:
            if not (campaign or ad_set):
                continue  # summary row
        elif not t.get(row, ad_col).strip():
            continue  # summary row of an export that names only its ads
        if t.has("day") and t.get(row, "day").strip():
            first = last = plain_date(t.get(row, "day"), t.sheet)
        else:
            first = plain_date(t.get(row, "reporting starts"), t.sheet)
            last = plain_date(t.get(row, "reporting ends"), t.sheet)
        acc.add(campaign, ad_set if level != "campaign" else "", first, last,
                money_minor(t.get(row, spend_col)) if spend_col else None,
                count_int(t.get(row, "impressions")),
                count_int(t.get(row, clicks_col)) if clicks_col else None,
                parse_decimal(t.get(row, conv_col)) if conv_col else None,
                money_minor(t.get(row, value_col)) if value_col else None,
                campaign if has_campaign else ad_set)  # NOTE 21: ad sets counted without a campaign column
    return acc.result(currency, spend_col is not None, clicks_col is not None,
                      conv_col is not None, value_col is not None)


# --------------------------------------------------------------------------------------
# Sales systems -> sales and sale lines
# --------------------------------------------------------------------------------------

class SalesAccumulator:
    def __init__(self):
        self.records = OrderedDict()  # natural key -> (kind, net_minor, day)
        self.lines = 0
        self.currencies = set()

    def put(self, key, kind, net, day):
        assert key not in self.records, key
        self.records[key] = (kind, net, day)

    def result(self, currency):
        recs = list(self.records.values())
        days = [r[2] for r in recs]
        return {
            "kind": "sales",
            "currency": currency,
            "records": len(recs),
            "sales": sum(1 for k, n, _ in recs if k == "order" and n > 0),
            "revenue_minor": sum(n for _, n, _ in recs),
            "refunds": sum(1 for k, _, _ in recs if k == "refund"),
            "voids": sum(1 for k, _, _ in recs if k == "void"),
            "lines": self.lines,
            "first_day": min(days).isoformat(),
            "last_day": max(days).isoformat(),
        }


def file_currency(ws, found):
    if ws["currency"]:
        return ws["currency"]
    found = {c.upper() for c in found if c}
    return found.pop() if len(found) == 1 else FALLBACK_CURRENCY


def shopify(t, ws):
    """Shopify orders export.

    Rules: rows grouped by 'Name'; order fields from the group's first row; each row is a
    sale line. Net = Total - Refunded Amount. 'voided', 'pending', 'authorized' -> void
    (no money: net 0, NOTE 22). 'refunded' stays an order with net 0 (not a sale, not a
    refund row, NOTE 23). Day = 'Created at' (with offset) in the workspace zone.
    """
    acc = SalesAccumulator()
    first_rows = OrderedDict()
    for row in t.data:
        name = t.get(row, "name").strip()
        if not name:
            continue
        acc.lines += 1
        first_rows.setdefault(name, row)
    for name, row in first_rows.items():
        status = t.get(row, "financial status").strip().lower()
        day = offset_timestamp_day(t.get(row, "created at"), ws["tz"])
        acc.currencies.add(t.get(row, "currency").strip())
        if status in ("voided", "pending", "authorized"):
            acc.put(name, "void", 0, day)
            continue
        total = money_minor(t.get(row, "total")) or 0
        refunded = money_minor(t.get(row, "refunded amount")) or 0
        acc.put(name, "order", total - refunded, day)
    return acc.result(file_currency(ws, acc.currencies))


def square(t, ws):
    """Square transactions.

    Rules: 'Payment' rows are orders, 'Refund' rows are refunds; revenue = 'Total
    Collected' (refund rows are already negative). Key = Transaction ID; a refund shares
    its payment's Transaction ID, so the stored key is (kind, Transaction ID) (NOTE 25).
    Day = Date + Time in 'Time Zone', converted to the workspace zone.
    Lines = the items of 'Description' ('Name x 2, Other x 1'), on refund rows too (NOTE 26).
    """
    acc = SalesAccumulator()
    for row in t.data:
        if not any(c.strip() for c in row):
            continue
        event = t.get(row, "event type").strip().lower()
        kind = {"payment": "order", "refund": "refund"}.get(event)
        if kind is None:
            raise ValueError("unknown Square event type %r" % event)
        net = money_minor(t.get(row, "total collected")) or 0
        day = local_time_day(t.get(row, "date"), t.get(row, "time"), t.get(row, "time zone"), ws["tz"])
        acc.put((kind, t.get(row, "transaction id").strip()), kind, net, day)
        desc = t.get(row, "description").strip()
        if desc:
            acc.lines += len(re.findall(r" x \d+(?:, |$)", desc))
    return acc.result(file_currency(ws, []))


def stripe(t, ws):
    """Stripe unified_payments.csv.

    Rules: net = Amount - Amount Refunded (missing column -> 0). 'Failed' status -> void;
    a row with an empty charge 'id' is an unpaid invoice intent -> void (net 0). Key =
    'id', else 'PaymentIntent ID'. Day = 'Created date (UTC)' in the workspace zone.
    No line items in this export: lines = 0 (NOTE 27). No Currency column: workspace
    currency (NOTE 4).
    """
    acc = SalesAccumulator()
    for row in t.data:
        if not any(c.strip() for c in row):
            continue
        cid = t.get(row, "id").strip()
        key = cid or t.get(row, "paymentintent id").strip()
        if not key:
            continue  # an attempt that never reached a charge: no payment (NOTE 32)
        day = utc_timestamp_day(t.get(row, "created date (utc)"), ws["tz"])
        acc.currencies.add(t.get(row, "currency").strip())
        status = t.get(row, "status").strip().lower()
        if not cid or status == "failed":
            acc.put(key, "void", 0, day)
            continue
        amount = money_minor(t.get(row, "amount")) or 0
        refunded = money_minor(t.get(row, "amount refunded")) or 0
        acc.put(key, "order", amount - refunded, day)
    return acc.result(file_currency(ws, acc.currencies))


def qbo_detail(t, ws):
    """QuickBooks Online Sales by Customer Detail (CSV or XLSX).

    Rules: customer group rows (only the first cell filled) are carried down; 'Total for
    ...', 'TOTAL', 'Accrual/Cash Basis ...' and blank rows are skipped; detail rows with
    the same Transaction type + Num form one sale whose revenue is the sum of 'Amount';
    'Credit Memo' and 'Refund Receipt' -> refund. Each detail row is a sale line.
    Day = Transaction date (no time; xlsx serials in the 1900 system).
    """
    titles = t.title_lines()
    if (titles and titles[0].strip().lower().startswith("general ledger")) or \
            t.has("distribution account") or t.has("split account"):
        return refused("QuickBooks General Ledger")
    acc = SalesAccumulator()
    groups = OrderedDict()
    customer = None
    for row in t.data:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        first = cells[0] if cells else ""
        if first.startswith("Total for") or first == "TOTAL" or \
                first.startswith("Accrual Basis") or first.startswith("Cash Basis"):
            continue
        if first and not any(cells[1:]):
            customer = first  # customer group row, carried down
            continue
        ttype = t.get(row, "transaction type").strip()
        num = t.get(row, "num").strip()
        key = (ttype, num)
        day = plain_date(t.get(row, "transaction date"), t.sheet)
        amount = money_minor(t.get(row, "amount")) or 0
        g = groups.setdefault(key, {"type": ttype, "net": 0, "day": day, "customer": customer})
        g["net"] += amount
        acc.lines += 1
    for key, g in groups.items():
        kind = "refund" if g["type"].lower() in ("credit memo", "refund receipt") else "order"
        acc.put(key, kind, g["net"], g["day"])
    return acc.result(file_currency(ws, []))


# --------------------------------------------------------------------------------------
# Lead systems -> leads
# --------------------------------------------------------------------------------------

def hubspot(t, ws):
    """HubSpot contacts. Key = Record ID; day = date part of 'Create Date' as written
    (HubSpot writes the portal's local wall time without an offset, NOTE 29)."""
    seen = OrderedDict()
    for row in t.data:
        rid = t.get(row, "record id").strip()
        if not rid:
            continue
        seen[rid] = (t.get(row, "email").strip(), plain_date(t.get(row, "create date")))
    days = [d for _, d in seen.values()]
    return {
        "kind": "leads",
        "records": len(seen),
        "with_email": sum(1 for e, _ in seen.values() if e),
        "first_day": min(days).isoformat(),
        "last_day": max(days).isoformat(),
    }


# --------------------------------------------------------------------------------------
# Dispatch
# --------------------------------------------------------------------------------------

HANDLERS = {
    "google_ads": google_ads,
    "meta": meta_ads,
    "shopify": shopify,
    "square": square,
    "stripe": stripe,
    "qbo_detail": qbo_detail,
    "hubspot": hubspot,
    "google_ads_asset": lambda t, ws: refused("Google Ads asset report"),
    "qbo_pnl": lambda t, ws: refused("QuickBooks Profit and Loss"),
    "qbo_summary": lambda t, ws: refused("QuickBooks Sales by Customer Summary"),
    "xero_chart": lambda t, ws: refused("Xero chart of accounts"),
    "shopify_inventory": lambda t, ws: shopify_inventory(t, ws),
    "paypal": lambda t, ws: paypal(t, ws),
    "google_ads_one_campaign": lambda t, ws: refused("Google Ads report from inside one campaign: its campaign must be named"),
    "qbo_statement": lambda t, ws: refused("QuickBooks financial statement"),
    "web_analytics": lambda t, ws: refused("web analytics (page views)"),
}


def shopify_inventory(t, ws):
    """Shopify inventory export (NOTE 33): one row per variant and location.

    The quantity is 'On hand (current)', else 'On hand', else 'Available'; in the older
    layout, the one column after 'COO' (named after the location). Every row is a
    variant at a location: records = rows, on_hand = the sum of the quantities.
    """
    col = next((c for c in ("on hand (current)", "on hand", "available") if t.has(c)), None)
    if col is None:
        i = t.names.index("coo")
        rest = [n for n in t.names[i + 1:] if n]
        if len(rest) != 1:
            return refused("Shopify inventory with several locations")
        col = rest[0]
    records, on_hand = 0, Decimal(0)
    for row in t.data:
        if not any(c.strip() for c in row):
            continue
        records += 1
        on_hand += parse_decimal(t.get(row, col)) or 0
    return {"kind": "stock", "records": records, "on_hand": str(on_hand)}


PAYPAL_MOVES = {"general card deposit", "bank deposit to pp account", "general withdrawal",
                "general currency conversion", "user initiated withdrawal", "transfer"}


def paypal(t, ws):
    """PayPal activity download (NOTE 34): a payment received is a positive amount whose
    type is not one of the owner's own money moves; refunds are 'Payment Refund'. A
    download with no payment received is refused.
    """
    amount_col = "gross" if t.has("gross") else "amount"
    received = 0
    for row in t.data:
        if not any(c.strip() for c in row):
            continue
        kind = t.get(row, "type").strip().lower()
        amount = money_minor(t.get(row, amount_col)) or 0
        if kind not in PAYPAL_MOVES and amount > 0:
            received += 1
    if received == 0:
        return refused("PayPal download with no payments received")
    raise SystemExit("paypal with payments received: not in the files this oracle reads")


def compute_file(path, ws):
    data = open(path, "rb").read()
    if data[:2] == b"PK":
        z = zipfile.ZipFile(path)
        if "xl/workbook.xml" not in z.namelist():
            return refused("zip archive")
        sheets = read_xlsx(path)
    else:
        sheets = [read_text_table(data)]
        # GA4 "Download file": a '#' comment block ('# Property: ...', '# Start date: ...')
        # above the table(s).
        if any(re.match(r"#\s*(Report CSV Export|Property:|Start date:)", l)
               for l in sheets[0].raw_lines):
            return refused("GA4 export (sessions, not sales)")
    for sheet in sheets:  # every sheet is searched for a header row
        kind, table = find_table(sheet)
        if kind:
            return HANDLERS[kind](table, ws)
    # Nothing recognised. The only such file here is the "Campaigns" card of a Google Ads
    # Overview download (Campaign Name, Campaign Group Name, Campaign Status, Cost, Clicks,
    # CTR): no dates, no impressions. NOTE 6.
    return refused("not a recognised export (Google Ads overview card: no dates)")


def main(root):
    out = {}
    for top in ("samples", "real-exports"):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if not is_export_file(name):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if rel in NOT_YET:
                    continue
                out[rel] = compute_file(path, WORKSPACES[top])
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    return out


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared")
