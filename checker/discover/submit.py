"""The file ``spark-submit`` runs: the ``repcheck`` command line, under the Spark session spark-submit sets up
(see :mod:`checker.discover.spark`). Absolute imports only: spark-submit runs it as a script, not as a module."""

from checker.cli import main

if __name__ == "__main__":
    main(prog_name="repcheck")
