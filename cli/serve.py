"""pagu serve: the read-only web app for auditors (`web.app`), run by uvicorn."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from cli.context import bounded_option, db_option
from events.i18n import _

PEM = click.Path(path_type=Path, dir_okay=False)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@bounded_option("--port", 0, 65535, 8080, "Port to listen on (0: any free port, printed at start).")
@click.option(
    "--accounts",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Users who may log in, one `name:hash` a line (needed for any host but loopback).",
)
@click.option("--certfile", type=PEM, default=None, help="TLS certificate (PEM): serve HTTPS.")
@click.option("--keyfile", type=PEM, default=None, help="The certificate's private key (PEM).")
@click.option(
    "--hash-password",
    is_flag=True,
    help="Ask for a password and print its argon2 hash for the accounts file, then exit.",
)
@db_option
def serve(
    host: str,
    port: int,
    accounts: Path | None,
    certfile: Path | None,
    keyfile: Path | None,
    hash_password: bool,
    db: str | None,
) -> None:
    """Browse the ledger in a web browser: every budget, each line's why chain and
    history, the audit trail, the evaluation, the SPM, the documents and the integrity
    of the chain, at any recorded time and effective date; CSV, JSON, Excel and HTML
    downloads of what each page shows.

    Read-only: the store is opened so that nothing can be written through it, and no
    page writes. It listens on 127.0.0.1 only unless --accounts names who may log in.

    \b
    An accounts file, one line per user:
      echo "auditor:$(pagu serve --hash-password)" >> accounts.txt
      pagu serve --host 0.0.0.0 --accounts accounts.txt --certfile c.pem --keyfile k.pem
    """
    from events.errors import InvalidInput
    from web.auth import hash_password as make_hash
    from web.auth import load_accounts
    from web.security import is_loopback

    if hash_password:
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt=True, err=True, default=""
        )
        click.echo(make_hash(password))
        return
    loopback = is_loopback(host)
    if not loopback and accounts is None:
        raise InvalidInput(
            _(
                "--host {host}: the pages would be open to anyone who can reach this "
                "machine; give --accounts FILE (users with hashed passwords: `pagu serve "
                "--hash-password`) to serve beyond 127.0.0.1"
            ).format(host=host)
        )
    if (certfile is None) != (keyfile is None):
        raise InvalidInput(_("--certfile and --keyfile go together (HTTPS needs both)"))
    users = load_accounts(accounts) if accounts is not None else None
    import uvicorn

    from web.app import create_app

    app = create_app(db, accounts=users, loopback_only=loopback, secure_cookies=bool(certfile))
    listening = _listen(host, port)
    scheme = "https" if certfile else "http"
    bound = listening.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(_("pagu serve (read-only): {db}").format(db=_source(db)))
    click.echo(
        _("Listening on {scheme}://{shown}:{bound}/  (Ctrl-C stops)").format(
            scheme=scheme, shown=shown, bound=bound
        )
    )
    if not loopback and certfile is None:
        click.echo(
            _("warning: without --certfile passwords and pages cross the network unencrypted"),
            err=True,
        )
    sys.stdout.flush()
    config = uvicorn.Config(
        app,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        lifespan="on",
    )
    uvicorn.Server(config).run(sockets=[listening])


def _source(db: str | None) -> str:
    from ledger.storage import StoreLocation

    return StoreLocation.parse(db).display()


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that `--port 0` can say which port it got."""
    from events.errors import InvalidInput

    try:
        family, kind, proto, _c, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[
            0
        ]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(128)
    except OSError as problem:
        raise InvalidInput(
            _("cannot listen on {host}:{port}: {reason}").format(
                host=host, port=port, reason=problem.strerror or problem
            )
        ) from None
    return listening
