"""Import a module from an unpacked package and report what Python compiled from source.

    python -s bytecode_probe.py PACKAGE_DIR MODULE [PATH...]

Run with PYTHONDONTWRITEBYTECODE=1 and PACKAGE_DIR on PYTHONPATH. Python compiles a module
from source (SourceLoader.source_to_code) only when its cached bytecode is missing or no
longer valid; the hook records every such module under PACKAGE_DIR. With PATHs, the module's
`handler` then answers one HTTP API v2 GET of each path, and their modules count too.
Prints JSON: what was compiled, how many modules the package supplied, the answers' statuses.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import sys

PACKAGE = sys.argv[1]
compiled_from_source: list[str] = []
_source_to_code = importlib.machinery.SourceFileLoader.source_to_code


def _recording_source_to_code(self, data, path, *args, **kwargs):
    if str(path).startswith(PACKAGE):
        compiled_from_source.append(str(path)[len(PACKAGE) :].lstrip("/"))
    return _source_to_code(self, data, path, *args, **kwargs)


importlib.machinery.SourceFileLoader.source_to_code = _recording_source_to_code


def v2_get(path: str) -> dict:
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": "localhost", "x-forwarded-proto": "https"},
        "requestContext": {
            "http": {
                "method": "GET",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.1",
            },
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }


def main() -> None:
    module = importlib.import_module(sys.argv[2])
    statuses = [module.handler(v2_get(path), None)["statusCode"] for path in sys.argv[3:]]
    from_package = [
        name
        for name, loaded in list(sys.modules.items())
        if (getattr(loaded, "__file__", None) or "").startswith(PACKAGE)
    ]
    print(
        json.dumps(
            {
                "compiled_from_source": compiled_from_source,
                "modules_from_package": len(from_package),
                "dont_write_bytecode": sys.flags.dont_write_bytecode,
                "status": statuses[0] if statuses else None,
                "statuses": statuses,
            }
        )
    )


if __name__ == "__main__":
    main()
