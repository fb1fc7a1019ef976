"""`python -m claimscope`: the same as the `claimscope` command, for a checkout not installed."""

from claimscope.cli import main

if __name__ == "__main__":
    main()
