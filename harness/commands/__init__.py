"""The CLI's larger subcommands, one module each: ``add_arguments(parser)`` and ``run(args)``."""
