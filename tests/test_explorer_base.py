"""What every explorer shares (bitsandnats.explorers._base and grid): modules, grid arithmetic, closing old runs."""

from __future__ import annotations

import random
import textwrap

import pytest
from explorer_checks import assert_one_es_module

from bitsandnats.explorers import DistributionExplorer, grid
from bitsandnats.explorers._base import module_source
from bitsandnats.notation import number_text


def test_apportion_is_largest_remainder_with_ties_to_the_lower_index():
    assert grid.apportion([1, 1, 1], 1000) == [334, 333, 333]
    assert grid.apportion([0, 0, 0, 0], 2) == [1, 1, 0, 0]
    assert grid.apportion([3, 1], 2) == [2, 0]  # exact shares 1.5 and 0.5: the larger remainder first, then index
    rng = random.Random(1)
    for _ in range(2000):
        weights = [rng.randrange(0, 1000) for _ in range(rng.randrange(1, 11))]
        total = rng.randrange(0, 1001)
        shares = grid.apportion(weights, total)
        assert sum(shares) == total
        whole = sum(weights) or len(weights)
        exact = [(weight if sum(weights) else 1) * total / whole for weight in weights]
        assert all(abs(share - value) < 1 for share, value in zip(shares, exact))


def test_rebalance_keeps_the_moved_value_and_the_sum():
    rng = random.Random(2)
    for _ in range(2000):
        counts = grid.apportion([rng.randrange(0, 50) for _ in range(rng.randrange(2, 11))], grid.STEPS)
        index, count = rng.randrange(len(counts)), rng.randrange(grid.STEPS + 1)
        moved = grid.rebalance(counts, index, count)
        assert moved[index] == count and sum(moved) == grid.STEPS and min(moved) >= 0


@pytest.mark.parametrize("value, message", [(0.0005, "steps of 0.001"), (1e-310, "steps of 0.001"),
                                            (1.001, "from 0 to 1"), (float("nan"), "a number"), ("0.5", "a number"),
                                            (None, "a number"), (True, "a number")])
def test_count_of_refuses_what_is_not_on_the_grid(value, message):
    with pytest.raises(ValueError, match=rf"P\[red\] must be .*{message}"):
        grid.count_of(value, "P[red]")


def test_count_of_takes_floating_point_sums_that_are_a_step():
    assert grid.count_of(0.1 + 0.2, "p") == 300
    assert grid.count_of(1, "p") == 1000


def test_number_text_matches_the_readouts_rules():
    assert [number_text(value) for value in (1.0, -0.0004, float("-inf"), -2.5)] == ["1.000", "0.000", "−∞", "−2.500"]
    assert number_text(0.123456789, 6) == "0.123457"


def test_a_module_brings_each_shared_file_once_before_it():
    assert_one_es_module(module_source("entropy_agreement"), "entropy_agreement",
                         ["svg.js", "twin.js", "pq.js", "entropy_agreement.js"])  # in import order


@pytest.mark.slow
def test_running_a_cell_again_closes_the_explorers_it_made_before():
    """In a real kernel, with the cell id JupyterLab sends: the first run's explorers are closed by the second run."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        def run(code: str, cell_id: str) -> None:
            message = client.session.msg("execute_request", {"code": textwrap.dedent(code), "silent": False,
                                                             "store_history": True, "user_expressions": {},
                                                             "allow_stdin": False, "stop_on_error": True},
                                         metadata={"cellId": cell_id})
            client.shell_channel.send(message)
            reply = client.get_shell_msg(timeout=60)
            assert reply["content"]["status"] == "ok", reply["content"]

        def evaluate(expression: str):
            reply = client.execute_interactive(f"print(repr({expression}))", timeout=60,
                                               output_hook=lambda message: printed.append(message))
            assert reply["content"]["status"] == "ok"
            return eval(next(m["content"]["text"] for m in printed if m["msg_type"] == "stream"))

        setup = "from bitsandnats.explorers import DistributionExplorer\nmade = []"
        run(setup, "setup")
        cell = ("made.append(DistributionExplorer([0.5, 0.5], [0.5, 0.5], ['a', 'b']))\n"
                "made.append(DistributionExplorer([0.5, 0.5], [0.5, 0.5], ['a', 'b']))")
        run(cell, "cell-1")
        run(cell, "cell-1")  # the same cell again: its first two explorers are closed
        run(cell, "cell-2")  # another cell: nothing of cell-1's is closed
        printed: list = []
        assert evaluate("[explorer.comm is None for explorer in made]") == [True, True, False, False, False, False]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)



class _FailsAtSeventy(DistributionExplorer):
    """An explorer whose kernel-side answer to a move fails when P[a] reaches 0.7 (as a library call might)."""

    def __init__(self):
        super().__init__([0.5, 0.5], [0.5, 0.5], ["a", "b"])
        self.observe(self._answer, names=["p"])

    def _answer(self, change):
        if change["new"][0] == 700:
            raise RuntimeError("the library gave up")


def test_a_failing_answer_to_a_browser_move_is_shown_and_changes_nothing():
    explorer = _FailsAtSeventy()
    explorer.set_state({"p": [700, 300]})
    assert explorer.p == [500, 500]
    assert explorer.error == "The kernel could not answer this move (RuntimeError: the library gave up); nothing changed."
    explorer.set_state({"p": [600, 400], "error": ""})
    assert explorer.p == [600, 400] and explorer.error == ""
    explorer.close()


def test_a_failing_answer_to_a_python_move_raises_and_changes_nothing():
    explorer = _FailsAtSeventy()
    with pytest.raises(RuntimeError, match="gave up"):
        explorer.set({"P[a]": 0.7, "Q[a]": 0.2})
    assert (explorer.p, explorer.q) == ([500, 500], [500, 500])
    explorer.close()
