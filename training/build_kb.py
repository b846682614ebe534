"""Build the places of the knowledge base: every country, its capital, the gazetteer's cities.

    .venv/bin/python training/build_kb.py [--gazetteers ../shared/data/gazetteers]

Reads mledoze/countries (ODbL 1.0) and world-cities-translations (CC BY 4.0, from
Wikidata), applies the hand-made corrections in src/marsad/kb/curated/places.jsonl,
and writes src/marsad/kb/data/places.jsonl. Deterministic: same inputs, same bytes.

Ids (see src/marsad/kb/README.md): `LOC:SN` for a country (ISO 3166-1 alpha-2),
`LOC:SN:dakar` for a city (its country's code and a slug of its English name).

The city file's Arabic labels are noisy (Mosul is labelled with a drug name, Aden
with a virus family, some cities with the name of their province or football
club), so an Arabic label is kept only when its consonants agree with the
English name's (see `_similar`), and never when it is some country's name.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from marsad.arabic import fold, strip_diacritics, words

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT.parent / "shared/data/gazetteers"
OUT = ROOT / "src/marsad/kb/data/places.jsonl"
CURATED = ROOT / "src/marsad/kb/curated/places.jsonl"

# The city file names some countries differently from mledoze.
COUNTRY_NAMES = {
    "Turkey": "TR",
    "Palestinian Territory Occupied": "PS",
    "Hong Kong S.A.R.": "HK",
    "Fiji Islands": "FJ",
    "Sao Tome and Principe": "ST",
    "Bosnia and Herzevina": "BA",
    "Man (Isle of)": "IM",
}
# Administrative words the city file puts before a city's name ("محافظة إدلب").
ADMIN_PREFIXES = (
    "ناحية مركز",
    "لواء قصبة",
    "ولاية",
    "محافظة",
    "مديرية",
    "ناحية",
    "قضاء",
    "منطقة",
    "شعبية",
    "عزلة",
    "مركز",
    "مدينة",
    "إقليم",
    "بلدية",
    "معتمدية",
    "قسم",
    "مقاطعة",
)
# Labels that name a building or an institution, not the city.
NOT_A_PLACE = re.compile(r"جامعة|جامعه|مستشفى|مستشفي|مطار|ميناء|ملعب|نادي|معركة|مدرسة|فندق|مسجد|كنيسة")
SIMILARITY = 0.6


def slug(name: str) -> str:
    """Lowercase ASCII words joined by hyphens: 'São Tomé' -> 'sao-tome'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _ar_skeleton(name: str) -> str:
    table = {
        **dict.fromkeys("تطدضثذ", "T"),
        **dict.fromkeys("سصزظش", "S"),
        **dict.fromkeys("جكقغخ", "K"),
        **dict.fromkeys("حه", "H"),
        "ب": "B",
        "ف": "F",
        "ل": "L",
        "م": "M",
        "ن": "N",
        "ر": "R",
    }
    out = []
    for word in words(fold(name)):
        word = word[2:] if word.startswith("ال") and len(word) > 3 else word
        word = word.removesuffix("ه")
        out += [table.get(c, "") for c in word]
    return _squeeze("".join(out))


