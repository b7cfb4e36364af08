"""The benchmark's own arithmetic (bench/run.py): the runs it compares and the ratios it prints."""

from bench.run import best_of, ratios


def test_each_number_of_jobs_is_timed_in_turn_and_the_fastest_kept():
    taken = []
    moods = iter([9.0, 5.0, 4.0, 2.5, 6.0, 3.5])  # the machine slows down and speeds up between runs

    def measure(jobs):
        taken.append(jobs)
        return next(moods), 100 * jobs + len(taken)

    assert best_of(measure, [1, 2], 3) == {1: (4.0, 105, [9.0, 4.0, 6.0]), 2: (2.5, 206, [5.0, 2.5, 3.5])}
    assert taken == [1, 2, 1, 2, 1, 2]  # in turn, so that a change of mood falls on both alike


def test_the_ratios_are_every_core_against_one_and_memory_large_against_small():
    rows = [(1000, 1, 4.0, 250, 60, 30.0), (1000, 2, 2.5, 400, 100, 19.0),
            (5000, 1, 18.0, 278, 80, 70.0), (5000, 2, 10.0, 500, 120, 40.0), (50000, 2, 100.0, 500, 132, 45.0)]
    assert ratios(rows, 2) == ["1000 reports: --jobs 2 is 1.60× --jobs 1", "5000 reports: --jobs 2 is 1.80× --jobs 1",
                               "peak memory on 2 cores: 132 MB at 50000 reports, 1.10× the 120 MB at 5000"]
