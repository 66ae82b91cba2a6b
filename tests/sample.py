"""Where things are: the repository, its shipped sample notes, and the sample's parts by line
number, written once for the tests of every stage (outline, classify, the built site).

seeds/traba-preparation.md, 80 lines:
  1–3 frontmatter · 5–9 the pitch (one quote) · 12 why Traba (a quote)
  13–22 "connection:": six points, 18, 20 and 22 the evidence under 17, 19 and 21
  23–29 "questions they ask me": 24 → 25 and 26 → 27 answered, 28–29 talking points
  30–35 "questions:" to ask them (32–34 quote lines at column 0, 35 unfinished)
  37–56 and 76–79 loose lines in groups (business notes) · 58 "operations" over 59–74:
  "three buckets" and the three buckets · 65 and 80 empty bullets
"""

from __future__ import annotations

from pathlib import Path

import prep_handbook

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(prep_handbook.__file__).resolve().parent
"""The package as imported: hooks/prep_handbook, or the mutation run's src/prep_handbook."""
SEEDS = ROOT / "seeds"
SHIPPED = SEEDS / "traba-preparation.md"
CORPUS = ROOT / "tests" / "corpus"

LINES = 80
FRONTMATTER_FENCES = [1, 3]
PITCH = [5, 6, 7, 8, 9]
WHY = [12]
CONNECTION = 13
POINTS = [14, 15, 16, 17, 19, 21]
EVIDENCE = {17: [18], 19: [20], 21: [22]}
THEY_ASK = {24: [25], 26: [27]}
TALKING_POINTS = [28, 29]
TO_ASK_LABEL = 30
TO_ASK = [31, 32, 33, 34, 35]
LOOSE_GROUPS = [
    [37, 38, 39],
    [41, 42],
    [44, 45, 46],
    [48],
    [50],
    [52, 53, 54, 55, 56],
    [76, 77],
    [79],
]
OPERATIONS = 58
OPS_INTRO = 59
BUCKETS = {  # anchor: (its label's line, its items)
    "growth-ops": (60, [61, 62, 63, 64]),
    "customer-opers": (66, [67, 68, 69, 70]),
    "worker-ops": (71, [72, 73, 74]),
}
EMPTY_BULLETS = [65, 80]  # 65 under "growth ops", 80 under "build that trust"
