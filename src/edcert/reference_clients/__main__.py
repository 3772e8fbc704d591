"""python -m edcert.reference_clients: run the reference clients against the configuration edcert listen gave."""

from __future__ import annotations

import argparse
import sys

from edcert.reference_clients.config import ConfigError, Values, load_config, load_values
from edcert.reference_clients.faults import CLIENT_FAULTS, check_client_fault_names
from edcert.reference_clients.variants import CLIENT_VARIANTS, check_variant_names

SCENARIOS = ("SCA-S1", "SCA-S2", "SCA-S3")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m edcert.reference_clients",
                                     description="The reference Ed-Fi SIS and LinkIt! application, with named faults.")
    parser.add_argument("--config", metavar="FILE", help="the JSON configuration (edcert listen --config-out)")
    parser.add_argument("--suite", choices=("edfi", "linkit", "all"), default="all")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME", help="switch on a named fault")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME",
                        help="take another conformant reading of the documents (see --list-faults)")
    parser.add_argument("--values", metavar="PROFILE.toml", help="the SIS's own system values (a profile's tables)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help="Ed-Fi scenarios to do, in order (default SCA-S1,SCA-S2,SCA-S3)")
    parser.add_argument("--formats", default="json,xml", help="LinkIt! formats, in order (default json,xml)")
    parser.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.list_faults:
        width = max(len(f.name) for f in CLIENT_FAULTS)
        for fault in CLIENT_FAULTS:
            print(f"{fault.name:{width}}  [{fault.api}] {fault.description}")
        print("\nconformant variants (--variant):")
        for name, description in CLIENT_VARIANTS.items():
            print(f"{name:{width}}  {description}")
        return 0
    scenarios = tuple(s.strip() for s in args.scenarios.split(",") if s.strip())
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    try:
        if not args.config:
            raise ConfigError("--config is required")
        switches = check_client_fault_names(args.fault) | check_variant_names(args.variant)
        if any(s not in SCENARIOS for s in scenarios) or any(f not in ("json", "xml") for f in formats):
            raise ConfigError("--scenarios takes SCA-S1,SCA-S2,SCA-S3 and --formats json,xml")
        config = load_config(args.config)
        values = load_values(args.values) if args.values else Values()
    except (ConfigError, ValueError) as exc:
        print(f"reference client: {exc}", file=sys.stderr)
        return 2

    def log(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    try:
        if args.suite in ("edfi", "all") and config.edfi is not None:
            from edcert.reference_clients.edfi_sis import EdfiSis

            EdfiSis(config.edfi, values, config.school_year, switches, log).run(scenarios)
        if args.suite in ("linkit", "all") and config.linkit is not None:
            from edcert.reference_clients.linkit_app import LinkitApp

            LinkitApp(config.linkit, values, switches, log).run(formats)
    except OSError as exc:
        print(f"reference client: the API could not be reached ({exc})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
