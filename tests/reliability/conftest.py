"""The fuzzing report: how many requests each operation got, and how many succeeded."""

from __future__ import annotations

import sys


def pytest_terminal_summary(terminalreporter) -> None:
    fuzz = sys.modules.get("tests.reliability.test_fuzz")
    outcomes = getattr(fuzz, "OUTCOMES", None)
    if not outcomes:
        return
    write = terminalreporter.write_line
    write("")
    write("Fuzzing: 2xx per operation / requests (anchored to the seeded world, freely generated)")
    reached = 0
    for label in sorted(outcomes, key=lambda label: label.split(" ", 1)[::-1]):
        counts = outcomes[label]
        anchored = sum(n for (a, s), n in counts.items() if a and 200 <= s < 300)
        free = sum(n for (a, s), n in counts.items() if not a and 200 <= s < 300)
        reached += bool(anchored + free)
        note = "" if label in fuzz.IN_FLOOR else "  (no seed for it: outside the floor)"
        write(
            f"  {anchored + free:4d}/{sum(counts.values()):<4d}"
            f" ({anchored:4d} anchored, {free:4d} free)  {label}{note}"
        )
    write(f"Fuzzing: {reached} of {len(outcomes)} operations reached 2xx")
    for chain, counts in sorted(getattr(fuzz, "CHAIN_OUTCOMES", {}).items()):
        write(
            f"Fuzzing: {chain} create-read-update-delete chains run to the end: "
            f"{counts['chains']} (create refused: {counts['create refused']})"
        )
