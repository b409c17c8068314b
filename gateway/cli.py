"""Command line: `python -m gateway.cli token --role citizen` prints a token for the embedded default."""

from __future__ import annotations

import argparse
import sys

from gateway.identity import DEVELOPMENT_IDENTITIES, development_private_key, issue_development_token
from gateway.settings import Settings


def print_token(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.environment == "production" or settings.jwt_public_keys:
        print("Tokens are printed only for the embedded default's development key.", file=sys.stderr)
        return 2
    overrides = {k: v for k, v in {"unit": args.unit, "sub": args.subject, "portal": args.portal}.items() if v}
    key = development_private_key(settings.dev_key_file)
    print(issue_development_token(key, settings.jwt_issuer, settings.jwt_audience, args.role, **overrides))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gateway.cli", description=__doc__)
    commands = parser.add_subparsers(required=True)
    token = commands.add_parser("token", help="print a bearer token for a role (development key only)")
    token.add_argument("--role", choices=sorted(DEVELOPMENT_IDENTITIES), default="citizen")
    token.add_argument("--unit", help="an employee's unit code (default BIN)")
    token.add_argument("--subject", help="a citizen's FİN, or an employee's id")
    token.add_argument("--portal", choices=["e-gov", "azersu", "e-su"], help="a citizen's portal")
    token.set_defaults(run=print_token)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
