package dev.microledger.query.spending;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetPaceTests {

    // A budget of 30 (minor units) in a month of 30 days with 10 % tolerance: the plan for day d is
    // d, and AHEAD starts above d + 3.
    @ParameterizedTest(name = "spent {0} by day {1}: {2}")
    @CsvSource({
            "0,   0,  ON_TRACK",
            "3,   0,  ON_TRACK",
            "4,   0,  AHEAD",
            "5,   2,  ON_TRACK",
            "6,   2,  AHEAD",
            "30,  27, ON_TRACK",
            "30,  26, AHEAD",
            "30,  30, ON_TRACK",
            "31,  30, OVER",
            "31,  1,  OVER"
    })
    void judgesSpendingAgainstTheShareOfTheDaysElapsedPlusTolerance(long spent, int day, BudgetPace expected) {
        assertThat(BudgetPace.of(spent, 30, day, 30, 10)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "budget {0}, day {1} of {2}: {3}")
    @CsvSource({
            "30,        2,  30, 2",
            "1000000,   10, 31, 322580",
            "9223372036854775807, 31, 31, 9223372036854775807"
    })
    void plansTheBudgetsShareOfTheDaysElapsedRoundedDown(long budget, int day, int days, long planned) {
        assertThat(BudgetPace.plannedMinor(budget, day, days)).isEqualTo(planned);
    }

    @ParameterizedTest(name = "spent {0}: {1}")
    @CsvSource({
            "9223372036854775806, AHEAD",
            "9223372036854775807, AHEAD"
    })
    void comparesWithoutOverflowAtTheTopOfTheRange(long spent, BudgetPace expected) {
        assertThat(BudgetPace.of(spent, Long.MAX_VALUE, 1, 31, 10)).isEqualTo(expected);
    }
}
