"""`loyalty worker` with each event pump's thread under cProfile (bench/worker_lag.py --profile DIR).

    python bench/profiled_worker.py DIR worker --concurrency 4

cProfile follows one thread only and `python -m cProfile` would see the event loop's thread, not
the pumps (one thread per subscriber on PostgreSQL). Here each pump's thread profiles itself and
writes DIR/<subscriber>-<pid>.prof when it stops (SIGTERM). Wall-clock time: a handler's time
waiting on the database or on the interpreter's lock counts, which is what keeping up costs.
Read one with `python -m pstats DIR/journeys-123.prof` (`sort cumulative`, `stats 30`).
"""

from __future__ import annotations

import cProfile
import os
import sys
from pathlib import Path

from loyalty.worker import runner


def main() -> None:
    directory = Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    unprofiled = runner.Pump.run

    def profiled_run(pump: runner.Pump) -> None:
        names = "+".join(each.name for each in pump.chosen) if pump.chosen is not None else "all"
        profile = cProfile.Profile()
        profile.enable()
        try:
            unprofiled(pump)
        finally:
            profile.disable()
            profile.dump_stats(directory / f"{names}-{os.getpid()}.prof")

    runner.Pump.run = profiled_run  # type: ignore[method-assign, assignment]
    from loyalty.cli.main import app

    sys.argv = ["loyalty", *sys.argv[2:]]
    app()


if __name__ == "__main__":
    main()
