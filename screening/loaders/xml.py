"""XML parsing for the list readers.

The standard library's parser neither fetches external entities nor expands them without
bound (expat's protections), which is what an uploaded file needs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import BinaryIO

from screening.loaders import ListFileError


def parse(stream: BinaryIO) -> ET.Element:
    """The root element, with namespaces dropped (editions of a list differ in namespace)."""
    try:
        root = ET.parse(stream).getroot()
    except ET.ParseError as error:
        raise ListFileError(f"not well-formed XML ({error})") from error
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


def text(element: ET.Element | None, path: str) -> str:
    if element is None:
        return ""
    return " ".join((element.findtext(path) or "").split())
