"""`python -m claimscope.cli`: the same as the `claimscope` command."""

from claimscope.cli.app import main

main()
