"""A deterministic synthetic news corpus for benchmarks: same seed, same articles, any size."""

from __future__ import annotations

import random
from pathlib import Path

COMPANIES = ["Huawei", "Nokia", "Ericsson", "Samsung", "ZTE", "Cisco", "Verizon", "Orange", "Telefonica", "Vodafone"]
PEOPLE = ["Vincent Pang", "Ren Zhengfei", "Rajeev Suri", "Borje Ekholm", "Anna Berg", "Li Wei", "Maria Costa"]
TOPICS = [
    "5G licensing",
    "network equipment",
    "smartphone sales",
    "export controls",
    "spectrum auctions",
    "data centres",
    "undersea cables",
    "chip supplies",
    "research budgets",
    "security reviews",
]
VERBS = ["said", "announced", "confirmed", "denied", "warned", "expected", "reported", "estimated"]
PLACES = ["Helsinki", "Stockholm", "Shenzhen", "Seoul", "Washington", "Berlin", "Madrid", "London"]


def article(i: int, version: int = 0) -> str:
    rng = random.Random(i * 1000 + version)
    c, p, t, pl = rng.choice(COMPANIES), rng.choice(PEOPLE), rng.choice(TOPICS), rng.choice(PLACES)
    date = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paras = []
    for _ in range(rng.randint(3, 5)):
        sents = []
        for _ in range(rng.randint(2, 3)):
            who, verb, firm = rng.choice(PEOPLE), rng.choice(VERBS), rng.choice(COMPANIES)
            amount, topic, place, year = (
                rng.randint(2, 900),
                rng.choice(TOPICS),
                rng.choice(PLACES),
                rng.randint(2026, 2035),
            )
            sents.append(f"{who} {verb} that {firm} would spend {amount} million on {topic} in {place} by {year}.")
        paras.append(" ".join(sents))
    lead = f"{c} {rng.choice(VERBS)} new plans for {t} in {pl} on article {i}, {p} told reporters."
    return f" date {date} {lead}\n\n" + "\n\n".join(paras) + "\n"


def write_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:06d}.txt").write_text(article(i), encoding="utf-8")
    return folder
