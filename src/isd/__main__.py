from isd.cli import main

main()
