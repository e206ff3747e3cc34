from acocontract.cli import main

main()
