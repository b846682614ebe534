"""The `marsad` command run in-process, for the tests of every command family."""

from __future__ import annotations

from marsad.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `marsad ARGS`."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code or 0
    out, err = capsys.readouterr()
    return code, out, err
