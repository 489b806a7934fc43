"""The public deadline calculator over HTTP: exact response shape, stable error codes, no login."""

from __future__ import annotations

import pytest

from sanxiang.core.data.holidays import seed_calendar
from sanxiang.core.models import CalendarDay, CalendarYear

BASE = "/api/v1/public/calendar"


@pytest.fixture(autouse=True)
def official_schedule(db):
    seed_calendar(year_model=CalendarYear, day_model=CalendarDay)


@pytest.mark.parametrize(
    ("path", "date", "days", "result"),
    [
        ("add-working-days", "2026-09-24", 5, "2026-10-09"),  # across 中秋 and 国庆
        ("add-working-days", "2026-02-13", 2, "2026-02-24"),  # make-up Saturday, then 春节
        ("add-working-days", "2025-09-30", 3, "2025-10-11"),  # 国庆中秋, then 10/11 (Sat) 上班
        ("add-days", "2026-01-20", 30, "2026-02-24"),  # ends in 春节: next working day
        ("add-days", "2026-03-01", 6, "2026-03-09"),  # ends on Saturday: Monday
        ("add-days", "2026-02-13", 15, "2026-02-28"),  # ends on the make-up Saturday: stays
        ("add-days", "2026-04-01", 0, "2026-04-01"),
    ],
)
def test_deadline_answers_exactly_date_days_result(client, path, date, days, result):
    response = client.get(f"{BASE}/{path}", {"date": date, "days": days})
    assert response.status_code == 200
    assert response.json() == {"date": date, "days": days, "result": result}


@pytest.mark.parametrize("path", ["add-working-days", "add-days"])
@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"date": "2026-13-01", "days": 3}, 400, "invalid_date"),
        ({"date": "2026-3-1", "days": 3}, 400, "invalid_date"),
        ({"date": "明天", "days": 3}, 400, "invalid_date"),
        ({"date": "2026-03-02", "days": -1}, 400, "invalid_days"),
        ({"date": "2026-03-02", "days": 10**30}, 400, "invalid_days"),
        ({"date": "2026-03-02", "days": "三"}, 422, "validation_failed"),
        ({"date": "2026-03-02"}, 422, "validation_failed"),
        ({"date": "2027-01-05", "days": 3}, 400, "calendar_year_unknown"),
        ({"date": "2003-12-01", "days": 3}, 400, "calendar_year_unknown"),
        ({"date": "0001-01-01", "days": 1}, 400, "calendar_year_unknown"),
        ({"date": "9999-12-31", "days": 1}, 400, "calendar_year_unknown"),
    ],
)
def test_bad_input_answers_stable_code(client, path, params, status, code):
    response = client.get(f"{BASE}/{path}", params)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_unknown_year_names_it_in_chinese(client):
    response = client.get(f"{BASE}/add-days", {"date": "2026-12-01", "days": 40})
    assert response.status_code == 400
    assert response.json() == {
        "code": "calendar_year_unknown",
        "message": "尚未载入2027年法定节假日安排，无法计算期限",
        "detail": {"year": 2027},
    }


def test_year_lists_holidays_and_makeup_days(client):
    response = client.get(f"{BASE}/2026")
    assert response.status_code == 200
    body = response.json()
    assert body["notice"] == "国办发明电〔2025〕7号"
    assert body["published_on"] == "2025-11-04"
    assert [d["date"] for d in body["makeup_workdays"]] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    assert {"date": "2026-02-17", "name": "春节"} in body["holidays"]
    assert len(body["holidays"]) == 33


@pytest.mark.parametrize("year", ["2027", "2003", "99999999999999999999"])
def test_unknown_year_listing_is_refused(client, year):
    response = client.get(f"{BASE}/{year}")
    assert response.status_code == 400
    assert response.json()["code"] == "calendar_year_unknown"


def test_known_years_listed_in_order(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(f"{BASE}/")
    years = response.json()
    assert [y["year"] for y in years] == list(range(2004, 2027))
    assert years[-1] == {
        "year": 2026,
        "notice": "国办发明电〔2025〕7号",
        "published_on": "2025-11-04",
    }
