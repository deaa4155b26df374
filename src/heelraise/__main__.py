"""`python -m heelraise` runs the command line."""

from heelraise.cli import main

main()
