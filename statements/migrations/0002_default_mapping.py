"""The default mapping of Kommun-Bas to the lines of the resultaträkning, balansräkning and kassaflödesanalys in
the form of LKBR and RKR (R11, R13). The data are written here, frozen, so that every installation starts from the
same mapping; the controller changes the account ranges afterwards on the mapping page.

Signs turn the ledger's debit-positive amounts into the presentation: in the resultaträkning income is positive and
costs negative (sign -1 throughout), in the balansräkning assets are positive (1) and equity and liabilities too
(-1, their balances being credits). In the kassaflödesanalys a line of balance accounts shows the cash effect of
the change of their balances (-1: an asset that grows ties up cash). Lines with no ranges whose key the
computation knows (`equity_result`, `result`, `cash_start`, `cash_end`) are derived from other statements
(statements.services).

The groups follow ledger.kommunbas: 105 is bidrag till statlig infrastruktur (RKR R4), 203 the
resultatutjämningsreserv, 221–222 the pension provisions with their payroll tax. Class 9 (internal income and
costs) goes with the operating costs: it nets to zero for the municipality and counts for each board. Group 89
(årets resultat, the closing of the result into equity) belongs to no line: when a file has it, the mapping page
lists it among the accounts without a line."""

from django.db import migrations

RR, BR, KF = "RR", "BR", "KF"

