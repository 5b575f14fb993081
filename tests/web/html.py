"""A small HTML reader for the tests (the standard library's parser)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """Every element with its attributes and the text inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in {"input", "meta", "link", "br", "img", "hr", "line", "circle", "rect"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def all(self, tag: str, **attrs: str) -> list[Element]:
        """Elements of ``tag`` whose attributes hold these values (``class_`` for class;
        a class matches when it is one of the element's classes)."""
        found = []
        for element in self.elements:
            if element.tag != tag:
                continue
            ok = True
            for key, value in attrs.items():
                name = key.rstrip("_").replace("_", "-")
                actual = element.attrs.get(name)
                if name == "class":
                    ok = ok and actual is not None and value in actual.split()
                else:
                    ok = ok and actual == value
            if ok:
                found.append(element)
        return found

    def one(self, tag: str, **attrs: str) -> Element:
        found = self.all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_accessible_basics(html: str) -> Page:
    """A title, the landmarks (header, nav, main), a label for every form control."""
    page = parse(html)
    assert page.all("title")[0].text.strip()  # the page's; SVG marks have their own
    assert page.all("header")
    assert page.all("nav")
    assert page.one("main")
    labelled = {label.attrs.get("for") for label in page.all("label")}
    for tag in ("input", "select", "textarea"):
        for control in page.all(tag):
            if control.attrs.get("type") in {"hidden", "submit"}:
                continue
            assert control.attrs.get("id") in labelled or control.attrs.get("aria-label"), (
                f"unlabelled {tag}: {control.attrs}"
            )
    assert page.one("html").attrs.get("lang") == "en"
    return page
