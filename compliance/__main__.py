from compliance.cli import run

run()