# statement, key, name, sign, total_of (a subtotal when not None), ranges [(from, to)], note
LINES = [
    (RR, "operating_income", "Verksamhetens intäkter", -1, None, [("3", "3")], 1),
    (RR, "operating_costs", "Verksamhetens kostnader", -1, None, [("4", "6"), ("70", "77"), ("79", "79"), ("9", "9")], 2),
    (RR, "depreciation", "Avskrivningar och nedskrivningar", -1, None, [("78", "78")], 3),
    (RR, "net_costs", "Verksamhetens nettokostnader", 1, ["operating_income", "operating_costs", "depreciation"], [], None),
    (RR, "tax", "Skatteintäkter", -1, None, [("80", "81")], 4),
    (RR, "grants", "Generella statsbidrag och utjämning", -1, None, [("82", "83")], 5),
    (RR, "operating_result", "Verksamhetens resultat", 1, ["net_costs", "tax", "grants"], [], None),
    (RR, "financial_income", "Finansiella intäkter", -1, None, [("84", "84")], 6),
    (RR, "financial_costs", "Finansiella kostnader", -1, None, [("85", "85")], 7),
    (
        RR,
        "result_after_financial",
        "Resultat efter finansiella poster",
        1,
        ["operating_result", "financial_income", "financial_costs"],
        [],
        None,
    ),
    (RR, "extraordinary", "Extraordinära poster", -1, None, [("86", "88")], 8),
    (RR, "year_result", "Årets resultat", 1, ["result_after_financial", "extraordinary"], [], None),
    # Balansräkning: tillgångar
    (BR, "intangible", "Immateriella anläggningstillgångar", 1, None, [("100", "104"), ("106", "109")], 9),
    (BR, "land_buildings", "Mark, byggnader och tekniska anläggningar", 1, None, [("11", "11")], 10),
    (BR, "machinery", "Maskiner och inventarier", 1, None, [("12", "12")], 10),
    (BR, "tangible", "Materiella anläggningstillgångar", 1, ["land_buildings", "machinery"], [], None),
    (BR, "financial_assets", "Finansiella anläggningstillgångar", 1, None, [("13", "13")], 11),
    (BR, "fixed_assets", "Summa anläggningstillgångar", 1, ["intangible", "tangible", "financial_assets"], [], None),
    (BR, "infrastructure", "Bidrag till infrastruktur", 1, None, [("105", "105")], 12),
    (BR, "inventories", "Förråd m.m. och exploateringsfastigheter", 1, None, [("14", "14")], 13),
    (BR, "receivables", "Fordringar", 1, None, [("15", "17")], 14),
    (BR, "short_investments", "Kortfristiga placeringar", 1, None, [("18", "18")], 15),
    (BR, "cash", "Kassa och bank", 1, None, [("19", "19")], 16),
    (
        BR,
        "current_assets",
        "Summa omsättningstillgångar",
        1,
        ["inventories", "receivables", "short_investments", "cash"],
        [],
        None,
    ),
    (BR, "total_assets", "Summa tillgångar", 1, ["fixed_assets", "infrastructure", "current_assets"], [], None),
    # Balansräkning: eget kapital, avsättningar och skulder
    (BR, "equity_result", "Årets resultat", 1, None, [], None),
    (BR, "equalisation_reserve", "Resultatutjämningsreserv", -1, None, [("203", "203")], 17),
    (BR, "other_equity", "Övrigt eget kapital", -1, None, [("200", "202"), ("204", "21")], None),
    (BR, "equity", "Summa eget kapital", 1, ["equity_result", "equalisation_reserve", "other_equity"], [], 17),
    (BR, "pension_provisions", "Avsättningar för pensioner och liknande förpliktelser", -1, None, [("221", "222")], 18),
    (BR, "other_provisions", "Övriga avsättningar", -1, None, [("220", "220"), ("223", "229")], 19),
    (BR, "provisions", "Summa avsättningar", 1, ["pension_provisions", "other_provisions"], [], None),
    (BR, "long_term_liabilities", "Långfristiga skulder", -1, None, [("23", "23")], 20),
    (BR, "short_term_liabilities", "Kortfristiga skulder", -1, None, [("24", "29")], 21),
    (BR, "liabilities", "Summa skulder", 1, ["long_term_liabilities", "short_term_liabilities"], [], None),
    (
        BR,
        "total_equity_liabilities",
        "Summa eget kapital, avsättningar och skulder",
        1,
        ["equity", "provisions", "liabilities"],
        [],
        None,
    ),
    # Kassaflödesanalys (indirekt metod)
    (KF, "result", "Årets resultat", 1, None, [], None),
    (KF, "depreciation_adjustment", "Justering för av- och nedskrivningar", 1, None, [("78", "78")], 3),
    (KF, "provisions_change", "Förändring av avsättningar", -1, None, [("22", "22")], None),
    (KF, "other_equity_change", "Övriga förändringar av eget kapital", -1, None, [("20", "21")], None),
    (KF, "inventories_change", "Ökning (−) / minskning (+) av förråd och exploateringsfastigheter", -1, None, [("14", "14")], None),
    (KF, "receivables_change", "Ökning (−) / minskning (+) av fordringar", -1, None, [("15", "17")], None),
    (KF, "short_investments_change", "Ökning (−) / minskning (+) av kortfristiga placeringar", -1, None, [("18", "18")], None),
    (KF, "short_term_liabilities_change", "Ökning (+) / minskning (−) av kortfristiga skulder", -1, None, [("24", "29")], None),
    (
        KF,
        "operating_cash_flow",
        "Kassaflöde från den löpande verksamheten",
        1,
        [
            "result",
            "depreciation_adjustment",
            "provisions_change",
            "other_equity_change",
            "inventories_change",
            "receivables_change",
            "short_investments_change",
            "short_term_liabilities_change",
        ],
        [],
        None,
    ),
    (KF, "tangible_investments", "Investeringar i immateriella och materiella anläggningstillgångar", -1, None, [("10", "12")], None),
    (KF, "financial_investments", "Investeringar i finansiella anläggningstillgångar", -1, None, [("13", "13")], None),
    (KF, "investing_cash_flow", "Kassaflöde från investeringsverksamheten", 1, ["tangible_investments", "financial_investments"], [], None),
    (KF, "loans", "Nyupptagna lån och amortering av skulder", -1, None, [("23", "23")], None),
    (KF, "financing_cash_flow", "Kassaflöde från finansieringsverksamheten", 1, ["loans"], [], None),
    (KF, "year_cash_flow", "Årets kassaflöde", 1, ["operating_cash_flow", "investing_cash_flow", "financing_cash_flow"], [], None),
    (KF, "cash_start", "Likvida medel vid årets början", 1, None, [], None),
    (KF, "cash_end", "Likvida medel vid årets slut", 1, None, [], None),
]


def create_default_mapping(apps, schema_editor):
    StatementLine = apps.get_model("ledger", "StatementLine")
    AccountRange = apps.get_model("ledger", "AccountRange")
    for order, (statement, key, name, sign, total_of, ranges, note) in enumerate(LINES, start=1):
        if StatementLine.objects.filter(statement=statement, key=key).exists():
            continue  # an installation that already has the line keeps its own mapping
        line = StatementLine.objects.create(
            statement=statement,
            key=key,
            name=name,
            order=order * 10,
            sign=sign,
            is_total=total_of is not None,
            total_of=total_of or [],
            note=note,
        )
        AccountRange.objects.bulk_create(AccountRange(line=line, first=a, last=b) for a, b in ranges)


def remove_default_mapping(apps, schema_editor):
    StatementLine = apps.get_model("ledger", "StatementLine")
    for statement, key, *_rest in LINES:
        StatementLine.objects.filter(statement=statement, key=key).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
        ("statements", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_default_mapping, remove_default_mapping)]
