"""The Aachen data set: loaded by `industriedialog seed`, correctly spelled, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from industriedialog.actors.models import Organisation, Person
from industriedialog.core.models import AuditEvent, Initiative, SearchEntry, User


def run_seed(*args) -> str:
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_loads_the_three_initiatives_with_their_leads():
    run_seed()

    initiatives = {i.slug: i for i in Initiative.objects.select_related("lead_organisation")}
    assert set(initiatives) == {
        "industrie-dialog-region-aachen",
        "aachener-industrie-dialog",
        "fachkraeftestrategie-aachen",
    }
    region = initiatives["industrie-dialog-region-aachen"]
    assert region.name == "Industrie-Dialog Region Aachen"
    assert region.lead_organisation.name == "Zweckverband Region Aachen"
    concept = initiatives["aachener-industrie-dialog"]
    assert concept.start_date.isoformat() == "2014-04-02"
    assert concept.lead_organisation.short_name == "FB 02"


@pytest.mark.django_db
def test_seed_names_every_institution_and_company_correctly_spelled():
    run_seed()

    names = set(Organisation.objects.values_list("name", flat=True))
    for expected in (
        "StädteRegion Aachen",
        "Zweckverband Region Aachen",
        "Industrie- und Handelskammer Aachen",
        "Handwerkskammer Aachen",
        "Vereinigte Unternehmerverbände Aachen e.V.",
        "Agentur für Arbeit Aachen-Düren",
        "Jobcenter StädteRegion Aachen",
        "Werkzeugmaschinenlabor WZL der RWTH Aachen",
        "Fachhochschule Aachen",
        "Universitätsklinikum Aachen",
        "Innovationsregion Rheinisches Revier",
        "Zeitungsverlag Aachen GmbH",
        "Kompetenzzentrum Frau und Beruf Region Aachen",
        "OecherLab",
        "Gründerregion Aachen",
        "Philips GmbH",
        "Saint-Gobain",
        "Continental Reifen Deutschland GmbH",
        "Saurer Schlafhorst",
        "3win Maschinenbau GmbH",
        "Schreinerei Brammertz",
        "Theod. Mahr Söhne GmbH",
        "Ph-Mechanik GmbH & Co. KG",
        "Korr GmbH",
        "Fecken-Kirfel GmbH & Co. KG",
        "Lammerskötter-Danke, Heinhuis GbR",
    ):
        assert expected in names, expected
    garbled = [n for n in names if any(bad in n for bad in ("fiir", "Stadteregion", "Kimmerer"))]
    assert garbled == []
    wzl = Organisation.objects.get(slug="wzl-rwth-aachen")
    assert wzl.parent.slug == "rwth-aachen"


@pytest.mark.django_db
def test_seed_has_the_160_industrial_firms_of_the_campaign():
    run_seed()

    industrial_in_city = Organisation.objects.filter(
        kind="company", municipality_key="05334002", wz_section__in=["B", "C", "D", "E"]
    )
    assert industrial_in_city.count() == 160
    named = industrial_in_city.filter(is_example_data=False)
    assert set(named.values_list("slug", flat=True)) >= {
        "philips",
        "fecken-kirfel",
        "3win-maschinenbau",
    }
    assert industrial_in_city.filter(is_example_data=True).count() == 160 - named.count()
    example_tags = Organisation.objects.filter(is_example_data=True).values_list("tags", flat=True)
    assert all("Beispieldaten" in tags for tags in example_tags)


@pytest.mark.django_db
def test_seed_people_are_quoted_with_their_positions():
    run_seed()

    wirtz = Person.objects.get(last_name="Wirtz")
    affiliation = wirtz.affiliations.get()
    assert wirtz.first_name == "Dagmar"
    assert affiliation.position == "Geschäftsführende Gesellschafterin"
    assert affiliation.organisation.name == "3win Maschinenbau GmbH"
    assert wirtz.quote.startswith("Die Erfahrung hat uns aber gezeigt")
    assert "-\n" not in wirtz.quote
    assert Person.objects.filter(is_example_data=False).count() == 5


@pytest.mark.django_db
def test_seed_is_idempotent():
    run_seed()
    counts = (
        Organisation.objects.count(),
        Person.objects.count(),
        Initiative.objects.count(),
        SearchEntry.objects.count(),
        Organisation.history.count(),
        AuditEvent.objects.count(),
    )

    output = run_seed()

    assert (
        Organisation.objects.count(),
        Person.objects.count(),
        Initiative.objects.count(),
        SearchEntry.objects.count(),
        Organisation.history.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert "0 neu, 0 geändert" in output
    assert "geändert, 0 unverändert" not in output


@pytest.mark.django_db
def test_demo_logins_only_in_demo_mode():
    run_seed()
    assert not User.objects.filter(username__startswith="demo-").exists()
    with pytest.raises(CommandError, match="Demo-Modus"):
        run_seed("--print-demo-logins")

    with override_settings(DEMO_MODE=True, DEBUG=True):
        output = run_seed("--print-demo-logins")

    staff = User.objects.get(username="demo-staff")
    assert staff.role == "staff"
    assert User.objects.get(username="demo-company").organisation.slug == "3win-maschinenbau"
    assert User.objects.get(username="demo-partner").organisation.slug == "ihk-aachen"
    assert "wirtschaftsfoerderung@demo.industriedialog.de" in output
    assert "Passwort: demo-industriedialog" in output


@pytest.mark.django_db
def test_synthetic_organisations_are_added_as_example_data():
    run_seed()
    before = Organisation.objects.count()

    output = run_seed("--synthetic", "250")

    assert Organisation.objects.count() == before + 250
    synthetic = Organisation.objects.filter(slug__startswith="synthetisch-")
    assert synthetic.count() == 250
    assert not synthetic.filter(is_example_data=False).exists()
    assert SearchEntry.objects.filter(kind="actors.organisation").count() == before + 250
    assert "250 Beispieldatensätze angelegt" in output


@pytest.mark.django_db
def test_start_page_shows_the_key_figures_of_the_data(client):
    run_seed()

    page = client.get("/").content.decode()
    initiative = client.get("/initiativen/aachener-industrie-dialog/").content.decode()

    public_total = Organisation.objects.filter(is_public=True).count()
    assert f"{public_total}" in page
    assert "Organisationen im Register" in page
    assert "Aachener Industrie-Dialog" in page and "Fachkräftestrategie der Stadt Aachen" in page
    assert "02.04.2014" in initiative
