"""Entry point for the frozen build: the same command line as ``sipdesk``.

On Windows the bundle is a windowed program, which Windows starts without a console: typed in a
Command Prompt, ``"SIP Desk.exe" --version`` would print nothing. When there is no output to
write to, the program borrows the console of the window it was started from, if there is one.
(Output sent to a pipe or a file, as the build's smoke test does, needs no help.)
"""

import sys


def _borrow_the_console() -> None:
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    attach_parent_process = -1
    if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        return  # started from the Start menu or Explorer: nothing to print to
    if sys.stdout is None:
        sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115


if len(sys.argv) > 1:  # a command or a plan; the window alone never prints
    _borrow_the_console()

from sipdesk.cli import main  # noqa: E402

sys.exit(main())
