#!/usr/bin/env python3
"""Re-parses an iCalendar file with an independent parser (icalendar) and expands its events
with recurring-ical-events between two dates.

Usage: ical_expand.py FILE FROM TO (dates YYYY-MM-DD, TO exclusive). Prints a JSON object:
`timezones` (the TZIDs of its VTIMEZONEs) and `events`, each with uid, summary, start and end
(ISO 8601; all-day events as dates, timed events with their UTC offset), sorted by start.
"""
import datetime
import json
import sys

import icalendar
import recurring_ical_events


def iso(value):
    return value.isoformat()


def main():
    with open(sys.argv[1], "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    start = datetime.date.fromisoformat(sys.argv[2])
    end = datetime.date.fromisoformat(sys.argv[3])
    events = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        events.append(
            {
                "uid": str(ev.get("UID")),
                "summary": str(ev.get("SUMMARY")),
                "start": iso(ev.decoded("DTSTART")),
                "end": iso(ev.decoded("DTEND")),
                "all_day": not isinstance(ev.decoded("DTSTART"), datetime.datetime),
            }
        )
    events.sort(key=lambda e: (e["start"], e["uid"]))
    timezones = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]
    json.dump({"timezones": timezones, "events": events}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
