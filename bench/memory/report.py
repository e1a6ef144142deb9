#!/usr/bin/env python3
"""Markdown tables, linear fits and a summary from the raw figures of bench/memory/run.sh.

    report.py BUILD.jsonl CLI.tsv

BUILD.jsonl: `build_memory` lines (papers, documents, RSS at start, before the build and at its
peak in MB, .pfi bytes). CLI.tsv: a header line, then per N the papers, the bytes of their JSON
lines, the CLI's maximum RSS in KiB (/usr/bin/time), the .pfi bytes, the papers the index holds
and the CLI's CPU seconds. MB are 10^6 bytes, KB 10^3 bytes.
"""

import csv
import json
import sys

# Above this largest relative gap between the fit and a measurement, growth is called not linear.
LINEAR_WITHIN = 0.10


class Growth:
    """How bytes grow with papers: the least-squares line a + b·N, its worst gap, the bytes per paper."""

    def __init__(self, papers, values):
        n = len(papers)
        mean_x, mean_y = sum(papers) / n, sum(values) / n
        self.b = sum((x - mean_x) * (y - mean_y) for x, y in zip(papers, values)) / sum(
            (x - mean_x) ** 2 for x in papers)
        self.a = mean_y - self.b * mean_x
        self.gap, self.gap_at = max((abs(self.a + self.b * x - y) / y, x) for x, y in zip(papers, values))
        self.papers, self.values = papers, values
        self.per_paper = [y / x for x, y in zip(papers, values)]

    def linear(self):
        return self.gap <= LINEAR_WITHIN

    def trend(self):
        """How the bytes per paper go from the smallest size to the largest, in words."""
        first, last = self.per_paper[0], self.per_paper[-1]
        return (f"{first / 1e3:.1f} KB per paper at {self.papers[0]:,} papers, {last / 1e3:.1f} KB at "
                f"{self.papers[-1]:,}: it grows {'more slowly' if last < first else 'faster'} than N")

    def added_per_paper(self, i):
        """KB per paper added between size i − 1 and size i, as text ("—" for the first)."""
        if i == 0:
            return "—"
        return f"{(self.values[i] - self.values[i - 1]) / (self.papers[i] - self.papers[i - 1]) / 1e3:.1f}"

    def describe(self, what):
        """The fit and whether growth is linear, in two sentences."""
        fit = (f"{what} ≈ {self.a / 1e6:.1f} MB + {self.b / 1e3:.2f} KB × N (least squares over the sizes); "
               f"the largest gap between this line and a measurement is {self.gap:.1%}, at N = {self.gap_at:,}. ")
        if self.linear():
            return fit + f"{what} is linear in N within {LINEAR_WITHIN:.0%} over these sizes."
        return fit + f"{what} is **not linear** in N within {LINEAR_WITHIN:.0%}: {self.trend()}."

    def in_words(self):
        """The figure for the summary sentence: the line when it fits, else the largest bytes per paper."""
        if self.linear():
            return f"about {self.a / 1e6:.0f} MB + {self.b / 1e3:.1f} KB × N ({self.b / 1e3:.1f} KB per paper)"
        return (f"at most {max(self.per_paper) / 1e3:.1f} KB × N ({self.trend()}; least squares "
                f"{self.a / 1e6:.0f} MB + {self.b / 1e3:.1f} KB × N, up to {self.gap:.0%} off)")


def build_table(rows):
    papers = [r["papers"] for r in rows]
    before = [(r["rss_before_mb"] - r["rss_start_mb"]) * 1e6 for r in rows]
    added = [(r["peak_rss_mb"] - r["rss_before_mb"]) * 1e6 for r in rows]
    growth = Growth(papers, added)
    print("## The build, papers already in memory (`build_memory`)\n")
    print("| N papers | in the index | papers in memory MB | B/paper | peak RSS MB | peak − before MB | "
          "KB/paper | KB per added paper | .pfi MB | .pfi B/paper | (peak − before) ÷ .pfi |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for i, r in enumerate(rows):
        n, index = r["papers"], r["bytes"]
        print(f"| {n:,} | {r['documents']:,} | {before[i] / 1e6:.0f} | {before[i] / n:.0f} | {r['peak_rss_mb']:.0f} | "
              f"{added[i] / 1e6:.0f} | {added[i] / n / 1e3:.1f} | {growth.added_per_paper(i)} | {index / 1e6:.1f} | "
              f"{index / n:.0f} | {added[i] / index:.2f} |")
    print()
    print(growth.describe("Peak − before"))
    print()
    return growth


def cli_table(rows):
    papers = [int(r["papers"]) for r in rows]
    peak = [int(r["max_rss_kb"]) * 1024 for r in rows]
    ratios = [p / int(r["pfi_bytes"]) for p, r in zip(peak, rows)]
    growth = Growth(papers, peak)
    print("## The CLI: `paperfeed index papers.jsonl -o papers.pfi`\n")
    print("| N papers | in the index | JSON lines MB | B/paper | maximum RSS MB | KB/paper | KB per added paper | "
          ".pfi MB | max RSS ÷ .pfi | CPU s |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for i, r in enumerate(rows):
        n, jsonl = papers[i], int(r["jsonl_bytes"])
        print(f"| {n:,} | {int(r['documents']):,} | {jsonl / 1e6:.0f} | {jsonl / n:.0f} | {peak[i] / 1e6:.0f} | "
              f"{peak[i] / n / 1e3:.1f} | {growth.added_per_paper(i)} | {int(r['pfi_bytes']) / 1e6:.1f} | "
              f"{ratios[i]:.2f} | {float(r['cpu_s']):.1f} |")
    print()
    print(growth.describe("The CLI's maximum RSS"))
    print()
    return growth, min(ratios), max(ratios)


def main(build_path, cli_path):
    rows = sorted((json.loads(line) for line in open(build_path) if line.strip()), key=lambda r: r["papers"])
    cli = sorted(csv.DictReader(open(cli_path), delimiter="\t"), key=lambda r: int(r["papers"]))
    build = build_table(rows)
    peak, least, most = cli_table(cli)
    print("## In one sentence\n")
    print(f"Over {build.papers[0]:,}–{build.papers[-1]:,} papers, building an index of N papers takes "
          f"{build.in_words()} above the papers themselves. The peak resident memory of `paperfeed index`, "
          f"papers included, is {peak.in_words()}, {least:.1f}–{most:.1f} times the index it writes.")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: report.py BUILD.jsonl CLI.tsv")
    main(sys.argv[1], sys.argv[2])
