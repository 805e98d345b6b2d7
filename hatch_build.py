"""Installs the pages' front-end libraries (HTMX, Chart.js) from the npm registry when the
package is built or installed (`pip install -e .` too), and copies the files the pages serve
into src/loyalty/web/pages/static/vendor. Nothing third-party is committed; nothing loads from a
CDN at run time. The versions are pinned in frontend/package.json and its lock file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# What the pages load, from where npm puts it.
VENDOR_FILES = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}


class FrontEndLibraries(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        frontend = root / "frontend"
        vendor = root / "src" / "loyalty" / "web" / "pages" / "static" / "vendor"
        modules = frontend / "node_modules"
        if not all((modules / source).is_file() for source in VENDOR_FILES.values()):
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError("The pages need HTMX and Chart.js from the npm registry, and npm is not installed "
                                   "(apt-get install -y npm, or install Node.js).")
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=frontend, check=True)
        vendor.mkdir(parents=True, exist_ok=True)
        for name, source in VENDOR_FILES.items():
            shutil.copyfile(modules / source, vendor / name)
        if version != "editable":  # a wheel carries the copies; an editable install reads them in place
            for name in VENDOR_FILES:
                build_data["force_include"][str(vendor / name)] = f"loyalty/web/pages/static/vendor/{name}"
