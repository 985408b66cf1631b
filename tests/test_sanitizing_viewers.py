"""The saved lessons read where HTML outputs are sanitized (GitHub, nbviewer-like sites, course
websites): every widget that holds a figure still shows its picture, and no markup shows as text.

The viewer is modelled as those sites work: each output shows its richest type (nbconvert's
order); a text/html output goes through an allowlist like GitHub's (tables, text formatting,
<img> only with an http(s) or relative source; no style attribute, no data: URI); an image/png
output is shown as an image.
"""
import html
import html.parser
import re
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter

LESSONS = sorted((Path(__file__).resolve().parent.parent / "lessons").glob("*.ipynb"))
PRIORITY = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain"]
# what a view that holds a figure says first in its description (text/plain)
FIGURE_VIEWS = ("Cost landscape", "Network diagram", "Wiggle probe", "Training:", "Explorer:",
                "Optimizer race", "Vanishing gradients")
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "br", "b", "i", "strong", "em", "a", "pre", "code",
                "img", "tt", "div", "ins", "del", "sup", "sub", "p", "ol", "ul", "table", "thead", "tbody",
                "tfoot", "blockquote", "dl", "dt", "dd", "kbd", "q", "samp", "var", "hr", "li", "tr", "td",
                "th", "s", "strike", "summary", "details", "caption", "figure", "figcaption", "abbr",
                "cite", "dfn", "mark", "small", "span", "wbr"}
ALLOWED_ATTRIBUTES = {"img": {"src", "alt", "width", "height", "title"}, "a": {"href", "title"},
                      "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align"}}
MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


class Sanitizer(html.parser.HTMLParser):
    """An allowlist sanitizer: keeps allowed tags and attributes, drops the rest (and the
    content of script and style elements); records what it dropped that a reader would miss
    (tags, style attributes, images, data: URIs; a class or id is dropped unnoticed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.kept, self.text, self.dropped, self.skipping = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        if tag not in ALLOWED_TAGS:
            self.dropped.append(tag)
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()):
                if name == "style":
                    self.dropped.append(f"{tag}[style]")
            elif name in ("src", "href") and not re.match(r"(https?://|[./\w])", value or "") \
                    or re.match(r"\s*(data|javascript):", value or "", re.I):
                self.dropped.append(f"{tag}[{name}={value[:20]}...]")
                if tag == "img":
                    return   # an image without its source is not shown at all
            else:
                kept.append((name, value))
        self.kept.append((tag, kept))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(data)


def sanitized(markup):
    sanitizer = Sanitizer()
    sanitizer.feed(markup)
    sanitizer.close()
    return sanitizer


def shown(output):
    """(mime type, data) a viewer shows for this output."""
    data = output.get("data", {})
    if output.output_type == "stream":
        return "text/plain", output.text
    kind = next((k for k in PRIORITY if k in data), None)
    return kind, data.get(kind)


def widget_outputs(nb):
    """(cell index, output) of every display of a view that holds a figure."""
    return [(i, o) for i, cell in enumerate(nb.cells) if cell.cell_type == "code" for o in cell.outputs
            if str(o.get("data", {}).get("text/plain", "")).startswith(FIGURE_VIEWS)]


def pictures_shown(nb):
    """How many widget cells with a figure still show a picture through the sanitizing viewer."""
    count = 0
    for _, output in widget_outputs(nb):
        kind, data = shown(output)
        if kind == "image/png":
            count += 1
        elif kind == "text/html":
            count += any(tag == "img" for tag, _ in sanitized(data).kept)
    return count


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_sanitizing_viewer_shows_every_widget_picture_and_no_markup_as_text(path):
    nb = nbformat.read(path, as_version=4)
    widgets = widget_outputs(nb)
    for index, output in widgets:
        kind, data = shown(output)
        assert kind == "image/png", (index, sorted(output.data))   # the picture, not HTML that wins over it
        assert output.metadata["image/png"]["alt"] == output.data["text/plain"]
    assert pictures_shown(nb) == len(widgets)
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            kind, data = shown(output)
            if kind == "text/html":
                result = sanitized(data)
                lost = [d for d in result.dropped if not d.endswith("[style]")]
                assert not lost, (i, lost)   # no image with a data: URI, no tag the viewer drops
                if 'class="bp-static"' in data:   # a widget's tables: nothing in them needs a style
                    assert not result.dropped, (i, result.dropped)
                text = "".join(result.text)
            else:
                text = data if isinstance(data, str) and kind.startswith("text/") else ""
            assert not MARKUP.search(text), (i, MARKUP.search(text).group(0))   # markup shown as text


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_nbconvert_html_shows_each_picture_with_its_description(path):
    """nbconvert (classic template: it writes the alt from the output's metadata) renders each
    widget picture as an <img> whose alt is the widget's description."""
    nb = nbformat.read(path, as_version=4)
    page, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    images = [tag for tag in re.findall(r"<img\b[^>]*>", page) if 'src="data:image/png;base64,' in tag]
    alts = [html.unescape(m.group(1)) for m in (re.search(r'alt="([^"]*)"', tag) for tag in images) if m]
    for _, output in widget_outputs(nb):
        assert output.data["text/plain"] in alts


def test_every_widget_with_a_figure_in_the_lessons_is_counted():
    """Twelve displays of a view with a figure across the lessons (and the Explorer app), all shown."""
    counts = {p.stem: len(widget_outputs(nbformat.read(p, as_version=4))) for p in LESSONS}
    assert sum(counts.values()) == 12, counts
    assert sum(pictures_shown(nbformat.read(p, as_version=4)) for p in LESSONS) == 12


def test_lesson_files_stay_under_one_and_a_half_megabytes():
    sizes = {p.name: p.stat().st_size for p in LESSONS}
    assert len(sizes) == 12 and max(sizes.values()) < 1.5e6, sizes   # ten lessons and two apps