def _en_skeleton(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    kept = [
        w
        for w in re.findall(r"[a-z]+", name)
        if w not in {"al", "el", "as", "ash", "ad", "an", "ar", "at", "az"}
    ]
    text = " ".join(kept)
    for pair, code in (
        ("sh", "S"),
        ("ch", "S"),
        ("kh", "K"),
        ("gh", "K"),
        ("ph", "F"),
        ("th", "T"),
        ("dh", "T"),
    ):
        text = text.replace(pair, code)
    text = re.sub(r"c(?=[eiy])", "S", text)
    table = {
        **dict.fromkeys("td", "T"),
        **dict.fromkeys("szx", "S"),
        **dict.fromkeys("gjkqc", "K"),
        **dict.fromkeys("bp", "B"),
        **dict.fromkeys("fv", "F"),
        "h": "H",
        "l": "L",
        "m": "M",
        "n": "N",
        "r": "R",
    }
    return _squeeze("".join(table.get(c, c if c.isupper() else "") for c in text))


def _squeeze(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _similar(arabic: str, english: str) -> bool:
    """Whether an Arabic label plausibly spells the English name (consonant skeletons)."""
    ar, en = _ar_skeleton(arabic), _en_skeleton(english)
    if not ar or not en or len(ar) > len(en) + 2:
        return False
    return SequenceMatcher(None, ar, en).ratio() >= SIMILARITY


def _clean_label(label: str) -> str:
    label = strip_diacritics(re.sub(r"[\u200e\u200f]", "", label)).replace("_", " ").strip()
    label = re.split(r"[،,(]", label)[0].strip()  # "سان فرناندو، الفلبين" -> "سان فرناندو"
    for prefix in ADMIN_PREFIXES:
        if label.startswith(prefix + " "):
            return label[len(prefix) + 1 :].strip()
    return label


def countries(path: Path) -> list[dict[str, Any]]:
    """One entry per mledoze country: Arabic and English common/official names, codes."""
    entries = []
    for country in sorted(json.loads(path.read_text(encoding="utf-8")), key=lambda c: c["cca2"]):
        ar, en = country["translations"]["ara"], country["name"]
        aliases = [ar["common"], ar["official"], en["common"], en["official"]]
        aliases += [s for s in country.get("altSpellings", []) if len(s) > 3 and s.isascii()]
        entries.append(
            {
                "id": f"LOC:{country['cca2']}",
                "type": "LOC",
                "names": {"ar": ar["common"], "en": en["common"]},
                "aliases": aliases,
                "kind": "country",
                "iso2": country["cca2"],
                "iso3": country["cca3"],
                "capital": list(country.get("capital", [])),
            }
        )
    return entries


def cities(path: Path, code_of: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per city row, most populous first within a country; Arabic label checked."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda r: (r["CountryNameEn"], -float(r["Population"] or 0), r["CityNameEn"]))
    entries, taken = [], set()
    for row in rows:
        code = code_of.get(row["CountryNameEn"]) or COUNTRY_NAMES.get(row["CountryNameEn"])
        if code is None:
            raise SystemExit(f"build_kb: no country code for {row['CountryNameEn']!r}")
        base = f"LOC:{code}:{slug(row['CityNameEn'])}"
        ident, n = base, 1
        while ident in taken:  # two cities of one name in one country: -2, -3 by population
            n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        label = _clean_label(row["CityNameAr"])
        good = bool(label) and not NOT_A_PLACE.search(label) and _similar(label, row["CityNameEn"])
        entries.append(
            {
                "id": ident,
                "type": "LOC",
                "names": {"ar": label if good else "", "en": row["CityNameEn"]},
                "aliases": [],
                "kind": "city",
                "country": code,
                "population": int(float(row["Population"] or 0)),
            }
        )
    return entries


def mark_capitals(country_entries: list[dict[str, Any]], city_entries: list[dict[str, Any]]) -> list[str]:
    """Mark each country's capital among the cities; return the capitals not found."""
    by_name = {(e["country"], slug(e["names"]["en"])): e for e in reversed(city_entries)}
    missing = []
    for country in country_entries:
        for capital in country["capital"]:
            city = by_name.get((country["iso2"], slug(capital)))
            if city is None:
                missing.append(f"{country['iso2']}:{capital}")
            else:
                city["capital_of"] = country["iso2"]
    return missing


def apply_curated(entries: list[dict[str, Any]], path: Path) -> set[str]:
    """Hand corrections: set names, add or drop aliases, add entries the sources lack.

    Returns the curated `stop_names`: keys of names no city may have (common words, given names).
    """
    stop_names: set[str] = set()
    by_id = {e["id"]: e for e in entries}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        patch = json.loads(line)
        if "stop_names" in patch:
            stop_names.update(_key(name) for name in patch["stop_names"])
            continue
        entry = by_id.get(patch["id"])
        if entry is None:
            if not {"ar", "en"} <= set(patch.get("names", {})):
                raise SystemExit(
                    f"build_kb: {path.name}:{number}: unknown id {patch['id']!r} and no names to add it"
                )
            entry = by_id[patch["id"]] = {"id": patch["id"], "type": "LOC", "names": {}, "aliases": []}
            entries.append(entry)
        entry["names"].update(patch.get("names", {}))
        dropped = set(patch.get("drop_aliases", []))
        entry["aliases"] = [a for a in entry["aliases"] if a not in dropped] + patch.get("aliases", [])
        entry.update({k: v for k, v in patch.items() if k not in ("id", "names", "aliases", "drop_aliases")})
    return stop_names


def finish(entries: list[dict[str, Any]], stop_names: set[str]) -> list[dict[str, Any]]:
    """Drop entries with no Arabic name, keep country names for countries, dedupe aliases."""
    country_keys = {
        _key(n): e["id"]
        for e in entries
        if e.get("kind") == "country"
        for n in (e["names"]["ar"], *e["aliases"])
    }
    capitals = {e["id"] for e in entries if e.get("capital_of")}
    done = []
    for entry in entries:
        if not entry["names"].get("ar"):
            continue
        if (
            entry.get("kind") == "city"
            and not entry.get("capital_of")
            and _key(entry["names"]["ar"]) in stop_names
        ):
            continue
        names = [entry["names"]["ar"], entry["names"]["en"]]
        aliases = []
        for alias in entry["aliases"]:
            owner = country_keys.get(_key(alias))
            if entry.get("kind") != "country" and owner and entry["id"] not in capitals:
                continue  # a city called فلسطين in Ecuador must not take the country's name
            if alias and alias not in names and alias not in aliases:
                aliases.append(alias)
        if (
            entry.get("kind") != "country"
            and _key(entry["names"]["ar"]) in country_keys
            and entry["id"] not in capitals
        ):
            continue
        done.append({**entry, "aliases": aliases})
    return sorted(done, key=lambda e: e["id"])


def _key(name: str) -> str:
    return " ".join(words(fold(name)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gazetteers", type=Path, default=GAZETTEERS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--verbose", action="store_true", help="list capitals that need a curated entry")
    args = parser.parse_args()
    country_entries = countries(args.gazetteers / "mledoze_countries/countries.json")
    code_of = {e["names"]["en"]: e["iso2"] for e in country_entries}
    city_entries = cities(args.gazetteers / "world_cities_ar/world-cities.csv", code_of)
    missing = mark_capitals(country_entries, city_entries)
    entries = country_entries + city_entries
    stop_names = apply_curated(entries, CURATED)
    unnamed = [e["id"] for e in entries if e.get("capital_of") and not e["names"].get("ar")]
    entries = finish(entries, stop_names)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n" for entry in entries)
    kinds = {k: sum(e.get("kind") == k for e in entries) for k in ("country", "city")}
    print(f"build_kb: {len(entries)} places ({kinds}) -> {args.out}")
    if args.verbose:
        print("capitals not in the city file:", " ".join(missing))
        print("capitals without an Arabic name:", " ".join(unnamed))


if __name__ == "__main__":
    main()
