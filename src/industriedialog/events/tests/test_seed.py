"""The Aachen events: the seeds' events, the example Lange Nacht, idempotent loading."""

from __future__ import annotations

import os

from django.core.management import call_command
from django.utils import timezone

from industriedialog.events.models import Event, Registration, Session, WaitlistEntry
from industriedialog.events.selectors import sessions_with_availability


def test_the_aachen_events(aachen_data):
    kick_off = Event.objects.get(slug="auftakt-industriedialog-aachen-2020")
    assert kick_off.venue == "Philips-Werk Aachen" and kick_off.participants_expected == 200
    assert timezone.localtime(kick_off.starts_at).date().isoformat().startswith("2013-04")
    stolberg = Event.objects.get(slug="2-industrie-dialog-region-aachen-2013")
    assert timezone.localtime(stolberg.starts_at).date().isoformat() == "2013-11-27"
    assert stolberg.sessions.filter(title__startswith="Themeninsel").count() == 4
    aufbruch = Event.objects.get(slug="aufbruch-2015")
    assert timezone.localtime(aufbruch.starts_at).date().isoformat() == "2015-03-24"
    assert aufbruch.participants_expected == 60
    follow_up = Event.objects.get(slug="folgeveranstaltung-aufbruch-2015")
    assert [h.slug for h in follow_up.hosts.all()] == ["vuv-aachen"]
    for slug in (
        "symposium-energie-als-standortfaktor-2014",
        "transfer-cafe-2027-02",
        "newcomer-treffen-2027-01",
        "senioren-cafe-oecherlab-2027-01",
    ):
        assert Event.objects.filter(slug=slug).exists(), slug


def test_the_lange_nacht_has_15_hosts_with_3_tours_each(aachen_data):
    night = Event.objects.get(slug="lange-nacht-der-industrie-2027")
    assert night.kind == "open_house" and night.is_example_data
    assert night.hosts.count() == 15
    sessions = sessions_with_availability(Session.objects.filter(event=night))
    per_host = {}
    for session in sessions:
        per_host[session.host_id] = per_host.get(session.host_id, 0) + 1
        assert session.confirmed <= session.capacity
        assert session.host.is_example_data
    assert sorted(set(per_host.values())) == [3] and len(per_host) == 15
    full = [s for s in sessions if s.available == 0]
    assert full and all(s.waitlist_length > 0 for s in full)
    assert night.registration_is_open()


def test_seeding_twice_changes_nothing(aachen_data):
    counts = (
        Event.objects.count(),
        Session.objects.count(),
        Registration.objects.count(),
        WaitlistEntry.objects.count(),
    )
    with open(os.devnull, "w") as devnull:
        call_command("seed", stdout=devnull)
    assert counts == (
        Event.objects.count(),
        Session.objects.count(),
        Registration.objects.count(),
        WaitlistEntry.objects.count(),
    )
