"""A pytest plugin (`-p tests.styrmodell.without_harfbuzz_subset`) that makes this machine look like one without
libharfbuzz-subset: every attempt to load it fails, as it does where Debian's libharfbuzz-subset0 is not installed.
WeasyPrint then warns when it is imported (a DeprecationWarning)."""

from __future__ import annotations

import cffi

_real_dlopen = cffi.FFI.dlopen


def _dlopen_without_subset(self, name, *args, **kwargs):
    if name and "harfbuzz-subset" in str(name):
        raise OSError(f"cannot load library '{name}' (hidden for this test)")
    return _real_dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = _dlopen_without_subset
