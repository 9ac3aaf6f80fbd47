"""Lets python3 import `.asy` files as Python source.

The oracle runs conformance cases under python3 to record their expected
output. A multi-file case (a folder with `main.asy`) imports its other
`.asy` files, which python3 would not find: this file, put on PYTHONPATH
by the test harness, makes the path finder treat `.asy` like `.py`.
Python imports `sitecustomize` at startup, before the script runs.

Single-file cases share a folder, which is first on python3's sys.path:
name a case so that it is not taken for a module something imports
(`uses_heapq.asy`, not `heapq.asy`).
"""

import sys
from importlib import machinery
from importlib._bootstrap_external import _get_supported_file_loaders

_loaders = [(machinery.SourceFileLoader, [".asy"])] + _get_supported_file_loaders()
sys.path_hooks[:] = [
    machinery.FileFinder.path_hook(*_loaders) if "FileFinder" in getattr(hook, "__qualname__", "") else hook
    for hook in sys.path_hooks
]
sys.path_importer_cache.clear()
