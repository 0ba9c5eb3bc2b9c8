from jbz_cli.entry import main

main()
