"""The shells: the typer CLI, the chat REPL and plain-text rendering. They format output and
set exit codes; every answer, index and check comes from the Assistant."""
