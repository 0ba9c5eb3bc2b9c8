from jbz_cli.entry import run

run()
