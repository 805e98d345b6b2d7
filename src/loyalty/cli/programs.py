"""`loyalty programs create|list`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from loyalty.cli.common import DatabaseUrlOption, database_for, out, print_table
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.programs import service
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramCreate

app = typer.Typer(help="Loyalty programs (the tenants: currency, timezone, point value, expiry).",
                  no_args_is_help=True)


def parse_expiry(text: str) -> dict[str, Any]:
    """`never`, `end-of-next-calendar-year`, or a number of months (`12`, `12m`)."""
    value = text.strip().lower()
    if value == "never":
        return {"kind": "never"}
    if value in ("end-of-next-calendar-year", "end-of-next-year"):
        return {"kind": "end_of_next_calendar_year"}
    months = value.removesuffix("months").removesuffix("month").removesuffix("m").strip()
    if months.isdigit() and int(months) > 0:
        return {"kind": "months_after_earning", "months": int(months)}
    raise Invalid(f"--expiry must be 'never', 'end-of-next-calendar-year' or a number of months, not {text!r}.",
                  code="invalid_expiry", field="--expiry")


def describe_expiry(policy: dict[str, Any]) -> str:
    kind = policy.get("kind")
    if kind == "months_after_earning":
        return f"{policy['months']} months after earning"
    if kind == "end_of_next_calendar_year":
        return "end of next calendar year"
    return "never"


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Shown to members and staff.")],
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code.")] = "EUR",
    timezone: Annotated[str, typer.Option("--timezone", help="IANA name: days, birthdays and reports.")] = "UTC",
    locale: Annotated[str, typer.Option("--locale")] = "en",
    point_value: Annotated[str, typer.Option("--point-value", help="Worth of one point in currency units.")] = "0.01",
    expiry: Annotated[str, typer.Option(
        "--expiry", help="never | end-of-next-calendar-year | months after earning (e.g. 12).")] = "12",
    pending_days: Annotated[int, typer.Option(
        "--pending-days", help="Days before points earned on a purchase can be spent (its return window).")] = 0,
    claim_window_days: Annotated[int, typer.Option("--claim-window-days")] = 30,
    units: Annotated[str, typer.Option("--units", help="Comma-separated: points, stamps, cashback.")] = "points",
    card_prefix: Annotated[str, typer.Option("--card-prefix", help="Leading digits of card numbers.")] = "2790",
    allow_transfers: Annotated[bool, typer.Option("--allow-transfers/--no-transfers")] = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a program."""
    data = ProgramCreate.model_validate({
        "name": name, "currency": currency.upper(), "timezone": timezone, "locale": locale,
        "point_value": point_value,
        "expiry_policy": parse_expiry(expiry), "pending_days": pending_days,
        "claim_window_days": claim_window_days, "units": [u.strip() for u in units.split(",") if u.strip()],
        "card_prefix": card_prefix, "allow_transfers": allow_transfers,
    })
    with database_for(database_url) as database, unit_of_work(database) as session:
        program = service.create_program(session=session, data=data)
    out.print(f"Created program {program.id}: {program.name} ({program.currency}, {program.timezone}, "
              f"units {', '.join(program.units)}, points expire {describe_expiry(program.expiry_policy)}).")


@app.command("list")
def list_(database_url: DatabaseUrlOption = None) -> None:
    """List programs."""
    with database_for(database_url) as database, unit_of_work(database, read_only=True) as session:
        programs = service.list_programs(session=session)
    if not programs:
        out.print("No programs yet: create one with `loyalty programs create --name ...`.")
        return
    print_table(programs_table(programs))


def programs_table(programs: list[Program]) -> Table:
    table = Table("id", "name", "currency", "timezone", "units", "point value", "expiry", "pending days")
    for program in programs:
        table.add_row(str(program.id), program.name, program.currency, program.timezone, ", ".join(program.units),
                      f"{program.point_value.normalize():f}", describe_expiry(program.expiry_policy),
                      str(program.pending_days))
    return table
