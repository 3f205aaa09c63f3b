"""`python -m rag` is the `rag` command."""

from rag.shell.cli import main

main()
