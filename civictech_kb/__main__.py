from civictech_kb.cli import main

main()
