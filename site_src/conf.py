"""Sphinx configuration of the course website (`make site` -> site/).

scripts/build_site.py lays the pages out in build/site_src (the home page from
lessons/README.md, the saved lessons as they are) and builds them with this file.
myst-nb reads the saved notebooks without running them. Nothing on a page is fetched
from outside the site: MathJax is copied in from the jupyter-server-mathjax package,
the theme (alabaster) uses the reader's own fonts, and the live map's module is copied
in from the package.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import jupyter_server_mathjax

project = "bpwidgets"
author = "bpwidgets"
copyright = "bpwidgets authors"
root_doc = "index"

extensions = ["myst_nb"]
nb_execution_mode = "off"                   # the saved outputs are the pages' pictures
nb_ipywidgets_js = {}                        # no widget manager from a CDN: the saved pictures show
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True              # $$...$$ inside a paragraph, as JupyterLab shows it
myst_update_mathjax = False                  # the MathJax 2 configuration below is the whole of it
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

html_theme = "alabaster"
html_theme_options = {"page_width": "1240px", "sidebar_width": "230px", "font_family": "sans-serif",
                      "head_font_family": "sans-serif", "show_relbars": True,
                      "body_max_width": "none"}   # room for the live map and the surface side by side
html_title = "bpwidgets: learn backpropagation"
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["bp_site.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False

# MathJax 2 from an installed package (jupyter-server-mathjax, as classic Jupyter used it), with
# its STIX-Web web fonts copied in beside it: nothing typeset needs a font from elsewhere.
# `$...$` is typeset only in maths and in outputs (the exercises' HTML), as JupyterLab does.
MATHJAX_DIR = Path(jupyter_server_mathjax.__file__).parent / "static"
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    "tex2jax": {"inlineMath": [["$", "$"], ["\\(", "\\)"]], "displayMath": [["$$", "$$"], ["\\[", "\\]"]],
                "processEscapes": True, "ignoreClass": "document", "processClass": "math|output|bp-maths"},
    "HTML-CSS": {"availableFonts": [], "preferredFont": None, "webFont": "STIX-Web", "imageFont": None},
    "showMathMenu": False,
    "messageStyle": "none",
}
# the parts of MathJax (12 MB in all) that this configuration loads: about 2.5 MB
MATHJAX_PARTS = ["MathJax.js", "LICENSE", "config/TeX-AMS-MML_HTMLorMML-full.js", "extensions/MathMenu.js",
                 "extensions/MathZoom.js", "extensions/MathEvents.js", "extensions/TeX", "extensions/HTML-CSS",
                 "jax/input/TeX", "jax/output/HTML-CSS", "jax/element", "fonts/HTML-CSS/STIX-Web/woff",
                 "localization/en"]

# Where "Run this lesson" points: the repository the site is published from (the workflow sets it).
REPO = os.environ.get("BP_SITE_REPO", "ORG/bpwidgets")
BRANCH = os.environ.get("BP_SITE_BRANCH", "main")
LANDSCAPE_MODULE = Path(__file__).resolve().parents[1] / "bpwidgets" / "views" / "_landscape_map.js"


def run_links(pagename):
    """The Binder, local and hub ways to run one lesson (the README's forms of the links)."""
    notebook = f"lessons/{pagename}.ipynb"
    binder = f"https://mybinder.org/v2/gh/{REPO}/{BRANCH}?urlpath=lab/tree/{notebook}"
    folder = REPO.split("/")[-1]
    hub = ("https://HUB/hub/user-redirect/git-pull?repo=" + quote(f"https://github.com/{REPO}", safe="")
           + f"&branch={BRANCH}&urlpath=" + quote(f"lab/tree/{folder}/{notebook}", safe=""))
    links = {"binder": binder, "hub": hub, "notebook": f"{pagename}.ipynb"}
    if pagename == "explorer":
        links["voila"] = f"https://mybinder.org/v2/gh/{REPO}/{BRANCH}?urlpath=voila/render/{notebook}"
    return links


def _page_context(app, pagename, templatename, context, doctree):
    if doctree is not None and (Path(app.srcdir) / f"{pagename}.ipynb").exists():
        context["bp_run"] = run_links(pagename)


def _copy_assets(app, exception):
    """MathJax and the widget's own ES module into _static (the build takes them from the packages)."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for part in MATHJAX_PARTS:
        source, target = MATHJAX_DIR / part, static / "mathjax" / part
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    shutil.copy2(LANDSCAPE_MODULE, static / "landscape_map.js")


def setup(app):
    app.set_html_assets_policy("always")   # MathJax on every page: outputs hold $...$ too
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_assets)
