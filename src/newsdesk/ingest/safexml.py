"""One XML parser setting for every untrusted XML document (sitemaps, OPML).

No entity expansion (billion laughs), no DTD loading or network access (XXE), no huge-tree
mode (lxml's own limits on depth and text size stay on).
"""

from __future__ import annotations

from lxml import etree


def parse_xml(body: bytes, *, recover: bool = False) -> etree._Element | None:
    """Parse untrusted XML; None when it is not XML at all.

    Raises:
        etree.XMLSyntaxError: the document is malformed (only when ``recover`` is False).
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )
    root = etree.fromstring(body, parser)
    return root if isinstance(root, etree._Element) else None


def local_name(element: etree._Element) -> str:
    """The tag without its namespace, lower-cased; '' for comments and the like."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()
