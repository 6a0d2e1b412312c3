"""Writer-annotator agreement of the measures written by the project, per writer's file.

    python training/written/agreement.py

A measure in `written.jsonl` was labelled the same by its writer and the blind annotator; one in
`disagreed.jsonl` carries both pairs of labels. Ids start with the writer's file (w1…w8).
"""

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    counts = Counter()
    for name in ("written.jsonl", "disagreed.jsonl"):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            file = record["id"].split("-")[0]
            writer, annotator = record.get("writer", record), record.get("annotator", record)
            counts[file, "measures"] += 1
            counts[file, "category"] += writer["category"] == annotator["category"]
            counts[file, "status"] += writer["status"] == annotator["status"]
            counts[file, "kept"] += name == "written.jsonl"
    print("| file | measures | category agreement | status agreement | kept |\n|---|---|---|---|---|")
    for file in sorted({f for f, _ in counts} | {"all"}):
        keys = [f for f, _ in counts if f != "all"] if file == "all" else [file]
        n = {k: sum(counts[f, k] for f in set(keys)) for k in ("measures", "category", "status", "kept")}
        print(f"| {file} | {n['measures']} | {n['category'] / n['measures']:.3f} | "
              f"{n['status'] / n['measures']:.3f} | {n['kept']} |")


if __name__ == "__main__":
    main()
