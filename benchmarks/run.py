"""`make bench`: run every benchmark script in this folder and print its figures.

Each benchmark is a script with a ``main()`` that prints what it measured. They run one
after another in fresh processes, so one cannot warm the caches of the next.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["startup.py", "journal_save.py"]  # first; any other *.py follows alphabetically


def main() -> int:
    scripts = [HERE / n for n in ORDER if (HERE / n).exists()]
    scripts += sorted(p for p in HERE.glob("*.py") if p.name not in ORDER + ["run.py"]
                      and not p.name.startswith("_"))
    failed = 0
    for script in scripts:
        print(f"\n== {script.name} ==", flush=True)
        failed |= subprocess.call([sys.executable, str(script), *sys.argv[1:]]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
