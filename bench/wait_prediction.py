"""Backtest of the wait prediction on simulated days (issue 9).

    python bench/wait_prediction.py [--tickets 600] [--train 20] [--test 10]

Simulates the demo hall (its queues, windows and items; item service times around their
kind's typical time, afternoons slower, log-normal spread): the training days make the
history the service times are learned from; on the test days every ticket gets the plain
estimate and the prediction as the hall would have told it, then its real wait. Prints
both estimators' mean absolute errors, against the target: under 20 % of the mean wait and
better than the plain estimate. A quieter and a busier day are shown too.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hall.simulation.backtest import backtest, demo_world  # noqa: E402

TARGET = 0.20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=600, help="tickets a day")
    parser.add_argument("--train", type=int, default=20, help="days of history")
    parser.add_argument("--test", type=int, default=10, help="days predicted")
    args = parser.parse_args()
    world = demo_world()
    ok = True
    for tickets in sorted({400, args.tickets, 800}):
        result = backtest(world, args.train, args.test, tickets)
        meets = result.predicted_error < TARGET * result.mean_wait and result.predicted_error < result.plain_error
        if tickets == args.tickets:
            ok = meets
        print(f"{tickets} tickets a day ({args.train} days learned, {args.test} days predicted):")
        for line in result.lines():
            print("  " + line)
        print(f"  target: under {TARGET:.0%} of the mean wait and under the plain estimate — "
              f"{'MEETS' if meets else 'BELOW'} target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
