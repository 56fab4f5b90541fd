"""Status against a target: the rule stated on the page, checked case by case."""

from analytics.services.status import AT_RISK, HIDDEN, MET, NO_DATA, OFF_TRACK, Measurement, forecast, status


def test_no_measurement_is_no_data():
    assert status(target=60, measurements=[], period_over=False).code == NO_DATA


def test_a_closed_period_is_met_or_off_track_by_its_last_value():
    points = [Measurement(0, 40), Measurement(1, 61)]
    assert status(target=60, measurements=points, period_over=True).code == MET
    assert status(target=62, measurements=points, period_over=True).code == OFF_TRACK


def test_forecast_is_the_least_squares_line_carried_to_the_end_of_the_period():
    assert forecast([Measurement(0, 40), Measurement(0.5, 50)]) == 60
    assert forecast([Measurement(0.0, 10), Measurement(0.5, 80)]) == 100  # kept within 0–100
    assert forecast([Measurement(0.05, 40)]) == 40


def test_behind_now_but_the_trend_reaches_the_target_is_at_risk():
    result = status(target=60, measurements=[Measurement(0, 40), Measurement(0.5, 50)], period_over=False)
    assert (result.code, result.forecast) == (AT_RISK, 60)


def test_a_forecast_short_by_more_than_five_points_is_off_track():
    result = status(target=80, measurements=[Measurement(0, 40), Measurement(0.5, 50)], period_over=False)
    assert result.code == OFF_TRACK


def test_reached_now_but_falling_is_at_risk():
    result = status(target=60, measurements=[Measurement(0, 70), Measurement(0.5, 64)], period_over=False)
    assert result.code == AT_RISK


def test_reached_and_holding_is_met():
    result = status(target=60, measurements=[Measurement(0, 60), Measurement(0.5, 70)], period_over=False)
    assert result.code == MET


def test_lower_is_better_mirrors_the_rule():
    points = [Measurement(0, 20), Measurement(0.5, 15)]
    assert status(target=12, measurements=points, period_over=False, higher_is_better=False).code == AT_RISK
    assert status(target=14, measurements=points, period_over=True, higher_is_better=False).code == OFF_TRACK


def test_a_hidden_value_has_a_hidden_status():
    assert (
        status(target=60, measurements=[Measurement(0.5, 70)], period_over=False, suppressed=True).code
        == HIDDEN
    )
