"""The `marsad` command: thin shells over service.py, with errors for people.

Each module here registers one family of commands on the group in `base.py`.

Exit codes: 0 every input went through; 2 some input failed (named on stderr,
kept in quarantine); 3 bad query; 4 archive problem; 5 unknown id; 7 the Dask cluster is unreachable or went away; 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from marsad.cli import archive  # noqa: F401  (registers its commands)
from marsad.cli import export  # noqa: F401
from marsad.cli import migrate  # noqa: F401
from marsad.cli import alerts  # noqa: F401  (registers its commands)
from marsad.cli import sources  # noqa: F401  (registers its commands)
from marsad.cli import stories  # noqa: F401  (registers its commands)
from marsad.cli.base import cli, fail
from marsad.errors import MarsadError

__all__ = ["cli", "main"]


def main(argv: Iterable[str] | None = None) -> None:
    """Entry point: run the CLI, turning our errors into one line and an exit code."""
    try:
        args = list(argv) if argv is not None else None
        code = cli.main(args=args, prog_name="marsad", standalone_mode=False)
    except MarsadError as error:
        fail(str(error))
        sys.exit(error.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        fail("interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        fail("interrupted; the archive is consistent, rerun the same command to finish")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    if isinstance(code, int) and code:
        sys.exit(code)
